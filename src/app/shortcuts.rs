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
    ToggleCohort,
    TogglePresentation,
    TogglePresentationTheme,
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
            Self::ToggleCohort => {
                "Cohort view: every patient of the reference cohort, with the case in front"
            }
            Self::TogglePresentation => {
                "Presentation mode: large type, full screen, playback from admission (its keys: see During playback)"
            }
            Self::TogglePresentationTheme => "Presentation theme: light for a bright room, or dark",
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
pub const SHORTCUTS: [(Action, KeyboardShortcut); 18] = [
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
        Action::TogglePresentationTheme,
        KeyboardShortcut::new(Modifiers::SHIFT, Key::F5),
    ),
    (
        Action::ToggleCohort,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Num5),
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

/// Where a view key acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyScope {
    Trajectory,
    Playback,
    Imaging,
    /// A CT series open in the imaging view.
    Series,
}

impl KeyScope {
    pub const ALL: [Self; 4] = [
        Self::Trajectory,
        Self::Playback,
        Self::Imaging,
        Self::Series,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Trajectory => "Trajectory view",
            Self::Playback => "During playback",
            Self::Imaging => "Imaging view",
            Self::Series => "CT series",
        }
    }
}

/// Something a key does inside one view. The views ask [`view_key_pressed`] and the help
/// window lists [`VIEW_KEYS`]: one table for both, so the list cannot drift from the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKey {
    Fit,
    ZoomToFocus,
    PreviousSample,
    NextSample,
    PreviousEvent,
    NextEvent,
    CursorA,
    CursorB,
    ClearCursors,
    StartPlayback,
    PlayPause,
    DayOn,
    DayBack,
    PlaybackNextEvent,
    PlaybackPreviousEvent,
    ToAdmission,
    BlankScreen,
    TypePrediction,
    StopPlayback,
    PreviousFrame,
    NextFrame,
    DeleteAnnotation,
    CancelDrawing,
    PlaceTextLabel,
    PreviousSlice,
    NextSlice,
    DeleteMark,
    SelectTool,
}

/// One view key: what it does, where, and the keys that do it.
#[derive(Clone, Copy, Debug)]
pub struct ViewKeyBinding {
    pub key: ViewKey,
    pub scope: KeyScope,
    pub shortcuts: &'static [KeyboardShortcut],
    pub description: &'static str,
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

const fn shifted(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, key)
}

