//! The trajectory view: the markers of a stay as stacked, synchronized time-series plots.

use crate::app::panels::markers::markers_ui;
use crate::app::state::OpenCase;
use crate::model::{Case, Timeline};

/// View state of the trajectory view of one case.
#[derive(Debug, Default)]
pub struct TrajectoryState {}

impl TrajectoryState {
    pub fn for_case(_case: &Case, _timeline: &Timeline) -> Self {
        Self::default()
    }
}

pub fn trajectory_ui(ui: &mut egui::Ui, open: &mut OpenCase) {
    egui::ScrollArea::both().show(ui, |ui| markers_ui(ui, open));
}
