//! The report view: the reviewer corrects the case details and writes the free-text CARE
//! sections (stored in the case file, undoable), chooses the export options, sees a live
//! preview of the report and of both figures, and exports them. The preview and the exports
//! use the same `report` functions as `caselens export` and `caselens figure`, so what is
//! seen is what is written. Milestone images are decoded on a worker thread.

mod details;
mod export;
mod options;
mod preview;
mod preview_images;
mod preview_panel;

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::analysis::time_axis::AxisMode;
use crate::app::state::{CaseSource, OpenCase};
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
    pub tab: PreviewTab,
    /// The text being typed in each section; written to the case when the field loses focus.
    drafts: Vec<(NarrativeSection, String)>,
    details: DetailDrafts,
    /// The milestone images, decoded (or being decoded) off the UI thread.
    images: Option<PreviewImages>,
    cache: Option<PreviewCache>,
    /// The last export's outcome: (is an error, message).
    pub message: Option<(bool, String)>,
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
            tab: PreviewTab::Report,
            drafts: Vec::new(),
            details: DetailDrafts::default(),
            images: None,
            cache: None,
            message: None,
        }
    }
}

/// What the preview was built from, and what it shows.
struct PreviewCache {
    case: Case,
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

fn case_folder(open: &OpenCase) -> Option<PathBuf> {
    match &open.source {
        CaseSource::File(path) => path.parent().map(Path::to_path_buf),
        CaseSource::Bundled(_) => None,
    }
}

pub fn report_ui(ui: &mut egui::Ui, open: &mut OpenCase) {
    let mut pending: Option<(NarrativeSection, String)> = None;
    let mut pending_detail: Option<(DetailField, String)> = None;
    egui::Panel::left("report_editor")
        .resizable(true)
        .default_size(420.0)
        .size_range(280.0..=760.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                pending_detail = details_ui(ui, &open.case, &mut open.view.report.details);
                ui.separator();
                pending = narrative_ui(ui, &open.case, &mut open.view.report);
                ui.separator();
                options_ui(ui, &open.case, &open.timeline, &mut open.view.report);
                ui.separator();
                export_ui(ui, open);
            });
        });
    if let Some((section, text)) = pending {
        let description = format!("Edit report section: {}", section.label());
        if let Err(errors) = open.edit(description, |case| case.narrative.set(section, &text)) {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            open.view.report.message = Some((true, format!("Not saved: {first}")));
        }
    }
    if let Some((field, text)) = pending_detail {
        let outcome = open.edit(field.edit_description(), |case| field.apply(case, &text));
        let error = outcome.err().map(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        });
        open.view.report.details.set_outcome(field, error);
    }
    refresh_cache(ui.ctx(), open);
    preview_ui(ui, &mut open.view.report);
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

fn export_ui(ui: &mut egui::Ui, open: &mut OpenCase) {
    ui.heading("Export");
    let format_label = open.view.report.format.label();
    let tab = open.view.report.tab;
    ui.horizontal(|ui| {
        let report_clicked = ui
            .button(format!("Export report ({format_label})…"))
            .clicked();
        let figure_kind = match tab {
            PreviewTab::Imaging => FigureKind::Imaging,
            _ => FigureKind::Trajectory,
        };
        let figure_clicked = ui
            .button(format!(
                "Export {} figure…",
                figure_kind.label().to_lowercase()
            ))
            .clicked();
        if report_clicked {
            let outcome = export_report_with_dialog(open);
            open.view.report.message = outcome.map(|result| match result {
                Ok(text) => (false, text),
                Err(text) => (true, text),
            });
        }
        if figure_clicked {
            let outcome = export_figure_with_dialog(open, figure_kind);
            open.view.report.message = outcome.map(|result| match result {
                Ok(text) => (false, text),
                Err(text) => (true, text),
            });
        }
    });
    if let Some((is_error, text)) = &open.view.report.message {
        let color = if *is_error {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().weak_text_color()
        };
        ui.label(RichText::new(text).color(color));
    }
}

/// Starts decoding the images when the milestones changed, and rebuilds the preview when the
/// case, an option that changes the content, or the decoded images have changed.
fn refresh_cache(ctx: &egui::Context, open: &mut OpenCase) {
    let folder = case_folder(open);
    let state = &mut open.view.report;
    // Images are decoded once per milestone content; other edits and options do not reload them.
    let images_current = state
        .images
        .as_ref()
        .is_some_and(|images| images.is_for(&open.case, folder.as_deref()));
    if !images_current {
        state.images = Some(PreviewImages::start(ctx, &open.case, folder));
    }
    if let Some(images) = state.images.as_mut() {
        images.poll();
    }
    let images = state.ready_images().cloned();
    let figure_options = state.preview_figure_options();
    let stale = state.cache.as_ref().is_none_or(|cache| {
        cache.case != open.case
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
        &open.case,
        images.as_ref().map_or(&[][..], |images| images.as_slice()),
        &options,
    );
    let mut sink = PreviewSink::default();
    document::write_report(&report, &mut sink, "preview");
    state.cache = Some(PreviewCache {
        case: open.case.clone(),
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