/// Keys that act inside one view, only while no text field has the keyboard. Shifted keys
/// come before the plain ones, which egui would otherwise match inside them.
pub const VIEW_KEYS: [ViewKeyBinding; 28] = [
    ViewKeyBinding {
        key: ViewKey::Fit,
        scope: KeyScope::Trajectory,
        shortcuts: &[plain(Key::F)],
        description: "Fit the whole stay",
    },
    ViewKeyBinding {
        key: ViewKey::ZoomToFocus,
        scope: KeyScope::Trajectory,
        shortcuts: &[plain(Key::Z)],
        description: "Zoom to the intervention in focus",
    },
    ViewKeyBinding {
        key: ViewKey::PreviousEvent,
        scope: KeyScope::Trajectory,
        shortcuts: &[shifted(Key::ArrowLeft)],
        description: "Step to the previous event",
    },
    ViewKeyBinding {
        key: ViewKey::NextEvent,
        scope: KeyScope::Trajectory,
        shortcuts: &[shifted(Key::ArrowRight)],
        description: "Step to the next event",
    },
    ViewKeyBinding {
        key: ViewKey::PreviousSample,
        scope: KeyScope::Trajectory,
        shortcuts: &[plain(Key::ArrowLeft)],
        description: "Step the time cursor to the previous sample",
    },
    ViewKeyBinding {
        key: ViewKey::NextSample,
        scope: KeyScope::Trajectory,
        shortcuts: &[plain(Key::ArrowRight)],
        description: "Step the time cursor to the next sample",
    },
    ViewKeyBinding {
        key: ViewKey::CursorA,
        scope: KeyScope::Trajectory,
        shortcuts: &[plain(Key::A)],
        description: "Place measuring cursor A at the cursor",
    },
    ViewKeyBinding {
        key: ViewKey::CursorB,
        scope: KeyScope::Trajectory,
        shortcuts: &[plain(Key::B)],
        description: "Place measuring cursor B at the cursor",
    },
    ViewKeyBinding {
        key: ViewKey::ClearCursors,
        scope: KeyScope::Trajectory,
        shortcuts: &[plain(Key::Escape)],
        description: "Clear cursors A and B",
    },
    ViewKeyBinding {
        key: ViewKey::StartPlayback,
        scope: KeyScope::Trajectory,
        shortcuts: &[plain(Key::Space), plain(Key::PageDown)],
        description: "Start playback at admission",
    },
    ViewKeyBinding {
        key: ViewKey::PlayPause,
        scope: KeyScope::Playback,
        shortcuts: &[plain(Key::Space)],
        description: "Play or pause; at a question, reveal what happened",
    },
    ViewKeyBinding {
        key: ViewKey::DayOn,
        scope: KeyScope::Playback,
        shortcuts: &[plain(Key::ArrowRight), plain(Key::PageDown)],
        description: "One day on",
    },
    ViewKeyBinding {
        key: ViewKey::DayBack,
        scope: KeyScope::Playback,
        shortcuts: &[plain(Key::ArrowLeft), plain(Key::PageUp)],
        description: "One day back",
    },
    ViewKeyBinding {
        key: ViewKey::PlaybackNextEvent,
        scope: KeyScope::Playback,
        shortcuts: &[plain(Key::N)],
        description: "Next event",
    },
    ViewKeyBinding {
        key: ViewKey::PlaybackPreviousEvent,
        scope: KeyScope::Playback,
        shortcuts: &[plain(Key::P)],
        description: "Previous event",
    },
    ViewKeyBinding {
        key: ViewKey::ToAdmission,
        scope: KeyScope::Playback,
        shortcuts: &[plain(Key::Home)],
        description: "Back to admission",
    },
    ViewKeyBinding {
        key: ViewKey::BlankScreen,
        scope: KeyScope::Playback,
        shortcuts: &[plain(Key::B)],
        description: "Blank the screen (black); again, or any key, to return",
    },
    ViewKeyBinding {
        key: ViewKey::TypePrediction,
        scope: KeyScope::Playback,
        shortcuts: &[plain(Key::Enter)],
        description: "At a question: type the class's prediction (Enter again to finish)",
    },
    ViewKeyBinding {
        key: ViewKey::StopPlayback,
        scope: KeyScope::Playback,
        shortcuts: &[plain(Key::Escape)],
        description: "Stop playback",
    },
    ViewKeyBinding {
        key: ViewKey::PreviousFrame,
        scope: KeyScope::Imaging,
        shortcuts: &[plain(Key::ArrowUp)],
        description: "Previous frame of a multi-frame image (pointer over it)",
    },
    ViewKeyBinding {
        key: ViewKey::NextFrame,
        scope: KeyScope::Imaging,
        shortcuts: &[plain(Key::ArrowDown)],
        description: "Next frame of a multi-frame image (pointer over it)",
    },
    ViewKeyBinding {
        key: ViewKey::DeleteAnnotation,
        scope: KeyScope::Imaging,
        shortcuts: &[plain(Key::Delete), plain(Key::Backspace)],
        description: "Delete the selected annotation",
    },
    ViewKeyBinding {
        key: ViewKey::CancelDrawing,
        scope: KeyScope::Imaging,
        shortcuts: &[plain(Key::Escape)],
        description: "Cancel the drawing or deselect",
    },
    ViewKeyBinding {
        key: ViewKey::PlaceTextLabel,
        scope: KeyScope::Imaging,
        shortcuts: &[plain(Key::Enter)],
        description: "Place the text label just typed (on an image or a slice)",
    },
    ViewKeyBinding {
        key: ViewKey::PreviousSlice,
        scope: KeyScope::Series,
        shortcuts: &[plain(Key::ArrowUp), plain(Key::PageUp)],
        description: "Previous slice",
    },
    ViewKeyBinding {
        key: ViewKey::NextSlice,
        scope: KeyScope::Series,
        shortcuts: &[plain(Key::ArrowDown), plain(Key::PageDown)],
        description: "Next slice",
    },
    ViewKeyBinding {
        key: ViewKey::DeleteMark,
        scope: KeyScope::Series,
        shortcuts: &[plain(Key::Delete), plain(Key::Backspace)],
        description: "Delete the selected mark on the slice",
    },
    ViewKeyBinding {
        key: ViewKey::SelectTool,
        scope: KeyScope::Series,
        shortcuts: &[plain(Key::Escape)],
        description: "Put the select tool back, or cancel the text label",
    },
];

/// The binding of a view key.
pub fn view_key_binding(key: ViewKey) -> Option<&'static ViewKeyBinding> {
    VIEW_KEYS.iter().find(|binding| binding.key == key)
}

/// Whether one of the keys bound to `key` was pressed this frame; consumes it, so a second
/// binding of the same key elsewhere does not act as well. Modifiers must match exactly:
/// egui's own matching ignores Shift, which would make Shift+→ step a sample, not an event.
pub fn view_key_pressed(ctx: &egui::Context, key: ViewKey) -> bool {
    let Some(binding) = view_key_binding(key) else {
        return false;
    };
    ctx.input_mut(|input| {
        let mut pressed = false;
        input.events.retain(|event| {
            let matches = matches!(
                event,
                egui::Event::Key { key, modifiers, pressed: true, .. }
                    if binding.shortcuts.iter().any(|shortcut| {
                        shortcut.logical_key == *key && modifiers.matches_exact(shortcut.modifiers)
                    })
            );
            pressed |= matches;
            !matches
        });
        pressed
    })
}

/// The keys of a binding as the help window shows them: `Space or PageDown`.
pub fn view_key_label(ctx: &egui::Context, binding: &ViewKeyBinding) -> String {
    let names: Vec<String> = binding
        .shortcuts
        .iter()
        .map(|shortcut| ctx.format_shortcut(shortcut))
        .collect();
    names.join(" or ")
}

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
