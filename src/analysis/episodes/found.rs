//! What the storm rule found: suggested episodes, each storm day's evidence, and why the rule
//! was silent.

use std::fmt;

use super::rule::StormRule;
use crate::analysis::evidence::{DayIndex, MarkerValue};
use crate::analysis::format::quantity;
use crate::model::{EpisodeSpan, ProvenanceCounts};

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

    /// Every value the suggestion rests on: rises, their baselines and the gates.
    fn evidence(&self) -> impl Iterator<Item = &MarkerValue> {
        self.days.iter().flat_map(|day| {
            let gates = std::iter::once(&day.lymphocytes).chain(&day.oxygenation);
            day.rises
                .iter()
                .flat_map(|rise| [&rise.value, &rise.baseline])
                .chain(gates.map(|gate| &gate.value))
        })
    }

    /// Whether any value the suggestion rests on is an illustrative reconstruction.
    pub fn rests_on_reconstructed_values(&self) -> bool {
        self.evidence().any(MarkerValue::is_reconstructed)
    }

    /// Every value the suggestion rests on, by provenance.
    pub fn evidence_provenance(&self) -> ProvenanceCounts {
        ProvenanceCounts::of(self.evidence().map(|value| value.provenance))
    }

    /// The rising values behind the suggestion, by provenance.
    pub fn rising_provenance(&self) -> ProvenanceCounts {
        ProvenanceCounts::of(
            self.days
                .iter()
                .flat_map(|day| &day.rises)
                .map(|rise| rise.value.provenance),
        )
    }

    /// Whether every rising value is an illustrative reconstruction. Reconstructions are drawn
    /// to follow the publication's description of the storms, so finding the storms in them is
    /// circular: the suggestion then shows that the drawing follows the paper, not that the
    /// patient's values did.
    pub fn is_circular(&self) -> bool {
        let rising = self.rising_provenance();
        rising.total() > 0 && rising.reconstructed == rising.total()
    }

    /// The strength as a reader should take it: a share of rising marker-days with what the
    /// rises rest on, or, when every rise is a reconstruction, no strength at all.
    pub fn strength_text(&self) -> String {
        let rising = self.rising_marker_days();
        let assessed = self.assessed_marker_days();
        if self.is_circular() {
            format!(
                "no evidence strength: all {rising} rising values (of {assessed} sampled marker-days) are illustrative reconstructions drawn to follow the publication, so the match is circular"
            )
        } else {
            format!(
                "strength {:.2}: {rising} of {assessed} sampled marker-days rising (rising values: {})",
                self.strength,
                self.rising_provenance()
            )
        }
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
