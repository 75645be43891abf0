//! One marker panel of the stacked plots: its title, its value range (the visible data's,
//! or during playback the whole stay's, with the reference interval in view), then what it
//! draws — reference interval, episodes, response windows, interventions, the series,
//! guideline marks, notes and cursors — and what the pointer does over it (context menu,
//! hovers). Everything it reads was placed once per edit by the document; only the visible
//! range's extent is looked up per frame, by binary search in the placed samples.

use egui::Stroke;
use egui_plot::{Axis, GridMark, LineStyle, Plot, PlotPoint, PlotUi, Span, Text, VLine};

use super::TrajectoryState;
use super::draw::{draw_geometry, shorten, split_at};
use super::episodes_editor::episode_context_menu_ui;
use super::guideline_marks::panel_guidelines_ui;
use super::plot_common::{
    DenseDrawing, PanelPlotOutput, PlotInputs, PlotsInteraction, base_plot, guideline_hover_ui,
    intervention_hover_ui, panel_title_ui, record_pointer,
};
use super::reveal::{OverlayKind, look_color};
use super::series_data::PlotSeries;
use crate::analysis::overlays::Look;
use crate::analysis::value_axis::{tick_step as value_tick_step, value_range, value_ticks};
use crate::app::theme::{
    IN_TIME_COLOR, NOTE_COLOR, REFERENCE_FILL, episode_color, intervention_color, marker_color,
    time_cursor_color,
};
use crate::model::{PanelLayout, Provenance, ReferenceInterval};

/// Where a panel sits among the stacked plots.
#[derive(Clone, Copy)]
pub(super) struct PanelPlace {
    pub index: usize,
    pub is_last: bool,
    pub height: f32,
    pub link_group: egui::Id,
}

/// What one panel shows: its series, the interval it shades, its scale.
struct PanelContent<'p, 'a> {
    series: Vec<&'p PlotSeries<'a>>,
    /// Shaded only when the panel holds one series: two markers' intervals would mislead.
    reference: Option<ReferenceInterval>,
    log_scale: bool,
    markers: &'p [String],
}

impl PanelContent<'_, '_> {
    fn transform(&self, value: f64) -> f64 {
        if self.log_scale { value.log10() } else { value }
    }
}

/// What a panel scrolled out of view keeps of its last drawing.
pub(super) struct CulledPanel {
    /// The room it took.
    pub height: f32,
    /// Its plot's rectangle, from the panel's top; `None` when never drawn.
    pub plot_rect: Option<egui::Rect>,
}

/// A panel scrolled out of view: its room, its place in the plots' rectangles and its value
/// range (read from what was derived), but no plot laid out.
pub(super) fn culled_panel_ui(
    ui: &mut egui::Ui,
    inputs: &PlotInputs<'_>,
    panel: &PanelLayout,
    culled: CulledPanel,
    state: &mut TrajectoryState,
    interaction: &mut PlotsInteraction,
) {
    let Some(content) = panel_content(inputs, panel) else {
        return;
    };
    // The title stays, so the plot is found by name (and by a screen reader) wherever the
    // scroll is; only the plot below it is skipped.
    let top = ui.cursor().top();
    panel_title_ui(ui, &content.series, content.log_scale);
    let rest = (top + culled.height - ui.cursor().top()).max(0.0);
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), rest), egui::Sense::hover());
    let plot_rect = culled
        .plot_rect
        .map_or(rect, |plot| plot.translate(egui::vec2(0.0, top)));
    state.plot_rects.push(plot_rect);
    let x_range = state
        .pending_x_range
        .or(state.visible_x_range)
        .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
    interaction
        .value_ranges
        .extend(value_range_step(inputs, &content, x_range));
}

/// The series of `panel` that the case has, with the interval to shade; `None` when the
/// case has none of its markers.
fn panel_content<'p, 'a>(
    inputs: &'p PlotInputs<'a>,
    panel: &'p PanelLayout,
) -> Option<PanelContent<'p, 'a>> {
    let series: Vec<&PlotSeries<'_>> = panel
        .markers
        .iter()
        .filter_map(|marker| inputs.series.iter().find(|s| &s.series.marker == marker))
        .collect();
    let first = series.first().copied()?;
    Some(PanelContent {
        reference: if series.len() == 1 {
            first.reference
        } else {
            None
        },
        series,
        log_scale: panel.log_scale,
        markers: &panel.markers,
    })
}

