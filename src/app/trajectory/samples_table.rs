//! The selected marker's samples as a table, with its lowest, highest, first and last values.

use egui::RichText;

use super::TrajectoryState;
use super::plot_common::PlotInputs;
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
            .map_or("—", |plot_series| plot_series.name());
        egui::ComboBox::new("selected_marker", "samples")
            .selected_text(selected_name)
            .show_ui(ui, |ui| {
                for plot_series in &inputs.series {
                    ui.selectable_value(
                        &mut state.selected_marker,
                        Some(plot_series.series.marker.clone()),
                        plot_series.name(),
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
    let placed = plot_series.placed_samples();
    // During playback the table, its highest and its last value included, stops at the sweep
    // (the samples are in time order, so what it has reached is where they start).
    let reached = placed.partition_point(|sample| inputs.gate.reached(sample.position));
    let samples = placed.get(..reached).unwrap_or(&[]);
    let unit = plot_series.unit();
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
                    format::quantity(sample.value, unit),
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
                format::with_unit(&reference.describe(), unit)
            ));
        }
    });
    ui.horizontal(|ui| {
        for header in ["When", "Value", "Flag", "Source"] {
            ui.add_sized(
                [120.0, 18.0],
                egui::Label::new(RichText::new(header).strong()),
            );
        }
    });
    // Only the rows in view are laid out: an imported stay has hundreds of samples.
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("trajectory_samples_scroll")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, samples.len(), |ui, rows| {
            for sample in samples.get(rows).unwrap_or(&[]) {
                ui.horizontal(|ui| {
                    let when = cursor_label(timeline, mode, sample.position, false);
                    let selected = state.time_cursor == Some(sample.position);
                    if ui
                        .add_sized([120.0, 18.0], egui::Button::selectable(selected, when))
                        .clicked()
                    {
                        state.time_cursor = Some(sample.position);
                    }
                    ui.add_sized(
                        [120.0, 18.0],
                        egui::Label::new(format::quantity(sample.value, unit)),
                    );
                    let flag = match sample.range_class {
                        RangeClass::High => "high",
                        RangeClass::Low => "low",
                        RangeClass::Normal => "",
                    };
                    ui.add_sized([120.0, 18.0], egui::Label::new(flag));
                    let provenance = RichText::new(sample.provenance.label());
                    ui.label(if sample.provenance == Provenance::Reconstructed {
                        provenance.color(crate::app::theme::ILLUSTRATIVE_COLOR)
                    } else {
                        provenance
                    });
                });
            }
        });
}
