//! Helpers every FHIR resource kind uses, below them all: times read with the message that
//! names the field, the statuses that mean a resource is not data, references normalised,
//! and an intervention's kind and timing from what a resource states.

use super::types::Period;
use crate::io::import::batch::Batch;
use crate::io::import::report::Location;
use crate::io::import::time_parse::parse_time_text;
use crate::model::{CaseTime, InterventionKind, Timing};

/// `http://server/fhir/Patient/1/_history/2` and `Patient/1` both become `Patient/1`;
/// `urn:uuid:…` references stay as they are.
pub fn normalise_reference(reference: &str) -> String {
    if reference.starts_with("urn:") || reference.starts_with('#') {
        return reference.to_owned();
    }
    let without_history = reference.split("/_history").next().unwrap_or(reference);
    let parts: Vec<&str> = without_history
        .trim_end_matches('/')
        .rsplitn(3, '/')
        .collect();
    match parts.as_slice() {
        [id, kind, ..] => format!("{kind}/{id}"),
        _ => without_history.to_owned(),
    }
}

/// A FHIR time, or `None` with the resource rejected, the field and the problem named.
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

/// Whether a resource's status leaves it as data (not entered in error, cancelled or not done).
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

/// The note on an intervention whose kind came from its name.
pub const KIND_NOTE: &str = "Imported from FHIR; the kind was assigned from the name.";

/// A single time, else a period (one time when it starts and ends together).
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
