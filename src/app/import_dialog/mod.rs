//! The import dialog: pick a lab export, review the detected mapping and a preview, import
//! into a new case or add to the open one.
//!
//! The dialog keeps the export in memory and rebuilds the cases whenever the mapping changes,
//! so what is previewed is exactly what is imported. Patient names from FHIR are shown here
//! for the reviewer's eyes only; they never enter a case.

use std::path::{Path, PathBuf};

use crate::app::messages::Messages;
use crate::app::state::{CaseSource, NewImportedCase, OpenCase};
use crate::io::import::{
    DateOrder, ImportMapping, ImportOptions, ImportOutcome, LoadedExport, MappingOverride,
    merge_into,
};

mod coded_values;
mod encounters;
mod panels;

use panels::{buttons_ui, mapping_ui, outcome_ui, preview_ui};

/// State of the import dialog; closed by default.
#[derive(Debug, Default)]
pub struct ImportDialog {
    open: bool,
    loaded: Option<LoadedFile>,
    /// The last problem: a file that did not read, a mapping that does not build, an edit
    /// that was refused.
    problem: Option<String>,
}

/// An export being reviewed.
#[derive(Debug)]
struct LoadedFile {
    path: PathBuf,
    export: LoadedExport,
    overrides: Vec<MappingOverride>,
    date_order: Option<DateOrder>,
    mapping: Option<ImportMapping>,
    outcome: Result<ImportOutcome, String>,
    /// Index of the patient to import.
    patient: usize,
    /// FHIR: the encounter whose stay to import; the latest inpatient stay when `None`.
    encounter: Option<String>,
}

impl ImportDialog {
    /// Opens the dialog (File ▸ Import…).
    pub fn open(&mut self) {
        self.open = true;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Reads an export into the dialog (what choosing a file does); a file that does not
    /// read leaves the previous one in place and says why.
    pub fn load_file(&mut self, path: &Path, sheet: Option<&str>) {
        match LoadedExport::read(path, sheet) {
            Ok(export) => {
                let mut loaded = LoadedFile {
                    path: path.to_path_buf(),
                    export,
                    overrides: Vec::new(),
                    date_order: None,
                    mapping: None,
                    outcome: Err(String::new()),
                    patient: 0,
                    encounter: None,
                };
                loaded.rebuild();
                self.loaded = Some(loaded);
                self.problem = None;
            }
            Err(error) => self.problem = Some(error.to_string()),
        }
    }

    /// Shows the dialog while it is open; values added to the open case go into `active`,
    /// and a new case is returned for the workspace to open.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        active: Option<&mut OpenCase>,
        messages: &mut Messages,
    ) -> Option<NewImportedCase> {
        let mut open = self.open;
        let new_case = egui::Window::new("Import lab export")
            .open(&mut open)
            .default_size([760.0, 640.0])
            .show(ctx, |ui| self.contents_ui(ui, active, messages))
            .and_then(|response| response.inner.flatten());
        self.open = open && self.open;
        new_case
    }

    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        active: Option<&mut OpenCase>,
        messages: &mut Messages,
    ) -> Option<NewImportedCase> {
        self.file_row_ui(ui);
        if let Some(problem) = &self.problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        let Some(loaded) = &mut self.loaded else {
            ui.label("Choose a CSV or XLSX table, or a FHIR R4 Bundle (.json).");
            return None;
        };
        // The buttons stay in view below the scrolling body, however long the mapping is.
        let body_height = (ui.available_height() - 48.0).max(160.0);
        let mut changed = false;
        egui::ScrollArea::vertical()
            .id_salt("import_dialog_body")
            .max_height(body_height)
            .show(ui, |ui| {
                changed |= loaded.options_ui(ui);
                if let Some(mapping) = &loaded.mapping {
                    ui.heading("Mapping");
                    changed |= mapping_ui(ui, mapping, &mut loaded.overrides);
                    changed |= coded_values::coded_values_ui(ui, mapping, &mut loaded.overrides);
                    ui.separator();
                }
                egui::CollapsingHeader::new("First rows of the export")
                    .default_open(true)
                    .show(ui, |ui| preview_ui(ui, &loaded.export));
                ui.separator();
                match &loaded.outcome {
                    Ok(outcome) => outcome_ui(ui, outcome, &mut loaded.patient),
                    Err(message) => {
                        ui.colored_label(ui.visuals().error_fg_color, message);
                    }
                }
            });
        if changed {
            loaded.rebuild();
        }
        ui.separator();
        let action = buttons_ui(ui, loaded.outcome.is_ok(), active.is_some());
        if let Some(action) = action {
            match loaded.import(action, active, messages) {
                Ok(new_case) => {
                    self.open = false;
                    self.problem = None;
                    return new_case;
                }
                Err(problem) => self.problem = Some(problem),
            }
        }
        None
    }

    fn file_row_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if ui.button("Choose file…").clicked() {
                let picked = rfd::FileDialog::new()
                    .set_title("Import lab export")
                    .add_filter(
                        "Lab exports",
                        &[
                            "csv", "tsv", "txt", "xlsx", "xlsm", "xls", "xlsb", "ods", "json",
                        ],
                    )
                    .pick_file();
                if let Some(path) = picked {
                    self.load_file(&path, None);
                }
            }
            match &self.loaded {
                Some(loaded) => ui.label(format!(
                    "{} ({})",
                    loaded.path.display(),
                    loaded.export.format.label()
                )),
                None => ui.weak("No file chosen"),
            };
        });
        let sheet_change = self.loaded.as_ref().and_then(|loaded| {
            sheet_picker_ui(ui, loaded).map(|sheet| (loaded.path.clone(), sheet))
        });
        if let Some((path, sheet)) = sheet_change {
            self.load_file(&path, Some(&sheet));
        }
    }
}

