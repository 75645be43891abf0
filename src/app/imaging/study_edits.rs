//! The changes one frame of the study editor asks for, applied after the frame has drawn
//! the study it borrows from the document: each an undoable edit, described as in the Edit
//! menu. Below `editor` and `reading`, which both queue into it.

use super::{ImagingState, attach_image, edit_milestone};
use crate::app::document::CaseDocument;
use crate::model::{ImagingMilestone, NoteTarget};

type StudyChange = Box<dyn FnOnce(&mut ImagingMilestone)>;

/// The changes asked for while one frame drew the study, applied once the drawing (which
/// borrows the study from the document) is done.
#[derive(Default)]
pub struct StudyEdits {
    edits: Vec<(String, StudyChange)>,
    pub(super) rename: Option<String>,
    pub(super) delete: bool,
    pub(super) attach: Option<std::path::PathBuf>,
}

impl StudyEdits {
    /// One undoable edit of the study, described as in the Edit menu.
    pub fn push(
        &mut self,
        description: String,
        change: impl FnOnce(&mut ImagingMilestone) + 'static,
    ) {
        self.edits.push((description, Box::new(change)));
    }

    pub(super) fn apply(self, document: &mut CaseDocument, state: &mut ImagingState, label: &str) {
        for (description, change) in self.edits {
            edit_milestone(document, state, label, description, change);
        }
        if let Some(file) = self.attach
            && let Err(error) = attach_image(document, state, label, &file)
        {
            state.note_failure(error.to_string());
        }
        if let Some(new_label) = self.rename {
            rename(document, state, label, new_label.trim());
        } else if self.delete {
            let result = document.edit(format!("Delete study {label}"), |case| {
                case.milestones.retain(|milestone| milestone.label != label);
            });
            state.note_outcome(result);
            state.selected_milestone = None;
        }
    }
}

fn rename(document: &mut CaseDocument, state: &mut ImagingState, old: &str, new: &str) {
    let result = document.edit(format!("Rename study {old} to {new}"), |case| {
        for milestone in &mut case.milestones {
            if milestone.label == old {
                new.clone_into(&mut milestone.label);
            }
        }
        for note in &mut case.notes {
            if let NoteTarget::Milestone(target) = &mut note.target
                && target == old
            {
                new.clone_into(target);
            }
        }
    });
    if state.note_outcome(result) {
        state.selected_milestone = Some(new.to_owned());
        if state.compare_with.as_deref() == Some(old) {
            state.compare_with = Some(new.to_owned());
        }
    }
}
