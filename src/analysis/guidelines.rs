//! Guideline checks from the review in the seeds (Altintas, convalescent plasma and MSC
//! therapy; `shared/domain/case-facts.md`, "The review").
//!
//! - **Severe illness**: respiratory rate > 30/min, PaO₂/FiO₂ < 300 mmHg, SpO₂ < 93 %, and the
//!   poor-prognosis laboratory findings lymphopenia, raised CRP, raised D-dimer and raised
//!   ferritin (against the series' reference interval). Each criterion is assessed over the
//!   whole stay. A day *meets the criteria for severe illness* when at least one of the three
//!   respiratory criteria is met; the laboratory criteria met on that day are listed beside
//!   them, because the review names them as signs of a poor prognosis rather than as a
//!   definition on their own. The review says SpO₂ "under oxygen support"; a series does not
//!   record whether a reading was on oxygen, so every reading is checked and the finding says
//!   so. Chest CT, ventilation, SOFA score and vasopressors are not in the data model's series
//!   and are not assessed.
//! - **Convalescent plasma timing**: each dose's illness day against the review's "most
//!   effective in the first week" ([`PLASMA_FIRST_WEEK_LAST_DAY`]) and "possibly ineffective
//!   after illness day 14" ([`PLASMA_LATEST_USEFUL_ILLNESS_DAY`]).
//!
//! Every finding cites the values it rests on ([`MarkerValue`]: marker, value with unit, time
//! as stated). Where data are missing a finding is *not assessable*, with the reason, never
//! *not met*: no respiratory-rate series means that criterion cannot be judged; no
//! symptom-onset anchor means no illness day is computed, and no date is invented. A threshold
//! stated in one unit is never applied to a series in another.

mod plasma;

use std::collections::BTreeMap;

pub use plasma::{PlasmaAssessed, PlasmaDose, PlasmaNotAssessable, PlasmaTiming, PlasmaWindow};

use super::evidence::{DayIndex, MarkerValue, day_of, first_series_of, time_for_day};
use super::lab_course::lab_course;
use crate::model::marker::display_unit;
use crate::model::{Case, CaseTime, Censoring, Timeline};

/// Review threshold: respiratory rate above this, in /min.
pub const RESPIRATORY_RATE_ABOVE_PER_MIN: f64 = 30.0;
/// Review threshold: PaO₂/FiO₂ below this, in mmHg.
pub const PF_RATIO_BELOW_MMHG: f64 = 300.0;
/// Review threshold: SpO₂ below this, in %.
pub const SPO2_BELOW_PERCENT: f64 = 93.0;
/// Plasma is thought most effective up to this illness day (the first week).
pub const PLASMA_FIRST_WEEK_LAST_DAY: i32 = 7;
/// Plasma may be ineffective after this illness day.
pub const PLASMA_LATEST_USEFUL_ILLNESS_DAY: i32 = 14;

/// One criterion of severe illness from the review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SevereCriterion {
    RespiratoryRate,
    OxygenationIndex,
    OxygenSaturation,
    Lymphopenia,
    RaisedCrp,
    RaisedDDimer,
    RaisedFerritin,
}

/// How a criterion compares a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threshold {
    /// Met above this value, valid only in this UCUM unit.
    Above { limit: f64, unit: &'static str },
    /// Met below this value, valid only in this UCUM unit.
    Below { limit: f64, unit: &'static str },
    /// Met above the upper limit of the series' reference interval.
    AboveReference,
    /// Met below the lower limit of the series' reference interval.
    BelowReference,
}

impl SevereCriterion {
    pub const ALL: [Self; 7] = [
        Self::RespiratoryRate,
        Self::OxygenationIndex,
        Self::OxygenSaturation,
        Self::Lymphopenia,
        Self::RaisedCrp,
        Self::RaisedDDimer,
        Self::RaisedFerritin,
    ];

    /// The criterion as the review words it, with its threshold.
    pub fn label(self) -> &'static str {
        match self {
            Self::RespiratoryRate => "respiratory rate > 30/min",
            Self::OxygenationIndex => "PaO₂/FiO₂ < 300 mmHg",
            Self::OxygenSaturation => "SpO₂ < 93 %",
            Self::Lymphopenia => "lymphopenia (below the reference interval)",
            Self::RaisedCrp => "raised CRP (above the reference interval)",
            Self::RaisedDDimer => "raised D-dimer (above the reference interval)",
            Self::RaisedFerritin => "raised ferritin (above the reference interval)",
        }
    }

    /// Marker ids that can show the criterion, in order of preference.
    pub fn markers(self) -> &'static [&'static str] {
        match self {
            Self::RespiratoryRate => &["respiratory_rate"],
            Self::OxygenationIndex => &["pf_ratio"],
            Self::OxygenSaturation => &["spo2"],
            Self::Lymphopenia => &["lymphocytes", "lymphocytes_percent"],
            Self::RaisedCrp => &["crp", "hs_crp"],
            Self::RaisedDDimer => &["d_dimer"],
            Self::RaisedFerritin => &["ferritin"],
        }
    }

    pub fn threshold(self) -> Threshold {
        match self {
            Self::RespiratoryRate => Threshold::Above {
                limit: RESPIRATORY_RATE_ABOVE_PER_MIN,
                unit: "/min",
            },
            Self::OxygenationIndex => Threshold::Below {
                limit: PF_RATIO_BELOW_MMHG,
                unit: "mm[Hg]",
            },
            Self::OxygenSaturation => Threshold::Below {
                limit: SPO2_BELOW_PERCENT,
                unit: "%",
            },
            Self::Lymphopenia => Threshold::BelowReference,
            Self::RaisedCrp | Self::RaisedDDimer | Self::RaisedFerritin => {
                Threshold::AboveReference
            }
        }
    }

    /// Whether the criterion alone makes a day meet the criteria for severe illness.
    pub fn is_respiratory(self) -> bool {
        matches!(
            self,
            Self::RespiratoryRate | Self::OxygenationIndex | Self::OxygenSaturation
        )
    }
}

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
        "{marker} is recorded in {unit}, but the review's threshold is in {wanted}; values are never converted"
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

