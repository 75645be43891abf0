//! Playback for teaching: a time cursor sweeps through the stay; data after it are hidden or
//! faded, and interventions, milestones and notes appear as the cursor reaches them. Driven
//! from the keyboard, so a presenter's clicker (PageDown/PageUp) works.

use egui::RichText;

use super::{InterventionMark, TrajectoryState, full_range};
use crate::app::document::CaseDocument;
use crate::app::shortcuts::{ViewKey, view_key_pressed};
use crate::model::DayPosition;

/// Days of the stay shown per second of playback, by default.
pub const DEFAULT_DAYS_PER_SECOND: f64 = 1.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    /// Everything up to this time is shown.
    pub time: DayPosition,
    pub playing: bool,
    pub days_per_second: f64,
    /// Fade later data instead of hiding it.
    pub fade_future: bool,
}

impl Playback {
    pub fn starting_at(time: DayPosition) -> Self {
        Self {
            time,
            playing: false,
            days_per_second: DEFAULT_DAYS_PER_SECOND,
            fade_future: false,
        }
    }
}

/// Where playback starts and ends: the whole stay.
fn bounds(document: &CaseDocument) -> (f64, f64) {
    let (start, end) = full_range(document);
    (
        document.timeline().admission().unwrap_or(start).min(end),
        end,
    )
}

/// Starts playback at admission, or stops it.
pub fn toggle_playback(document: &CaseDocument, state: &mut TrajectoryState) {
    if state.playback.take().is_none() {
        let (start, _) = bounds(document);
        state.playback = Some(Playback::starting_at(start));
        state.pending_x_range = Some(full_range(document));
    }
}

/// Advances a playing sweep by `seconds` of wall time; stops at the end of the stay.
pub fn advance(document: &CaseDocument, state: &mut TrajectoryState, seconds: f64) {
    let (_, end) = bounds(document);
    let Some(playback) = state.playback.as_mut() else {
        return;
    };
    if playback.playing {
        playback.time = (playback.time + seconds * playback.days_per_second).min(end);
        if playback.time >= end {
            playback.playing = false;
        }
    }
    state.time_cursor = Some(playback.time);
}

/// Moves to the next (or previous) event: an intervention, clinical event or imaging study.
pub fn jump_to_event(
    document: &CaseDocument,
    state: &mut TrajectoryState,
    marks: &[InterventionMark],
    forward: bool,
) {
    let timeline = document.timeline();
    let mut stops: Vec<f64> = marks.iter().map(|mark| mark.start).collect();
    stops.extend(
        document
            .case()
            .events
            .iter()
            .filter_map(|event| timeline.position(event.time).ok()),
    );
    stops.extend(
        document
            .case()
            .milestones
            .iter()
            .filter_map(|milestone| milestone.time.and_then(|time| timeline.position(time).ok())),
    );
    stops.sort_by(f64::total_cmp);
    let Some(playback) = state.playback.as_mut() else {
        return;
    };
    let next = if forward {
        stops
            .iter()
            .copied()
            .find(|&stop| stop > playback.time + 1e-9)
    } else {
        stops
            .iter()
            .rev()
            .copied()
            .find(|&stop| stop < playback.time - 1e-9)
    };
    if let Some(next) = next {
        playback.time = next;
        playback.playing = false;
    }
}

/// Keys while playback is on: Space play/pause, →/PageDown a day on, ←/PageUp a day back,
/// N/P next/previous event, Home to admission, Esc stops. Returns whether playback is on.
pub fn playback_keys(
    ui: &egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
    marks: &[InterventionMark],
) -> bool {
    if state.playback.is_none() {
        return false;
    }
    let ctx = ui.ctx().clone();
    let pressed = |key: ViewKey| view_key_pressed(&ctx, key);
    let (start, end) = bounds(document);
    let step_day = |state: &mut TrajectoryState, days: f64| {
        if let Some(playback) = state.playback.as_mut() {
            playback.time = (playback.time.floor() + days).clamp(start, end);
            playback.playing = false;
        }
    };
    if pressed(ViewKey::PlayPause)
        && let Some(playback) = state.playback.as_mut()
    {
        if playback.time >= end {
            playback.time = start;
        }
        playback.playing = !playback.playing;
    }
    if pressed(ViewKey::DayOn) {
        step_day(state, 1.0);
    }
    if pressed(ViewKey::DayBack) {
        step_day(state, -1.0);
    }
    if pressed(ViewKey::PlaybackNextEvent) {
        jump_to_event(document, state, marks, true);
    }
    if pressed(ViewKey::PlaybackPreviousEvent) {
        jump_to_event(document, state, marks, false);
    }
    if pressed(ViewKey::ToAdmission)
        && let Some(playback) = state.playback.as_mut()
    {
        playback.time = start;
        playback.playing = false;
    }
    if pressed(ViewKey::StopPlayback) {
        state.playback = None;
        return false;
    }
    true
}

/// The playback bar: play/pause, steps, speed, fade.
pub fn playback_bar_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
    marks: &[InterventionMark],
) {
    let label = state.playback.as_ref().map(|playback| {
        crate::analysis::time_axis::cursor_label(
            document.timeline(),
            state.axis_mode,
            playback.time,
            false,
        )
    });
    let Some(label) = label else {
        return;
    };
    let mut jump = None;
    ui.horizontal_wrapped(|ui| {
        let Some(playback) = state.playback.as_mut() else {
            return;
        };
        ui.label(RichText::new(format!("Playback: {label}")).strong());
        if ui
            .button(if playback.playing {
                "Pause"
            } else {
                "▶ Play"
            })
            .on_hover_text("Space")
            .clicked()
        {
            playback.playing = !playback.playing;
        }
        if ui.button("◀ Day").on_hover_text("← or PageUp").clicked() {
            playback.time -= 1.0;
            playback.playing = false;
        }
        if ui.button("Day ▶").on_hover_text("→ or PageDown").clicked() {
            playback.time += 1.0;
            playback.playing = false;
        }
        if ui.button("Next event").on_hover_text("N").clicked() {
            jump = Some(true);
        }
        ui.add(
            egui::DragValue::new(&mut playback.days_per_second)
                .range(0.1..=20.0)
                .speed(0.1)
                .suffix(" days/s"),
        );
        ui.checkbox(
            &mut playback.fade_future,
            "Fade later data instead of hiding it",
        );
    });
    if let Some(forward) = jump {
        jump_to_event(document, state, marks, forward);
    }
}
