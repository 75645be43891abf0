//! Predict, then reveal: at a stop of the case's teaching script playback waits with the
//! days after it hidden; the question is shown large, the teacher types the class's
//! prediction (drawn on the event strip at the stop), then reveals what happened and the class
//! compares. The stops and their questions are saved with the case (edits, so they undo);
//! the predictions belong to this class and this session only.

use egui::RichText;
use egui_plot::{LineStyle, PlotPoint, PlotUi, Text, VLine};

use super::TrajectoryState;
use super::reveal::{OverlayGate, OverlayKind, look_color};
use crate::analysis::evidence::{day_of, time_for_day};
use crate::app::document::CaseDocument;
use crate::app::theme::TEACHING_COLOR;
use crate::model::{DayPosition, TeachingStop};

/// The question a new stop asks until the teacher writes another.
pub const DEFAULT_QUESTION: &str = "What happens next?";

/// A change to the teaching script, made by the caller as an undoable edit.
#[derive(Clone, Debug, PartialEq)]
pub enum StopEdit {
    Add(TeachingStop),
    SetQuestion(usize, String),
    Remove(usize),
}

impl StopEdit {
    pub fn description(&self) -> String {
        match self {
            Self::Add(stop) => format!("Add a teaching stop on {}", stop.time),
            Self::SetQuestion(index, _) => {
                format!("Edit the question of teaching stop {}", index + 1)
            }
            Self::Remove(index) => format!("Remove teaching stop {}", index + 1),
        }
    }

    /// Applies the change; stops are kept in time order (the validator insists on it).
    pub fn apply(self, stops: &mut Vec<TeachingStop>, position: impl Fn(&TeachingStop) -> f64) {
        match self {
            Self::Add(stop) => {
                let at = stops
                    .iter()
                    .position(|existing| position(existing) > position(&stop))
                    .unwrap_or(stops.len());
                stops.insert(at, stop);
            }
            Self::SetQuestion(index, question) => {
                if let Some(stop) = stops.get_mut(index) {
                    stop.question = question;
                }
            }
            Self::Remove(index) => {
                if index < stops.len() {
                    stops.remove(index);
                }
            }
        }
    }
}

/// A stop as the event strip draws it, with the class's prediction when there is one.
#[derive(Clone, Debug, PartialEq)]
pub struct StripStop {
    pub position: DayPosition,
    pub prediction: Option<String>,
}

/// The stops of the case on the time axis, with this session's predictions.
pub fn strip_stops(document: &CaseDocument, state: &TrajectoryState) -> Vec<StripStop> {
    document
        .teaching_stops()
        .iter()
        .map(|&(index, position)| StripStop {
            position,
            prediction: state
                .predictions
                .get(&index)
                .filter(|text| !text.trim().is_empty())
                .cloned(),
        })
        .collect()
}

/// Each stop reached as a dashed line with "?", and the class's prediction beside it.
pub fn strip_stops_ui(plot_ui: &mut PlotUi<'_>, stops: &[StripStop], gate: &OverlayGate) {
    for stop in stops {
        let Some(look) = gate.at(OverlayKind::TeachingStop, stop.position) else {
            continue;
        };
        let color = look_color(look, TEACHING_COLOR);
        plot_ui.vline(
            VLine::new("Teaching stops", stop.position)
                .color(color)
                .style(LineStyle::dashed_loose()),
        );
        let text = match &stop.prediction {
            Some(prediction) => format!("? Class: {prediction}"),
            None => "?".to_owned(),
        };
        plot_ui.text(
            Text::new("Teaching stops", PlotPoint::new(stop.position, 0.2), text)
                .anchor(egui::Align2::LEFT_CENTER)
                .color(color),
        );
    }
}

/// "Add a stop here": a stop on the playback's day, unless that day has one.
pub fn add_stop_button_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    time: DayPosition,
) -> Option<StopEdit> {
    let timeline = document.timeline();
    let day = day_of(time);
    let taken = document.case().teaching.stops.iter().any(|stop| {
        timeline
            .position(stop.time)
            .is_ok_and(|position| day_of(position) == day)
    });
    let stop_time = time_for_day(timeline, day)?;
    let clicked = ui
        .add_enabled(!taken, egui::Button::new("Add a stop here"))
        .on_hover_text("Playback will stop on this day and ask the class what happens next")
        .on_disabled_hover_text("This day has a stop already")
        .clicked();
    clicked.then(|| {
        StopEdit::Add(TeachingStop {
            time: stop_time,
            question: DEFAULT_QUESTION.to_owned(),
        })
    })
}

