//! The menu bar: File, Edit, View, Teaching and Help, each item naming its shortcut.

use super::CaseLensApp;
use crate::app::shortcuts::{Action, shortcut_for};
use crate::app::views::MainView;
use crate::io::bundled;

impl CaseLensApp {
    pub(super) fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        let mut action = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if menu_item(ui, "Open…", Action::OpenFile) {
                    action = Some(Action::OpenFile);
                }
                if ui.button("Import lab export…").clicked() {
                    self.import_dialog.open();
                }
                if ui.button("Fetch from archive…").clicked() {
                    self.pacs_dialog.open();
                }
                ui.menu_button("Open recent", |ui| {
                    if self.workspace.recent_files.is_empty() {
                        ui.label("No recent files");
                    }
                    let mut chosen = None;
                    for path in &self.workspace.recent_files {
                        if ui.button(path.display().to_string()).clicked() {
                            chosen = Some(path.clone());
                        }
                    }
                    if let Some(path) = chosen {
                        self.workspace.open_file(&path);
                    }
                });
                ui.menu_button("Open bundled case", |ui| {
                    for case in bundled::ALL {
                        if ui.button(case.file_name).clicked() {
                            self.workspace.open_bundled(&case);
                        }
                    }
                });
                ui.separator();
                if menu_item(ui, "Save", Action::Save) {
                    action = Some(Action::Save);
                }
                if menu_item(ui, "Save as…", Action::SaveAs) {
                    action = Some(Action::SaveAs);
                }
                ui.separator();
                if menu_item(ui, "Close case", Action::CloseCase) {
                    action = Some(Action::CloseCase);
                }
                if menu_item(ui, "Quit", Action::Quit) {
                    action = Some(Action::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                let (undo_text, redo_text) = match self.workspace.active_case() {
                    Some(open) => (
                        open.document
                            .history()
                            .undo_description()
                            .map(|text| format!("Undo {text}")),
                        open.document
                            .history()
                            .redo_description()
                            .map(|text| format!("Redo {text}")),
                    ),
                    None => (None, None),
                };
                ui.add_enabled_ui(undo_text.is_some(), |ui| {
                    let text = undo_text.unwrap_or_else(|| "Undo".to_owned());
                    if menu_item(ui, &text, Action::Undo) {
                        action = Some(Action::Undo);
                    }
                });
                ui.add_enabled_ui(redo_text.is_some(), |ui| {
                    let text = redo_text.unwrap_or_else(|| "Redo".to_owned());
                    if menu_item(ui, &text, Action::Redo) {
                        action = Some(Action::Redo);
                    }
                });
                ui.separator();
                ui.checkbox(&mut self.show_history, "Edit history");
            });
            ui.menu_button("View", |ui| {
                let shortcut = shortcut_for(Action::ToggleOverview)
                    .map(|shortcut| ui.ctx().format_shortcut(&shortcut))
                    .unwrap_or_default();
                ui.add(egui::Checkbox::new(
                    &mut self.layout.show_overview,
                    "Case overview",
                ))
                .on_hover_text(shortcut);
                let mut light = self.layout.light;
                if ui
                    .checkbox(&mut light, "Light theme")
                    .on_hover_text("For a bright room; presentation mode has its own (Shift+F5)")
                    .changed()
                {
                    self.set_light_theme(ui.ctx(), light);
                }
            });
            ui.menu_button("Teaching", |ui| {
                if menu_item(ui, "Compare open cases", Action::ToggleCompare) {
                    action = Some(Action::ToggleCompare);
                }
                if menu_item(ui, "Cohort view (Tongji 375)", Action::ToggleCohort) {
                    action = Some(Action::ToggleCohort);
                }
                if menu_item(ui, "Presentation mode", Action::TogglePresentation) {
                    action = Some(Action::TogglePresentation);
                }
                if menu_item(
                    ui,
                    "Presentation theme: light or dark",
                    Action::TogglePresentationTheme,
                ) {
                    action = Some(Action::TogglePresentationTheme);
                }
                if ui.button("Playback of the case in front").clicked()
                    && let Some(open) = self.workspace.active_case_mut()
                {
                    open.views.main_view = MainView::Trajectory;
                    crate::app::trajectory::toggle_playback(
                        &open.document,
                        &mut open.views.trajectory,
                    );
                }
                ui.separator();
                if ui
                    .button("Example: Peng and Liang aligned on the first MSC infusion")
                    .clicked()
                {
                    self.open_teaching_example();
                }
            });
            ui.menu_button("Help", |ui| {
                if menu_item(ui, "Keyboard shortcuts", Action::ToggleHelp) {
                    action = Some(Action::ToggleHelp);
                }
            });
        });
        if let Some(action) = action {
            self.perform(ui.ctx(), action);
        }
    }
}

/// A menu button that shows its shortcut; returns whether it was clicked.
fn menu_item(ui: &mut egui::Ui, text: &str, action: Action) -> bool {
    let mut button = egui::Button::new(text);
    if let Some(shortcut) = shortcut_for(action) {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    ui.add(button).clicked()
}
