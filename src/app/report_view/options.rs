//! The export options: report format, de-identification, figure density, format, width and
//! time axis, and the trajectory markers — the same choices as `caselens export` and
//! `caselens figure` offer.

use std::ops::RangeInclusive;

use egui::RichText;

use super::ReportState;
use crate::analysis::time_axis::AxisMode;
use crate::model::{Case, Timeline};
use crate::report::ReportFormat;
use crate::report::figures::{self, FigureFormat};

impl ReportState {
    /// Pixels per inch of the exported figure in the chosen format.
    pub(super) fn export_density(&self) -> f64 {
        self.figure_options().density(self.figure_format)
    }

    /// The widths the exported figure accepts: 3 to 20 inches at its density.
    pub fn width_range(&self) -> RangeInclusive<u32> {
        let density = self.export_density();
        let lowest = (figures::MIN_WIDTH_INCHES * density).ceil() as u32;
        let highest = (figures::MAX_WIDTH_INCHES * density).floor() as u32;
        lowest..=highest.max(lowest)
    }
}

pub(super) fn options_ui(
    ui: &mut egui::Ui,
    case: &Case,
    timeline: &Timeline,
    state: &mut ReportState,
) {
    ui.heading("Export options");
    ui.horizontal(|ui| {
        ui.label("Format");
        for format in ReportFormat::ALL {
            ui.selectable_value(&mut state.format, format, format.label());
        }
    });
    ui.checkbox(
        &mut state.deidentify,
        "De-identify (days instead of dates, no identifying fields)",
    );
    ui.checkbox(&mut state.include_figures, "Include figures");
    ui.horizontal(|ui| {
        ui.checkbox(
            &mut state.cohort_bands,
            "Cohort bands in the trajectory figure",
        )
        .on_hover_text(
            "Survivors' and non-survivors' median and IQR by hospital day from the reference cohort, with a legend naming it",
        );
        if state.cohort_bands {
            match crate::app::cohort_reference::loaded(ui.ctx()) {
                Some(reference) => {
                    ui.label(RichText::new(&reference.cohort.name).weak())
                        .on_hover_text(&reference.cohort.attribution);
                }
                None => {
                    ui.spinner();
                }
            }
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Figure DPI");
        ui.add(
            egui::DragValue::new(&mut state.dpi)
                .range(72..=1200)
                .speed(10),
        )
        .labelled_by(label.id);
        ui.label("Figure format");
        ui.selectable_value(&mut state.figure_format, FigureFormat::Png, "PNG");
        ui.selectable_value(&mut state.figure_format, FigureFormat::Svg, "SVG");
    });
    width_ui(ui, state);
    axis_ui(ui, timeline, state);
    markers_ui(ui, case, state);
}

/// The exported figure's width in pixels; by default 7 inches at its density.
fn width_ui(ui: &mut egui::Ui, state: &mut ReportState) {
    let range = state.width_range();
    let density = state.export_density();
    // A change of density can leave a chosen width outside what the figure accepts.
    if let Some(width) = state.width_px.as_mut() {
        *width = (*width).clamp(*range.start(), *range.end());
    }
    ui.horizontal(|ui| {
        let label = ui.label("Figure width");
        let default_width = (figures::DEFAULT_WIDTH_INCHES * density).round() as u32;
        let mut width = state.width_px.unwrap_or(default_width);
        let changed = ui
            .add(
                egui::DragValue::new(&mut width)
                    .range(range.clone())
                    .speed(10)
                    .suffix(" px"),
            )
            .labelled_by(label.id)
            .changed();
        if changed {
            state.width_px = Some(width);
        }
        ui.label(RichText::new(format!("{:.1} in", f64::from(width) / density)).weak());
        if state.width_px.is_some() && ui.button("Default (7 in)").clicked() {
            state.width_px = None;
        }
    })
    .response
    .on_hover_text(format!(
        "Width of the exported figure file, {} to {} px at this density; reports embed figures at their default width.",
        range.start(),
        range.end()
    ));
}

/// The time axis of the figures, among the modes the case's anchors allow.
fn axis_ui(ui: &mut egui::Ui, timeline: &Timeline, state: &mut ReportState) {
    let shown = state.figure_options().axis_mode(timeline);
    ui.horizontal(|ui| {
        ui.label("Time axis");
        for mode in AxisMode::ALL {
            if !mode.is_available(timeline) {
                continue;
            }
            let hidden_by_deidentify = state.deidentify && mode == AxisMode::CalendarDate;
            let response = ui
                .add_enabled(
                    !hidden_by_deidentify,
                    egui::Button::selectable(shown == mode, mode.label()),
                )
                .on_disabled_hover_text("De-identified figures show days, never dates.");
            if response.clicked() {
                state.axis = Some(mode);
            }
        }
    });
}

fn markers_ui(ui: &mut egui::Ui, case: &Case, state: &mut ReportState) {
    ui.label(RichText::new("Trajectory markers").strong());
    let available: Vec<(String, String)> = case
        .series
        .iter()
        .filter(|series| !series.samples.is_empty())
        .map(|series| (series.marker.clone(), series.display_name()))
        .collect();
    let mut chosen = state.markers.clone().unwrap_or_else(|| {
        figures::trajectory::DEFAULT_MARKERS
            .iter()
            .filter(|id| available.iter().any(|(marker, _)| marker == *id))
            .map(|id| (*id).to_owned())
            .collect()
    });
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        for (marker, name) in &available {
            let mut shown = chosen.contains(marker);
            if ui.checkbox(&mut shown, name).changed() {
                changed = true;
                if shown {
                    chosen.push(marker.clone());
                } else {
                    chosen.retain(|known| known != marker);
                }
            }
        }
    });
    if changed {
        // Keep the case's series order, which is the order of the panels.
        let order = |marker: &String| available.iter().position(|(known, _)| known == marker);
        chosen.sort_by_key(order);
        state.markers = Some(chosen);
    }
}
