//! The cursor readout: every marker's value at (or nearest before) the cursor time, with
//! unit, flag and change from the previous sample; with cursors A and B, each marker at A,
//! at B, the difference and the ratio. Below it, the notes pinned on the timeline.

use egui::{Color32, RichText};

use super::TrajectoryState;
use super::plot_common::PlotInputs;
use super::series_data::ValueAt;
use crate::analysis::format;
use crate::analysis::time_axis::cursor_label;
use crate::app::document::CaseDocument;
use crate::app::messages::Messages;
use crate::model::{CaseTime, DayPosition, NoteTarget, Provenance, RangeClass, ReviewerNote};

/// Shows the readout, cursors and notes, then `more` below them in the same scrolling
/// column; returns what `more` returns.
pub fn readout_ui<R>(
    ui: &mut egui::Ui,
    inputs: &PlotInputs<'_>,
    state: &mut TrajectoryState,
    more: impl FnOnce(&mut egui::Ui, &mut TrajectoryState) -> R,
) -> R {
    let timeline = &inputs.document.timeline();
    let zoomed_below_a_day = state
        .visible_x_range
        .is_some_and(|(start, end)| end - start < 3.0);
    let axis_mode = state.axis_mode;
    let label_of =
        |position: DayPosition| cursor_label(timeline, axis_mode, position, zoomed_below_a_day);

    egui::ScrollArea::vertical().id_salt("trajectory_readout_scroll").auto_shrink([false, false]).show(ui, |ui| {
        ui.strong("Cursor readout");
        match state.readout_time() {
            None => {
                ui.label(RichText::new("Hover a plot, click to place the cursor, or press → to step through the samples.").weak());
            }
            Some(position) => {
                // During playback the readout never runs ahead of the sweep.
                let position = inputs.reveal_until().map_or(position, |until| position.min(until));
                ui.label(format!("At {}", label_of(position)));
                ui.label(RichText::new("Δ: change from the previous sample · H/L: outside the reference interval · *: illustrative").small().weak());
                egui::Grid::new("readout_grid").num_columns(3).striped(true).show(ui, |ui| {
                    for plot_series in &inputs.series {
                        let unit = plot_series.unit();
                        ui.label(plot_series.name());
                        match plot_series.value_at_or_before(timeline, position) {
                            Some(value) => {
                                ui.label(value_text(&value, unit));
                                ui.label(RichText::new(change_text(&value)).weak());
                            }
                            None => {
                                ui.label(RichText::new("no sample yet").weak());
                                ui.label("");
                            }
                        }
                        ui.end_row();
                    }
                });
            }
        }
        ui.separator();
        cursors_ui(ui, inputs, state);
        ui.separator();
        notes_list_ui(ui, inputs.document, state, &inputs.gate);
        ui.separator();
        more(ui, state)
    })
    .inner
}

fn value_text(value: &ValueAt, unit: &str) -> RichText {
    let flag = match value.range_class {
        RangeClass::High => " H",
        RangeClass::Low => " L",
        RangeClass::Normal => "",
    };
    let illustrative = if value.provenance == Provenance::Reconstructed {
        " *"
    } else {
        ""
    };
    let text = RichText::new(format!(
        "{}{flag}{illustrative}",
        format::quantity(value.value, unit)
    ));
    match value.range_class {
        RangeClass::Normal => text,
        other => text.color(crate::app::theme::range_color(other, Color32::GRAY)),
    }
}

fn change_text(value: &ValueAt) -> String {
    match value.previous_value {
        Some(previous) => {
            format!("Δ {}", format::signed_change(value.value - previous))
        }
        None => "first".to_owned(),
    }
}

fn cursors_ui(ui: &mut egui::Ui, inputs: &PlotInputs<'_>, state: &mut TrajectoryState) {
    let timeline = &inputs.document.timeline();
    ui.strong("Measuring cursors");
    ui.horizontal_wrapped(|ui| {
        let (cursor_a_color, cursor_b_color) =
            crate::app::theme::measuring_cursor_colors(ui.visuals());
        for (name, cursor, color) in [
            ("A", &mut state.cursor_a, cursor_a_color),
            ("B", &mut state.cursor_b, cursor_b_color),
        ] {
            let text = match cursor {
                Some(position) => format!(
                    "{name}: {}",
                    cursor_label(timeline, state.axis_mode, *position, false)
                ),
                None => format!("{name}: not placed"),
            };
            ui.label(RichText::new(text).color(color));
            if cursor.is_some() && ui.small_button(format!("Clear {name}")).clicked() {
                *cursor = None;
            }
        }
    });
    let (Some(cursor_a), Some(cursor_b)) = (state.cursor_a, state.cursor_b) else {
        ui.label(RichText::new("Shift+click places A, Ctrl+click places B (or keys A and B at the cursor; Esc clears).").weak());
        return;
    };
    egui::Grid::new("ab_grid")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            for header in ["Marker", "at A", "at B", "B − A", "B / A"] {
                ui.strong(header);
            }
            ui.end_row();
            for plot_series in &inputs.series {
                let at_a = plot_series.value_at_or_before(timeline, cursor_a);
                let at_b = plot_series.value_at_or_before(timeline, cursor_b);
                ui.label(plot_series.name());
                let show = |value: &Option<ValueAt>| {
                    value
                        .as_ref()
                        .map_or("—".to_owned(), |value| format::stated(value.value))
                };
                ui.label(show(&at_a));
                ui.label(show(&at_b));
                match (at_a, at_b) {
                    (Some(at_a), Some(at_b)) => {
                        ui.label(format::signed_change(at_b.value - at_a.value));
                        if at_a.value != 0.0 {
                            ui.label(format!("×{}", format::computed(at_b.value / at_a.value)));
                        } else {
                            ui.label("—");
                        }
                    }
                    _ => {
                        ui.label("—");
                        ui.label("—");
                    }
                }
                ui.end_row();
            }
        });
}

