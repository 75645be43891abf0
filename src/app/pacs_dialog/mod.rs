//! File ▸ Fetch from archive…: search the hospital's archive (DICOMweb) and retrieve a series
//! into the active case's folder (`<case folder>/imaging/<series UID>`).
//!
//! Searches and transfers run on a worker thread and report through a channel, so the window
//! never waits on the network; Cancel stops a transfer and keeps nothing. The address and user
//! come from, and are saved to, the app's settings ([`crate::io::pacs::settings`]); the
//! password stays in this dialog's memory for the session.

use std::path::{Path, PathBuf};

use crate::app::job::{Job, Polled, Reporter, busy_ui};
use crate::app::messages::Messages;

mod panels;
mod state;

use crate::io::pacs::settings::{PacsSettings, load_settings, settings_path};
use crate::io::pacs::{
    DateRange, PacsServer, Progress, Secret, SeriesQuery, find_series, retrieve_series,
};
use panels::{archive_ui, results_ui, search_fields_ui};
pub use state::PacsDialog;
use state::{ArchiveError, Outcome};

impl PacsDialog {
    /// Opens the dialog (File ▸ Fetch from archive…).
    pub fn open(&mut self) {
        self.open = true;
        if self.modality.is_empty() {
            self.modality = "CT".to_owned();
        }
        if !self.settings_read {
            self.settings_read = true;
            match settings_path().and_then(|path| load_settings(&path)) {
                Ok(settings) => {
                    self.server = settings.server;
                    self.user = settings.user;
                }
                Err(error) => self.status = Some((true, error.to_string())),
            }
        }
    }

    /// Opens the dialog on these settings instead of the saved ones (a fresh profile, tests).
    pub fn open_with(&mut self, settings: PacsSettings) {
        self.settings_read = true;
        self.server = settings.server;
        self.user = settings.user;
        self.open();
    }

    /// The last outcome shown under the buttons (a count, a retrieval, or an error).
    pub fn status_text(&self) -> Option<&str> {
        self.status.as_ref().map(|(_, text)| text.as_str())
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Shows the dialog while it is open; series are retrieved into the `imaging` folder
    /// beside `case_file_folder` (the case in front's), and announced in `messages`.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        case_file_folder: Option<&Path>,
        messages: &mut Messages,
    ) {
        self.poll(messages);
        if !self.open {
            return;
        }
        let mut open = self.open;
        let case_folder = case_file_folder.map(|folder| folder.join("imaging"));
        egui::Window::new("Fetch from archive")
            .open(&mut open)
            .default_size([760.0, 560.0])
            .show(ctx, |ui| pacs_dialog_ui(ui, self, case_folder));
        self.open = open;
    }

    fn poll(&mut self, messages: &mut Messages) {
        let Some(task) = &mut self.task else { return };
        let outcome = match task.poll() {
            Polled::Running => return,
            Polled::Done(outcome) => outcome,
            Polled::Lost => Outcome::Retrieved(Err(ArchiveError::Lost {
                what: task.what().trim_end_matches('…').to_owned(),
            })),
        };
        self.task = None;
        match outcome {
            Outcome::Found(Ok((studies, truncated))) => {
                let series: usize = studies.iter().map(|study| study.series.len()).sum();
                let noun = if studies.len() == 1 {
                    "study"
                } else {
                    "studies"
                };
                let found = format!("{} {noun}, {series} series", studies.len());
                self.status = Some((false, found));
                self.studies = studies;
                self.truncated = truncated;
                self.selected = None;
            }
            Outcome::Retrieved(Ok(retrieved)) => {
                let text = format!(
                    "Retrieved {} instances ({:.1} MB), complete, into {}",
                    retrieved.instances,
                    retrieved.bytes as f64 / 1e6,
                    retrieved.folder.display()
                );
                messages.set_status(text.clone());
                self.status = Some((false, text));
            }
            Outcome::Found(Err(error)) | Outcome::Retrieved(Err(error)) => {
                let message = error.to_string();
                if !self.open {
                    messages.error(message.clone());
                }
                self.status = Some((true, message));
            }
        }
    }

    fn pacs_server(&self) -> PacsServer {
        let user = self.user.trim();
        PacsServer {
            base_url: self.server.trim().to_owned(),
            user: (!user.is_empty()).then(|| user.to_owned()),
            password: (!user.is_empty()).then(|| Secret::new(self.password.clone())),
        }
    }

