//! Export from the report view: a save dialog, then (on the worker thread of
//! [`super::export_job`]) the same report and figure functions as `caselens export` and
//! `caselens figure`, written atomically.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::ReportState;
use crate::app::document::CaseDocument;
use crate::app::job::Reporter;
use crate::io::WriteError;
use crate::model::Case;
use crate::report::figures::FigureError;
use crate::report::figures::{self, FigureFormat, FigureKind, FigureOptions, JournalPreset};
use crate::report::images::{MilestoneImage, load_milestone_images};
use crate::report::journal::JournalError;
use crate::report::journal::JournalFormat;
use crate::report::pdf::Paper;
use crate::report::pdf::PdfError;
use crate::report::{ReportError, ReportFormat, ReportOptions, export_case};

/// Which file the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// The report in the chosen format (HTML, Markdown…).
    Report,
    /// One figure in the chosen figure format.
    Figure(FigureKind),
    /// The report as Word, PDF or FHIR (the journal panel).
    Journal,
    /// One figure at the journal's column width.
    JournalFigure(FigureKind),
}

/// What an export is written from, taken from the view when the user asked.
pub(super) struct ExportInput {
    pub case: Case,
    pub folder: Option<PathBuf>,
    pub report_format: ReportFormat,
    pub report_options: ReportOptions,
    pub figure_format: FigureFormat,
    pub figure_options: FigureOptions,
    pub journal_format: JournalFormat,
    pub paper: Paper,
    pub preset: JournalPreset,
    /// Figure file format at the journal's width: PNG, TIFF, SVG, or `None` for vector PDF.
    pub journal_figure_format: Option<FigureFormat>,
    /// The preview's decoded images when current; otherwise the export reads its own.
    pub images: Option<Arc<Vec<MilestoneImage>>>,
}

fn suggested_stem(document: &CaseDocument, deidentify: bool) -> String {
    if deidentify {
        return "deidentified-report".to_owned();
    }
    let name = document.source().short_name();
    let name = name.trim_end_matches(" (bundled)");
    Path::new(name).file_stem().map_or_else(
        || "report".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    )
}

/// Where to write the report; `None` when the user cancelled the dialog.
pub(super) fn pick_report_path(document: &CaseDocument, state: &ReportState) -> Option<PathBuf> {
    let extension = state.format.extension();
    rfd::FileDialog::new()
        .set_title("Export report")
        .add_filter(state.format.label(), &[extension])
        .set_file_name(format!(
            "{}.{extension}",
            suggested_stem(document, state.deidentify)
        ))
        .save_file()
}

/// Where to write the figure; `None` when the user cancelled the dialog.
pub(super) fn pick_figure_path(
    document: &CaseDocument,
    state: &ReportState,
    kind: FigureKind,
) -> Option<PathBuf> {
    let extension = state.figure_format.extension();
    rfd::FileDialog::new()
        .set_title("Export figure")
        .add_filter(extension.to_uppercase(), &[extension])
        .set_file_name(format!(
            "{}-{}.{extension}",
            suggested_stem(document, state.deidentify),
            kind.label().to_lowercase()
        ))
        .save_file()
}

/// Why an export wrote no file, or not all of its files. A report or figure that did not
/// render says why and to change the options; a write error names the file.
#[derive(Debug, thiserror::Error)]
pub(super) enum ExportError {
    #[error("cancelled")]
    Cancelled,
    #[error("{0}; change the export options")]
    Report(#[from] ReportError),
    #[error("{0}; change the export options")]
    Journal(#[from] JournalError),
    #[error("{0}; change the export options")]
    Figure(#[from] FigureError),
    #[error("{0}; change the export options")]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The worker stopped without an answer (it panicked).
    #[error("it stopped without an answer")]
    Lost,
}

/// An export that failed, with the file the user chose; its text is the message shown.
#[derive(Debug, thiserror::Error)]
#[error("{}", failure_text(.path, .source))]
pub(super) struct ExportFailed {
    pub path: PathBuf,
    #[source]
    pub source: ExportError,
}

/// Which file, why, and what to do; the cause is not repeated when it names the file itself.
fn failure_text(path: &Path, source: &ExportError) -> String {
    let shown = path.display().to_string();
    if let ExportError::Lost = source {
        return format!(
            "Exporting {shown} stopped without an answer. Export again; if it fails again, choose another format."
        );
    }
    let error = source.to_string();
    if error.contains(&shown) {
        format!("Export: {error}. Fix that, then export again.")
    } else {
        format!("Could not export {shown}: {error}, then export again.")
    }
}

/// Writes `bytes` to `path` unless the export was cancelled meanwhile.
pub(super) fn write_file(
    reporter: &Reporter<String>,
    path: &Path,
    bytes: &[u8],
) -> Result<(), ExportError> {
    if reporter.is_cancelled() {
        return Err(ExportError::Cancelled);
    }
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    reporter.progress(format!("Writing {name}…"));
    // The write error names the file and says what to do about it.
    Ok(crate::io::write_atomic(path, bytes)?)
}

/// The report (and its attachments beside it); says how many files were written.
pub(super) fn write_report(
    input: &ExportInput,
    path: &Path,
    reporter: &Reporter<String>,
) -> Result<String, ExportError> {
    let stem = path.file_stem().map_or_else(
        || "report".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    );
    let rendered = export_case(
        &input.case,
        input.folder.as_deref(),
        input.report_format,
        &input.report_options,
        &stem,
    )?;
    write_file(reporter, path, rendered.text.as_bytes())?;
    let target_folder = path.parent().unwrap_or(Path::new("."));
    for (name, bytes) in &rendered.attachments {
        write_file(reporter, &target_folder.join(name), bytes)?;
    }
    let count = 1 + rendered.attachments.len();
    Ok(format!(
        "Exported {} ({count} file{})",
        path.display(),
        if count == 1 { "" } else { "s" }
    ))
}

/// One figure file, in the chosen format.
pub(super) fn write_figure(
    input: &ExportInput,
    kind: FigureKind,
    path: &Path,
    reporter: &Reporter<String>,
) -> Result<String, ExportError> {
    // The preview's images when they were decoded and current; otherwise this export reads
    // its own, as the user asked for the file.
    let read;
    let images: &[MilestoneImage] = match (kind, &input.images) {
        (FigureKind::Trajectory, _) => &[],
        (FigureKind::Imaging, Some(images)) => images.as_slice(),
        (FigureKind::Imaging, None) => {
            read = load_milestone_images(&input.case, input.folder.as_deref());
            &read
        }
    };
    let bytes = figures::render_figure(
        &input.case,
        images,
        kind,
        input.figure_format,
        &input.figure_options,
    )?;
    write_file(reporter, path, &bytes)?;
    Ok(format!("Exported {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_export_names_the_file_and_what_to_do() {
        let lost = ExportFailed {
            path: PathBuf::from("/out/report.docx"),
            source: ExportError::Lost,
        };
        assert_eq!(
            lost.to_string(),
            "Exporting /out/report.docx stopped without an answer. Export again; if it fails again, choose another format."
        );
        let cancelled = ExportFailed {
            path: PathBuf::from("/out/figure.svg"),
            source: ExportError::Cancelled,
        };
        assert_eq!(
            cancelled.to_string(),
            "Could not export /out/figure.svg: cancelled, then export again."
        );
    }
}