pub(super) fn panel_ui(
    ui: &mut egui::Ui,
    inputs: &PlotInputs<'_>,
    panel: &PanelLayout,
    place: PanelPlace,
    state: &mut TrajectoryState,
    interaction: &mut PlotsInteraction,
) {
    let timeline = inputs.document.timeline();
    let Some(content) = panel_content(inputs, panel) else {
        return;
    };
    let Some(first) = content.series.first().copied() else {
        return;
    };
    let cohort_overlay = ui
        .horizontal(|ui| {
            panel_title_ui(ui, &content.series, content.log_scale);
            super::cohort_bands::toggle_ui(ui, first.series, timeline, &mut state.cohort_bands)
        })
        .inner;
    let columns = (ui.available_width() * ui.ctx().pixels_per_point()).max(1.0) as usize;
    let pending = state.pending_x_range;
    // At a question the class's prediction is drawn with the mouse, so a drag draws rather
    // than pans.
    let drawing = state
        .playback
        .as_ref()
        .is_some_and(|playback| playback.asking.is_some());
    let plot = configured_plot(inputs, &content, first.unit(), place, state, drawing);
    let strokes: Vec<Vec<[f64; 2]>> = super::teaching::strokes_for(state, &first.series.marker)
        .cloned()
        .collect();
    let cursors = cursor_lines(ui.visuals(), state);
    let response = plot.show(ui, |plot_ui| {
        if let Some((start, end)) = pending {
            plot_ui.set_plot_bounds_x(start..=end);
        }
        let bounds = plot_ui.plot_bounds();
        let x_range = (bounds.min()[0], bounds.max()[0]);
        let y_range = value_range_step(inputs, &content, x_range);
        if let Some((low, high)) = y_range {
            plot_ui.set_plot_bounds_y(low..=high);
        }
        if let Some(overlay) = &cohort_overlay {
            let transform = |value: f64| content.transform(value);
            super::cohort_bands::draw_bands(plot_ui, overlay, &transform, &inputs.gate);
        }
        draw_backdrop(plot_ui, inputs, &content);
        draw_series(plot_ui, inputs, &content, x_range, columns);
        draw_notes_and_cursors(plot_ui, inputs, &content, bounds.max()[1], &cursors);
        super::teaching::draw_strokes(plot_ui, &strokes);
        (plot_ui.pointer_coordinate(), x_range, y_range)
    });
    if drawing {
        let pointer = response.inner.0;
        super::teaching::record_stroke(state, &first.series.marker, &response.response, pointer);
    }
    after_plot_ui(
        &response,
        inputs,
        &content,
        state,
        interaction,
        cohort_overlay.as_ref(),
    );
}

/// The panel's plot: the shared time axis, its value axis and ticks.
fn configured_plot<'a>(
    inputs: &'a PlotInputs<'_>,
    content: &PanelContent<'_, '_>,
    unit: &str,
    place: PanelPlace,
    state: &TrajectoryState,
    drawing: bool,
) -> Plot<'a> {
    // In presentation every plot carries its time axis: on a projector only two or three
    // plots fit, and the last one is rarely among them.
    let mut plot = base_plot(
        ("trajectory_panel", place.index),
        inputs.document.timeline(),
        state.axis_mode,
        place.link_group,
    )
    .height(place.height)
    // Labels closer than egui_plot's default 20 points still read on short plots.
    .custom_y_axes(vec![
        egui_plot::AxisHints::new_y()
            .label(unit)
            .label_spacing(14.0..=20.0)
            // One width for every plot, so their time axes line up.
            .min_thickness(60.0)
            .formatter(|mark, _range| crate::analysis::format::tick(mark.value, mark.step_size)),
    ])
    .show_axes([place.is_last || state.presentation, true]);
    if drawing {
        plot = plot.allow_drag([false, false]);
    }
    if content.log_scale {
        plot.y_axis_formatter(|mark, _range| crate::analysis::format::log_tick(mark.value))
    } else {
        // At least three labelled ticks at every plot height, at round values.
        plot.y_grid_spacer(|input| {
            // egui_plot's base step is 8 points; a label wants about 26 to stay legible.
            let min_step = input.base_step_size.abs() / 8.0 * 26.0;
            let ticks = value_ticks(input.bounds.0, input.bounds.1, min_step);
            let step_size = value_tick_step(&ticks);
            ticks
                .into_iter()
                .map(|value| GridMark { value, step_size })
                .collect()
        })
    }
}

