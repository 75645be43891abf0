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
mod single;
pub mod stack;
mod time_input;
mod viewer;
mod widgets;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use annotate::Tool;
pub use loader::{ImageCache, ImageEntry, color_image};
pub use time_input::{format_time, parse_time};
pub use viewer::{ViewTransform, ViewerState};

use crate::app::state::{CaseSource, OpenCase};
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
    /// Why the last edit was refused, for the user to read.
    pub last_refusal: Option<String>,
    gesture: Option<annotate::Gesture>,
    /// A text label being typed: where it goes and the text so far.
    pending_text: Option<(PixelPoint, String)>,
    /// The text label field was just opened and should take the keyboard focus.
    pending_text_fresh: bool,
    text_buffers: HashMap<String, String>,
    time_error: Option<String>,
    stats_cache: HashMap<String, Option<RegionStats>>,
    /// The study and image the viewer state belongs to; a new one starts fitted.
    viewer_target: Option<(String, usize)>,
    /// A CT series opened from a folder, shown instead of the selected study.
    pub stack: stack::StackViewerState,
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
            last_refusal: None,
            gesture: None,
            pending_text: None,
            pending_text_fresh: false,
            text_buffers: HashMap::new(),
            time_error: None,
            stats_cache: HashMap::new(),
            viewer_target: None,
            stack: stack::StackViewerState::default(),
        }
    }
}

pub fn imaging_ui(ui: &mut egui::Ui, open: &mut OpenCase) {
    // The view state is taken out while the case is edited, and put back at the end.
    let mut state = std::mem::take(&mut open.view.imaging);
    state.images.poll();
    if let Some(label) = &state.selected_milestone
        && !open
            .case
            .milestones
            .iter()
            .any(|milestone| &milestone.label == label)
    {
        state.selected_milestone = None;
    }
    if let Some(refusal) = state.last_refusal.clone() {
        ui.horizontal(|ui| {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Not applied: {refusal}"),
            );
            if ui.small_button("Dismiss").clicked() {
                state.last_refusal = None;
            }
        });
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
        .show(ui, |ui| list::milestones_ui(ui, open, &mut state));
    egui::CentralPanel::default().show(ui, |ui| {
        if state.stack.is_open() {
            stack::stack_viewer_ui(ui, &mut state.stack);
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
                compare::compare_ui(ui, open, &mut state, &label, &other)
            }
            _ => single::single_ui(ui, open, &mut state, &label),
        }
    });
    open.view.imaging = state;
}

/// Applies an edit to the study labelled `label`; a refused edit is shown, not lost silently.
pub(crate) fn edit_milestone(
    open: &mut OpenCase,
    state: &mut ImagingState,
    label: &str,
    description: String,
    change: impl FnOnce(&mut ImagingMilestone),
) {
    let result = open.edit(description, |case| {
        if let Some(milestone) = case
            .milestones
            .iter_mut()
            .find(|milestone| milestone.label == label)
        {
            change(milestone);
        }
    });
    report(state, result);
}

fn report(state: &mut ImagingState, result: Result<(), Vec<crate::model::Finding>>) {
    match result {
        Ok(()) => state.last_refusal = None,
        Err(findings) => {
            let text: Vec<String> = findings.iter().map(ToString::to_string).collect();
            state.last_refusal = Some(text.join("; "));
        }
    }
}

/// The folder image paths are relative to; `None` for a case that has no file yet.
pub fn case_folder(open: &OpenCase) -> Option<PathBuf> {
    match &open.source {
        CaseSource::File(path) => Some(
            path.parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(".")),
        ),
        CaseSource::Bundled(_) => None,
    }
}

/// Where an image of the case is on disk.
pub fn resolve_image(open: &OpenCase, image: &ImageRef) -> Option<PathBuf> {
    case_folder(open).map(|folder| folder.join(&image.path))
}

/// Attaches the image at `file` (any path) to the study `label`, storing it relative to the
/// case file's folder. Refused, with the reason, for a case that has no file yet.
pub fn attach_image(
    open: &mut OpenCase,
    state: &mut ImagingState,
    label: &str,
    file: &Path,
) -> Result<(), String> {
    let Some(folder) = case_folder(open) else {
        return Err(
            "this case has no file yet; save it first (image paths are stored relative to the case file's folder)"
                .to_owned(),
        );
    };
    let absolute_folder = folder.canonicalize().unwrap_or(folder);
    let absolute_file = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
    let relative = relative_path(&absolute_folder, &absolute_file).ok_or_else(|| {
        format!(
            "{} is on another drive than the case file; copy it next to the case",
            file.display()
        )
    })?;
    let name = relative.display().to_string();
    edit_milestone(
        open,
        state,
        label,
        format!("Attach {name} to {label}"),
        |milestone| {
            milestone.images.push(ImageRef::new(relative));
        },
    );
    match state.last_refusal.clone() {
        Some(refusal) => Err(refusal),
        None => Ok(()),
    }
}
