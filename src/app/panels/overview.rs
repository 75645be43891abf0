//! The case overview: what the case is, who the patient is, the stay, and its key events.

use egui::RichText;

use crate::analysis::case_timeline::RowKind;
use crate::analysis::time_axis::describe_time;
use crate::app::document::CaseDocument;
use crate::app::messages::Messages;
use crate::app::requests::{CaseView, ViewRequest};
use crate::model::{Case, Severity};

/// The amber used for every "illustrative data" notice, so the warning reads the same
/// everywhere it appears.
use crate::app::theme::ILLUSTRATIVE_COLOR;

/// The overview beside the case in front; it only reads the case.
#[derive(Clone, Copy, Debug, Default)]
pub struct Overview;

impl CaseView for Overview {
    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        document: &mut CaseDocument,
        _messages: &mut Messages,
    ) -> Option<ViewRequest> {
        overview_ui(ui, document);
        None
    }
}

fn overview_ui(ui: &mut egui::Ui, document: &CaseDocument) {
    let case = document.case();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(&case.metadata.title);
            if case.metadata.illustrative {
                illustrative_notice_ui(ui, case);
            }
            source_ui(ui, case);
            ui.separator();

            ui.strong("Patient");
            ui.label(case.patient.describe());
            if let Some(source_id) = &case.patient.source_id {
                ui.label(format!("Source id: {source_id}"));
            }
            if let Some(summary) = &case.patient.summary {
                ui.label(RichText::new(summary).weak());
            }
            ui.separator();

            stay_ui(ui, document);
            ui.separator();

            key_events_ui(ui, document);

            if !document.warnings().is_empty() {
                ui.separator();
                findings_ui(ui, document);
            }
        });
}

/// The banner that says the numbers are not all measurements.
pub fn illustrative_notice_ui(ui: &mut egui::Ui, case: &Case) {
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, ILLUSTRATIVE_COLOR))
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.label(
                RichText::new("⚠ Illustrative reconstruction")
                    .strong()
                    .color(ILLUSTRATIVE_COLOR),
            );
            let note = case.metadata.illustrative_note.as_deref().unwrap_or(
                "Some values in this case are reconstructed to follow the described course; they are not measurements.",
            );
            ui.label(note);
        });
}

fn source_ui(ui: &mut egui::Ui, case: &Case) {
    let metadata = &case.metadata;
    if let Some(source) = &metadata.source {
        ui.label(RichText::new(source).small());
    }
    ui.horizontal_wrapped(|ui| {
        if let Some(doi) = &metadata.doi {
            ui.label(RichText::new(format!("doi:{doi}")).small());
        }
        if let Some(licence) = &metadata.licence {
            ui.label(RichText::new(format!("Licence: {licence}")).small());
        }
    });
}

fn stay_ui(ui: &mut egui::Ui, document: &CaseDocument) {
    ui.strong("Stay");
    let anchors = &document.case().anchors;
    let timeline = document.timeline();
    egui::Grid::new("stay_grid").num_columns(2).show(ui, |ui| {
        for (label, time) in [
            ("Symptom onset", anchors.symptom_onset),
            ("Admission", anchors.admission),
            ("Discharge", anchors.discharge),
        ] {
            if let Some(time) = time {
                ui.label(label);
                ui.label(describe_time(timeline, time));
                ui.end_row();
            }
        }
        if let (Some(admission), Some(discharge)) = (timeline.admission(), timeline.discharge()) {
            ui.label("Length of stay");
            ui.label(format!("{} days", (discharge - admission).round() + 1.0));
            ui.end_row();
        }
    });
}

fn key_events_ui(ui: &mut egui::Ui, document: &CaseDocument) {
    ui.strong("Key events");
    for row in document.case_timeline() {
        let when = row
            .time
            .map(|time| describe_time(document.timeline(), time))
            .unwrap_or_else(|| "undated".to_owned());
        let marker = match row.kind {
            RowKind::Anchor => "●",
            RowKind::Event => "◆",
            RowKind::Intervention => "▲",
            RowKind::Imaging => "■",
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(marker).weak());
            ui.label(RichText::new(when).monospace().small());
        });
        ui.label(&row.text);
        ui.add_space(2.0);
    }
}

fn findings_ui(ui: &mut egui::Ui, document: &CaseDocument) {
    let title = format!("Warnings ({})", document.warnings().len());
    egui::CollapsingHeader::new(title)
        .default_open(false)
        .show(ui, |ui| {
            for finding in document.warnings() {
                let color = match finding.severity {
                    Severity::Error => ui.visuals().error_fg_color,
                    Severity::Warning => ui.visuals().warn_fg_color,
                };
                ui.label(RichText::new(finding.to_string()).color(color));
            }
        });
}
