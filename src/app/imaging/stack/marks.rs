//! Marks on the slices of a stack. What the reviewer draws on an axial slice belongs to that
//! slice, named by its SOPInstanceUID, in the study the series is kept in: it is saved, undone
//! and burned into the report's key-slice pictures with it. Drawing on a slice makes it a key
//! slice of the study. This module turns pointer and keyboard input into [`SliceEdit`]s and
//! draws the tools; `series_link` applies the edits to the document, one undoable edit each.

use super::StackViewerState;
use crate::app::imaging::annotate::{self, Action, Gesture, Tool};
use crate::app::imaging::viewer::Mapping;
use crate::app::shortcuts::{ViewKey, view_key_pressed};
use crate::io::image::{PixelSpacing, SpacingSource};
use crate::model::{Annotation, KeySlice, PixelPoint, SeriesRef, Shape};

/// The axial slice a mark is drawn on.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownSlice {
    pub sop_instance_uid: String,
    /// Its table position, kept with the key slice.
    pub position_mm: f64,
}

/// A change to the marks of one slice, for the document.
#[derive(Clone, Debug, PartialEq)]
pub struct SliceEdit {
    pub slice: ShownSlice,
    pub change: SliceChange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SliceChange {
    Add(Shape),
    Move { index: usize, dx: f64, dy: f64 },
    Delete(usize),
    Caption(Option<String>),
}

impl SliceChange {
    /// The undo history's name for the change.
    pub fn describe(&self, study: &str) -> String {
        match self {
            Self::Add(shape) => format!("Add {} to a slice of {study}", shape.kind_label()),
            Self::Move { .. } => format!("Move mark on a slice of {study}"),
            Self::Delete(_) => format!("Delete mark on a slice of {study}"),
            Self::Caption(_) => format!("Caption a key slice of {study}"),
        }
    }

    /// Applies the change to the key slice.
    pub fn apply(self, key: &mut KeySlice) {
        match self {
            Self::Add(shape) => key.annotations.push(Annotation::new(shape)),
            Self::Move { index, dx, dy } => {
                if let Some(annotation) = key.annotations.get_mut(index) {
                    annotation.shape = annotation.shape.translated(dx, dy);
                }
            }
            Self::Delete(index) => {
                if index < key.annotations.len() {
                    key.annotations.remove(index);
                }
            }
            Self::Caption(caption) => key.caption = caption,
        }
    }
}

/// A text label waiting for its text.
#[derive(Debug)]
struct PendingText {
    slice: ShownSlice,
    at: PixelPoint,
    text: String,
    fresh: bool,
}

/// The drawing tools of a stack and the edits they made this frame.
#[derive(Debug, Default)]
pub struct MarkTools {
    pub tool: Tool,
    gesture: Option<Gesture>,
    /// The selected mark: its slice and index there.
    pub selected: Option<(String, usize)>,
    pending_text: Option<PendingText>,
    /// The caption being typed: for which slice, and the text so far.
    caption: Option<(String, String)>,
    edits: Vec<SliceEdit>,
}

impl MarkTools {
    /// The edits made since the last call, for the document.
    pub fn take_edits(&mut self) -> Vec<SliceEdit> {
        std::mem::take(&mut self.edits)
    }

    fn selected_on(&self, slice: &ShownSlice) -> Option<usize> {
        self.selected
            .as_ref()
            .filter(|(uid, _)| *uid == slice.sop_instance_uid)
            .map(|(_, index)| *index)
    }

    /// Takes the left button when a drawing tool is on, a gesture is under way, or the press
    /// lands on a mark; returns whether it did (the pane then neither scrolls nor moves the
    /// crosshair with it).
    pub(super) fn pointer(
        &mut self,
        response: &egui::Response,
        mapping: &Mapping,
        annotations: &[(usize, &Annotation)],
        slice: &ShownSlice,
    ) -> bool {
        let primary = egui::PointerButton::Primary;
        let pressed = response.drag_started_by(primary) || response.clicked_by(primary);
        let on_mark = pressed
            && response
                .interact_pointer_pos()
                .and_then(|position| annotate::pick(mapping, annotations, position))
                .is_some();
        if self.tool == Tool::Select && self.gesture.is_none() && !on_mark {
            if response.clicked_by(primary) {
                self.selected = None;
            }
            return false;
        }
        let action =
            annotate::interact(response, mapping, self.tool, annotations, &mut self.gesture);
        let edit = |change| SliceEdit {
            slice: slice.clone(),
            change,
        };
        match action {
            None | Some(Action::Pan(_)) => {}
            Some(Action::Select(index)) => {
                self.selected = index.map(|index| (slice.sop_instance_uid.clone(), index));
            }
            Some(Action::PlaceText(at)) => {
                self.pending_text = Some(PendingText {
                    slice: slice.clone(),
                    at,
                    text: String::new(),
                    fresh: true,
                });
            }
            Some(Action::Add(shape)) => self.edits.push(edit(SliceChange::Add(shape))),
            Some(Action::Move { index, dx, dy }) => {
                self.edits.push(edit(SliceChange::Move { index, dx, dy }));
            }
        }
        true
    }

    /// Delete removes the selected mark, Escape puts the select tool back.
    pub(super) fn keys(&mut self, ui: &egui::Ui, slice: Option<&ShownSlice>) {
        let delete = view_key_pressed(ui.ctx(), ViewKey::DeleteMark);
        let escape = view_key_pressed(ui.ctx(), ViewKey::SelectTool);
        if escape {
            self.tool = Tool::Select;
            self.gesture = None;
        }
        if delete
            && let Some(slice) = slice
            && let Some(index) = self.selected_on(slice)
        {
            self.selected = None;
            self.edits.push(SliceEdit {
                slice: slice.clone(),
                change: SliceChange::Delete(index),
            });
        }
    }

