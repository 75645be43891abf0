//! Guideline checks: the criteria for severe illness of two named sources, and the review's
//! advice on the timing of convalescent plasma.
//!
//! - **Severe illness**, by [`CriteriaSet`] ([`criteria`] words both sets): the review by
//!   Altintas (respiratory rate > 30/min, PaO₂/FiO₂ < 300 mmHg, SpO₂ < 93 % under oxygen
//!   support, and the poor-prognosis laboratory findings lymphopenia, raised CRP, raised
//!   D-dimer and raised ferritin against the series' reference interval), and the Chinese
//!   national guideline that Peng et al. cite (respiratory rate ≥ 30/min, SpO₂ ≤ 93 % at rest,
//!   PaO₂/FiO₂ ≤ 300 mmHg). Each criterion is assessed over the whole stay. A day *meets the
//!   criteria for severe illness* when at least one respiratory criterion is met; the
//!   review's laboratory criteria met on that day are listed beside them, because the review
//!   names them as signs of a poor prognosis rather than as a definition on their own. A
//!   value taken on exertion counts toward no criterion, and the review's SpO₂ criterion
//!   leaves out values on room air; every value left out is kept, with the reason. Chest CT,
//!   ventilation, SOFA score and vasopressors are not in the data model's series and are not
//!   assessed.
//! - **Convalescent plasma timing**: each dose's illness day against the review's "most
//!   effective in the first week" ([`PLASMA_FIRST_WEEK_LAST_DAY`]) and "possibly ineffective
//!   after illness day 14" ([`PLASMA_LATEST_USEFUL_ILLNESS_DAY`]).
//!
//! Every finding cites the values it rests on ([`MarkerValue`]: marker, value with unit, time
//! as stated, provenance) and counts them by provenance ([`ProvenanceCounts`]), so a count of
//! days meeting the criteria says how many of them rest only on reconstructed values. Where
//! data are missing a finding is *not assessable*, with the reason, never *not met*: no
//! respiratory-rate series means that criterion cannot be judged; no symptom-onset anchor
//! means no illness day is computed, and no date is invented. A threshold stated in one unit
//! is never applied to a series in another.

pub mod criteria;
mod plasma;

use std::collections::BTreeMap;

pub use criteria::{Comparison, CriteriaSet, LeftOut, SevereCriterion, Threshold};
pub use plasma::{PlasmaAssessed, PlasmaDose, PlasmaNotAssessable, PlasmaTiming, PlasmaWindow};

use super::evidence::{DayIndex, MarkerValue, day_of, first_series_of, time_for_day};
use super::lab_course::lab_course;
use crate::model::marker::display_unit;
use crate::model::{Case, CaseTime, Censoring, ProvenanceCounts, Timeline};

/// Review threshold: respiratory rate above this, in /min (the guideline: at least this).
pub const RESPIRATORY_RATE_ABOVE_PER_MIN: f64 = 30.0;
/// Review threshold: PaO₂/FiO₂ below this, in mmHg (the guideline: at most this).
pub const PF_RATIO_BELOW_MMHG: f64 = 300.0;
/// Review threshold: SpO₂ below this, in % (the guideline: at most this).
pub const SPO2_BELOW_PERCENT: f64 = 93.0;
/// Plasma is thought most effective up to this illness day (the first week).
pub const PLASMA_FIRST_WEEK_LAST_DAY: i32 = 7;
/// Plasma may be ineffective after this illness day.
pub const PLASMA_LATEST_USEFUL_ILLNESS_DAY: i32 = 14;

/// A criterion over the stay.
#[derive(Clone, Debug, PartialEq)]
pub enum CriterionOutcome {
    /// The data cannot say; the reason says why and what would be needed.
    NotAssessable(NotAssessable),
    /// Every value checked was on the other side of the threshold.
    NotMet { values_checked: usize },
    /// Met by these values, in time order (at least one).
    Met(Vec<MarkerValue>),
}

/// Why a criterion cannot be judged from the case's data.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotAssessable {
    #[error("no {markers} series in the case")]
    NoSeries { markers: String },
    #[error(
        "{marker} is recorded in {unit}, but the threshold is in {wanted}; values are never converted"
    )]
    OtherUnit {
        marker: String,
        unit: String,
        wanted: String,
    },
    #[error(
        "{marker} has no reference interval in its unit ({unit}); give the series a `reference`"
    )]
    NoReference { marker: String, unit: String },
    #[error("no value of {marker} can be placed on the time axis; check the case's anchors")]
    Unplaced { marker: String },
}

