//! Structured case reports (Markdown, HTML, JSON, PDF/A-2b, Word, a FHIR R4 document
//! Bundle) and publication figures (SVG, PNG, at journal column widths).
//!
//! A report is built once as data ([`model::CaseReport`], following the CARE checklist) and
//! then rendered: JSON serializes it, Markdown and HTML walk it through the same
//! [`document::write_report`], so every format carries the same content. Nothing here knows
//! about egui; the app and `caselens export` call the same functions.
//!
//! - [`build`]: sections from the case; [`lab`] the laboratory course wording; [`care`] the
//!   checklist table; [`deidentify`] the free-text scrubber; `build_guidelines` the
//!   guideline checks (severe-illness criteria, plasma timing).
//! - [`images`]: milestone thumbnails, read only from inside the case folder.
//! - [`figures`]: the trajectory and imaging figures.
//! - [`pdf`], [`docx`], [`fhir`]: the same report laid out on pages, as Word, and as FHIR;
//!   [`journal`] is their common entry point.

pub mod build;
mod build_guidelines;
mod build_media;
mod care;
pub mod deidentify;
pub mod document;
mod document_diagnostic;
mod document_guidelines;
pub mod docx;
pub mod fhir;
pub mod figures;
pub mod html;
pub mod images;
pub mod journal;
mod lab;
pub mod markdown;
pub mod model;
pub mod pdf;
mod references;
mod words;

use std::path::Path;

pub use build::build_report;
pub use model::CaseReport;

use crate::model::Case;

/// What goes into a report.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportOptions {
    pub deidentify: bool,
    /// Draw the trajectory and imaging figures into the report.
    pub include_figures: bool,
    /// Markers, axis mode and size of the figures.
    pub figure: figures::FigureOptions,
    /// Whose criteria for severe illness the guideline checks apply, in order; empty for both.
    pub criteria: Vec<crate::analysis::guidelines::CriteriaSet>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        Self {
            deidentify: false,
            include_figures: true,
            figure: figures::FigureOptions::default(),
            criteria: crate::analysis::guidelines::CriteriaSet::ALL.to_vec(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportFormat {
    Markdown,
    Html,
    Json,
}

impl ReportFormat {
    pub const ALL: [Self; 3] = [Self::Html, Self::Markdown, Self::Json];

    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Html => "html",
            Self::Json => "json",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Markdown => "Markdown",
            Self::Html => "HTML",
            Self::Json => "JSON",
        }
    }
}

/// A rendered report: the main file and, for Markdown, the images it links to.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderedReport {
    pub text: String,
    /// (file name, bytes), to be written in the same folder as the main file.
    pub attachments: Vec<(String, Vec<u8>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("could not write the report as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Renders a built report. `file_stem` names the side files of a Markdown report
/// (`case-figure-1.svg`); it should be the stem of the main file.
pub fn render(
    report: &CaseReport,
    format: ReportFormat,
    file_stem: &str,
) -> Result<RenderedReport, ReportError> {
    match format {
        ReportFormat::Json => Ok(RenderedReport {
            text: serde_json::to_string_pretty(report)? + "\n",
            attachments: Vec::new(),
        }),
        ReportFormat::Markdown => {
            let mut sink = markdown::MarkdownSink::default();
            document::write_report(report, &mut sink, file_stem);
            Ok(RenderedReport {
                text: sink.text,
                attachments: sink.attachments,
            })
        }
        ReportFormat::Html => {
            let mut sink = html::HtmlSink::default();
            document::write_report(report, &mut sink, file_stem);
            Ok(RenderedReport {
                text: sink.finish(),
                attachments: Vec::new(),
            })
        }
    }
}

/// Loads the case's images (from inside `case_folder` only), builds and renders the report.
pub fn export_case(
    case: &Case,
    case_folder: Option<&Path>,
    format: ReportFormat,
    options: &ReportOptions,
    file_stem: &str,
) -> Result<RenderedReport, ReportError> {
    let images = images::load_milestone_images(case, case_folder);
    let report = build_report(case, &images, options);
    render(&report, format, file_stem)
}
