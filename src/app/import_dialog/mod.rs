//! The import dialog: pick a lab export, review the detected mapping and a preview, import
//! into a new case or add to the open one.
//!
//! The dialog keeps the export in memory and rebuilds the cases whenever the mapping changes,
//! so what is previewed is exactly what is imported. Patient names from FHIR are shown here
//! for the reviewer's eyes only; they never enter a case.
//!
//! A chosen file is read, and its first mapping and cases built, on a worker thread
//! ([`crate::app::job`]): the window shows a spinner with Cancel meanwhile, and a newer choice
//! supersedes the one being read. What goes wrong is reported once through the app's
//! [`crate::app::messages::Messages`], naming the file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::job::{Job, Polled, busy_ui};
use crate::app::messages::Messages;
use crate::app::state::{CaseSource, NewImportedCase, OpenCase};
use crate::io::import::{
    DateOrder, ImportError, ImportMapping, ImportOutcome, LoadedExport, merge_into,
};
use crate::model::Finding;

mod coded_values;
mod encounters;
mod panels;
mod rebuild;

use rebuild::{BuildError, Built, Choices, Rebuild};

use panels::{ImportAction, buttons_ui, mapping_ui, outcome_ui, preview_ui};

/// State of the import dialog; closed by default.
#[derive(Debug, Default)]
pub struct ImportDialog {
    open: bool,
    loaded: Option<LoadedFile>,
    /// A file (and sheet) asked for and not read yet: the read starts on the next frame.
    requested: Option<(PathBuf, Option<String>)>,
    /// The file being read on the worker thread; `loaded` stays until it is in.
    loading: Option<Loading>,
}

/// A file being read off the UI thread.
#[derive(Debug)]
struct Loading {
    path: PathBuf,
    job: Job<Result<LoadedFile, ReadError>>,
}

/// Why a chosen file did not come into the dialog.
#[derive(Debug, thiserror::Error)]
enum ReadError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("reading it stopped without an answer")]
    Lost,
}

/// Why the chosen patient was not imported; nothing was changed.
#[derive(Debug, thiserror::Error)]
enum ImportRefused {
    #[error(
        "no cases were built from this file; see the reason above the buttons and change a choice"
    )]
    NothingBuilt,
    #[error("no patient to import; choose one in the list")]
    NoPatient,
    #[error("no case is open to add to; open one or import into a new case")]
    NoOpenCase,
    #[error(
        "The import was not applied; the case would not be valid:\n{}",
        listed(.0)
    )]
    Invalid(Vec<Finding>),
}

fn listed(findings: &[Finding]) -> String {
    let listed: Vec<String> = findings.iter().map(ToString::to_string).collect();
    listed.join("\n")
}

/// An export being reviewed.
#[derive(Debug)]
struct LoadedFile {
    path: PathBuf,
    /// Shared with a rebuild running on its worker thread.
    export: Arc<LoadedExport>,
    choices: Choices,
    mapping: Option<ImportMapping>,
    outcome: Result<ImportOutcome, BuildError>,
    /// Index of the patient to import.
    patient: usize,
    /// A choice changed: the cases are built again from the next frame on.
    choices_changed: bool,
    /// The cases being built again after a choice changed.
    rebuilding: Option<Rebuild>,
}

