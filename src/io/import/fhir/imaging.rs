//! Imaging from FHIR: ImagingStudies, with the conclusions of the DiagnosticReports that refer
//! to them, and imaging reports without a study, become imaging milestones labelled I1, I2, …

use std::collections::HashMap;

use super::bundle::FhirBundle;
use super::patients::PatientIndex;
use super::shared::normalise_reference;
use super::shared::{is_data, time_of};
use super::types::Coding;
use crate::io::import::batch::Batch;
use crate::io::import::time_parse::time_key;
use crate::model::{ImagingMilestone, Modality};

fn modality_of(codes: &[&Coding], words: &str) -> Modality {
    let coded = codes.iter().filter_map(|coding| coding.code.as_deref());
    for code in coded {
        match code {
            "CR" | "DX" | "RG" => return Modality::ChestXray,
            "CT" => return Modality::Ct,
            "US" => return Modality::Ultrasound,
            _ => {}
        }
    }
    let words = words.to_lowercase();
    if words.contains(" ct") || words.starts_with("ct") || words.contains("computed tomography") {
        Modality::Ct
    } else if words.contains("x-ray") || words.contains("xr ") || words.contains("radiograph") {
        Modality::ChestXray
    } else if words.contains("ultrasound") {
        Modality::Ultrasound
    } else {
        Modality::Other
    }
}

/// Imaging studies, with the conclusion of the reports that refer to them; imaging reports
/// without a study become milestones themselves. Labels are I1, I2, … per patient in time order.
pub fn add_imaging(bundle: &FhirBundle, patients: &mut PatientIndex, batch: &mut Batch) {
    let mut conclusions: HashMap<String, Vec<String>> = HashMap::new();
    for report in bundle.reports.iter().filter(|r| r.resource.is_imaging()) {
        for study in &report.resource.imaging_study {
            if let (Some(reference), Some(conclusion)) =
                (&study.reference, &report.resource.conclusion)
            {
                conclusions
                    .entry(normalise_reference(reference))
                    .or_default()
                    .push(conclusion.clone());
            }
        }
    }
    let mut found: Vec<(usize, ImagingMilestone)> = Vec::new();
    for located in &bundle.studies {
        let study = &located.resource;
        if !is_data(study.status.as_deref()) {
            continue;
        }
        let location = &located.location;
        let Some(patient) = patients.for_subject(batch, study.subject.as_ref(), location) else {
            continue;
        };
        let mut codes: Vec<&Coding> = study.modality.iter().collect();
        codes.extend(
            study
                .series
                .iter()
                .filter_map(|series| series.modality.as_ref()),
        );
        let description = study.description.clone().unwrap_or_default();
        let mut findings: Vec<String> = located
            .keys
            .iter()
            .filter_map(|key| conclusions.get(key))
            .flatten()
            .cloned()
            .collect();
        findings.dedup();
        found.push((
            patient,
            ImagingMilestone {
                label: String::new(),
                modality: modality_of(&codes, &description),
                time: time_of(study.started.as_deref(), "started", location, batch),
                images: Vec::new(),
                findings: findings.join(" "),
                note: (!description.is_empty())
                    .then(|| format!("Imported from FHIR ImagingStudy: {description}")),
                ..ImagingMilestone::new(String::new(), crate::model::Modality::Other)
            },
        ));
    }
    for located in bundle
        .reports
        .iter()
        .filter(|r| r.resource.is_imaging() && r.resource.imaging_study.is_empty())
    {
        let report = &located.resource;
        if !is_data(report.status.as_deref()) {
            continue;
        }
        let location = &located.location;
        let Some(patient) = patients.for_subject(batch, report.subject.as_ref(), location) else {
            continue;
        };
        let name = report.code.readable().unwrap_or_default();
        let codes: Vec<&Coding> = report.category.iter().flat_map(|c| &c.coding).collect();
        let effective = report
            .effective_date_time
            .as_deref()
            .or_else(|| report.effective_period.as_ref()?.start.as_deref());
        found.push((
            patient,
            ImagingMilestone {
                label: String::new(),
                modality: modality_of(&codes, &name),
                time: time_of(effective, "effective time", location, batch),
                images: Vec::new(),
                findings: report.conclusion.clone().unwrap_or_default(),
                note: Some(format!("Imported from FHIR DiagnosticReport: {name}")),
                ..ImagingMilestone::new(String::new(), crate::model::Modality::Other)
            },
        ));
    }
    found
        .sort_by_key(|(patient, milestone)| (*patient, milestone.time.map(|time| time_key(&time))));
    let mut counters: HashMap<usize, usize> = HashMap::new();
    for (patient, mut milestone) in found {
        let number = counters.entry(patient).or_insert(0);
        *number += 1;
        milestone.label = format!("I{number}");
        if let Some(record) = batch.patients.get_mut(patient) {
            record.milestones.push(milestone);
        }
    }
}
