//! The published survival rule of Yan et al. 2020, applied to a case day by day.
//!
//! The rule is the study's single decision tree: LDH ≥ 365 U/L → high risk of death;
//! otherwise hs-CRP < 41.2 mg/L → survival; otherwise lymphocytes < 14.7 % → death, else
//! survival. It was derived from 375 patients of one hospital in Wuhan and did far worse
//! elsewhere ([`CAVEAT`]); it is shown for teaching and review, never as a prediction for the
//! patient in front of you.
//!
//! A value is only used in the unit of the rule, or converted into it exactly (the caller
//! supplies exact factors; nothing is guessed). hs-CRP is not plain CRP and lymphocytes in %
//! are not a lymphocyte count: neither stands in for the other. Missing values never fall to
//! a branch: the day is unassessable and says which value it lacks.

use crate::model::{Case, CaseTime, DayPosition, Series, Timeline, exact_unit_factor};

pub const LDH_THRESHOLD_U_PER_L: f64 = 365.0;
pub const HS_CRP_THRESHOLD_MG_PER_L: f64 = 41.2;
pub const LYMPHOCYTES_THRESHOLD_PERCENT: f64 = 14.7;

/// The rule as one line, for every place that shows it.
pub const RULE_TEXT: &str = "LDH ≥ 365 U/L → high risk of death; otherwise hs-CRP < 41.2 mg/L → \
     survival; otherwise lymphocytes < 14.7 % → death, else survival";

pub const CITATION: &str = "Yan L. et al., An interpretable mortality prediction model for \
     COVID-19 patients, Nat Mach Intell 2, 283–288 (2020), doi:10.1038/s42256-020-0180-7";

/// Why the rule must not be read as a prediction; `docs/cohort.md` gives the sources.
pub const CAVEAT: &str = "Derived from 375 patients of one hospital in Wuhan. Independent \
     validations (Barish et al., Quanjel et al., Dupuis et al., Nat Mach Intell 3, 2021) found \
     it far less accurate, above all for deaths; shown for teaching and review, not for \
     decisions about a patient.";

/// The three analytes the rule reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleAnalyte {
    Ldh,
    HsCrp,
    LymphocytesPercent,
}

impl RuleAnalyte {
    pub const ALL: [Self; 3] = [Self::Ldh, Self::HsCrp, Self::LymphocytesPercent];

    /// The catalog marker id.
    pub fn marker(self) -> &'static str {
        match self {
            Self::Ldh => "ldh",
            Self::HsCrp => "hs_crp",
            Self::LymphocytesPercent => "lymphocytes_percent",
        }
    }

    /// The unit the thresholds are stated in (UCUM).
    pub fn unit(self) -> &'static str {
        match self {
            Self::Ldh => "U/L",
            Self::HsCrp => "mg/L",
            Self::LymphocytesPercent => "%",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Ldh => "LDH",
            Self::HsCrp => "hs-CRP",
            Self::LymphocytesPercent => "lymphocytes (%)",
        }
    }
}

/// What the rule predicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Prediction {
    Survival,
    Death,
}

impl Prediction {
    pub fn label(self) -> &'static str {
        match self {
            Self::Survival => "survival",
            Self::Death => "death",
        }
    }
}

/// The leaf of the tree a set of values reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Branch {
    /// LDH ≥ 365 U/L.
    LdhHigh,
    /// LDH < 365 U/L and hs-CRP < 41.2 mg/L.
    CrpLow,
    /// LDH < 365, hs-CRP ≥ 41.2, lymphocytes < 14.7 %.
    LymphocytesLow,
    /// LDH < 365, hs-CRP ≥ 41.2, lymphocytes ≥ 14.7 %.
    LymphocytesKept,
}

impl Branch {
    pub fn prediction(self) -> Prediction {
        match self {
            Self::LdhHigh | Self::LymphocytesLow => Prediction::Death,
            Self::CrpLow | Self::LymphocytesKept => Prediction::Survival,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Self::LdhHigh => "LDH ≥ 365 U/L: high risk of death",
            Self::CrpLow => "LDH < 365 U/L and hs-CRP < 41.2 mg/L: survival",
            Self::LymphocytesLow => {
                "LDH < 365 U/L, hs-CRP ≥ 41.2 mg/L and lymphocytes < 14.7 %: death"
            }
            Self::LymphocytesKept => {
                "LDH < 365 U/L, hs-CRP ≥ 41.2 mg/L and lymphocytes ≥ 14.7 %: survival"
            }
        }
    }
}

/// The values the rule reads, in the rule's units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RuleInputs {
    pub ldh: Option<f64>,
    pub hs_crp: Option<f64>,
    pub lymphocytes_percent: Option<f64>,
}

/// The branch reached, or the value missing on the way to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleResult {
    Reached(Branch),
    /// The tree needs this value at this point and it is missing.
    Unassessable {
        missing: RuleAnalyte,
    },
}

