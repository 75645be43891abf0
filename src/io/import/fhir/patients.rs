//! Patients in a FHIR Bundle: every reference that names a patient (`Patient/1`, a server URL,
//! a `urn:uuid:` fullUrl) leads to one record; sex and age at admission go into the case, and
//! so does one identifier (`source_id`, for the reviewer; never in de-identified exports).
//! Names, every identifier and the birth date go only into the identity shown in the dialog.

use std::collections::HashMap;

use super::bundle::FhirBundle;
use super::shared::normalise_reference;
use super::types::{Patient, Reference};
use crate::io::import::batch::{Batch, PatientIdentity, PatientRecord};
use crate::io::import::report::Location;
use crate::model::Sex;

/// Patients by every reference that names them; unknown references make new patients.
#[derive(Debug, Default)]
pub struct PatientIndex {
    by_reference: HashMap<String, usize>,
    /// The `resourceType` of every bundle entry by reference, to name references to the
    /// wrong kind of resource.
    kinds: HashMap<String, String>,
    /// Whether the bundle holds Patient resources: then a subject must be one of them.
    bundle_has_patients: bool,
}

impl PatientIndex {
    /// Learns what the bundle holds, so that subjects naming something else are refused.
    pub fn know_kinds(&mut self, kinds: &HashMap<String, String>) {
        self.kinds = kinds.clone();
        self.bundle_has_patients = kinds.values().any(|kind| kind == "Patient");
    }

    /// Why `reference` cannot be a resource's patient, when it cannot.
    fn refuse_subject(&self, field: &str, reference: &str) -> Option<String> {
        if reference.starts_with('#') {
            return Some(format!(
                "`{field}` `{reference}` points to a contained resource; CaseLens reads patients only from the bundle's entries; not imported"
            ));
        }
        let key = normalise_reference(reference);
        if let Some(kind) = self.kinds.get(&key).filter(|kind| *kind != "Patient") {
            return Some(format!(
                "`{field}` `{reference}` is a {kind}, not a Patient; not imported"
            ));
        }
        if !key.starts_with("urn:")
            && let Some((kind, _)) = key.split_once('/')
            && kind != "Patient"
        {
            return Some(format!(
                "`{field}` `{reference}` names a {kind}, not a Patient; not imported"
            ));
        }
        if self.bundle_has_patients && !self.by_reference.contains_key(&key) {
            return Some(format!(
                "`{field}` `{reference}` is not in the bundle; not imported"
            ));
        }
        None
    }

    pub fn add(&mut self, batch: &mut Batch, keys: &[String]) -> usize {
        if let Some(index) = keys.iter().find_map(|key| self.by_reference.get(key)) {
            return *index;
        }
        let index = batch.patients.len();
        batch
            .patients
            .push(PatientRecord::new((index + 1).to_string()));
        for key in keys {
            self.by_reference.insert(key.clone(), index);
        }
        index
    }

    /// The patient a resource's `subject` names, or the only patient when it names none.
    pub fn for_subject(
        &mut self,
        batch: &mut Batch,
        subject: Option<&Reference>,
        location: &Location,
    ) -> Option<usize> {
        self.for_field(batch, "subject", subject, location)
    }

    /// As [`Self::for_subject`], for a field with another name (`patient` of an
    /// Immunization).
    pub fn for_field(
        &mut self,
        batch: &mut Batch,
        field: &str,
        subject: Option<&Reference>,
        location: &Location,
    ) -> Option<usize> {
        match subject.and_then(|subject| subject.reference.as_deref()) {
            Some(reference) => match self.refuse_subject(field, reference) {
                Some(reason) => {
                    batch.report.reject(location.clone(), reason);
                    None
                }
                None => Some(self.add(batch, &[normalise_reference(reference)])),
            },
            None if batch.patients.len() <= 1 => {
                if batch.patients.is_empty() {
                    batch.patients.push(PatientRecord::new("1".to_owned()));
                }
                Some(0)
            }
            None => {
                batch.report.reject(
                    location.clone(),
                    format!(
                        "names no `{field}`, and the bundle holds several patients; not imported"
                    ),
                );
                None
            }
        }
    }

    pub fn get(&self, reference: &str) -> Option<usize> {
        self.by_reference
            .get(&normalise_reference(reference))
            .copied()
    }
}

pub fn describe_patient(record: &mut PatientRecord, patient: &Patient) {
    record.sex = match patient.gender.as_deref() {
        Some("female") => Some(Sex::Female),
        Some("male") => Some(Sex::Male),
        Some("other") => Some(Sex::Other),
        Some("unknown") => Some(Sex::Unknown),
        _ => None,
    };
    record.source_id = source_id(patient);
    let mut identifiers: Vec<String> = patient
        .id
        .iter()
        .map(|id| format!("Patient/{id}"))
        .collect();
    identifiers.extend(patient.identifier.iter().filter_map(|identifier| {
        let value = identifier.value.as_deref()?;
        Some(match identifier.system.as_deref() {
            Some(system) => format!("{value} ({system})"),
            None => value.to_owned(),
        })
    }));
    record.identity = Some(PatientIdentity {
        names: patient.name.iter().map(|name| name.readable()).collect(),
        identifiers,
        birth_date: patient.birth_date.clone(),
    });
}

/// The Patient's first identifier with a value (an MRN, usually), else its resource id.
fn source_id(patient: &Patient) -> Option<String> {
    let non_empty = |text: &str| {
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    };
    patient
        .identifier
        .iter()
        .find_map(|identifier| identifier.value.as_deref().and_then(non_empty))
        .or_else(|| patient.id.as_deref().and_then(non_empty))
}

/// Age in whole years on the day of admission, from the birth date; the birth date itself
/// stays in the identity.
pub fn ages_at_admission(bundle: &FhirBundle, patients: &PatientIndex, batch: &mut Batch) {
    for patient in &bundle.patients {
        let Some(index) = patient.keys.iter().find_map(|key| patients.get(key)) else {
            continue;
        };
        let Some(record) = batch.patients.get_mut(index) else {
            continue;
        };
        let birth = patient
            .resource
            .birth_date
            .as_deref()
            .and_then(|text| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok());
        let admitted = record.admission.and_then(|time| time.calendar_date());
        if let (Some(birth), Some(admitted)) = (birth, admitted) {
            record.age_years = admitted.years_since(birth);
        }
    }
}
