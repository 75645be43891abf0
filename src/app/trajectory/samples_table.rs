//! The selected marker's samples as a table, with its lowest, highest, first and last values.

use egui::RichText;

use super::TrajectoryState;
use super::plots::PlotInputs;
use crate::analysis::format;
use crate::analysis::time_axis::cursor_label;
use crate::model::{Provenance, RangeClass};

pub fn samples_table_ui(ui: &mut egui::Ui, inputs: &PlotInputs<'_>, state: &mut TrajectoryState) {
    let timeline = &inputs.document.timeline();
    ui.horizontal(|ui| {
        let selected_name = state
            .selected_marker
            .as_ref()
            .and_then(|marker| {
                inputs
                    .series
                    .iter()
                    .find(|plot_series| &plot_series.series.marker == marker)
            })
            .map(|plot_series| plot_series.series.display_name())
            .unwrap_or_else(|| "—".to_owned());
        egui::ComboBox::new("selected_marker", "samples")
            .selected_text(selected_name)
            .show_ui(ui, |ui| {
                for plot_series in &inputs.series {
                    ui.selectable_value(
                        &mut state.selected_marker,
                        Some(plot_series.series.marker.clone()),
                        plot_series.series.display_name(),
                    );
                }
            });
    });
    let Some(plot_series) = state.selected_marker.as_ref().and_then(|marker| {
        inputs
            .series
            .iter()
            .find(|plot_series| &plot_series.series.marker == marker)
    }) else {
        return;
    };
    if plot_series.is_dense() {
        ui.label("A dense monitor channel: step through it with the cursor; the plots show every pixel's minimum and maximum.");
        return;
    }
    let mut samples = plot_series.placed_samples(timeline);
    // During playback the table, its highest and its last value included, stops at the sweep.
    samples.retain(|sample| inputs.gate.reached(sample.position));
    let unit = plot_series.series.display_unit();
    let lowest = samples
        .iter()
        .min_by(|left, right| left.value.total_cmp(&right.value));
    let highest = samples
        .iter()
        .max_by(|left, right| left.value.total_cmp(&right.value));
    let mode = state.axis_mode;
    ui.horizontal_wrapped(|ui| {
        for (label, sample) in [
            ("Lowest", lowest),
            ("Highest", highest),
            ("First", samples.first()),
            ("Last", samples.last()),
        ] {
            if let Some(sample) = sample {
                ui.label(format!(
                    "{label}: {} on {}",
                    format::quantity(sample.value, &unit),
                    cursor_label(timeline, mode, sample.position, false)
                ));
                ui.separator();
            }
        }
        if let Some(reference) = plot_series.reference {
            let source = inputs
                .document
                .case()
                .reference_source(plot_series.series)
                .unwrap_or_default();
            ui.label(format!(
                "Reference: {} ({source})",
                format::with_unit(&reference.describe(), &unit)
            ));
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("trajectory_samples_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("samples_grid")
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    for header in ["When", "Value", "Flag", "Source"] {
                        ui.strong(header);
                    }
                    ui.end_row();
                    for sample in &samples {
                        if ui
                            .selectable_label(
                                state.time_cursor == Some(sample.position),
                                cursor_label(timeline, mode, sample.position, false),
                            )
                            .clicked()
                        {
                            state.time_cursor = Some(sample.position);
                        }
                        ui.label(format::quantity(sample.value, &unit));
                        ui.label(match sample.range_class {
                            RangeClass::High => "high",
                            RangeClass::Low => "low",
                            RangeClass::Normal => "",
                        });
                        let provenance = RichText::new(sample.provenance.label());
                        ui.label(if sample.provenance == Provenance::Reconstructed {
                            provenance.color(crate::app::panels::overview::ILLUSTRATIVE_COLOR)
                        } else {
                            provenance
                        });
                        ui.end_row();
                    }
                });
        });
}
