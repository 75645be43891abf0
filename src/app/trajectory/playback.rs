//! Playback for teaching: a time cursor sweeps through the stay; nothing after it is shown
//! (or it is faded), by the one rule of `analysis::overlays::Reveal`. Driven from the keyboard,
//! so a presenter's clicker (PageDown/PageUp) works; the keys come from `shortcuts::VIEW_KEYS`.
//! The sweep stops at the teaching script's stops ("what happens next?", `teaching`).

use egui::RichText;

use super::{TrajectoryState, full_range};
use crate::analysis::overlays::Reveal;
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
    /// The teaching stop whose question is being asked (index in the case's script): the
    /// sweep waits here until the teacher reveals what happened.
    pub asking: Option<usize>,
}

impl Playback {
    pub fn starting_at(time: DayPosition) -> Self {
        Self {
            time,
            playing: false,
            days_per_second: DEFAULT_DAYS_PER_SECOND,
            fade_future: false,
            asking: None,
        }
    }

    /// Playback's rule for what the plots show.
    pub fn reveal(&self) -> Reveal {
        Reveal::Until {
            until: self.time,
            fade_later: self.fade_future,
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
        start_playback(document, state);
    }
}

/// Starts playback at admission, the whole stay in view (so the frame holds still).
pub fn start_playback(document: &CaseDocument, state: &mut TrajectoryState) {
    let (start, _) = bounds(document);
    state.playback = Some(Playback::starting_at(start));
    state.pending_x_range = Some(full_range(document));
}

/// Moves the sweep to `target`, unless a teaching stop lies on the way (after the current
/// time, up to the target): then it stops there and asks. Moving back never asks.
fn move_to(document: &CaseDocument, playback: &mut Playback, target: DayPosition) {
    let from = playback.time;
    playback.asking = None;
    if target > from
        && let Some(&(index, position)) = document
            .teaching_stops()
            .iter()
            .find(|(_, position)| *position > from + 1e-9 && *position <= target + 1e-9)
    {
        playback.time = position;
        playback.playing = false;
        playback.asking = Some(index);
        return;
    }
    playback.time = target;
}

/// Advances a playing sweep by `seconds` of wall time; stops at a teaching stop and at the
/// end of the stay.
pub fn advance(document: &CaseDocument, state: &mut TrajectoryState, seconds: f64) {
    let (_, end) = bounds(document);
    let Some(playback) = state.playback.as_mut() else {
        return;
    };
    if playback.playing {
        let target = (playback.time + seconds * playback.days_per_second).min(end);
        move_to(document, playback, target);
        if playback.time >= end {
            playback.playing = false;
        }
    }
    state.time_cursor = Some(playback.time);
}

/// Moves to the next (or previous) event: an intervention, clinical event, imaging study or
/// teaching stop (each list sorted once per edit).
pub fn jump_to_event(document: &CaseDocument, state: &mut TrajectoryState, forward: bool) {
    let Some(playback) = state.playback.as_mut() else {
        return;
    };
    let time = playback.time;
    let teaching = document
        .teaching_stops()
        .iter()
        .map(|(_, position)| *position);
    let stops = document.event_stops().iter().copied().chain(teaching);
    let next = if forward {
        stops
            .filter(|&stop| stop > time + 1e-9)
            .min_by(f64::total_cmp)
    } else {
        stops
            .filter(|&stop| stop < time - 1e-9)
            .max_by(f64::total_cmp)
    };
    if let Some(next) = next {
        move_to(document, playback, next);
        playback.playing = false;
    }
}

/// Moves a whole day on or back (from the start of the current day), paused.
fn step_day(document: &CaseDocument, state: &mut TrajectoryState, days: f64) {
    let (start, end) = bounds(document);
    if let Some(playback) = state.playback.as_mut() {
        let target = (playback.time.floor() + days).clamp(start, end);
        move_to(document, playback, target);
        playback.playing = false;
    }
}

/// Play or pause; at a question, reveal what happened and play on.
fn play_pause(document: &CaseDocument, state: &mut TrajectoryState) {
    let (start, end) = bounds(document);
    if let Some(playback) = state.playback.as_mut() {
        if playback.asking.take().is_some() {
            playback.playing = true;
            return;
        }
        if playback.time >= end {
            playback.time = start;
        }
        playback.playing = !playback.playing;
    }
}

/// Keys while playback is on: Space play/pause (reveal at a question), →/PageDown a day on,
/// ←/PageUp a day back, N/P next/previous event, Home to admission, B blank, Enter type the
/// class's prediction, Esc stops. Returns whether playback is on.
pub fn playback_keys(ui: &egui::Ui, document: &CaseDocument, state: &mut TrajectoryState) -> bool {
    if state.playback.is_none() {
        return false;
    }
    // The teacher typing the class's prediction: the letters are words, not keys.
    if ui.ctx().egui_wants_keyboard_input() {
        return true;
    }
    let ctx = ui.ctx().clone();
    let pressed = |key: ViewKey| view_key_pressed(&ctx, key);
    if pressed(ViewKey::BlankScreen) {
        state.blanked = true;
        return true;
    }
    if pressed(ViewKey::PlayPause) {
        play_pause(document, state);
    }
    if pressed(ViewKey::DayOn) {
        step_day(document, state, 1.0);
    }
    if pressed(ViewKey::DayBack) {
        step_day(document, state, -1.0);
    }
    if pressed(ViewKey::PlaybackNextEvent) {
        jump_to_event(document, state, true);
    }
    if pressed(ViewKey::PlaybackPreviousEvent) {
        jump_to_event(document, state, false);
    }
    if pressed(ViewKey::TypePrediction)
        && state
            .playback
            .as_ref()
            .is_some_and(|playback| playback.asking.is_some())
    {
        state.focus_prediction = true;
    }
    if pressed(ViewKey::ToAdmission) {
        let (start, _) = bounds(document);
        if let Some(playback) = state.playback.as_mut() {
            playback.time = start;
            playback.playing = false;
            playback.asking = None;
        }
    }
    if pressed(ViewKey::StopPlayback) {
        state.playback = None;
        return false;
    }
    true
}

/// While the screen is blanked: any key (B included) brings the class back; the key does
/// nothing else. Returns whether the screen is still blank.
pub fn blank_keys(ui: &egui::Ui, state: &mut TrajectoryState) -> bool {
    if !state.blanked {
        return false;
    }
    let any_key = ui.ctx().input_mut(|input| {
        let before = input.events.len();
        input
            .events
            .retain(|event| !matches!(event, egui::Event::Key { pressed: true, .. }));
        input.events.len() != before
    });
    if any_key {
        state.blanked = false;
    }
    state.blanked
}

/// The black screen a presenter shows while talking, over everything.
pub fn blank_ui(ctx: &egui::Context) {
    let layer = egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("playback_blank"));
    ctx.layer_painter(layer)
        .rect_filled(ctx.viewport_rect(), 0.0, egui::Color32::BLACK);
}

