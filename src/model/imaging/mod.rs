//! Imaging milestones: the chest X-rays and CTs a case is read against (A1–A3, B1–B4 in the
//! reference case), with the reviewer's structured reading (distribution, pattern, change,
//! severity score) and the annotations drawn on each image.
//!
//! Every field added after format version 1 defaults when absent and is left out when empty,
//! so older case files load unchanged. Version 2 added the series a study holds
//! ([`SeriesRef`]) and their key slices.

mod annotation;
mod reading;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use annotation::{Annotation, PixelPoint, Shape};
pub use reading::{
    BRIXIA_ZONE_MAX, CT_LOBE_MAX, Change, Distribution, Laterality, Lobe, Pattern, SeverityScore,
};

use super::case::Case;
use super::time::CaseTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Modality {
    /// Chest radiograph (CR or DX).
    ChestXray,
    Ct,
    Ultrasound,
    Other,
}

impl Modality {
    pub const ALL: [Self; 4] = [Self::ChestXray, Self::Ct, Self::Ultrasound, Self::Other];

    pub fn label(self) -> &'static str {
        match self {
            Self::ChestXray => "Chest X-ray",
            Self::Ct => "CT",
            Self::Ultrasound => "Ultrasound",
            Self::Other => "Imaging",
        }
    }

    /// The label letter a series of this modality gets when the case has none yet; the
    /// reference case's Fig. 2 uses A for the X-rays and B for the CTs.
    fn default_letter(self) -> char {
        match self {
            Self::ChestXray => 'A',
            Self::Ct => 'B',
            Self::Ultrasound => 'U',
            Self::Other => 'M',
        }
    }
}

/// An image file attached to a milestone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageRef {
    /// Relative to the case file's folder, so a case folder can be moved or shared whole.
    pub path: PathBuf,
    #[serde(default)]
    pub caption: Option<String>,
    /// What the reviewer drew on the image, in image pixel coordinates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
}

impl ImageRef {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            caption: None,
            annotations: Vec::new(),
        }
    }
}

/// A CT (or any multi-slice) series a milestone holds: the folder its slices are in and its
/// SeriesInstanceUID, which picks it out when the folder holds several series. Added in
/// format version 2.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesRef {
    /// The folder holding the slices, relative to the case file's folder.
    pub folder: PathBuf,
    /// SeriesInstanceUID (0020,000E).
    pub series_instance_uid: String,
    /// The series' description as its header gives it, for lists when the folder is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The slices the reviewer chose to show the finding, in the order chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_slices: Vec<KeySlice>,
}

/// One axial slice of a series, named by its SOPInstanceUID so that it stays the same slice
/// whatever order the files are listed or sorted in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySlice {
    /// SOPInstanceUID (0008,0018) of the slice's file.
    pub sop_instance_uid: String,
    /// Table position along the slice normal, in mm, as the stack placed it: shown beside
    /// the slice, and used to find it again in a re-exported series whose UIDs changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position_mm: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// What the reviewer drew on this slice, in its pixel coordinates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
}

impl KeySlice {
    pub fn new(sop_instance_uid: impl Into<String>, position_mm: Option<f64>) -> Self {
        Self {
            sop_instance_uid: sop_instance_uid.into(),
            position_mm,
            caption: None,
            annotations: Vec::new(),
        }
    }
}

/// One imaging study placed on the timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagingMilestone {
    /// Unique within the case: `A1`, `B3`.
    pub label: String,
    pub modality: Modality,
    /// When the study was taken; `None` while the source gives no date and the reviewer has
    /// not placed it yet.
    #[serde(default)]
    pub time: Option<CaseTime>,
    #[serde(default)]
    pub images: Vec<ImageRef>,
    /// The series the study holds (a CT's slices), with their key slices; format version 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<SeriesRef>,
    /// The findings as reported.
    #[serde(default)]
    pub findings: String,
    #[serde(default)]
    pub note: Option<String>,
    /// Which side and which lobes are involved.
    #[serde(default, skip_serializing_if = "Distribution::is_empty")]
    pub distribution: Distribution,
    /// What the lesions look like.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<Pattern>,
    /// Against the previous study of the same modality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<SeverityScore>,
}

