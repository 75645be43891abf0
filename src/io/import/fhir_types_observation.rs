//! FHIR R4 Observations as serde types: the value in each of its forms, interpretation,
//! reference range and components. Everything else in the resource is ignored.

use serde::Deserialize;

use super::fhir_types::{CodeableConcept, Period, Quantity, Reference};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub code: CodeableConcept,
    #[serde(default)]
    pub subject: Option<Reference>,
    #[serde(default)]
    pub effective_date_time: Option<String>,
    #[serde(default)]
    pub effective_period: Option<Period>,
    #[serde(default)]
    pub effective_instant: Option<String>,
    #[serde(default)]
    pub value_quantity: Option<Quantity>,
    #[serde(default)]
    pub value_string: Option<String>,
    #[serde(default)]
    pub value_codeable_concept: Option<CodeableConcept>,
    #[serde(default)]
    pub value_boolean: Option<bool>,
    #[serde(default)]
    pub value_integer: Option<i64>,
    /// Value types CaseLens does not import, kept only to name them in the report.
    #[serde(default)]
    pub value_range: Option<serde_json::Value>,
    #[serde(default)]
    pub value_ratio: Option<serde_json::Value>,
    #[serde(default)]
    pub value_sampled_data: Option<serde_json::Value>,
    #[serde(default)]
    pub value_period: Option<serde_json::Value>,
    #[serde(default)]
    pub value_date_time: Option<String>,
    #[serde(default)]
    pub value_time: Option<String>,
    #[serde(default)]
    pub data_absent_reason: Option<CodeableConcept>,
    #[serde(default)]
    pub interpretation: Vec<CodeableConcept>,
    #[serde(default)]
    pub reference_range: Vec<ObservationRange>,
    #[serde(default)]
    pub component: Vec<Component>,
}

/// One part of a panel (systolic and diastolic of a blood pressure, the analytes of a blood
/// gas); read as an Observation of its own with the parent's subject, status and time.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    #[serde(default)]
    pub code: CodeableConcept,
    #[serde(default)]
    pub value_quantity: Option<Quantity>,
    #[serde(default)]
    pub value_string: Option<String>,
    #[serde(default)]
    pub value_codeable_concept: Option<CodeableConcept>,
    #[serde(default)]
    pub value_boolean: Option<bool>,
    #[serde(default)]
    pub value_integer: Option<i64>,
    #[serde(default)]
    pub data_absent_reason: Option<CodeableConcept>,
    #[serde(default)]
    pub interpretation: Vec<CodeableConcept>,
    #[serde(default)]
    pub reference_range: Vec<ObservationRange>,
}

/// `Observation.referenceRange`: the source laboratory's interval.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ObservationRange {
    #[serde(default)]
    pub low: Option<Quantity>,
    #[serde(default)]
    pub high: Option<Quantity>,
}

impl Observation {
    /// The components as Observations of their own.
    pub fn split_components(&self) -> Vec<Observation> {
        self.component
            .iter()
            .map(|part| Observation {
                status: self.status.clone(),
                code: part.code.clone(),
                subject: self.subject.clone(),
                effective_date_time: self.effective_date_time.clone(),
                effective_period: self.effective_period.clone(),
                effective_instant: self.effective_instant.clone(),
                value_quantity: part.value_quantity.clone(),
                value_string: part.value_string.clone(),
                value_codeable_concept: part.value_codeable_concept.clone(),
                value_boolean: part.value_boolean,
                value_integer: part.value_integer,
                data_absent_reason: part.data_absent_reason.clone(),
                interpretation: part.interpretation.clone(),
                reference_range: part.reference_range.clone(),
                ..Observation::default()
            })
            .collect()
    }

    /// A panel whose values are all in its components.
    pub fn is_panel(&self) -> bool {
        !self.component.is_empty() && !self.has_value()
    }

    pub fn has_value(&self) -> bool {
        self.value_quantity.is_some()
            || self.value_string.is_some()
            || self.value_codeable_concept.is_some()
            || self.value_boolean.is_some()
            || self.value_integer.is_some()
            || self.unsupported_value().is_some()
    }

    /// The name of a value type CaseLens does not import, when the Observation has one.
    pub fn unsupported_value(&self) -> Option<&'static str> {
        [
            (self.value_range.is_some(), "valueRange"),
            (self.value_ratio.is_some(), "valueRatio"),
            (self.value_sampled_data.is_some(), "valueSampledData"),
            (self.value_period.is_some(), "valuePeriod"),
            (self.value_date_time.is_some(), "valueDateTime"),
            (self.value_time.is_some(), "valueTime"),
        ]
        .into_iter()
        .find_map(|(present, name)| present.then_some(name))
    }

    pub fn effective(&self) -> Option<&str> {
        self.effective_date_time
            .as_deref()
            .or_else(|| self.effective_period.as_ref()?.start.as_deref())
            .or(self.effective_instant.as_deref())
    }
}
