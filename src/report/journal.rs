//! The formats a journal or a record system takes: Word and PDF reports (built from the same
//! [`CaseReport`] as Markdown and HTML) and the FHIR R4 document. Figures in Word and PDF are
//! drawn at a journal's two-column width (170 mm, the A4 text width) unless another preset is
//! chosen, so their text is at least 8 pt on the page.

use std::path::Path;

use super::figures::JournalPreset;
use super::pdf::{Conformance, Paper};
use super::{CaseReport, ReportOptions, build_report, images};
use crate::model::Case;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JournalFormat {
    Docx,
    Pdf,
    Fhir,
}

impl JournalFormat {
    pub const ALL: [Self; 3] = [Self::Docx, Self::Pdf, Self::Fhir];

    pub fn extension(self) -> &'static str {
        match self {
            Self::Docx => "docx",
            Self::Pdf => "pdf",
            Self::Fhir => "fhir.json",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Docx => "Word (DOCX)",
            Self::Pdf => "PDF",
            Self::Fhir => "FHIR R4 document",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error(transparent)]
    Pdf(#[from] super::pdf::PdfError),
    #[error(transparent)]
    Docx(#[from] super::docx::DocxError),
    #[error("could not write the FHIR document as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// A written document and, for PDF, whether it met PDF/A-2b.
pub struct JournalDocument {
    pub bytes: Vec<u8>,
    pub conformance: Option<Conformance>,
}

/// The report options a journal format uses: figures at a journal width by default.
pub fn journal_options(options: &ReportOptions) -> ReportOptions {
    let mut options = options.clone();
    options.figure.preset = options.figure.preset.or(Some(JournalPreset::Jmcr2Col));
    options.figure.deidentify = options.deidentify;
    options
}

/// Renders an already built report.
pub fn render_journal(
    case: &Case,
    report: &CaseReport,
    format: JournalFormat,
    paper: Paper,
    deidentify: bool,
) -> Result<JournalDocument, JournalError> {
    match format {
        JournalFormat::Pdf => {
            let (bytes, conformance) = super::pdf::report_pdf(report, paper)?;
            Ok(JournalDocument {
                bytes,
                conformance: Some(conformance),
            })
        }
        JournalFormat::Docx => Ok(JournalDocument {
            bytes: super::docx::report_docx(report, paper)?,
            conformance: None,
        }),
        JournalFormat::Fhir => {
            let bundle = super::fhir::document_bundle(case, report, deidentify);
            Ok(JournalDocument {
                bytes: (serde_json::to_string_pretty(&bundle)? + "\n").into_bytes(),
                conformance: None,
            })
        }
    }
}

/// Loads the case's images (from inside `case_folder` only), builds and renders.
pub fn export_journal(
    case: &Case,
    case_folder: Option<&Path>,
    format: JournalFormat,
    paper: Paper,
    options: &ReportOptions,
) -> Result<JournalDocument, JournalError> {
    let images = images::load_milestone_images(case, case_folder);
    let options = journal_options(options);
    let report = build_report(case, &images, &options);
    render_journal(case, &report, format, paper, options.deidentify)
}
