//! The two named sets of criteria for severe illness, each worded and compared exactly as its
//! source words it.
//!
//! - **The review** (Altintas, in the seeds): respiratory rate > 30/min, PaO₂/FiO₂ < 300 mmHg,
//!   SpO₂ < 93 % *under oxygen support*, and the poor-prognosis laboratory findings.
//! - **The Chinese national guideline** that Peng et al. cite for classifying their patient
//!   (ref. 15, versions 1–7, 2020): respiratory rate ≥ 30/min, SpO₂ ≤ 93 % *at rest*,
//!   PaO₂/FiO₂ ≤ 300 mmHg.
//!
//! A value exactly on a threshold (a respiratory rate of 30/min) meets the guideline's
//! criterion and not the review's. A value taken on exertion counts toward no criterion: both
//! sources describe the patient's state, not a desaturation after exercise. The review's SpO₂
//! criterion further leaves out values recorded on room air.

use crate::model::{Activity, Oxygen};

/// Whose criteria for severe illness are applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CriteriaSet {
    /// The review by Altintas (seeds): strict inequalities.
    #[default]
    Review,
    /// The Chinese national guideline cited by Peng et al.: inclusive inequalities.
    ChineseGuideline,
}

impl CriteriaSet {
    /// Both sets, in the order every output lists them.
    pub const ALL: [Self; 2] = [Self::Review, Self::ChineseGuideline];

    /// The name used on the command line (`--criteria review`).
    pub fn id(self) -> &'static str {
        match self {
            Self::Review => "review",
            Self::ChineseGuideline => "chinese-guideline",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|set| set.id() == id)
    }

    /// A short heading: `the Altintas review`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Review => "the Altintas review",
            Self::ChineseGuideline => "the Chinese national guideline",
        }
    }

    /// Where the criteria come from, in full.
    pub fn source(self) -> &'static str {
        match self {
            Self::Review => {
                "the review by Altintas on convalescent plasma and mesenchymal stem cell (MSC) therapy in COVID-19"
            }
            Self::ChineseGuideline => {
                "the Chinese national guideline for the diagnosis and treatment of COVID-19 (National Health Commission of China, versions 1–7), as cited by Peng et al. (ref. 15) for classifying their patient as severe"
            }
        }
    }

    /// The criteria of the set, in the order they are listed.
    pub fn criteria(self) -> &'static [SevereCriterion] {
        match self {
            Self::Review => &SevereCriterion::ALL,
            Self::ChineseGuideline => &[
                SevereCriterion::RespiratoryRate,
                SevereCriterion::OxygenSaturation,
                SevereCriterion::OxygenationIndex,
            ],
        }
    }

    /// What the check cannot see or how it reads the data, one sentence each.
    pub fn limitations(self) -> &'static [&'static str] {
        match self {
            Self::Review => &[
                "The review says SpO₂ < 93 % under oxygen support: values recorded on room air are left out; values whose oxygen support is not recorded are checked.",
                "A value taken on exertion counts toward no criterion.",
                "Chest CT, invasive ventilation, a rising SOFA score, vasopressors and comorbidities are criteria of the review that the case's series do not hold; they are not assessed.",
                "A day meets the criteria for severe illness when a respiratory criterion (respiratory rate, PaO₂/FiO₂, SpO₂) is met; the laboratory signs of a poor prognosis met that day are listed beside it.",
            ],
            Self::ChineseGuideline => &[
                "The guideline says SpO₂ ≤ 93 % at rest: values taken on exertion are left out; values whose activity is not recorded are taken as at rest.",
                "A value exactly on a threshold (30/min, 93 %, 300 mmHg) meets the guideline's criterion.",
                "The guideline's imaging criterion (lesions progressing by more than 50 % within 24–48 hours) is not assessed.",
                "A day meets the criteria for severe illness when any of the three criteria is met.",
            ],
        }
    }
}

/// How a value is set against a fixed limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Above,
    AtLeast,
    Below,
    AtMost,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Above => ">",
            Self::AtLeast => "≥",
            Self::Below => "<",
            Self::AtMost => "≤",
        }
    }

    /// Whether the criterion looks upwards (a high value meets it).
    pub fn is_upward(self) -> bool {
        matches!(self, Self::Above | Self::AtLeast)
    }

    pub fn holds(self, value: f64, limit: f64) -> bool {
        match self {
            Self::Above => value > limit,
            Self::AtLeast => value >= limit,
            Self::Below => value < limit,
            Self::AtMost => value <= limit,
        }
    }
}

/// How a criterion compares a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threshold {
    /// Met when `value <comparison> limit`, valid only in this UCUM unit.
    Fixed {
        comparison: Comparison,
        limit: f64,
        unit: &'static str,
    },
    /// Met above the upper limit of the series' reference interval.
    AboveReference,
    /// Met below the lower limit of the series' reference interval.
    BelowReference,
}

/// One criterion of severe illness.
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

/// Why a value was not checked against a criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeftOut {
    /// Taken on exertion: not the patient's resting state.
    OnExertion,
    /// On room air, where the criterion asks for values under oxygen support.
    OnRoomAir,
}

