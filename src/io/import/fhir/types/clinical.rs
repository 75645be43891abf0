//! The parts of the FHIR R4 clinical resources CaseLens reads beyond observations and
//! encounters: Conditions, Immunizations, MedicationRequests and MedicationStatements, with
//! the dosage instructions they carry. Everything else in a resource is ignored.

use serde::Deserialize;

use super::{CodeableConcept, Period, Quantity, Reference};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Condition {
    pub clinical_status: Option<CodeableConcept>,
    pub verification_status: Option<CodeableConcept>,
    pub category: Vec<CodeableConcept>,
    pub code: CodeableConcept,
    pub subject: Option<Reference>,
    pub onset_date_time: Option<String>,
    pub onset_period: Option<Period>,
    pub onset_string: Option<String>,
    pub abatement_date_time: Option<String>,
    pub abatement_period: Option<Period>,
    pub abatement_string: Option<String>,
    pub recorded_date: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ProtocolApplied {
    pub dose_number_positive_int: Option<u32>,
    pub series_doses_positive_int: Option<u32>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Immunization {
    pub status: Option<String>,
    pub vaccine_code: CodeableConcept,
    pub patient: Option<Reference>,
    pub occurrence_date_time: Option<String>,
    pub occurrence_string: Option<String>,
    pub dose_quantity: Option<Quantity>,
    pub route: Option<CodeableConcept>,
    pub protocol_applied: Vec<ProtocolApplied>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TimingRepeat {
    pub bounds_period: Option<Period>,
    pub frequency: Option<u32>,
    pub period: Option<f64>,
    pub period_unit: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct DosageTiming {
    /// Times the doses were (to be) given.
    pub event: Vec<String>,
    pub repeat: Option<TimingRepeat>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DoseAndRate {
    pub dose_quantity: Option<Quantity>,
}

/// R4 `Dosage` (requests and statements): text, timing, route, dose.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DosageInstruction {
    pub text: Option<String>,
    pub timing: Option<DosageTiming>,
    pub route: Option<CodeableConcept>,
    pub dose_and_rate: Vec<DoseAndRate>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MedicationRequest {
    pub status: Option<String>,
    pub medication_codeable_concept: Option<CodeableConcept>,
    pub medication_reference: Option<Reference>,
    pub subject: Option<Reference>,
    pub authored_on: Option<String>,
    pub dosage_instruction: Vec<DosageInstruction>,
    pub contained: Vec<serde_json::Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MedicationStatement {
    pub status: Option<String>,
    pub medication_codeable_concept: Option<CodeableConcept>,
    pub medication_reference: Option<Reference>,
    pub subject: Option<Reference>,
    pub effective_date_time: Option<String>,
    pub effective_period: Option<Period>,
    pub dosage: Vec<DosageInstruction>,
    pub contained: Vec<serde_json::Value>,
}
