//! FHIR R4 Observations as serde types: the value in each of its forms, interpretation,
//! reference range and components. Everything else in the resource is ignored.

use serde::Deserialize;

use super::{CodeableConcept, Period, Quantity, Reference};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Observation {
    pub status: Option<String>,
    pub code: CodeableConcept,
    pub subject: Option<Reference>,
    pub effective_date_time: Option<String>,
    pub effective_period: Option<Period>,
    pub effective_instant: Option<String>,
    pub value_quantity: Option<Quantity>,
    pub value_string: Option<String>,
    pub value_codeable_concept: Option<CodeableConcept>,
    pub value_boolean: Option<bool>,
    pub value_integer: Option<i64>,
    /// Value types CaseLens does not import, kept only to name them in the report.
    pub value_range: Option<serde_json::Value>,
    pub value_ratio: Option<serde_json::Value>,
    pub value_sampled_data: Option<serde_json::Value>,
    pub value_period: Option<serde_json::Value>,
    pub value_date_time: Option<String>,
    pub value_time: Option<String>,
    pub data_absent_reason: Option<CodeableConcept>,
    pub interpretation: Vec<CodeableConcept>,
    pub reference_range: Vec<ObservationRange>,
    pub component: Vec<Component>,
}

/// One part of a panel (systolic and diastolic of a blood pressure, the analytes of a blood
/// gas); read as an Observation of its own with the parent's subject, status and time.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Component {
    pub code: CodeableConcept,
    pub value_quantity: Option<Quantity>,
    pub value_string: Option<String>,
    pub value_codeable_concept: Option<CodeableConcept>,
    pub value_boolean: Option<bool>,
    pub value_integer: Option<i64>,
    pub data_absent_reason: Option<CodeableConcept>,
    pub interpretation: Vec<CodeableConcept>,
    pub reference_range: Vec<ObservationRange>,
}

/// `Observation.referenceRange`: the source laboratory's interval.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ObservationRange {
    pub low: Option<Quantity>,
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
