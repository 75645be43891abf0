//! Journal exports from the report view: the report as Word, PDF (A4 or US Letter) or a FHIR
//! R4 document, and the shown figure at a journal's column width (PNG, TIFF, SVG or vector
//! PDF). The same `report` functions as `caselens export --format docx|pdf|fhir` and
//! `caselens figure --preset`, written atomically on the export's worker thread
//! ([`super::export_job`]); de-identification follows the view's checkbox.

use std::path::{Path, PathBuf};

use super::ReportState;
use super::export::{ExportError, ExportInput, ExportKind, write_file};
use crate::app::job::Reporter;
use crate::report::figures::{self, FigureFormat, FigureKind, JournalPreset};
use crate::report::images::load_milestone_images;
use crate::report::journal::{JournalFormat, export_journal};
use crate::report::pdf::Paper;

/// The choices of the journal export panel.
#[derive(Clone, Debug, PartialEq)]
pub struct JournalExportState {
    pub format: JournalFormat,
    pub paper: Paper,
    pub preset: JournalPreset,
    /// Figure file format: PNG, TIFF, SVG, or `None` for vector PDF.
    pub figure_format: Option<FigureFormat>,
}

impl Default for JournalExportState {
    fn default() -> Self {
        Self {
            format: JournalFormat::Pdf,
            paper: Paper::A4,
            preset: JournalPreset::Jmcr2Col,
            figure_format: None,
        }
    }
}

/// The journal export panel; the buttons wait while another export runs (`busy`).
pub fn journal_export_ui(
    ui: &mut egui::Ui,
    report: &mut ReportState,
    kind: FigureKind,
    busy: bool,
) {
    ui.separator();
    ui.label("For a journal or a record system");
    let mut state = report.journal.clone();
    ui.horizontal_wrapped(|ui| {
        for format in JournalFormat::ALL {
            ui.selectable_value(&mut state.format, format, format.label());
        }
        if state.format != JournalFormat::Fhir {
            for paper in Paper::ALL {
                ui.selectable_value(&mut state.paper, paper, paper.label());
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Figure size:");
        egui::ComboBox::from_id_salt("journal-preset")
            .selected_text(state.preset.label())
            .show_ui(ui, |ui| {
                for preset in JournalPreset::ALL {
                    ui.selectable_value(&mut state.preset, preset, preset.label());
                }
            })
            .response
            .labelled_by(label.id);
        for (format, label) in [
            (None, "PDF"),
            (Some(FigureFormat::Tiff), "TIFF"),
            (Some(FigureFormat::Png), "PNG"),
            (Some(FigureFormat::Svg), "SVG"),
        ] {
            ui.selectable_value(&mut state.figure_format, format, label);
        }
    });
    report.journal = state.clone();
    ui.horizontal(|ui| {
        let document_clicked = ui
            .add_enabled(
                !busy,
                egui::Button::new(format!("Export {}…", state.format.label())),
            )
            .clicked();
        let figure_clicked = ui
            .add_enabled(
                !busy,
                egui::Button::new(format!(
                    "Export {} figure at {}…",
                    kind.label().to_lowercase(),
                    state.preset.name()
                )),
            )
            .clicked();
        if document_clicked && let Some(path) = pick_document_path(report, &state) {
            report.export_to(ExportKind::Journal, path);
        }
        if figure_clicked && let Some(path) = pick_preset_figure_path(&state, kind) {
            report.export_to(ExportKind::JournalFigure(kind), path);
        }
    });
}

fn pick_document_path(report: &ReportState, state: &JournalExportState) -> Option<PathBuf> {
    let extension = state.format.extension();
    let stem = if report.deidentify {
        "deidentified-report"
    } else {
        "report"
    };
    rfd::FileDialog::new()
        .set_title("Export report")
        .set_file_name(format!("{stem}.{extension}"))
        .save_file()
}

fn pick_preset_figure_path(state: &JournalExportState, kind: FigureKind) -> Option<PathBuf> {
    let extension = state.figure_format.map_or("pdf", FigureFormat::extension);
    rfd::FileDialog::new()
        .set_title("Export figure")
        .set_file_name(format!(
            "{}-{}.{extension}",
            kind.label().to_lowercase(),
            state.preset.name()
        ))
        .save_file()
}

/// The report as Word, PDF or FHIR (the worker's part).
pub(super) fn write_document(
    input: &ExportInput,
    path: &Path,
    reporter: &Reporter<String>,
) -> Result<String, ExportError> {
    let document = export_journal(
        &input.case,
        input.folder.as_deref(),
        input.journal_format,
        input.paper,
        &input.report_options,
    )?;
    write_file(reporter, path, &document.bytes)?;
    Ok(format!("Exported {}", path.display()))
}

/// The figure at the journal's column width (the worker's part).
pub(super) fn write_preset_figure(
    input: &ExportInput,
    kind: FigureKind,
    path: &Path,
    reporter: &Reporter<String>,
) -> Result<String, ExportError> {
    let images = match kind {
        FigureKind::Trajectory => Vec::new(),
        FigureKind::Imaging => load_milestone_images(&input.case, input.folder.as_deref()),
    };
    let mut options = input.figure_options.clone();
    options.preset = Some(input.preset);
    let format = input.journal_figure_format.unwrap_or(FigureFormat::Svg);
    let bytes = figures::render_figure(&input.case, &images, kind, format, &options)?;
    let bytes = match input.journal_figure_format {
        None => crate::report::pdf::figure_pdf(&String::from_utf8_lossy(&bytes))?,
        Some(_) => bytes,
    };
    write_file(reporter, path, &bytes)?;
    Ok(format!("Exported {}", path.display()))
}
