//! The trajectory view: the markers of a stay as stacked plots on one time axis, with
//! interventions, episodes, imaging milestones and notes overlaid, a cursor readout, two
//! measuring cursors, and the samples of the selected marker.

mod cohort_bands;
mod controls;
mod draw;
mod episodes_editor;
mod findings;
mod guideline_marks;
mod milestones_panel;
mod panel;
mod playback;
mod plot_common;
mod plots;
mod readout;
mod reveal;
mod samples_table;
mod series_data;
mod severity;
mod strip;
mod teaching;

use std::collections::{BTreeMap, BTreeSet};

pub use crate::analysis::overlays::InterventionMark;
use crate::analysis::overlays::{Look, Reveal};
use crate::analysis::time_axis::AxisMode;
use crate::app::document::CaseDocument;
use crate::app::messages::Messages;
use crate::app::requests::ViewRequest;
use crate::app::shortcuts::{ViewKey, view_key_pressed};
use crate::model::{Case, DayPosition, InterventionKind, Timeline, TrajectoryLayout};
pub use playback::{Playback, toggle_playback};
pub use plot_common::DenseDrawing;
pub use reveal::{DrawnOverlay, OverlayKind};
use series_data::{PlotSeries, SeriesSamples};
pub use teaching::{DEFAULT_QUESTION, StopEdit};

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
    /// Screen rectangles of the plots in the last frame, for the pointer's hit tests.
    plot_rects: Vec<egui::Rect>,
    strip_rect: Option<egui::Rect>,
    /// Where the last right-click landed, for the context menu.
    context_time: Option<DayPosition>,
    /// The study selected in the imaging view, highlighted on the event strip.
    pub highlighted_study: Option<String>,
    /// The height of each plot in points, when the reviewer set one (remembered between
    /// runs by the window); `None` shares the height there is.
    pub plot_height: Option<f32>,
    pub note_draft: Option<readout::NoteDraft>,
    pub show_marker_chooser: bool,
    /// Teaching playback, when on.
    pub playback: Option<Playback>,
    /// Presentation mode: large type, only the panels a class needs.
    pub presentation: bool,
    /// Whether presentation mode was on in the last frame, to start playback as it begins.
    was_presenting: bool,
    /// The presenter blanked the screen (B); any key brings the class back.
    pub blanked: bool,
    /// When the presenter's key hint appeared (egui time), while it shows.
    pub hint_shown_at: Option<f64>,
    /// The class's predictions at the teaching stops, by stop index: this session's only.
    pub predictions: BTreeMap<usize, String>,
    /// Put the keyboard in the prediction field on the next frame (Enter at a question).
    focus_prediction: bool,
    /// What the class drew at each stop, per plot (by its first marker): this session's only.
    pub prediction_strokes: BTreeMap<(usize, String), Vec<Vec<[f64; 2]>>>,
    /// A stop's question being edited, committed when the field is left.
    question_draft: Option<(usize, String)>,
    /// Every overlay piece the plots drew in the last frame, through playback's rule.
    drawn_overlays: Vec<DrawnOverlay>,
    /// The value range of each plot in the last frame, top to bottom.
    value_ranges: Vec<(f64, f64)>,
    /// Each panel's room and plot rectangle (from the panel's top) when last drawn, for the
    /// plot height they were drawn at: what a panel scrolled out of view keeps.
    panel_heights: (f32, Vec<Option<(f32, egui::Rect)>>),
    pub findings: findings::FindingsState,
    pub episodes: episodes_editor::EpisodesEditorState,
    /// Which plots show the reference cohort's bands.
    cohort_bands: cohort_bands::BandToggles,
    /// A request from the studies list beside the plots, carried out after the frame.
    milestone_request: Option<ViewRequest>,
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
        self.reveal().until()
    }

    /// What the plots may show now: everything, or (in playback) nothing ahead of the sweep.
    pub fn reveal(&self) -> Reveal {
        self.playback
            .as_ref()
            .map_or(Reveal::Everything, Playback::reveal)
    }

    /// Every overlay piece the plots drew in the last frame, by kind, each through
    /// playback's rule.
    pub fn drawn_overlays(&self) -> &[DrawnOverlay] {
        &self.drawn_overlays
    }

    /// The value range of each plot in the last frame, top to bottom.
    pub fn value_ranges(&self) -> &[(f64, f64)] {
        &self.value_ranges
    }

    /// Where the plots were drawn in the last frame, top to bottom.
    pub fn plot_rects(&self) -> &[egui::Rect] {
        &self.plot_rects
    }

    /// Where the event strip was drawn in the last frame.
    pub fn strip_rect(&self) -> Option<egui::Rect> {
        self.strip_rect
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
            highlighted_study: None,
            plot_height: None,
            note_draft: None,
            show_marker_chooser: false,
            playback: None,
            presentation: false,
            was_presenting: false,
            blanked: false,
            hint_shown_at: None,
            predictions: BTreeMap::new(),
            focus_prediction: false,
            prediction_strokes: BTreeMap::new(),
            question_draft: None,
            drawn_overlays: Vec::new(),
            value_ranges: Vec::new(),
            panel_heights: (0.0, Vec::new()),
            findings: findings::FindingsState::default(),
            episodes: episodes_editor::EpisodesEditorState::default(),
            cohort_bands: cohort_bands::BandToggles::default(),
            milestone_request: None,
        }
    }
}

