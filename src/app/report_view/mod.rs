//! The report view: the reviewer corrects the case details and writes the free-text CARE
//! sections (stored in the case file, undoable), chooses the export options, sees a live
//! preview of the report and of both figures, and exports them. The preview and the exports
//! use the same `report` functions as `caselens export` and `caselens figure`, so what is
//! seen is what is written. Milestone images are decoded on a worker thread.

mod details;
mod export;
mod journal_export;
mod options;
mod preview;
mod preview_images;
mod preview_panel;

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::analysis::time_axis::AxisMode;
use crate::app::document::CaseDocument;
use crate::app::messages::Messages;
use crate::model::{Case, NarrativeSection};
use crate::report::figures::{self, FigureFormat, FigureKind, FigureOptions};
use crate::report::images::MilestoneImage;
use crate::report::{ReportFormat, ReportOptions, build_report, document};

use details::{DetailDrafts, DetailField, details_ui};
use export::{export_figure_with_dialog, export_report_with_dialog};
use options::options_ui;
use preview::{Block, PreviewSink};
use preview_images::PreviewImages;
use preview_panel::preview_ui;

/// Figures in the preview are drawn at screen density; exports use the chosen DPI.
const PREVIEW_DPI: u32 = 96;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PreviewTab {
    #[default]
    Report,
    Trajectory,
    Imaging,
}

/// View state of the report view of one case.
#[derive(Debug)]
pub struct ReportState {
    pub format: ReportFormat,
    pub deidentify: bool,
    pub include_figures: bool,
    pub dpi: u32,
    pub figure_format: FigureFormat,
    /// Width of exported figure files in pixels; `None` for 7 inches at their density.
    pub width_px: Option<u32>,
    /// Time axis of the figures; `None` for the case's preferred mode.
    pub axis: Option<AxisMode>,
    /// Trajectory panels; `None` for the default (the reference paper's Fig. 1 markers).
    pub markers: Option<Vec<String>>,
    /// Draw the reference cohort's bands (with their legend) in the trajectory figure.
    pub cohort_bands: bool,
    pub tab: PreviewTab,
    /// The text being typed in each section; written to the case when the field loses focus.
    drafts: Vec<(NarrativeSection, String)>,
    details: DetailDrafts,
    /// The milestone images, decoded (or being decoded) off the UI thread.
    images: Option<PreviewImages>,
    cache: Option<PreviewCache>,
    pub journal: journal_export::JournalExportState,
}

impl Default for ReportState {
    fn default() -> Self {
        Self {
            format: ReportFormat::Html,
            deidentify: false,
            include_figures: true,
            dpi: figures::DEFAULT_DPI,
            figure_format: FigureFormat::Png,
            width_px: None,
            axis: None,
            markers: None,
            cohort_bands: false,
            tab: PreviewTab::Report,
            drafts: Vec::new(),
            details: DetailDrafts::default(),
            images: None,
            cache: None,
            journal: journal_export::JournalExportState::default(),
        }
    }
}

/// What the preview was built from, and what it shows.
struct PreviewCache {
    /// The document generation the preview shows: a new edit, undo or redo rebuilds it.
    generation: u64,
    deidentify: bool,
    markers: Option<Vec<String>>,
    /// Whether the blocks were built with the decoded images (not while they are decoding).
    with_images: bool,
    blocks: Vec<Block>,
    /// What the figure textures were drawn with.
    figure_options: FigureOptions,
    trajectory: Option<Result<egui::TextureHandle, String>>,
    imaging: Option<Result<egui::TextureHandle, String>>,
}

impl std::fmt::Debug for PreviewCache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("PreviewCache")
            .field("blocks", &self.blocks.len())
            .finish_non_exhaustive()
    }
}

impl ReportState {
    /// The options of an exported report: its figures keep their default width, as with
    /// `caselens export`.
    fn report_options(&self) -> ReportOptions {
        ReportOptions {
            deidentify: self.deidentify,
            include_figures: self.include_figures,
            figure: FigureOptions {
                width_px: None,
                ..self.figure_options()
            },
            ..ReportOptions::default()
        }
    }

    /// The options of an exported figure file, as `caselens figure` would take them.
    pub fn figure_options(&self) -> FigureOptions {
        FigureOptions {
            width_px: self.width_px,
            dpi: self.dpi,
            markers: self.markers.clone().unwrap_or_default(),
            axis: self.axis,
            deidentify: self.deidentify,
            // Once the cohort has loaded (the checkbox starts it); the preview follows.
            cohort: self
                .cohort_bands
                .then(crate::app::cohort_reference::if_loaded)
                .flatten()
                .map(|reference| figures::FigureCohort(reference.cohort.clone())),
            ..FigureOptions::default()
        }
    }

    /// The figure at screen density with the same physical width as the export, so the
    /// preview has the export's layout.
    fn preview_figure_options(&self) -> FigureOptions {
        let density = self.export_density();
        FigureOptions {
            dpi: PREVIEW_DPI,
            width_px: self
                .width_px
                .map(|width| (f64::from(width) * f64::from(PREVIEW_DPI) / density).round() as u32),
            ..self.figure_options()
        }
    }

    /// The decoded milestone images, once ready.
    fn ready_images(&self) -> Option<&std::sync::Arc<Vec<MilestoneImage>>> {
        self.images.as_ref().and_then(PreviewImages::ready)
    }
}

fn case_folder(document: &CaseDocument) -> Option<PathBuf> {
    document.source().folder().map(Path::to_path_buf)
}