/// Walks the tree. A non-finite value counts as missing.
pub fn apply_rule(inputs: RuleInputs) -> RuleResult {
    let known = |value: Option<f64>| value.filter(|value| value.is_finite());
    let Some(ldh) = known(inputs.ldh) else {
        return RuleResult::Unassessable {
            missing: RuleAnalyte::Ldh,
        };
    };
    if ldh >= LDH_THRESHOLD_U_PER_L {
        return RuleResult::Reached(Branch::LdhHigh);
    }
    let Some(hs_crp) = known(inputs.hs_crp) else {
        return RuleResult::Unassessable {
            missing: RuleAnalyte::HsCrp,
        };
    };
    if hs_crp < HS_CRP_THRESHOLD_MG_PER_L {
        return RuleResult::Reached(Branch::CrpLow);
    }
    let Some(lymphocytes) = known(inputs.lymphocytes_percent) else {
        return RuleResult::Unassessable {
            missing: RuleAnalyte::LymphocytesPercent,
        };
    };
    RuleResult::Reached(if lymphocytes < LYMPHOCYTES_THRESHOLD_PERCENT {
        Branch::LymphocytesLow
    } else {
        Branch::LymphocytesKept
    })
}

/// One value the rule used on a day: the latest sample up to the end of that day.
#[derive(Clone, Debug, PartialEq)]
pub struct UsedValue {
    pub analyte: RuleAnalyte,
    /// In the rule's unit.
    pub value: f64,
    /// As the case holds it, when converted: `(value, unit)`.
    pub original: Option<(f64, String)>,
    pub time: CaseTime,
}

/// The rule on one sampling day of a case.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDay {
    /// Start of the calendar day (or relative day) on the case axis.
    pub day_start: DayPosition,
    pub result: RuleResult,
    pub used: Vec<UsedValue>,
}

/// The rule over a whole case.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseRuleCheck {
    pub days: Vec<RuleDay>,
    /// Series of the three analytes that could not be used, and why.
    pub unusable: Vec<Unusable>,
}

/// A series of one of the rule's analytes in a unit that does not convert exactly to the
/// rule's: it is left out, never converted by guess.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{} is in `{unit}`, which does not convert exactly to {}; not used", .analyte.label(), .analyte.unit())]
pub struct Unusable {
    pub analyte: RuleAnalyte,
    pub unit: String,
}

/// One analyte's samples, in the rule's unit, placed on the case axis.
struct PlacedSeries {
    analyte: RuleAnalyte,
    factor: f64,
    unit: String,
    samples: Vec<(DayPosition, CaseTime, f64)>,
}

/// Applies the rule on every day a case has a sample of any of the three analytes, each with
/// the latest value known by the end of that day. Units convert exactly, through the unit
/// table ([`exact_unit_factor`]), or not at all.
pub fn rule_by_day(case: &Case) -> CaseRuleCheck {
    let timeline = Timeline::for_case(case);
    let mut check = CaseRuleCheck::default();
    let mut placed = Vec::new();
    for analyte in RuleAnalyte::ALL {
        for series in case
            .series
            .iter()
            .filter(|series| series.marker == analyte.marker())
        {
            match place(series, analyte, &timeline) {
                Ok(series) => placed.push(series),
                Err(reason) => check.unusable.push(reason),
            }
        }
    }
    let mut days: Vec<DayPosition> = placed
        .iter()
        .flat_map(|series| series.samples.iter().map(|(position, ..)| position.floor()))
        .collect();
    days.sort_by(f64::total_cmp);
    days.dedup();
    for day_start in days {
        let mut inputs = RuleInputs::default();
        let mut used = Vec::new();
        for analyte in RuleAnalyte::ALL {
            let latest = placed
                .iter()
                .filter(|series| series.analyte == analyte)
                .flat_map(|series| series.samples.iter().map(move |sample| (series, sample)))
                .filter(|(_, (position, ..))| *position < day_start + 1.0)
                .max_by(|(_, first), (_, second)| first.0.total_cmp(&second.0));
            let Some((series, &(_, time, value))) = latest else {
                continue;
            };
            let converted = value * series.factor;
            match analyte {
                RuleAnalyte::Ldh => inputs.ldh = Some(converted),
                RuleAnalyte::HsCrp => inputs.hs_crp = Some(converted),
                RuleAnalyte::LymphocytesPercent => inputs.lymphocytes_percent = Some(converted),
            }
            used.push(UsedValue {
                analyte,
                value: converted,
                original: (series.factor != 1.0).then(|| (value, series.unit.clone())),
                time,
            });
        }
        check.days.push(RuleDay {
            day_start,
            result: apply_rule(inputs),
            used,
        });
    }
    check
}

