//! The trajectory view: the markers of a stay as stacked plots on one time axis, with
//! interventions, episodes, imaging milestones and notes overlaid, a cursor readout, two
//! measuring cursors, and the samples of the selected marker.

mod cohort_bands;
mod colors;
mod controls;
mod episodes_editor;
mod findings;
mod guideline_marks;
mod milestones_panel;
mod overlay;
mod playback;
mod plots;
mod readout;
mod samples_table;
mod series_data;

use std::collections::BTreeSet;

use egui::{Key, Modifiers};

use crate::analysis::time_axis::AxisMode;
use crate::app::state::OpenCase;
use crate::model::{Case, DayPosition, InterventionKind, Timeline, TrajectoryLayout};
pub use overlay::{InterventionMark, intervention_marks};
pub use playback::{Playback, toggle_playback};
use series_data::{PlotSeries, SeriesSamples};

/// Width of the cursor readout beside the plots.
const READOUT_WIDTH: f32 = 330.0;

/// Days shown before and after an intervention by "zoom to intervention" (Z).
pub const DEFAULT_WINDOW_BEFORE_DAYS: f64 = 3.0;
pub const DEFAULT_WINDOW_AFTER_DAYS: f64 = 7.0;

/// View state of the trajectory view of one case (not saved: the layout is, in the case).
#[derive(Debug)]
pub struct TrajectoryState {
    pub axis_mode: AxisMode,
    pub hidden_kinds: BTreeSet<InterventionKind>,
    /// Interventions hidden one by one, by index in the case.
    pub hidden_interventions: BTreeSet<usize>,
    /// Where the mouse is over any plot, this frame.
    pub hover_time: Option<DayPosition>,
    /// The cursor placed by a click or stepped with the arrow keys.
    pub time_cursor: Option<DayPosition>,
    pub cursor_a: Option<DayPosition>,
    pub cursor_b: Option<DayPosition>,
    /// The marker whose samples the table at the bottom lists.
    pub selected_marker: Option<String>,
    /// The intervention "zoom to intervention" frames.
    pub focus_intervention: Option<usize>,
    pub window_before_days: f64,
    pub window_after_days: f64,
    /// A time range to show from the next frame on (fit, zoom to intervention).
    pub pending_x_range: Option<(f64, f64)>,
    /// The time range shown in the last frame.
    pub visible_x_range: Option<(f64, f64)>,
    /// Screen rectangles of the plots in the last frame (the tests hover them).
    pub plot_rects: Vec<egui::Rect>,
    pub strip_rect: Option<egui::Rect>,
    /// Where the last right-click landed, for the context menu.
    context_time: Option<DayPosition>,
    /// Benchmark baseline only: hand every dense sample to the plot, no level of detail.
    pub naive_dense: bool,
    pub note_draft: Option<readout::NoteDraft>,
    pub show_marker_chooser: bool,
    /// Teaching playback, when on.
    pub playback: Option<Playback>,
    /// Presentation mode: large type, only the panels a class needs.
    pub presentation: bool,
    pub findings: findings::FindingsState,
    pub episodes: episodes_editor::EpisodesEditorState,
    /// A request from the studies list beside the plots, carried out after the frame.
    pub milestone_action: Option<milestones_panel::MilestoneAction>,
}

impl TrajectoryState {
    pub fn for_case(case: &Case, timeline: &Timeline) -> Self {
        let focus_intervention = case
            .interventions
            .iter()
            .position(|intervention| intervention.kind == InterventionKind::ConvalescentPlasma)
            .or_else(|| {
                case.interventions
                    .iter()
                    .position(|intervention| intervention.timing.first_time().is_some())
            });
        Self {
            axis_mode: AxisMode::preferred(timeline),
            selected_marker: case.series.first().map(|series| series.marker.clone()),
            focus_intervention,
            ..Self::default()
        }
    }

    /// The time the readout shows: the mouse when it is over a plot, else the time cursor.
    pub fn readout_time(&self) -> Option<DayPosition> {
        self.hover_time.or(self.time_cursor)
    }

    /// During playback, the time up to which the stay is shown.
    pub fn reveal_until(&self) -> Option<DayPosition> {
        self.playback.as_ref().map(|playback| playback.time)
    }
}

