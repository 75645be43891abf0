//! Observations from FHIR: numeric results become samples of the marker their LOINC code
//! names (through the catalog, then [`super::codes`]), with the source's flag
//! (`interpretation`) and reference range kept; coded, text and yes/no results (`Detected`,
//! `Positive`) become test-result events; a missing value is reported with its
//! `dataAbsentReason`. Panels (blood pressure, blood gases) arrive split into their components
//! by [`crate::io::import::fhir`].

use std::collections::HashMap;

use super::bundle::FhirBundle;
use super::codes::{
    BODY_WEIGHT_LOINC, CodeTarget, interpretation_flag, interpretation_words, target_for_code,
};
use super::observation_values::{numeric_value, set_weights, source_range};
use super::patients::PatientIndex;
use super::shared::is_data;
use super::types::observation::Observation;
use super::types::{CodeableConcept, LOINC_SYSTEM};
use crate::io::import::ImportError;
use crate::io::import::batch::{Batch, MarkerSource, RawValue};
use crate::io::import::headers::marker_for_name;
use crate::io::import::mapping::{
    ColumnRole, EntryKind, ImportMapping, MappingEntry, MappingOverride, MarkerTarget, MatchedBy,
};
use crate::io::import::time_parse::parse_time_text;
use crate::io::import::values::{CellReading, read_value_text};
use crate::model::marker::find_marker;
use crate::model::{CaseTime, ClinicalEvent, EventKind};

/// What an Observation holds.
enum Holds<'a> {
    /// A number, for a series.
    Number,
    /// A coded, text or yes/no result, for a test-result event.
    Finding(String),
    /// A panel whose values are in its components.
    Panel,
    /// A value type CaseLens does not import, by its FHIR name.
    Unsupported(&'static str),
    /// No value; the reason when the source gives one.
    Absent(Option<&'a CodeableConcept>),
}

fn holds(observation: &Observation) -> Holds<'_> {
    if observation.is_panel() {
        return Holds::Panel;
    }
    if observation.value_quantity.is_some() || observation.value_integer.is_some() {
        return Holds::Number;
    }
    if let Some(text) = &observation.value_string {
        return match read_value_text(text, false) {
            CellReading::Value(_) => Holds::Number,
            _ => Holds::Finding(text.trim().to_owned()),
        };
    }
    if let Some(concept) = &observation.value_codeable_concept {
        return Holds::Finding(concept.readable().unwrap_or_else(|| "(uncoded)".to_owned()));
    }
    if let Some(yes) = observation.value_boolean {
        return Holds::Finding(if yes { "yes" } else { "no" }.to_owned());
    }
    if let Some(kind) = observation.unsupported_value() {
        return Holds::Unsupported(kind);
    }
    Holds::Absent(observation.data_absent_reason.as_ref())
}

/// The mapping of numeric Observation codes to markers, with `overrides` applied.
pub fn detect_observation_mapping(
    bundle: &FhirBundle,
    overrides: &[MappingOverride],
) -> Result<ImportMapping, ImportError> {
    let mut mapping = ImportMapping::default();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for observation in bundle
        .observations
        .iter()
        .filter(|o| is_data(o.resource.status.as_deref()))
        .filter(|o| matches!(holds(&o.resource), Holds::Number))
    {
        let Some((key, label)) = observation_key(&observation.resource.code) else {
            continue;
        };
        if let Some(entry) = index_of.get(&key).and_then(|i| mapping.entries.get_mut(*i)) {
            entry.values += 1;
            continue;
        }
        let (role, matched_by) = observation_marker(&observation.resource.code);
        index_of.insert(key.clone(), mapping.entries.len());
        mapping.entries.push(MappingEntry {
            key,
            label,
            kind: EntryKind::FhirCode,
            role,
            unit: observation
                .resource
                .value_quantity
                .as_ref()
                .and_then(|quantity| quantity.unit_text()),
            matched_by,
            values: 1,
        });
    }
    for change in overrides {
        if !mapping.set_role(&change.key, change.role.clone()) {
            return Err(ImportError::UnknownMappingKey {
                origin: bundle.origin.clone(),
                key: change.key.clone(),
                keys: mapping
                    .entries
                    .iter()
                    .map(|entry| entry.key.clone())
                    .collect(),
            });
        }
    }
    Ok(mapping)
}

/// The key and label of an Observation code: its first LOINC code when there is one.
fn observation_key(code: &CodeableConcept) -> Option<(String, String)> {
    let readable = code.readable();
    if let Some(loinc) = code.code_in(LOINC_SYSTEM) {
        let label = match &readable {
            Some(text) if text != loinc => format!("LOINC {loinc} `{text}`"),
            _ => format!("LOINC {loinc}"),
        };
        return Some((loinc.to_owned(), label));
    }
    let coded = code.coding.iter().find_map(|coding| coding.code.clone());
    let key = coded.or_else(|| readable.clone())?;
    let label = match readable {
        Some(text) if text != key => format!("code {key} `{text}`"),
        _ => format!("`{key}`"),
    };
    Some((key, label))
}

fn observation_marker(code: &CodeableConcept) -> (ColumnRole, MatchedBy) {
    match target_for_code(code) {
        Some((_, CodeTarget::Catalog(definition))) => {
            return (
                ColumnRole::Marker(MarkerTarget::Catalog(definition.id)),
                MatchedBy::Loinc,
            );
        }
        Some((_, CodeTarget::Custom(_))) => {
            return (
                ColumnRole::Marker(MarkerTarget::Custom { unit: None }),
                MatchedBy::Loinc,
            );
        }
        None => {}
    }
    let names = code
        .text
        .iter()
        .chain(code.coding.iter().filter_map(|c| c.display.as_ref()));
    for name in names {
        if let Some((definition, _)) = marker_for_name(name) {
            return (
                ColumnRole::Marker(MarkerTarget::Catalog(definition.id)),
                MatchedBy::Synonym,
            );
        }
    }
    (ColumnRole::Unmapped, MatchedBy::Nothing)
}