fn place(
    series: &Series,
    analyte: RuleAnalyte,
    timeline: &Timeline,
) -> Result<PlacedSeries, Unusable> {
    let unit = series.unit().unwrap_or_default().to_owned();
    let factor = if unit == analyte.unit() {
        1.0
    } else {
        exact_unit_factor(&unit, analyte.unit()).ok_or_else(|| Unusable {
            analyte,
            unit: unit.clone(),
        })?
    };
    let samples = series
        .samples
        .iter()
        .filter(|sample| sample.value.is_finite() && sample.censored.is_none())
        .filter_map(|sample| {
            let position = timeline.position(sample.time).ok()?;
            Some((position, sample.time, sample.value))
        })
        .collect();
    Ok(PlacedSeries {
        analyte,
        factor,
        unit,
        samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cohort::test_cases::{at, case};

    fn branch(ldh: f64, hs_crp: f64, lymphocytes: f64) -> RuleResult {
        apply_rule(RuleInputs {
            ldh: Some(ldh),
            hs_crp: Some(hs_crp),
            lymphocytes_percent: Some(lymphocytes),
        })
    }

    #[test]
    fn each_threshold_sends_values_at_and_around_it_to_the_published_branch() {
        use Branch::*;
        use RuleResult::Reached;
        assert_eq!(branch(365.0, 10.0, 30.0), Reached(LdhHigh));
        assert_eq!(branch(364.9, 10.0, 30.0), Reached(CrpLow));
        assert_eq!(branch(365.1, 100.0, 5.0), Reached(LdhHigh));
        assert_eq!(branch(300.0, 41.1, 5.0), Reached(CrpLow));
        assert_eq!(branch(300.0, 41.2, 30.0), Reached(LymphocytesKept));
        assert_eq!(branch(300.0, 41.3, 14.6), Reached(LymphocytesLow));
        assert_eq!(branch(300.0, 41.2, 14.7), Reached(LymphocytesKept));
        assert_eq!(branch(300.0, 41.2, 14.8), Reached(LymphocytesKept));
        assert_eq!(LymphocytesLow.prediction(), Prediction::Death);
        assert_eq!(LdhHigh.prediction(), Prediction::Death);
    }

    #[test]
    fn a_missing_value_is_named_only_where_the_tree_needs_it() {
        let missing = |inputs| match apply_rule(inputs) {
            RuleResult::Unassessable { missing } => Some(missing),
            RuleResult::Reached(_) => None,
        };
        assert_eq!(
            missing(RuleInputs::default()),
            Some(RuleAnalyte::Ldh),
            "no LDH, no first question"
        );
        let high_ldh = RuleInputs {
            ldh: Some(500.0),
            ..RuleInputs::default()
        };
        assert_eq!(missing(high_ldh), None, "high LDH needs nothing else");
        let low_ldh_high_crp = RuleInputs {
            ldh: Some(200.0),
            hs_crp: Some(80.0),
            lymphocytes_percent: Some(f64::NAN),
        };
        assert_eq!(
            missing(low_ldh_high_crp),
            Some(RuleAnalyte::LymphocytesPercent)
        );
    }

    #[test]
    fn a_case_is_checked_each_sampling_day_with_the_latest_values_known() {
        let patient = case(
            "1",
            true,
            vec![
                ("ldh", "U/L", vec![(at(2, 9), 300.0), (at(5, 9), 420.0)]),
                ("hs_crp", "mg/dL", vec![(at(3, 9), 6.0)]),
                ("lymphocytes_percent", "%", vec![(at(3, 10), 9.0)]),
                ("crp", "mg/L", vec![(at(2, 9), 300.0)]),
            ],
        );
        let check = rule_by_day(&patient);
        let results: Vec<_> = check.days.iter().map(|day| day.result).collect();
        assert_eq!(
            results,
            vec![
                // 2 Feb: LDH 300, no hs-CRP yet (plain CRP does not stand in).
                RuleResult::Unassessable {
                    missing: RuleAnalyte::HsCrp
                },
                // 3 Feb: hs-CRP 6 mg/dL = 60 mg/L, lymphocytes 9 %.
                RuleResult::Reached(Branch::LymphocytesLow),
                // 5 Feb: LDH 420.
                RuleResult::Reached(Branch::LdhHigh),
            ]
        );
        let crp_used = check.days[1]
            .used
            .iter()
            .find(|used| used.analyte == RuleAnalyte::HsCrp);
        assert_eq!(
            crp_used.map(|used| (used.value, used.original.clone())),
            Some((60.0, Some((6.0, "mg/dL".to_owned()))))
        );
        // Molar to mass needs hs-CRP's molar mass, which the unit table does not guess.
        let molar = case("2", true, vec![("hs_crp", "nmol/L", vec![(at(3, 9), 6.0)])]);
        let no_conversion = rule_by_day(&molar);
        assert_eq!(no_conversion.unusable.len(), 1);
        let reason = no_conversion.unusable[0].to_string();
        assert!(reason.contains("hs-CRP is in `nmol/L`"), "{reason}");
    }
}
