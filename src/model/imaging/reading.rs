//! The reviewer's structured reading of a study: distribution (side, lobes), pattern,
//! change against the previous study, and the severity scores (CT 0–25, Brixia 0–18).

use serde::{Deserialize, Serialize};

use super::Modality;

/// Which side and lobes the lesions involve.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub laterality: Option<Laterality>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lobes: Vec<Lobe>,
}

impl Distribution {
    pub fn is_empty(&self) -> bool {
        self.laterality.is_none() && self.lobes.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Laterality {
    /// Unilateral, right lung.
    Right,
    /// Unilateral, left lung.
    Left,
    Bilateral,
}

impl Laterality {
    pub const ALL: [Self; 3] = [Self::Right, Self::Left, Self::Bilateral];

    pub fn label(self) -> &'static str {
        match self {
            Self::Right => "Unilateral, right",
            Self::Left => "Unilateral, left",
            Self::Bilateral => "Bilateral",
        }
    }
}

/// The five lung lobes, in the order the CT severity score lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lobe {
    RightUpper,
    RightMiddle,
    RightLower,
    LeftUpper,
    LeftLower,
}

impl Lobe {
    pub const ALL: [Self; 5] = [
        Self::RightUpper,
        Self::RightMiddle,
        Self::RightLower,
        Self::LeftUpper,
        Self::LeftLower,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::RightUpper => "Right upper lobe",
            Self::RightMiddle => "Right middle lobe",
            Self::RightLower => "Right lower lobe",
            Self::LeftUpper => "Left upper lobe",
            Self::LeftLower => "Left lower lobe",
        }
    }

    pub fn abbreviation(self) -> &'static str {
        match self {
            Self::RightUpper => "RUL",
            Self::RightMiddle => "RML",
            Self::RightLower => "RLL",
            Self::LeftUpper => "LUL",
            Self::LeftLower => "LLL",
        }
    }

    pub fn is_right(self) -> bool {
        matches!(
            self,
            Self::RightUpper | Self::RightMiddle | Self::RightLower
        )
    }
}

/// What the lesions look like, in the words radiology reports of COVID-19 use.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pattern {
    GroundGlassOpacity,
    Consolidation,
    /// Ground glass with thickened septa.
    CrazyPaving,
    /// The umbrella term of the reference case's reports.
    ExudativeLesions,
    InterstitialThickening,
    Reticulation,
    AirBronchogram,
    /// Fibrous stripes.
    Fibrosis,
    PleuralEffusion,
    /// Anything else, in the reviewer's words.
    Other(String),
}

impl Pattern {
    /// The named patterns, for pick lists.
    pub const NAMED: [Self; 9] = [
        Self::GroundGlassOpacity,
        Self::Consolidation,
        Self::CrazyPaving,
        Self::ExudativeLesions,
        Self::InterstitialThickening,
        Self::Reticulation,
        Self::AirBronchogram,
        Self::Fibrosis,
        Self::PleuralEffusion,
    ];

    pub fn label(&self) -> &str {
        match self {
            Self::GroundGlassOpacity => "Ground-glass opacity",
            Self::Consolidation => "Consolidation",
            Self::CrazyPaving => "Crazy paving",
            Self::ExudativeLesions => "Exudative lesions",
            Self::InterstitialThickening => "Interstitial thickening",
            Self::Reticulation => "Reticulation",
            Self::AirBronchogram => "Air bronchogram",
            Self::Fibrosis => "Fibrous stripes",
            Self::PleuralEffusion => "Pleural effusion",
            Self::Other(text) => text,
        }
    }
}

/// A study read against the previous study of the same modality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Change {
    Improved,
    Stable,
    Worse,
}

impl Change {
    pub const ALL: [Self; 3] = [Self::Improved, Self::Stable, Self::Worse];

    pub fn label(self) -> &'static str {
        match self {
            Self::Improved => "Improved",
            Self::Stable => "Stable",
            Self::Worse => "Worse",
        }
    }
}

/// The highest extent score of one lobe in [`SeverityScore::CtLobes`].
pub const CT_LOBE_MAX: u8 = 5;
/// The highest score of one zone in [`SeverityScore::Brixia`].
pub const BRIXIA_ZONE_MAX: u8 = 3;