pub fn report_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut ReportState,
    messages: &mut Messages,
) {
    let mut pending: Option<(NarrativeSection, String)> = None;
    let mut pending_detail: Option<(DetailField, String)> = None;
    egui::Panel::left("report_editor")
        .resizable(true)
        .default_size(420.0)
        .size_range(280.0..=760.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                pending_detail = details_ui(ui, document.case(), &mut state.details);
                ui.separator();
                pending = narrative_ui(ui, document.case(), state);
                ui.separator();
                options_ui(ui, document.case(), document.timeline(), state);
                ui.separator();
                export_ui(ui, document, state, messages);
            });
        });
    if let Some((section, text)) = pending {
        let description = format!("Edit report section: {}", section.label());
        messages
            .edit_outcome(document.edit(description, |case| case.narrative.set(section, &text)));
    }
    if let Some((field, text)) = pending_detail {
        // A refused field keeps its text and names the refused field beside it, where the
        // reviewer types; the reason goes to the message channel like every other refusal.
        let outcome = document.edit(field.edit_description(), |case| field.apply(case, &text));
        let error = outcome.as_ref().err().map(|refusal| {
            let paths: Vec<&str> = refusal
                .reasons
                .iter()
                .map(|reason| reason.path.as_str())
                .collect();
            format!("{} (the reason is in the message above)", paths.join(", "))
        });
        messages.edit_outcome(outcome);
        state.details.set_outcome(field, error);
    }
    refresh_cache(ui.ctx(), document, state);
    preview_ui(ui, document.case(), state);
}

/// The free-text sections; returns a section to write when its field lost focus changed.
fn narrative_ui(
    ui: &mut egui::Ui,
    case: &Case,
    state: &mut ReportState,
) -> Option<(NarrativeSection, String)> {
    ui.heading("Report sections");
    ui.label(RichText::new("Stored in the case file. Each change is one undoable edit.").weak());
    let mut pending = None;
    for section in NarrativeSection::ALL {
        let stored = case.narrative.slot(section).clone().unwrap_or_default();
        let index = match state.drafts.iter().position(|(known, _)| *known == section) {
            Some(index) => index,
            None => {
                state.drafts.push((section, stored.clone()));
                state.drafts.len() - 1
            }
        };
        let Some((_, draft)) = state.drafts.get_mut(index) else {
            continue;
        };
        let label = ui.label(
            RichText::new(format!(
                "{} (CARE item {})",
                section.label(),
                section.care_item()
            ))
            .strong(),
        );
        let response = ui
            .add(
                egui::TextEdit::multiline(draft)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY)
                    .hint_text("Not written yet"),
            )
            .labelled_by(label.id);
        if response.lost_focus() {
            if draft.trim() != stored.trim() {
                pending = Some((section, draft.clone()));
            }
        } else if !response.has_focus() && *draft != stored {
            // Undo, redo or another view changed the case: show what it holds now.
            *draft = stored;
        }
    }
    pending
}

fn figure_kind_of(tab: PreviewTab) -> FigureKind {
    match tab {
        PreviewTab::Imaging => FigureKind::Imaging,
        _ => FigureKind::Trajectory,
    }
}

fn export_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut ReportState,
    messages: &mut Messages,
) {
    ui.heading("Export");
    let format_label = state.format.label();
    ui.horizontal(|ui| {
        let report_clicked = ui
            .button(format!("Export report ({format_label})…"))
            .clicked();
        let figure_kind = match state.tab {
            PreviewTab::Imaging => FigureKind::Imaging,
            _ => FigureKind::Trajectory,
        };
        let figure_clicked = ui
            .button(format!(
                "Export {} figure…",
                figure_kind.label().to_lowercase()
            ))
            .clicked();
        let outcome = if report_clicked {
            export_report_with_dialog(document, state)
        } else if figure_clicked {
            export_figure_with_dialog(document, state, figure_kind)
        } else {
            None
        };
        match outcome {
            Some(Ok(text)) => messages.set_status(text),
            Some(Err(text)) => messages.error(text),
            None => {}
        }
    });
    let kind = figure_kind_of(state.tab);
    journal_export::journal_export_ui(ui, document, state, messages, kind);
}

/// Starts decoding the images when the milestones changed, and rebuilds the preview when the
/// case, an option that changes the content, or the decoded images have changed.
fn refresh_cache(ctx: &egui::Context, document: &CaseDocument, state: &mut ReportState) {
    let folder = case_folder(document);
    // Images are decoded once per milestone content; other edits and options do not reload them.
    let images_current = state
        .images
        .as_ref()
        .is_some_and(|images| images.is_for(document.case(), folder.as_deref()));
    if !images_current {
        state.images = Some(PreviewImages::start(ctx, document.case(), folder));
    }
    if let Some(images) = state.images.as_mut() {
        images.poll();
    }
    let images = state.ready_images().cloned();
    let figure_options = state.preview_figure_options();
    let stale = state.cache.as_ref().is_none_or(|cache| {
        cache.generation != document.generation()
            || cache.deidentify != state.deidentify
            || cache.markers != state.markers
            || cache.with_images != images.is_some()
    });
    if !stale {
        if let Some(cache) = state.cache.as_mut()
            && cache.figure_options != figure_options
        {
            cache.figure_options = figure_options;
            cache.trajectory = None;
            cache.imaging = None;
        }
        return;
    }
    let options = ReportOptions {
        include_figures: false,
        ..state.report_options()
    };
    let report = build_report(
        document.case(),
        images.as_ref().map_or(&[][..], |images| images.as_slice()),
        &options,
    );
    let mut sink = PreviewSink::default();
    document::write_report(&report, &mut sink, "preview");
    state.cache = Some(PreviewCache {
        generation: document.generation(),
        deidentify: state.deidentify,
        markers: state.markers.clone(),
        with_images: images.is_some(),
        blocks: sink.blocks,
        figure_options,
        trajectory: None,
        imaging: None,
    });
    ctx.request_repaint();
}