/// The value range to show: the visible data's; during playback the whole stay's, so the
/// frame holds still while the curves grow into it; the reference interval always in view.
fn value_range_step(
    inputs: &PlotInputs<'_>,
    content: &PanelContent<'_, '_>,
    x_range: (f64, f64),
) -> Option<(f64, f64)> {
    let timeline = inputs.document.timeline();
    let extent_range = match inputs.reveal_until() {
        Some(_) => (f64::NEG_INFINITY, f64::INFINITY),
        None => x_range,
    };
    let values = content
        .series
        .iter()
        .filter_map(|plot_series| plot_series.value_extent(timeline, extent_range))
        .flat_map(|(low, high)| [low, high])
        .map(|value| content.transform(value));
    let reference_bounds = content.reference.map_or((None, None), |reference| {
        (
            reference.low.map(|low| content.transform(low)),
            reference.high.map(|high| content.transform(high)),
        )
    });
    value_range(values, reference_bounds, content.log_scale)
}

/// Behind the curves: the reference interval, the episodes, the response windows and the
/// interventions, each through playback's gate.
fn draw_backdrop(
    plot_ui: &mut PlotUi<'_>,
    inputs: &PlotInputs<'_>,
    content: &PanelContent<'_, '_>,
) {
    if let Some(reference) = content.reference {
        let low = reference
            .low
            .map_or(f64::NEG_INFINITY, |low| content.transform(low));
        let high = reference
            .high
            .map_or(f64::INFINITY, |high| content.transform(high));
        if low.is_finite() || high.is_finite() {
            plot_ui.span(
                Span::new("", low..=high)
                    .axis(Axis::Y)
                    .fill(REFERENCE_FILL)
                    .border_width(0.0),
            );
        }
    }
    let document = inputs.document;
    // Unnamed here: the event strip labels episodes once for all plots.
    for (episode, piece) in inputs
        .gate
        .episode_pieces(document.case(), document.episode_spans())
    {
        plot_ui.span(
            Span::new("", piece.start..=piece.end)
                .fill(look_color(piece.look, episode_color(episode.kind)))
                .border_width(0.0),
        );
    }
    if let Some((before, after)) = inputs.response_spans {
        for ((start, end), color) in [
            (before, crate::app::theme::CURSOR_B_COLOR),
            (after, IN_TIME_COLOR),
        ] {
            for piece in inputs
                .gate
                .pieces(OverlayKind::ResponseWindow, start, Some(end))
            {
                plot_ui.span(
                    Span::new("", piece.start..=piece.end)
                        .fill(look_color(piece.look, color.gamma_multiply(0.09)))
                        .border_width(0.0),
                );
            }
        }
    }
    for mark in &inputs.marks {
        let color = intervention_color(mark.kind);
        let kind = match mark.end {
            Some(_) => OverlayKind::InterventionCourse,
            None => OverlayKind::InterventionDose,
        };
        for piece in inputs.gate.pieces(kind, mark.start, mark.end) {
            let color = look_color(piece.look, color);
            match mark.end {
                // A course that has started grows with the sweep.
                Some(_) => plot_ui.span(
                    Span::new("", piece.start..=piece.end)
                        .fill(color.gamma_multiply(0.12))
                        .border(Stroke::new(0.5, color.gamma_multiply(0.5))),
                ),
                None => plot_ui.vline(
                    VLine::new(mark.kind.label(), mark.start)
                        .color(color)
                        .width(1.5),
                ),
            }
        }
    }
}

/// The curves: the visible range's geometry; during playback the past plainly and the
/// future faded or not at all; the naive baseline hands over every dense sample.
fn draw_series(
    plot_ui: &mut PlotUi<'_>,
    inputs: &PlotInputs<'_>,
    content: &PanelContent<'_, '_>,
    x_range: (f64, f64),
    columns: usize,
) {
    let timeline = inputs.document.timeline();
    let naive = inputs.dense_drawing == DenseDrawing::EverySample;
    let transform = |value: f64| content.transform(value);
    for (series_index, plot_series) in content.series.iter().enumerate() {
        let color = marker_color(series_index);
        let name = plot_series.name();
        let dashed = plot_series.series.provenance == Provenance::Reconstructed;
        if naive && plot_series.is_dense() {
            let everything = (f64::NEG_INFINITY, f64::INFINITY);
            let geometry = plot_series.geometry(timeline, everything, usize::MAX / 4);
            draw_geometry(plot_ui, name, color, dashed, geometry, &transform);
            continue;
        }
        let Some(until) = inputs.reveal_until() else {
            let geometry = plot_series.geometry(timeline, x_range, columns);
            draw_geometry(plot_ui, name, color, dashed, geometry, &transform);
            continue;
        };
        let (past, future) = split_at(plot_series, timeline, until, x_range, columns);
        draw_geometry(plot_ui, name, color, dashed, past, &transform);
        if inputs.fade_later()
            && let Some(future) = future
        {
            let faded = look_color(Look::Faded, color);
            draw_geometry(plot_ui, name, faded, dashed, future, &transform);
        }
    }
}

