//! The application window: menu bar, case overview, tabs of open cases, status bar, help.

use std::path::PathBuf;

use egui::Color32;

use super::fonts::install_fonts;
use super::panels::overview::Overview;
use super::requests::CaseView;
use super::shortcuts::{Action, pressed_actions};
use super::state::{SaveError, Workspace};
use super::views::MainView;
use crate::io::bundled;

mod menus;
mod safety_glue;
mod windows;

const RECENT_FILES_KEY: &str = "caselens.recent_files";
const LAYOUT_KEY: &str = "caselens.layout";
/// Type size in presentation mode: axis labels of about 19 px, readable from the back of a
/// room on a 1280×720 projector, and the plots still fit on a 1920×1080 one.
const PRESENTATION_ZOOM: f32 = 1.5;

/// Which panels are shown; persisted between runs.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Layout {
    show_overview: bool,
    /// The height of each trajectory plot the reviewer chose, if any.
    #[serde(default)]
    plot_height: Option<f32>,
    /// Large type, high contrast, full screen, only the panels a class needs. Not restored
    /// on the next start: a desk session should not open full screen.
    #[serde(skip)]
    presentation: bool,
    /// Presentation in a light theme, for a bright room (kept between runs).
    #[serde(default)]
    presentation_light: bool,
    /// The desk in egui's light theme (kept between runs).
    #[serde(default)]
    light: bool,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            show_overview: true,
            plot_height: None,
            presentation: false,
            presentation_light: false,
            light: false,
        }
    }
}

