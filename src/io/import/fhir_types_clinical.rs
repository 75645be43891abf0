//! The parts of the FHIR R4 clinical resources CaseLens reads beyond observations and
//! encounters: Conditions, Immunizations, MedicationRequests and MedicationStatements, with
//! the dosage instructions they carry. Everything else in a resource is ignored.

use serde::Deserialize;

use super::fhir_types::{CodeableConcept, Period, Quantity, Reference};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    #[serde(default)]
    pub clinical_status: Option<CodeableConcept>,
    #[serde(default)]
    pub verification_status: Option<CodeableConcept>,
    #[serde(default)]
    pub category: Vec<CodeableConcept>,
    #[serde(default)]
    pub code: CodeableConcept,
    #[serde(default)]
    pub subject: Option<Reference>,
    #[serde(default)]
    pub onset_date_time: Option<String>,
    #[serde(default)]
    pub onset_period: Option<Period>,
    #[serde(default)]
    pub onset_string: Option<String>,
    #[serde(default)]
    pub abatement_date_time: Option<String>,
    #[serde(default)]
    pub abatement_period: Option<Period>,
    #[serde(default)]
    pub abatement_string: Option<String>,
    #[serde(default)]
    pub recorded_date: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProtocolApplied {
    #[serde(default)]
    pub dose_number_positive_int: Option<u32>,
    #[serde(default)]
    pub series_doses_positive_int: Option<u32>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Immunization {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub vaccine_code: CodeableConcept,
    #[serde(default)]
    pub patient: Option<Reference>,
    #[serde(default)]
    pub occurrence_date_time: Option<String>,
    #[serde(default)]
    pub occurrence_string: Option<String>,
    #[serde(default)]
    pub dose_quantity: Option<Quantity>,
    #[serde(default)]
    pub route: Option<CodeableConcept>,
    #[serde(default)]
    pub protocol_applied: Vec<ProtocolApplied>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimingRepeat {
    #[serde(default)]
    pub bounds_period: Option<Period>,
    #[serde(default)]
    pub frequency: Option<u32>,
    #[serde(default)]
    pub period: Option<f64>,
    #[serde(default)]
    pub period_unit: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct DosageTiming {
    /// Times the doses were (to be) given.
    #[serde(default)]
    pub event: Vec<String>,
    #[serde(default)]
    pub repeat: Option<TimingRepeat>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DoseAndRate {
    #[serde(default)]
    pub dose_quantity: Option<Quantity>,
}

/// R4 `Dosage` (requests and statements): text, timing, route, dose.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DosageInstruction {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub timing: Option<DosageTiming>,
    #[serde(default)]
    pub route: Option<CodeableConcept>,
    #[serde(default)]
    pub dose_and_rate: Vec<DoseAndRate>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MedicationRequest {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub medication_codeable_concept: Option<CodeableConcept>,
    #[serde(default)]
    pub medication_reference: Option<Reference>,
    #[serde(default)]
    pub subject: Option<Reference>,
    #[serde(default)]
    pub authored_on: Option<String>,
    #[serde(default)]
    pub dosage_instruction: Vec<DosageInstruction>,
    #[serde(default)]
    pub contained: Vec<serde_json::Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MedicationStatement {
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
    pub dosage: Vec<DosageInstruction>,
    #[serde(default)]
    pub contained: Vec<serde_json::Value>,
}