/// A semi-quantitative severity score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeverityScore {
    /// CT: each lobe 0–5 by the extent of involvement (0 none, 1 < 5 %, 2 5–25 %,
    /// 3 26–49 %, 4 50–75 %, 5 > 75 %), total 0–25 (Pan et al., Radiology 2020).
    CtLobes {
        right_upper: u8,
        right_middle: u8,
        right_lower: u8,
        left_upper: u8,
        left_lower: u8,
    },
    /// Chest X-ray: the Brixia score, six zones (upper, middle, lower on each side; A–C
    /// right, D–F left) each 0–3, total 0–18 (Borghesi and Maroldi, Radiol Med 2020).
    Brixia {
        right_upper: u8,
        right_middle: u8,
        right_lower: u8,
        left_upper: u8,
        left_middle: u8,
        left_lower: u8,
    },
}

impl SeverityScore {
    /// An all-zero score of the kind that fits the modality, if one does.
    pub fn zero_for(modality: Modality) -> Option<Self> {
        match modality {
            Modality::Ct => Some(Self::CtLobes {
                right_upper: 0,
                right_middle: 0,
                right_lower: 0,
                left_upper: 0,
                left_lower: 0,
            }),
            Modality::ChestXray => Some(Self::Brixia {
                right_upper: 0,
                right_middle: 0,
                right_lower: 0,
                left_upper: 0,
                left_middle: 0,
                left_lower: 0,
            }),
            Modality::Ultrasound | Modality::Other => None,
        }
    }

    /// The region scores with their names, in file order.
    pub fn parts(&self) -> Vec<(&'static str, u8)> {
        match *self {
            Self::CtLobes {
                right_upper,
                right_middle,
                right_lower,
                left_upper,
                left_lower,
            } => vec![
                ("right_upper", right_upper),
                ("right_middle", right_middle),
                ("right_lower", right_lower),
                ("left_upper", left_upper),
                ("left_lower", left_lower),
            ],
            Self::Brixia {
                right_upper,
                right_middle,
                right_lower,
                left_upper,
                left_middle,
                left_lower,
            } => vec![
                ("right_upper", right_upper),
                ("right_middle", right_middle),
                ("right_lower", right_lower),
                ("left_upper", left_upper),
                ("left_middle", left_middle),
                ("left_lower", left_lower),
            ],
        }
    }

    /// Mutable access to the region scores, in the order of [`Self::parts`].
    pub fn parts_mut(&mut self) -> Vec<&mut u8> {
        match self {
            Self::CtLobes {
                right_upper,
                right_middle,
                right_lower,
                left_upper,
                left_lower,
            } => vec![
                right_upper,
                right_middle,
                right_lower,
                left_upper,
                left_lower,
            ],
            Self::Brixia {
                right_upper,
                right_middle,
                right_lower,
                left_upper,
                left_middle,
                left_lower,
            } => vec![
                right_upper,
                right_middle,
                right_lower,
                left_upper,
                left_middle,
                left_lower,
            ],
        }
    }

    /// The highest score one region may have.
    pub fn part_max(&self) -> u8 {
        match self {
            Self::CtLobes { .. } => CT_LOBE_MAX,
            Self::Brixia { .. } => BRIXIA_ZONE_MAX,
        }
    }

    /// The sum of the region scores (unclamped: validation reports out-of-range parts).
    pub fn total(&self) -> u32 {
        self.parts()
            .iter()
            .map(|(_, value)| u32::from(*value))
            .sum()
    }

    /// The highest total the score can reach: 25 for CT, 18 for Brixia.
    pub fn max_total(&self) -> u32 {
        u32::from(self.part_max()) * self.parts().len() as u32
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::CtLobes { .. } => "CT severity score",
            Self::Brixia { .. } => "Brixia score",
        }
    }

    /// The modality the score is defined for.
    pub fn modality(&self) -> Modality {
        match self {
            Self::CtLobes { .. } => Modality::Ct,
            Self::Brixia { .. } => Modality::ChestXray,
        }
    }
}
