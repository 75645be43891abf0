//! The clinical resources of the FHIR document, from the case: Patient, one Observation per
//! sample (LOINC, UCUM, reference range, provenance as a `meta.tag`), MedicationAdministration
//! or Procedure per dose or course, ImagingStudy per imaging milestone.
//!
//! Times: a calendar date stays a FHIR date; a local date and time gets a `+00:00` offset
//! that FHIR requires but the case does not know (CaseLens keeps the hospital's local time
//! as written, and its importer reads it back the same way); the Composition says so. A
//! de-identified document has no calendar time at all: each resource carries its hospital
//! or illness day in an extension instead.

use serde_json::{Value, json};

use super::{EXTENSION_BASE, Ids, PROVENANCE_SYSTEM};
use crate::model::{
    Case, CaseTime, Intervention, InterventionKind, Modality, Provenance, Sex, Timeline, Timing,
};

pub const LOINC: &str = "http://loinc.org";
pub const UCUM: &str = "http://unitsofmeasure.org";

/// How times are written.
pub struct Times<'a> {
    pub timeline: &'a Timeline,
    pub deidentify: bool,
}

impl Times<'_> {
    /// A FHIR dateTime, unless de-identifying or the time cannot be placed on a calendar.
    pub fn date_time(&self, time: CaseTime) -> Option<String> {
        if self.deidentify {
            return None;
        }
        match time {
            CaseTime::Date(date) => Some(date.format("%Y-%m-%d").to_string()),
            CaseTime::DateTime(at) => Some(at.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()),
            relative => {
                let position = self.timeline.position(relative).ok()?;
                let at = self.timeline.date_time_at(position)?;
                Some(at.format("%Y-%m-%d").to_string())
            }
        }
    }

    /// Hospital and illness day extensions, always written (they identify no one).
    pub fn day_extensions(&self, time: CaseTime) -> Vec<Value> {
        let Ok(position) = self.timeline.position(time) else {
            return Vec::new();
        };
        let mut extensions = Vec::new();
        if let Some(day) = self.timeline.hospital_day_at(position) {
            extensions
                .push(json!({"url": format!("{EXTENSION_BASE}hospital-day"), "valueInteger": day}));
        }
        if let Some(day) = self.timeline.illness_day_at(position) {
            extensions
                .push(json!({"url": format!("{EXTENSION_BASE}illness-day"), "valueInteger": day}));
        }
        extensions
    }
}

pub fn patient(case: &Case, deidentify: bool) -> Value {
    let mut patient = json!({"resourceType": "Patient"});
    let gender = match case.patient.sex {
        Some(Sex::Female) => Some("female"),
        Some(Sex::Male) => Some("male"),
        Some(Sex::Other) => Some("other"),
        Some(Sex::Unknown) => Some("unknown"),
        None => None,
    };
    if let Some(gender) = gender {
        patient["gender"] = json!(gender);
    }
    if let Some(age) = case.patient.age_years {
        patient["extension"] = json!([{
            "url": format!("{EXTENSION_BASE}age-at-admission"),
            "valueAge": {"value": age, "unit": "a", "system": UCUM, "code": "a"}
        }]);
    }
    if deidentify {
        patient["meta"] = json!({"security": [{
            "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
            "code": "PSEUDED",
            "display": "pseudonymized"
        }]});
    } else if let Some(source_id) = &case.patient.source_id {
        patient["identifier"] = json!([{"value": source_id}]);
    }
    patient
}

fn provenance_code(provenance: Provenance) -> (&'static str, &'static str) {
    match provenance {
        Provenance::Measured => ("measured", "Measured and recorded by the hospital"),
        Provenance::Published => ("published", "Stated in the publication"),
        Provenance::PublishedDayPlaced => (
            "published-day-placed",
            "Stated in the publication, which does not date it; the day was placed by the reviewer",
        ),
        Provenance::Reconstructed => (
            "reconstructed",
            "Illustrative reconstruction, not a measurement",
        ),
    }
}

/// One Observation per sample of every series, with the entry ids they were given.
pub fn observations(
    case: &Case,
    times: &Times<'_>,
    ids: &mut Ids,
    patient: &str,
) -> Vec<(String, Value)> {
    let mut resources = Vec::new();
    for series in &case.series {
        let definition = series.definition();
        let unit = series.unit().unwrap_or_default().to_owned();
        let loinc = definition
            .map(|definition| definition.loinc.to_owned())
            .or_else(|| {
                series
                    .custom
                    .as_ref()
                    .and_then(|custom| custom.loinc.clone())
            });
        let mut coding = Vec::new();
        if let Some(loinc) = loinc.filter(|code| !code.is_empty()) {
            coding.push(json!({"system": LOINC, "code": loinc, "display": series.display_name()}));
        }
        let code = json!({"coding": coding, "text": series.display_name()});
        let category = match definition.map(|definition| definition.category) {
            Some(crate::model::marker::MarkerCategory::VitalSign) => "vital-signs",
            _ => "laboratory",
        };
        let reference_range = series.reference_interval().map(|interval| {
            let mut range = json!({});
            if let Some(low) = interval.low {
                range["low"] = json!({"value": low, "unit": unit, "system": UCUM, "code": unit});
            }
            if let Some(high) = interval.high {
                range["high"] = json!({"value": high, "unit": unit, "system": UCUM, "code": unit});
            }
            range
        });
        for sample in &series.samples {
            if !sample.value.is_finite() {
                continue;
            }
            let (tag, tag_display) = provenance_code(series.sample_provenance(sample));
            let mut observation = json!({
                "resourceType": "Observation",
                "meta": {"tag": [{"system": PROVENANCE_SYSTEM, "code": tag, "display": tag_display}]},
                "status": "final",
                "category": [{"coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                    "code": category
                }]}],
                "code": code,
                "subject": {"reference": patient},
                "valueQuantity": {"value": sample.value, "unit": unit, "system": UCUM, "code": unit},
            });
            if let Some(censoring) = &sample.censored {
                observation["valueQuantity"]["comparator"] = json!(match censoring {
                    crate::model::Censoring::Below => "<",
                    crate::model::Censoring::Above => ">",
                });
            }
            if let Some(at) = times.date_time(sample.time) {
                observation["effectiveDateTime"] = json!(at);
            }
            let extensions = times.day_extensions(sample.time);
            if !extensions.is_empty() {
                observation["extension"] = json!(extensions);
            }
            if let Some(range) = &reference_range {
                observation["referenceRange"] = json!([range]);
            }
            resources.push((ids.next_id(), observation));
        }
    }
    resources
}

