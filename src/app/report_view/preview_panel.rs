//! The preview panel: the report as blocks, or one figure drawn at screen density with the
//! export's options. The imaging figure waits for the images the worker thread decodes.

use egui::RichText;

use super::preview::blocks_ui;
use super::{PreviewTab, ReportState};
use crate::model::Case;
use crate::report::figures::{self, FigureFormat, FigureKind, FigureOptions};
use crate::report::images::MilestoneImage;

pub(super) fn preview_ui(ui: &mut egui::Ui, case: &crate::model::Case, state: &mut ReportState) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Preview").strong());
        ui.selectable_value(&mut state.tab, PreviewTab::Report, "Report");
        ui.selectable_value(&mut state.tab, PreviewTab::Trajectory, "Trajectory figure");
        ui.selectable_value(&mut state.tab, PreviewTab::Imaging, "Imaging figure");
    });
    ui.separator();
    let tab = state.tab;
    let images = state.ready_images().cloned();
    if images.is_none() {
        ui.label(RichText::new("Preparing figures…").weak());
    }
    let Some(cache) = state.cache.as_mut() else {
        return;
    };
    egui::ScrollArea::both()
        .id_salt("report_preview")
        .show(ui, |ui| {
            let kind = match tab {
                PreviewTab::Report => {
                    blocks_ui(ui, &cache.blocks);
                    return;
                }
                PreviewTab::Trajectory => FigureKind::Trajectory,
                PreviewTab::Imaging => FigureKind::Imaging,
            };
            // The imaging figure tiles the decoded images: it waits for them.
            let images = match (kind, images) {
                (_, Some(images)) => images,
                (FigureKind::Trajectory, None) => Default::default(),
                (FigureKind::Imaging, None) => return,
            };
            let slot = match kind {
                FigureKind::Imaging => &mut cache.imaging,
                FigureKind::Trajectory => &mut cache.trajectory,
            };
            let texture = slot.get_or_insert_with(|| {
                figure_texture(ui.ctx(), case, &images, kind, &cache.figure_options)
            });
            match texture {
                Ok(texture) => {
                    ui.add(
                        egui::Image::new((texture.id(), texture.size_vec2()))
                            .max_width(ui.available_width())
                            .alt_text(format!("{} figure preview", kind.label())),
                    );
                }
                Err(message) => {
                    ui.label(RichText::new(message.as_str()).color(ui.visuals().warn_fg_color));
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
