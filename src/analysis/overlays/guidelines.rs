//! Guideline findings placed on the time axis: the day the criteria for severe illness were
//! first met with the values that met them, and each plasma dose against illness day 14.

use crate::analysis::guidelines::{
    GuidelineFindings, PLASMA_LATEST_USEFUL_ILLNESS_DAY, PlasmaWindow,
};
use crate::model::{Case, CaseTime, DayPosition, Timeline};

/// A value that met a criterion for severe illness on the day the criteria were first met.
#[derive(Clone, Debug, PartialEq)]
pub struct MetValue {
    pub marker: String,
    pub position: DayPosition,
    /// In the series' own unit, as plotted.
    pub value: f64,
    /// Criterion, limit and value, for the hover text.
    pub description: String,
}

/// A dose of convalescent plasma placed in illness days.
#[derive(Clone, Debug, PartialEq)]
pub struct PlasmaDoseMark {
    pub position: DayPosition,
    pub window: PlasmaWindow,
    pub description: String,
}

/// The findings, placed on the time axis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GuidelineMarks {
    /// Where the criteria for severe illness were first met (its earliest value that day),
    /// with what met them.
    pub severe_onset: Option<(DayPosition, String)>,
    pub met_values: Vec<MetValue>,
    /// The end of illness day 14, when the case has plasma and known illness days.
    pub plasma_limit: Option<DayPosition>,
    pub plasma_doses: Vec<PlasmaDoseMark>,
}

/// Places the findings of `check_guidelines` on the case's time axis.
pub fn guideline_marks(
    findings: &GuidelineFindings,
    case: &Case,
    timeline: &Timeline,
) -> GuidelineMarks {
    let mut marks = GuidelineMarks::default();
    // Only the first day is ringed: on later days the criteria often stay met, and ringing
    // every value would bury the finding a class should see.
    if let Some(first) = findings.first_severe_day() {
        for (criterion, value) in &first.met {
            let limit = findings
                .criterion(*criterion)
                .and_then(|assessment| assessment.applied_limit.clone())
                .unwrap_or_default();
            marks.met_values.push(MetValue {
                marker: value.marker.clone(),
                position: value.position,
                value: value.value,
                description: format!(
                    "Severe illness criterion met: {}, limit applied {limit}\n{value}",
                    criterion.label_in(findings.set)
                ),
            });
        }
        let earliest = first
            .met
            .iter()
            .map(|(_, value)| value.position)
            .min_by(f64::total_cmp);
        if let Some(position) = earliest {
            let mut text = format!(
                "Criteria for severe illness first met ({})",
                findings.set.name()
            );
            for (criterion, value) in &first.met {
                text.push_str(&format!("\n{}: {value}", criterion.label_in(findings.set)));
            }
            marks.severe_onset = Some((position, text));
        }
    }
    for plasma in &findings.plasma {
        let Ok(assessed) = &plasma.outcome else {
            continue;
        };
        let reconstructed = if plasma.dates_reconstructed {
            "\ndates reconstructed"
        } else {
            ""
        };
        for dose in &assessed.doses {
            let Ok(position) = timeline.position(dose.time) else {
                continue;
            };
            marks.plasma_doses.push(PlasmaDoseMark {
                position,
                window: dose.window,
                description: format!(
                    "{}: illness day {}, {} (guideline){reconstructed}",
                    plasma.name,
                    dose.illness_day,
                    dose.window.label()
                ),
            });
        }
    }
    if !marks.plasma_doses.is_empty() {
        marks.plasma_limit = timeline
            .position(CaseTime::IllnessDay(PLASMA_LATEST_USEFUL_ILLNESS_DAY))
            .ok()
            .filter(|_| case.anchors.symptom_onset.is_some())
            .map(|start_of_day| start_of_day + 1.0);
    }
    marks
}