/// Drugs as MedicationAdministration, respiratory support as Procedure; one resource per
/// dose, one per course.
pub fn interventions(
    case: &Case,
    times: &Times<'_>,
    ids: &mut Ids,
    patient: &str,
) -> Vec<(String, Value)> {
    let mut resources = Vec::new();
    for intervention in &case.interventions {
        let spans: Vec<(CaseTime, Option<CaseTime>)> = match &intervention.timing {
            Timing::Single(time) => vec![(*time, None)],
            Timing::Doses(times) => times.iter().map(|time| (*time, None)).collect(),
            Timing::Course { start, end } => vec![(*start, *end)],
            Timing::Undated { .. } => Vec::new(),
        };
        for (start, end) in spans {
            resources.push((
                ids.next_id(),
                given(intervention, times, patient, start, end),
            ));
        }
    }
    resources
}

fn given(
    intervention: &Intervention,
    times: &Times<'_>,
    patient: &str,
    start: CaseTime,
    end: Option<CaseTime>,
) -> Value {
    let procedure = intervention.kind == InterventionKind::RespiratorySupport;
    let name = json!({"text": intervention.name});
    let mut resource = if procedure {
        json!({"resourceType": "Procedure", "status": "completed", "code": name, "subject": {"reference": patient}})
    } else {
        json!({"resourceType": "MedicationAdministration", "status": "completed",
               "medicationCodeableConcept": name, "subject": {"reference": patient}})
    };
    let (instant, period) = if procedure {
        ("performedDateTime", "performedPeriod")
    } else {
        ("effectiveDateTime", "effectivePeriod")
    };
    let start_text = times.date_time(start);
    match (start_text, end.and_then(|end| times.date_time(end))) {
        (Some(start), Some(end)) => resource[period] = json!({"start": start, "end": end}),
        (Some(start), None)
            if end.is_some() || matches!(intervention.timing, Timing::Course { .. }) =>
        {
            resource[period] = json!({"start": start});
        }
        (Some(start), None) => resource[instant] = json!(start),
        // De-identified: MedicationAdministration must have an effective time in FHIR, so it
        // is a period marked as masked; the day extensions say when.
        (None, _) if !procedure => {
            resource[period] = json!({"extension": [{
                "url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                "valueCode": "masked"
            }]});
        }
        (None, _) => {}
    }
    let mut extensions = times.day_extensions(start);
    extensions.push(json!({"url": format!("{EXTENSION_BASE}intervention-kind"), "valueCode": intervention.kind.label()}));
    if intervention.dates_reconstructed {
        resource["meta"] = json!({"tag": [{"system": PROVENANCE_SYSTEM, "code": "reconstructed-dates",
            "display": "Dates reconstructed by the reviewer"}]});
    }
    resource["extension"] = json!(extensions);
    if !procedure && (intervention.dose.is_some() || intervention.route.is_some()) {
        let mut dosage = json!({});
        if let Some(dose) = intervention.dose.as_ref().filter(|_| !times.deidentify) {
            dosage["text"] = json!(dose);
        }
        if let Some(route) = &intervention.route {
            dosage["route"] = json!({"text": route});
        }
        resource["dosage"] = dosage;
    }
    resource
}

pub fn imaging_studies(
    case: &Case,
    times: &Times<'_>,
    ids: &mut Ids,
    patient: &str,
) -> Vec<(String, Value)> {
    case.milestones
        .iter()
        .map(|milestone| {
            let code = match milestone.modality {
                Modality::ChestXray => "DX",
                Modality::Ct => "CT",
                Modality::Ultrasound => "US",
                Modality::Other => "OT",
            };
            let mut description = format!("{} {}", milestone.label, milestone.modality.label());
            // Free text is not scrubbed here; a de-identified document leaves it out.
            if !times.deidentify && !milestone.findings.trim().is_empty() {
                description.push_str(": ");
                description.push_str(milestone.findings.trim());
            }
            let mut study = json!({
                "resourceType": "ImagingStudy",
                "status": "available",
                "subject": {"reference": patient},
                "modality": [{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": code}],
                "description": description,
            });
            if let Some(time) = milestone.time {
                if let Some(at) = times.date_time(time) {
                    study["started"] = json!(at);
                }
                study["extension"] = json!(times.day_extensions(time));
            }
            (ids.next_id(), study)
        })
        .collect()
}