impl Default for TrajectoryState {
    fn default() -> Self {
        Self {
            axis_mode: AxisMode::default(),
            hidden_kinds: BTreeSet::new(),
            hidden_interventions: BTreeSet::new(),
            hover_time: None,
            time_cursor: None,
            cursor_a: None,
            cursor_b: None,
            selected_marker: None,
            focus_intervention: None,
            window_before_days: DEFAULT_WINDOW_BEFORE_DAYS,
            window_after_days: DEFAULT_WINDOW_AFTER_DAYS,
            pending_x_range: None,
            visible_x_range: None,
            plot_rects: Vec::new(),
            strip_rect: None,
            context_time: None,
            naive_dense: false,
            note_draft: None,
            show_marker_chooser: false,
            playback: None,
            presentation: false,
            findings: findings::FindingsState::default(),
            episodes: episodes_editor::EpisodesEditorState::default(),
            milestone_action: None,
        }
    }
}

/// The series of a case, each with its samples (from the case file or a dense file).
fn plot_series(open: &OpenCase) -> Vec<PlotSeries<'_>> {
    open.case
        .series
        .iter()
        .map(|series| {
            let samples = match series
                .dense
                .as_ref()
                .and_then(|reference| open.dense.get(reference))
            {
                Some(channel) => SeriesSamples::Dense(channel.clone()),
                None => SeriesSamples::Sparse(series),
            };
            PlotSeries { series, samples }
        })
        .collect()
}

/// The intervention marks the plots draw, after the by-kind and one-by-one toggles.
pub fn visible_marks(open: &OpenCase) -> Vec<InterventionMark> {
    let state = &open.view.trajectory;
    intervention_marks(open)
        .into_iter()
        .filter(|mark| {
            !state.hidden_kinds.contains(&mark.kind)
                && !state
                    .hidden_interventions
                    .contains(&mark.intervention_index)
        })
        .collect()
}

/// The marks drawn now: the visible ones, and during playback only those the sweep has
/// reached, courses cut at the playback time.
pub fn revealed_marks(open: &OpenCase) -> Vec<InterventionMark> {
    let reveal_until = open.view.trajectory.reveal_until();
    visible_marks(open)
        .into_iter()
        .filter(|mark| reveal_until.is_none_or(|until| mark.start <= until))
        .map(|mut mark| {
            if let (Some(end), Some(until)) = (mark.end, reveal_until) {
                mark.end = Some(end.min(until));
            }
            mark
        })
        .collect()
}

/// The whole stay: admission to discharge, widened to every sample, with a margin.
pub fn full_range(open: &OpenCase) -> (f64, f64) {
    let timeline = &open.timeline;
    let mut low = f64::INFINITY;
    let mut high = f64::NEG_INFINITY;
    for position in [
        timeline.admission(),
        timeline.discharge().map(|discharge| discharge + 1.0),
    ]
    .into_iter()
    .flatten()
    {
        low = low.min(position);
        high = high.max(position);
    }
    for plot_series in plot_series(open) {
        if let Some((first, last)) = plot_series.extent(timeline) {
            low = low.min(first);
            high = high.max(last);
        }
    }
    // Events and treatment belong in view too: a case may record them long after its last
    // sample (the Liang case has two samples and three weeks of treatment).
    let event_positions = open
        .case
        .events
        .iter()
        .filter_map(|event| timeline.position(event.time).ok());
    let mark_positions = intervention_marks(open)
        .into_iter()
        .flat_map(|mark| std::iter::once(mark.start).chain(mark.end));
    for position in event_positions.chain(mark_positions) {
        low = low.min(position);
        high = high.max(position + 1.0);
    }
    if !(low.is_finite() && high.is_finite()) {
        return (0.0, 14.0);
    }
    let margin = ((high - low) * 0.02).max(0.25);
    (low - margin, high + margin)
}

