//! The "Guideline checks" part of the report's reading order: when the criteria for severe
//! illness were first met and by which values, each criterion over the stay, and the timing
//! of convalescent plasma against the review.

use super::document::Sink;
use super::model::{CaseReport, CriterionEntry, CriterionValue, PlasmaCheck, SevereIllnessChecks};
use super::words::{ILLUSTRATIVE_LEGEND, ILLUSTRATIVE_MARK, is_illustrative, number, short_when};

pub(super) fn guidelines(report: &CaseReport, sink: &mut dyn Sink) {
    let checks = &report.guideline_checks;
    sink.heading(2, "Guideline checks");
    sink.paragraph(
        "Each criterion is checked over the whole stay; where the data cannot say, it is given as not assessable, with the reason, never as not met. Every count says what it rests on: measured, published or reconstructed values.",
    );
    let mut any_illustrative = false;
    for severe in std::iter::once(&checks.severe_illness).chain(&checks.other_criteria_sets) {
        any_illustrative |= severe_illness(severe, sink);
    }
    if any_illustrative {
        sink.small(ILLUSTRATIVE_LEGEND);
    }

    sink.heading(3, "Convalescent plasma timing");
    sink.paragraph(&checks.plasma_rule);
    if checks.plasma.is_empty() {
        sink.paragraph("No convalescent plasma in the case; its timing is not checked.");
    }
    for plasma in &checks.plasma {
        plasma_timing(plasma, sink);
    }
}

/// One criteria set; true when an illustrative value was shown.
fn severe_illness(checks: &SevereIllnessChecks, sink: &mut dyn Sink) -> bool {
    let heading = match checks.criteria_set.as_str() {
        "chinese-guideline" => "Severe illness: the Chinese national guideline",
        _ => "Severe illness: the Altintas review",
    };
    sink.heading(3, heading);
    sink.paragraph(&format!("Criteria and thresholds from {}.", checks.source));
    let mut any_illustrative = false;
    match &checks.first_severe_day {
        Some(first) => {
            let days = checks.severe_day_count;
            sink.labelled(
                "Criteria for severe illness first met",
                &format!(
                    "{} ({days} day{} met the criteria in all; {} of them on reconstructed values only; the respiratory values behind them: {})",
                    first.when.label,
                    if days == 1 { "" } else { "s" },
                    checks.severe_days_on_reconstructed_only,
                    checks.severe_days_rest_on
                ),
            );
            let rows: Vec<Vec<String>> = first
                .met
                .iter()
                .map(|met| {
                    any_illustrative |= is_illustrative(&met.value);
                    vec![met.criterion.clone(), met.name.clone(), value_text(met)]
                })
                .collect();
            sink.table(&["Criterion met that day", "Marker", "Value"], &rows);
        }
        None => sink.paragraph(
            "No day met a respiratory criterion in the data, or none could be assessed (see below).",
        ),
    }
    sink.small("Each criterion over the stay:");
    let rows: Vec<Vec<String>> = checks
        .criteria
        .iter()
        .map(|entry| {
            if let Some(first) = &entry.first_met {
                any_illustrative |= is_illustrative(&first.value);
            }
            vec![
                entry.criterion.clone(),
                entry
                    .applied_limit
                    .clone()
                    .unwrap_or_else(|| "–".to_owned()),
                outcome_text(entry),
                entry.first_met.as_ref().map_or_else(
                    || "–".to_owned(),
                    |first| format!("{} ({})", value_text(first), short_when(&first.value.when)),
                ),
            ]
        })
        .collect();
    sink.table(
        &[
            "Criterion",
            "Limit applied",
            "Outcome",
            "First value meeting it",
        ],
        &rows,
    );
    let left_out: Vec<String> = checks
        .criteria
        .iter()
        .flat_map(|entry| {
            entry
                .left_out
                .iter()
                .map(|value| format!("{}: left out {value}", entry.criterion))
        })
        .collect();
    if !left_out.is_empty() {
        sink.small("Values not checked against a criterion:");
        sink.list(&left_out);
    }
    sink.list(&checks.limitations);
    any_illustrative
}

/// `33/min`, `0.72 ×10⁹/L†`: the value in its series' unit, marked when illustrative.
fn value_text(met: &CriterionValue) -> String {
    let mut text = number(&met.value);
    if !met.unit.is_empty() {
        if !met.unit.starts_with('/') {
            text.push(' ');
        }
        text.push_str(&met.unit);
    }
    if is_illustrative(&met.value) {
        text.push_str(ILLUSTRATIVE_MARK);
    }
    text
}

fn outcome_text(entry: &CriterionEntry) -> String {
    let plural = |count: usize| if count == 1 { "" } else { "s" };
    match (entry.outcome.as_str(), &entry.reason, entry.values_checked) {
        ("not assessable", Some(reason), _) => format!("not assessable: {reason}"),
        ("not met", _, Some(checked)) => format!(
            "not met in {checked} value{} ({})",
            plural(checked),
            entry.values_rest_on
        ),
        ("met", _, _) => format!(
            "met by {} value{} (values checked: {})",
            entry.values_met,
            plural(entry.values_met),
            entry.values_rest_on
        ),
        (other, _, _) => other.to_owned(),
    }
}

fn plasma_timing(plasma: &PlasmaCheck, sink: &mut dyn Sink) {
    let mut label = plasma.intervention.clone();
    if plasma.dates_reconstructed {
        label.push_str(" (dates reconstructed)");
    }
    if let Some(reason) = &plasma.not_assessable {
        sink.labelled(&label, &format!("not assessable: {reason}"));
        return;
    }
    let onset = plasma
        .onset
        .as_ref()
        .map_or_else(String::new, |onset| format!(" ({})", onset.label));
    sink.labelled(
        &label,
        &format!("illness days counted from symptom onset{onset}"),
    );
    let rows: Vec<Vec<String>> = plasma
        .doses
        .iter()
        .enumerate()
        .map(|(index, dose)| {
            vec![
                (index + 1).to_string(),
                short_when(&dose.when),
                dose.illness_day.to_string(),
                dose.window_label.clone(),
            ]
        })
        .collect();
    sink.table(
        &["Dose", "When", "Illness day", "Against the review"],
        &rows,
    );
}
