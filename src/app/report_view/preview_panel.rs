//! The preview panel: the report as blocks, or one figure drawn at screen density with the
//! export's options. Both are built on worker threads ([`super::preview_jobs`]); while one
//! builds, the panel shows a spinner with Cancel above what was shown before.

use egui::RichText;

use super::preview::blocks_ui;
use super::{PreviewTab, ReportState};
use crate::app::job::busy_ui;
use crate::report::figures::FigureKind;

pub(super) fn preview_ui(ui: &mut egui::Ui, state: &mut ReportState) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Preview").strong());
        ui.selectable_value(&mut state.tab, PreviewTab::Report, "Report");
        ui.selectable_value(&mut state.tab, PreviewTab::Trajectory, "Trajectory figure");
        ui.selectable_value(&mut state.tab, PreviewTab::Imaging, "Imaging figure");
    });
    ui.separator();
    let kind = match state.tab {
        PreviewTab::Report => None,
        PreviewTab::Trajectory => Some(FigureKind::Trajectory),
        PreviewTab::Imaging => Some(FigureKind::Imaging),
    };
    if kind == Some(FigureKind::Imaging) && state.ready_images().is_none() {
        ui.label(RichText::new("Preparing figures…").weak());
    }
    match kind {
        None => report_preview_ui(ui, state),
        Some(kind) => figure_preview_ui(ui, state, kind),
    }
}

fn report_preview_ui(ui: &mut egui::Ui, state: &mut ReportState) {
    let slot = &mut state.previews.report;
    if let Some(job) = slot.running()
        && busy_ui(ui, job.what(), None)
    {
        slot.cancel();
    }
    if slot.is_stopped() {
        ui.horizontal(|ui| {
            ui.label(RichText::new("The preview was not built.").weak());
            if ui.button("Build preview").clicked() {
                slot.retry();
            }
        });
    }
    let Some(blocks) = slot.shown() else {
        return;
    };
    egui::ScrollArea::both()
        .id_salt("report_preview")
        .show(ui, |ui| blocks_ui(ui, blocks));
}

fn figure_preview_ui(ui: &mut egui::Ui, state: &mut ReportState, kind: FigureKind) {
    let slot = state.previews.figure_slot(kind);
    if let Some(job) = slot.running()
        && busy_ui(ui, job.what(), None)
    {
        slot.cancel();
    }
    if slot.is_stopped() {
        ui.horizontal(|ui| {
            ui.label(RichText::new("The figure was not drawn.").weak());
            if ui.button("Draw figure").clicked() {
                slot.retry();
            }
        });
    }
    let Some(shown) = slot.shown() else {
        return;
    };
    egui::ScrollArea::both()
        .id_salt("report_preview")
        .show(ui, |ui| match shown {
            Ok(texture) => {
                ui.add(
                    egui::Image::new((texture.id(), texture.size_vec2()))
                        .max_width(ui.available_width())
                        .alt_text(format!("{} figure preview", kind.label())),
                );
            }
            Err(_) => {
                ui.label(
                    RichText::new("Not drawn; the reason is in the messages.")
                        .color(ui.visuals().warn_fg_color),
                );
            }
        });
}
