//! The report view: the reviewer writes the free-text CARE sections (stored in the case file,
//! undoable), chooses the export options, sees a live preview of the report and of both
//! figures, and exports them. The preview and the exports use the same `report` functions
//! as `caselens export` and `caselens figure`, so what is seen is what is written.

mod export;
mod preview;

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::app::state::{CaseSource, OpenCase};
use crate::model::{Case, NarrativeSection};
use crate::report::figures::{self, FigureFormat, FigureKind, FigureOptions};
use crate::report::images::{MilestoneImage, load_milestone_images};
use crate::report::{ReportFormat, ReportOptions, build_report, document};

use export::{export_figure_with_dialog, export_report_with_dialog};
use preview::{Block, PreviewSink, blocks_ui};

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
    /// Trajectory panels; `None` for the default (the reference paper's Fig. 1 markers).
    pub markers: Option<Vec<String>>,
    pub tab: PreviewTab,
    /// The text being typed in each section; written to the case when the field loses focus.
    drafts: Vec<(NarrativeSection, String)>,
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
            markers: None,
            tab: PreviewTab::Report,
            drafts: Vec::new(),
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
    images: Vec<MilestoneImage>,
    blocks: Vec<Block>,
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
    fn report_options(&self) -> ReportOptions {
        ReportOptions {
            deidentify: self.deidentify,
            include_figures: self.include_figures,
            figure: self.figure_options(self.dpi),
        }
    }

    fn figure_options(&self, dpi: u32) -> FigureOptions {
        FigureOptions {
            dpi,
            markers: self.markers.clone().unwrap_or_default(),
            deidentify: self.deidentify,
            ..FigureOptions::default()
        }
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
    egui::Panel::left("report_editor")
        .resizable(true)
        .default_size(420.0)
        .size_range(280.0..=760.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                pending = narrative_ui(ui, &open.case, &mut open.view.report);
                ui.separator();
                options_ui(ui, &open.case, &mut open.view.report);
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

fn options_ui(ui: &mut egui::Ui, case: &Case, state: &mut ReportState) {
    ui.heading("Export options");
    ui.horizontal(|ui| {
        ui.label("Format");
        for format in ReportFormat::ALL {
            ui.selectable_value(&mut state.format, format, format.label());
        }
    });
    ui.checkbox(
        &mut state.deidentify,
        "De-identify (days instead of dates, no identifying fields)",
    );
    ui.checkbox(&mut state.include_figures, "Include figures");
    ui.horizontal(|ui| {
        let label = ui.label("Figure DPI");
        ui.add(
            egui::DragValue::new(&mut state.dpi)
                .range(72..=1200)
                .speed(10),
        )
        .labelled_by(label.id);
        ui.label("Figure format");
        ui.selectable_value(&mut state.figure_format, FigureFormat::Png, "PNG");
        ui.selectable_value(&mut state.figure_format, FigureFormat::Svg, "SVG");
    });
    ui.label(RichText::new("Trajectory markers").strong());
    let available: Vec<(String, String)> = case
        .series
        .iter()
        .filter(|series| !series.samples.is_empty())
        .map(|series| (series.marker.clone(), series.display_name()))
        .collect();
    let mut chosen = state.markers.clone().unwrap_or_else(|| {
        figures::trajectory::DEFAULT_MARKERS
            .iter()
            .filter(|id| available.iter().any(|(marker, _)| marker == *id))
            .map(|id| (*id).to_owned())
            .collect()
    });
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        for (marker, name) in &available {
            let mut shown = chosen.contains(marker);
            if ui.checkbox(&mut shown, name).changed() {
                changed = true;
                if shown {
                    chosen.push(marker.clone());
                } else {
                    chosen.retain(|known| known != marker);
                }
            }
        }
    });
    if changed {
        // Keep the case's series order, which is the order of the panels.
        let order = |marker: &String| available.iter().position(|(known, _)| known == marker);
        chosen.sort_by_key(order);
        state.markers = Some(chosen);
    }
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

/// Rebuilds the preview when the case or an option that changes the content has changed.
fn refresh_cache(ctx: &egui::Context, open: &mut OpenCase) {
    let folder = case_folder(open);
    let state = &mut open.view.report;
    let stale = state.cache.as_ref().is_none_or(|cache| {
        cache.case != open.case
            || cache.deidentify != state.deidentify
            || cache.markers != state.markers
    });
    if !stale {
        return;
    }
    // Images are decoded once per case content; options alone do not reload them.
    let images = match state.cache.take() {
        Some(cache) if cache.case.milestones == open.case.milestones => cache.images,
        _ => load_milestone_images(&open.case, folder.as_deref()),
    };
    let options = ReportOptions {
        include_figures: false,
        ..state.report_options()
    };
    let report = build_report(&open.case, &images, &options);
    let mut sink = PreviewSink::default();
    document::write_report(&report, &mut sink, "preview");
    state.cache = Some(PreviewCache {
        case: open.case.clone(),
        deidentify: state.deidentify,
        markers: state.markers.clone(),
        images,
        blocks: sink.blocks,
        trajectory: None,
        imaging: None,
    });
    ctx.request_repaint();
}

fn preview_ui(ui: &mut egui::Ui, state: &mut ReportState) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Preview").strong());
        ui.selectable_value(&mut state.tab, PreviewTab::Report, "Report");
        ui.selectable_value(&mut state.tab, PreviewTab::Trajectory, "Trajectory figure");
        ui.selectable_value(&mut state.tab, PreviewTab::Imaging, "Imaging figure");
    });
    ui.separator();
    let figure_options = state.figure_options(PREVIEW_DPI);
    let tab = state.tab;
    let Some(cache) = state.cache.as_mut() else {
        return;
    };
    egui::ScrollArea::both()
        .id_salt("report_preview")
        .show(ui, |ui| match tab {
            PreviewTab::Report => blocks_ui(ui, &cache.blocks),
            PreviewTab::Trajectory | PreviewTab::Imaging => {
                let kind = if tab == PreviewTab::Imaging {
                    FigureKind::Imaging
                } else {
                    FigureKind::Trajectory
                };
                let slot = if kind == FigureKind::Imaging {
                    &mut cache.imaging
                } else {
                    &mut cache.trajectory
                };
                let texture = slot.get_or_insert_with(|| {
                    figure_texture(ui.ctx(), &cache.case, &cache.images, kind, &figure_options)
                });
                match texture {
                    Ok(texture) => {
                        ui.add(
                            egui::Image::new((texture.id(), texture.size_vec2()))
                                .max_width(ui.available_width()),
                        );
                    }
                    Err(message) => {
                        ui.label(RichText::new(message.as_str()).color(ui.visuals().warn_fg_color));
                    }
                }
            }
        });
}

fn figure_texture(
    ctx: &egui::Context,
    case: &Case,
    images: &[MilestoneImage],
    kind: FigureKind,
    options: &FigureOptions,
) -> Result<egui::TextureHandle, String> {
    let png = figures::render_figure(case, images, kind, FigureFormat::Png, options)
        .map_err(|error| error.to_string())?;
    let decoded = image::load_from_memory(&png)
        .map_err(|error| error.to_string())?
        .to_rgba8();
    let size = [decoded.width() as usize, decoded.height() as usize];
    let color_image = egui::ColorImage::from_rgba_unmultiplied(size, decoded.as_raw());
    Ok(ctx.load_texture(
        format!("report-figure-{}", kind.label()),
        color_image,
        egui::TextureOptions::LINEAR,
    ))
}
