//! FHIR R4 Bundles (JSON) of any type (`collection`, `batch`, `transaction`, `searchset`, …),
//! from servers and from generators such as Synthea.
//!
//! Observations with a LOINC code and a `valueQuantity` become samples, Encounters give
//! admission, discharge and outcome, MedicationAdministrations and Procedures become
//! interventions, ImagingStudies and imaging DiagnosticReports become imaging milestones.
//! Every other kind of resource is counted and skipped without being read further. Patient
//! names and identifiers are kept in [`PatientIdentity`] for the dialog only.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::ImportError;
use super::batch::{Batch, MarkerSource, RawValue};
use super::fhir_clinical::{add_encounters, add_interventions};
use super::fhir_imaging::add_imaging;
use super::fhir_patients::{
    PatientIndex, ages_at_admission, describe_patient, normalise_reference,
};
use super::fhir_types::{
    Bundle, CodeableConcept, DiagnosticReport, Encounter, ImagingStudy, LOINC_SYSTEM, Medication,
    MedicationAdministration, Observation, Patient, Procedure,
};
use super::headers::marker_for_name;
use super::mapping::{
    ColumnRole, EntryKind, ImportMapping, MappingEntry, MappingOverride, MarkerTarget, MatchedBy,
};
use super::report::{Location, Rejected};
use super::time_parse::parse_time_text;
use super::values::{CellReading, read_value_text};
use crate::model::Censoring;
use crate::model::marker::{find_marker, find_marker_by_name};

/// Statuses whose resources are not data: recorded in error, cancelled, not done.
const NOT_DATA_STATUSES: &[&str] = &["entered-in-error", "cancelled", "not-done"];

/// A resource with where it sits in the bundle.
#[derive(Clone, Debug)]
pub struct Located<T> {
    pub location: Location,
    /// `Type/id` and the entry's `fullUrl`, as other resources may refer to it.
    pub keys: Vec<String>,
    pub resource: T,
}

/// A bundle read and sorted by the kinds CaseLens uses.
#[derive(Debug, Default)]
pub struct FhirBundle {
    pub origin: String,
    pub bundle_type: String,
    pub resources: usize,
    pub patients: Vec<Located<Patient>>,
    pub observations: Vec<Located<Observation>>,
    pub encounters: Vec<Located<Encounter>>,
    pub administrations: Vec<Located<MedicationAdministration>>,
    pub procedures: Vec<Located<Procedure>>,
    pub studies: Vec<Located<ImagingStudy>>,
    pub reports: Vec<Located<DiagnosticReport>>,
    /// Medication names by reference, to name administrations that refer to them.
    pub medications: HashMap<String, String>,
    pub skipped: BTreeMap<String, usize>,
    pub unreadable: Vec<Rejected>,
}

/// Reads a Bundle from a file.
pub fn read_fhir(path: &Path, origin: &str) -> Result<FhirBundle, ImportError> {
    parse_fhir(&super::csv::read_export_bytes(path)?, origin)
}

/// Reads a Bundle already in memory.
pub fn parse_fhir(bytes: &[u8], origin: &str) -> Result<FhirBundle, ImportError> {
    let bundle: Bundle = serde_json::from_slice(bytes).map_err(|error| ImportError::Json {
        origin: origin.to_owned(),
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })?;
    match bundle.resource_type.as_deref() {
        Some("Bundle") => {}
        found => {
            return Err(ImportError::NotABundle {
                origin: origin.to_owned(),
                found: found.unwrap_or("(none)").to_owned(),
            });
        }
    }
    let mut read = FhirBundle {
        origin: origin.to_owned(),
        bundle_type: bundle.bundle_type.unwrap_or_else(|| "(no type)".to_owned()),
        ..FhirBundle::default()
    };
    for (index, entry) in bundle.entry.into_iter().enumerate() {
        let Some(resource) = entry.resource else {
            continue;
        };
        read.resources += 1;
        read.sort(index, entry.full_url, resource);
    }
    Ok(read)
}

