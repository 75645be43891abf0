//! The clinical course from FHIR: Encounters give admission, discharge and outcome;
//! MedicationAdministrations and Procedures become interventions.

use std::collections::BTreeMap;

use super::batch::{Batch, Outcome};
use super::fhir::FhirBundle;
use super::fhir_patients::PatientIndex;
use super::fhir_types::{CodeableConcept, Encounter, Period};
use super::report::Location;
use super::time_parse::parse_time_text;
use super::to_case::time_key;
use crate::model::{CaseTime, ClinicalEvent, EventKind, Intervention, InterventionKind, Timing};

/// Encounter classes of a hospital stay (HL7 v3 ActCode).
const INPATIENT_CLASSES: &[&str] = &["IMP", "ACUTE", "NONAC", "inpatient"];

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

/// An encounter with its start and end, read.
type EncounterTimes<'a> = (&'a Encounter, Option<CaseTime>, Option<CaseTime>);

/// Admission is the start of the first inpatient encounter, discharge the end of the last
/// (all encounters when none is inpatient); the last one's disposition gives the outcome.
pub fn add_encounters(bundle: &FhirBundle, patients: &mut PatientIndex, batch: &mut Batch) {
    let mut by_patient: BTreeMap<usize, Vec<EncounterTimes>> = BTreeMap::new();
    for located in &bundle.encounters {
        let encounter = &located.resource;
        if !is_data(encounter.status.as_deref()) {
            continue;
        }
        let Some(patient) =
            patients.for_subject(batch, encounter.subject.as_ref(), &located.location)
        else {
            continue;
        };
        let period = encounter.period.clone().unwrap_or_default();
        let start = time_of(
            period.start.as_deref(),
            "period.start",
            &located.location,
            batch,
        );
        let end = time_of(
            period.end.as_deref(),
            "period.end",
            &located.location,
            batch,
        );
        by_patient
            .entry(patient)
            .or_default()
            .push((encounter, start, end));
    }
    for (patient, encounters) in by_patient {
        let inpatient: Vec<_> = encounters
            .iter()
            .filter(|(encounter, ..)| {
                encounter
                    .class
                    .as_ref()
                    .and_then(|class| class.code.as_deref())
                    .is_some_and(|code| INPATIENT_CLASSES.contains(&code))
            })
            .collect();
        let chosen: Vec<_> = if inpatient.is_empty() {
            encounters.iter().collect()
        } else {
            inpatient
        };
        let admission = chosen
            .iter()
            .filter_map(|(_, start, _)| *start)
            .min_by_key(time_key);
        let last = chosen
            .iter()
            .filter(|(_, _, end)| end.is_some())
            .max_by_key(|(_, _, end)| end.map(|end| time_key(&end)));
        let Some(record) = batch.patients.get_mut(patient) else {
            continue;
        };
        record.admission = admission;
        if let Some((encounter, _, end)) = last {
            record.discharge = *end;
            record.outcome = encounter
                .hospitalization
                .as_ref()
                .and_then(|stay| stay.discharge_disposition.as_ref())
                .map(disposition_outcome);
        }
    }
    for located in &bundle.patients {
        let Some(died) = located.resource.deceased_date_time.as_deref() else {
            continue;
        };
        let Some(index) = located.keys.iter().find_map(|key| patients.get(key)) else {
            continue;
        };
        let Some(time) = time_of(Some(died), "deceasedDateTime", &located.location, batch) else {
            continue;
        };
        if let Some(record) = batch.patients.get_mut(index) {
            if record.outcome.as_ref().is_some_and(|outcome| outcome.died) {
                continue;
            }
            record.events.push(ClinicalEvent {
                time,
                kind: EventKind::Death,
                text: "Died (Patient.deceasedDateTime)".to_owned(),
                stated_illness_day: None,
            });
        }
    }
}

fn disposition_outcome(disposition: &CodeableConcept) -> Outcome {
    let words = disposition.words();
    let died = disposition
        .coding
        .iter()
        .any(|coding| coding.code.as_deref() == Some("exp"))
        || ["expired", "died", "death", "deceased"]
            .iter()
            .any(|word| words.contains(word));
    Outcome {
        died,
        stated_as: format!(
            "Encounter dischargeDisposition `{}`",
            disposition.readable().unwrap_or_default()
        ),
    }
}

/// The kind of a drug or procedure from its name; the intervention's note says so.
fn kind_from_name(name: &str) -> InterventionKind {
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
        "ventilat",
        "oxygen",
        "intubat",
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

const KIND_NOTE: &str = "Imported from FHIR; the kind was assigned from the name.";

fn timing(
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
        let name = given
            .medication_codeable_concept
            .as_ref()
            .and_then(CodeableConcept::readable)
            .or_else(|| {
                let reference = given.medication_reference.as_ref()?;
                reference
                    .reference
                    .as_deref()
                    .and_then(|r| {
                        bundle
                            .medications
                            .get(&super::fhir_patients::normalise_reference(r))
                    })
                    .cloned()
                    .or_else(|| reference.display.clone())
            });
        let Some(name) = name else {
            batch.report.reject(
                located.location.clone(),
                "names no medication; not imported",
            );
            continue;
        };
        let location = &located.location;
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
