//! The panels of the import dialog: the mapping table with a choice per column or code, the
//! preview of the export's first rows, the resulting cases and what was rejected, and the
//! import buttons.

use crate::io::import::{
    ColumnRole, EntryKind, ImportMapping, ImportOutcome, LoadedExport, MappingOverride,
    MarkerTarget,
};
use crate::model::marker::catalog;

/// Rows of the export shown in the preview.
const PREVIEW_ROWS: usize = 8;
/// Rejected values listed before the rest are counted.
const REJECTED_SHOWN: usize = 50;

/// The mapping table with a choice per entry; true when a choice changed.
pub fn mapping_ui(
    ui: &mut egui::Ui,
    mapping: &ImportMapping,
    overrides: &mut Vec<MappingOverride>,
) -> bool {
    let mut changed = false;
    egui::Grid::new("import_mapping")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for heading in ["In the export", "Use as", "Found", "Values", "Unit"] {
                ui.strong(heading);
            }
            ui.end_row();
            for (index, entry) in mapping.entries.iter().enumerate() {
                let label = match entry.kind {
                    EntryKind::Column(column) => {
                        format!(
                            "{} {}",
                            crate::io::import::column_letters(column),
                            entry.label
                        )
                    }
                    EntryKind::LongMarker => format!("test {}", entry.label),
                    EntryKind::FhirCode => entry.label.clone(),
                };
                let row_label = ui.label(label);
                let mut chosen = None;
                let shown = entry.role.describe();
                let text = if entry.role == ColumnRole::Unmapped {
                    egui::RichText::new(shown).color(ui.visuals().warn_fg_color)
                } else {
                    egui::RichText::new(shown)
                };
                egui::ComboBox::from_id_salt(("import_role", index))
                    .selected_text(text)
                    .width(220.0)
                    .show_ui(ui, |ui| {
                        for role in role_choices(entry.kind) {
                            if ui
                                .selectable_label(role == entry.role, role.describe())
                                .clicked()
                            {
                                chosen = Some(role);
                            }
                        }
                    })
                    .response
                    .labelled_by(row_label.id);
                if let Some(role) = chosen.filter(|role| *role != entry.role) {
                    overrides.retain(|change| change.key != entry.key);
                    overrides.push(MappingOverride::role(entry.key.clone(), role));
                    changed = true;
                }
                ui.label(entry.matched_by.to_string());
                ui.label(entry.values.to_string());
                ui.label(entry.unit.clone().unwrap_or_default());
                ui.end_row();
            }
        });
    changed
}

/// What an entry may become: table columns can take any role; test names and codes only
/// markers, custom or ignore.
fn role_choices(kind: EntryKind) -> Vec<ColumnRole> {
    let mut choices = Vec::new();
    if let EntryKind::Column(_) = kind {
        choices.extend(ColumnRole::SINGLE_COLUMN);
    }
    choices.push(ColumnRole::Ignored);
    choices.push(ColumnRole::Marker(MarkerTarget::Custom { unit: None }));
    choices.extend(
        catalog()
            .iter()
            .map(|definition| ColumnRole::Marker(MarkerTarget::Catalog(definition.id))),
    );
    choices
}

pub fn preview_ui(ui: &mut egui::Ui, export: &LoadedExport) {
    let (headers, rows) = export.preview(PREVIEW_ROWS);
    egui::ScrollArea::horizontal()
        .id_salt("import_preview")
        .show(ui, |ui| {
            egui::Grid::new("import_preview_grid")
                .striped(true)
                .show(ui, |ui| {
                    for header in &headers {
                        ui.strong(header);
                    }
                    ui.end_row();
                    for row in &rows {
                        for cell in row {
                            ui.label(cell);
                        }
                        ui.end_row();
                    }
                });
        });
}