pub fn trajectory_ui(ui: &mut egui::Ui, open: &mut OpenCase) {
    if open.view.trajectory.pending_x_range.is_none()
        && open.view.trajectory.visible_x_range.is_none()
    {
        open.view.trajectory.pending_x_range = Some(full_range(open));
    }
    let layout = TrajectoryLayout::for_case(&open.case);
    let marks = intervention_marks(open);

    let layout_edit = controls::toolbar_ui(ui, open, &layout, &marks);
    playback::playback_bar_ui(ui, open, &marks);
    if !playback::playback_keys(ui, open, &marks) {
        keyboard_ui(ui, open, &marks);
    }
    let seconds = f64::from(ui.input(|input| input.stable_dt).min(0.1));
    playback::advance(open, seconds);
    if open
        .view
        .trajectory
        .playback
        .as_ref()
        .is_some_and(|playback| playback.playing)
    {
        ui.ctx().request_repaint();
    }
    let reveal_until = open.view.trajectory.reveal_until();
    let fade_future = open
        .view
        .trajectory
        .playback
        .as_ref()
        .is_some_and(|playback| playback.fade_future);

    // Take the view state out so the plots can read the case while they update it.
    let mut state = std::mem::take(&mut open.view.trajectory);
    let (mut interaction, findings_edit) = {
        let inputs = plots::PlotInputs {
            open,
            series: plot_series(open),
            marks: revealed_marks(open),
            reveal_until,
            fade_future,
            response_spans: findings::response_spans(open),
            guidelines: (!state.findings.guideline_marks_hidden)
                .then(|| guideline_marks::guideline_marks(&open.case, &open.timeline)),
        };
        if !state.presentation {
            egui::Panel::bottom("trajectory_samples")
                .resizable(true)
                .default_size(170.0)
                .show(ui, |ui| {
                    samples_table::samples_table_ui(ui, &inputs, &mut state)
                });
        }
        // The plots are laid out before the readout, so the readout shows the time the
        // pointer is at in this very frame.
        let readout_width = READOUT_WIDTH.min(ui.available_width() * 0.4);
        let plots_width = (ui.available_width() - readout_width - 12.0).max(100.0);
        let height = ui.available_height();
        ui.horizontal_top(|ui| {
            let interaction = ui
                .allocate_ui_with_layout(
                    egui::vec2(plots_width, height),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| plots::plots_ui(ui, &inputs, &layout.panels, &mut state),
                )
                .inner;
            state.hover_time = interaction.hovered_time;
            ui.separator();
            let accepted = ui
                .allocate_ui_with_layout(
                    egui::vec2(readout_width, height),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        readout::readout_ui(ui, &inputs, &mut state, |ui, state| {
                            findings::findings_ui(ui, inputs.open, state)
                        })
                    },
                )
                .inner;
            (interaction, accepted)
        })
        .inner
    };
    state.pending_x_range = None;
    state.visible_x_range = interaction.visible_range.or(state.visible_x_range);
    let pixel = state
        .visible_x_range
        .map_or(1e-3, |(start, end)| (end - start).abs() / 2000.0);
    let hover_moved = match (state.hover_time, interaction.hovered_time) {
        (Some(before), Some(now)) => (before - now).abs() > pixel,
        (before, now) => before.is_some() != now.is_some(),
    };
    if hover_moved || interaction.clicked.is_some() {
        // The readout was drawn before the plots saw the pointer: draw once more so it
        // shows this frame's time, not the last one's.
        ui.ctx().request_repaint();
    }
    if let Some((position, modifiers)) = interaction.clicked {
        if modifiers.shift {
            state.cursor_a = Some(position);
        } else if modifiers.command {
            state.cursor_b = Some(position);
        } else {
            state.time_cursor = Some(position);
        }
    }
    if let Some((position, marker)) = interaction.note_requested {
        state.note_draft = Some(readout::NoteDraft::new(position, marker));
    }
    let episode_edit = findings_edit.or(interaction.episode_edit.take());
    open.view.trajectory = state;
    if let Some((description, edit)) = episode_edit {
        let refused = open.edit(description, |case| edit.apply(&mut case.episodes));
        open.view.trajectory.episodes.refusal = refused.err().map(|findings| {
            let reasons: Vec<String> = findings.iter().map(ToString::to_string).collect();
            format!("Not changed: {}", reasons.join("; "))
        });
    }
    let milestone_action = open.view.trajectory.milestone_action.take().or(interaction
        .clicked_milestone
        .take()
        .map(milestones_panel::MilestoneAction::Select));
    if let Some(action) = milestone_action {
        milestones_panel::apply_milestone_action(open, action);
    }
    readout::note_window_ui(ui.ctx(), open);
    if let Some((description, new_layout)) = layout_edit {
        // Marker choices are saved with the case, so they are edits (undoable).
        let _ = open.edit(description, |case| case.view = Some(new_layout));
    }
}

