//! The parts of FHIR R4 resources CaseLens reads, as serde types. Everything else in a
//! resource is ignored; fields are optional because real servers and generators leave many
//! of them out.

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct Bundle {
    #[serde(rename = "resourceType", default)]
    pub resource_type: Option<String>,
    #[serde(rename = "type", default)]
    pub bundle_type: Option<String>,
    /// Read one by one (`fhir::parse_fhir`), so one entry of the wrong shape is reported
    /// with its index instead of refusing the whole bundle.
    #[serde(default)]
    pub entry: Vec<serde_json::Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Reference {
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub display: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Coding {
    #[serde(default)]
    pub system: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub display: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct CodeableConcept {
    #[serde(default)]
    pub coding: Vec<Coding>,
    #[serde(default)]
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
pub struct Quantity {
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub comparator: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub system: Option<String>,
    #[serde(default)]
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
pub struct Period {
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct HumanName {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
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
pub struct Identifier {
    #[serde(default)]
    pub system: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub birth_date: Option<String>,
    #[serde(default)]
    pub name: Vec<HumanName>,
    #[serde(default)]
    pub identifier: Vec<Identifier>,
    #[serde(default)]
    pub deceased_date_time: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hospitalization {
    #[serde(default)]
    pub discharge_disposition: Option<CodeableConcept>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Encounter {
    #[serde(default)]
    pub status: Option<String>,
    /// A Coding in R4 (a list of CodeableConcepts only from R5 on).
    #[serde(default)]
    pub class: Option<Coding>,
    #[serde(default)]
    pub subject: Option<Reference>,
    #[serde(default)]
    pub period: Option<Period>,
    #[serde(default)]
    pub hospitalization: Option<Hospitalization>,
    #[serde(default, rename = "type")]
    pub kind: Vec<CodeableConcept>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Dosage {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub route: Option<CodeableConcept>,
    #[serde(default)]
    pub dose: Option<Quantity>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MedicationAdministration {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub medication_codeable_concept: Option<CodeableConcept>,
    #[serde(default)]
    pub medication_reference: Option<Reference>,
    #[serde(default)]
    pub subject: Option<Reference>,
    #[serde(default)]
    pub effective_date_time: Option<String>,
    #[serde(default)]
    pub effective_period: Option<Period>,
    #[serde(default)]
    pub dosage: Option<Dosage>,
    /// The MedicationRequest this administration carries out.
    #[serde(default)]
    pub request: Option<Reference>,
    #[serde(default)]
    pub contained: Vec<serde_json::Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Medication {
    #[serde(default)]
    pub code: Option<CodeableConcept>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Procedure {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub code: CodeableConcept,
    #[serde(default)]
    pub subject: Option<Reference>,
    #[serde(default)]
    pub performed_date_time: Option<String>,
    #[serde(default)]
    pub performed_period: Option<Period>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ImagingSeries {
    #[serde(default)]
    pub modality: Option<Coding>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImagingStudy {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub subject: Option<Reference>,
    #[serde(default)]
    pub started: Option<String>,
    #[serde(default)]
    pub modality: Vec<Coding>,
    #[serde(default)]
    pub series: Vec<ImagingSeries>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticReport {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub category: Vec<CodeableConcept>,
    #[serde(default)]
    pub code: CodeableConcept,
    #[serde(default)]
    pub subject: Option<Reference>,
    #[serde(default)]
    pub effective_date_time: Option<String>,
    #[serde(default)]
    pub effective_period: Option<Period>,
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub conclusion_code: Vec<CodeableConcept>,
    #[serde(default)]
    pub imaging_study: Vec<Reference>,
    /// The Observations the report groups.
    #[serde(default)]
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
