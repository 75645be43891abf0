//! The window's panels and dialogs around the views: the status bar, the message channel's
//! notices, the case tabs, the close confirmation, the edit history, the empty state, the
//! keyboard help (listed from the same tables the keys act from) and the drop overlay.

use egui::{Align2, Color32, RichText};

use super::CaseLensApp;
use crate::app::messages::MessageLevel;
use crate::app::shortcuts::{KeyScope, SHORTCUTS, VIEW_KEYS, view_key_label};
use crate::io::bundled;

impl CaseLensApp {
    pub(super) fn status_bar_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(
            |ui| match self.workspace.active_case().map(|open| &open.document) {
                Some(open) => {
                    ui.label(open.source().full_name());
                    ui.separator();
                    ui.label(format!(
                        "{} series · {} samples · {} interventions · {} imaging studies",
                        open.case().series.len(),
                        open.sample_count(),
                        open.case().interventions.len(),
                        open.case().milestones.len()
                    ));
                    if !open.warnings().is_empty() {
                        ui.separator();
                        ui.label(
                            RichText::new(format!("{} warnings", open.warnings().len()))
                                .color(ui.visuals().warn_fg_color),
                        );
                    }
                    if open.case().metadata.illustrative {
                        ui.separator();
                        ui.label(
                            RichText::new("illustrative data")
                                .color(crate::app::theme::ILLUSTRATIVE_COLOR),
                        );
                    }
                }
                None => {
                    ui.label("Open a case file to begin");
                }
            },
        );
        if let Some(status) = self.workspace.messages.status() {
            ui.horizontal(|ui| ui.label(RichText::new(status).weak()));
        }
    }
    pub(super) fn messages_ui(&mut self, ui: &mut egui::Ui) {
        let mut dismissed = None;
        for (index, message) in self.workspace.messages.waiting().iter().enumerate() {
            let color = match message.level {
                MessageLevel::Error => ui.visuals().error_fg_color,
                MessageLevel::Warning => ui.visuals().warn_fg_color,
                MessageLevel::Info => ui.visuals().hyperlink_color,
            };
            egui::Frame::new()
                .stroke(egui::Stroke::new(1.0, color))
                .inner_margin(6.0)
                .corner_radius(4.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if ui.button("Dismiss").clicked() {
                            dismissed = Some(index);
                        }
                        ui.label(RichText::new(&message.text).color(color).monospace());
                    });
                });
        }
        if let Some(index) = dismissed {
            self.workspace.messages.dismiss(index);
        }
    }
    pub(super) fn tabs_ui(&mut self, ui: &mut egui::Ui) {
        let mut close = None;
        ui.horizontal_wrapped(|ui| {
            for (index, open) in self.workspace.cases.iter().enumerate() {
                let selected = self.workspace.active == Some(index);
                let unsaved = if open.document.has_unsaved_changes() {
                    " •"
                } else {
                    ""
                };
                let response = ui
                    .selectable_label(
                        selected,
                        format!("{}{unsaved}", open.document.source().short_name()),
                    )
                    .on_hover_text(&open.document.case().metadata.title);
                if response.clicked() {
                    self.workspace.active = Some(index);
                }
                if ui
                    .small_button("×")
                    .on_hover_text(format!("Close {}", open.document.source().short_name()))
                    .clicked()
                {
                    close = Some(index);
                }
                ui.add_space(8.0);
            }
        });
        if let Some(index) = close {
            self.request_close(index);
        }
    }
    pub(super) fn confirm_close_ui(&mut self, ctx: &egui::Context) {
        let Some(index) = self.confirm_close else {
            return;
        };
        let Some(open) = self.workspace.cases.get(index) else {
            self.confirm_close = None;
            return;
        };
        let name = open.document.source().short_name();
        let mut decision = None;
        egui::Modal::new(egui::Id::unique("confirm_close")).show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!(
                "{name} has changes that are not saved. Close it anyway?"
            ));
            ui.horizontal(|ui| {
                if ui.button("Save and close").clicked() {
                    decision = Some(CloseDecision::Save);
                }
                if ui.button("Close without saving").clicked() {
                    decision = Some(CloseDecision::Discard);
                }
                if ui.button("Cancel").clicked() {
                    decision = Some(CloseDecision::Cancel);
                }
            });
        });
        match decision {
            None => {}
            Some(CloseDecision::Cancel) => self.confirm_close = None,
            Some(CloseDecision::Discard) => {
                self.confirm_close = None;
                self.workspace.close(index);
            }
            Some(CloseDecision::Save) => {
                self.confirm_close = None;
                self.workspace.active = Some(index);
                self.save_active(false);
                if self
                    .workspace
                    .cases
                    .get(index)
                    .is_some_and(|open| !open.document.has_unsaved_changes())
                {
                    self.workspace.close(index);
                }
            }
        }
    }
    pub(super) fn history_window_ui(&mut self, ctx: &egui::Context) {
        let mut open_window = self.show_history;
        egui::Window::new("Edit history")
            .open(&mut open_window)
            .default_width(280.0)
            .show(ctx, |ui| match self.workspace.active_case() {
                None => {
                    ui.label("No case open");
                }
                Some(open) => {
                    let undoable: Vec<&str> = open.document.history().undo_list().collect();
                    let redoable: Vec<&str> = open.document.history().redo_list().collect();
                    if undoable.is_empty() && redoable.is_empty() {
                        ui.label("No edits yet");
                    }
                    for description in undoable {
                        ui.label(format!("✓ {description}"));
                    }
                    for description in redoable {
                        ui.label(RichText::new(format!("↶ {description} (undone)")).weak());
                    }
                }
            });
        self.show_history = open_window;
    }
    pub(super) fn empty_state_ui(&mut self, ui: &mut egui::Ui) {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() / 3.0);
            ui.heading("No case open");
            ui.label("Open a case file, drop one on this window, or start from a bundled case.");
            ui.add_space(8.0);
            if ui.button("Open case files…").clicked() {
                self.open_with_dialog();
            }
            if ui
                .button("Open the reference case (Peng et al. 2020)")
                .clicked()
            {
                self.workspace.open_bundled(&bundled::PENG_2020);
            }
        });
    }
    pub(super) fn help_window_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.show_help;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts_grid")
                    .num_columns(2)
                    .show(ui, |ui| {
                        for (action, shortcut) in SHORTCUTS {
                            ui.label(RichText::new(ctx.format_shortcut(&shortcut)).monospace());
                            ui.label(action.description());
                            ui.end_row();
                        }
                    });
                for scope in KeyScope::ALL {
                    ui.separator();
                    ui.strong(scope.title());
                    egui::Grid::new(("view_keys_grid", scope.title()))
                        .num_columns(2)
                        .show(ui, |ui| {
                            for binding in VIEW_KEYS.iter().filter(|binding| binding.scope == scope)
                            {
                                ui.label(RichText::new(view_key_label(ctx, binding)).monospace());
                                ui.label(binding.description);
                                ui.end_row();
                            }
                        });
                }
                ui.separator();
                ui.label("Case files can also be opened by dropping them on the window.");
            });
        self.show_help = open;
    }
    pub(super) fn drop_overlay_ui(ctx: &egui::Context) {
        let hovering = ctx.input(|input| !input.raw.hovered_files.is_empty());
        if !hovering {
            return;
        }
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop_overlay"),
        ));
        let screen = ctx.content_rect();
        painter.rect_filled(screen, 0.0, Color32::from_black_alpha(160));
        painter.text(
            screen.center(),
            Align2::CENTER_CENTER,
            "Drop case files to open them",
            egui::FontId::proportional(24.0),
            Color32::WHITE,
        );
    }
}

enum CloseDecision {
    Save,
    Discard,
    Cancel,
}
