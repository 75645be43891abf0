//! Conditions, Immunizations and laboratory DiagnosticReports as clinical events.
//!
//! A Condition is an event at its onset, lasting to its abatement when that is given; its
//! verification and clinical status are written into its text. A confirmed COVID-19
//! diagnosis (SNOMED CT 840539006, ICD-10 U07.1) is the case's diagnosis event; findings
//! (fever, cough) are symptoms. An Immunization is an event with its product and dose
//! number. A laboratory report is a test-result event naming the results it groups, with
//! its conclusion.

use std::collections::HashMap;

use super::bundle::FhirBundle;
use super::patients::PatientIndex;
use super::shared::normalise_reference;
use super::shared::{is_data, time_of};
use super::types::CodeableConcept;
use super::types::clinical::Condition;
use crate::io::import::batch::Batch;
use crate::io::import::time_parse::time_key;
use crate::model::{ClinicalEvent, EventKind};

/// Codes of a confirmed COVID-19 diagnosis.
const COVID_CODES: &[&str] = &["840539006", "U07.1"];

fn is_covid(code: &CodeableConcept) -> bool {
    let coded = code
        .coding
        .iter()
        .filter_map(|coding| coding.code.as_deref())
        .any(|code| COVID_CODES.contains(&code));
    let words = code.words();
    coded || (words.contains("covid-19") && !words.contains("suspected"))
}

fn status_word(concept: Option<&CodeableConcept>) -> Option<String> {
    concept.and_then(|concept| {
        concept
            .coding
            .iter()
            .find_map(|coding| coding.code.clone())
            .or_else(|| concept.text.clone())
    })
}

/// Symptom for findings (SNOMED CT `(finding)`, category `symptom`), else diagnosis.
fn condition_kind(condition: &Condition, refuted: bool) -> EventKind {
    if refuted {
        return EventKind::Other;
    }
    if is_covid(&condition.code) {
        return EventKind::Diagnosis;
    }
    let finding = condition.code.words().contains("(finding)")
        || condition.category.iter().any(|category| {
            let words = category.words();
            words.contains("symptom") || words.split_whitespace().any(|word| word == "finding")
        });
    if finding {
        EventKind::Symptom
    } else {
        EventKind::Diagnosis
    }
}

pub fn add_conditions(bundle: &FhirBundle, patients: &mut PatientIndex, batch: &mut Batch) {
    for located in &bundle.conditions {
        let condition = &located.resource;
        let location = &located.location;
        let verification = status_word(condition.verification_status.as_ref());
        if verification.as_deref() == Some("entered-in-error") {
            batch.report.reject(
                location.clone(),
                "verificationStatus `entered-in-error`; not imported",
            );
            continue;
        }
        let name = condition
            .code
            .readable()
            .unwrap_or_else(|| "Condition".to_owned());
        let Some(patient) = patients.for_subject(batch, condition.subject.as_ref(), location)
        else {
            continue;
        };
        let onset = condition
            .onset_date_time
            .as_deref()
            .or_else(|| condition.onset_period.as_ref()?.start.as_deref());
        let (time, placed_at_record) = match onset {
            Some(text) => (time_of(Some(text), "onset", location, batch), false),
            None => (
                time_of(
                    condition.recorded_date.as_deref(),
                    "recordedDate",
                    location,
                    batch,
                ),
                true,
            ),
        };
        let Some(time) = time else {
            let why = match &condition.onset_string {
                Some(text) => format!(
                    "`{name}`: onset is given only as text (`onsetString` `{text}`) and there is no `recordedDate`; not imported"
                ),
                None => format!("`{name}` has no onset and no `recordedDate`; not imported"),
            };
            batch.report.reject(location.clone(), why);
            continue;
        };
        let abatement = condition.abatement_date_time.as_deref().or_else(|| {
            let period = condition.abatement_period.as_ref()?;
            period.end.as_deref().or(period.start.as_deref())
        });
        let mut end = time_of(abatement, "abatement", location, batch);
        if let Some(until) = end
            && time_key(&until) < time_key(&time)
        {
            batch.report.reject(
                location.clone(),
                format!("`{name}`: abatement ({until}) is before onset ({time}); the abatement was not imported"),
            );
            end = None;
        }
        let clinical = status_word(condition.clinical_status.as_ref());
        let mut statuses = Vec::new();
        statuses.extend(verification.as_ref().map(|v| format!("verification: {v}")));
        statuses.extend(clinical.map(|c| format!("clinical status: {c}")));
        if placed_at_record {
            statuses.push("onset not stated; placed at the date recorded".to_owned());
        }
        if end.is_none()
            && let Some(text) = &condition.abatement_string
        {
            statuses.push(format!("abatement: {text}"));
        }
        let text = if statuses.is_empty() {
            name
        } else {
            format!("{name} ({})", statuses.join("; "))
        };
        let refuted = verification.as_deref() == Some("refuted");
        if let Some(record) = batch.patients.get_mut(patient) {
            record.events.push(ClinicalEvent {
                time,
                kind: condition_kind(condition, refuted),
                text,
                stated_illness_day: None,
                end,
            });
        }
    }
}

