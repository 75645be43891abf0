//! Exports run on a worker thread ([`crate::app::job`]): the file the user chose is written
//! from the case as it was when they asked, so editing on meanwhile changes neither the file
//! nor the case. One export runs at a time (the buttons wait, with a spinner and Cancel);
//! its outcome goes to the messages once — done in the status line, a failure as an error
//! that names the file and says what to do.

use std::path::{Path, PathBuf};

use super::ReportState;
use super::export::{
    ExportError, ExportFailed, ExportInput, ExportKind, write_figure, write_report,
};
use super::journal_export::{write_document, write_preset_figure};
use crate::app::document::CaseDocument;
use crate::app::job::{Job, Polled, Reporter, busy_ui};
use crate::app::messages::Messages;

/// What an export answers: the status line once written, or why it failed.
type Exported = Result<String, ExportFailed>;

/// The export being written; its progress is the step being done.
pub(super) struct RunningExport {
    path: PathBuf,
    job: Job<Exported, String>,
}

impl std::fmt::Debug for RunningExport {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("RunningExport")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl ReportState {
    /// Writes `kind` to `path` on a worker thread, from the next frame on (what the export
    /// buttons do once a file is chosen); ignored while another export runs.
    pub fn export_to(&mut self, kind: ExportKind, path: PathBuf) {
        if self.export.is_none() {
            self.export_request = Some((kind, path));
        }
    }

    /// Takes in a finished export's outcome; called every frame whichever view is in front,
    /// so an export's outcome is reported when it ends, not when the Report view is next shown.
    pub fn poll_export(&mut self, messages: &mut Messages) {
        poll_export(self, messages);
    }

    /// Whether an export is asked for or being written.
    pub fn is_exporting(&self) -> bool {
        self.export_request.is_some() || self.export.is_some()
    }
}

/// Starts the export asked for, from the case as it is now.
pub(super) fn start_export(
    ctx: &egui::Context,
    document: &CaseDocument,
    state: &mut ReportState,
    messages: &mut Messages,
) {
    let Some((kind, path)) = state.export_request.take() else {
        return;
    };
    let folder = super::case_folder(document);
    let images = state
        .images
        .as_ref()
        .filter(|images| images.is_for(document.case(), folder.as_deref()))
        .and_then(|images| images.ready().cloned());
    let input = ExportInput {
        case: document.case().clone(),
        folder,
        report_format: state.format,
        report_options: state.report_options(),
        figure_format: state.figure_format,
        figure_options: state.figure_options(),
        journal_format: state.journal.format,
        paper: state.journal.paper,
        preset: state.journal.preset,
        journal_figure_format: state.journal.figure_format,
        images,
    };
    let what = format!("Exporting {}…", shown_name(&path));
    let thread_path = path.clone();
    let spawned = Job::spawn(ctx, "export", what, move |reporter| {
        run_export(kind, &input, &thread_path, reporter)
    });
    match spawned {
        Ok(job) => state.export = Some(RunningExport { path, job }),
        Err(error) => messages.error(format!(
            "Could not start exporting {}: {error}. Nothing was written; close other work and export again.",
            path.display()
        )),
    }
}

/// Takes in the export's outcome once it has finished.
pub(super) fn poll_export(state: &mut ReportState, messages: &mut Messages) {
    let Some(running) = state.export.as_mut() else {
        return;
    };
    let outcome = match running.job.poll() {
        Polled::Running => return,
        Polled::Done(outcome) => outcome,
        Polled::Lost => Err(ExportFailed {
            path: running.path.clone(),
            source: ExportError::Lost,
        }),
    };
    state.export = None;
    match outcome {
        Ok(done) => messages.set_status(done),
        Err(failure) => messages.error(failure.to_string()),
    }
}

/// The running export's spinner and Cancel button.
pub(super) fn export_progress_ui(
    ui: &mut egui::Ui,
    state: &mut ReportState,
    messages: &mut Messages,
) {
    let Some(running) = &state.export else {
        return;
    };
    let text = running
        .job
        .progress()
        .cloned()
        .unwrap_or_else(|| running.job.what().to_owned());
    if busy_ui(ui, &text, None) {
        // Dropping the job tells the worker to stop; it writes no file after that.
        messages.set_status(format!(
            "Cancelled the export to {}",
            running.path.display()
        ));
        state.export = None;
    }
}

fn shown_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// The worker's part: renders and writes; a failure names the file and what to do.
fn run_export(
    kind: ExportKind,
    input: &ExportInput,
    path: &Path,
    reporter: &Reporter<String>,
) -> Exported {
    let written = match kind {
        ExportKind::Report => write_report(input, path, reporter),
        ExportKind::Figure(figure) => write_figure(input, figure, path, reporter),
        ExportKind::Journal => write_document(input, path, reporter),
        ExportKind::JournalFigure(figure) => write_preset_figure(input, figure, path, reporter),
    };
    written.map_err(|source| ExportFailed {
        path: path.to_path_buf(),
        source,
    })
}
