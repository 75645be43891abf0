//! The "Guideline checks" section: [`crate::analysis::guidelines::check_guidelines`] put into
//! the report's terms. Times go through the report's [`Builder`], so a de-identified export
//! gives illness and hospital days only; reasons are scrubbed like any other free text.

use crate::analysis::evidence::MarkerValue;
use crate::analysis::guidelines::{
    CriteriaSet, CriterionOutcome, GuidelineFindings, PLASMA_FIRST_WEEK_LAST_DAY,
    PLASMA_LATEST_USEFUL_ILLNESS_DAY, PlasmaTiming, PlasmaWindow, SevereCriterion, SevereDay,
    check_criteria,
};
use crate::model::Censoring;

use super::build::Builder;
use super::model::{
    CriterionEntry, CriterionValue, GuidelineChecks, PlasmaCheck, PlasmaDoseEntry, SevereDayEntry,
    SevereIllnessChecks, ValueAt,
};

/// The section for the chosen criteria sets (both when `sets` is empty), in the order given.
pub(super) fn guideline_checks(builder: &Builder<'_>, sets: &[CriteriaSet]) -> GuidelineChecks {
    let sets = if sets.is_empty() {
        &CriteriaSet::ALL[..]
    } else {
        sets
    };
    let mut all: Vec<GuidelineFindings> = sets
        .iter()
        .map(|set| check_criteria(builder.case, *set))
        .collect();
    let first = all.remove(0);
    GuidelineChecks {
        severe_illness: severe_illness(builder, &first),
        other_criteria_sets: all
            .iter()
            .map(|findings| severe_illness(builder, findings))
            .collect(),
        plasma_rule: format!(
            "Convalescent plasma is thought most effective in the first week of illness (up to illness day {PLASMA_FIRST_WEEK_LAST_DAY}) and possibly ineffective after illness day {PLASMA_LATEST_USEFUL_ILLNESS_DAY} (the review by Altintas)."
        ),
        plasma: first
            .plasma
            .iter()
            .map(|timing| plasma_check(builder, timing))
            .collect(),
    }
}

fn severe_illness(builder: &Builder<'_>, findings: &GuidelineFindings) -> SevereIllnessChecks {
    let basis = findings.severe_days_basis();
    SevereIllnessChecks {
        criteria_set: findings.set.id().to_owned(),
        source: findings.set.source().to_owned(),
        first_severe_day: findings
            .first_severe_day()
            .map(|day| severe_day(builder, findings.set, day)),
        severe_day_count: basis.days,
        severe_days_on_reconstructed_only: basis.on_reconstructed_only,
        severe_days_rest_on: basis.values.to_string(),
        criteria: criteria(builder, findings),
        limitations: findings
            .set
            .limitations()
            .iter()
            .map(|line| (*line).to_owned())
            .collect(),
    }
}

fn criterion_value(
    builder: &Builder<'_>,
    set: CriteriaSet,
    criterion: SevereCriterion,
    value: &MarkerValue,
) -> CriterionValue {
    CriterionValue {
        criterion: criterion.label_in(set).to_owned(),
        marker: value.marker.clone(),
        name: value.name.clone(),
        unit: value.unit.clone(),
        value: ValueAt {
            value: value.value,
            censored: value.censored.map(|censored| {
                match censored {
                    Censoring::Below => "below",
                    Censoring::Above => "above",
                }
                .to_owned()
            }),
            when: builder.when(value.time),
            provenance: value.provenance.label().to_owned(),
        },
    }
}

fn severe_day(builder: &Builder<'_>, set: CriteriaSet, day: &SevereDay) -> SevereDayEntry {
    SevereDayEntry {
        when: match day.time {
            Some(time) => builder.when(time),
            // Whole days only come from positions, so the cast is exact.
            None => builder.when_at(day.day as f64),
        },
        met: day
            .met
            .iter()
            .map(|(criterion, value)| criterion_value(builder, set, *criterion, value))
            .collect(),
    }
}

fn criteria(builder: &Builder<'_>, findings: &GuidelineFindings) -> Vec<CriterionEntry> {
    findings
        .criteria
        .iter()
        .map(|assessment| {
            let criterion = assessment.criterion;
            let set = findings.set;
            let mut entry = CriterionEntry {
                criterion: criterion.label_in(set).to_owned(),
                applied_limit: assessment.applied_limit.clone(),
                outcome: String::new(),
                values_met: 0,
                values_checked: None,
                values_rest_on: assessment.checked.to_string(),
                left_out: assessment
                    .left_out
                    .iter()
                    .map(|left_out| {
                        let when = builder.when(left_out.value.time).label;
                        builder.text(&format!(
                            "{} {} on {when} ({}): {}",
                            left_out.value.name,
                            left_out.value.value_text(),
                            left_out.value.provenance.label(),
                            left_out.reason.label()
                        ))
                    })
                    .collect(),
                first_met: None,
                reason: None,
            };
            match &assessment.outcome {
                CriterionOutcome::NotAssessable(reason) => {
                    entry.outcome = "not assessable".to_owned();
                    entry.reason = Some(builder.text(&reason.to_string()));
                }
                CriterionOutcome::NotMet { values_checked } => {
                    entry.outcome = "not met".to_owned();
                    entry.values_checked = Some(*values_checked);
                }
                CriterionOutcome::Met(values) => {
                    entry.outcome = "met".to_owned();
                    entry.values_met = values.len();
                    entry.first_met = values
                        .first()
                        .map(|value| criterion_value(builder, set, criterion, value));
                }
            }
            entry
        })
        .collect()
}

fn window_id(window: PlasmaWindow) -> &'static str {
    match window {
        PlasmaWindow::FirstWeek => "first_week",
        PlasmaWindow::ByDay14 => "by_day_14",
        PlasmaWindow::AfterDay14 => "after_day_14",
    }
}

fn plasma_check(builder: &Builder<'_>, timing: &PlasmaTiming) -> PlasmaCheck {
    let mut check = PlasmaCheck {
        intervention: builder.text(&timing.name),
        dates_reconstructed: timing.dates_reconstructed,
        onset: None,
        doses: Vec::new(),
        not_assessable: None,
    };
    match &timing.outcome {
        Ok(assessed) => {
            check.onset = Some(builder.when(assessed.onset));
            check.doses = assessed
                .doses
                .iter()
                .map(|dose| PlasmaDoseEntry {
                    when: builder.when(dose.time),
                    illness_day: dose.illness_day,
                    window: window_id(dose.window).to_owned(),
                    window_label: dose.window.label().to_owned(),
                })
                .collect();
        }
        // The reason may quote a dose's calendar date: scrubbed like free text.
        Err(reason) => check.not_assessable = Some(builder.text(&reason.to_string())),
    }
    check
}