pub fn add_immunizations(bundle: &FhirBundle, patients: &mut PatientIndex, batch: &mut Batch) {
    for located in &bundle.immunizations {
        let given = &located.resource;
        let location = &located.location;
        let product = given
            .vaccine_code
            .readable()
            .unwrap_or_else(|| "vaccine not named".to_owned());
        if let Some(status) = given.status.as_deref().filter(|s| !is_data(Some(*s))) {
            batch.report.reject(
                location.clone(),
                format!("`{product}`: status `{status}`; not imported"),
            );
            continue;
        }
        let Some(patient) = patients.for_field(batch, "patient", given.patient.as_ref(), location)
        else {
            continue;
        };
        let Some(time) = time_of(
            given.occurrence_date_time.as_deref(),
            "occurrenceDateTime",
            location,
            batch,
        ) else {
            let why = match &given.occurrence_string {
                Some(text) => format!(
                    "`{product}`: given only as text (`occurrenceString` `{text}`); not imported"
                ),
                None => format!("`{product}` has no `occurrenceDateTime`; not imported"),
            };
            batch.report.reject(location.clone(), why);
            continue;
        };
        let mut parts = vec![format!("Immunization: {product}")];
        if let Some(protocol) = given.protocol_applied.first()
            && let Some(number) = protocol.dose_number_positive_int
        {
            parts.push(match protocol.series_doses_positive_int {
                Some(total) => format!("dose {number} of {total}"),
                None => format!("dose {number}"),
            });
        }
        if let Some(quantity) = &given.dose_quantity
            && let Some(value) = quantity.value
        {
            let unit = quantity
                .unit
                .clone()
                .or(quantity.code.clone())
                .unwrap_or_default();
            parts.push(format!("{value} {unit}").trim().to_owned());
        }
        parts.extend(given.route.as_ref().and_then(CodeableConcept::readable));
        if let Some(record) = batch.patients.get_mut(patient) {
            record.events.push(ClinicalEvent {
                time,
                kind: EventKind::Immunization,
                text: parts.join(", "),
                stated_illness_day: None,
                end: None,
            });
        }
    }
}

/// Laboratory reports: a test-result event naming the results grouped and the conclusion.
pub fn add_lab_reports(bundle: &FhirBundle, patients: &mut PatientIndex, batch: &mut Batch) {
    let mut observation_names: HashMap<&str, String> = HashMap::new();
    for observation in &bundle.observations {
        let name = observation.resource.code.readable().unwrap_or_default();
        for key in &observation.keys {
            observation_names.insert(key.as_str(), name.clone());
        }
    }
    for located in bundle.reports.iter().filter(|r| !r.resource.is_imaging()) {
        let report = &located.resource;
        let location = &located.location;
        if !is_data(report.status.as_deref()) {
            continue;
        }
        let name = report
            .code
            .readable()
            .unwrap_or_else(|| "Laboratory report".to_owned());
        let mut results = Vec::new();
        for (index, result) in report.result.iter().enumerate() {
            let target = result.reference.as_deref().unwrap_or_default();
            match observation_names.get(normalise_reference(target).as_str()) {
                Some(result_name) => results.push(result_name.clone()),
                None => batch.report.reject(
                    location.clone(),
                    format!("`result[{index}]` `{target}` is not an Observation in the bundle; the report was imported without it"),
                ),
            }
        }
        let conclusion = report.conclusion.clone().or_else(|| {
            let coded: Vec<String> = report
                .conclusion_code
                .iter()
                .filter_map(CodeableConcept::readable)
                .collect();
            (!coded.is_empty()).then(|| coded.join(", "))
        });
        if results.is_empty() && conclusion.is_none() {
            continue;
        }
        let Some(patient) = patients.for_subject(batch, report.subject.as_ref(), location) else {
            continue;
        };
        let effective = report
            .effective_date_time
            .as_deref()
            .or_else(|| report.effective_period.as_ref()?.start.as_deref());
        let Some(time) = time_of(effective, "effective time", location, batch) else {
            batch.report.reject(
                location.clone(),
                format!("`{name}` has no effective time; not imported"),
            );
            continue;
        };
        let mut text = name.clone();
        if !results.is_empty() {
            text.push_str(&format!(
                " ({} result{}: {})",
                results.len(),
                if results.len() == 1 { "" } else { "s" },
                results.join(", ")
            ));
        }
        if let Some(conclusion) = conclusion {
            text.push_str(&format!(". Conclusion: {conclusion}"));
        }
        if let Some(record) = batch.patients.get_mut(patient) {
            record.events.push(ClinicalEvent {
                time,
                kind: EventKind::TestResult,
                text,
                stated_illness_day: None,
                end: None,
            });
        }
    }
}