/// One criterion, assessed.
#[derive(Clone, Debug, PartialEq)]
pub struct CriterionAssessment {
    pub criterion: SevereCriterion,
    /// The limit applied, in the series' unit, such as `< 300 mmHg` or `< 1.1 ×10⁹/L`.
    pub applied_limit: Option<String>,
    pub outcome: CriterionOutcome,
}

impl CriterionAssessment {
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

/// Everything `check_guidelines` found.
#[derive(Clone, Debug, PartialEq)]
pub struct GuidelineFindings {
    /// One per criterion, in [`SevereCriterion::ALL`] order.
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
}

/// Checks a case against the review.
pub fn check_guidelines(case: &Case) -> GuidelineFindings {
    let timeline = Timeline::for_case(case);
    let criteria: Vec<CriterionAssessment> = SevereCriterion::ALL
        .into_iter()
        .map(|criterion| assess(case, &timeline, criterion))
        .collect();
    GuidelineFindings {
        severe_days: severe_days(&criteria, &timeline),
        criteria,
        plasma: plasma::plasma_timing(case, &timeline),
    }
}

fn assess(case: &Case, timeline: &Timeline, criterion: SevereCriterion) -> CriterionAssessment {
    let not_assessable = |reason: NotAssessable| CriterionAssessment {
        criterion,
        applied_limit: None,
        outcome: CriterionOutcome::NotAssessable(reason),
    };
    let Some(series) = first_series_of(case, criterion.markers()) else {
        let markers = criterion.markers().join(" or ");
        return not_assessable(NotAssessable::NoSeries { markers });
    };
    let marker = series.display_name();
    let shown_unit = series.display_unit();
    let (limit, above) = match criterion.threshold() {
        Threshold::Above { limit, unit } | Threshold::Below { limit, unit } => {
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
            let above = matches!(criterion.threshold(), Threshold::Above { .. });
            (limit, above)
        }
        Threshold::AboveReference | Threshold::BelowReference => {
            let above = criterion.threshold() == Threshold::AboveReference;
            let interval = series.reference_interval();
            let bound =
                interval.and_then(|interval| if above { interval.high } else { interval.low });
            let Some(bound) = bound else {
                let unit = shown_unit;
                return not_assessable(NotAssessable::NoReference { marker, unit });
            };
            (bound, above)
        }
    };
    let course = lab_course(series, timeline);
    if course.points.is_empty() {
        return not_assessable(NotAssessable::Unplaced { marker });
    }
    let met: Vec<MarkerValue> = course
        .points
        .iter()
        .filter(|point| certainly_beyond(point.value, point.censored, limit, above))
        .map(|point| MarkerValue::from_point(&course, point))
        .collect();
    let comparison = if above { ">" } else { "<" };
    let applied_limit = Some(format!(
        "{comparison} {}",
        crate::analysis::format::quantity(limit, &shown_unit)
    ));
    let outcome = if met.is_empty() {
        CriterionOutcome::NotMet {
            values_checked: course.points.len(),
        }
    } else {
        CriterionOutcome::Met(met)
    };
    CriterionAssessment {
        criterion,
        applied_limit,
        outcome,
    }
}

/// Whether a value lies beyond a limit for certain: a censored value whose bound leaves it
/// undecided (`<50` against "above 10") does not count.
fn certainly_beyond(value: f64, censored: Option<Censoring>, limit: f64, above: bool) -> bool {
    match (above, censored) {
        (true, Some(Censoring::Below)) | (false, Some(Censoring::Above)) => false,
        (true, _) => value > limit,
        (false, _) => value < limit,
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
