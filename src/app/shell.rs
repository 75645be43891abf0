//! The application window: menu bar, case overview, tabs of open cases, status bar, help.

use std::path::PathBuf;

use egui::{Align2, Color32, RichText};

use super::case_view::MainView;
use super::fonts::install_fonts;
use super::panels::overview::overview_ui;
use super::shortcuts::{Action, SHORTCUTS, VIEW_KEYS, pressed_actions, shortcut_for};
use super::state::{MessageLevel, SaveError, Workspace};
use crate::io::bundled;

mod safety_glue;

const RECENT_FILES_KEY: &str = "caselens.recent_files";
const LAYOUT_KEY: &str = "caselens.layout";

/// Which panels are shown; persisted between runs.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Layout {
    show_overview: bool,
    /// Large type, high contrast, full screen, only the panels a class needs. Not restored
    /// on the next start: a desk session should not open full screen.
    #[serde(skip)]
    presentation: bool,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            show_overview: true,
            presentation: false,
        }
    }
}

/// The whole app: a workspace of open cases and the window around it.
pub struct CaseLensApp {
    pub workspace: Workspace,
    layout: Layout,
    show_help: bool,
    show_history: bool,
    import_dialog: super::import_dialog::ImportDialog,
    pacs_dialog: super::pacs_dialog::PacsDialog,
    /// A case the user asked to close although it has unsaved changes.
    confirm_close: Option<usize>,
    window_title: String,
    safety: super::safety::SafetyNet,
    compare: super::compare::CompareState,
    show_compare: bool,
}

impl CaseLensApp {
    /// Called once by eframe: installs fonts, restores layout and recent files, opens files.
    pub fn new(creation: &eframe::CreationContext<'_>, files: Vec<PathBuf>) -> Self {
        Self::with_options(
            creation,
            files,
            Some(crate::io::recovery::recovery_folder()),
        )
    }

    /// Like [`CaseLensApp::new`], with the folder for autosaves (`None`: no autosave).
    pub fn with_options(
        creation: &eframe::CreationContext<'_>,
        files: Vec<PathBuf>,
        recovery_folder: Option<PathBuf>,
    ) -> Self {
        install_fonts(&creation.egui_ctx);
        let mut app = Self::with_files(files);
        app.safety = super::safety::SafetyNet::new(recovery_folder);
        if let Some(storage) = creation.storage {
            if let Some(recent) = eframe::get_value(storage, RECENT_FILES_KEY) {
                app.workspace.recent_files = recent;
            }
            if let Some(layout) = eframe::get_value(storage, LAYOUT_KEY) {
                app.layout = layout;
            }
        }
        app
    }

    /// Opens the given files, or the bundled reference case when none is given. Files that
    /// fail to load become messages in the window.
    pub fn with_files(files: Vec<PathBuf>) -> Self {
        let mut workspace = Workspace::default();
        if files.is_empty() {
            // The bundled case is part of the binary; a failure is a bug, shown like any other.
            let _ = workspace.open_bundled(&bundled::PENG_2020);
        }
        for file in &files {
            let _ = workspace.open_file(file);
        }
        Self {
            workspace,
            layout: Layout::default(),
            show_help: false,
            show_history: false,
            import_dialog: Default::default(),
            pacs_dialog: Default::default(),
            confirm_close: None,
            window_title: String::new(),
            safety: super::safety::SafetyNet::new(None),
            compare: Default::default(),
            show_compare: false,
        }
    }

