//! Export from the report view: a save dialog, then (on the worker thread of
//! [`super::export_job`]) the same report and figure functions as `caselens export` and
//! `caselens figure`, written atomically.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::ReportState;
use crate::app::document::CaseDocument;
use crate::app::job::Reporter;
use crate::model::Case;
use crate::report::figures::{self, FigureFormat, FigureKind, FigureOptions, JournalPreset};
use crate::report::images::{MilestoneImage, load_milestone_images};
use crate::report::journal::JournalFormat;
use crate::report::pdf::Paper;
use crate::report::{ReportFormat, ReportOptions, export_case};

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

/// Writes `bytes` to `path` unless the export was cancelled meanwhile.
pub(super) fn write_file(
    reporter: &Reporter<String>,
    path: &Path,
    bytes: &[u8],
) -> Result<(), String> {
    if reporter.is_cancelled() {
        return Err("cancelled".to_owned());
    }
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    reporter.progress(format!("Writing {name}…"));
    // The write error names the file and says what to do about it.
    crate::io::write_atomic(path, bytes).map_err(|error| error.to_string())
}

/// A report or figure that did not render: why, and what to change.
pub(super) fn not_rendered(error: impl std::fmt::Display) -> String {
    format!("{error}; change the export options")
}

/// The report (and its attachments beside it); says how many files were written.
pub(super) fn write_report(
    input: &ExportInput,
    path: &Path,
    reporter: &Reporter<String>,
) -> Result<String, String> {
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
    )
    .map_err(not_rendered)?;
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
) -> Result<String, String> {
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
    )
    .map_err(not_rendered)?;
    write_file(reporter, path, &bytes)?;
    Ok(format!("Exported {}", path.display()))
}
