//! Treatments from FHIR: MedicationAdministrations and Procedures become interventions (see
//! [`super::fhir_medications`] for requests and statements), their kind assigned from the
//! name.

use super::batch::Batch;
use super::fhir::FhirBundle;
use super::fhir_patients::PatientIndex;
use super::fhir_types::{CodeableConcept, Period};
use super::report::Location;
use super::time_parse::parse_time_text;
use super::to_case::time_key;
use crate::model::{CaseTime, Intervention, InterventionKind, Timing};

pub fn time_of(
    text: Option<&str>,
    what: &str,
    location: &Location,
    batch: &mut Batch,
) -> Option<CaseTime> {
    let text = text?;
    match parse_time_text(text, None) {
        Ok(time) => Some(time),
        Err(problem) => {
            batch.report.reject(
                location.clone(),
                format!("{what} `{text}` {}", problem.describe()),
            );
            None
        }
    }
}

pub fn is_data(status: Option<&str>) -> bool {
    !matches!(status, Some("entered-in-error" | "cancelled" | "not-done"))
}

/// The kind of a drug or procedure from its name; the intervention's note says so.
pub fn kind_from_name(name: &str) -> InterventionKind {
    let name = name.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|word| name.contains(word));
    if any(&["convalescent plasma"]) {
        InterventionKind::ConvalescentPlasma
    } else if any(&["mesenchymal", "stem cell", "msc", "stromal cell"]) {
        InterventionKind::CellTherapy
    } else if any(&["immunoglobulin", "ivig", "gamma globulin"]) {
        InterventionKind::Immunoglobulin
    } else if any(&[
        "methylprednisolone",
        "dexamethasone",
        "hydrocortisone",
        "prednisolone",
        "prednisone",
    ]) {
        InterventionKind::Corticosteroid
    } else if any(&[
        "lopinavir",
        "ritonavir",
        "remdesivir",
        "oseltamivir",
        "umifenovir",
        "arbidol",
        "ribavirin",
        "favipiravir",
        "interferon",
        "nirmatrelvir",
        "molnupiravir",
    ]) {
        InterventionKind::Antiviral
    } else if any(&[
        "cillin",
        "cef",
        "ceph",
        "floxacin",
        "mycin",
        "penem",
        "cycline",
        "vancomycin",
        "linezolid",
        "tazobactam",
        "sulfamethoxazole",
    ]) {
        InterventionKind::Antibiotic
    } else if any(&[
        "heparin",
        "enoxaparin",
        "dalteparin",
        "tinzaparin",
        "fondaparinux",
        "apixaban",
        "rivaroxaban",
        "edoxaban",
        "dabigatran",
        "warfarin",
        "argatroban",
        "bivalirudin",
    ]) {
        InterventionKind::Anticoagulant
    } else if any(&[
        "ventilat",
        "oxygen",
        "intubat",
        "endotracheal",
        "tracheostomy",
        "ecmo",
        "extracorporeal",
        "high flow",
        "cpap",
        "bipap",
        "prone",
    ]) {
        InterventionKind::RespiratorySupport
    } else {
        InterventionKind::Other
    }
}

pub const KIND_NOTE: &str = "Imported from FHIR; the kind was assigned from the name.";

pub fn timing(
    single: Option<&str>,
    period: Option<&Period>,
    location: &Location,
    batch: &mut Batch,
) -> Option<Timing> {
    if let Some(time) = time_of(single, "time", location, batch) {
        return Some(Timing::Single(time));
    }
    let period = period?;
    let start = time_of(period.start.as_deref(), "period.start", location, batch)?;
    let end = time_of(period.end.as_deref(), "period.end", location, batch);
    Some(match end {
        Some(end) if end == start => Timing::Single(start),
        end => Timing::Course { start, end },
    })
}

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
    doses.extend(super::fhir_medications::requests_and_statements(
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

/// The name of the medication a resource gives: its `medicationCodeableConcept`, else the
/// Medication its `medicationReference` points to (an entry of the bundle, or one contained
/// in the resource), else the reference's display. Refused with a named message otherwise.
pub fn medication_name(
    bundle: &FhirBundle,
    concept: Option<&CodeableConcept>,
    reference: Option<&super::fhir_types::Reference>,
    contained: &[serde_json::Value],
    location: &Location,
    batch: &mut Batch,
) -> Option<String> {
    if let Some(name) = concept.and_then(CodeableConcept::readable) {
        return Some(name);
    }
    let Some(reference) = reference else {
        batch.report.reject(
            location.clone(),
            "names no medication (neither `medicationCodeableConcept` nor `medicationReference`); not imported",
        );
        return None;
    };
    let target = reference.reference.as_deref().unwrap_or_default();
    let found = if let Some(id) = target.strip_prefix('#') {
        contained_medication(contained, id)
    } else {
        bundle
            .medications
            .get(&super::fhir_patients::normalise_reference(target))
            .cloned()
    };
    if let Some(name) = found.or_else(|| reference.display.clone()) {
        return Some(name);
    }
    let why = if target.starts_with('#') {
        format!(
            "`medicationReference` `{target}` names no contained Medication with a code; not imported"
        )
    } else if let Some(kind) = bundle
        .kinds
        .get(&super::fhir_patients::normalise_reference(target))
        .filter(|kind| *kind != "Medication")
    {
        format!("`medicationReference` `{target}` is a {kind}, not a Medication; not imported")
    } else {
        format!(
            "`medicationReference` `{target}` is not in the bundle and has no display; not imported"
        )
    };
    batch.report.reject(location.clone(), why);
    None
}

/// The name of a Medication contained in the resource under `id`.
fn contained_medication(contained: &[serde_json::Value], id: &str) -> Option<String> {
    contained
        .iter()
        .filter(|resource| {
            resource.get("resourceType").and_then(|v| v.as_str()) == Some("Medication")
        })
        .filter(|resource| resource.get("id").and_then(|v| v.as_str()) == Some(id))
        .find_map(|resource| {
            serde_json::from_value::<super::fhir_types::Medication>(resource.clone())
                .ok()?
                .code?
                .readable()
        })
}