/// The playback bar: play/pause, steps, speed, fade, and a teaching stop at this time.
pub fn playback_bar_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
) -> Option<super::teaching::StopEdit> {
    let label = state.playback.as_ref().map(|playback| {
        crate::analysis::time_axis::cursor_label(
            document.timeline(),
            state.axis_mode,
            playback.time,
            false,
        )
    });
    let label = label?;
    let mut jump = None;
    let mut day = None;
    let mut play = false;
    let mut stop_edit = None;
    ui.horizontal_wrapped(|ui| {
        let Some(playback) = state.playback.as_mut() else {
            return;
        };
        ui.label(RichText::new(format!("Playback: {label}")).strong());
        let play_label = match (playback.asking.is_some(), playback.playing) {
            (true, _) => "Reveal",
            (false, true) => "Pause",
            (false, false) => "▶ Play",
        };
        play = ui.button(play_label).on_hover_text("Space").clicked();
        if ui.button("◀ Day").on_hover_text("← or PageUp").clicked() {
            day = Some(-1.0);
        }
        if ui.button("Day ▶").on_hover_text("→ or PageDown").clicked() {
            day = Some(1.0);
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
        stop_edit = super::teaching::add_stop_button_ui(ui, document, playback.time);
    });
    if play {
        play_pause(document, state);
    }
    if let Some(days) = day {
        step_day(document, state, days);
    }
    if let Some(forward) = jump {
        jump_to_event(document, state, forward);
    }
    stop_edit
}

/// Seconds the presenter's key hint stays, then fades over.
const HINT_SECONDS: f64 = 4.0;
const HINT_FADE_SECONDS: f64 = 1.5;

/// The presenter's keys, from the one key table, at the foot of the window for a few
/// seconds after presentation starts, then fading away.
pub fn key_hint_ui(ctx: &egui::Context, state: &mut TrajectoryState) {
    let Some(shown_at) = state.hint_shown_at else {
        return;
    };
    if state.blanked {
        // A blank screen is black through and through; the hint has had its time.
        state.hint_shown_at = None;
        return;
    }
    let now = ctx.input(|input| input.time);
    let age = now - shown_at;
    if age > HINT_SECONDS + HINT_FADE_SECONDS {
        state.hint_shown_at = None;
        return;
    }
    let opacity = if age <= HINT_SECONDS {
        1.0
    } else {
        (1.0 - (age - HINT_SECONDS) / HINT_FADE_SECONDS) as f32
    };
    let keys: Vec<String> = crate::app::shortcuts::VIEW_KEYS
        .iter()
        .filter(|binding| binding.scope == crate::app::shortcuts::KeyScope::Playback)
        .map(|binding| {
            format!(
                "{}: {}",
                crate::app::shortcuts::view_key_label(ctx, binding),
                binding.description
            )
        })
        .collect();
    egui::Area::new(egui::Id::unique("presenter_key_hint"))
        .order(egui::Order::Tooltip)
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -48.0))
        .interactable(false)
        .show(ctx, |ui| {
            ui.multiply_opacity(opacity);
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(ctx.content_rect().width() * 0.8);
                ui.label(RichText::new(format!("Keys: {}", keys.join(" · "))).small());
            });
        });
    // Only a timed repaint: the hint must not keep the app drawing as fast as it can.
    ctx.request_repaint_after(std::time::Duration::from_millis(100));
}