/// The series of a case, each with its samples (from the case file or a dense file), read
/// from what the document derived for this generation.
fn plot_series(document: &CaseDocument) -> Vec<PlotSeries<'_>> {
    document
        .case()
        .series
        .iter()
        .zip(document.placed_series())
        .map(|(series, placed)| {
            let samples = match series
                .dense
                .as_ref()
                .and_then(|reference| document.dense().get(reference))
            {
                Some(channel) => SeriesSamples::Dense(channel.clone()),
                None => SeriesSamples::Sparse,
            };
            PlotSeries {
                series,
                placed,
                samples,
                reference: placed.reference,
            }
        })
        .collect()
}

/// The intervention marks the plots draw, after the by-kind and one-by-one toggles.
pub fn visible_marks<'a>(
    document: &'a CaseDocument,
    state: &TrajectoryState,
) -> Vec<&'a InterventionMark> {
    document
        .intervention_marks()
        .iter()
        .filter(|mark| {
            !state.hidden_kinds.contains(&mark.kind)
                && !state
                    .hidden_interventions
                    .contains(&mark.intervention_index)
        })
        .collect()
}

/// The marks drawn plainly now: the visible ones, and during playback only those the sweep
/// has reached, courses cut at the playback time (playback's one rule, `Reveal`).
pub fn revealed_marks(document: &CaseDocument, state: &TrajectoryState) -> Vec<InterventionMark> {
    let reveal = state.reveal();
    visible_marks(document, state)
        .into_iter()
        .filter_map(|mark| {
            let piece = reveal
                .pieces(mark.start, mark.end)
                .into_iter()
                .find(|piece| piece.look == Look::Plain)?;
            let mut mark = mark.clone();
            mark.end = mark.end.map(|_| piece.end);
            Some(mark)
        })
        .collect()
}

/// The whole stay: admission to discharge, widened to every sample, event and intervention,
/// with a margin (computed once per edit).
pub fn full_range(document: &CaseDocument) -> (f64, f64) {
    document.stay_range()
}

/// The trajectory view; returns what it asks of the other views (a study selected in the
/// list beside the plots, say).
pub fn trajectory_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut TrajectoryState,
    messages: &mut Messages,
) -> Option<ViewRequest> {
    trajectory_drawn_ui(ui, document, state, messages, DenseDrawing::LevelOfDetail)
}

/// [`trajectory_ui`] with the choice of how dense channels are drawn, for the benchmark's
/// naive baseline.
pub fn trajectory_drawn_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut TrajectoryState,
    messages: &mut Messages,
    dense_drawing: DenseDrawing,
) -> Option<ViewRequest> {
    if state.pending_x_range.is_none() && state.visible_x_range.is_none() {
        state.pending_x_range = Some(full_range(document));
    }
    // Read once per edit from the document; borrowed, not copied, each frame.
    let layout = document.layout();
    let marks = document.intervention_marks();

    // Presentation begins on the stay's first day, nothing of the rest shown, and the
    // presenter's keys listed for a few seconds.
    if state.presentation && !state.was_presenting {
        if state.playback.is_none() {
            playback::start_playback(document, state);
        }
        state.hint_shown_at = Some(ui.input(|input| input.time));
    }
    if !state.presentation {
        state.hint_shown_at = None;
    }
    state.was_presenting = state.presentation;

    // Keys first: a button that kept the focus would otherwise take Space for itself, and a
    // presenter's clicker would press a toolbar button instead of stepping the stay.
    if !playback::blank_keys(ui, state) && !playback::playback_keys(ui, document, state) {
        keyboard_ui(ui, document, state, marks);
    }
    let layout_edit = controls::toolbar_ui(ui, document, state, layout, marks);
    let mut stop_edit = playback::playback_bar_ui(ui, document, state);
    stop_edit = teaching::question_ui(ui, document, state).or(stop_edit);
    let seconds = f64::from(ui.input(|input| input.stable_dt).min(0.1));
    playback::advance(document, state, seconds);
    if state
        .playback
        .as_ref()
        .is_some_and(|playback| playback.playing)
    {
        ui.ctx().request_repaint();
    }
    let (mut interaction, findings_edit) = {
        let inputs = plot_common::PlotInputs {
            document,
            series: plot_series(document),
            marks: visible_marks(document, state),
            gate: reveal::OverlayGate::new(state.reveal()),
            stops: teaching::strip_stops(document, state),
            response_spans: findings::response_spans(document, state),
            guidelines: (!state.findings.guideline_marks_hidden)
                .then(|| document.guideline_marks(state.findings.criteria)),
            dense_drawing,
        };
        let result = plots_and_readout_ui(ui, &inputs, layout, state);
        state.drawn_overlays = inputs.gate.take();
        result
    };
    state.value_ranges = std::mem::take(&mut interaction.value_ranges);
    playback::key_hint_ui(ui.ctx(), state);
    if state.blanked {
        playback::blank_ui(ui.ctx());
    }
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
    if let Some((description, edit)) = episode_edit {
        messages.edit_outcome(document.edit(description, |case| edit.apply(&mut case.episodes)));
    }
    readout::note_window_ui(ui.ctx(), document, state, messages);
    if let Some(edit) = stop_edit {
        apply_stop_edit(document, state, messages, edit);
    }
    if let Some((description, new_layout)) = layout_edit {
        // Marker choices are saved with the case, so they are edits (undoable).
        messages.edit_outcome(document.edit(description, |case| case.view = Some(new_layout)));
    }
    state.milestone_request.take().or(interaction
        .clicked_milestone
        .take()
        .map(ViewRequest::SelectMilestone))
}

