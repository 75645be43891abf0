//! File ▸ Fetch from archive…: search the hospital's archive (DICOMweb) and retrieve a series
//! into the active case's folder (`<case folder>/imaging/<series UID>`).
//!
//! Searches and transfers run on a worker thread and report through a channel, so the window
//! never waits on the network; Cancel stops a transfer and keeps nothing. The address and user
//! come from, and are saved to, the app's settings ([`crate::io::pacs::settings`]); the
//! password stays in this dialog's memory for the session.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::messages::Messages;

mod panels;

use crate::io::pacs::settings::{PacsSettings, load_settings, settings_path};
use crate::io::pacs::{
    DateRange, PacsServer, Progress, RetrievedSeries, Secret, SeriesQuery, StudyMatch, find_series,
    retrieve_series,
};
use panels::{archive_ui, results_ui, search_fields_ui};

/// State of the archive dialog; closed by default.
#[derive(Default)]
pub struct PacsDialog {
    open: bool,
    settings_read: bool,
    server: String,
    user: String,
    /// Asked for each session; never written anywhere.
    password: String,
    patient_id: String,
    patient_name: String,
    dates: String,
    modality: String,
    accession: String,
    studies: Vec<StudyMatch>,
    truncated: bool,
    /// (study index, series index) in `studies`.
    selected: Option<(usize, usize)>,
    /// A folder chosen instead of the case folder.
    chosen_folder: Option<PathBuf>,
    task: Option<Task>,
    /// The last outcome: (is an error, text).
    status: Option<(bool, String)>,
}

/// Work running on the worker thread.
struct Task {
    receiver: Receiver<Event>,
    cancel: Arc<AtomicBool>,
    progress: Option<Progress>,
    what: String,
}

enum Event {
    Found(Result<(Vec<StudyMatch>, bool), String>),
    Progress(Progress),
    Retrieved(Result<RetrievedSeries, String>),
}

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
        let mut finished = false;
        while let Ok(event) = task.receiver.try_recv() {
            match event {
                Event::Progress(progress) => task.progress = Some(progress),
                Event::Found(Ok((studies, truncated))) => {
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
                    finished = true;
                }
                Event::Retrieved(Ok(retrieved)) => {
                    let text = format!(
                        "Retrieved {} instances ({:.1} MB), complete, into {}",
                        retrieved.instances,
                        retrieved.bytes as f64 / 1e6,
                        retrieved.folder.display()
                    );
                    messages.set_status(text.clone());
                    self.status = Some((false, text));
                    finished = true;
                }
                Event::Found(Err(message)) | Event::Retrieved(Err(message)) => {
                    if !self.open {
                        messages.error(message.clone());
                    }
                    self.status = Some((true, message));
                    finished = true;
                }
            }
        }
        if finished {
            self.task = None;
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
                    self.status = Some((true, message));
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
        self.spawn(ctx, "Searching…", move |notifier, _| {
            let found = find_series(&server, &query).map_err(|error| error.to_string());
            notifier.send(Event::Found(found));
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
        self.spawn(ctx, &what, move |notifier, cancel| {
            let result = std::fs::create_dir_all(&folder)
                .map_err(|error| format!("could not create {}: {error}", folder.display()))
                .and_then(|()| {
                    retrieve_series(
                        &server,
                        &study.study_uid,
                        &series.series_uid,
                        &folder,
                        &mut |progress| {
                            notifier.send(Event::Progress(*progress));
                        },
                        &cancel,
                    )
                    .map_err(|error| error.to_string())
                });
            notifier.send(Event::Retrieved(result));
        });
    }

    fn spawn(
        &mut self,
        ctx: &egui::Context,
        what: &str,
        work: impl FnOnce(Notifier, Arc<AtomicBool>) + Send + 'static,
    ) {
        let (sender, receiver) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let worker_cancel = Arc::clone(&cancel);
        let notifier = Notifier {
            sender,
            ctx: ctx.clone(),
        };
        let spawned = std::thread::Builder::new()
            .name("caselens-pacs".to_owned())
            .spawn(move || work(notifier, worker_cancel));
        match spawned {
            Ok(_) => {
                self.status = None;
                self.task = Some(Task {
                    receiver,
                    cancel,
                    progress: None,
                    what: what.to_owned(),
                });
            }
            Err(error) => {
                self.status = Some((true, format!("could not start the transfer: {error}")))
            }
        }
    }
}

/// Sends an event to the dialog and wakes the window to show it.
struct Notifier {
    sender: Sender<Event>,
    ctx: egui::Context,
}

impl Notifier {
    fn send(&self, event: Event) {
        // The dialog may be gone (window closed): nothing is waiting for the event then.
        let _ = self.sender.send(event);
        self.ctx.request_repaint();
    }
}

/// The dialog's contents.
pub fn pacs_dialog_ui(ui: &mut egui::Ui, dialog: &mut PacsDialog, case_folder: Option<PathBuf>) {
    let busy = dialog.task.is_some();
    ui.add_enabled_ui(!busy, |ui| archive_ui(ui, dialog));
    ui.separator();
    ui.add_enabled_ui(!busy, |ui| search_fields_ui(ui, dialog));
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
        if let Some(task) = &dialog.task {
            if ui.button("Cancel").clicked() {
                task.cancel.store(true, Ordering::Relaxed);
            }
            match task.progress {
                Some(progress) => {
                    let fraction = progress.received as f32 / progress.expected.max(1) as f32;
                    ui.add(egui::ProgressBar::new(fraction).text(format!(
                        "{}/{} instances, {:.1} MB",
                        progress.received,
                        progress.expected,
                        progress.bytes as f64 / 1e6
                    )));
                }
                None => {
                    ui.spinner();
                    ui.label(&task.what);
                }
            }
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
