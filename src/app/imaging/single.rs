//! One study in the viewer: the toolbar (tools, window presets, fit, 1:1, frames, compare,
//! export), the canvas with its annotations, the header facts and the list of annotations
//! with their measurements and notes.

use std::path::PathBuf;
use std::sync::Arc;

use super::annotate::{self, Action};
use super::viewer::{self, ViewerState};
use super::{FrameRequest, ImageEntry, ImagingState, Tool, edit_milestone, resolve_image};
use crate::app::document::CaseDocument;
use crate::app::shortcuts::{ViewKey, view_key_pressed};
use crate::io::image::{DecodedImage, Voi, WindowPreset, burn_in_annotations, write_png};
use crate::model::{Annotation, ImagingMilestone};

/// Height kept under the canvas for the facts and the annotation list.
const BELOW_CANVAS: f32 = 170.0;

pub fn single_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut ImagingState,
    label: &str,
) {
    let Some(milestone) = document.case().milestone(label) else {
        return;
    };
    let Some(drawn) = study_ui(ui, document, state, milestone) else {
        return;
    };
    apply(
        document,
        state,
        label,
        drawn.image_index,
        drawn.frame,
        drawn.action,
    );
    ui.horizontal_wrapped(|ui| {
        ui.weak(viewer::describe_facts(&drawn.image.facts));
        if let Some(readout) = drawn.readout {
            ui.label(readout);
        }
    });
    super::marks::annotations_ui(
        ui,
        document,
        state,
        label,
        drawn.image_index,
        &drawn.image,
        &drawn.path,
    );
}

/// What one frame drew of a study's image, for the edits and the list below it.
struct Drawn {
    image_index: usize,
    frame: u32,
    action: Option<Action>,
    image: Arc<DecodedImage>,
    path: PathBuf,
    readout: Option<String>,
}

/// The study's header, series and image with its annotations, read from the document; what
/// the user did on the canvas is returned, to become edits once the study is no longer
/// borrowed.
fn study_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut ImagingState,
    milestone: &ImagingMilestone,
) -> Option<Drawn> {
    let label = milestone.label.as_str();
    ui.horizontal_wrapped(|ui| {
        ui.strong(format!("{label} · {}", milestone.modality.label()));
        if let Some(time) = milestone.time {
            ui.label(time.to_string());
        }
        compare_picker_ui(ui, document, state, milestone);
    });
    super::series_link::milestone_series_ui(ui, document, state, milestone);
    if milestone.images.is_empty() {
        ui.add_space(20.0);
        if milestone.series.is_empty() {
            ui.label("No image attached to this study: use Attach image… on the left, or open a CT series and keep its key slices here.");
        }
        return None;
    }
    let image_index = state.selected_image.min(milestone.images.len() - 1);
    let target = (label.to_owned(), image_index);
    if state.viewer_target.as_ref() != Some(&target) {
        state.viewer = ViewerState::default();
        state.selected_annotation = None;
        state.viewer_target = Some(target);
    }
    let image_ref = milestone.images.get(image_index)?;
    let Some(path) = resolve_image(document, image_ref) else {
        ui.label(
            "This case has no file yet, so its image paths cannot be resolved: save it first.",
        );
        return None;
    };
    let image = ready_image_ui(ui, state, &path)?;
    toolbar_ui(ui, state, &image, milestone, image_index, &path);
    let frame = state.viewer.frame.min(image.facts.frames.saturating_sub(1));
    state.viewer.frame = frame;
    let voi = state.viewer.voi(&image);
    let request = FrameRequest {
        frame,
        voi,
        overlays: !state.viewer.hide_overlays,
    };
    let texture = state.images.texture(ui.ctx(), &path, &image, request, 0);
    let size = egui::vec2(
        ui.available_width(),
        (ui.available_height() - BELOW_CANVAS).max(120.0),
    );
    let canvas_label = format!("Image of {label}");
    let canvas = viewer::canvas_ui(
        ui,
        &canvas_label,
        size,
        &image,
        texture.as_ref(),
        &mut state.viewer,
    );
    let annotations: Vec<(usize, &Annotation)> = image_ref
        .annotations
        .iter()
        .enumerate()
        .filter(|(_, annotation)| annotation.frame == frame)
        .collect();
    let action = annotate::interact(
        &canvas.response,
        &canvas.mapping,
        state.tool,
        &annotations,
        &mut state.gesture,
    );
    annotate::paint(
        &ui.painter_at(canvas.mapping.rect),
        &canvas.mapping,
        image.facts.pixel_spacing,
        &annotations,
        state.selected_annotation,
        state.gesture.as_ref(),
    );
    keyboard(ui, &canvas.response, state, &image);
    let readout = canvas.response.hover_pos().and_then(|position| {
        viewer::pixel_readout(&image, frame, canvas.mapping.to_image(position))
    });
    Some(Drawn {
        image_index,
        frame,
        action,
        image,
        path,
        readout,
    })
}

