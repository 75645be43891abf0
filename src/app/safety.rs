//! The safety net around a reviewer's work: autosave of unsaved edits to recovery files,
//! the offer to restore them after a crash, the question before overwriting a file that
//! changed on disk, and the question before quitting with unsaved changes.

use std::path::PathBuf;
use std::time::Duration;

use egui::RichText;

use super::state::{CaseSource, Workspace};
use crate::io::load_case;
use crate::io::recovery::{
    RecoveryRecord, orphaned_recoveries, recovery_path, remove_recovery, write_recovery,
};

/// How often unsaved edits are written to the recovery folder.
pub const AUTOSAVE_INTERVAL: Duration = Duration::from_secs(5);

/// What the user chose about a file that changed on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictChoice {
    Overwrite,
    Reload,
    SaveAs,
}

/// What the user chose about quitting with unsaved changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuitChoice {
    SaveAll,
    Discard,
}

#[derive(Debug)]
pub struct SafetyNet {
    /// `None` disables autosave (no folder could be found).
    folder: Option<PathBuf>,
    last_autosave: f64,
    /// Recovery files from a previous run, waiting for the user's decision.
    pub pending_recoveries: Vec<crate::io::recovery::FoundRecovery>,
    /// The open case (index) whose file changed on disk when the user saved it.
    pub conflict: Option<usize>,
    /// Set once the user asked to quit while work was unsaved.
    pub quit_requested: bool,
    /// Set once quitting is settled; the next close request goes through.
    pub allow_close: bool,
}

impl SafetyNet {
    /// Looks for recovery files left by a crashed run.
    pub fn new(folder: Option<PathBuf>) -> Self {
        let pending_recoveries = folder
            .as_deref()
            .map(orphaned_recoveries)
            .unwrap_or_default();
        Self {
            folder,
            last_autosave: 0.0,
            pending_recoveries,
            conflict: None,
            quit_requested: false,
            allow_close: false,
        }
    }

    /// Writes the unsaved cases whose edits changed since the last autosave; removes the
    /// recovery files of cases that are saved again.
    pub fn autosave(&mut self, now: f64, workspace: &mut Workspace) {
        if now - self.last_autosave < AUTOSAVE_INTERVAL.as_secs_f64() {
            return;
        }
        self.last_autosave = now;
        let Some(folder) = self.folder.clone() else {
            return;
        };
        let mut failures = Vec::new();
        for open in &mut workspace.cases {
            if !open.document.has_unsaved_changes() {
                if let Some(path) = open.document.forget_autosave() {
                    remove_recovery(&path);
                }
                continue;
            }
            let generation = open.document.generation();
            if open.document.is_autosaved(generation) {
                continue;
            }
            let path = recovery_path(&folder, &open.document.source().full_name());
            if let Some(previous) = open.document.recovery_file()
                && previous != path
            {
                remove_recovery(previous);
            }
            let (source_path, bundled_name) = match open.document.source() {
                CaseSource::File(path) => (Some(path.clone()), None),
                CaseSource::Bundled(name) => (None, Some((*name).to_owned())),
                // Recovered like a bundled case: by name, saved to a file of the user's choice.
                CaseSource::Cohort { .. } => (None, Some(open.document.source().short_name())),
            };
            let record = RecoveryRecord {
                source_path,
                bundled_name,
                process_id: std::process::id(),
                written_at: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
                last_edit: open
                    .document
                    .history()
                    .undo_description()
                    .map(str::to_owned),
                case: open.document.case().clone(),
            };
            match write_recovery(&path, &record) {
                Ok(()) => {
                    open.document.note_autosaved(path, generation);
                }
                Err(error) => failures.push(error.to_string()),
            }
        }
        for failure in failures {
            workspace.messages.error(format!(
                "Autosave failed: {failure}. Your edits are still open here; save them with Save as… to a folder you can write to."
            ));
        }
    }

    /// Removes the recovery files of every open case (after a deliberate quit).
    pub fn forget_all(&mut self, workspace: &mut Workspace) {
        for open in &mut workspace.cases {
            if let Some(path) = open.document.forget_autosave() {
                remove_recovery(&path);
            }
        }
    }