/// What the central area shows: the case in front, or a view of every open case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shown {
    /// The case in front, in its main view.
    #[default]
    Case,
    /// The open cases compared on one aligned time axis.
    Compare,
    /// The reference cohort, with the case in front drawn over it.
    Cohort,
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
    pub cohort: super::cohort_view::CohortViewState,
    /// Whether the case, the comparison or the cohort is in front.
    shown: Shown,
    /// Whether the window was checked against the screen it opened on.
    window_fitted: bool,
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
        Self::apply_look(&creation.egui_ctx, &app.layout);
        app
    }

    /// Opens the given files, or the bundled reference case when none is given. Files that
    /// fail to load become messages in the window.
    pub fn with_files(files: Vec<PathBuf>) -> Self {
        let mut workspace = Workspace::default();
        // A file that does not load (or a bundled case that fails, a bug) is reported in the
        // window's message channel; the others open.
        if files.is_empty() {
            workspace.open_bundled(&bundled::PENG_2020);
        }
        for file in &files {
            workspace.open_file(file);
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
            cohort: Default::default(),
            shown: Shown::Case,
            window_fitted: false,
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
            Action::ToggleCompare => self.toggle_shown(Shown::Compare),
            Action::ToggleCohort => self.toggle_shown(Shown::Cohort),
            Action::TogglePresentation => self.set_presentation(ctx, !self.layout.presentation),
            Action::TogglePresentationTheme => {
                self.layout.presentation_light = !self.layout.presentation_light;
                Self::apply_look(ctx, &self.layout);
            }
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
        // The presenter's keys act at once: no widget keeps the keyboard focus.
        ctx.memory_mut(|memory| {
            if let Some(focused) = memory.focused() {
                memory.surrender_focus(focused);
            }
        });
        // A blanked screen ends with presentation too (F5 is "any key").
        for open in &mut self.workspace.cases {
            open.views.trajectory.blanked = false;
        }
        Self::apply_look(ctx, &self.layout);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
    }

    /// Large type and high contrast, white on black or (for a bright room) black on white;
    /// off restores the desk look.
    fn apply_look(ctx: &egui::Context, layout: &Layout) {
        let on = layout.presentation;
        ctx.set_zoom_factor(if on { PRESENTATION_ZOOM } else { 1.0 });
        let visuals = match (on, layout.presentation_light) {
            (false, _) if layout.light => egui::Visuals::light(),
            (false, _) => egui::Visuals::dark(),
            (true, false) => {
                let mut visuals = egui::Visuals::dark();
                visuals.override_text_color = Some(Color32::WHITE);
                visuals.panel_fill = Color32::BLACK;
                visuals.extreme_bg_color = Color32::BLACK;
                visuals.widgets.noninteractive.bg_stroke.color = Color32::from_gray(140);
                visuals
            }
            (true, true) => {
                let mut visuals = egui::Visuals::light();
                visuals.override_text_color = Some(Color32::BLACK);
                visuals.panel_fill = Color32::WHITE;
                visuals.extreme_bg_color = Color32::WHITE;
                visuals.widgets.noninteractive.bg_stroke.color = Color32::from_gray(90);
                visuals
            }
        };
        ctx.set_visuals(visuals);
    }

    /// The desk in the light theme (a bright room, a printed handout) or the dark one.
    pub fn set_light_theme(&mut self, ctx: &egui::Context, light: bool) {
        self.layout.light = light;
        Self::apply_look(ctx, &self.layout);
    }

    /// Opens both bundled cases and compares them aligned on the first MSC infusion.
    pub fn open_teaching_example(&mut self) {
        self.workspace.open_bundled(&bundled::PENG_2020);
        self.workspace.open_bundled(&bundled::LIANG_2020);
        self.compare =
            super::compare::CompareState::on_first_msc_infusion(self.workspace.cases.len(), "spo2");
        self.shown = Shown::Compare;
    }

    /// Whether the case, the comparison or the cohort is in front.
    pub fn shown(&self) -> Shown {
        self.shown
    }

    /// Brings `view` to the front, or the case back if it is in front already.
    fn toggle_shown(&mut self, view: Shown) {
        self.shown = if self.shown == view {
            Shown::Case
        } else {
            view
        };
    }

    /// What the compare view shows, and how often it aligned the cases.
    pub fn compare(&self) -> &super::compare::CompareState {
        &self.compare
    }

    /// The comparison or the cohort in place of the case, and what it asked for.
    fn workspace_view_ui(&mut self, ui: &mut egui::Ui) {
        use super::requests::{OpenDocuments, WorkspaceRequest, WorkspaceView};
        let view: &mut dyn WorkspaceView = match self.shown {
            Shown::Case => return,
            Shown::Compare => &mut self.compare,
            Shown::Cohort => &mut self.cohort,
        };
        let Workspace {
            cases,
            active,
            messages,
            ..
        } = &mut self.workspace;
        let documents: Vec<&super::document::CaseDocument> =
            cases.iter().map(|open| &open.document).collect();
        let open = OpenDocuments {
            documents: &documents,
            active: *active,
        };
        match view.ui(ui, open, messages) {
            None => {}
            Some(WorkspaceRequest::ShowCase) => self.shown = Shown::Case,
            Some(WorkspaceRequest::OpenCohortPatient(patient)) => {
                if let Some(reference) = super::cohort_reference::if_loaded()
                    && self
                        .workspace
                        .open_cohort_patient(&reference.cohort, patient)
                {
                    self.shown = Shown::Case;
                }
            }
        }
    }

    fn show_view(&mut self, view: MainView) {
        if let Some(open) = self.workspace.active_case_mut() {
            open.views.main_view = view;
        }
    }

    /// Closes a case, asking first when it has unsaved changes.
    fn request_close(&mut self, index: usize) {
        let unsaved = self
            .workspace
            .cases
            .get(index)
            .is_some_and(|open| open.document.has_unsaved_changes());
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
        let done = if undo {
            open.document.undo()
        } else {
            open.document.redo()
        };
        if let Some(description) = done {
            let verb = if undo { "Undid" } else { "Redid" };
            self.workspace
                .messages
                .set_status(format!("{verb}: {description}"));
        }
    }

    /// Saves the case in front; asks for a file when it has none or `choose_path` is set.
    fn save_active(&mut self, choose_path: bool) {
        if !choose_path
            && self
                .workspace
                .active_case()
                .is_some_and(|open| open.document.changed_on_disk())
        {
            self.safety.conflict = self.workspace.active;
            return;
        }
        let Some(open) = self.workspace.active_case_mut() else {
            return;
        };
        let document = &mut open.document;
        let result = if choose_path {
            Self::pick_save_path(document).map(|path| document.save_as(&path))
        } else {
            match document.save() {
                Err(SaveError::NeedsPath) => {
                    Self::pick_save_path(document).map(|path| document.save_as(&path))
                }
                other => Some(other),
            }
        };
        match result {
            None => {}
            Some(Ok(())) => {
                let name = document.source().full_name();
                if let super::state::CaseSource::File(path) = document.source() {
                    let path = path.clone();
                    self.workspace.remember_recent(&path);
                }
                self.workspace.messages.set_status(format!("Saved {name}"));
            }
            Some(Err(error)) => self.workspace.messages.error(error.to_string()),
        }
    }

    fn pick_save_path(document: &super::document::CaseDocument) -> Option<PathBuf> {
        let suggested = match document.source() {
            super::state::CaseSource::File(path) => path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned()),
            super::state::CaseSource::Bundled(name) => Some((*name).to_owned()),
            super::state::CaseSource::Cohort { patient, .. } => {
                Some(format!("cohort_patient_{patient}.ron"))
            }
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
            self.workspace.open_file(&path);
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|input| input.raw.dropped_files.clone());
        for file in dropped {
            let path = file.path().to_path_buf();
            self.workspace.open_file(&path);
        }
    }

    /// On a screen smaller than the window CaseLens opens with, shrinks it once to fit (a
    /// 1280×800 window on a 1366×768 laptop would hide the status bar).
    fn fit_window_to_screen(&mut self, ctx: &egui::Context) {
        if self.window_fitted {
            return;
        }
        let (monitor, inner) = ctx.input(|input| {
            let viewport = input.viewport();
            (viewport.monitor_size, viewport.inner_rect)
        });
        let (Some(monitor), Some(inner)) = (monitor, inner) else {
            return;
        };
        self.window_fitted = true;
        // Leave room for the desktop's panels and the window's title bar.
        let fitting = egui::vec2(monitor.x * 0.95, monitor.y * 0.9);
        if inner.width() > fitting.x || inner.height() > fitting.y {
            let size = inner.size().min(fitting);
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
        }
    }

    fn update_window_title(&mut self, ctx: &egui::Context) {
        let title = match self.workspace.active_case() {
            Some(open) => format!("{} — CaseLens", open.document.case().metadata.title),
            None => "CaseLens".to_owned(),
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }
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
        self.fit_window_to_screen(&ctx);

        egui::Panel::top("menu_bar").show(ui, |ui| self.menu_bar_ui(ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
        // The cohort view is about the cohort, not the case in front: it takes the width.
        if self.layout.show_overview && !self.layout.presentation && self.shown != Shown::Cohort {
            let Workspace {
                cases,
                active,
                messages,
                ..
            } = &mut self.workspace;
            if let Some(open) = active.and_then(|index| cases.get_mut(index)) {
                egui::Panel::left("case_overview")
                    .resizable(true)
                    .default_size(360.0)
                    .size_range(240.0..=720.0)
                    .show(ui, |ui| Overview.ui(ui, &mut open.document, messages));
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.messages_ui(ui);
            let no_case = self.workspace.cases.is_empty();
            if !no_case {
                self.tabs_ui(ui);
            }
            match self.shown {
                // The cohort needs no open case; the comparison does.
                Shown::Cohort => return self.workspace_view_ui(ui),
                Shown::Compare if !no_case => return self.workspace_view_ui(ui),
                _ if no_case => return self.empty_state_ui(ui),
                Shown::Case | Shown::Compare => {}
            }
            let presentation = self.layout.presentation;
            let Workspace {
                cases,
                active,
                messages,
                ..
            } = &mut self.workspace;
            if let Some(open) = active.and_then(|index| cases.get_mut(index)) {
                open.views.trajectory.presentation = presentation;
                open.views.trajectory.plot_height = self.layout.plot_height;
                open.views.main_view_ui(ui, &mut open.document, messages);
                // The plot height is the reviewer's preference for every case, kept between runs.
                self.layout.plot_height = open.views.trajectory.plot_height;
            }
        });
        self.help_window_ui(&ctx);
        self.history_window_ui(&ctx);
        let Workspace {
            cases,
            active,
            messages,
            ..
        } = &mut self.workspace;
        let active_case = active.and_then(|index| cases.get_mut(index));
        if let Some(new_case) = self.import_dialog.ui(&ctx, active_case, messages) {
            self.workspace.open_imported(new_case);
        }
        let case_file_folder = self
            .workspace
            .active_case()
            .and_then(|open| open.document.source().folder())
            .map(std::path::Path::to_path_buf);
        self.pacs_dialog.ui(
            &ctx,
            case_file_folder.as_deref(),
            &mut self.workspace.messages,
        );
        self.confirm_close_ui(&ctx);
        Self::drop_overlay_ui(&ctx);
    }

    fn on_exit(&mut self) {
        // A clean exit with everything saved leaves no recovery files behind.
        if !self
            .workspace
            .cases
            .iter()
            .any(|open| open.document.has_unsaved_changes())
        {
            self.safety.forget_all(&mut self.workspace);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_FILES_KEY, &self.workspace.recent_files);
        eframe::set_value(storage, LAYOUT_KEY, &self.layout);
    }
}
