//! The one shape every view has, and what a view asks of the others.
//!
//! A case view ([`CaseView`]: the trajectory, the imaging, the report, the overview) draws one
//! open case, changes it only through [`CaseDocument::edit`], reports through [`Messages`],
//! and asks for anything beyond its own state with a [`ViewRequest`]. A workspace view
//! ([`WorkspaceView`]: the comparison, the cohort) reads every open case and asks the
//! workspace for changes with a [`WorkspaceRequest`] instead of reaching into it.
//!
//! This module sits below the views: each of them imports it and it imports none of them.

use super::document::CaseDocument;
use super::messages::Messages;
use crate::model::Modality;

/// Something one view asks of another (the studies list beside the plots selects a study in
/// the imaging view, say); carried out after the frame by `CaseViews::apply`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewRequest {
    /// Select the study in the imaging view and move the time cursor to it.
    SelectMilestone(String),
    /// Select the study and bring the imaging view to the front.
    OpenMilestone(String),
    /// Add a study of this modality and bring the imaging view to the front.
    AddMilestone(Modality),
}

/// Something a workspace view asks of the workspace, carried out by the window after the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkspaceRequest {
    /// Open this patient of the reference cohort (index into its patients) as a case.
    OpenCohortPatient(usize),
    /// Leave the comparison or the cohort for the case in front.
    ShowCase,
}

/// A view of one open case.
pub trait CaseView {
    /// Draws the view of `document` for one frame.
    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        document: &mut CaseDocument,
        messages: &mut Messages,
    ) -> Option<ViewRequest>;
}

/// What a workspace view reads: every open case, in tab order, and the one in front.
#[derive(Clone, Copy, Debug)]
pub struct OpenDocuments<'a> {
    pub documents: &'a [&'a CaseDocument],
    pub active: Option<usize>,
}

impl<'a> OpenDocuments<'a> {
    /// The case in front, if any.
    pub fn active(&self) -> Option<&'a CaseDocument> {
        self.documents.get(self.active?).copied()
    }
}

/// A view of every open case at once.
pub trait WorkspaceView {
    /// Draws the view for one frame.
    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        cases: OpenDocuments<'_>,
        messages: &mut Messages,
    ) -> Option<WorkspaceRequest>;
}
