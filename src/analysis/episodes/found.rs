//! What the storm rule found: suggested episodes, each storm day's evidence, and why the rule
//! was silent.

use std::fmt;

use super::rule::StormRule;
use crate::analysis::evidence::{DayIndex, MarkerValue};
use crate::analysis::format::quantity;
use crate::model::EpisodeSpan;

/// An inflammatory marker that met the rise criterion on a storm day.
#[derive(Clone, Debug, PartialEq)]
pub struct Rise {
    pub value: MarkerValue,
    /// The lowest value of the look-back days.
    pub baseline: MarkerValue,
    /// `value / baseline`.
    pub ratio: f64,
}

/// Where a "low" limit of a gate comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitSource {
    /// The lower limit of the series' reference interval (lymphocytes).
    ReferenceInterval,
    /// The review's severe-illness threshold (PaO₂/FiO₂ < 300 mmHg, SpO₂ < 93 %).
    SevereIllnessThreshold,
}

/// Why a lymphocyte or oxygenation value satisfied its gate.
#[derive(Clone, Debug, PartialEq)]
pub enum GateReason {
    /// Below this limit, in the series' unit.
    Below { limit: f64, source: LimitSource },
    /// At least the rule's share below this earlier, better value.
    FallenFrom(MarkerValue),
}

/// A lymphocyte or oxygenation value that satisfied its gate.
#[derive(Clone, Debug, PartialEq)]
pub struct GateEvidence {
    pub value: MarkerValue,
    pub reason: GateReason,
}

impl fmt::Display for GateEvidence {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            GateReason::Below { limit, source } => {
                let limit = quantity(*limit, &self.value.unit);
                let what = match source {
                    LimitSource::ReferenceInterval => "the reference interval",
                    LimitSource::SevereIllnessThreshold => "the severe-illness threshold",
                };
                write!(formatter, "{}, below {what} ({limit})", self.value)
            }
            GateReason::FallenFrom(earlier) => {
                write!(
                    formatter,
                    "{}, down from {}",
                    self.value,
                    earlier.value_text()
                )
            }
        }
    }
}

/// The evidence of one storm day.
#[derive(Clone, Debug, PartialEq)]
pub struct StormDay {
    pub day: DayIndex,
    pub rises: Vec<Rise>,
    /// Inflammatory markers sampled that day with a look-back value to compare with.
    pub assessed_markers: usize,
    pub lymphocytes: GateEvidence,
    /// Every oxygenation marker that satisfied its gate.
    pub oxygenation: Vec<GateEvidence>,
}

/// One suggested episode with its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct SuggestedEpisode {
    /// Ready to push into `case.episodes` when the reviewer accepts it.
    pub episode: EpisodeSpan,
    pub first_day: DayIndex,
    pub last_day: DayIndex,
    /// Share of sampled inflammatory marker-days in the episode that met the rise criterion.
    pub strength: f64,
    /// The storm days, in order (days bridged over a gap are not listed).
    pub days: Vec<StormDay>,
    /// Indices into `case.episodes` of episodes already in the case that overlap this one.
    pub overlaps: Vec<usize>,
}

impl SuggestedEpisode {
    /// Inflammatory marker-days in the episode that met the rise criterion.
    pub fn rising_marker_days(&self) -> usize {
        self.days.iter().map(|day| day.rises.len()).sum()
    }

    /// Inflammatory marker-days in the episode that were sampled with a look-back to compare.
    pub fn assessed_marker_days(&self) -> usize {
        self.days.iter().map(|day| day.assessed_markers).sum()
    }

    /// Whether any value the suggestion rests on is an illustrative reconstruction.
    pub fn rests_on_reconstructed_values(&self) -> bool {
        self.days.iter().any(|day| {
            let gates = std::iter::once(&day.lymphocytes).chain(&day.oxygenation);
            day.rises
                .iter()
                .flat_map(|rise| [&rise.value, &rise.baseline])
                .chain(gates.map(|gate| &gate.value))
                .any(MarkerValue::is_reconstructed)
        })
    }
}

/// Why the rule said nothing about a case.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Silence {
    #[error("needs at least 2 inflammatory markers (neutrophils, CRP, IL-6, D-dimer, ferritin); the case has {}", if present.is_empty() { "none".to_owned() } else { present.join(", ") })]
    TooFewInflammatoryMarkers { present: Vec<String> },
    #[error("needs a lymphocyte count (or lymphocyte %); the case has none")]
    NoLymphocytes,
    #[error("needs an oxygenation marker (PaO₂/FiO₂, PaO₂ or SpO₂); the case has none")]
    NoOxygenation,
}

/// What the rule found in one case.
#[derive(Clone, Debug, PartialEq)]
pub struct StormSuggestions {
    pub rule: StormRule,
    /// Marker ids the rule looked at.
    pub inflammatory_markers: Vec<String>,
    pub lymphocyte_marker: Option<String>,
    pub oxygenation_markers: Vec<String>,
    pub episodes: Vec<SuggestedEpisode>,
    /// Empty when the rule could run.
    pub silent_because: Vec<Silence>,
}
