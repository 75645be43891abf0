//! The report view: the reviewer corrects the case details and writes the free-text CARE
//! sections (stored in the case file, undoable), chooses the export options, sees a live
//! preview of the report and of both figures, and exports them. The preview and the exports
//! use the same `report` functions as `caselens export` and `caselens figure`, so what is
//! seen is what is written. The milestone images, the report preview, the figure previews
//! and every export run on worker threads ([`crate::app::job`]): the view shows a spinner
//! with Cancel meanwhile and never waits on them.

mod details;
mod export;
mod export_job;
mod journal_export;
mod options;
mod preview;
mod preview_images;
mod preview_jobs;
mod preview_panel;

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::analysis::time_axis::AxisMode;
use crate::app::document::CaseDocument;
use crate::app::messages::Messages;
use crate::model::{Case, NarrativeSection};
use crate::report::figures::{self, FigureFormat, FigureKind, FigureOptions};
use crate::report::images::MilestoneImage;
use crate::report::{ReportFormat, ReportOptions};

use details::{DetailDrafts, DetailField, details_ui};
pub use export::ExportKind;
use export::{pick_figure_path, pick_report_path};
use export_job::{RunningExport, export_progress_ui, poll_export, start_export};
use options::options_ui;
use preview_images::PreviewImages;
use preview_jobs::{FigureKey, Previews, ReportKey, Wanted};
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
    /// The report and figure previews, built off the UI thread once per generation.
    previews: Previews,
    pub journal: journal_export::JournalExportState,
    /// An export asked for (file chosen) and not started yet: it starts on the next frame.
    export_request: Option<(ExportKind, PathBuf)>,
    export: Option<RunningExport>,
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
            previews: Previews::default(),
            journal: journal_export::JournalExportState::default(),
            export_request: None,
            export: None,
        }
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

    /// How many report previews have been built; one per edit or option change, never one
    /// per frame.
    pub fn preview_builds(&self) -> u64 {
        self.previews.builds
    }

    /// Whether the preview is still being prepared: the images decoding, or the report
    /// being built from them.
    pub fn is_preparing_preview(&self) -> bool {
        self.images
            .as_ref()
            .is_some_and(|images| images.ready().is_none())
            || self.previews.report.running().is_some()
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
    poll_export(state, messages);
    start_export(ui.ctx(), document, state, messages);
    refresh_previews(ui.ctx(), document, state, messages);
    preview_ui(ui, state);
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
    let busy = state.is_exporting();
    let figure_kind = figure_kind_of(state.tab);
    ui.horizontal(|ui| {
        let report_clicked = ui
            .add_enabled(
                !busy,
                egui::Button::new(format!("Export report ({format_label})…")),
            )
            .clicked();
        let figure_clicked = ui
            .add_enabled(
                !busy,
                egui::Button::new(format!(
                    "Export {} figure…",
                    figure_kind.label().to_lowercase()
                )),
            )
            .clicked();
        if report_clicked && let Some(path) = pick_report_path(document, state) {
            state.export_to(ExportKind::Report, path);
        }
        if figure_clicked && let Some(path) = pick_figure_path(document, state, figure_kind) {
            state.export_to(ExportKind::Figure(figure_kind), path);
        }
    });
    journal_export::journal_export_ui(ui, state, figure_kind, busy);
    export_progress_ui(ui, state, messages);
}

/// Starts decoding the images when the milestones changed, and has the previews rebuilt
/// when the case, an option that changes their content, or the decoded images have changed.
fn refresh_previews(
    ctx: &egui::Context,
    document: &CaseDocument,
    state: &mut ReportState,
    messages: &mut Messages,
) {
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
    let generation = document.generation();
    let report = ReportKey {
        generation,
        deidentify: state.deidentify,
        markers: state.markers.clone(),
        with_images: images.is_some(),
    };
    // Only the figure of the shown tab is drawn; the imaging figure tiles the decoded images,
    // so it waits for them.
    let figure = match state.tab {
        PreviewTab::Report => None,
        PreviewTab::Trajectory => Some(FigureKind::Trajectory),
        PreviewTab::Imaging => images.is_some().then_some(FigureKind::Imaging),
    }
    .map(|kind| FigureKey {
        generation,
        kind,
        options: state.preview_figure_options(),
        // The trajectory figure does not show the images: their arrival does not redraw it.
        with_images: kind == FigureKind::Imaging,
    });
    let file = document.source().short_name();
    let wanted = Wanted {
        case: document.case(),
        file: &file,
        report,
        report_options: ReportOptions {
            include_figures: false,
            ..state.report_options()
        },
        figure,
        images,
    };
    state.previews.refresh(ctx, wanted, messages);
}
