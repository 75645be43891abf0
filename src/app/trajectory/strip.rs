//! The event strip above the plots: imaging milestones (click selects the study), clinical
//! events, episodes, notes, guideline marks and teaching stops, each through playback's gate.

use egui_plot::{MarkerShape, PlotPoint, Points, Span, Text};

use super::TrajectoryState;
use super::guideline_marks::strip_guidelines_ui;
use super::plot_common::{
    PlotInputs, PlotsInteraction, STRIP_HEIGHT, base_plot, guideline_hover_ui, record_pointer,
};
use super::reveal::{OverlayKind, look_color};
use crate::analysis::overlays::Look;
use crate::app::theme::{NOTE_COLOR, episode_color};

pub(super) fn strip_ui(
    ui: &mut egui::Ui,
    inputs: &PlotInputs<'_>,
    state: &mut TrajectoryState,
    link_group: egui::Id,
    interaction: &mut PlotsInteraction,
) {
    let document = inputs.document;
    let timeline = document.timeline();
    let selected = state.highlighted_study.clone();
    let pending = state.pending_x_range;
    // Light grey on the dark theme, dark grey on the light one: readable on both.
    let strip_gray = ui.visuals().strong_text_color().gamma_multiply(0.8);
    let mut milestone_positions: Vec<(f64, String)> = Vec::new();
    let response = base_plot("trajectory_strip", timeline, state.axis_mode, link_group)
        .height(STRIP_HEIGHT)
        .show_axes([false, false])
        .show_grid([true, false])
        .show_y(false)
        .include_y(0.0)
        .include_y(1.0)
        .show(ui, |plot_ui| {
            if let Some((start, end)) = pending {
                plot_ui.set_plot_bounds_x(start..=end);
            }
            plot_ui.set_plot_bounds_y(0.0..=1.0);
            // Placed once per edit; undated studies have no place on the strip.
            for &(position, index) in document.studies_in_time_order() {
                let (Some(position), Some(milestone)) =
                    (position, document.case().milestones.get(index))
                else {
                    continue;
                };
                let Some(look) = inputs.gate.at(OverlayKind::ImagingMilestone, position) else {
                    continue;
                };
                let is_selected = selected.as_deref() == Some(milestone.label.as_str());
                let color = look_color(
                    look,
                    if is_selected {
                        crate::app::theme::SELECTED_STUDY_COLOR
                    } else {
                        strip_gray
                    },
                );
                plot_ui.points(
                    Points::new(
                        format!("Imaging {}", milestone.label),
                        vec![[position, 0.72]],
                    )
                    .shape(MarkerShape::Square)
                    .radius(if is_selected { 6.0 } else { 4.5 })
                    .color(color),
                );
                plot_ui.text(
                    Text::new(
                        milestone.label.clone(),
                        PlotPoint::new(position, 0.35),
                        milestone.label.clone(),
                    )
                    .color(color),
                );
                if look == Look::Plain {
                    milestone_positions.push((position, milestone.label.clone()));
                }
            }
            for event in &document.case().events {
                let Ok(position) = timeline.position(event.time) else {
                    continue;
                };
                if let Some(look) = inputs.gate.at(OverlayKind::ClinicalEvent, position) {
                    plot_ui.points(
                        Points::new("Events", vec![[position, 0.95]])
                            .shape(MarkerShape::Diamond)
                            .radius(3.5)
                            .color(look_color(look, strip_gray)),
                    );
                }
            }
            for (episode, piece) in inputs
                .gate
                .episode_pieces(document.case(), document.episode_spans())
            {
                plot_ui.span(
                    Span::new(episode.label.clone(), piece.start..=piece.end)
                        .fill(look_color(piece.look, episode_color(episode.kind)))
                        .border_width(0.0)
                        .label_align(egui::Align2::CENTER_BOTTOM),
                );
            }
            // Notes pinned to a time; those pinned to a sample sit on their marker's plot.
            let notes = document
                .placed_notes()
                .iter()
                .filter(|note| note.marker.is_none());
            for note in notes {
                if let Some(look) = inputs.gate.at(OverlayKind::Note, note.position) {
                    plot_ui.text(
                        Text::new("Notes", PlotPoint::new(note.position, 0.1), "✎")
                            .color(look_color(look, NOTE_COLOR)),
                    );
                }
            }
            if let Some(guidelines) = &inputs.guidelines {
                strip_guidelines_ui(plot_ui, guidelines, &inputs.gate);
            }
            super::teaching::strip_stops_ui(plot_ui, &inputs.stops, &inputs.gate);
            plot_ui.pointer_coordinate()
        });
    state.strip_rect = Some(response.response.rect);
    record_pointer(&response.response, response.inner, interaction);
    if let Some(pointer) = response.inner {
        guideline_hover_ui(
            &response.response,
            &response.transform,
            pointer.x,
            inputs,
            None,
        );
        episode_hover_ui(&response.response, pointer.x, inputs);
    }
    if response.response.clicked()
        && let Some(pointer) = response.response.interact_pointer_pos()
    {
        // The milestone nearest the click, if within a few pixels.
        let nearest = milestone_positions.iter().min_by(|left, right| {
            let distance = |position: f64| {
                (response
                    .transform
                    .position_from_point(&PlotPoint::new(position, 0.5))
                    .x
                    - pointer.x)
                    .abs()
            };
            distance(left.0).total_cmp(&distance(right.0))
        });
        if let Some((position, label)) = nearest {
            let screen_x = response
                .transform
                .position_from_point(&PlotPoint::new(*position, 0.5))
                .x;
            if (screen_x - pointer.x).abs() < 10.0 {
                interaction.clicked_milestone = Some(label.clone());
            }
        }
    }
}

/// Episode names are cut to the width of their span on the strip ("First c…"): the pointer
/// over an episode shows its whole name, kind and days.
fn episode_hover_ui(response: &egui::Response, pointer_x: f64, inputs: &PlotInputs<'_>) {
    let document = inputs.document;
    let texts: Vec<String> = document
        .episode_spans()
        .iter()
        .filter(|&&(_, start, end)| {
            inputs.gate.reached(start)
                && inputs.gate.reached(pointer_x)
                && pointer_x >= start
                && pointer_x <= end + 1.0
        })
        .filter_map(|&(index, _, _)| document.case().episodes.get(index))
        .map(|episode| format!("{} ({})", episode.label, episode.span))
        .collect();
    if !texts.is_empty() {
        response.clone().on_hover_ui_at_pointer(|ui| {
            for text in texts {
                ui.label(text);
            }
        });
    }
}
