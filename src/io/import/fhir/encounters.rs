//! Encounters give the stay: admission is the start of an inpatient stay, discharge its end,
//! and the last encounter's discharge disposition the outcome. Inpatient encounters that
//! follow one another within a day (ward, then ICU) make one stay. When a patient has several
//! stays, the latest is taken unless the person importing picks one (`--encounter`, or the
//! import dialog); the report says which was taken and what else there was. Patients with no
//! inpatient encounter span all their encounters.

use std::collections::BTreeMap;

use chrono::Duration;

use super::bundle::{FhirBundle, Located};
use super::patients::PatientIndex;
use super::shared::normalise_reference;
use super::shared::{is_data, time_of};
use super::types::{CodeableConcept, Encounter};
use crate::io::import::batch::{Batch, Outcome};
use crate::io::import::time_parse::time_key;
use crate::model::{CaseTime, ClinicalEvent, EventKind};

/// Encounter classes of a hospital stay (HL7 v3 ActCode).
const INPATIENT_CLASSES: &[&str] = &["IMP", "ACUTE", "NONAC", "inpatient"];

/// One encounter as the import dialog and `caselens import --list-encounters` show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncounterSummary {
    /// `Encounter/id` (or the entry's fullUrl): what `--encounter` takes.
    pub reference: String,
    /// The subject's reference, as the bundle writes it.
    pub subject: Option<String>,
    /// `IMP`, `AMB`, `EMER`…
    pub class: Option<String>,
    /// The encounter type's text (`Hospital admission for isolation`).
    pub kind: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub inpatient: bool,
}

impl EncounterSummary {
    /// One line: `Encounter/abc: IMP, 2020-03-01T10:00:00Z – 2020-03-15T12:00:00Z, …`.
    pub fn describe(&self) -> String {
        let mut parts = vec![self.class.clone().unwrap_or_else(|| "no class".to_owned())];
        parts.push(format!(
            "{} – {}",
            self.start.as_deref().unwrap_or("?"),
            self.end.as_deref().unwrap_or("?")
        ));
        parts.extend(self.kind.clone());
        format!("{}: {}", self.reference, parts.join(", "))
    }
}

fn is_inpatient(encounter: &Encounter) -> bool {
    encounter
        .class
        .as_ref()
        .and_then(|class| class.code.as_deref())
        .is_some_and(|code| INPATIENT_CLASSES.contains(&code))
}

fn reference_of(located: &Located<Encounter>) -> String {
    located
        .keys
        .first()
        .cloned()
        .unwrap_or_else(|| located.location.to_string())
}

/// Every encounter that is data, in bundle order.
pub fn list_encounters(bundle: &FhirBundle) -> Vec<EncounterSummary> {
    bundle
        .encounters
        .iter()
        .filter(|located| is_data(located.resource.status.as_deref()))
        .map(|located| {
            let encounter = &located.resource;
            let period = encounter.period.clone().unwrap_or_default();
            EncounterSummary {
                reference: reference_of(located),
                subject: encounter.subject.as_ref().and_then(|s| s.reference.clone()),
                class: encounter.class.as_ref().and_then(|c| c.code.clone()),
                kind: encounter.kind.iter().find_map(CodeableConcept::readable),
                start: period.start,
                end: period.end,
                inpatient: is_inpatient(encounter),
            }
        })
        .collect()
}

/// Whether `wanted` (`Encounter/id`, a bare id or a fullUrl) names this encounter.
pub fn names_encounter(located: &Located<Encounter>, wanted: &str) -> bool {
    let wanted = normalise_reference(wanted.trim());
    located
        .keys
        .iter()
        .any(|key| *key == wanted || key.strip_prefix("Encounter/") == Some(wanted.as_str()))
}

/// An encounter with its start and end, read.
struct Timed<'a> {
    located: &'a Located<Encounter>,
    start: Option<CaseTime>,
    end: Option<CaseTime>,
}

