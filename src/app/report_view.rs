//! The report view: structured case report and figures, with export.

use crate::app::state::OpenCase;

/// View state of the report view of one case.
#[derive(Debug, Default)]
pub struct ReportState {}

pub fn report_ui(ui: &mut egui::Ui, _open: &mut OpenCase) {
    ui.heading("Report");
    ui.label("The structured case report is not available in this build yet.");
}
