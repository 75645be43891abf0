//! The case as a FHIR R4 document: a Bundle of type `document` whose first entry is a
//! Composition carrying the CARE sections as narrative, each section listing the resources it
//! rests on, then the Patient, an Observation per sample, MedicationAdministration/Procedure
//! per intervention, ImagingStudy per milestone and the report's figures as Media (SVG).
//!
//! Entries are identified by `urn:uuid:` full URLs derived from the case's content, so the
//! same case gives the same document. A de-identified document has no calendar date, name
//! or identifier: times are hospital or illness days in extensions, the Composition's date
//! is the year only, and the Bundle has no timestamp.

mod resources;

use serde_json::{Value, json};

use super::html::escape;
use super::model::CaseReport;
use crate::model::{Case, Timeline};
use resources::Times;

/// Where CaseLens's own extensions are named. `.invalid` is reserved, so it can never clash
/// with a real definition; the names are documented in docs/journal.md.
pub const EXTENSION_BASE: &str = "https://caselens.invalid/fhir/StructureDefinition/";
/// The provenance tag on every Observation: measured, published or reconstructed.
pub const PROVENANCE_SYSTEM: &str = "https://caselens.invalid/fhir/CodeSystem/provenance";

/// Deterministic `urn:uuid:` identifiers for the entries of one document.
pub struct Ids {
    seed: u64,
    next: u64,
}

impl Ids {
    fn for_case(case: &Case) -> Self {
        // FNV-1a over the title and sample count: stable across runs, different per case.
        let mut seed = 0xcbf2_9ce4_8422_2325u64;
        let key = format!("{}|{}", case.metadata.title, case.series.len());
        for byte in key.bytes() {
            seed ^= u64::from(byte);
            seed = seed.wrapping_mul(0x0100_0000_01b3);
        }
        Self { seed, next: 0 }
    }

    pub fn next_id(&mut self) -> String {
        self.next += 1;
        format!(
            "urn:uuid:{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            self.seed >> 32,
            (self.seed >> 16) & 0xffff,
            self.seed & 0xfff,
            (self.seed >> 20) & 0xfff,
            self.next
        )
    }
}

fn narrative(paragraphs: &[String]) -> Value {
    let body: String = paragraphs
        .iter()
        .filter(|paragraph| !paragraph.trim().is_empty())
        .map(|paragraph| format!("<p>{}</p>", escape(paragraph)))
        .collect();
    let body = if body.is_empty() {
        "<p>Not written yet.</p>".to_owned()
    } else {
        body
    };
    json!({"status": "generated", "div": format!("<div xmlns=\"http://www.w3.org/1999/xhtml\">{body}</div>")})
}

fn section(title: &str, paragraphs: &[String], entries: &[String]) -> Value {
    let mut section = json!({"title": title, "text": narrative(paragraphs)});
    if !entries.is_empty() {
        section["entry"] = json!(
            entries
                .iter()
                .map(|id| json!({"reference": id}))
                .collect::<Vec<_>>()
        );
    }
    section
}

fn optional(text: &Option<String>) -> Vec<String> {
    text.iter().cloned().collect()
}

/// The document Bundle as JSON.
pub fn document_bundle(case: &Case, report: &CaseReport, deidentify: bool) -> Value {
    let timeline = Timeline::for_case(case);
    let times = Times {
        timeline: &timeline,
        deidentify,
    };
    let mut ids = Ids::for_case(case);
    let composition_id = ids.next_id();
    let patient_id = ids.next_id();
    let observations = resources::observations(case, &times, &mut ids, &patient_id);
    let interventions = resources::interventions(case, &times, &mut ids, &patient_id);
    let studies = resources::imaging_studies(case, &times, &mut ids, &patient_id);
    let media = media_resources(report, &mut ids, &patient_id);
    let keys = |resources: &[(String, Value)]| -> Vec<String> {
        resources.iter().map(|(id, _)| id.clone()).collect()
    };
    let linked = Linked {
        patient: &patient_id,
        diagnostic: [keys(&observations), keys(&studies)].concat(),
        interventions: keys(&interventions),
        media: keys(&media),
    };
    let sections = composition_sections(report, deidentify, &linked);

    let now = chrono::Utc::now();
    let date = if deidentify {
        now.format("%Y").to_string()
    } else {
        now.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
    };
    let mut composition = json!({
        "resourceType": "Composition",
        "status": "final",
        "type": {"coding": [{"system": resources::LOINC, "code": "34133-9",
                             "display": "Summary of episode note"}],
                 "text": "Case report (CARE)"},
        "subject": {"reference": patient_id},
        "date": date,
        "author": [{"display": report.generator}],
        "title": report.title,
        "section": sections,
    });
    if deidentify {
        composition["confidentiality"] = json!("N");
    }

    let mut entries = vec![
        (composition_id, composition),
        (patient_id.clone(), resources::patient(case, deidentify)),
    ];
    entries.extend(observations);
    entries.extend(interventions);
    entries.extend(studies);
    entries.extend(media);
    let mut bundle = json!({
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": ids.next_id()},
        "type": "document",
        "entry": entries
            .into_iter()
            .map(|(id, resource)| json!({"fullUrl": id, "resource": resource}))
            .collect::<Vec<_>>(),
    });
    if !deidentify {
        bundle["timestamp"] = json!(now.format("%Y-%m-%dT%H:%M:%S+00:00").to_string());
    }
    bundle
}