    /// Draws the slice's marks, the selected one highlighted, the one being drawn as it grows.
    pub(super) fn paint(
        &self,
        painter: &egui::Painter,
        mapping: &Mapping,
        spacing: Option<PixelSpacing>,
        annotations: &[(usize, &Annotation)],
        slice: &ShownSlice,
    ) {
        annotate::paint(
            painter,
            mapping,
            spacing,
            annotations,
            self.selected_on(slice),
            self.gesture.as_ref(),
        );
    }
}

/// The marks of the kept key slice `uid`, with their indices.
pub fn marks_of<'a>(kept: Option<&'a SeriesRef>, uid: &str) -> Vec<(usize, &'a Annotation)> {
    kept.and_then(|series| {
        series
            .key_slices
            .iter()
            .find(|key| key.sop_instance_uid == uid)
    })
    .map(|key| key.annotations.iter().enumerate().collect())
    .unwrap_or_default()
}

/// The spacing lengths are measured with: the slice's own, when the header gave it.
pub fn slice_spacing(volume: &crate::io::image::series::Volume) -> Option<PixelSpacing> {
    volume.spacing_known.then_some(PixelSpacing {
        row_mm: volume.row_mm,
        column_mm: volume.column_mm,
        source: SpacingSource::PixelSpacing,
    })
}

/// Above the planes, once the series belongs to a study: the tools, the marks of the shown
/// slice with a button to delete each, its caption, and the text of a label being placed.
pub(super) fn tools_ui(ui: &mut egui::Ui, state: &mut StackViewerState, kept: Option<&SeriesRef>) {
    let Some(study) = state.milestone.clone() else {
        return;
    };
    let Some(slice) = state.shown_slice() else {
        return;
    };
    let tools = &mut state.marks;
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("Draw on this slice (kept in {study}):"));
        for tool in Tool::ALL {
            ui.selectable_value(&mut tools.tool, tool, tool.label())
                .on_hover_text(tool.hint());
        }
    });
    let key = kept.and_then(|series| {
        series
            .key_slices
            .iter()
            .find(|key| key.sop_instance_uid == slice.sop_instance_uid)
    });
    // One short row whatever the slice holds (the marks' list folds into a menu), so the
    // image does not move under the pointer as marks come and go.
    ui.horizontal_wrapped(|ui| {
        if tools.pending_text.is_some() {
            pending_text_ui(ui, tools);
            return;
        }
        let annotations = key.map_or(&[][..], |key| key.annotations.as_slice());
        ui.add_enabled_ui(!annotations.is_empty(), |ui| {
            ui.menu_button(
                format!("Marks on this slice ({})", annotations.len()),
                |ui| {
                    for (index, annotation) in annotations.iter().enumerate() {
                        let name =
                            format!("Delete {} {}", annotation.shape.kind_label(), index + 1);
                        if ui.button(name).clicked() {
                            tools.edits.push(SliceEdit {
                                slice: slice.clone(),
                                change: SliceChange::Delete(index),
                            });
                        }
                    }
                },
            );
        });
        caption_ui(ui, tools, &slice, key);
    });
}

/// The key slice's caption; typing one on another slice makes it a key slice.
fn caption_ui(
    ui: &mut egui::Ui,
    tools: &mut MarkTools,
    slice: &ShownSlice,
    key: Option<&KeySlice>,
) {
    let stored = key.and_then(|key| key.caption.clone()).unwrap_or_default();
    let mut text = match &tools.caption {
        Some((uid, text)) if *uid == slice.sop_instance_uid => text.clone(),
        _ => stored.clone(),
    };
    let label = ui.label("Caption:");
    let response = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(160.0))
        .labelled_by(label.id);
    if response.changed() {
        tools.caption = Some((slice.sop_instance_uid.clone(), text.clone()));
    }
    if response.lost_focus() {
        tools.caption = None;
        let trimmed = text.trim();
        if trimmed != stored {
            let caption = (!trimmed.is_empty()).then(|| trimmed.to_owned());
            tools.edits.push(SliceEdit {
                slice: slice.clone(),
                change: SliceChange::Caption(caption),
            });
        }
    }
}

fn pending_text_ui(ui: &mut egui::Ui, tools: &mut MarkTools) {
    let Some(pending) = tools.pending_text.as_mut() else {
        return;
    };
    let mut outcome = None;
    {
        let label = ui.label("Label text:");
        let response = ui
            .add(egui::TextEdit::singleline(&mut pending.text).desired_width(220.0))
            .labelled_by(label.id);
        if pending.fresh {
            response.request_focus();
            pending.fresh = false;
        }
        let entered = response.lost_focus() && view_key_pressed(ui.ctx(), ViewKey::PlaceTextLabel);
        if entered || ui.button("Place label").clicked() {
            outcome = Some(true);
        }
        if ui.button("Cancel").clicked() || view_key_pressed(ui.ctx(), ViewKey::SelectTool) {
            outcome = Some(false);
        }
    }
    match outcome {
        Some(true) => {
            if let Some(pending) = tools.pending_text.take()
                && !pending.text.trim().is_empty()
            {
                tools.edits.push(SliceEdit {
                    slice: pending.slice,
                    change: SliceChange::Add(Shape::Text {
                        at: pending.at,
                        text: pending.text.trim().to_owned(),
                    }),
                });
            }
        }
        Some(false) => tools.pending_text = None,
        None => {}
    }
}