/// The sheet picker of a workbook with several sheets; returns a newly chosen sheet.
fn sheet_picker_ui(ui: &mut egui::Ui, loaded: &LoadedFile) -> Option<String> {
    let names = loaded.export.sheet_names();
    if names.len() < 2 {
        return None;
    }
    let current = loaded.export.sheet().unwrap_or_default();
    let mut chosen = None;
    ui.horizontal(|ui| {
        let label = ui.label("Sheet:");
        egui::ComboBox::from_id_salt("import_sheet")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for name in names {
                    if ui
                        .selectable_label(name == current, name.as_str())
                        .clicked()
                        && name != current
                    {
                        chosen = Some(name.clone());
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    chosen
}

/// What the user asked to do with the chosen patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ImportAction {
    NewCase,
    AddToOpenCase,
}

impl LoadedFile {
    /// Detects the mapping under the hand-made changes and builds the cases.
    fn rebuild(&mut self) {
        let options = ImportOptions {
            sheet: self.export.sheet().map(str::to_owned),
            mapping: self.overrides.clone(),
            date_order: self.date_order,
            label: None,
            encounter: self.encounter.clone(),
        };
        match self.export.detect_mapping(&self.overrides) {
            Ok(mapping) => {
                self.outcome = self
                    .export
                    .build(&mapping, &options)
                    .map_err(|e| e.to_string());
                self.mapping = Some(mapping);
            }
            Err(error) => {
                self.outcome = Err(error.to_string());
                self.mapping = None;
            }
        }
        let patients = self
            .outcome
            .as_ref()
            .map_or(0, |outcome| outcome.patients.len());
        self.patient = self.patient.min(patients.saturating_sub(1));
    }

    /// The date-order choice for tables; true when it changed.
    fn options_ui(&mut self, ui: &mut egui::Ui) -> bool {
        if self.export.format == crate::io::import::ExportFormat::FhirBundle {
            return encounters::encounter_picker_ui(ui, &self.export, &mut self.encounter);
        }
        let before = self.date_order;
        ui.horizontal(|ui| {
            ui.label("Slash dates (03/02/2020):");
            ui.selectable_value(&mut self.date_order, None, "decide from the data");
            ui.selectable_value(&mut self.date_order, Some(DateOrder::DayFirst), "day first");
            ui.selectable_value(
                &mut self.date_order,
                Some(DateOrder::MonthFirst),
                "month first",
            );
        });
        before != self.date_order
    }

    fn import(
        &self,
        action: ImportAction,
        active: Option<&mut OpenCase>,
        messages: &mut Messages,
    ) -> Result<Option<NewImportedCase>, String> {
        let outcome = self.outcome.as_ref().map_err(Clone::clone)?;
        let patient = outcome
            .patients
            .get(self.patient)
            .ok_or_else(|| "no patient to import".to_owned())?;
        let imported = patient.case.clone();
        let who = if patient.key.is_empty() {
            outcome.origin.clone()
        } else {
            format!("patient {} from {}", patient.key, outcome.origin)
        };
        match action {
            ImportAction::NewCase => {
                // The case starts empty and the import is its first edit, so it shows as
                // unsaved, can be undone, and asks to be saved before closing.
                let mut shell = imported.clone();
                shell.series.clear();
                shell.events.clear();
                shell.interventions.clear();
                shell.milestones.clear();
                let source = CaseSource::File(free_case_path(&self.path, &patient.file_stem));
                return Ok(Some(NewImportedCase {
                    shell,
                    imported,
                    source,
                    description: format!("Import {who}"),
                    status: format!("Imported {who} into a new case; save it to keep it"),
                }));
            }
            ImportAction::AddToOpenCase => {
                let open = active.ok_or_else(|| "no case is open to add to".to_owned())?;
                let mut summary = None;
                open.document
                    .edit(format!("Import lab values of {who}"), |case| {
                        summary = Some(merge_into(case, &imported));
                    })
                    .map_err(|refusal| refused(&refusal.reasons))?;
                let summary = summary.unwrap_or_default();
                for not_added in &summary.not_added {
                    messages.info(not_added.clone());
                }
                messages.set_status(format!("Imported {who}: {}", summary.describe()));
            }
        }
        Ok(None)
    }
}

fn refused(errors: &[crate::model::Finding]) -> String {
    let listed: Vec<String> = errors.iter().map(ToString::to_string).collect();
    format!(
        "The import was not applied; the case would not be valid:\n{}",
        listed.join("\n")
    )
}

/// A case file name beside the export that no file has yet.
fn free_case_path(export: &Path, stem: &str) -> PathBuf {
    let folder = export.parent().unwrap_or_else(|| Path::new("."));
    let extension = crate::io::case_file::CASE_FILE_EXTENSION;
    (1..1000)
        .map(|number| match number {
            1 => folder.join(format!("{stem}.{extension}")),
            _ => folder.join(format!("{stem}_{number}.{extension}")),
        })
        .find(|path| !path.exists())
        .unwrap_or_else(|| folder.join(format!("{stem}.{extension}")))
}
