//! The imaging severity scores of successive studies on a plot of their own, appearing as
//! playback reaches them, on a value range that holds still.

use egui::Color32;
use egui_plot::{Line, PlotPoint, PlotPoints, Points, Text};

use super::TrajectoryState;
use super::plot_common::{PlotInputs, PlotsInteraction, base_plot, record_pointer};
use super::reveal::{OverlayKind, look_color};
use crate::analysis::overlays::Look;
use crate::app::theme::marker_color;

/// The imaging severity scores of successive studies (CT 0–25, chest X-ray Brixia 0–18),
/// shown once any study is scored.
pub(super) fn severity_panel_ui(
    ui: &mut egui::Ui,
    inputs: &PlotInputs<'_>,
    state: &mut TrajectoryState,
    link_group: egui::Id,
    height: f32,
    interaction: &mut PlotsInteraction,
) {
    let points = inputs.document.severity_points();
    if points.is_empty() {
        return;
    }
    // The panel and its value range stay, so the plot holds still while scores appear.
    let highest = points
        .iter()
        .map(|point| point.score)
        .fold(0.0_f64, f64::max);
    let y_range = (0.0, (highest * 1.15).max(1.0));
    ui.label(
        egui::RichText::new("Imaging severity score (CT 0–25 · chest X-ray Brixia 0–18)").strong(),
    );
    let timeline = &inputs.document.timeline();
    let pending = state.pending_x_range;
    let response = base_plot("trajectory_severity", timeline, state.axis_mode, link_group)
        .height(height)
        .y_axis_label("score")
        .show(ui, |plot_ui| {
            if let Some((start, end)) = pending {
                plot_ui.set_plot_bounds_x(start..=end);
            }
            plot_ui.set_plot_bounds_y(y_range.0..=y_range.1);
            for (modality, color) in [
                (crate::model::Modality::Ct, marker_color(0)),
                (crate::model::Modality::ChestXray, marker_color(1)),
            ] {
                // A study's score appears when the sweep reaches it, like every other mark.
                let shown: Vec<([f64; 2], Look, String)> = points
                    .iter()
                    .filter(|point| point.modality == modality)
                    .filter_map(|point| {
                        let look = inputs.gate.at(OverlayKind::SeverityScore, point.position)?;
                        let label = format!("{} {}", point.label, point.score);
                        Some(([point.position, point.score], look, label))
                    })
                    .collect();
                let name = format!("{} score", modality.label());
                severity_lines_ui(plot_ui, &name, color, &shown);
                for (point, look, label) in shown {
                    let color = look_color(look, color);
                    plot_ui.points(
                        Points::new(name.clone(), vec![point])
                            .color(color)
                            .radius(4.0)
                            .filled(true),
                    );
                    plot_ui.text(
                        Text::new("Labels", PlotPoint::new(point[0], point[1]), label)
                            .anchor(egui::Align2::LEFT_BOTTOM)
                            .color(color),
                    );
                }
            }
            plot_ui.pointer_coordinate()
        });
    state.plot_rects.push(response.response.rect);
    interaction.value_ranges.push(y_range);
    record_pointer(&response.response, response.inner, interaction);
}

/// The line through the scores reached, and (when fading) a faded line on from the last of
/// them through the later ones.
fn severity_lines_ui(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    name: &str,
    color: Color32,
    shown: &[([f64; 2], Look, String)],
) {
    let plain: Vec<[f64; 2]> = shown
        .iter()
        .filter(|(_, look, _)| *look == Look::Plain)
        .map(|(point, _, _)| *point)
        .collect();
    let later: Vec<[f64; 2]> = plain
        .last()
        .copied()
        .into_iter()
        .chain(
            shown
                .iter()
                .filter(|(_, look, _)| *look == Look::Faded)
                .map(|(point, _, _)| *point),
        )
        .collect();
    for (line, look) in [(plain, Look::Plain), (later, Look::Faded)] {
        if line.len() > 1 {
            plot_ui.line(
                Line::new(name.to_owned(), PlotPoints::from(line))
                    .color(look_color(look, color))
                    .width(1.5),
            );
        }
    }
}
