//! The annotations of the shown image as a list: what each is, its measurement (length in
//! mm, region area and mean/SD/min/max), its note, and buttons to select or delete it; and
//! the field where a text label is typed after clicking with the text tool.

use std::path::Path;

use super::annotate::length_label;
use super::widgets::committed_text_ui;
use super::{ImagingState, edit_milestone};
use crate::app::document::CaseDocument;
use crate::app::shortcuts::{ViewKey, view_key_pressed};
use crate::io::image::{DecodedImage, RegionStats, region_stats};
use crate::model::{Annotation, Shape};

pub fn annotations_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut ImagingState,
    label: &str,
    image_index: usize,
    image: &DecodedImage,
    path: &Path,
) {
    pending_text_ui(ui, document, state, label, image_index);
    let count = marks_of(document, label, image_index).len();
    if state
        .selected_annotation
        .is_some_and(|index| index >= count)
    {
        state.selected_annotation = None;
    }
    let typing = ui.ctx().memory(|memory| memory.focused().is_some());
    if !typing
        && state.selected_annotation.is_some()
        && view_key_pressed(ui.ctx(), ViewKey::DeleteAnnotation)
        && let Some(index) = state.selected_annotation
    {
        delete(document, state, label, image_index, index);
        return;
    }
    if count == 0 {
        ui.weak("No marks on this image yet: pick a tool above and draw on the image.");
        return;
    }
    let place = MarksPlace {
        label,
        image_index,
        image,
        path,
    };
    match marks_list_ui(ui, state, &place, marks_of(document, label, image_index)) {
        None => {}
        Some(MarkEdit::Delete(index)) => delete(document, state, label, image_index, index),
        Some(MarkEdit::Note(index, note)) => {
            edit_milestone(
                document,
                state,
                label,
                format!("Edit note of mark on {label}"),
                |milestone| {
                    if let Some(annotation) = milestone
                        .images
                        .get_mut(image_index)
                        .and_then(|image| image.annotations.get_mut(index))
                    {
                        annotation.note = (!note.trim().is_empty()).then_some(note);
                    }
                },
            );
        }
    }
}

/// The marks on image `image_index` of study `label`, as the case holds them.
fn marks_of<'a>(document: &'a CaseDocument, label: &str, image_index: usize) -> &'a [Annotation] {
    document
        .case()
        .milestone(label)
        .and_then(|milestone| milestone.images.get(image_index))
        .map_or(&[], |image| image.annotations.as_slice())
}

/// Which image the marks are on.
struct MarksPlace<'a> {
    label: &'a str,
    image_index: usize,
    image: &'a DecodedImage,
    path: &'a Path,
}

/// A change of one mark asked for in the list, by index.
enum MarkEdit {
    Note(usize, String),
    Delete(usize),
}

/// The list of marks, borrowed from the case: selecting one shows its frame; a note or a
/// deletion is returned, to be applied once the case is no longer borrowed.
fn marks_list_ui(
    ui: &mut egui::Ui,
    state: &mut ImagingState,
    place: &MarksPlace<'_>,
    annotations: &[Annotation],
) -> Option<MarkEdit> {
    let MarksPlace {
        label,
        image_index,
        image,
        path,
    } = *place;
    let mut asked = None;
    egui::ScrollArea::vertical()
        .id_salt("imaging_marks_scroll")
        .max_height(ui.available_height())
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (index, annotation) in annotations.iter().enumerate() {
                ui.horizontal(|ui| {
                    let selected = state.selected_annotation == Some(index);
                    let summary = describe(state, image, path, annotation);
                    if ui.selectable_label(selected, summary).clicked() {
                        state.selected_annotation = Some(index);
                        state.viewer.frame = annotation.frame;
                    }
                    let key = format!("{label}/{image_index}/mark{index}/note");
                    let current = annotation.note.as_deref().unwrap_or_default();
                    if let Some(note) = text_field(ui, state, &key, current) {
                        asked = Some(MarkEdit::Note(index, note));
                    }
                    if ui.small_button("Delete").clicked() {
                        asked = Some(MarkEdit::Delete(index));
                    }
                });
            }
        });
    asked
}

