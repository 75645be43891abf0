//! The views of one open case, each with its own state: which main view is in front, the
//! trajectory, the imaging and the report view. Saved view choices that belong to the case
//! (the marker layout, say) live in the case file; this is the rest, and it lives as long as
//! the case is open, so caches, textures and decoding threads are not rebuilt per frame.

use super::document::CaseDocument;
use super::imaging::ImagingState;
use super::messages::Messages;
use super::report_view::ReportState;
pub use super::requests::{CaseView, ViewRequest};
use super::trajectory::TrajectoryState;

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
pub struct CaseViews {
    pub main_view: MainView,
    pub trajectory: TrajectoryState,
    pub imaging: ImagingState,
    pub report: ReportState,
}

impl CaseViews {
    pub fn for_document(document: &CaseDocument) -> Self {
        Self {
            main_view: MainView::default(),
            trajectory: TrajectoryState::for_case(document.case(), document.timeline()),
            imaging: ImagingState::default(),
            report: ReportState::default(),
        }
    }

    /// The tabs of the main views and the one in front.
    pub fn main_view_ui(
        &mut self,
        ui: &mut egui::Ui,
        document: &mut CaseDocument,
        messages: &mut Messages,
    ) {
        ui.horizontal(|ui| {
            for view in MainView::ALL {
                ui.selectable_value(&mut self.main_view, view, view.label());
            }
        });
        ui.separator();
        // The study selected in the imaging view is the one highlighted beside the plots.
        self.trajectory
            .highlighted_study
            .clone_from(&self.imaging.selected_milestone);
        // Playback reveals the imaging view's studies, and their annotations, as it reaches
        // them, like the trajectory's overlays.
        self.imaging.reveal = self.trajectory.reveal();
        self.report.poll_export(messages);
        let view: &mut dyn CaseView = match self.main_view {
            MainView::Trajectory => &mut self.trajectory,
            MainView::Imaging => &mut self.imaging,
            MainView::Report => &mut self.report,
        };
        let request = view.ui(ui, document, messages);
        if let Some(request) = request {
            self.apply(request, document, messages);
        }
    }

    /// Carries out a request of one view to another.
    pub fn apply(
        &mut self,
        request: ViewRequest,
        document: &mut CaseDocument,
        messages: &mut Messages,
    ) {
        match request {
            ViewRequest::SelectMilestone(label) => self.select_milestone(document, label),
            ViewRequest::OpenMilestone(label) => {
                self.select_milestone(document, label);
                self.main_view = MainView::Imaging;
            }
            ViewRequest::AddMilestone(modality) => {
                super::imaging::add_milestone(document, &mut self.imaging, messages, modality);
                self.main_view = MainView::Imaging;
            }
        }
    }

    fn select_milestone(&mut self, document: &CaseDocument, label: String) {
        let position = document
            .case()
            .milestone(&label)
            .and_then(|milestone| milestone.time)
            .and_then(|time| document.timeline().position(time).ok());
        if let Some(position) = position {
            self.trajectory.time_cursor = Some(position);
        }
        self.imaging.select_milestone(label);
    }
}

impl CaseView for TrajectoryState {
    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        document: &mut CaseDocument,
        messages: &mut Messages,
    ) -> Option<ViewRequest> {
        super::trajectory::trajectory_ui(ui, document, self, messages)
    }
}

impl CaseView for ReportState {
    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        document: &mut CaseDocument,
        messages: &mut Messages,
    ) -> Option<ViewRequest> {
        super::report_view::report_ui(ui, document, self, messages);
        None
    }
}