/// The Bundle's resources each section of the Composition links to.
struct Linked<'a> {
    patient: &'a str,
    diagnostic: Vec<String>,
    interventions: Vec<String>,
    media: Vec<String>,
}

/// A Media resource per drawn figure, its SVG inline.
fn media_resources(report: &CaseReport, ids: &mut Ids, patient_id: &str) -> Vec<(String, Value)> {
    report
        .figures
        .iter()
        .filter_map(|figure| {
            use base64::Engine;
            let svg = figure.svg.as_ref()?;
            Some((
                ids.next_id(),
                json!({
                    "resourceType": "Media",
                    "status": "completed",
                    "subject": {"reference": patient_id},
                    "content": {
                        "contentType": "image/svg+xml",
                        "title": figure.title,
                        "data": base64::engine::general_purpose::STANDARD.encode(svg),
                    },
                    "note": [{"text": figure.caption}],
                }),
            ))
        })
        .collect()
}

/// The Composition's sections, in the CARE order, each linking the resources it rests on.
fn composition_sections(report: &CaseReport, deidentify: bool, linked: &Linked<'_>) -> Vec<Value> {
    let mut timeline_lines: Vec<String> = report
        .timeline
        .iter()
        .map(|entry| format!("{}: {}", entry.when.label, entry.what))
        .collect();
    if !deidentify {
        timeline_lines.push(
            "Times of day are the hospital's local times as recorded; their +00:00 offset is a placeholder, as the case records no time zone.".to_owned(),
        );
    }
    let findings: Vec<String> = report
        .clinical_findings
        .iter()
        .map(|finding| {
            format!(
                "{} ({}): {}",
                finding.kind, finding.when.label, finding.text
            )
        })
        .collect();
    let laboratory: Vec<String> = report
        .diagnostic_assessment
        .laboratory
        .iter()
        .map(|course| {
            format!(
                "{} ({}): {} values, provenance {}.",
                course.name, course.unit, course.sample_count, course.provenance
            )
        })
        .collect();
    let treatments: Vec<String> = report
        .interventions
        .iter()
        .map(|entry| format!("{} ({}): {}", entry.name, entry.kind, entry.timing))
        .collect();
    let mut patient_lines = vec![report.patient.description.clone()];
    patient_lines.extend(report.patient.summary.clone());
    let mut notices = Vec::new();
    if let Some(illustrative) = &report.illustrative {
        notices.push(illustrative.statement.clone());
    }
    if let Some(deidentification) = &report.deidentification {
        notices.push(deidentification.statement.clone());
    }

    let mut sections = vec![
        section(
            "Patient information",
            &patient_lines,
            &[linked.patient.to_owned()],
        ),
        section("Clinical findings", &findings, &[]),
        section("Timeline", &timeline_lines, &[]),
        section("Diagnostic assessment", &laboratory, &linked.diagnostic),
        section(
            "Therapeutic interventions",
            &treatments,
            &linked.interventions,
        ),
        section("Discussion", &optional(&report.discussion), &[]),
        section(
            "Patient perspective",
            &optional(&report.patient_perspective),
            &[],
        ),
        section("Informed consent", &optional(&report.informed_consent), &[]),
    ];
    if !linked.media.is_empty() {
        let captions: Vec<String> = report
            .figures
            .iter()
            .map(|figure| format!("{}. {}", figure.title, figure.caption))
            .collect();
        sections.push(section("Figures", &captions, &linked.media));
    }
    if !notices.is_empty() {
        sections.insert(0, section("Notices", &notices, &[]));
    }
    sections
}