impl FhirBundle {
    fn sort(&mut self, index: usize, full_url: Option<String>, resource: serde_json::Value) {
        let kind = resource
            .get("resourceType")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("(no resourceType)")
            .to_owned();
        let id = resource.get("id").and_then(serde_json::Value::as_str);
        let mut keys = Vec::new();
        if let Some(id) = id {
            keys.push(format!("{kind}/{id}"));
        }
        keys.extend(full_url.as_deref().map(normalise_reference));
        let location = Location::Resource {
            reference: keys
                .first()
                .cloned()
                .unwrap_or_else(|| format!("entry[{index}] ({kind})"))
                .into(),
        };
        macro_rules! keep {
            ($list:ident) => {
                match serde_json::from_value(resource) {
                    Ok(parsed) => self.$list.push(Located {
                        location,
                        keys,
                        resource: parsed,
                    }),
                    Err(error) => self.unreadable.push(Rejected {
                        location,
                        reason: format!("cannot be read as FHIR R4 {kind}: {error}"),
                    }),
                }
            };
        }
        match kind.as_str() {
            "Patient" => keep!(patients),
            "Observation" => keep!(observations),
            "Encounter" => keep!(encounters),
            "MedicationAdministration" => keep!(administrations),
            "Procedure" => keep!(procedures),
            "ImagingStudy" => keep!(studies),
            "DiagnosticReport" => keep!(reports),
            "Medication" => {
                if let Ok(medication) = serde_json::from_value::<Medication>(resource)
                    && let Some(name) = medication.code.as_ref().and_then(CodeableConcept::readable)
                {
                    for key in &keys {
                        self.medications.insert(key.clone(), name.clone());
                    }
                }
            }
            _ => *self.skipped.entry(kind).or_insert(0) += 1,
        }
    }