/// A value not checked against a criterion, with the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct LeftOutValue {
    pub value: MarkerValue,
    pub reason: LeftOut,
}

/// One criterion, assessed.
#[derive(Clone, Debug, PartialEq)]
pub struct CriterionAssessment {
    pub criterion: SevereCriterion,
    /// The limit applied, in the series' unit, such as `< 300 mmHg` or `< 1.1 ×10⁹/L`.
    pub applied_limit: Option<String>,
    pub outcome: CriterionOutcome,
    /// The values checked (met or not), by provenance.
    pub checked: ProvenanceCounts,
    /// Values of the series not checked because the criterion does not apply to them.
    pub left_out: Vec<LeftOutValue>,
}

impl CriterionAssessment {
    /// The values that met the criterion, by provenance.
    pub fn met_provenance(&self) -> ProvenanceCounts {
        match &self.outcome {
            CriterionOutcome::Met(values) => {
                ProvenanceCounts::of(values.iter().map(|value| value.provenance))
            }
            _ => ProvenanceCounts::default(),
        }
    }

    pub fn first_met(&self) -> Option<&MarkerValue> {
        match &self.outcome {
            CriterionOutcome::Met(values) => values.first(),
            _ => None,
        }
    }
}

/// A day on which the criteria for severe illness were met, with every criterion met that day.
#[derive(Clone, Debug, PartialEq)]
pub struct SevereDay {
    pub day: DayIndex,
    /// The day in the case's own time form.
    pub time: Option<CaseTime>,
    pub met: Vec<(SevereCriterion, MarkerValue)>,
}

impl SevereDay {
    /// Whether every respiratory value that met a criterion that day is a reconstruction, so
    /// that the day counts only because of values drawn to follow the paper.
    pub fn rests_only_on_reconstructed(&self) -> bool {
        self.met
            .iter()
            .filter(|(criterion, _)| criterion.is_respiratory())
            .all(|(_, value)| value.is_reconstructed())
    }
}

/// What a count of severe days rests on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SevereDaysBasis {
    pub days: usize,
    /// Days on which only reconstructed values met a respiratory criterion.
    pub on_reconstructed_only: usize,
    /// Every respiratory value that met a criterion on those days, by provenance.
    pub values: ProvenanceCounts,
}

impl std::fmt::Display for SevereDaysBasis {
    /// `19 (15 of them on reconstructed values only; respiratory values met: 3 published,
    /// 30 reconstructed)`.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "{} ({} of them on reconstructed values only; respiratory values meeting a criterion: {})",
            self.days, self.on_reconstructed_only, self.values
        )
    }
}

/// Everything `check_guidelines` found.
#[derive(Clone, Debug, PartialEq)]
pub struct GuidelineFindings {
    /// Whose criteria for severe illness were applied.
    pub set: CriteriaSet,
    /// One per criterion, in [`CriteriaSet::criteria`] order.
    pub criteria: Vec<CriterionAssessment>,
    /// Days meeting the criteria for severe illness, in order.
    pub severe_days: Vec<SevereDay>,
    /// One per convalescent-plasma intervention; empty when the case has none.
    pub plasma: Vec<PlasmaTiming>,
}

impl GuidelineFindings {
    /// The first day the criteria for severe illness were met.
    pub fn first_severe_day(&self) -> Option<&SevereDay> {
        self.severe_days.first()
    }

    pub fn criterion(&self, criterion: SevereCriterion) -> Option<&CriterionAssessment> {
        self.criteria
            .iter()
            .find(|assessment| assessment.criterion == criterion)
    }

    /// How many days met the criteria, and what they rest on.
    pub fn severe_days_basis(&self) -> SevereDaysBasis {
        let values = self.severe_days.iter().flat_map(|day| {
            day.met
                .iter()
                .filter(|(criterion, _)| criterion.is_respiratory())
                .map(|(_, value)| value.provenance)
        });
        SevereDaysBasis {
            days: self.severe_days.len(),
            on_reconstructed_only: self
                .severe_days
                .iter()
                .filter(|day| day.rests_only_on_reconstructed())
                .count(),
            values: ProvenanceCounts::of(values),
        }
    }
}

/// Checks a case against the review (see [`check_criteria`] for the other set).
pub fn check_guidelines(case: &Case) -> GuidelineFindings {
    check_criteria(case, CriteriaSet::Review)
}