/// The name a custom marker gets: the alias table's, so that two codes for one analyte
/// make one series; else the code's text.
fn custom_name(code: &CodeableConcept, label: &str) -> String {
    match target_for_code(code) {
        Some((_, CodeTarget::Custom(name))) => name.to_owned(),
        _ => code.readable().unwrap_or_else(|| label.to_owned()),
    }
}

/// Reads every Observation into samples, test-result events and rejections.
pub fn add_observations(
    bundle: &FhirBundle,
    mapping: &ImportMapping,
    patients: &mut PatientIndex,
    batch: &mut Batch,
) {
    let mut sources: HashMap<String, Option<usize>> = HashMap::new();
    let mut weights: Vec<(usize, CaseTime, f64)> = Vec::new();
    for observation in &bundle.observations {
        let location = observation.location.clone();
        let resource = &observation.resource;
        let holds = holds(resource);
        if matches!(holds, Holds::Panel) {
            continue;
        }
        let name = resource
            .code
            .readable()
            .unwrap_or_else(|| "Observation".to_owned());
        if let Some(status) = resource.status.as_deref().filter(|s| !is_data(Some(*s))) {
            batch
                .report
                .reject(location, format!("status `{status}`; not imported"));
            continue;
        }
        let source = match &holds {
            Holds::Number => {
                let Some(source) = marker_source(bundle, mapping, resource, &mut sources, batch)
                else {
                    continue;
                };
                Some(source)
            }
            Holds::Unsupported(kind) => {
                batch.report.reject(
                    location,
                    format!(
                        "`{name}`: field `{kind}` holds the result, which CaseLens does not import"
                    ),
                );
                continue;
            }
            Holds::Absent(reason) => {
                let reason = reason.and_then(CodeableConcept::readable);
                let why = match reason {
                    Some(reason) => format!("`{name}` has no value: dataAbsentReason `{reason}`"),
                    None => format!("`{name}` has no value and no dataAbsentReason"),
                };
                batch.report.reject(location, why);
                continue;
            }
            Holds::Finding(_) | Holds::Panel => None,
        };
        let Some(patient) = patients.for_subject(batch, resource.subject.as_ref(), &location)
        else {
            continue;
        };
        let time = match resource.effective().map(|text| parse_time_text(text, None)) {
            Some(Ok(time)) => time,
            Some(Err(problem)) => {
                batch.report.reject(
                    location,
                    format!("`{name}`: effective time {}", problem.describe()),
                );
                continue;
            }
            None => {
                batch.report.reject(
                    location,
                    format!("`{name}` has no effective time; not imported"),
                );
                continue;
            }
        };
        if let Holds::Finding(result) = holds {
            let mut text = format!("{name}: {result}");
            if let Some(words) = interpretation_words(&resource.interpretation)
                .filter(|words| !words.eq_ignore_ascii_case(&result))
            {
                text.push_str(&format!(" ({words})"));
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
            continue;
        }
        let Some(source) = source else {
            continue;
        };
        let value = match numeric_value(resource) {
            CellReading::Value(value) => value,
            CellReading::Rejected(reason) => {
                batch.report.reject(location, format!("`{name}`: {reason}"));
                continue;
            }
            CellReading::Empty => {
                batch
                    .report
                    .reject(location, format!("`{name}` has no value; not imported"));
                continue;
            }
        };
        let is_weight = resource.code.coding.iter().any(|c| {
            c.code
                .as_deref()
                .is_some_and(|code| BODY_WEIGHT_LOINC.contains(&code))
        });
        if is_weight && value.unit.as_deref() == Some("kg") && value.censored.is_none() {
            weights.push((patient, time, value.value));
        }
        if let Some(record) = batch.patients.get_mut(patient) {
            record.values.push(RawValue {
                source,
                time,
                value: value.value,
                censored: value.censored,
                unit: value.unit,
                location,
                flag: interpretation_flag(&resource.interpretation),
                reference: source_range(resource),
            });
        }
    }
    set_weights(weights, batch);
}

/// The batch source of a numeric Observation's code, made on first use; `None` when its code
/// is not mapped (it is listed as such in the mapping).
fn marker_source(
    bundle: &FhirBundle,
    mapping: &ImportMapping,
    resource: &Observation,
    sources: &mut HashMap<String, Option<usize>>,
    batch: &mut Batch,
) -> Option<usize> {
    let (key, label) = observation_key(&resource.code)?;
    *sources.entry(key.clone()).or_insert_with(|| {
        let entry = mapping.entries.iter().find(|entry| entry.key == key)?;
        let ColumnRole::Marker(target) = &entry.role else {
            return None;
        };
        batch.sources.push(MarkerSource {
            name: match target {
                MarkerTarget::Catalog(_) => {
                    resource.code.readable().unwrap_or_else(|| label.clone())
                }
                MarkerTarget::Custom { .. } => custom_name(&resource.code, &label),
            },
            target: target.clone(),
            unit: match target {
                MarkerTarget::Custom { unit: Some(unit) } => Some(unit.clone()),
                _ => None,
            },
            described: format!("{}, Observation {label}", bundle.origin),
            definition: match target {
                MarkerTarget::Catalog(id) => find_marker(id),
                MarkerTarget::Custom { .. } => None,
            },
            loinc: resource.code.code_in(LOINC_SYSTEM).map(str::to_owned),
            key: key.clone(),
        });
        Some(batch.sources.len() - 1)
    })
}