/// F fit · Z zoom to intervention · ←/→ step samples · Shift+←/→ step events · A/B cursors.
fn keyboard_ui(ui: &mut egui::Ui, open: &mut OpenCase, marks: &[InterventionMark]) {
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let pressed =
        |key: Key, modifiers: Modifiers| ui.input_mut(|input| input.consume_key(modifiers, key));
    if pressed(Key::F, Modifiers::NONE) {
        open.view.trajectory.pending_x_range = Some(full_range(open));
    }
    if pressed(Key::Z, Modifiers::NONE) {
        zoom_to_focus(open, marks);
    }
    // A presenter's clicker sends PageDown: its first press starts the walk through the stay.
    if pressed(Key::Space, Modifiers::NONE) || pressed(Key::PageDown, Modifiers::NONE) {
        toggle_playback(open);
        return;
    }
    let step = [
        (Key::ArrowLeft, Modifiers::NONE, false, false),
        (Key::ArrowRight, Modifiers::NONE, true, false),
        (Key::ArrowLeft, Modifiers::SHIFT, false, true),
        (Key::ArrowRight, Modifiers::SHIFT, true, true),
    ];
    for (key, modifiers, forward, by_event) in step {
        if pressed(key, modifiers) {
            step_cursor(open, marks, forward, by_event);
        }
    }
    let state = &mut open.view.trajectory;
    if pressed(Key::A, Modifiers::NONE) {
        state.cursor_a = state.readout_time();
    }
    if pressed(Key::B, Modifiers::NONE) {
        state.cursor_b = state.readout_time();
    }
    if pressed(Key::Escape, Modifiers::NONE) {
        state.cursor_a = None;
        state.cursor_b = None;
    }
}

/// Frames the focus intervention: its first dose minus the days before, to its last dose
/// (or course end) plus the days after.
pub fn zoom_to_focus(open: &mut OpenCase, marks: &[InterventionMark]) {
    let state = &mut open.view.trajectory;
    let Some(focus) = state.focus_intervention else {
        return;
    };
    let focus_marks: Vec<&InterventionMark> = marks
        .iter()
        .filter(|mark| mark.intervention_index == focus)
        .collect();
    let first = focus_marks
        .iter()
        .map(|mark| mark.start)
        .fold(f64::INFINITY, f64::min);
    let last = focus_marks
        .iter()
        .map(|mark| mark.end.unwrap_or(mark.start))
        .fold(f64::NEG_INFINITY, f64::max);
    if first.is_finite() && last.is_finite() {
        state.pending_x_range = Some((
            first - state.window_before_days,
            last + state.window_after_days,
        ));
    }
}

/// Moves the time cursor to the next or previous sample (of the selected marker, or of any
/// marker) or, by event, to the next intervention, clinical event or imaging study.
pub fn step_cursor(open: &mut OpenCase, marks: &[InterventionMark], forward: bool, by_event: bool) {
    let timeline = &open.timeline;
    let mut stops: Vec<f64> = if by_event {
        let events = open
            .case
            .events
            .iter()
            .filter_map(|event| timeline.position(event.time).ok());
        let milestones =
            open.case.milestones.iter().filter_map(|milestone| {
                milestone.time.and_then(|time| timeline.position(time).ok())
            });
        marks
            .iter()
            .map(|mark| mark.start)
            .chain(events)
            .chain(milestones)
            .collect()
    } else {
        let selected = open.view.trajectory.selected_marker.clone();
        plot_series(open)
            .iter()
            .filter(|plot_series| {
                selected
                    .as_ref()
                    .is_none_or(|marker| &plot_series.series.marker == marker)
            })
            .flat_map(|plot_series| plot_series.sample_positions(timeline))
            .collect()
    };
    stops.sort_by(f64::total_cmp);
    stops.dedup();
    let state = &mut open.view.trajectory;
    let current = state.time_cursor.or(state.hover_time);
    let next = match (current, forward) {
        (None, true) => stops.first().copied(),
        (None, false) => stops.last().copied(),
        (Some(current), true) => stops.iter().copied().find(|&stop| stop > current + 1e-9),
        (Some(current), false) => stops
            .iter()
            .rev()
            .copied()
            .find(|&stop| stop < current - 1e-9),
    };
    if let Some(next) = next {
        state.time_cursor = Some(next);
        // Keep the cursor in view.
        if let Some((start, end)) = state.visible_x_range
            && (next < start || next > end)
        {
            let half = (end - start) / 2.0;
            state.pending_x_range = Some((next - half, next + half));
        }
    }
}