impl ImagingMilestone {
    /// A new, empty study of this modality.
    pub fn new(label: impl Into<String>, modality: Modality) -> Self {
        Self {
            label: label.into(),
            modality,
            time: None,
            images: Vec::new(),
            series: Vec::new(),
            findings: String::new(),
            note: None,
            distribution: Distribution::default(),
            patterns: Vec::new(),
            change: None,
            severity: None,
        }
    }
}

/// The next free label for a new study of `modality`: the letter the case already uses for
/// that modality (A for chest X-rays, B for CT when it uses none), then one more than the
/// highest number after that letter.
pub fn suggest_label(case: &Case, modality: Modality) -> String {
    let letter = case
        .milestones
        .iter()
        .find(|milestone| milestone.modality == modality)
        .and_then(|milestone| label_parts(&milestone.label).map(|(letter, _)| letter))
        .unwrap_or_else(|| free_letter(case, modality));
    let highest = case
        .milestones
        .iter()
        .filter_map(|milestone| label_parts(&milestone.label))
        .filter(|(used_letter, _)| *used_letter == letter)
        .map(|(_, number)| number)
        .max()
        .unwrap_or(0);
    let mut number = highest.saturating_add(1);
    loop {
        let label = format!("{letter}{number}");
        if !case
            .milestones
            .iter()
            .any(|milestone| milestone.label == label)
        {
            return label;
        }
        number = number.saturating_add(1);
    }
}

/// `B12` → ('B', 12); `B` → ('B', 0); anything else → None.
fn label_parts(label: &str) -> Option<(char, u32)> {
    let label = label.trim();
    let mut chars = label.chars();
    let letter = chars.next().filter(char::is_ascii_uppercase)?;
    let rest = chars.as_str();
    if rest.is_empty() {
        return Some((letter, 0));
    }
    rest.parse().ok().map(|number| (letter, number))
}

/// The modality's default letter unless another modality has taken it; then the first
/// letter no study uses.
fn free_letter(case: &Case, modality: Modality) -> char {
    let taken = |letter: char| {
        case.milestones.iter().any(|milestone| {
            milestone.modality != modality
                && label_parts(&milestone.label).is_some_and(|(used, _)| used == letter)
        })
    };
    let preferred = modality.default_letter();
    if !taken(preferred) {
        return preferred;
    }
    ('A'..='Z')
        .find(|letter| !taken(*letter))
        .unwrap_or(preferred)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case_with(labels: &[(&str, Modality)]) -> Case {
        let text = "(format_version: 1, metadata: (title: \"t\"), patient: ())";
        let mut case: Case = ron::from_str(text).unwrap();
        for (label, modality) in labels {
            case.milestones
                .push(ImagingMilestone::new(*label, *modality));
        }
        case
    }

    #[test]
    fn labels_continue_each_modality_series() {
        let case = case_with(&[
            ("A1", Modality::ChestXray),
            ("A2", Modality::ChestXray),
            ("B1", Modality::Ct),
            ("B3", Modality::Ct),
        ]);
        assert_eq!(suggest_label(&case, Modality::ChestXray), "A3");
        assert_eq!(suggest_label(&case, Modality::Ct), "B4");
        assert_eq!(suggest_label(&case, Modality::Ultrasound), "U1");
    }

    #[test]
    fn an_empty_case_starts_with_a1_and_b1_and_taken_letters_are_skipped() {
        let empty = case_with(&[]);
        assert_eq!(suggest_label(&empty, Modality::ChestXray), "A1");
        assert_eq!(suggest_label(&empty, Modality::Ct), "B1");
        // CTs labelled A: the X-rays must not join their series.
        let ct_as_a = case_with(&[("A1", Modality::Ct)]);
        assert_eq!(suggest_label(&ct_as_a, Modality::Ct), "A2");
        assert_eq!(suggest_label(&ct_as_a, Modality::ChestXray), "B1");
    }

    #[test]
    fn scores_total_and_know_their_range() {
        let mut ct = SeverityScore::zero_for(Modality::Ct).unwrap();
        for (index, part) in ct.parts_mut().into_iter().enumerate() {
            *part = index as u8;
        }
        assert_eq!(ct.total(), 10);
        assert_eq!(ct.max_total(), 25);
        let brixia = SeverityScore::zero_for(Modality::ChestXray).unwrap();
        assert_eq!(brixia.max_total(), 18);
        assert_eq!(SeverityScore::zero_for(Modality::Other), None);
    }
}