    /// Offers to restore work from recovery files left by a crash; returns the record the
    /// user chose to restore, for [`restore_record`].
    pub fn recovery_window_ui(&mut self, ctx: &egui::Context) -> Option<RecoveryRecord> {
        if self.pending_recoveries.is_empty() {
            return None;
        }
        let mut decision: Option<(usize, bool)> = None;
        egui::Window::new("Recover unsaved work")
            .collapsible(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                ui.label("CaseLens did not close normally last time. These edits were autosaved:");
                for (index, (path, record)) in self.pending_recoveries.iter().enumerate() {
                    ui.separator();
                    match record {
                        Ok(record) => {
                            ui.strong(record.describe());
                            let last = record.last_edit.as_deref().unwrap_or("edits");
                            ui.label(format!(
                                "Autosaved {} · last edit: {last}",
                                record.written_at
                            ));
                            ui.horizontal(|ui| {
                                if ui.button("Restore").clicked() {
                                    decision = Some((index, true));
                                }
                                if ui.button("Discard").clicked() {
                                    decision = Some((index, false));
                                }
                            });
                        }
                        Err(error) => {
                            ui.label(
                                RichText::new(format!("{}: unreadable ({error})", path.display()))
                                    .color(ui.visuals().error_fg_color),
                            );
                            if ui.button("Discard").clicked() {
                                decision = Some((index, false));
                            }
                        }
                    }
                }
            });
        let (index, restore) = decision?;
        if index >= self.pending_recoveries.len() {
            return None;
        }
        let (path, record) = self.pending_recoveries.remove(index);
        remove_recovery(&path);
        record.ok().filter(|_| restore)
    }

    /// Asks what to do when the file being saved changed on disk since it was loaded.
    pub fn conflict_ui(
        &mut self,
        ctx: &egui::Context,
        workspace: &Workspace,
    ) -> Option<(usize, ConflictChoice)> {
        let index = self.conflict?;
        let name = workspace.cases.get(index)?.document.source().full_name();
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("save_conflict")).show(ctx, |ui| {
            ui.heading("The file changed on disk");
            ui.label(format!(
                "{name} was changed by another program or person since you opened it."
            ));
            ui.horizontal(|ui| {
                if ui.button("Overwrite it with my version").clicked() {
                    choice = Some(ConflictChoice::Overwrite);
                }
                if ui
                    .button("Reload from disk")
                    .on_hover_text("Your edits stay in Undo")
                    .clicked()
                {
                    choice = Some(ConflictChoice::Reload);
                }
                if ui.button("Save as…").clicked() {
                    choice = Some(ConflictChoice::SaveAs);
                }
                if ui.button("Cancel").clicked() {
                    self.conflict = None;
                }
            });
        });
        let choice = choice?;
        self.conflict = None;
        Some((index, choice))
    }

    /// Asks before quitting with unsaved changes.
    pub fn quit_ui(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Option<QuitChoice> {
        if !self.quit_requested {
            return None;
        }
        let unsaved: Vec<String> = workspace
            .cases
            .iter()
            .filter(|open| open.document.has_unsaved_changes())
            .map(|open| open.document.source().short_name())
            .collect();
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("quit_unsaved")).show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!("Not saved: {}. Quit anyway?", unsaved.join(", ")));
            ui.horizontal(|ui| {
                if ui.button("Save all and quit").clicked() {
                    choice = Some(QuitChoice::SaveAll);
                }
                if ui.button("Quit without saving").clicked() {
                    choice = Some(QuitChoice::Discard);
                }
                if ui.button("Cancel").clicked() {
                    self.quit_requested = false;
                }
            });
        });
        choice
    }
}

/// Opens the case a record belongs to and applies the recovered edits as one undoable edit,
/// so Undo goes back to the file as it is on disk.
pub fn restore_record(workspace: &mut Workspace, record: RecoveryRecord) {
    let description = format!("Recovered unsaved changes ({})", record.written_at);
    let opened = match (&record.source_path, &record.bundled_name) {
        (Some(path), _) if load_case(path).is_ok() => workspace.open_file(path),
        (None, Some(name)) => crate::io::bundled::ALL
            .iter()
            .find(|bundled| bundled.file_name == name)
            .is_some_and(|bundled| workspace.open_bundled(bundled)),
        _ => false,
    };
    if opened && let Some(open) = workspace.active_case_mut() {
        let recovered = record.case;
        if let Err(refusal) = open.document.edit(description, |case| *case = recovered) {
            workspace.messages.refused(&refusal);
        }
        return;
    }
    // The file is gone or no longer loads: keep the recovered case as a new, unsaved case.
    let source = match record.source_path {
        Some(path) => CaseSource::File(path),
        None => CaseSource::Bundled("recovered.ron"),
    };
    workspace.add_case(record.case, source);
    if let Some(open) = workspace.active_case_mut() {
        open.document.mark_unsaved();
    }
    workspace.messages.push(
        super::messages::MessageLevel::Info,
        "The recovered case's file could not be opened; the recovered version is open — use Save as… to keep it".to_owned(),
    );
}
