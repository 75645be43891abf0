//! MedicationRequests (orders) and MedicationStatements (what the patient reports taking)
//! as interventions, with dose, route and timing from their dosage: `timing.event` gives
//! doses, `timing.repeat.boundsPeriod` a course, the frequency goes with the dose. Each says
//! in its note that it is not an administration record. A request carried out by a
//! MedicationAdministration in the bundle is left to the administration.

use std::collections::HashSet;

use super::bundle::FhirBundle;
use super::patients::PatientIndex;
use super::shared::normalise_reference;
use super::shared::{kind_from_name, time_of, timing};
use super::types::CodeableConcept;
use super::types::clinical::DosageInstruction;
use crate::io::import::batch::Batch;
use crate::io::import::report::Location;
use crate::model::{Intervention, Timing};

const REQUEST_NOTE: &str = "Imported from a FHIR MedicationRequest: an order; whether and when each dose was given is not in the record. The kind was assigned from the name.";
const STATEMENT_NOTE: &str = "Imported from a FHIR MedicationStatement: as reported, not an administration record. The kind was assigned from the name.";

/// Statuses of requests and statements that say nothing was (or will be) given.
const NOT_GIVEN: &[&str] = &[
    "entered-in-error",
    "cancelled",
    "draft",
    "not-taken",
    "intended",
];

/// Interventions from the bundle's requests and statements, by patient index.
pub fn requests_and_statements(
    bundle: &FhirBundle,
    patients: &mut PatientIndex,
    batch: &mut Batch,
) -> Vec<(usize, Intervention)> {
    let carried_out: HashSet<String> = bundle
        .administrations
        .iter()
        .filter_map(|given| given.resource.request.as_ref()?.reference.as_deref())
        .map(normalise_reference)
        .collect();
    let mut found = Vec::new();
    for located in &bundle.requests {
        let request = &located.resource;
        let location = &located.location;
        if located.keys.iter().any(|key| carried_out.contains(key)) {
            continue;
        }
        if let Some(status) = request.status.as_deref().filter(|s| NOT_GIVEN.contains(s)) {
            batch
                .report
                .reject(location.clone(), format!("status `{status}`; not imported"));
            continue;
        }
        let Some(name) = medication_name(
            bundle,
            request.medication_codeable_concept.as_ref(),
            request.medication_reference.as_ref(),
            &request.contained,
            location,
            batch,
        ) else {
            continue;
        };
        let Some(patient) = patients.for_subject(batch, request.subject.as_ref(), location) else {
            continue;
        };
        let dosage = request.dosage_instruction.first();
        let when = dosage
            .and_then(|dosage| dosage_timing(dosage, location, batch))
            .or_else(|| {
                time_of(
                    request.authored_on.as_deref(),
                    "authoredOn",
                    location,
                    batch,
                )
                .map(Timing::Single)
            });
        let Some(when) = when else {
            batch.report.reject(
                location.clone(),
                format!("`{name}` has no dosage timing and no `authoredOn`; not imported"),
            );
            continue;
        };
        found.push((patient, intervention(name, dosage, when, REQUEST_NOTE)));
    }
    for located in &bundle.statements {
        let statement = &located.resource;
        let location = &located.location;
        if let Some(status) = statement
            .status
            .as_deref()
            .filter(|s| NOT_GIVEN.contains(s))
        {
            batch
                .report
                .reject(location.clone(), format!("status `{status}`; not imported"));
            continue;
        }
        let Some(name) = medication_name(
            bundle,
            statement.medication_codeable_concept.as_ref(),
            statement.medication_reference.as_ref(),
            &statement.contained,
            location,
            batch,
        ) else {
            continue;
        };
        let Some(patient) = patients.for_subject(batch, statement.subject.as_ref(), location)
        else {
            continue;
        };
        let dosage = statement.dosage.first();
        let when = timing(
            statement.effective_date_time.as_deref(),
            statement.effective_period.as_ref(),
            location,
            batch,
        )
        .or_else(|| dosage.and_then(|dosage| dosage_timing(dosage, location, batch)));
        let Some(when) = when else {
            batch.report.reject(
                location.clone(),
                format!("`{name}` has no effective time; not imported"),
            );
            continue;
        };
        found.push((patient, intervention(name, dosage, when, STATEMENT_NOTE)));
    }
    found
}

fn intervention(
    name: String,
    dosage: Option<&DosageInstruction>,
    timing: Timing,
    note: &str,
) -> Intervention {
    Intervention {
        kind: kind_from_name(&name),
        name,
        dose: dosage.and_then(dose_text),
        route: dosage
            .and_then(|dosage| dosage.route.as_ref())
            .and_then(CodeableConcept::readable),
        timing,
        dates_reconstructed: false,
        note: Some(note.to_owned()),
    }
}

/// `6 mg, 1 × per 1 d`; the dosage's text when it gives no quantity.
fn dose_text(dosage: &DosageInstruction) -> Option<String> {
    let quantity = dosage
        .dose_and_rate
        .iter()
        .find_map(|dose| dose.dose_quantity.as_ref())
        .and_then(|quantity| {
            let value = quantity.value?;
            let unit = quantity
                .unit
                .clone()
                .or(quantity.code.clone())
                .unwrap_or_default();
            Some(format!("{value} {unit}").trim().to_owned())
        });
    let frequency = dosage
        .timing
        .as_ref()
        .and_then(|timing| timing.repeat.as_ref())
        .and_then(|repeat| {
            let times = repeat.frequency?;
            let period = repeat.period?;
            let unit = repeat.period_unit.as_deref().unwrap_or("");
            Some(format!("{times} × per {period} {unit}").trim().to_owned())
        });
    match (quantity, frequency) {
        (Some(quantity), Some(frequency)) => Some(format!("{quantity}, {frequency}")),
        (Some(quantity), None) => Some(quantity),
        (None, _) => dosage.text.clone(),
    }
}

/// Doses at `timing.event`, else a course over `timing.repeat.boundsPeriod`.
fn dosage_timing(
    dosage: &DosageInstruction,
    location: &Location,
    batch: &mut Batch,
) -> Option<Timing> {
    let timing_of = dosage.timing.as_ref()?;
    let mut events: Vec<_> = timing_of
        .event
        .iter()
        .filter_map(|text| {
            time_of(
                Some(text),
                "dosageInstruction.timing.event",
                location,
                batch,
            )
        })
        .collect();
    events.sort_by_key(crate::io::import::time_parse::time_key);
    events.dedup_by_key(|time| crate::io::import::time_parse::time_key(time));
    match events.len() {
        0 => {}
        1 => return events.first().copied().map(Timing::Single),
        _ => return Some(Timing::Doses(events)),
    }
    let bounds = timing_of.repeat.as_ref()?.bounds_period.as_ref()?;
    timing(None, Some(bounds), location, batch)
}

/// The name of the medication a resource gives: its `medicationCodeableConcept`, else the
/// Medication its `medicationReference` points to (an entry of the bundle, or one contained
/// in the resource), else the reference's display. Refused with a named message otherwise.
pub fn medication_name(
    bundle: &FhirBundle,
    concept: Option<&CodeableConcept>,
    reference: Option<&super::types::Reference>,
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
            .get(&normalise_reference(target))
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
        .get(&normalise_reference(target))
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
            serde_json::from_value::<super::types::Medication>(resource.clone())
                .ok()?
                .code?
                .readable()
        })
}
