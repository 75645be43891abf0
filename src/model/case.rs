//! The case: everything a case file holds, as plain data.
//!
//! The field order here is the order of a canonical case file (`caselens fmt`), and every
//! field is explained with an example in `docs/case-format.md`.

use serde::{Deserialize, Serialize};

use super::clinical::{ClinicalEvent, EpisodeSpan, Intervention, ReviewerNote};
use super::imaging::ImagingMilestone;
use super::marker::ReferenceInterval;
use super::series::Series;
use super::time::CaseTime;

/// The case-file format this build writes. Files with a smaller number are migrated when
/// loaded; files with a larger one are refused. Version 2 lets a study hold CT series with
/// key slices (`milestones[].series`); an older CaseLens refuses such a file by its version
/// instead of failing on a field it does not know.
pub const CURRENT_FORMAT_VERSION: u32 = 2;

/// One patient's stay, with the reviewer's work on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub format_version: u32,
    pub metadata: CaseMetadata,
    pub patient: Patient,
    #[serde(default)]
    pub anchors: TimeAnchors,
    #[serde(default)]
    pub series: Vec<Series>,
    #[serde(default)]
    pub interventions: Vec<Intervention>,
    #[serde(default)]
    pub events: Vec<ClinicalEvent>,
    #[serde(default)]
    pub milestones: Vec<ImagingMilestone>,
    #[serde(default)]
    pub episodes: Vec<EpisodeSpan>,
    #[serde(default)]
    pub notes: Vec<ReviewerNote>,
    /// The trajectory view as the reviewer arranged it; the default layout when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<super::view::TrajectoryLayout>,
    /// Where playback stops to ask the class; left out of the file when it has no stop.
    #[serde(
        default,
        skip_serializing_if = "super::teaching::TeachingScript::is_empty"
    )]
    pub teaching: super::teaching::TeachingScript,
    /// The reviewer's report prose (introduction, discussion…); left out of the file when unset.
    #[serde(
        default,
        skip_serializing_if = "super::narrative::CaseNarrative::is_unset"
    )]
    pub narrative: super::narrative::CaseNarrative,
}

impl Case {
    /// The imaging study labelled `label` (labels are unique within a case).
    pub fn milestone(&self, label: &str) -> Option<&ImagingMilestone> {
        self.milestones
            .iter()
            .find(|milestone| milestone.label == label)
    }

    /// The imaging study labelled `label`, to change it.
    pub fn milestone_mut(&mut self, label: &str) -> Option<&mut ImagingMilestone> {
        self.milestones
            .iter_mut()
            .find(|milestone| milestone.label == label)
    }

    /// The interval to shade and flag one of this case's series against: the patient's own
    /// where the marker's interval is sex-specific (ferritin, haemoglobin, creatinine…), the
    /// span covering both sexes when the case does not state the sex. Views, reports and
    /// checks go through here so that none of them forgets the patient's sex.
    pub fn reference_interval(&self, series: &Series) -> Option<ReferenceInterval> {
        series.reference_interval_for(self.patient.sex)
    }

    /// Where that interval comes from and whom it is for, to show beside it: `WS/T 405-2012
    /// …; for women`, or `stated in the case`.
    pub fn reference_source(&self, series: &Series) -> Option<String> {
        self.reference_interval(series)?;
        if series.reference.is_some() {
            return Some("stated in the case".to_owned());
        }
        if series
            .custom
            .as_ref()
            .is_some_and(|custom| custom.reference.is_some())
        {
            return Some("stated for this custom marker".to_owned());
        }
        let definition = series.definition()?;
        let whom = match (&definition.interval, self.patient.sex) {
            (super::marker::CatalogInterval::BySex { .. }, Some(Sex::Female)) => "; for women",
            (super::marker::CatalogInterval::BySex { .. }, Some(Sex::Male)) => "; for men",
            (super::marker::CatalogInterval::BySex { .. }, _) => {
                "; the span of both sexes, as the case does not state the sex"
            }
            _ => "",
        };
        Some(format!("{}{whom}", definition.interval_source))
    }
}

/// Where the case comes from and how far its numbers can be trusted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseMetadata {
    pub title: String,
    /// Full citation of the publication or record the case is built from.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub doi: Option<String>,
    /// Licence of the source material, such as `CC BY 4.0`.
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Set when some values are illustrative reconstructions rather than measurements; the
    /// app and every export then say so.
    #[serde(default)]
    pub illustrative: bool,
    /// What is reconstructed and how; required in spirit whenever `illustrative` is set.
    #[serde(default)]
    pub illustrative_note: Option<String>,
}

/// Who the patient is. Only `source_id` identifies them, and only for the reviewer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    /// The identifier the source export gives the patient (an MRN, a table's patient id, a
    /// FHIR identifier), so the reviewer can trace the case back to its record. Shown to the
    /// reviewer; never written into de-identified exports. Left out of the file when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    #[serde(default)]
    pub age_years: Option<u32>,
    #[serde(default)]
    pub sex: Option<Sex>,
    #[serde(default)]
    pub weight_kg: Option<f64>,
    /// Presenting complaint, history and comorbidities, as the source states them.
    #[serde(default)]
    pub summary: Option<String>,
}

impl Patient {
    /// One line such as `Female, 66 years, 65 kg`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(sex) = self.sex {
            parts.push(sex.label().to_owned());
        }
        if let Some(age) = self.age_years {
            parts.push(format!("{age} years"));
        }
        if let Some(weight) = self.weight_kg {
            parts.push(format!("{weight} kg"));
        }
        if parts.is_empty() {
            "Patient details not recorded".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    Female,
    Male,
    Other,
    Unknown,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Self::Female => "Female",
            Self::Male => "Male",
            Self::Other => "Other",
            Self::Unknown => "Sex unknown",
        }
    }
}

/// The reference points that relative days count from. All are optional: a case may know
/// only its admission (hospital days) or nothing but calendar dates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeAnchors {
    /// Illness day 1.
    #[serde(default)]
    pub symptom_onset: Option<CaseTime>,
    /// Hospital day 1.
    #[serde(default)]
    pub admission: Option<CaseTime>,
    #[serde(default)]
    pub discharge: Option<CaseTime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sex_specific_interval_says_whom_it_is_for_and_where_it_comes_from() {
        let text = "(format_version: 2, metadata: (title: \"t\"), patient: (), \
                    series: [(marker: \"ferritin\", samples: [])])";
        let mut case: Case = ron::from_str(text).unwrap();
        let ferritin = case.series[0].clone();
        case.patient.sex = Some(Sex::Female);
        let source = case.reference_source(&ferritin).unwrap();
        assert!(source.ends_with("; for women"), "{source}");
        let definition = ferritin.definition().unwrap();
        assert!(source.starts_with(definition.interval_source), "{source}");
        case.patient.sex = None;
        let source = case.reference_source(&ferritin).unwrap();
        assert!(source.contains("both sexes"), "{source}");
    }
}