    /// The mapping of Observation codes to markers, with `overrides` applied.
    pub fn detect_mapping(
        &self,
        overrides: &[MappingOverride],
    ) -> Result<ImportMapping, ImportError> {
        let mut mapping = ImportMapping::default();
        let mut index_of: HashMap<String, usize> = HashMap::new();
        for observation in self
            .observations
            .iter()
            .filter(|o| is_data(&o.resource.status))
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
                    origin: self.origin.clone(),
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

    /// Reads every used resource under `mapping` into a batch.
    pub fn extract(&self, mapping: &ImportMapping) -> Batch {
        let mut batch = Batch {
            origin: self.origin.clone(),
            ..Batch::default()
        };
        batch.report.rows_read = self.resources;
        batch
            .report
            .rejected
            .extend(self.unreadable.iter().cloned());
        let mut patients = PatientIndex::default();
        for patient in &self.patients {
            let index = patients.add(&mut batch, &patient.keys);
            if let Some(record) = batch.patients.get_mut(index) {
                describe_patient(record, &patient.resource);
            }
        }
        self.add_observations(mapping, &mut patients, &mut batch);
        add_encounters(self, &mut patients, &mut batch);
        add_interventions(self, &mut patients, &mut batch);
        add_imaging(self, &mut patients, &mut batch);
        ages_at_admission(self, &patients, &mut batch);
        let mut skipped: Vec<(String, usize)> = self.skipped.clone().into_iter().collect();
        let lab_reports = self
            .reports
            .iter()
            .filter(|r| !r.resource.is_imaging())
            .count();
        if lab_reports > 0 {
            skipped.push(("DiagnosticReport (laboratory)".to_owned(), lab_reports));
        }
        skipped.sort();
        batch.report.skipped_resources = skipped;
        batch
    }

    fn add_observations(
        &self,
        mapping: &ImportMapping,
        patients: &mut PatientIndex,
        batch: &mut Batch,
    ) {
        let mut sources: HashMap<String, Option<usize>> = HashMap::new();
        for observation in &self.observations {
            let location = observation.location.clone();
            let resource = &observation.resource;
            let Some((key, label)) = observation_key(&resource.code) else {
                continue;
            };
            let source = *sources.entry(key.clone()).or_insert_with(|| {
                let entry = mapping.entries.iter().find(|entry| entry.key == key)?;
                let ColumnRole::Marker(target) = &entry.role else {
                    return None;
                };
                batch.sources.push(MarkerSource {
                    name: resource.code.readable().unwrap_or_else(|| label.clone()),
                    target: target.clone(),
                    unit: match target {
                        MarkerTarget::Custom { unit: Some(unit) } => Some(unit.clone()),
                        _ => None,
                    },
                    described: format!("{}, Observation {label}", self.origin),
                    definition: match target {
                        MarkerTarget::Catalog(id) => find_marker(id),
                        MarkerTarget::Custom { .. } => None,
                    },
                    loinc: resource.code.code_in(LOINC_SYSTEM).map(str::to_owned),
                    key: key.clone(),
                });
                Some(batch.sources.len() - 1)
            });
            let Some(source) = source else {
                continue;
            };
            if let Some(status) = resource
                .status
                .as_deref()
                .filter(|s| NOT_DATA_STATUSES.contains(s))
            {
                batch
                    .report
                    .reject(location, format!("status `{status}`; not imported"));
                continue;
            }
            let Some(patient) = patients.for_subject(batch, resource.subject.as_ref(), &location)
            else {
                continue;
            };
            let time = match resource.effective().map(|text| parse_time_text(text, None)) {
                Some(Ok(time)) => time,
                Some(Err(problem)) => {
                    batch
                        .report
                        .reject(location, format!("effective time {}", problem.describe()));
                    continue;
                }
                None => {
                    batch
                        .report
                        .reject(location, "has no effective time; not imported");
                    continue;
                }
            };
            let reading = observation_value(resource);
            let value = match reading {
                CellReading::Value(value) => value,
                CellReading::Rejected(reason) => {
                    batch.report.reject(location, reason);
                    continue;
                }
                CellReading::Empty => {
                    batch.report.reject(location, "has no value; not imported");
                    continue;
                }
            };
            if let Some(record) = batch.patients.get_mut(patient) {
                record.values.push(RawValue {
                    source,
                    time,
                    value: value.value,
                    censored: value.censored,
                    unit: value.unit,
                    location,
                });
            }
        }
    }
}

fn is_data(status: &Option<String>) -> bool {
    !status
        .as_deref()
        .is_some_and(|status| NOT_DATA_STATUSES.contains(&status))
}

/// The key and label of an Observation code: the LOINC code when there is one.
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
    if let Some(definition) = code
        .code_in(LOINC_SYSTEM)
        .and_then(|loinc| find_marker_by_name(loinc).filter(|d| d.has_loinc(loinc)))
    {
        return (
            ColumnRole::Marker(MarkerTarget::Catalog(definition.id)),
            MatchedBy::Loinc,
        );
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

fn observation_value(observation: &Observation) -> CellReading {
    if let Some(quantity) = &observation.value_quantity {
        let Some(value) = quantity.value.filter(|value| value.is_finite()) else {
            return CellReading::Rejected("valueQuantity has no value".to_owned());
        };
        let censored = match quantity.comparator.as_deref() {
            None => None,
            Some("<" | "<=") => Some(Censoring::Below),
            Some(">" | ">=") => Some(Censoring::Above),
            Some(other) => {
                return CellReading::Rejected(format!(
                    "comparator `{other}` is not one FHIR defines"
                ));
            }
        };
        return CellReading::Value(super::values::ReadValue {
            value,
            censored,
            unit: quantity.unit_text(),
        });
    }
    if let Some(text) = &observation.value_string {
        return read_value_text(text, false);
    }
    match observation
        .data_absent_reason
        .as_ref()
        .and_then(CodeableConcept::readable)
    {
        Some(reason) => CellReading::Rejected(format!("no value (dataAbsentReason `{reason}`)")),
        None => CellReading::Rejected(
            "has no valueQuantity; only numeric results are imported".to_owned(),
        ),
    }
}
