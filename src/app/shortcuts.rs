//! Keyboard shortcuts: one table, used both to act and to list them in the help window.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Something the user can do from the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    OpenFile,
    Save,
    SaveAs,
    Undo,
    Redo,
    ShowTrajectory,
    ShowImaging,
    ShowReport,
    ToggleCompare,
    TogglePresentation,
    CloseCase,
    NextCase,
    PreviousCase,
    ToggleOverview,
    ToggleHelp,
    Quit,
}

impl Action {
    pub fn description(self) -> &'static str {
        match self {
            Self::OpenFile => "Open case files…",
            Self::Save => "Save the case",
            Self::SaveAs => "Save the case as…",
            Self::Undo => "Undo the last edit",
            Self::Redo => "Redo the last undone edit",
            Self::ShowTrajectory => "Show the trajectory view",
            Self::ShowImaging => "Show the imaging view",
            Self::ShowReport => "Show the report view",
            Self::ToggleCompare => "Compare the open cases",
            Self::TogglePresentation => {
                "Presentation mode: large type, full screen (playback keys: Space, ←/→, PageUp/PageDown, N, Home, Esc)"
            }
            Self::CloseCase => "Close the case in front",
            Self::NextCase => "Next open case",
            Self::PreviousCase => "Previous open case",
            Self::ToggleOverview => "Show or hide the case overview",
            Self::ToggleHelp => "Show or hide this help",
            Self::Quit => "Quit CaseLens",
        }
    }
}

/// Longer combinations come first: egui matches `Ctrl+Z` inside `Ctrl+Shift+Z` otherwise.
pub const SHORTCUTS: [(Action, KeyboardShortcut); 16] = [
    (
        Action::SaveAs,
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S),
    ),
    (
        Action::Redo,
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z),
    ),
    (
        Action::OpenFile,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::O),
    ),
    (
        Action::Save,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::S),
    ),
    (
        Action::Undo,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Z),
    ),
    (
        Action::CloseCase,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::W),
    ),
    (
        Action::NextCase,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::PageDown),
    ),
    (
        Action::PreviousCase,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::PageUp),
    ),
    (
        Action::ShowTrajectory,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Num1),
    ),
    (
        Action::ShowImaging,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Num2),
    ),
    (
        Action::ShowReport,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Num3),
    ),
    (
        Action::ToggleCompare,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Num4),
    ),
    (
        Action::TogglePresentation,
        KeyboardShortcut::new(Modifiers::NONE, Key::F5),
    ),
    (
        Action::ToggleOverview,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::B),
    ),
    (
        Action::ToggleHelp,
        KeyboardShortcut::new(Modifiers::NONE, Key::F1),
    ),
    (
        Action::Quit,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Q),
    ),
];

/// Keys that act inside one view, listed in the help window. They are handled by the views
/// themselves (and only while no text field has the keyboard).
pub const VIEW_KEYS: [(&str, &[(&str, &str)]); 3] = [
    (
        "Trajectory view",
        &[
            ("F", "Fit the whole stay"),
            ("Z", "Zoom to the intervention in focus"),
            (
                "← / →",
                "Step the time cursor to the previous / next sample",
            ),
            ("Shift+← / →", "Step to the previous / next event"),
            ("A / B", "Place measuring cursor A / B at the cursor"),
            ("Esc", "Clear cursors A and B"),
            ("Space or PageDown", "Start playback at admission"),
        ],
    ),
    (
        "During playback",
        &[
            ("Space", "Play or pause"),
            ("→ or PageDown", "One day on"),
            ("← or PageUp", "One day back"),
            ("N / P", "Next / previous event"),
            ("Home", "Back to admission"),
            ("Esc", "Stop playback"),
        ],
    ),
    (
        "Imaging view",
        &[
            (
                "↑ / ↓",
                "Previous / next frame of a multi-frame image (pointer over it)",
            ),
            ("Delete", "Delete the selected annotation"),
            ("Esc", "Cancel the drawing or deselect"),
        ],
    ),
];

/// The shortcut bound to an action, for menus.
pub fn shortcut_for(action: Action) -> Option<KeyboardShortcut> {
    SHORTCUTS
        .iter()
        .find(|(bound, _)| *bound == action)
        .map(|(_, shortcut)| *shortcut)
}

/// The actions whose shortcuts were pressed this frame (consumed, so widgets do not see them).
pub fn pressed_actions(ctx: &egui::Context) -> Vec<Action> {
    ctx.input_mut(|input| {
        SHORTCUTS
            .iter()
            .filter(|(_, shortcut)| input.consume_shortcut(shortcut))
            .map(|(action, _)| *action)
            .collect()
    })
}