    fn start_search(&mut self, ctx: &egui::Context) {
        let dates = match self.dates.trim() {
            "" => DateRange::default(),
            text => match DateRange::parse(text) {
                Ok(range) => range,
                Err(message) => {
                    self.status = Some((true, message.to_string()));
                    return;
                }
            },
        };
        let query = SeriesQuery {
            patient_id: self.patient_id.clone(),
            patient_name: self.patient_name.clone(),
            dates,
            modality: self.modality.clone(),
            accession: self.accession.clone(),
        };
        let server = self.pacs_server();
        self.spawn(ctx, "Searching…", move |_| {
            Outcome::Found(find_series(&server, &query).map_err(ArchiveError::from))
        });
    }

    fn start_retrieval(&mut self, ctx: &egui::Context, folder: PathBuf) {
        let Some((study, series)) = self
            .selected
            .and_then(|(study, series)| Some((self.studies.get(study)?, series)))
            .and_then(|(study, series)| Some((study.clone(), study.series.get(series)?.clone())))
        else {
            return;
        };
        let server = self.pacs_server();
        let what = format!("Retrieving series {}…", series.series_uid);
        self.spawn(ctx, &what, move |reporter| {
            let result = std::fs::create_dir_all(&folder)
                .map_err(|source| ArchiveError::Folder {
                    path: folder.clone(),
                    source,
                })
                .and_then(|()| {
                    retrieve_series(
                        &server,
                        &study.study_uid,
                        &series.series_uid,
                        &folder,
                        &mut |progress| reporter.progress(*progress),
                        reporter.cancel_flag(),
                    )
                    .map_err(ArchiveError::from)
                });
            Outcome::Retrieved(result)
        });
    }

    fn spawn(
        &mut self,
        ctx: &egui::Context,
        what: &str,
        work: impl FnOnce(&Reporter<Progress>) -> Outcome + Send + 'static,
    ) {
        match Job::spawn(ctx, "pacs", what, work) {
            Ok(job) => {
                self.status = None;
                self.task = Some(job);
            }
            Err(error) => {
                self.status = Some((true, format!("could not start the transfer: {error}")))
            }
        }
    }
}

/// The dialog's contents.
pub fn pacs_dialog_ui(ui: &mut egui::Ui, dialog: &mut PacsDialog, case_folder: Option<PathBuf>) {
    let busy = dialog.task.is_some();
    ui.add_enabled_ui(!busy, |ui| archive_ui(ui, dialog));
    ui.separator();
    let search = ui
        .add_enabled_ui(!busy, |ui| search_fields_ui(ui, dialog))
        .inner;
    if search {
        dialog.start_search(ui.ctx());
    }
    ui.separator();
    results_ui(ui, dialog);
    ui.separator();
    let folder = dialog.chosen_folder.clone().or(case_folder);
    ui.horizontal(|ui| {
        match &folder {
            Some(folder) => ui.label(format!("Into: {}", folder.display())),
            None => ui.weak("Into: save the case first, or choose a folder"),
        };
        if ui
            .add_enabled(!busy, egui::Button::new("Choose folder…"))
            .clicked()
            && let Some(picked) = rfd::FileDialog::new()
                .set_title("Retrieve into")
                .pick_folder()
        {
            dialog.chosen_folder = Some(picked);
        }
    });
    ui.horizontal(|ui| {
        let can_retrieve = !busy && dialog.selected.is_some() && folder.is_some();
        if ui
            .add_enabled(can_retrieve, egui::Button::new("Retrieve series"))
            .clicked()
            && let Some(folder) = folder
        {
            dialog.start_retrieval(ui.ctx(), folder);
        }
        let cancelled = dialog.task.as_ref().is_some_and(|task| {
            let fraction = task
                .progress()
                .map(|progress| progress.received as f32 / progress.expected.max(1) as f32);
            let text = task.progress().map_or_else(
                || task.what().to_owned(),
                |progress| {
                    format!(
                        "{}/{} instances, {:.1} MB",
                        progress.received,
                        progress.expected,
                        progress.bytes as f64 / 1e6
                    )
                },
            );
            busy_ui(ui, &text, fraction)
        });
        if cancelled && let Some(task) = &dialog.task {
            // The transfer stops, removes what arrived and answers that it was cancelled.
            task.cancel();
        }
    });
    if let Some((is_error, text)) = &dialog.status {
        if *is_error {
            ui.colored_label(ui.visuals().error_fg_color, text);
        } else {
            ui.label(text);
        }
    }
}
