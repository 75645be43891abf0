//! The panels of the archive dialog: the archive and login, the search fields, the results.

use super::state::PacsDialog;
use crate::io::pacs::settings::{PacsSettings, save_settings, settings_path};

pub(super) fn archive_ui(ui: &mut egui::Ui, dialog: &mut PacsDialog) {
    egui::Grid::new("pacs_archive")
        .num_columns(2)
        .show(ui, |ui| {
            labelled_field(ui, "Server (DICOMweb URL)", &mut dialog.server, false);
            labelled_field(ui, "User", &mut dialog.user, false);
            labelled_field(
                ui,
                "Password (this session only)",
                &mut dialog.password,
                true,
            );
        });
    if ui.button("Save server and user").clicked() {
        let settings = PacsSettings {
            server: dialog.server.trim().to_owned(),
            user: dialog.user.trim().to_owned(),
        };
        let saved = settings_path().and_then(|path| {
            save_settings(&path, &settings)?;
            Ok(path)
        });
        dialog.status = Some(match saved {
            Ok(path) => (
                false,
                format!("Saved to {} (without the password)", path.display()),
            ),
            Err(error) => (true, error.to_string()),
        });
    }
}

/// The search fields and button; true when Search was clicked.
pub(super) fn search_fields_ui(ui: &mut egui::Ui, dialog: &mut PacsDialog) -> bool {
    egui::Grid::new("pacs_search")
        .num_columns(2)
        .show(ui, |ui| {
            labelled_field(ui, "Patient ID", &mut dialog.patient_id, false);
            labelled_field(ui, "Patient name", &mut dialog.patient_name, false);
            labelled_field(
                ui,
                "Study dates (2020-01-20..2020-02-10)",
                &mut dialog.dates,
                false,
            );
            labelled_field(ui, "Modality", &mut dialog.modality, false);
            labelled_field(ui, "Accession number", &mut dialog.accession, false);
        });
    ui.button("Search").clicked()
}

fn labelled_field(ui: &mut egui::Ui, label: &str, value: &mut String, password: bool) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).password(password))
        .labelled_by(label.id);
    ui.end_row();
}

pub(super) fn results_ui(ui: &mut egui::Ui, dialog: &mut PacsDialog) {
    if dialog.studies.is_empty() {
        ui.weak("No results yet.");
        return;
    }
    if dialog.truncated {
        ui.label("Only the first studies are listed; narrow the search.");
    }
    egui::ScrollArea::vertical()
        .id_salt("pacs_results")
        .max_height(240.0)
        .show(ui, |ui| {
            for (study_index, study) in dialog.studies.iter().enumerate() {
                let date = study
                    .date
                    .map(|date| date.to_string())
                    .unwrap_or_else(|| "undated".into());
                ui.strong(format!(
                    "{date}  {} ({})  accession {}  {}",
                    study.patient_id, study.patient_name, study.accession, study.description
                ));
                for (series_index, series) in study.series.iter().enumerate() {
                    let instances = series
                        .instances
                        .map(|count| format!("{count} instances"))
                        .unwrap_or_else(|| "instances not stated".into());
                    let text = format!(
                        "    {} #{}  {instances}  {}",
                        series.modality,
                        series.number.map(|n| n.to_string()).unwrap_or_default(),
                        series.description
                    );
                    let key = Some((study_index, series_index));
                    if ui.selectable_label(dialog.selected == key, text).clicked() {
                        dialog.selected = key;
                    }
                }
            }
        });
}