/// The result: patient choice, the chosen patient's series, what was rejected and notes.
pub fn outcome_ui(ui: &mut egui::Ui, outcome: &ImportOutcome, chosen: &mut usize) {
    ui.heading(format!(
        "Result: {} patient{}",
        outcome.patients.len(),
        if outcome.patients.len() == 1 { "" } else { "s" }
    ));
    let describe = |index: usize| {
        let Some(patient) = outcome.patients.get(index) else {
            return String::new();
        };
        let mut text = if patient.key.is_empty() {
            outcome.origin.clone()
        } else {
            format!("Patient {}", patient.key)
        };
        if let Some(identity) = &patient.identity {
            // For the reviewer's eyes only: never copied into the case.
            let names = identity.names.join("; ");
            let ids = identity.identifiers.join("; ");
            text.push_str(&format!(" — {names} ({ids})"));
        }
        text
    };
    ui.horizontal(|ui| {
        let label = ui.label("Patient:");
        egui::ComboBox::from_id_salt("import_patient")
            .selected_text(describe(*chosen))
            .width(420.0)
            .show_ui(ui, |ui| {
                for index in 0..outcome.patients.len() {
                    ui.selectable_value(chosen, index, describe(index));
                }
            })
            .response
            .labelled_by(label.id);
    });
    if outcome
        .patients
        .get(*chosen)
        .is_some_and(|patient| patient.identity.is_some())
    {
        ui.weak(
            "Names are shown here only; they are not imported. The first identifier is kept as the case's source id, which de-identified exports leave out.",
        );
    }
    if let Some(patient) = outcome.patients.get(*chosen) {
        series_ui(ui, &patient.case);
    }
    report_ui(ui, outcome);
}

/// The import buttons; returns the one clicked.
pub fn buttons_ui(ui: &mut egui::Ui, ready: bool, case_open: bool) -> Option<ImportAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(ready, egui::Button::new("Import as new case"))
            .clicked()
        {
            action = Some(ImportAction::NewCase);
        }
        if ui
            .add_enabled(ready && case_open, egui::Button::new("Add to open case"))
            .on_disabled_hover_text("Open a case first")
            .clicked()
        {
            action = Some(ImportAction::AddToOpenCase);
        }
    });
    action
}

fn series_ui(ui: &mut egui::Ui, case: &crate::model::Case) {
    egui::Grid::new("import_series")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for heading in ["Marker", "Unit", "Samples", "First → last", "Conversions"] {
                ui.strong(heading);
            }
            ui.end_row();
            for series in &case.series {
                ui.label(series.display_name());
                ui.label(series.display_unit());
                ui.label(series.samples.len().to_string());
                let span = match (series.samples.first(), series.samples.last()) {
                    (Some(first), Some(last)) => format!(
                        "{} ({}) → {} ({})",
                        first.value, first.time, last.value, last.time
                    ),
                    _ => String::new(),
                };
                ui.label(span);
                let conversions: Vec<String> = series
                    .conversions
                    .iter()
                    .map(|c| format!("{} → {} ×{}", c.from_unit, c.to_unit, c.factor))
                    .collect();
                ui.label(conversions.join("; "));
                ui.end_row();
            }
        });
    let extra = [
        (case.interventions.len(), "interventions"),
        (case.milestones.len(), "imaging studies"),
        (case.events.len(), "events"),
    ];
    let listed: Vec<String> = extra
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if !listed.is_empty() {
        ui.label(format!("Also: {}", listed.join(", ")));
    }
}

fn report_ui(ui: &mut egui::Ui, outcome: &ImportOutcome) {
    let report = &outcome.report;
    let unmapped = outcome.mapping.unmapped().count();
    if unmapped > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "{unmapped} not mapped and not imported; choose a marker, custom or ignore above"
            ),
        );
    }
    egui::CollapsingHeader::new(format!("Rejected values: {}", report.rejected.len()))
        .id_salt("import_rejected")
        .show(ui, |ui| {
            for rejected in report.rejected.iter().take(REJECTED_SHOWN) {
                ui.label(rejected.to_string());
            }
            if report.rejected.len() > REJECTED_SHOWN {
                ui.weak(format!(
                    "… and {} more",
                    report.rejected.len() - REJECTED_SHOWN
                ));
            }
        });
    if !report.notes.is_empty() {
        egui::CollapsingHeader::new(format!("Notes: {}", report.notes.len()))
            .id_salt("import_notes")
            .show(ui, |ui| {
                for note in &report.notes {
                    ui.label(note);
                }
            });
    }
    if !report.skipped_resources.is_empty() {
        let listed: Vec<String> = report
            .skipped_resources
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        ui.label(format!(
            "Skipped {} resources: {}",
            report.skipped_total(),
            listed.join(", ")
        ));
    }
}

/// What the user asked to do with the chosen patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportAction {
    NewCase,
    AddToOpenCase,
}