/// The question being asked, large, with the class's prediction and the way on.
pub fn question_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
) -> Option<StopEdit> {
    let index = state.playback.as_ref()?.asking?;
    let stop = document.case().teaching.stops.get(index)?;
    let mut edit = None;
    let mut reveal = false;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(2.0, TEACHING_COLOR))
        .show(ui, |ui| {
            ui.label(RichText::new("What happens next?").heading().strong());
            if stop.question != DEFAULT_QUESTION {
                ui.label(RichText::new(&stop.question).heading());
            }
            ui.horizontal_wrapped(|ui| {
                let prediction = state.predictions.entry(index).or_default();
                let field = ui.add(
                    egui::TextEdit::singleline(prediction)
                        .id(egui::Id::unique(("teaching_prediction", index)))
                        .hint_text("The class predicts… (Enter)")
                        .desired_width(ui.available_width().min(520.0)),
                );
                if std::mem::take(&mut state.focus_prediction) {
                    field.request_focus();
                }
                ui.label(RichText::new("or draw it on a plot").weak());
                reveal = ui
                    .button("Reveal")
                    .on_hover_text("Space: show what happened")
                    .clicked();
            });
            ui.collapsing("Edit the question", |ui| {
                let draft = state
                    .question_draft
                    .get_or_insert_with(|| (index, stop.question.clone()));
                if draft.0 != index {
                    *draft = (index, stop.question.clone());
                }
                let field = ui.text_edit_singleline(&mut draft.1);
                if field.lost_focus() && draft.1 != stop.question {
                    edit = Some(StopEdit::SetQuestion(index, draft.1.clone()));
                }
                if ui.button("Clear the drawing").clicked() {
                    state
                        .prediction_strokes
                        .retain(|(stop, _), _| *stop != index);
                }
                if ui.button("Remove this stop").clicked() {
                    edit = Some(StopEdit::Remove(index));
                }
            });
        });
    if reveal && let Some(playback) = state.playback.as_mut() {
        playback.asking = None;
        playback.playing = true;
    }
    edit
}

/// The class's drawn predictions on one plot (by its first marker), at every stop.
pub fn strokes_for<'s>(
    state: &'s TrajectoryState,
    marker: &'s str,
) -> impl Iterator<Item = &'s Vec<[f64; 2]>> + 's {
    state
        .prediction_strokes
        .iter()
        .filter(move |((_, stroke_marker), _)| stroke_marker == marker)
        .flat_map(|(_, strokes)| strokes.iter())
}

/// Draws what the class predicts on a plot, in the teaching colour, thick.
pub fn draw_strokes(plot_ui: &mut PlotUi<'_>, strokes: &[Vec<[f64; 2]>]) {
    for stroke in strokes.iter().filter(|stroke| stroke.len() > 1) {
        plot_ui.line(
            egui_plot::Line::new(
                "Class prediction",
                egui_plot::PlotPoints::from(stroke.clone()),
            )
            .color(TEACHING_COLOR)
            .width(3.0),
        );
    }
}

/// While a question is asked, a drag on a plot draws the class's prediction on it (in the
/// plot's own coordinates, so it stays where it was drawn when the data are revealed).
pub fn record_stroke(
    state: &mut TrajectoryState,
    marker: &str,
    response: &egui::Response,
    pointer: Option<egui_plot::PlotPoint>,
) {
    let Some(stop) = state.playback.as_ref().and_then(|playback| playback.asking) else {
        return;
    };
    let Some(pointer) = pointer else {
        return;
    };
    if !(response.drag_started() || response.dragged()) {
        return;
    }
    let strokes = state
        .prediction_strokes
        .entry((stop, marker.to_owned()))
        .or_default();
    if response.drag_started() || strokes.is_empty() {
        strokes.push(Vec::new());
    }
    if let Some(stroke) = strokes.last_mut() {
        stroke.push([pointer.x, pointer.y]);
    }
}
