//! Imaging milestones: the chest X-rays and CTs a case is read against (A1–A3, B1–B4 in the
//! reference case).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::time::CaseTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Modality {
    /// Chest radiograph (CR or DX).
    ChestXray,
    Ct,
    Ultrasound,
    Other,
}

impl Modality {
    pub fn label(self) -> &'static str {
        match self {
            Self::ChestXray => "Chest X-ray",
            Self::Ct => "CT",
            Self::Ultrasound => "Ultrasound",
            Self::Other => "Imaging",
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
    /// The findings as reported.
    #[serde(default)]
    pub findings: String,
    #[serde(default)]
    pub note: Option<String>,
}