/// Changes the teaching script as one undoable edit. Removing a stop forgets the class's
/// predictions, whose numbering it changes, and ends its question.
fn apply_stop_edit(
    document: &mut CaseDocument,
    state: &mut TrajectoryState,
    messages: &mut Messages,
    edit: StopEdit,
) {
    let removes = matches!(edit, StopEdit::Remove(_));
    let timeline = *document.timeline();
    let description = edit.description();
    let outcome = document.edit(description, |case| {
        edit.apply(&mut case.teaching.stops, |stop| {
            timeline.position(stop.time).unwrap_or(f64::INFINITY)
        })
    });
    if removes && outcome.is_ok() {
        state.predictions.clear();
        state.prediction_strokes.clear();
        if let Some(playback) = state.playback.as_mut() {
            playback.asking = None;
        }
    }
    messages.edit_outcome(outcome);
}

/// The samples table below, the plots and, beside them, the readout and the teaching aids.
fn plots_and_readout_ui(
    ui: &mut egui::Ui,
    inputs: &plot_common::PlotInputs<'_>,
    layout: &TrajectoryLayout,
    state: &mut TrajectoryState,
) -> (
    plot_common::PlotsInteraction,
    Option<(String, episodes_editor::EpisodeEdit)>,
) {
    if !state.presentation {
        egui::Panel::bottom("trajectory_samples")
            .resizable(true)
            .default_size(170.0)
            .show(ui, |ui| samples_table::samples_table_ui(ui, inputs, state));
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
                |ui| plots::plots_ui(ui, inputs, &layout.panels, state),
            )
            .inner;
        state.hover_time = interaction.hovered_time;
        ui.separator();
        let accepted = ui
            .allocate_ui_with_layout(
                egui::vec2(readout_width, height),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    readout::readout_ui(ui, inputs, state, |ui, state| {
                        findings::findings_ui(ui, inputs.document, state)
                    })
                },
            )
            .inner;
        (interaction, accepted)
    })
    .inner
}

/// The trajectory view's keys, from the one key table (`shortcuts::VIEW_KEYS`).
fn keyboard_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
    marks: &[InterventionMark],
) {
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let ctx = ui.ctx().clone();
    let pressed = |key: ViewKey| view_key_pressed(&ctx, key);
    if pressed(ViewKey::Fit) {
        state.pending_x_range = Some(full_range(document));
    }
    if pressed(ViewKey::ZoomToFocus) {
        zoom_to_focus(state, marks);
    }
    // A presenter's clicker sends PageDown: its first press starts the walk through the stay.
    if pressed(ViewKey::StartPlayback) {
        toggle_playback(document, state);
        return;
    }
    let steps = [
        (ViewKey::PreviousEvent, false, true),
        (ViewKey::NextEvent, true, true),
        (ViewKey::PreviousSample, false, false),
        (ViewKey::NextSample, true, false),
    ];
    for (key, forward, by_event) in steps {
        if pressed(key) {
            step_cursor(document, state, forward, by_event);
        }
    }
    if pressed(ViewKey::CursorA) {
        state.cursor_a = state.readout_time();
    }
    if pressed(ViewKey::CursorB) {
        state.cursor_b = state.readout_time();
    }
    if pressed(ViewKey::ClearCursors) {
        state.cursor_a = None;
        state.cursor_b = None;
    }
}

/// Frames the focus intervention: its first dose minus the days before, to its last dose
/// (or course end) plus the days after.
pub fn zoom_to_focus(state: &mut TrajectoryState, marks: &[InterventionMark]) {
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
pub fn step_cursor(
    document: &CaseDocument,
    state: &mut TrajectoryState,
    forward: bool,
    by_event: bool,
) {
    let stops: Vec<f64> = if by_event {
        // Every dose and course start, event and study, sorted once per edit.
        document.event_stops().to_vec()
    } else {
        let selected = state.selected_marker.as_deref();
        let mut stops: Vec<f64> = plot_series(document)
            .iter()
            .filter(|plot_series| selected.is_none_or(|marker| plot_series.series.marker == marker))
            .flat_map(|plot_series| plot_series.sample_positions())
            .collect();
        stops.sort_by(f64::total_cmp);
        stops.dedup();
        stops
    };
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