/// A cursor's position, name and colour.
type CursorLine = (Option<f64>, &'static str, egui::Color32);

fn cursor_lines(visuals: &egui::Visuals, state: &TrajectoryState) -> [CursorLine; 3] {
    let (cursor_a_color, cursor_b_color) = crate::app::theme::measuring_cursor_colors(visuals);
    [
        (state.cursor_a, "A", cursor_a_color),
        (state.cursor_b, "B", cursor_b_color),
        (state.time_cursor, "Time cursor", time_cursor_color(visuals)),
    ]
}

/// Above the curves: guideline marks, the notes pinned to this panel's markers, cursors.
fn draw_notes_and_cursors(
    plot_ui: &mut PlotUi<'_>,
    inputs: &PlotInputs<'_>,
    content: &PanelContent<'_, '_>,
    top: f64,
    cursors: &[CursorLine],
) {
    if let Some(guidelines) = &inputs.guidelines {
        let transform = |value: f64| content.transform(value);
        panel_guidelines_ui(
            plot_ui,
            guidelines,
            content.markers,
            &transform,
            &inputs.gate,
        );
    }
    let notes = inputs.document.placed_notes().iter().filter(|note| {
        note.marker
            .as_ref()
            .is_some_and(|marker| content.markers.contains(marker))
    });
    for note in notes {
        let Some(look) = inputs.gate.at(OverlayKind::Note, note.position) else {
            continue;
        };
        let label = format!("✎ {}", shorten(&note.text, 32));
        plot_ui.vline(
            VLine::new("Notes", note.position)
                .color(look_color(look, NOTE_COLOR))
                .style(LineStyle::dotted_dense()),
        );
        plot_ui.text(
            Text::new("Notes", PlotPoint::new(note.position, top), label)
                .anchor(egui::Align2::LEFT_TOP)
                .color(look_color(look, NOTE_COLOR)),
        );
    }
    for &(position, name, color) in cursors {
        if let Some(position) = position {
            plot_ui.vline(
                VLine::new(name, position)
                    .color(color)
                    .width(1.2)
                    .style(LineStyle::dashed_dense()),
            );
        }
    }
}

/// What the pointer does over the plot: the context menu (note, cursors, episodes) and the
/// hovers (cohort band, intervention, guideline findings).
fn after_plot_ui(
    response: &egui_plot::PlotResponse<PanelPlotOutput>,
    inputs: &PlotInputs<'_>,
    content: &PanelContent<'_, '_>,
    state: &mut TrajectoryState,
    interaction: &mut PlotsInteraction,
    cohort_overlay: Option<&super::cohort_bands::CohortOverlay>,
) {
    let (pointer, x_range, y_range) = response.inner;
    state.plot_rects.push(response.response.rect);
    interaction.visible_range = Some(x_range);
    interaction.value_ranges.extend(y_range);
    record_pointer(&response.response, pointer, interaction);
    let marker = content.series.first().map(|s| s.series.marker.clone());
    response.response.context_menu(|ui| {
        if let Some(position) = state.context_time {
            if ui.button("Add note here…").clicked() {
                interaction.note_requested = Some((position, marker.clone()));
                ui.close();
            }
            if ui.button("Place cursor A here").clicked() {
                state.cursor_a = Some(position);
                ui.close();
            }
            if ui.button("Place cursor B here").clicked() {
                state.cursor_b = Some(position);
                ui.close();
            }
            ui.separator();
            interaction.episode_edit =
                episode_context_menu_ui(ui, inputs.document, state, position);
        }
    });
    if response.response.secondary_clicked() {
        state.context_time = pointer.map(|point| point.x);
    }
    if let Some(pointer) = pointer {
        if let Some(overlay) = cohort_overlay
            && inputs.gate.reached(pointer.x)
        {
            super::cohort_bands::hover_ui(&response.response, overlay, pointer.x);
        }
        intervention_hover_ui(response, pointer.x, inputs);
        guideline_hover_ui(
            &response.response,
            &response.transform,
            pointer.x,
            inputs,
            Some(content.markers),
        );
    }
}