    fn perform(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::OpenFile => self.open_with_dialog(),
            Action::CloseCase => {
                if let Some(active) = self.workspace.active {
                    self.request_close(active);
                }
            }
            Action::Save => self.save_active(false),
            Action::SaveAs => self.save_active(true),
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            Action::ShowTrajectory => self.show_view(MainView::Trajectory),
            Action::ShowImaging => self.show_view(MainView::Imaging),
            Action::ShowReport => self.show_view(MainView::Report),
            Action::ToggleCompare => self.show_compare = !self.show_compare,
            Action::TogglePresentation => self.set_presentation(ctx, !self.layout.presentation),
            Action::NextCase => self.workspace.cycle_active(true),
            Action::PreviousCase => self.workspace.cycle_active(false),
            Action::ToggleOverview => self.layout.show_overview = !self.layout.show_overview,
            Action::ToggleHelp => self.show_help = !self.show_help,
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// Presentation mode: large type, high contrast, full screen; off restores the desk look.
    fn set_presentation(&mut self, ctx: &egui::Context, on: bool) {
        self.layout.presentation = on;
        ctx.set_zoom_factor(if on { 1.5 } else { 1.0 });
        let mut visuals = egui::Visuals::dark();
        if on {
            visuals.override_text_color = Some(Color32::WHITE);
            visuals.panel_fill = Color32::BLACK;
            visuals.extreme_bg_color = Color32::BLACK;
            visuals.widgets.noninteractive.bg_stroke.color = Color32::from_gray(140);
        }
        ctx.set_visuals(visuals);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
    }

    /// Opens both bundled cases and compares them aligned on the first MSC infusion.
    pub fn open_teaching_example(&mut self) {
        let _ = self.workspace.open_bundled(&bundled::PENG_2020);
        let _ = self.workspace.open_bundled(&bundled::LIANG_2020);
        self.compare =
            super::compare::CompareState::on_first_msc_infusion(self.workspace.cases.len(), "spo2");
        self.show_compare = true;
    }

    fn show_view(&mut self, view: MainView) {
        if let Some(open) = self.workspace.active_case_mut() {
            open.view.main_view = view;
        }
    }

    /// Closes a case, asking first when it has unsaved changes.
    fn request_close(&mut self, index: usize) {
        let unsaved = self
            .workspace
            .cases
            .get(index)
            .is_some_and(|open| open.has_unsaved_changes());
        if unsaved {
            self.confirm_close = Some(index);
        } else {
            self.workspace.close(index);
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        let Some(open) = self.workspace.active_case_mut() else {
            return;
        };
        let done = if undo { open.undo() } else { open.redo() };
        if let Some(description) = done {
            let verb = if undo { "Undid" } else { "Redid" };
            self.workspace.push_status(format!("{verb}: {description}"));
        }
    }

    /// Saves the case in front; asks for a file when it has none or `choose_path` is set.
    fn save_active(&mut self, choose_path: bool) {
        if !choose_path
            && self
                .workspace
                .active_case()
                .is_some_and(|open| open.changed_on_disk())
        {
            self.safety.conflict = self.workspace.active;
            return;
        }
        let Some(open) = self.workspace.active_case_mut() else {
            return;
        };
        let result = if choose_path {
            Self::pick_save_path(open).map(|path| open.save_as(&path))
        } else {
            match open.save() {
                Err(SaveError::NeedsPath) => {
                    Self::pick_save_path(open).map(|path| open.save_as(&path))
                }
                other => Some(other),
            }
        };
        match result {
            None => {}
            Some(Ok(())) => {
                let name = open.source.full_name();
                if let super::state::CaseSource::File(path) = &open.source {
                    let path = path.clone();
                    self.workspace.remember_recent(&path);
                }
                self.workspace.push_status(format!("Saved {name}"));
            }
            Some(Err(error)) => self
                .workspace
                .push_message(MessageLevel::Error, error.to_string()),
        }
    }

    fn pick_save_path(open: &super::state::OpenCase) -> Option<PathBuf> {
        let suggested = match &open.source {
            super::state::CaseSource::File(path) => path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned()),
            super::state::CaseSource::Bundled(name) => Some((*name).to_owned()),
        };
        rfd::FileDialog::new()
            .set_title("Save case as")
            .add_filter(
                "CaseLens case",
                &[crate::io::case_file::CASE_FILE_EXTENSION],
            )
            .set_file_name(suggested.unwrap_or_else(|| "case.ron".to_owned()))
            .save_file()
    }

    fn open_with_dialog(&mut self) {
        let picked = rfd::FileDialog::new()
            .set_title("Open case files")
            .add_filter(
                "CaseLens case",
                &[crate::io::case_file::CASE_FILE_EXTENSION],
            )
            .add_filter("All files", &["*"])
            .pick_files();
        for path in picked.unwrap_or_default() {
            let _ = self.workspace.open_file(&path);
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|input| input.raw.dropped_files.clone());
        for file in dropped {
            let path = file.path().to_path_buf();
            let _ = self.workspace.open_file(&path);
        }
    }

    fn update_window_title(&mut self, ctx: &egui::Context) {
        let title = match self.workspace.active_case() {
            Some(open) => format!("{} — CaseLens", open.case.metadata.title),
            None => "CaseLens".to_owned(),
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
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
                        let _ = self.workspace.open_file(&path);
                    }
                });
                ui.menu_button("Open bundled case", |ui| {
                    for case in bundled::ALL {
                        if ui.button(case.file_name).clicked() {
                            let _ = self.workspace.open_bundled(&case);
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
                        open.history
                            .undo_description()
                            .map(|text| format!("Undo {text}")),
                        open.history
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
            });
            ui.menu_button("Teaching", |ui| {
                if menu_item(ui, "Compare open cases", Action::ToggleCompare) {
                    action = Some(Action::ToggleCompare);
                }
                if menu_item(ui, "Presentation mode", Action::TogglePresentation) {
                    action = Some(Action::TogglePresentation);
                }
                if ui.button("Playback of the case in front").clicked()
                    && let Some(open) = self.workspace.active_case_mut()
                {
                    open.view.main_view = MainView::Trajectory;
                    super::trajectory::toggle_playback(open);
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

    fn status_bar_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| match self.workspace.active_case() {
            Some(open) => {
                ui.label(open.source.full_name());
                ui.separator();
                ui.label(format!(
                    "{} series · {} samples · {} interventions · {} imaging studies",
                    open.case.series.len(),
                    open.sample_count(),
                    open.case.interventions.len(),
                    open.case.milestones.len()
                ));
                if !open.warnings.is_empty() {
                    ui.separator();
                    ui.label(
                        RichText::new(format!("{} warnings", open.warnings.len()))
                            .color(ui.visuals().warn_fg_color),
                    );
                }
                if open.case.metadata.illustrative {
                    ui.separator();
                    ui.label(
                        RichText::new("illustrative data")
                            .color(super::panels::overview::ILLUSTRATIVE_COLOR),
                    );
                }
            }
            None => {
                ui.label("Open a case file to begin");
            }
        });
        if let Some(status) = &self.workspace.status {
            ui.horizontal(|ui| ui.label(RichText::new(status).weak()));
        }
    }

    fn messages_ui(&mut self, ui: &mut egui::Ui) {
        let mut dismissed = None;
        for (index, message) in self.workspace.messages.iter().enumerate() {
            let color = match message.level {
                MessageLevel::Error => ui.visuals().error_fg_color,
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
            self.workspace.messages.remove(index);
        }
    }

    fn tabs_ui(&mut self, ui: &mut egui::Ui) {
        let mut close = None;
        ui.horizontal_wrapped(|ui| {
            for (index, open) in self.workspace.cases.iter().enumerate() {
                let selected = self.workspace.active == Some(index);
                let unsaved = if open.has_unsaved_changes() {
                    " •"
                } else {
                    ""
                };
                let response = ui
                    .selectable_label(selected, format!("{}{unsaved}", open.source.short_name()))
                    .on_hover_text(&open.case.metadata.title);
                if response.clicked() {
                    self.workspace.active = Some(index);
                }
                if ui
                    .small_button("×")
                    .on_hover_text(format!("Close {}", open.source.short_name()))
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

    fn confirm_close_ui(&mut self, ctx: &egui::Context) {
        let Some(index) = self.confirm_close else {
            return;
        };
        let Some(open) = self.workspace.cases.get(index) else {
            self.confirm_close = None;
            return;
        };
        let name = open.source.short_name();
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
                    .is_some_and(|open| !open.has_unsaved_changes())
                {
                    self.workspace.close(index);
                }
            }
        }
    }

    fn history_window_ui(&mut self, ctx: &egui::Context) {
        let mut open_window = self.show_history;
        egui::Window::new("Edit history")
            .open(&mut open_window)
            .default_width(280.0)
            .show(ctx, |ui| match self.workspace.active_case() {
                None => {
                    ui.label("No case open");
                }
                Some(open) => {
                    let undoable: Vec<&str> = open.history.undo_list().collect();
                    let redoable: Vec<&str> = open.history.redo_list().collect();
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

    fn empty_state_ui(&mut self, ui: &mut egui::Ui) {
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
                let _ = self.workspace.open_bundled(&bundled::PENG_2020);
            }
        });
    }

    fn help_window_ui(&mut self, ctx: &egui::Context) {
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
                for (view, keys) in VIEW_KEYS {
                    ui.separator();
                    ui.strong(view);
                    egui::Grid::new(("view_keys_grid", view))
                        .num_columns(2)
                        .show(ui, |ui| {
                            for (key, description) in keys {
                                ui.label(RichText::new(*key).monospace());
                                ui.label(*description);
                                ui.end_row();
                            }
                        });
                }
                ui.separator();
                ui.label("Case files can also be opened by dropping them on the window.");
            });
        self.show_help = open;
    }

    fn drop_overlay_ui(ctx: &egui::Context) {
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

/// A menu button that shows its shortcut; returns whether it was clicked.
fn menu_item(ui: &mut egui::Ui, text: &str, action: Action) -> bool {
    let mut button = egui::Button::new(text);
    if let Some(shortcut) = shortcut_for(action) {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    ui.add(button).clicked()
}

impl eframe::App for CaseLensApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.safety_ui(&ctx);
        for action in pressed_actions(&ctx) {
            self.perform(&ctx, action);
        }
        self.handle_dropped_files(&ctx);
        self.update_window_title(&ctx);

        egui::Panel::top("menu_bar").show(ui, |ui| self.menu_bar_ui(ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
        if self.layout.show_overview
            && !self.layout.presentation
            && let Some(open) = self.workspace.active_case()
        {
            egui::Panel::left("case_overview")
                .resizable(true)
                .default_size(360.0)
                .size_range(240.0..=720.0)
                .show(ui, |ui| overview_ui(ui, open));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.messages_ui(ui);
            if self.workspace.cases.is_empty() {
                self.empty_state_ui(ui);
                return;
            }
            self.tabs_ui(ui);
            if self.show_compare {
                if ui.button("Back to the case").clicked() {
                    self.show_compare = false;
                }
                super::compare::compare_ui(ui, &self.workspace, &mut self.compare);
                return;
            }
            let presentation = self.layout.presentation;
            if let Some(open) = self.workspace.active_case_mut() {
                open.view.trajectory.presentation = presentation;
                ui.horizontal(|ui| {
                    for view in MainView::ALL {
                        ui.selectable_value(&mut open.view.main_view, view, view.label());
                    }
                });
                ui.separator();
                match open.view.main_view {
                    MainView::Trajectory => super::trajectory::trajectory_ui(ui, open),
                    MainView::Imaging => super::imaging::imaging_ui(ui, open),
                    MainView::Report => super::report_view::report_ui(ui, open),
                }
            }
        });
        self.help_window_ui(&ctx);
        self.history_window_ui(&ctx);
        self.import_dialog.ui(&ctx, &mut self.workspace);
        self.pacs_dialog.ui(&ctx, &mut self.workspace);
        self.confirm_close_ui(&ctx);
        Self::drop_overlay_ui(&ctx);
    }

    fn on_exit(&mut self) {
        // A clean exit with everything saved leaves no recovery files behind.
        if !self
            .workspace
            .cases
            .iter()
            .any(|open| open.has_unsaved_changes())
        {
            self.safety.forget_all(&mut self.workspace);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_FILES_KEY, &self.workspace.recent_files);
        eframe::set_value(storage, LAYOUT_KEY, &self.layout);
    }
}
