//! Undo and redo for every edit of a case.
//!
//! An edit is a named change of the whole [`Case`]: the history keeps the case as it was
//! before and after. A case holds only references to its dense monitor series (their samples
//! live in the document, loaded once), so a snapshot is small and no edit can forget to
//! describe its inverse.

use crate::model::Case;

/// How many edits can be undone.
pub const HISTORY_LIMIT: usize = 500;

/// One undoable change.
#[derive(Clone, Debug)]
pub struct Edit {
    /// What the user did, for the history list and the Undo menu: `Add milestone B5`.
    pub description: String,
    before: Case,
    after: Case,
}

/// Undo and redo stacks of one case.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// Counts edits applied since load (undo counts back), so "unsaved" can be derived.
    revision: u64,
    saved_revision: u64,
    /// Counts every change of the case (edit, undo and redo alike) and never goes back:
    /// after an undo and a new edit, `revision` is what it was but the case is not.
    generation: u64,
}

impl History {
    /// Records that `before` became `after`. A change that changes nothing is not recorded.
    pub fn record(&mut self, description: impl Into<String>, before: Case, after: Case) {
        if before == after {
            return;
        }
        self.undo.push(Edit {
            description: description.into(),
            before,
            after,
        });
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.revision = self.revision.wrapping_add(1);
        self.generation = self.generation.wrapping_add(1);
        if self.saved_revision == self.revision {
            // The saved state can no longer be reached by undo; never report it as clean.
            self.saved_revision = u64::MAX;
        }
    }

    /// The case before the last edit, if any; moves that edit to the redo stack.
    pub fn undo(&mut self) -> Option<Case> {
        let edit = self.undo.pop()?;
        let case = edit.before.clone();
        self.redo.push(edit);
        self.revision = self.revision.wrapping_sub(1);
        self.generation = self.generation.wrapping_add(1);
        Some(case)
    }

    /// The case after the last undone edit, if any.
    pub fn redo(&mut self) -> Option<Case> {
        let edit = self.redo.pop()?;
        let case = edit.after.clone();
        self.undo.push(edit);
        self.revision = self.revision.wrapping_add(1);
        self.generation = self.generation.wrapping_add(1);
        Some(case)
    }

    pub fn undo_description(&self) -> Option<&str> {
        self.undo.last().map(|edit| edit.description.as_str())
    }

    pub fn redo_description(&self) -> Option<&str> {
        self.redo.last().map(|edit| edit.description.as_str())
    }

    /// Descriptions of the edits that can be undone, oldest first.
    pub fn undo_list(&self) -> impl Iterator<Item = &str> {
        self.undo.iter().map(|edit| edit.description.as_str())
    }

    /// Descriptions of the edits that can be redone, next first.
    pub fn redo_list(&self) -> impl Iterator<Item = &str> {
        self.redo.iter().rev().map(|edit| edit.description.as_str())
    }

    /// Whether the case differs from what was last loaded or saved.
    pub fn has_unsaved_changes(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// A number that changes with every edit, undo and redo, and is never the same for two
    /// different states of the case: what autosave and derived data are keyed on.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Marks the case as differing from any file (a recovered case whose file is gone).
    pub fn mark_unsaved(&mut self) {
        self.saved_revision = u64::MAX;
    }

    pub fn mark_saved(&mut self) {
        self.saved_revision = self.revision;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled::LIANG_2020;

    fn liang() -> Case {
        LIANG_2020
            .load()
            .map(|loaded| loaded.case)
            .unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn undo_then_redo_restores_each_state_and_tracks_unsaved_changes() {
        let original = liang();
        let mut renamed = original.clone();
        renamed.metadata.title = "Renamed".to_owned();
        let mut history = History::default();
        assert!(!history.has_unsaved_changes());

        history.record("Rename case", original.clone(), renamed.clone());
        assert!(history.has_unsaved_changes());
        assert_eq!(history.undo_description(), Some("Rename case"));

        assert_eq!(history.undo(), Some(original.clone()));
        assert!(!history.has_unsaved_changes(), "back at the loaded state");
        assert_eq!(history.redo_description(), Some("Rename case"));
        assert_eq!(history.redo(), Some(renamed));
        assert!(history.has_unsaved_changes());
        history.mark_saved();
        assert!(!history.has_unsaved_changes());
        assert!(history.undo().is_some());
        assert!(
            history.has_unsaved_changes(),
            "undoing past a save is a change"
        );
    }

    #[test]
    fn the_generation_never_repeats_after_undo_and_a_new_edit() {
        let original = liang();
        let mut first = original.clone();
        first.metadata.title = "First".to_owned();
        let mut second = original.clone();
        second.metadata.title = "Second".to_owned();
        let mut history = History::default();
        history.record("First", original.clone(), first);
        let after_first = history.generation();
        history.undo();
        history.record("Second", original, second);
        assert_ne!(
            history.generation(),
            after_first,
            "an autosave of the first edit must not pass for the second"
        );
    }

    #[test]
    fn a_new_edit_clears_redo_and_no_op_edits_are_not_recorded() {
        let original = liang();
        let mut history = History::default();
        history.record("Nothing", original.clone(), original.clone());
        assert_eq!(history.undo_description(), None);

        let mut first = original.clone();
        first.metadata.title = "First".to_owned();
        history.record("First", original.clone(), first.clone());
        history.undo();
        let mut second = original.clone();
        second.metadata.title = "Second".to_owned();
        history.record("Second", original, second);
        assert_eq!(history.redo_description(), None);
        assert_eq!(history.undo_list().collect::<Vec<_>>(), vec!["Second"]);
    }
}
