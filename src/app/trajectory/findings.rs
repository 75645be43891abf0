//! Teaching aids beside the plots: episodes the storm rule suggests (accepted or rejected by
//! the reviewer, with the evidence for each), the guideline findings with the data they rest
//! on, and the markers before and after the intervention in focus.

use std::collections::BTreeSet;

use egui::RichText;

use super::TrajectoryState;
use super::episodes_editor::{EpisodeEdit, episodes_ui};
use crate::analysis::episodes::StormRule;
use crate::analysis::evidence::time_for_day;
use crate::analysis::format;
use crate::analysis::guidelines::CriteriaSet;
use crate::analysis::response::ResponseWindow;
use crate::analysis::time_axis::describe_time;
use crate::app::document::CaseDocument;
use crate::model::EpisodeSpan;

/// The reviewer's decisions on suggestions during this session.
#[derive(Clone, Debug, Default)]
pub struct FindingsState {
    /// Suggestions the reviewer rejected, by their first and last day.
    pub rejected: BTreeSet<(i64, i64)>,
    /// Shade the before/after windows of the intervention in focus on every plot.
    pub show_response_windows: bool,
    /// The reviewer turned off the guideline findings drawn on the plots (shown by default).
    pub guideline_marks_hidden: bool,
    /// Whose criteria for severe illness the findings and the marks apply: the two sets
    /// differ on values exactly at a threshold and on which SpO₂ readings count.
    pub criteria: CriteriaSet,
}

/// Shows the aids; returns a change to the episodes (marked, adjusted or a suggestion
/// accepted), for the caller to make as an undoable edit.
pub fn findings_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
) -> Option<(String, EpisodeEdit)> {
    super::milestones_panel::milestones_panel_ui(ui, document, state);
    if state.playback.is_some() {
        // Each of these speaks of the whole stay, so it would tell the class what comes.
        ui.label(
            RichText::new(
                "Episodes, suggestions, guideline findings and responses return when playback stops.",
            )
            .weak(),
        );
        return None;
    }
    let marked = episodes_ui(ui, document, state);
    let accepted = egui::CollapsingHeader::new("Suggested episodes")
        .default_open(false)
        .show(ui, |ui| suggested_episodes_ui(ui, document, state))
        .body_returned
        .flatten()
        .map(|episode| {
            (
                format!("Accept suggested episode {}", episode.span),
                EpisodeEdit::Add(episode),
            )
        });
    egui::CollapsingHeader::new("Guideline findings")
        .default_open(false)
        .show(ui, |ui| {
            let mut drawn = !state.findings.guideline_marks_hidden;
            if ui
                .checkbox(&mut drawn, "Draw the findings on the plots")
                .changed()
            {
                state.findings.guideline_marks_hidden = !drawn;
            }
            criteria_choice_ui(ui, &mut state.findings.criteria);
            guideline_findings_ui(ui, document, state.findings.criteria)
        });
    egui::CollapsingHeader::new("Response to the intervention in focus")
        .default_open(false)
        .show(ui, |ui| response_ui(ui, document, state));
    marked.or(accepted)
}

fn suggested_episodes_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
) -> Option<EpisodeSpan> {
    let rule = StormRule::default();
    let suggestions = document.suggested_episodes();
    egui::CollapsingHeader::new("The rule").show(ui, |ui| {
        for line in rule.describe() {
            ui.label(RichText::new(line).small());
        }
    });
    for silence in &suggestions.silent_because {
        ui.label(RichText::new(format!("No suggestion: {silence}")).weak());
    }
    if suggestions.silent_because.is_empty() && suggestions.episodes.is_empty() {
        ui.label(RichText::new("The rule finds no episode in this case.").weak());
    }
    let mut accept = None;
    for (index, suggestion) in suggestions.episodes.iter().enumerate() {
        let key = (suggestion.first_day, suggestion.last_day);
        if state.findings.rejected.contains(&key) {
            continue;
        }
        ui.separator();
        ui.strong(format!(
            "{} ({})",
            suggestion.episode.label, suggestion.episode.span
        ));
        ui.label(suggestion.strength_text());
        if suggestion.rests_on_reconstructed_values() {
            ui.label(
                RichText::new("rests on illustrative reconstructed values")
                    .small()
                    .color(crate::app::theme::ILLUSTRATIVE_COLOR),
            );
        }
        if !suggestion.overlaps.is_empty() {
            ui.label(
                RichText::new("overlaps an episode already in the case")
                    .small()
                    .weak(),
            );
        }
        for day in suggestion.days.iter().take(2) {
            for rise in &day.rises {
                ui.label(
                    RichText::new(format!(
                        "{} (×{:.2} its 7-day low {})",
                        rise.value,
                        rise.ratio,
                        rise.baseline.value_text()
                    ))
                    .small(),
                );
            }
            ui.label(RichText::new(day.lymphocytes.to_string()).small());
        }
        ui.horizontal(|ui| {
            if ui.button("Accept").clicked() {
                accept = Some(index);
            }
            if ui.button("Reject").clicked() {
                state.findings.rejected.insert(key);
            }
        });
    }
    accept
        .and_then(|index| suggestions.episodes.get(index))
        .map(|suggestion| suggestion.episode.clone())
}

