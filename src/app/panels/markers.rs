//! The marker summary: one row per series with its unit, sample count, range and provenance.

use egui::RichText;

use crate::analysis::time_axis::{AxisMode, describe_time, format_day};
use crate::app::document::CaseDocument;
use crate::app::theme::ILLUSTRATIVE_COLOR;
use crate::model::Provenance;

pub fn markers_ui(ui: &mut egui::Ui, document: &CaseDocument) {
    let series_list = &document.case().series;
    if series_list.is_empty() {
        ui.label("This case has no lab or vital-sign series yet.");
        return;
    }
    egui::Grid::new("markers_grid")
        .num_columns(7)
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for header in [
                "Marker",
                "Unit",
                "Reference",
                "Samples",
                "Lowest",
                "Highest",
                "Data",
            ] {
                ui.strong(header);
            }
            ui.end_row();
            for series in series_list {
                ui.label(series.display_name());
                ui.label(series.display_unit());
                let case = document.case();
                let reference = ui.label(
                    case.reference_interval(series)
                        .map(|reference| reference.describe())
                        .unwrap_or_else(|| "—".to_owned()),
                );
                if let Some(source) = case.reference_source(series) {
                    reference.on_hover_text(source);
                }
                ui.label(series.samples.len().to_string());
                let finite = series
                    .samples
                    .iter()
                    .filter(|sample| sample.value.is_finite());
                let lowest = finite
                    .clone()
                    .min_by(|left, right| left.value.total_cmp(&right.value));
                let highest = finite.max_by(|left, right| left.value.total_cmp(&right.value));
                for extreme in [lowest, highest] {
                    match extreme {
                        Some(sample) => ui
                            .label(format!(
                                "{} on {}",
                                sample.value,
                                day_label(document, sample.time)
                            ))
                            .on_hover_text(describe_time(document.timeline(), sample.time)),
                        None => ui.label("—"),
                    };
                }
                let provenance = series.provenance;
                let text = RichText::new(provenance.label());
                ui.label(if provenance == Provenance::Reconstructed {
                    text.color(ILLUSTRATIVE_COLOR)
                } else {
                    text
                });
                ui.end_row();
            }
        });
}

/// A time in the case's preferred axis mode: `16 Feb 2020`, or `hospital day 13`.
fn day_label(document: &CaseDocument, time: crate::model::CaseTime) -> String {
    let mode = AxisMode::preferred(document.timeline());
    document
        .timeline()
        .position(time)
        .ok()
        .and_then(|position| format_day(document.timeline(), mode, position))
        .unwrap_or_else(|| time.to_string())
}
