//! The imaging view: the list of studies (A1–A3, B1–B4…) with their structured reading on
//! the left, and the image viewer with annotation tools, or two studies side by side, on the
//! right. Every change of the case goes through [`OpenCase::edit`], so it is validated,
//! undoable and saved with the case; images are decoded off the UI thread ([`loader`]).

mod annotate;
mod compare;
mod editor;
pub(crate) mod list;
mod loader;
mod marks;
mod reading;
mod series_link;
mod single;
pub mod stack;
mod study_edits;
mod time_input;
mod viewer;
mod widgets;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use annotate::Tool;
pub use loader::{DecodeError, FrameRequest, ImageCache, ImageEntry, color_image};
pub use time_input::{TimeInputError, format_time, parse_time};
pub use viewer::{ViewTransform, ViewerState};

use crate::app::document::{CaseDocument, CaseSource, EditRefused};
use crate::app::messages::Messages;
use crate::app::requests::{CaseView, ViewRequest};
use crate::io::image::{RegionStats, relative_path};
use crate::model::{ImageRef, ImagingMilestone, PixelPoint};

/// View state of the imaging view of one case.
#[derive(Debug)]
pub struct ImagingState {
    /// The selected study, by label; shared with the trajectory view.
    pub selected_milestone: Option<String>,
    /// Which image of the selected study is shown.
    pub selected_image: usize,
    /// The study shown beside the selected one; `Some` turns the compare view on.
    pub compare_with: Option<String>,
    /// Compare view: zoom, pan and window move together.
    pub link_views: bool,
    pub viewer: ViewerState,
    pub compare_viewer: ViewerState,
    pub tool: Tool,
    /// Index of the selected annotation in the shown image.
    pub selected_annotation: Option<usize>,
    pub images: ImageCache,
    /// Refusals and failures of this frame, delivered to the message channel at its end.
    notices: Vec<Notice>,
    gesture: Option<annotate::Gesture>,
    /// A text label being typed: where it goes and the text so far.
    pending_text: Option<(PixelPoint, String)>,
    /// The text label field was just opened and should take the keyboard focus.
    pending_text_fresh: bool,
    text_buffers: HashMap<String, String>,
    time_error: Option<TimeInputError>,
    stats_cache: HashMap<String, Option<RegionStats>>,
    /// The study and image the viewer state belongs to; a new one starts fitted.
    viewer_target: Option<(String, usize)>,
    /// A CT series opened from a folder, shown instead of the selected study.
    pub stack: stack::StackViewerState,
    /// Another study's series beside it, linked by table position.
    pub stack_beside: Option<stack::StackPair>,
    /// The trajectory's playback rule, so a class sees no study (nor its annotations) before
    /// the sweep reaches it; set by `CaseViews` each frame.
    pub reveal: crate::analysis::overlays::Reveal,
}

/// Whether the study labelled `label` may be shown: always without playback; during
/// playback only a dated study the sweep has reached.
pub fn study_reached(
    document: &CaseDocument,
    reveal: crate::analysis::overlays::Reveal,
    label: &str,
) -> bool {
    if reveal.until().is_none() {
        return true;
    }
    document
        .case()
        .milestone(label)
        .and_then(|milestone| milestone.time)
        .and_then(|time| document.timeline().position(time).ok())
        .is_some_and(|position| reveal.reached(position))
}

impl Default for ImagingState {
    fn default() -> Self {
        Self {
            selected_milestone: None,
            selected_image: 0,
            compare_with: None,
            link_views: true,
            viewer: ViewerState::default(),
            compare_viewer: ViewerState::default(),
            tool: Tool::default(),
            selected_annotation: None,
            images: ImageCache::default(),
            notices: Vec::new(),
            gesture: None,
            pending_text: None,
            pending_text_fresh: false,
            text_buffers: HashMap::new(),
            time_error: None,
            stats_cache: HashMap::new(),
            viewer_target: None,
            stack: stack::StackViewerState::default(),
            stack_beside: None,
            reveal: Default::default(),
        }
    }
}

impl CaseView for ImagingState {
    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        document: &mut CaseDocument,
        messages: &mut Messages,
    ) -> Option<ViewRequest> {
        imaging_ui(ui, document, self, messages);
        None
    }
}

fn imaging_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut ImagingState,
    messages: &mut Messages,
) {
    state.images.poll();
    if let Some(label) = &state.selected_milestone
        && document.case().milestone(label).is_none()
    {
        state.selected_milestone = None;
    }
    let reveal = state.reveal;
    if let Some(label) = &state.selected_milestone
        && !study_reached(document, reveal, label)
    {
        state.selected_milestone = None;
    }
    if let Some(label) = &state.compare_with
        && !study_reached(document, reveal, label)
    {
        state.compare_with = None;
    }
    ui.horizontal(|ui| {
        if ui.button("Open CT series…").clicked()
            && let Some(folder) = rfd::FileDialog::new().pick_folder()
        {
            state.stack.open_folder(&folder);
        }
    });
    egui::Panel::left("imaging_milestones")
        .resizable(true)
        .default_size(330.0)
        .size_range(240.0..=600.0)
        .show(ui, |ui| list::milestones_ui(ui, document, state));
    egui::CentralPanel::default().show(ui, |ui| {
        if state.stack.is_open() {
            series_link::keep_key_slices_ui(ui, document, state);
            series_link::compare_series_ui(ui, document, state);
            stacks_ui(ui, document, state);
            return;
        }
        let Some(label) = state.selected_milestone.clone() else {
            ui.centered_and_justified(|ui| {
                ui.label("Select a study on the left, or add one.");
            });
            return;
        };
        match state.compare_with.clone() {
            Some(other) if other != label => {
                compare::compare_ui(ui, document, state, &label, &other)
            }
            _ => single::single_ui(ui, document, state, &label),
        }
    });
    state.deliver_notices(messages);
}