/// The two named sets of criteria, each labelled by its source.
fn criteria_choice_ui(ui: &mut egui::Ui, criteria: &mut CriteriaSet) {
    ui.label("Criteria for severe illness of:");
    for set in CriteriaSet::ALL {
        ui.radio_value(criteria, set, set.name())
            .on_hover_text(set.source());
    }
}

fn guideline_findings_ui(ui: &mut egui::Ui, document: &CaseDocument, set: CriteriaSet) {
    let findings = document.guideline_findings(set);
    let timeline = document.timeline();
    match findings.first_severe_day() {
        Some(day) => {
            let when = day
                .time
                .or_else(|| time_for_day(timeline, day.day))
                .map_or_else(
                    || format!("day {}", day.day),
                    |time| describe_time(timeline, time),
                );
            ui.strong(format!("Severe illness criteria first met: {when}"));
            for (criterion, value) in &day.met {
                ui.label(RichText::new(format!("{}: {value}", criterion.label_in(set))).small());
            }
        }
        None => {
            ui.label("Severe illness criteria: not met in the data present.");
        }
    }
    for assessment in &findings.criteria {
        if let crate::analysis::guidelines::CriterionOutcome::NotAssessable(reason) =
            &assessment.outcome
        {
            ui.label(
                RichText::new(format!(
                    "{}: not assessable ({reason})",
                    assessment.criterion.label_in(set)
                ))
                .small()
                .weak(),
            );
        }
    }
    for plasma in &findings.plasma {
        match &plasma.outcome {
            Ok(assessed) => {
                for dose in &assessed.doses {
                    ui.label(format!(
                        "{}: illness day {}, {}",
                        plasma.name,
                        dose.illness_day,
                        dose.window.label()
                    ));
                }
            }
            Err(reason) => {
                ui.label(
                    RichText::new(format!("{}: timing not assessable ({reason})", plasma.name))
                        .weak(),
                );
            }
        }
    }
}

fn response_ui(ui: &mut egui::Ui, document: &CaseDocument, state: &mut TrajectoryState) {
    ui.checkbox(
        &mut state.findings.show_response_windows,
        "Shade the windows on the plots",
    );
    let Some(focus) = state.focus_intervention else {
        ui.label("Choose an intervention in the toolbar.");
        return;
    };
    let window = ResponseWindow {
        before_days: state.window_before_days,
        after_days: state.window_after_days,
    };
    let responses = document.intervention_responses(window);
    let Some(response) = responses
        .iter()
        .find(|response| response.intervention_index == focus)
    else {
        ui.label("The intervention in focus has no date.");
        return;
    };
    ui.strong(format!(
        "{}: {} days before, {} days after",
        response.name, window.before_days, window.after_days
    ));
    egui::Grid::new("response_grid")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for header in ["Marker", "Before", "After", "Change"] {
                ui.strong(header);
            }
            ui.end_row();
            for marker in &response.markers {
                let before = marker.next.before.as_ref().map(|point| point.value);
                let after = marker.next.after.as_ref().map(|point| point.value);
                ui.label(&marker.name);
                ui.label(before.map_or("—".to_owned(), format::stated));
                ui.label(after.map_or("—".to_owned(), format::stated));
                let change = match (marker.next.change(), marker.next.relative_change()) {
                    (Some(change), Some(relative)) => {
                        format!(
                            "{} ({} %)",
                            format::signed_change(change),
                            format::signed_change(relative * 100.0)
                        )
                    }
                    (Some(change), None) => format::signed_change(change),
                    _ => "—".to_owned(),
                };
                ui.label(format!("{change} {}", marker.unit));
                ui.end_row();
            }
        });
}

/// The before and after windows of the intervention in focus, when they are to be shaded.
pub fn response_spans(
    document: &CaseDocument,
    state: &TrajectoryState,
) -> Option<((f64, f64), (f64, f64))> {
    if !state.findings.show_response_windows {
        return None;
    }
    let focus = state.focus_intervention?;
    let window = ResponseWindow {
        before_days: state.window_before_days,
        after_days: state.window_after_days,
    };
    document
        .intervention_responses(window)
        .iter()
        .find(|response| response.intervention_index == focus)
        .map(|response| (response.before_span, response.after_span))
}
