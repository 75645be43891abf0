//! Connects the safety net (autosave, recovery, conflicts, quitting) to the window.

use super::CaseLensApp;
use crate::app::safety::{AUTOSAVE_INTERVAL, ConflictChoice, QuitChoice};
use crate::app::state::{CaseSource, SaveError, file_fingerprint};
use crate::io::load_case;

impl CaseLensApp {
    /// Runs every frame before anything else: autosave, then the safety dialogs.
    pub(super) fn safety_ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|input| input.time);
        self.safety.autosave(now, &mut self.workspace);
        if self
            .workspace
            .cases
            .iter()
            .any(|open| open.document.has_unsaved_changes())
        {
            ctx.request_repaint_after(AUTOSAVE_INTERVAL);
        }

        let close_requested = ctx.input(|input| input.viewport().close_requested());
        if close_requested && !self.safety.allow_close {
            let unsaved = self
                .workspace
                .cases
                .iter()
                .any(|open| open.document.has_unsaved_changes());
            if unsaved {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.safety.quit_requested = true;
            }
        }

        if let Some(record) = self.safety.recovery_window_ui(ctx) {
            crate::app::safety::restore_record(&mut self.workspace, record);
        }
        if let Some((index, choice)) = self.safety.conflict_ui(ctx, &self.workspace) {
            self.resolve_conflict(index, choice);
        }
        match self.safety.quit_ui(ctx, &self.workspace) {
            None => {}
            Some(QuitChoice::Discard) => self.quit_now(ctx),
            Some(QuitChoice::SaveAll) => {
                if self.save_all() {
                    self.quit_now(ctx);
                } else {
                    self.safety.quit_requested = false;
                }
            }
        }
    }

    fn quit_now(&mut self, ctx: &egui::Context) {
        self.safety.forget_all(&mut self.workspace);
        self.safety.allow_close = true;
        self.safety.quit_requested = false;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    /// Saves every unsaved case that has a file; returns whether all are saved.
    fn save_all(&mut self) -> bool {
        let mut all_saved = true;
        let mut problems = Vec::new();
        for open in &mut self.workspace.cases {
            if !open.document.has_unsaved_changes() {
                continue;
            }
            if open.document.changed_on_disk() {
                problems.push(format!(
                    "{} changed on disk; save it on its own to choose what to keep",
                    open.document.source().full_name()
                ));
                all_saved = false;
                continue;
            }
            match open.document.save() {
                Ok(()) => {}
                Err(SaveError::NeedsPath) => {
                    problems.push(format!(
                        "{} has no file yet; use Save as… first",
                        open.document.source().short_name()
                    ));
                    all_saved = false;
                }
                Err(error) => {
                    problems.push(error.to_string());
                    all_saved = false;
                }
            }
        }
        for problem in problems {
            self.workspace.messages.error(problem);
        }
        all_saved
    }

    fn resolve_conflict(&mut self, index: usize, choice: ConflictChoice) {
        self.workspace.active = Some(index);
        match choice {
            ConflictChoice::SaveAs => self.save_active(true),
            ConflictChoice::Overwrite => {
                let Some(open) = self.workspace.cases.get_mut(index) else {
                    return;
                };
                match open.document.save() {
                    Ok(()) => {
                        let name = open.document.source().full_name();
                        self.workspace
                            .messages
                            .set_status(format!("Saved {name} over the changed file"));
                    }
                    Err(error) => self.workspace.messages.error(error.to_string()),
                }
            }
            ConflictChoice::Reload => {
                let Some(open) = self.workspace.cases.get_mut(index) else {
                    return;
                };
                let CaseSource::File(path) = open.document.source().clone() else {
                    return;
                };
                match load_case(&path) {
                    Ok(loaded) => {
                        // An edit, so the reviewer's own version stays one Undo away.
                        let outcome = open
                            .document
                            .replace_with_file_version(loaded.case, file_fingerprint(&path));
                        self.workspace.messages.edit_outcome(outcome);
                    }
                    Err(error) => self.workspace.messages.error(error.to_string()),
                }
            }
        }
    }
}
