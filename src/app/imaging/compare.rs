//! Two studies side by side (B2 against B3, say), each with its marks, with zoom, pan and
//! window linked by default so the same region is read on both.

use super::FrameRequest;
use super::annotate;
use super::single::{frame_slider_ui, ready_image_ui, window_controls_ui};
use super::viewer::{self, ViewerState};
use super::{ImagingState, resolve_image};
use crate::app::document::CaseDocument;
use crate::model::{Annotation, ImagingMilestone};

pub fn compare_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut ImagingState,
    left_label: &str,
    right_label: &str,
) {
    let case = document.case();
    let (Some(left), Some(right)) = (case.milestone(left_label), case.milestone(right_label))
    else {
        state.compare_with = None;
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.strong(format!("Comparing {left_label} and {right_label}"));
        ui.checkbox(&mut state.link_views, "Link zoom, pan and window");
        if ui.button("Fit both").clicked() {
            state.viewer.transform.fit = true;
            state.compare_viewer.transform.fit = true;
        }
        if ui.button("Close comparison").clicked() {
            state.compare_with = None;
        }
    });
    let before = (state.viewer.clone(), state.compare_viewer.clone());
    let mut left_viewer = std::mem::take(&mut state.viewer);
    let mut right_viewer = std::mem::take(&mut state.compare_viewer);
    ui.columns(2, |columns| {
        if let [left_column, right_column] = columns {
            pane_ui(left_column, document, state, left, &mut left_viewer, 0);
            pane_ui(right_column, document, state, right, &mut right_viewer, 1);
        }
    });
    state.viewer = left_viewer;
    state.compare_viewer = right_viewer;
    if state.link_views {
        link(&before, &mut state.viewer, &mut state.compare_viewer);
    }
}

/// Copies zoom, pan and window from the pane that changed to the other. Fitted panes fit
/// each their own image, so only a zoom or pan the user made is copied.
fn link(before: &(ViewerState, ViewerState), left: &mut ViewerState, right: &mut ViewerState) {
    let left_changed = left.transform != before.0.transform || left.window != before.0.window;
    let right_changed = right.transform != before.1.transform || right.window != before.1.window;
    let (source, target) = if left_changed {
        (&*left, &mut *right)
    } else if right_changed {
        (&*right, &mut *left)
    } else {
        return;
    };
    if !source.transform.fit {
        target.transform = source.transform;
    }
    target.window = source.window;
}

fn pane_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut ImagingState,
    milestone: &ImagingMilestone,
    pane: &mut ViewerState,
    slot: usize,
) {
    let heading = match milestone.time {
        Some(time) => format!(
            "{} · {} · {time}",
            milestone.label,
            milestone.modality.label()
        ),
        None => format!(
            "{} · {} · no date",
            milestone.label,
            milestone.modality.label()
        ),
    };
    ui.strong(heading);
    let Some(image_ref) = milestone.images.first() else {
        ui.label("No image attached.");
        return;
    };
    let Some(path) = resolve_image(document, image_ref) else {
        ui.label("This case has no file yet, so its image paths cannot be resolved.");
        return;
    };
    let Some(image) = ready_image_ui(ui, state, &path) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        window_controls_ui(ui, pane, &image);
        frame_slider_ui(ui, pane, &image, true);
    });
    pane.frame = pane.frame.min(image.facts.frames.saturating_sub(1));
    let voi = pane.voi(&image);
    let request = FrameRequest {
        frame: pane.frame,
        voi,
        overlays: !pane.hide_overlays,
    };
    let texture = state.images.texture(ui.ctx(), &path, &image, request, slot);
    let size = egui::vec2(
        ui.available_width(),
        (ui.available_height() - 24.0).max(120.0),
    );
    let canvas_label = format!("Image of {}", milestone.label);
    let canvas = viewer::canvas_ui(ui, &canvas_label, size, &image, texture.as_ref(), pane);
    // Left drag pans here: the compare view reads, it does not draw.
    if canvas.response.dragged_by(egui::PointerButton::Primary) {
        viewer::pan(pane, canvas.response.drag_delta());
    }
    let marks: Vec<(usize, &Annotation)> = image_ref
        .annotations
        .iter()
        .enumerate()
        .filter(|(_, annotation)| annotation.frame == pane.frame)
        .collect();
    annotate::paint(
        &ui.painter_at(canvas.mapping.rect),
        &canvas.mapping,
        image.facts.pixel_spacing,
        &marks,
        None,
        None,
    );
    let facts = viewer::describe_facts(&image.facts);
    ui.add(egui::Label::new(egui::RichText::new(&facts).weak()).truncate())
        .on_hover_text(facts);
}