/// Sets admission, discharge and outcome of each patient; `chosen` picks the stay.
pub fn add_encounters(
    bundle: &FhirBundle,
    chosen: Option<&str>,
    patients: &mut PatientIndex,
    batch: &mut Batch,
) {
    let mut by_patient: BTreeMap<usize, Vec<Timed>> = BTreeMap::new();
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
        let location = &located.location;
        let start = time_of(period.start.as_deref(), "period.start", location, batch);
        let end = time_of(period.end.as_deref(), "period.end", location, batch);
        by_patient.entry(patient).or_default().push(Timed {
            located,
            start,
            end,
        });
    }
    for (patient, encounters) in by_patient {
        let inpatient: Vec<&Timed> = encounters
            .iter()
            .filter(|timed| is_inpatient(&timed.located.resource))
            .collect();
        let chosen_visit = chosen.and_then(|wanted| {
            encounters.iter().find(|timed| {
                !is_inpatient(&timed.located.resource) && names_encounter(timed.located, wanted)
            })
        });
        let stay: Vec<&Timed> = if let Some(visit) = chosen_visit {
            vec![visit]
        } else if inpatient.is_empty() {
            encounters.iter().collect()
        } else {
            let stays = group_stays(inpatient);
            let picked = chosen.and_then(|wanted| {
                stays.iter().position(|stay| {
                    stay.iter()
                        .any(|timed| names_encounter(timed.located, wanted))
                })
            });
            let index = picked.unwrap_or(stays.len().saturating_sub(1));
            if stays.len() > 1 {
                let listed: Vec<String> = stays
                    .iter()
                    .filter_map(|stay| stay.first())
                    .map(|timed| reference_of(timed.located))
                    .collect();
                let taken = listed.get(index).cloned().unwrap_or_default();
                let how = if picked.is_some() {
                    "as chosen"
                } else {
                    "the latest; choose another with --encounter or in the import dialog"
                };
                batch.report.note(format!(
                    "patient {}: {} inpatient stays ({}); the stay from {taken} was imported ({how})",
                    patient + 1,
                    stays.len(),
                    listed.join(", ")
                ));
            }
            stays.into_iter().nth(index).unwrap_or_default()
        };
        let admission = stay
            .iter()
            .filter_map(|timed| timed.start)
            .min_by_key(time_key);
        let last = stay
            .iter()
            .filter(|timed| timed.end.is_some())
            .max_by_key(|timed| timed.end.map(|end| time_key(&end)));
        let Some(record) = batch.patients.get_mut(patient) else {
            continue;
        };
        record.admission = admission;
        if let Some(timed) = last {
            record.discharge = timed.end;
            record.outcome = timed
                .located
                .resource
                .hospitalization
                .as_ref()
                .and_then(|stay| stay.discharge_disposition.as_ref())
                .map(disposition_outcome);
        }
    }
    add_deaths(bundle, patients, batch);
}

/// Inpatient encounters in time order, grouped into stays: one that starts within a day of
/// the previous one's end continues its stay.
fn group_stays<'s, 'a>(mut inpatient: Vec<&'s Timed<'a>>) -> Vec<Vec<&'s Timed<'a>>> {
    inpatient.sort_by_key(|timed| timed.start.map(|start| time_key(&start)));
    let mut stays: Vec<Vec<&Timed>> = Vec::new();
    let mut stay_end: Option<chrono::NaiveDateTime> = None;
    for timed in inpatient {
        let start = timed.start.map(|start| time_key(&start));
        let continues = match (stay_end, start) {
            (Some(end), Some(start)) => start <= end + Duration::days(1),
            (_, None) => true,
            (None, Some(_)) => false,
        };
        match stays.last_mut() {
            Some(stay) if continues => stay.push(timed),
            _ => stays.push(vec![timed]),
        }
        let end = timed.end.map(|end| time_key(&end)).or(start);
        stay_end = match (stay_end, end) {
            (Some(before), Some(end)) if continues => Some(before.max(end)),
            (before, end) if continues => end.or(before),
            (_, end) => end,
        };
    }
    stays
}

fn add_deaths(bundle: &FhirBundle, patients: &mut PatientIndex, batch: &mut Batch) {
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
                end: None,
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