/// The open series, alone or with another study's beside it; then what was drawn on their
/// slices goes to the document.
fn stacks_ui(ui: &mut egui::Ui, document: &mut CaseDocument, state: &mut ImagingState) {
    let kept = series_link::kept_series(document, &state.stack);
    match state.stack_beside.as_mut() {
        None => stack::stack_viewer_ui(ui, &mut state.stack, kept),
        Some(pair) => {
            let kept_right = series_link::kept_series(document, &pair.right);
            if stack::pair_ui(ui, &mut state.stack, pair, (kept, kept_right)) {
                state.stack_beside = None;
            }
        }
    }
    let beside = state
        .stack_beside
        .as_mut()
        .map(|pair| pair.right.take_failures());
    for failure in state
        .stack
        .take_failures()
        .into_iter()
        .chain(beside.into_iter().flatten())
    {
        state.note_failure(failure);
    }
    series_link::apply_slice_edits(document, state, false);
    series_link::apply_slice_edits(document, state, true);
    if !state.stack.is_open() {
        state.stack_beside = None;
    }
}

/// Adds an empty study of `modality` with its suggested label and selects it.
pub fn add_milestone(
    document: &mut CaseDocument,
    state: &mut ImagingState,
    messages: &mut Messages,
    modality: crate::model::Modality,
) {
    list::add_milestone(document, state, modality);
    state.deliver_notices(messages);
}

/// Applies an edit to the study labelled `label`; returns whether it was applied. A refused
/// edit goes to the message channel at the end of the frame, not lost silently.
pub(crate) fn edit_milestone(
    document: &mut CaseDocument,
    state: &mut ImagingState,
    label: &str,
    description: String,
    change: impl FnOnce(&mut ImagingMilestone),
) -> bool {
    let result = document.edit(description, |case| {
        if let Some(milestone) = case.milestone_mut(label) {
            change(milestone);
        }
    });
    state.note_outcome(result)
}

/// The folder image paths are relative to; `None` for a case that has no file yet.
pub fn case_folder(document: &CaseDocument) -> Option<PathBuf> {
    match document.source() {
        CaseSource::File(path) => Some(
            path.parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(".")),
        ),
        CaseSource::Bundled(_) | CaseSource::Cohort { .. } => None,
    }
}

/// What the imaging view has to tell the user this frame.
#[derive(Debug)]
enum Notice {
    Refused(EditRefused),
    Failed(String),
}

impl ImagingState {
    /// Selects a study (from another view, say); a new study starts at its first image.
    pub fn select_milestone(&mut self, label: String) {
        if self.selected_milestone.as_deref() != Some(label.as_str()) {
            self.selected_image = 0;
            self.selected_annotation = None;
        }
        self.selected_milestone = Some(label);
    }

    /// Records the outcome of an edit; returns whether it was applied.
    fn note_outcome(&mut self, outcome: Result<(), EditRefused>) -> bool {
        match outcome {
            Ok(()) => true,
            Err(refusal) => {
                self.notices.push(Notice::Refused(refusal));
                false
            }
        }
    }

    /// Records something that failed outside an edit (an export, an image that did not attach).
    fn note_failure(&mut self, message: String) {
        self.notices.push(Notice::Failed(message));
    }

    fn deliver_notices(&mut self, messages: &mut Messages) {
        for notice in self.notices.drain(..) {
            match notice {
                Notice::Refused(refusal) => messages.refused(&refusal),
                Notice::Failed(text) => messages.error(text),
            }
        }
    }
}

/// `path` relative to the case folder `folder`, both resolved first (links, `..`); `None`
/// when they share no root (another drive).
pub(crate) fn relative_to_folder(folder: &Path, path: &Path) -> Option<PathBuf> {
    let resolved = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    relative_path(&resolved(folder), &resolved(path))
}

/// Where an image of the case is on disk.
pub fn resolve_image(document: &CaseDocument, image: &ImageRef) -> Option<PathBuf> {
    case_folder(document).map(|folder| folder.join(&image.path))
}

/// Why an image could not be attached to a study; nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AttachError {
    #[error(
        "this case has no file yet; save it first (image paths are stored relative to the case file's folder)"
    )]
    NoCaseFile,
    #[error("{} is on another drive than the case file; copy it next to the case", file.display())]
    OtherDrive { file: PathBuf },
}

/// Attaches the image at `file` (any path) to the study `label`, storing it relative to the
/// case file's folder. Refused, with the reason, for a case that has no file yet.
///
/// # Errors
/// When the case has no file yet or `file` shares no root with it.
pub fn attach_image(
    document: &mut CaseDocument,
    state: &mut ImagingState,
    label: &str,
    file: &Path,
) -> Result<(), AttachError> {
    let Some(folder) = case_folder(document) else {
        return Err(AttachError::NoCaseFile);
    };
    let relative = relative_to_folder(&folder, file).ok_or_else(|| AttachError::OtherDrive {
        file: file.to_path_buf(),
    })?;
    let name = relative.display().to_string();
    // A refused edit is reported by `edit_milestone` itself.
    edit_milestone(
        document,
        state,
        label,
        format!("Attach {name} to {label}"),
        |milestone| {
            milestone.images.push(ImageRef::new(relative));
        },
    );
    Ok(())
}