impl ImportDialog {
    /// Opens the dialog (File ▸ Import…).
    pub fn open(&mut self) {
        self.open = true;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Reads an export into the dialog (what choosing a file does), on a worker thread from
    /// the next frame on; a file that does not read leaves the previous one in place and is
    /// reported once through the app's messages.
    pub fn load_file(&mut self, path: &Path, sheet: Option<&str>) {
        // A file still being read is superseded now: its answer is never taken in.
        self.loading = None;
        self.requested = Some((path.to_path_buf(), sheet.map(str::to_owned)));
    }

    /// Whether a file is asked for or being read, or its cases are being built again.
    pub fn is_loading(&self) -> bool {
        self.requested.is_some()
            || self.loading.is_some()
            || self
                .loaded
                .as_ref()
                .is_some_and(|loaded| loaded.choices_changed || loaded.rebuilding.is_some())
    }

    /// Shows the dialog while it is open; values added to the open case go into `active`,
    /// and a new case is returned for the workspace to open.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        active: Option<&mut OpenCase>,
        messages: &mut Messages,
    ) -> Option<NewImportedCase> {
        // Polled before starting: a job started this frame is never finished in it, so its
        // spinner shows at least once.
        self.poll(messages);
        self.start_requested(ctx, messages);
        let mut open = self.open;
        let new_case = egui::Window::new("Import lab export")
            .open(&mut open)
            .default_size([760.0, 640.0])
            .show(ctx, |ui| self.contents_ui(ui, active, messages))
            .and_then(|response| response.inner.flatten());
        self.open = open && self.open;
        new_case
    }

    /// Starts reading the file asked for, or building the cases under changed choices.
    fn start_requested(&mut self, ctx: &egui::Context, messages: &mut Messages) {
        if let Some(loaded) = &mut self.loaded
            && loaded.choices_changed
        {
            loaded.choices_changed = false;
            match Rebuild::start(ctx, &loaded.export, loaded.choices.clone()) {
                Ok(rebuild) => loaded.rebuilding = Some(rebuild),
                // Without a thread the choice still applies: build here, once.
                Err(_) => loaded.apply(rebuild::build(&loaded.export, &loaded.choices)),
            }
        }
        let Some((path, sheet)) = self.requested.take() else {
            return;
        };
        self.loading = None;
        let what = format!("Reading {}…", file_name(&path));
        let thread_path = path.clone();
        let spawned = Job::spawn(ctx, "import", what, move |_| {
            LoadedFile::read(thread_path, sheet.as_deref())
        });
        match spawned {
            Ok(job) => self.loading = Some(Loading { path, job }),
            Err(error) => messages.error(format!(
                "Could not start reading {}: {error}. Close other work and choose the file again.",
                path.display()
            )),
        }
    }

