//! The import dialog: pick a lab export, review the detected mapping and a preview, import
//! into a new case or add to the open one.

use crate::app::state::Workspace;

/// State of the import dialog; closed by default.
#[derive(Debug, Default)]
pub struct ImportDialog {
    open: bool,
}

impl ImportDialog {
    /// Opens the dialog (File ▸ Import…).
    pub fn open(&mut self) {
        self.open = true;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Shows the dialog while it is open; imports go into `workspace`.
    pub fn ui(&mut self, ctx: &egui::Context, _workspace: &mut Workspace) {
        let mut open = self.open;
        egui::Window::new("Import lab export")
            .open(&mut open)
            .show(ctx, |ui| {
                ui.label("Importing is not available in this build yet.");
            });
        self.open = open;
    }
}
