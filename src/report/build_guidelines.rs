//! The "Guideline checks" section: [`crate::analysis::guidelines::check_guidelines`] put into
//! the report's terms. Times go through the report's [`Builder`], so a de-identified export
//! gives illness and hospital days only; reasons are scrubbed like any other free text.

use crate::analysis::evidence::MarkerValue;
use crate::analysis::guidelines::{
    CriterionOutcome, GuidelineFindings, PLASMA_FIRST_WEEK_LAST_DAY,
    PLASMA_LATEST_USEFUL_ILLNESS_DAY, PlasmaTiming, PlasmaWindow, SevereCriterion, SevereDay,
    check_guidelines,
};
use crate::model::Censoring;

use super::build::Builder;
use super::model::{
    CriterionEntry, CriterionValue, GuidelineChecks, PlasmaCheck, PlasmaDoseEntry, SevereDayEntry,
    ValueAt,
};

/// The source of every threshold in the section, as the seeds name it.
pub const GUIDELINE_SOURCE: &str = "the review by Altintas on convalescent plasma and mesenchymal stem cell (MSC) therapy in COVID-19";

pub(super) fn guideline_checks(builder: &Builder<'_>) -> GuidelineChecks {
    let findings = check_guidelines(builder.case);
    GuidelineChecks {
        source: GUIDELINE_SOURCE.to_owned(),
        first_severe_day: findings
            .first_severe_day()
            .map(|day| severe_day(builder, day)),
        severe_day_count: findings.severe_days.len(),
        criteria: criteria(builder, &findings),
        limitations: vec![
            "The review says SpO₂ < 93 % under oxygen support; a series does not record whether a reading was on oxygen, so every reading is checked.".to_owned(),
            "Chest CT, invasive ventilation, a rising SOFA score, vasopressors and comorbidities are criteria of the review that the case's series do not hold; they are not assessed.".to_owned(),
            "A day meets the criteria for severe illness when a respiratory criterion (respiratory rate, PaO₂/FiO₂, SpO₂) is met; the laboratory signs of a poor prognosis met that day are listed beside it.".to_owned(),
        ],
        plasma_rule: format!(
            "Convalescent plasma is thought most effective in the first week of illness (up to illness day {PLASMA_FIRST_WEEK_LAST_DAY}) and possibly ineffective after illness day {PLASMA_LATEST_USEFUL_ILLNESS_DAY}."
        ),
        plasma: findings
            .plasma
            .iter()
            .map(|timing| plasma_check(builder, timing))
            .collect(),
    }
}

fn criterion_value(
    builder: &Builder<'_>,
    criterion: SevereCriterion,
    value: &MarkerValue,
) -> CriterionValue {
    CriterionValue {
        criterion: criterion.label().to_owned(),
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

fn severe_day(builder: &Builder<'_>, day: &SevereDay) -> SevereDayEntry {
    SevereDayEntry {
        when: match day.time {
            Some(time) => builder.when(time),
            // Whole days only come from positions, so the cast is exact.
            None => builder.when_at(day.day as f64),
        },
        met: day
            .met
            .iter()
            .map(|(criterion, value)| criterion_value(builder, *criterion, value))
            .collect(),
    }
}

fn criteria(builder: &Builder<'_>, findings: &GuidelineFindings) -> Vec<CriterionEntry> {
    findings
        .criteria
        .iter()
        .map(|assessment| {
            let criterion = assessment.criterion;
            let mut entry = CriterionEntry {
                criterion: criterion.label().to_owned(),
                applied_limit: assessment.applied_limit.clone(),
                outcome: String::new(),
                values_met: 0,
                values_checked: None,
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
                        .map(|value| criterion_value(builder, criterion, value));
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
