//! Helpers shared by the FHIR tests: fixtures, importing, and finding what a case holds.

use std::path::PathBuf;

use caselens::io::import::{ExportFormat, ImportOptions, ImportOutcome, LoadedExport};
use caselens::model::{Case, CaseTime, ClinicalEvent, validate};
use serde_json::Value;

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fhir")
        .join(name)
}

pub fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(fixture_path(name)).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

pub fn import_with(bundle: &Value, options: &ImportOptions) -> ImportOutcome {
    let bytes = serde_json::to_vec(bundle).expect("serialises");
    let export = LoadedExport::from_bytes(&bytes, "record.json", ExportFormat::FhirBundle)
        .unwrap_or_else(|error| panic!("{error}"));
    let mapping = export
        .detect_mapping(&[])
        .unwrap_or_else(|error| panic!("{error}"));
    export
        .build(&mapping, options)
        .unwrap_or_else(|error| panic!("{error}"))
}

pub fn import(bundle: &Value) -> ImportOutcome {
    import_with(bundle, &ImportOptions::default())
}

pub fn only_case(outcome: &ImportOutcome) -> &Case {
    assert_eq!(outcome.patients.len(), 1, "one patient");
    let case = &outcome.patients[0].case;
    assert!(!validate(case).has_errors(), "{:?}", validate(case));
    case
}

/// `2020-03-02T08:15` or, with seconds, `2014-12-05T09:30:10`.
pub fn date_time(text: &str) -> CaseTime {
    let parsed = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"));
    CaseTime::DateTime(parsed.expect("test time"))
}

pub fn date(text: &str) -> CaseTime {
    CaseTime::Date(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date"))
}

pub fn series<'a>(case: &'a Case, marker: &str) -> &'a caselens::model::Series {
    case.series
        .iter()
        .find(|series| series.marker == marker)
        .unwrap_or_else(|| {
            let markers: Vec<&str> = case.series.iter().map(|s| s.marker.as_str()).collect();
            panic!("no series {marker}; have {markers:?}")
        })
}

pub fn values(case: &Case, marker: &str) -> Vec<f64> {
    series(case, marker)
        .samples
        .iter()
        .map(|s| s.value)
        .collect()
}

pub fn event<'a>(case: &'a Case, starts: &str) -> &'a ClinicalEvent {
    case.events
        .iter()
        .find(|event| event.text.starts_with(starts))
        .unwrap_or_else(|| {
            let texts: Vec<&str> = case.events.iter().map(|e| e.text.as_str()).collect();
            panic!("no event `{starts}…`; have {texts:#?}")
        })
}

pub fn rejected(outcome: &ImportOutcome) -> Vec<String> {
    outcome
        .report
        .rejected
        .iter()
        .map(ToString::to_string)
        .collect()
}