/// The decoded image, or a spinner while decoding, or the error in place of the image.
pub(super) fn ready_image_ui(
    ui: &mut egui::Ui,
    state: &mut ImagingState,
    path: &std::path::Path,
) -> Option<Arc<DecodedImage>> {
    match state.images.request(ui.ctx(), path) {
        ImageEntry::Ready(image) => Some(Arc::clone(image)),
        ImageEntry::Decoding => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Decoding {}…", path.display()));
            });
            None
        }
        ImageEntry::Failed(error) => {
            let message = error.to_string();
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.colored_label(ui.visuals().error_fg_color, "This image cannot be shown");
                ui.label(message);
                if ui.button("Try again").clicked() {
                    state.images.forget(path);
                }
            });
            None
        }
    }
}

fn compare_picker_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut ImagingState,
    milestone: &ImagingMilestone,
) {
    let others: Vec<&ImagingMilestone> = document
        .case()
        .milestones
        .iter()
        .filter(|other| other.label != milestone.label && !other.images.is_empty())
        .collect();
    if others.is_empty() {
        return;
    }
    ui.separator();
    egui::ComboBox::new("imaging_compare_with", "Compare with")
        .selected_text("choose a study")
        .show_ui(ui, |ui| {
            for other in others {
                if ui.selectable_label(false, &other.label).clicked() {
                    state.compare_with = Some(other.label.clone());
                    state.compare_viewer = state.viewer.clone();
                }
            }
        });
}

fn toolbar_ui(
    ui: &mut egui::Ui,
    state: &mut ImagingState,
    image: &DecodedImage,
    milestone: &ImagingMilestone,
    image_index: usize,
    path: &std::path::Path,
) {
    ui.horizontal_wrapped(|ui| {
        for tool in Tool::ALL {
            if ui
                .selectable_label(state.tool == tool, tool.label())
                .on_hover_text(tool.hint())
                .clicked()
            {
                state.tool = tool;
                state.gesture = None;
            }
        }
        ui.separator();
        window_controls_ui(ui, &mut state.viewer, image);
        ui.separator();
        if ui.button("Fit").clicked() {
            state.viewer.transform.fit = true;
        }
        if ui
            .button("1:1")
            .on_hover_text("One image pixel per screen pixel")
            .clicked()
        {
            state.viewer.one_to_one = true;
        }
        frame_slider_ui(ui, &mut state.viewer, image, false);
        ui.separator();
        if ui
            .button("Export PNG…")
            .on_hover_text("The image as shown, with its annotations burned in")
            .clicked()
        {
            export_png(state, image, milestone, image_index, path);
        }
    });
}

/// Window presets, the header's window, and the current window.
pub(super) fn window_controls_ui(
    ui: &mut egui::Ui,
    viewer: &mut ViewerState,
    image: &DecodedImage,
) {
    if !image.overlays.is_empty() {
        let mut shown = !viewer.hide_overlays;
        let labels: Vec<String> = image
            .overlays
            .iter()
            .map(|overlay| match &overlay.label {
                Some(label) => format!("{:04X}: {label}", overlay.group),
                None => format!("{:04X}", overlay.group),
            })
            .collect();
        if ui
            .checkbox(&mut shown, "Overlays")
            .on_hover_text(format!(
                "Graphics stored with the image (DICOM overlay planes {})",
                labels.join(", ")
            ))
            .changed()
        {
            viewer.hide_overlays = !shown;
        }
    }
    if image.is_color() {
        return;
    }
    if ui
        .selectable_label(viewer.window.is_none() && viewer.lut.is_none(), "Default")
        .on_hover_text(
            "The window the header gives (else its VOI LUT, else the full range of values)",
        )
        .clicked()
    {
        viewer.window = None;
        viewer.lut = None;
    }
    // The header's other windows and VOI LUTs, named as the modality explains them.
    for (index, named) in image.voi.windows.iter().enumerate().skip(1) {
        let label = named
            .explanation
            .clone()
            .unwrap_or_else(|| format!("Header {}", index + 1));
        if ui
            .selectable_label(viewer.window == Some(named.window), label)
            .on_hover_text(format!("From the header: {}", named.window.describe()))
            .clicked()
        {
            viewer.window = Some(named.window);
        }
    }
    for (index, lut) in image.voi.luts.iter().enumerate() {
        let label = lut
            .explanation
            .clone()
            .unwrap_or_else(|| format!("VOI LUT {}", index + 1));
        let chosen = viewer.window.is_none() && viewer.voi(image) == Voi::Lut(index);
        if ui
            .selectable_label(chosen, label)
            .on_hover_text("The header's VOI lookup table")
            .clicked()
        {
            viewer.window = None;
            viewer.lut = Some(index);
        }
    }
    for preset in WindowPreset::ALL {
        let window = preset.window();
        if ui
            .selectable_label(viewer.window == Some(window), preset.label())
            .on_hover_text(window.describe())
            .clicked()
        {
            viewer.window = Some(window);
        }
    }
    ui.weak(viewer.voi(image).describe(image)).on_hover_text(
        "Drag with the right button: left/right changes the width, up/down the level",
    );
}