/// Checks a case against one set of criteria for severe illness, and plasma timing.
pub fn check_criteria(case: &Case, set: CriteriaSet) -> GuidelineFindings {
    let timeline = Timeline::for_case(case);
    let criteria: Vec<CriterionAssessment> = set
        .criteria()
        .iter()
        .map(|&criterion| assess(case, &timeline, set, criterion))
        .collect();
    GuidelineFindings {
        set,
        severe_days: severe_days(&criteria, &timeline),
        criteria,
        plasma: plasma::plasma_timing(case, &timeline),
    }
}

fn assess(
    case: &Case,
    timeline: &Timeline,
    set: CriteriaSet,
    criterion: SevereCriterion,
) -> CriterionAssessment {
    let not_assessable = |reason: NotAssessable| CriterionAssessment {
        criterion,
        applied_limit: None,
        outcome: CriterionOutcome::NotAssessable(reason),
        checked: ProvenanceCounts::default(),
        left_out: Vec::new(),
    };
    let Some(series) = first_series_of(case, criterion.markers()) else {
        let markers = criterion.markers().join(" or ");
        return not_assessable(NotAssessable::NoSeries { markers });
    };
    let marker = series.display_name();
    let shown_unit = series.display_unit();
    let (limit, comparison) = match criterion.threshold_in(set) {
        Threshold::Fixed {
            comparison,
            limit,
            unit,
        } => {
            if series.unit() != Some(unit) {
                let shown = if shown_unit.is_empty() {
                    "no unit".to_owned()
                } else {
                    shown_unit
                };
                return not_assessable(NotAssessable::OtherUnit {
                    marker,
                    unit: shown,
                    wanted: display_unit(unit),
                });
            }
            (limit, comparison)
        }
        threshold @ (Threshold::AboveReference | Threshold::BelowReference) => {
            let above = threshold == Threshold::AboveReference;
            let interval = case.reference_interval(series);
            let bound =
                interval.and_then(|interval| if above { interval.high } else { interval.low });
            let Some(bound) = bound else {
                let unit = shown_unit;
                return not_assessable(NotAssessable::NoReference { marker, unit });
            };
            let comparison = if above {
                Comparison::Above
            } else {
                Comparison::Below
            };
            (bound, comparison)
        }
    };
    let course = lab_course(series, timeline);
    if course.points.is_empty() {
        return not_assessable(NotAssessable::Unplaced { marker });
    }
    let mut left_out = Vec::new();
    let mut checked = ProvenanceCounts::default();
    let mut met = Vec::new();
    for point in &course.points {
        let value = MarkerValue::from_point(&course, point);
        if let Some(reason) = criterion.leaves_out(set, point.activity, point.oxygen) {
            left_out.push(LeftOutValue { value, reason });
            continue;
        }
        checked.add(point.provenance);
        if certainly_beyond(point.value, point.censored, limit, comparison) {
            met.push(value);
        }
    }
    let applied_limit = Some(format!(
        "{} {}",
        comparison.symbol(),
        crate::analysis::format::quantity(limit, &shown_unit)
    ));
    let outcome = if met.is_empty() {
        CriterionOutcome::NotMet {
            values_checked: checked.total(),
        }
    } else {
        CriterionOutcome::Met(met)
    };
    CriterionAssessment {
        criterion,
        applied_limit,
        outcome,
        checked,
        left_out,
    }
}

/// Whether a value lies beyond a limit for certain: a censored value whose bound leaves it
/// undecided (`<50` against "above 10") does not count.
fn certainly_beyond(
    value: f64,
    censored: Option<Censoring>,
    limit: f64,
    comparison: Comparison,
) -> bool {
    match (comparison.is_upward(), censored) {
        (true, Some(Censoring::Below)) | (false, Some(Censoring::Above)) => false,
        _ => comparison.holds(value, limit),
    }
}

fn severe_days(criteria: &[CriterionAssessment], timeline: &Timeline) -> Vec<SevereDay> {
    let mut by_day: BTreeMap<DayIndex, Vec<(SevereCriterion, MarkerValue)>> = BTreeMap::new();
    for assessment in criteria {
        if let CriterionOutcome::Met(values) = &assessment.outcome {
            for value in values {
                by_day
                    .entry(day_of(value.position))
                    .or_default()
                    .push((assessment.criterion, value.clone()));
            }
        }
    }
    by_day
        .into_iter()
        .filter(|(_, met)| met.iter().any(|(criterion, _)| criterion.is_respiratory()))
        .map(|(day, met)| SevereDay {
            day,
            time: time_for_day(timeline, day),
            met,
        })
        .collect()
}