/// A note being written or edited.
#[derive(Clone, Debug)]
pub struct NoteDraft {
    pub position: DayPosition,
    pub marker: Option<String>,
    pub text: String,
    /// The index of the note being edited; `None` for a new note.
    pub editing: Option<usize>,
}

impl NoteDraft {
    pub fn new(position: DayPosition, marker: Option<String>) -> Self {
        Self {
            position,
            marker,
            text: String::new(),
            editing: None,
        }
    }
}

/// The notes pinned to the timeline; during playback only those the sweep has reached.
fn notes_list_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
    gate: &super::reveal::OverlayGate,
) {
    ui.strong("Notes on the timeline");
    let mut any = false;
    for (index, note) in document.case().notes.iter().enumerate() {
        let time = match &note.target {
            NoteTarget::Time(time) | NoteTarget::Sample { time, .. } => *time,
            _ => continue,
        };
        any = true;
        let Ok(position) = document.timeline().position(time) else {
            continue;
        };
        if !gate.reached(position) {
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(cursor_label(
                    document.timeline(),
                    state.axis_mode,
                    position,
                    false,
                ))
                .monospace(),
            );
            ui.label(&note.text);
            if ui.small_button("Edit").clicked() {
                state.note_draft = Some(NoteDraft {
                    position,
                    marker: match &note.target {
                        NoteTarget::Sample { marker, .. } => Some(marker.clone()),
                        _ => None,
                    },
                    text: note.text.clone(),
                    editing: Some(index),
                });
            }
        });
    }
    if !any {
        ui.label(RichText::new("Right-click a plot to pin a note to a time or a sample.").weak());
    }
}

/// The window for writing a note; saving is an undoable edit of the case.
pub fn note_window_ui(
    ctx: &egui::Context,
    document: &mut CaseDocument,
    state: &mut TrajectoryState,
    messages: &mut Messages,
) {
    let Some(mut draft) = state.note_draft.take() else {
        return;
    };
    let mut keep_open = true;
    let mut action = None;
    let when = cursor_label(document.timeline(), state.axis_mode, draft.position, true);
    egui::Window::new("Note")
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            let target = match &draft.marker {
                Some(marker) => format!("Pinned to {marker} at {when}"),
                None => format!("Pinned to {when}"),
            };
            ui.label(target);
            ui.add(
                egui::TextEdit::multiline(&mut draft.text)
                    .hint_text("e.g. second storm begins")
                    .desired_rows(3),
            );
            ui.horizontal(|ui| {
                if ui.button("Save note").clicked() && !draft.text.trim().is_empty() {
                    action = Some(NoteAction::Save);
                }
                if draft.editing.is_some() && ui.button("Delete note").clicked() {
                    action = Some(NoteAction::Delete);
                }
                if ui.button("Cancel").clicked() {
                    keep_open = false;
                }
            });
        });
    match action {
        Some(NoteAction::Save) => {
            let note = note_from_draft(document, &draft);
            let description = if draft.editing.is_some() {
                "Edit note"
            } else {
                "Add note"
            };
            let editing = draft.editing;
            // A refused note keeps its window open, with the text, for the reviewer to fix.
            keep_open = !messages.edit_outcome(document.edit(description, |case| {
                match editing.and_then(|index| case.notes.get_mut(index)) {
                    Some(existing) => *existing = note,
                    None => case.notes.push(note),
                }
            }));
        }
        Some(NoteAction::Delete) => {
            if let Some(index) = draft.editing {
                messages.edit_outcome(document.edit("Delete note", |case| {
                    if index < case.notes.len() {
                        case.notes.remove(index);
                    }
                }));
            }
            keep_open = false;
        }
        None => {}
    }
    if keep_open {
        state.note_draft = Some(draft);
    }
}

enum NoteAction {
    Save,
    Delete,
}

/// A note pinned at the draft's time: to the minute when the case has clock times, else to
/// the day in the case's own terms.
fn note_from_draft(document: &CaseDocument, draft: &NoteDraft) -> ReviewerNote {
    let timeline = document.timeline();
    let time = match timeline.date_time_at(draft.position) {
        Some(date_time) => {
            let rounded = date_time
                - chrono::Duration::seconds(i64::from(chrono::Timelike::second(&date_time)));
            if chrono::Timelike::hour(&rounded) == 0 && chrono::Timelike::minute(&rounded) == 0 {
                CaseTime::Date(rounded.date())
            } else {
                CaseTime::DateTime(rounded)
            }
        }
        None => CaseTime::HospitalDay(timeline.hospital_day_at(draft.position).unwrap_or(1)),
    };
    let target = match &draft.marker {
        Some(marker) => NoteTarget::Sample {
            marker: marker.clone(),
            time,
        },
        None => NoteTarget::Time(time),
    };
    ReviewerNote {
        kind: Default::default(),
        target,
        text: draft.text.trim().to_owned(),
        author: None,
    }
}
