//! The view state of one open case: which main view is in front and each view's own state.
//! Saved view choices that belong to the case (marker selection, say) live in the case file;
//! this is the rest.

use super::imaging::ImagingState;
use super::report_view::ReportState;
use super::trajectory::TrajectoryState;
use crate::model::{Case, Timeline};

/// The views of the main area.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MainView {
    #[default]
    Trajectory,
    Imaging,
    Report,
}

impl MainView {
    pub const ALL: [Self; 3] = [Self::Trajectory, Self::Imaging, Self::Report];

    pub fn label(self) -> &'static str {
        match self {
            Self::Trajectory => "Trajectory",
            Self::Imaging => "Imaging",
            Self::Report => "Report",
        }
    }
}

#[derive(Debug, Default)]
pub struct CaseView {
    pub main_view: MainView,
    pub trajectory: TrajectoryState,
    pub imaging: ImagingState,
    pub report: ReportState,
}

impl CaseView {
    pub fn for_case(case: &Case, timeline: &Timeline) -> Self {
        Self {
            main_view: MainView::default(),
            trajectory: TrajectoryState::for_case(case, timeline),
            imaging: ImagingState::default(),
            report: ReportState::default(),
        }
    }
}