/// The frame of a multi-frame image: a slider, or a compact number in the compare view.
pub(super) fn frame_slider_ui(
    ui: &mut egui::Ui,
    viewer: &mut ViewerState,
    image: &DecodedImage,
    compact: bool,
) {
    let frames = image.facts.frames;
    if frames <= 1 {
        return;
    }
    let hint = "Up and Down arrows over the image also change the frame";
    if compact {
        ui.add(
            egui::DragValue::new(&mut viewer.frame)
                .range(0..=frames - 1)
                .prefix("frame ")
                .suffix(format!(" of {frames}")),
        )
        .on_hover_text(hint);
    } else {
        ui.add(
            egui::Slider::new(&mut viewer.frame, 0..=frames - 1).text(format!("frame of {frames}")),
        )
        .on_hover_text(hint);
    }
}

fn keyboard(
    ui: &egui::Ui,
    response: &egui::Response,
    state: &mut ImagingState,
    image: &DecodedImage,
) {
    let typing = ui.ctx().memory(|memory| memory.focused().is_some());
    if typing {
        return;
    }
    if response.hovered() {
        let up = view_key_pressed(ui.ctx(), ViewKey::PreviousFrame);
        let down = view_key_pressed(ui.ctx(), ViewKey::NextFrame);
        let last = image.facts.frames.saturating_sub(1);
        if up {
            state.viewer.frame = state.viewer.frame.saturating_sub(1);
        }
        if down {
            state.viewer.frame = (state.viewer.frame + 1).min(last);
        }
    }
    if view_key_pressed(ui.ctx(), ViewKey::CancelDrawing) {
        state.gesture = None;
        state.selected_annotation = None;
        state.pending_text = None;
    }
}

/// Applies what the user did on the canvas: new marks, moves and selection become edits.
fn apply(
    document: &mut CaseDocument,
    state: &mut ImagingState,
    label: &str,
    image_index: usize,
    frame: u32,
    action: Option<Action>,
) {
    match action {
        None => {}
        Some(Action::Select(index)) => state.selected_annotation = index,
        Some(Action::Pan(delta)) => viewer::pan(&mut state.viewer, delta),
        Some(Action::PlaceText(point)) => {
            state.pending_text = Some((point, String::new()));
            state.pending_text_fresh = true;
        }
        Some(Action::Add(shape)) => {
            let kind = shape.kind_label().to_lowercase();
            let mut annotation = Annotation::new(shape);
            annotation.frame = frame;
            let mut added_index = None;
            let added = edit_milestone(
                document,
                state,
                label,
                format!("Add {kind} to {label}"),
                |milestone| {
                    if let Some(image) = milestone.images.get_mut(image_index) {
                        image.annotations.push(annotation);
                        added_index = Some(image.annotations.len() - 1);
                    }
                },
            );
            if added {
                state.selected_annotation = added_index;
            }
        }
        Some(Action::Move { index, dx, dy }) => {
            edit_milestone(
                document,
                state,
                label,
                format!("Move mark on {label}"),
                |milestone| {
                    if let Some(annotation) = milestone
                        .images
                        .get_mut(image_index)
                        .and_then(|image| image.annotations.get_mut(index))
                    {
                        annotation.shape = annotation.shape.translated(dx, dy);
                    }
                },
            );
        }
    }
}

/// Asks where to save and writes the shown frame with its marks burned in.
fn export_png(
    state: &mut ImagingState,
    image: &DecodedImage,
    milestone: &ImagingMilestone,
    image_index: usize,
    path: &std::path::Path,
) {
    let Some(image_ref) = milestone.images.get(image_index) else {
        return;
    };
    let suggested = format!("{}.png", milestone.label);
    let Some(target): Option<PathBuf> = rfd::FileDialog::new()
        .set_file_name(suggested)
        .add_filter("PNG", &["png"])
        .save_file()
    else {
        return;
    };
    let voi = state.viewer.voi(image);
    let result = burn_in_annotations(image, state.viewer.frame, voi, &image_ref.annotations)
        .map_err(|error| format!("{}: {error}", path.display()))
        .and_then(|rendered| write_png(&target, &rendered).map_err(|error| error.to_string()));
    if let Err(message) = result {
        state.note_failure(message);
    }
}