impl LeftOut {
    pub fn label(self) -> &'static str {
        match self {
            Self::OnExertion => "taken on exertion, not a resting value",
            Self::OnRoomAir => "taken on room air, not under oxygen support",
        }
    }
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

    /// The criterion as `set` words it, with its threshold.
    pub fn label_in(self, set: CriteriaSet) -> &'static str {
        match (set, self) {
            (CriteriaSet::Review, Self::RespiratoryRate) => "respiratory rate > 30/min",
            (CriteriaSet::Review, Self::OxygenationIndex) => "PaO₂/FiO₂ < 300 mmHg",
            (CriteriaSet::Review, Self::OxygenSaturation) => "SpO₂ < 93 % under oxygen support",
            (CriteriaSet::ChineseGuideline, Self::RespiratoryRate) => "respiratory rate ≥ 30/min",
            (CriteriaSet::ChineseGuideline, Self::OxygenationIndex) => "PaO₂/FiO₂ ≤ 300 mmHg",
            (CriteriaSet::ChineseGuideline, Self::OxygenSaturation) => "SpO₂ ≤ 93 % at rest",
            (_, Self::Lymphopenia) => "lymphopenia (below the reference interval)",
            (_, Self::RaisedCrp) => "raised CRP (above the reference interval)",
            (_, Self::RaisedDDimer) => "raised D-dimer (above the reference interval)",
            (_, Self::RaisedFerritin) => "raised ferritin (above the reference interval)",
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

    /// The review's threshold.
    pub fn threshold(self) -> Threshold {
        self.threshold_in(CriteriaSet::Review)
    }

    /// The threshold as `set` states it.
    pub fn threshold_in(self, set: CriteriaSet) -> Threshold {
        let strict = set == CriteriaSet::Review;
        let fixed = |comparison, limit, unit| Threshold::Fixed {
            comparison,
            limit,
            unit,
        };
        let (upward, downward) = if strict {
            (Comparison::Above, Comparison::Below)
        } else {
            (Comparison::AtLeast, Comparison::AtMost)
        };
        match self {
            Self::RespiratoryRate => fixed(upward, super::RESPIRATORY_RATE_ABOVE_PER_MIN, "/min"),
            Self::OxygenationIndex => fixed(downward, super::PF_RATIO_BELOW_MMHG, "mm[Hg]"),
            Self::OxygenSaturation => fixed(downward, super::SPO2_BELOW_PERCENT, "%"),
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

    /// Why a value taken under these conditions is not checked against the criterion, if
    /// it is not.
    pub fn leaves_out(
        self,
        set: CriteriaSet,
        activity: Option<Activity>,
        oxygen: Option<Oxygen>,
    ) -> Option<LeftOut> {
        if activity == Some(Activity::OnExertion) {
            return Some(LeftOut::OnExertion);
        }
        let needs_oxygen = set == CriteriaSet::Review && self == Self::OxygenSaturation;
        (needs_oxygen && oxygen == Some(Oxygen::RoomAir)).then_some(LeftOut::OnRoomAir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_on_the_threshold_meets_the_guideline_but_not_the_review() {
        let meets = |set: CriteriaSet, criterion: SevereCriterion, value: f64| {
            let Threshold::Fixed {
                comparison, limit, ..
            } = criterion.threshold_in(set)
            else {
                panic!("fixed threshold");
            };
            comparison.holds(value, limit)
        };
        use CriteriaSet::{ChineseGuideline, Review};
        use SevereCriterion::{OxygenSaturation, OxygenationIndex, RespiratoryRate};
        assert!(meets(ChineseGuideline, RespiratoryRate, 30.0));
        assert!(!meets(Review, RespiratoryRate, 30.0));
        assert!(meets(ChineseGuideline, OxygenSaturation, 93.0));
        assert!(!meets(Review, OxygenSaturation, 93.0));
        assert!(meets(ChineseGuideline, OxygenationIndex, 300.0));
        assert!(!meets(Review, OxygenationIndex, 300.0));
        assert!(meets(Review, OxygenationIndex, 299.0));
        assert!(!meets(ChineseGuideline, OxygenationIndex, 301.0));
    }

    #[test]
    fn exertion_counts_nowhere_and_room_air_only_against_the_review_spo2() {
        use SevereCriterion::{OxygenSaturation, RespiratoryRate};
        for set in CriteriaSet::ALL {
            assert_eq!(
                OxygenSaturation.leaves_out(set, Some(Activity::OnExertion), None),
                Some(LeftOut::OnExertion)
            );
        }
        let room_air = Some(Oxygen::RoomAir);
        assert_eq!(
            OxygenSaturation.leaves_out(CriteriaSet::Review, None, room_air),
            Some(LeftOut::OnRoomAir)
        );
        assert_eq!(
            OxygenSaturation.leaves_out(CriteriaSet::ChineseGuideline, None, room_air),
            None
        );
        assert_eq!(
            RespiratoryRate.leaves_out(CriteriaSet::Review, None, room_air),
            None
        );
    }

    #[test]
    fn both_sets_are_named_and_found_by_id() {
        for set in CriteriaSet::ALL {
            assert_eq!(CriteriaSet::from_id(set.id()), Some(set));
        }
        assert!(CriteriaSet::ChineseGuideline.source().contains("Peng"));
        assert_eq!(CriteriaSet::ChineseGuideline.criteria().len(), 3);
    }
}
