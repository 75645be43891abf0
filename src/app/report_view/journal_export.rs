//! Journal exports from the report view: the report as Word, PDF (A4 or US Letter) or a FHIR
//! R4 document, and the shown figure at a journal's column width (PNG, TIFF, SVG or vector
//! PDF). The same `report` functions as `caselens export --format docx|pdf|fhir` and
//! `caselens figure --preset`, written atomically; de-identification follows the view's
//! checkbox.

use super::ReportState;
use super::case_folder;
use crate::app::document::CaseDocument;
use crate::app::messages::Messages;
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

pub fn journal_export_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    report: &mut ReportState,
    messages: &mut Messages,
    kind: FigureKind,
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
        if ui
            .button(format!("Export {}…", state.format.label()))
            .clicked()
        {
            report_outcome(messages, export_document(document, report, &state));
        }
        if ui
            .button(format!(
                "Export {} figure at {}…",
                kind.label().to_lowercase(),
                state.preset.name()
            ))
            .clicked()
        {
            report_outcome(
                messages,
                export_preset_figure(document, report, &state, kind),
            );
        }
    });
}

/// An export's outcome goes to the one message channel: done in the status line, a failure
/// as an error to read.
fn report_outcome(messages: &mut Messages, outcome: Option<Result<String, String>>) {
    match outcome {
        Some(Ok(text)) => messages.set_status(text),
        Some(Err(text)) => messages.error(text),
        None => {}
    }
}

fn export_document(
    document: &CaseDocument,
    report: &ReportState,
    state: &JournalExportState,
) -> Option<Result<String, String>> {
    let extension = state.format.extension();
    let stem = if report.deidentify {
        "deidentified-report"
    } else {
        "report"
    };
    let path = rfd::FileDialog::new()
        .set_title("Export report")
        .set_file_name(format!("{stem}.{extension}"))
        .save_file()?;
    let folder = case_folder(document);
    let written = export_journal(
        document.case(),
        folder.as_deref(),
        state.format,
        state.paper,
        &report.report_options(),
    )
    .map_err(|error| error.to_string())
    .and_then(|document| {
        crate::io::write_atomic(&path, &document.bytes).map_err(|error| error.to_string())
    });
    Some(written.map(|()| format!("Exported {}", path.display())))
}

fn export_preset_figure(
    document: &CaseDocument,
    report: &ReportState,
    state: &JournalExportState,
    kind: FigureKind,
) -> Option<Result<String, String>> {
    let extension = state.figure_format.map_or("pdf", FigureFormat::extension);
    let path = rfd::FileDialog::new()
        .set_title("Export figure")
        .set_file_name(format!(
            "{}-{}.{extension}",
            kind.label().to_lowercase(),
            state.preset.name()
        ))
        .save_file()?;
    let folder = case_folder(document);
    let images = match kind {
        FigureKind::Trajectory => Vec::new(),
        FigureKind::Imaging => load_milestone_images(document.case(), folder.as_deref()),
    };
    let mut options = report.figure_options();
    options.preset = Some(state.preset);
    let format = state.figure_format.unwrap_or(FigureFormat::Svg);
    let written = figures::render_figure(document.case(), &images, kind, format, &options)
        .map_err(|error| error.to_string())
        .and_then(|bytes| match state.figure_format {
            None => crate::report::pdf::figure_pdf(&String::from_utf8_lossy(&bytes))
                .map_err(|error| error.to_string()),
            Some(_) => Ok(bytes),
        })
        .and_then(|bytes| {
            crate::io::write_atomic(&path, &bytes).map_err(|error| error.to_string())
        });
    Some(written.map(|()| format!("Exported {}", path.display())))
}