    /// Takes in the file read on the worker thread, or reports why it did not read.
    fn poll(&mut self, messages: &mut Messages) {
        if let Some(loaded) = &mut self.loaded
            && let Some(built) = loaded.rebuilding.as_mut().and_then(Rebuild::poll)
        {
            loaded.rebuilding = None;
            loaded.apply(built);
        }
        let Some(loading) = &mut self.loading else {
            return;
        };
        let answer = match loading.job.poll() {
            Polled::Running => return,
            Polled::Done(answer) => answer,
            Polled::Lost => Err(ReadError::Lost),
        };
        let path = loading.path.clone();
        self.loading = None;
        match answer {
            Ok(loaded) => self.loaded = Some(loaded),
            Err(error) => messages.error(read_failure(&path, &error, self.loaded.is_some())),
        }
    }

    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        active: Option<&mut OpenCase>,
        messages: &mut Messages,
    ) -> Option<NewImportedCase> {
        self.file_row_ui(ui);
        if let Some(loading) = &self.loading
            && busy_ui(ui, loading.job.what(), None)
        {
            // Dropping the job stops its worker; the previous file, if any, stays.
            self.loading = None;
        }
        if let Some(loaded) = &mut self.loaded
            && let Some(rebuild) = &loaded.rebuilding
            && busy_ui(ui, rebuild.what(), None)
        {
            // The cases shown stay those of the choices before; change one to build again.
            loaded.rebuilding = None;
        }
        let busy = self.is_loading();
        let Some(loaded) = &mut self.loaded else {
            if !busy {
                ui.label("Choose a CSV or XLSX table, or a FHIR R4 Bundle (.json).");
            }
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
                    changed |= mapping_ui(ui, mapping, &mut loaded.choices.overrides);
                    changed |= coded_values::coded_values_ui(
                        ui,
                        mapping,
                        &mut loaded.choices.overrides,
                        messages,
                    );
                    ui.separator();
                }
                egui::CollapsingHeader::new("First rows of the export")
                    .default_open(true)
                    .show(ui, |ui| preview_ui(ui, &loaded.export));
                ui.separator();
                match &loaded.outcome {
                    Ok(outcome) => outcome_ui(ui, outcome, &mut loaded.patient),
                    Err(error) => {
                        ui.colored_label(ui.visuals().error_fg_color, error.to_string());
                    }
                }
            });
        if changed {
            // Built from the next frame on; a rebuild still running is superseded now.
            loaded.rebuilding = None;
            loaded.choices_changed = true;
        }
        ui.separator();
        // While another file is read, this one is not imported by mistake.
        let action = ui
            .add_enabled_ui(!busy, |ui| {
                buttons_ui(ui, loaded.outcome.is_ok(), active.is_some())
            })
            .inner;
        if let Some(action) = action {
            match loaded.import(action, active, messages) {
                Ok(new_case) => {
                    self.open = false;
                    return new_case;
                }
                Err(refused) => messages.error(refused.to_string()),
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

impl LoadedFile {
    /// Reads the export at `path` (the worker thread's part) and builds its cases.
    fn read(path: PathBuf, sheet: Option<&str>) -> Result<Self, ReadError> {
        let export = LoadedExport::read(&path, sheet)?;
        let choices = Choices::default();
        let Built { mapping, outcome } = rebuild::build(&export, &choices);
        Ok(Self {
            path,
            export: Arc::new(export),
            choices,
            mapping,
            outcome,
            patient: 0,
            choices_changed: false,
            rebuilding: None,
        })
    }

    /// Shows the mapping and cases built under the current choices.
    fn apply(&mut self, built: Built) {
        self.mapping = built.mapping;
        self.outcome = built.outcome;
        let patients = self
            .outcome
            .as_ref()
            .map_or(0, |outcome| outcome.patients.len());
        self.patient = self.patient.min(patients.saturating_sub(1));
    }

    /// The date-order choice for tables; true when it changed.
    fn options_ui(&mut self, ui: &mut egui::Ui) -> bool {
        if self.export.format == crate::io::import::ExportFormat::FhirBundle {
            return encounters::encounter_picker_ui(ui, &self.export, &mut self.choices.encounter);
        }
        let before = self.choices.date_order;
        ui.horizontal(|ui| {
            ui.label("Slash dates (03/02/2020):");
            ui.selectable_value(&mut self.choices.date_order, None, "decide from the data");
            ui.selectable_value(
                &mut self.choices.date_order,
                Some(DateOrder::DayFirst),
                "day first",
            );
            ui.selectable_value(
                &mut self.choices.date_order,
                Some(DateOrder::MonthFirst),
                "month first",
            );
        });
        before != self.choices.date_order
    }

    fn import(
        &self,
        action: ImportAction,
        active: Option<&mut OpenCase>,
        messages: &mut Messages,
    ) -> Result<Option<NewImportedCase>, ImportRefused> {
        let outcome = self
            .outcome
            .as_ref()
            .map_err(|_| ImportRefused::NothingBuilt)?;
        let patient = outcome
            .patients
            .get(self.patient)
            .ok_or(ImportRefused::NoPatient)?;
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
                let open = active.ok_or(ImportRefused::NoOpenCase)?;
                let mut summary = None;
                open.document
                    .edit(format!("Import lab values of {who}"), |case| {
                        summary = Some(merge_into(case, &imported));
                    })
                    .map_err(|refusal| ImportRefused::Invalid(refusal.reasons))?;
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

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// The message for a file that did not read: which file, why, and what to do.
fn read_failure(path: &Path, error: &ReadError, kept_previous: bool) -> String {
    let shown = path.display().to_string();
    let error = error.to_string();
    let what = if error.contains(&shown) {
        error
    } else {
        format!("{shown}: {error}")
    };
    let next = if kept_previous {
        "The file shown before stays in the import dialog; choose another file"
    } else {
        "Choose another file"
    };
    format!("Import: {what}. {next}, or export the table again as CSV or XLSX.")
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
