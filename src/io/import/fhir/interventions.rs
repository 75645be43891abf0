//! Treatments from FHIR: MedicationAdministrations and Procedures become interventions (see
//! [`super::medications`] for requests and statements), their kind assigned from the
//! name.

use super::bundle::FhirBundle;
use super::medications::medication_name;
use super::patients::PatientIndex;
use super::shared::{KIND_NOTE, is_data, kind_from_name, timing};
use super::types::CodeableConcept;
use crate::io::import::batch::Batch;
use crate::io::import::time_parse::time_key;
use crate::model::{Intervention, Timing};

/// Administrations of the same drug, dose and route at single times are one intervention
/// with several doses; courses stay separate.
pub fn add_interventions(bundle: &FhirBundle, patients: &mut PatientIndex, batch: &mut Batch) {
    let mut doses: Vec<(usize, Intervention)> = Vec::new();
    for located in &bundle.administrations {
        let given = &located.resource;
        if !is_data(given.status.as_deref()) {
            continue;
        }
        let location = &located.location;
        let Some(name) = medication_name(
            bundle,
            given.medication_codeable_concept.as_ref(),
            given.medication_reference.as_ref(),
            &given.contained,
            location,
            batch,
        ) else {
            continue;
        };
        let Some(patient) = patients.for_subject(batch, given.subject.as_ref(), location) else {
            continue;
        };
        let Some(timing) = timing(
            given.effective_date_time.as_deref(),
            given.effective_period.as_ref(),
            location,
            batch,
        ) else {
            batch.report.reject(
                location.clone(),
                format!("`{name}` has no effective time; not imported"),
            );
            continue;
        };
        let dosage = given.dosage.clone().unwrap_or_default();
        let dose = dosage.dose.as_ref().and_then(|dose| {
            let value = dose.value?;
            Some(
                format!(
                    "{value} {}",
                    dose.unit.clone().or(dose.code.clone()).unwrap_or_default()
                )
                .trim()
                .to_owned(),
            )
        });
        let intervention = Intervention {
            kind: kind_from_name(&name),
            name,
            dose: dose.or(dosage.text),
            route: dosage.route.as_ref().and_then(CodeableConcept::readable),
            timing,
            dates_reconstructed: false,
            note: Some(KIND_NOTE.to_owned()),
        };
        doses.push((patient, intervention));
    }
    for located in &bundle.procedures {
        let procedure = &located.resource;
        if !is_data(procedure.status.as_deref()) {
            continue;
        }
        let location = &located.location;
        let name = procedure
            .code
            .readable()
            .unwrap_or_else(|| "Procedure".to_owned());
        let Some(patient) = patients.for_subject(batch, procedure.subject.as_ref(), location)
        else {
            continue;
        };
        let Some(timing) = timing(
            procedure.performed_date_time.as_deref(),
            procedure.performed_period.as_ref(),
            location,
            batch,
        ) else {
            batch.report.reject(
                location.clone(),
                format!("`{name}` has no performed time; not imported"),
            );
            continue;
        };
        doses.push((
            patient,
            Intervention {
                kind: kind_from_name(&name),
                name,
                dose: None,
                route: None,
                timing,
                dates_reconstructed: false,
                note: Some(KIND_NOTE.to_owned()),
            },
        ));
    }
    doses.extend(super::medications::requests_and_statements(
        bundle, patients, batch,
    ));
    for (patient, intervention) in merge_doses(doses) {
        if let Some(record) = batch.patients.get_mut(patient) {
            record.interventions.push(intervention);
        }
    }
}

fn merge_doses(items: Vec<(usize, Intervention)>) -> Vec<(usize, Intervention)> {
    let mut merged: Vec<(usize, Intervention)> = Vec::new();
    for (patient, item) in items {
        let Timing::Single(time) = item.timing else {
            merged.push((patient, item));
            continue;
        };
        let same = merged.iter_mut().find(|(other_patient, other)| {
            *other_patient == patient
                && other.name == item.name
                && other.dose == item.dose
                && other.route == item.route
                && matches!(other.timing, Timing::Single(_) | Timing::Doses(_))
        });
        match same {
            Some((_, existing)) => {
                let mut times = existing.timing.stated_times();
                times.push(time);
                times.sort_by_key(time_key);
                times.dedup_by_key(|time| time_key(time));
                existing.timing = if times.len() == 1 {
                    Timing::Single(time)
                } else {
                    Timing::Doses(times)
                };
            }
            None => merged.push((patient, item)),
        }
    }
    merged
}
