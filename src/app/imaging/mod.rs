//! The imaging view: milestones (A1–A3, B1–B4…), the image viewer, annotations, compare.

use crate::app::state::OpenCase;

/// View state of the imaging view of one case.
#[derive(Debug, Default)]
pub struct ImagingState {}

pub fn imaging_ui(ui: &mut egui::Ui, open: &mut OpenCase) {
    ui.heading("Imaging milestones");
    for milestone in &open.case.milestones {
        ui.label(format!("{} · {} · {}", milestone.label, milestone.modality.label(), milestone.findings));
    }
}
