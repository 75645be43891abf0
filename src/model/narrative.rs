//! The reviewer's own prose for a structured case report: the CARE sections that no data
//! field can fill (abstract, introduction, discussion, take-away lessons, patient perspective,
//! informed consent).
//!
//! Every field is optional so that case files written before these sections existed still
//! load, and an empty narrative is left out of the file entirely.

use serde::{Deserialize, Serialize};

/// Free-text report sections written by the reviewer in the Report view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseNarrative {
    /// CARE item 3: what the case adds, in a paragraph.
    #[serde(rename = "abstract", default, skip_serializing_if = "Option::is_none")]
    pub abstract_text: Option<String>,
    /// CARE item 4: short background, with references.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduction: Option<String>,
    /// CARE item 11: strengths, limitations, literature, rationale for the conclusions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discussion: Option<String>,
    /// CARE item 11: the main take-away lessons, one per line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub take_away_lessons: Option<String>,
    /// CARE item 12: the patient's own view, where shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_perspective: Option<String>,
    /// CARE item 13: whether and how the patient gave informed consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informed_consent: Option<String>,
}

/// One narrative section, for code that walks all of them (the editor, the checklist).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NarrativeSection {
    Abstract,
    Introduction,
    Discussion,
    TakeAwayLessons,
    PatientPerspective,
    InformedConsent,
}

impl NarrativeSection {
    pub const ALL: [Self; 6] = [
        Self::Abstract,
        Self::Introduction,
        Self::Discussion,
        Self::TakeAwayLessons,
        Self::PatientPerspective,
        Self::InformedConsent,
    ];

    /// The number of the CARE checklist item the section fills.
    pub fn care_item(self) -> u8 {
        match self {
            Self::Abstract => 3,
            Self::Introduction => 4,
            Self::Discussion | Self::TakeAwayLessons => 11,
            Self::PatientPerspective => 12,
            Self::InformedConsent => 13,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Abstract => "Abstract",
            Self::Introduction => "Introduction",
            Self::Discussion => "Discussion",
            Self::TakeAwayLessons => "Take-away lessons",
            Self::PatientPerspective => "Patient perspective",
            Self::InformedConsent => "Informed consent",
        }
    }
}

impl CaseNarrative {
    /// True when no section has been written; such a narrative is not saved.
    pub fn is_empty(&self) -> bool {
        NarrativeSection::ALL
            .iter()
            .all(|section| self.text(*section).is_none())
    }

    /// True when no section holds anything, not even blank text; only such a narrative is
    /// left out of the file, so a narrative loaded from a file is saved back as it was.
    pub fn is_unset(&self) -> bool {
        NarrativeSection::ALL
            .iter()
            .all(|section| self.slot(*section).is_none())
    }

    /// The text of a section, ignoring sections that hold only white space.
    pub fn text(&self, section: NarrativeSection) -> Option<&str> {
        self.slot(section)
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
    }

    /// The stored value of a section, for editing.
    pub fn slot(&self, section: NarrativeSection) -> &Option<String> {
        match section {
            NarrativeSection::Abstract => &self.abstract_text,
            NarrativeSection::Introduction => &self.introduction,
            NarrativeSection::Discussion => &self.discussion,
            NarrativeSection::TakeAwayLessons => &self.take_away_lessons,
            NarrativeSection::PatientPerspective => &self.patient_perspective,
            NarrativeSection::InformedConsent => &self.informed_consent,
        }
    }

    /// Sets a section; blank text clears it so the file stays free of empty strings.
    pub fn set(&mut self, section: NarrativeSection, text: &str) {
        let value = (!text.trim().is_empty()).then(|| text.to_owned());
        *self.slot_mut(section) = value;
    }

    fn slot_mut(&mut self, section: NarrativeSection) -> &mut Option<String> {
        match section {
            NarrativeSection::Abstract => &mut self.abstract_text,
            NarrativeSection::Introduction => &mut self.introduction,
            NarrativeSection::Discussion => &mut self.discussion,
            NarrativeSection::TakeAwayLessons => &mut self.take_away_lessons,
            NarrativeSection::PatientPerspective => &mut self.patient_perspective,
            NarrativeSection::InformedConsent => &mut self.informed_consent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_clears_a_section_and_the_narrative_reads_as_empty() {
        let mut narrative = CaseNarrative::default();
        narrative.set(NarrativeSection::Discussion, "Plasma came late.");
        assert_eq!(
            narrative.text(NarrativeSection::Discussion),
            Some("Plasma came late.")
        );
        assert!(!narrative.is_empty());
        narrative.set(NarrativeSection::Discussion, "   \n");
        assert_eq!(narrative.discussion, None);
        assert!(narrative.is_empty());
    }

    #[test]
    fn abstract_is_written_under_its_plain_name() {
        let mut narrative = CaseNarrative::default();
        narrative.set(NarrativeSection::Abstract, "What the case adds.");
        let text = ron::to_string(&narrative).unwrap_or_default();
        assert!(text.contains("abstract:"), "{text}");
        let back: CaseNarrative = ron::from_str(&text).unwrap_or_default();
        assert_eq!(back, narrative);
    }
}
