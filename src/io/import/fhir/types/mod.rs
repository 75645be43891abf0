//! The parts of FHIR R4 resources CaseLens reads, as serde types. Everything else in a
//! resource is ignored; fields are optional because real servers and generators leave many
//! of them out: each type is `#[serde(default)]` as a whole, so a field left out reads as
//! empty (None, an empty list) and never fails the resource.

use serde::Deserialize;

pub mod clinical;
pub mod observation;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Bundle {
    #[serde(rename = "resourceType")]
    pub resource_type: Option<String>,
    #[serde(rename = "type")]
    pub bundle_type: Option<String>,
    /// Read one by one (`fhir::parse_fhir`), so one entry of the wrong shape is reported
    /// with its index instead of refusing the whole bundle.
    pub entry: Vec<serde_json::Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Reference {
    pub reference: Option<String>,
    pub display: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Coding {
    pub system: Option<String>,
    pub code: Option<String>,
    pub display: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CodeableConcept {
    pub coding: Vec<Coding>,
    pub text: Option<String>,
}

impl CodeableConcept {
    /// The text a person would read: `text`, else the first coding's display, else its code.
    pub fn readable(&self) -> Option<String> {
        self.text
            .clone()
            .or_else(|| self.coding.iter().find_map(|coding| coding.display.clone()))
            .or_else(|| self.coding.iter().find_map(|coding| coding.code.clone()))
    }

    /// The code of the first coding from `system`.
    pub fn code_in(&self, system: &str) -> Option<&str> {
        self.coding
            .iter()
            .find(|coding| coding.system.as_deref() == Some(system))
            .and_then(|coding| coding.code.as_deref())
    }

    /// Every code and display, lower case, for keyword checks.
    pub fn words(&self) -> String {
        let mut words = self.text.clone().unwrap_or_default();
        for coding in &self.coding {
            for part in [&coding.code, &coding.display].into_iter().flatten() {
                words.push(' ');
                words.push_str(part);
            }
        }
        words.to_lowercase()
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Quantity {
    pub value: Option<f64>,
    pub comparator: Option<String>,
    pub unit: Option<String>,
    pub system: Option<String>,
    pub code: Option<String>,
}

pub const UCUM_SYSTEM: &str = "http://unitsofmeasure.org";
pub const LOINC_SYSTEM: &str = "http://loinc.org";

impl Quantity {
    /// The UCUM code when the quantity gives one, else the unit text.
    pub fn unit_text(&self) -> Option<String> {
        let ucum = self
            .code
            .clone()
            .filter(|_| self.system.as_deref() == Some(UCUM_SYSTEM));
        ucum.or_else(|| self.unit.clone())
            .filter(|unit| !unit.trim().is_empty())
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Period {
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct HumanName {
    pub text: Option<String>,
    pub family: Option<String>,
    pub given: Vec<String>,
}

impl HumanName {
    pub fn readable(&self) -> String {
        self.text.clone().unwrap_or_else(|| {
            let mut parts = self.given.clone();
            parts.extend(self.family.clone());
            parts.join(" ")
        })
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Identifier {
    pub system: Option<String>,
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Patient {
    pub id: Option<String>,
    pub gender: Option<String>,
    pub birth_date: Option<String>,
    pub name: Vec<HumanName>,
    pub identifier: Vec<Identifier>,
    pub deceased_date_time: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Hospitalization {
    pub discharge_disposition: Option<CodeableConcept>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Encounter {
    pub status: Option<String>,
    /// A Coding in R4 (a list of CodeableConcepts only from R5 on).
    pub class: Option<Coding>,
    pub subject: Option<Reference>,
    pub period: Option<Period>,
    pub hospitalization: Option<Hospitalization>,
    #[serde(rename = "type")]
    pub kind: Vec<CodeableConcept>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Dosage {
    pub text: Option<String>,
    pub route: Option<CodeableConcept>,
    pub dose: Option<Quantity>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MedicationAdministration {
    pub status: Option<String>,
    pub medication_codeable_concept: Option<CodeableConcept>,
    pub medication_reference: Option<Reference>,
    pub subject: Option<Reference>,
    pub effective_date_time: Option<String>,
    pub effective_period: Option<Period>,
    pub dosage: Option<Dosage>,
    /// The MedicationRequest this administration carries out.
    pub request: Option<Reference>,
    pub contained: Vec<serde_json::Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Medication {
    pub code: Option<CodeableConcept>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Procedure {
    pub status: Option<String>,
    pub code: CodeableConcept,
    pub subject: Option<Reference>,
    pub performed_date_time: Option<String>,
    pub performed_period: Option<Period>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImagingSeries {
    pub modality: Option<Coding>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ImagingStudy {
    pub status: Option<String>,
    pub subject: Option<Reference>,
    pub started: Option<String>,
    pub modality: Vec<Coding>,
    pub series: Vec<ImagingSeries>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DiagnosticReport {
    pub status: Option<String>,
    pub category: Vec<CodeableConcept>,
    pub code: CodeableConcept,
    pub subject: Option<Reference>,
    pub effective_date_time: Option<String>,
    pub effective_period: Option<Period>,
    pub conclusion: Option<String>,
    pub conclusion_code: Vec<CodeableConcept>,
    pub imaging_study: Vec<Reference>,
    /// The Observations the report groups.
    pub result: Vec<Reference>,
}

impl DiagnosticReport {
    /// Radiology rather than laboratory: category RAD (or a radiology section), or a link
    /// to an ImagingStudy.
    pub fn is_imaging(&self) -> bool {
        !self.imaging_study.is_empty()
            || self.category.iter().any(|category| {
                let words = category.words();
                words
                    .split_whitespace()
                    .any(|word| ["rad", "radiology", "imaging", "ct", "rx", "xr"].contains(&word))
            })
    }
}
