//! What was done and what happened: interventions, clinical events, episode spans and the
//! reviewer's notes.

use serde::{Deserialize, Serialize};

use super::time::{CaseTime, TimeSpan};

/// The kinds the trajectory view colours and toggles separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum InterventionKind {
    Antiviral,
    Antibiotic,
    Corticosteroid,
    Immunoglobulin,
    ConvalescentPlasma,
    CellTherapy,
    RespiratorySupport,
    /// Heparins, direct oral anticoagulants and other drugs against thrombosis.
    Anticoagulant,
    Other,
}

impl InterventionKind {
    pub const ALL: [Self; 9] = [
        Self::Antiviral,
        Self::Antibiotic,
        Self::Corticosteroid,
        Self::Immunoglobulin,
        Self::ConvalescentPlasma,
        Self::CellTherapy,
        Self::RespiratorySupport,
        Self::Anticoagulant,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Antiviral => "Antiviral",
            Self::Antibiotic => "Antibiotic",
            Self::Corticosteroid => "Corticosteroid",
            Self::Immunoglobulin => "Immunoglobulin",
            Self::ConvalescentPlasma => "Convalescent plasma",
            Self::CellTherapy => "Cell therapy",
            Self::RespiratorySupport => "Respiratory support",
            Self::Anticoagulant => "Anticoagulant",
            Self::Other => "Other",
        }
    }
}

/// When an intervention was given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Timing {
    /// One dose: `Single(Date("2020-02-24"))`.
    Single(CaseTime),
    /// Separate doses: `Doses([Date("2020-02-20"), Date("2020-02-21")])`.
    Doses(Vec<CaseTime>),
    /// A continuous course. An open end means "still running when the record stops".
    Course {
        start: CaseTime,
        #[serde(default)]
        end: Option<CaseTime>,
    },
    /// The source says it was given but not when; `note` says what is known.
    Undated { note: String },
}

impl Timing {
    /// The first time the intervention is known to have been given.
    pub fn first_time(&self) -> Option<CaseTime> {
        match self {
            Self::Single(time) => Some(*time),
            Self::Doses(times) => times.first().copied(),
            Self::Course { start, .. } => Some(*start),
            Self::Undated { .. } => None,
        }
    }

    /// Every stated time: each dose, or a course's start and end.
    pub fn stated_times(&self) -> Vec<CaseTime> {
        match self {
            Self::Single(time) => vec![*time],
            Self::Doses(times) => times.clone(),
            Self::Course { start, end } => std::iter::once(*start).chain(*end).collect(),
            Self::Undated { .. } => Vec::new(),
        }
    }
}

/// A treatment or supportive measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intervention {
    pub kind: InterventionKind,
    pub name: String,
    /// Dose as the source states it, units included: `200 mL`, `1 × 10⁶ cells/kg`.
    #[serde(default)]
    pub dose: Option<String>,
    /// Route of administration: `IV`, `oral`, `inhaled`.
    #[serde(default)]
    pub route: Option<String>,
    pub timing: Timing,
    /// Set when the dates are the reviewer's reconstruction rather than the source's.
    #[serde(default)]
    pub dates_reconstructed: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    Symptom,
    Examination,
    TestResult,
    Diagnosis,
    Transfer,
    Discharge,
    Death,
    /// A vaccine given, with its product.
    Immunization,
    Other,
}

impl EventKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Symptom => "Symptom",
            Self::Examination => "Examination",
            Self::TestResult => "Test result",
            Self::Diagnosis => "Diagnosis",
            Self::Transfer => "Transfer",
            Self::Discharge => "Discharge",
            Self::Death => "Death",
            Self::Immunization => "Immunization",
            Self::Other => "Event",
        }
    }
}

/// Something that happened at one time (a test result, a transfer, discharge), or over a
/// span when `end` is given (a condition from its onset to its abatement).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClinicalEvent {
    pub time: CaseTime,
    pub kind: EventKind,
    pub text: String,
    /// The illness day the source gives for this event, kept so that a disagreement with
    /// the dates can be shown.
    #[serde(default)]
    pub stated_illness_day: Option<i32>,
    /// When it ended, for an event that lasted (a condition's abatement); left out of the
    /// file when unset, so files written before it existed load unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<CaseTime>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EpisodeKind {
    CytokineStorm,
    Deterioration,
    Recovery,
    Other,
}

/// Who drew an episode span.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EpisodeOrigin {
    /// As the publication describes it.
    Publication,
    /// Marked by the reviewer.
    #[default]
    Reviewer,
}

/// A labelled stretch of the stay, such as the first cytokine storm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpisodeSpan {
    pub label: String,
    pub kind: EpisodeKind,
    pub span: TimeSpan,
    #[serde(default)]
    pub origin: EpisodeOrigin,
    /// Illness days as the source states them (first, last), kept to surface disagreement.
    #[serde(default)]
    pub stated_illness_days: Option<(i32, i32)>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoteKind {
    #[default]
    Comment,
    /// The source contradicts itself here; the note says how, and the case does not
    /// silently pick one side.
    SourceInconsistency,
    /// The text the case was built from lost something of the source (an exponent, a
    /// symbol) in its rendering: the publication itself is not at fault, but the number
    /// needs checking against it.
    RenderingLoss,
}

/// Where a note is pinned.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum NoteTarget {
    /// The whole case.
    #[default]
    Case,
    /// A point on the timeline.
    Time(CaseTime),
    /// One marker at one time (a sample on its plot).
    Sample { marker: String, time: CaseTime },
    /// An imaging milestone, by label.
    Milestone(String),
}

/// A reviewer's comment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewerNote {
    #[serde(default)]
    pub kind: NoteKind,
    #[serde(default)]
    pub target: NoteTarget,
    pub text: String,
    #[serde(default)]
    pub author: Option<String>,
}