/// `Length 42.5 mm`, `Ellipse: area 412.0 mm² (1520 px) · mean -712.3 HU · …`.
fn describe(
    state: &mut ImagingState,
    image: &DecodedImage,
    path: &Path,
    annotation: &Annotation,
) -> String {
    let shape = &annotation.shape;
    let frame = if image.facts.frames > 1 {
        format!(" (frame {})", annotation.frame)
    } else {
        String::new()
    };
    let detail = match shape {
        Shape::Length { start, end } => length_label(image.facts.pixel_spacing, *start, *end),
        Shape::Text { text, .. } => format!("\u{201c}{text}\u{201d}"),
        Shape::Arrow { .. } => String::new(),
        region => match cached_stats(state, path, image, annotation.frame, region) {
            Some(stats) => stats.describe(),
            None => "outside the image".to_owned(),
        },
    };
    if detail.is_empty() {
        format!("{}{frame}", shape.kind_label())
    } else {
        format!("{}{frame}: {detail}", shape.kind_label())
    }
}

fn delete(
    document: &mut CaseDocument,
    state: &mut ImagingState,
    label: &str,
    image_index: usize,
    index: usize,
) {
    edit_milestone(
        document,
        state,
        label,
        format!("Delete mark on {label}"),
        |milestone| {
            if let Some(image) = milestone.images.get_mut(image_index)
                && index < image.annotations.len()
            {
                image.annotations.remove(index);
            }
        },
    );
    state.selected_annotation = None;
}

fn pending_text_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut ImagingState,
    label: &str,
    image_index: usize,
) {
    let Some((at, mut text)) = state.pending_text.take() else {
        return;
    };
    let mut keep = true;
    let mut commit = false;
    ui.horizontal(|ui| {
        ui.label("Text label");
        let response = ui.add(
            egui::TextEdit::singleline(&mut text)
                .id_salt("imaging_pending_text")
                .hint_text("type the label, then Enter"),
        );
        if std::mem::take(&mut state.pending_text_fresh) {
            response.request_focus();
        }
        let entered = response.lost_focus() && view_key_pressed(ui.ctx(), ViewKey::PlaceTextLabel);
        if entered || ui.button("Add").clicked() {
            commit = !text.trim().is_empty();
            keep = !commit;
        }
        if ui.button("Cancel").clicked() {
            keep = false;
        }
    });
    if commit {
        let frame = state.viewer.frame;
        let mut annotation = Annotation::new(Shape::Text {
            at,
            text: text.trim().to_owned(),
        });
        annotation.frame = frame;
        edit_milestone(
            document,
            state,
            label,
            format!("Add text to {label}"),
            |milestone| {
                if let Some(image) = milestone.images.get_mut(image_index) {
                    image.annotations.push(annotation);
                }
            },
        );
    }
    if keep {
        state.pending_text = Some((at, text));
    }
}

/// Shapes that measure a region get statistics; cached by shape, as a large region over a
/// large radiograph is too much work to repeat every frame.
fn cached_stats(
    state: &mut ImagingState,
    path: &std::path::Path,
    image: &DecodedImage,
    frame: u32,
    shape: &Shape,
) -> Option<RegionStats> {
    if !shape.is_region() {
        return None;
    }
    let key = format!("{}#{frame}#{shape:?}", path.display());
    if state.stats_cache.len() > 512 {
        state.stats_cache.clear();
    }
    *state
        .stats_cache
        .entry(key)
        .or_insert_with(|| region_stats(image, frame, shape))
}

fn text_field(
    ui: &mut egui::Ui,
    state: &mut ImagingState,
    key: &str,
    current: &str,
) -> Option<String> {
    committed_text_ui(ui, &mut state.text_buffers, key, current, false, "Note")
}
