//! FHIR R4 Bundles: the hand-written bundle in tests/fixtures/import (a severe COVID-19 stay
//! with labs, drugs, procedures, imaging and billing resources), the other bundle types, a
//! Synthea-sized pile of unused resources, and bad input.

use std::path::PathBuf;

use caselens::io::import::{ExportFormat, ImportOptions, ImportOutcome, LoadedExport, import_file};
use caselens::io::to_canonical_text;
use caselens::model::{Censoring, EventKind, InterventionKind, Modality, Timing, validate};
use serde_json::{Value, json};

fn bundle_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/fhir_r4_bundle.json")
}

fn bundle_json() -> Value {
    let text = std::fs::read_to_string(bundle_path()).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn import_json(bundle: &Value) -> ImportOutcome {
    let bytes = serde_json::to_vec(bundle).expect("serialises");
    let export = LoadedExport::from_bytes(&bytes, "fhir_r4_bundle.json", ExportFormat::FhirBundle)
        .unwrap_or_else(|error| panic!("{error}"));
    let mapping = export
        .detect_mapping(&[])
        .unwrap_or_else(|error| panic!("{error}"));
    export
        .build(&mapping, &ImportOptions::default())
        .unwrap_or_else(|error| panic!("{error}"))
}

fn import_fixture() -> ImportOutcome {
    import_file(&bundle_path(), &ImportOptions::default()).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn a_covid_stay_becomes_one_valid_case() {
    let outcome = import_fixture();
    assert_eq!(outcome.bundle_type.as_deref(), Some("collection"));
    assert_eq!(outcome.patients.len(), 1);
    let case = &outcome.patients[0].case;
    assert!(!validate(case).has_errors(), "{:?}", validate(case));
    assert_eq!(
        case.metadata.title,
        "Patient 1 of 1 (imported from fhir_r4_bundle.json)"
    );
    assert_eq!(
        case.anchors
            .admission
            .map(|time| time.to_string())
            .as_deref(),
        Some("1 Feb 2020 09:30"),
        "the inpatient encounter, not the 2019 visit; local time as written"
    );
    assert_eq!(
        case.anchors
            .discharge
            .map(|time| time.to_string())
            .as_deref(),
        Some("20 Feb 2020 11:00")
    );
    let count = |kind: EventKind| case.events.iter().filter(|e| e.kind == kind).count();
    assert_eq!(count(EventKind::Discharge), 1);
    assert_eq!(
        count(EventKind::Immunization),
        2,
        "influenza 2019 and Td 2018"
    );
    assert_eq!(case.patient.age_years, Some(65));

    let series = |marker: &str| {
        case.series
            .iter()
            .find(|series| series.marker == marker)
            .unwrap_or_else(|| panic!("no {marker}"))
    };
    let crp = series("crp");
    let crp_values: Vec<f64> = crp.samples.iter().map(|sample| sample.value).collect();
    assert_eq!(
        crp_values,
        [56.3, 98.0, 21.0],
        "9.8 mg/dL is 98 mg/L; the entered-in-error value is out"
    );
    assert_eq!(crp.conversions[0].from_unit, "mg/dL");
    assert_eq!(series("il6").samples[0].censored, Some(Censoring::Above));
    let procalcitonin = &series("procalcitonin").samples[0];
    assert_eq!(
        (procalcitonin.value, procalcitonin.censored),
        (0.05, Some(Censoring::Below))
    );
    assert_eq!(series("lymphocytes").unit.as_deref(), Some("10*9/L"));
    assert_eq!(series("d_dimer").unit.as_deref(), Some("mg/L{FEU}"));
    assert_eq!(series("temperature").samples[0].value, 38.9);

    let unmapped: Vec<&str> = outcome
        .mapping
        .unmapped()
        .map(|entry| entry.key.as_str())
        .collect();
    assert_eq!(
        unmapped,
        ["2339-0"],
        "glucose in blood (2339-0) is listed; the blood-pressure panel is split into its components"
    );
    let rejected: Vec<String> = outcome
        .report
        .rejected
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        rejected,
        [
            "Observation/obs-04: status `entered-in-error`; not imported",
            "Condition/condition-6: `COVID-19` has no onset and no `recordedDate`; not imported",
        ]
    );
}

#[test]
fn drugs_procedures_and_imaging_become_interventions_and_milestones() {
    let outcome = import_fixture();
    let case = &outcome.patients[0].case;
    let interventions: Vec<(&str, InterventionKind)> = case
        .interventions
        .iter()
        .map(|intervention| (intervention.name.as_str(), intervention.kind))
        .collect();
    assert_eq!(
        interventions,
        [
            (
                "High flow oxygen therapy",
                InterventionKind::RespiratorySupport
            ),
            ("Lopinavir/ritonavir", InterventionKind::Antiviral),
            ("Methylprednisolone", InterventionKind::Corticosteroid),
            (
                "Transfusion of COVID-19 convalescent plasma",
                InterventionKind::ConvalescentPlasma
            ),
        ]
    );
    let lopinavir = &case.interventions[1];
    assert!(
        matches!(&lopinavir.timing, Timing::Doses(doses) if doses.len() == 3),
        "three given doses; the not-done one is left out: {:?}",
        lopinavir.timing
    );
    assert_eq!(lopinavir.dose.as_deref(), Some("2 tablets"));
    assert!(matches!(
        case.interventions[2].timing,
        Timing::Course { end: Some(_), .. }
    ));
    assert!(
        outcome.report.notes.iter().any(|note| note
            .starts_with("patient 1: intervention `Medication reconciliation` not imported: ")),
        "the 2019 procedure lies outside the stay: {:?}",
        outcome.report.notes
    );

    let milestones: Vec<(&str, Modality)> = case
        .milestones
        .iter()
        .map(|milestone| (milestone.label.as_str(), milestone.modality))
        .collect();
    assert_eq!(
        milestones,
        [("I1", Modality::Ct), ("I2", Modality::ChestXray)]
    );
    assert_eq!(
        case.milestones[0].findings,
        "Bilateral peripheral ground-glass opacities in the lower lobes."
    );
}

#[test]
fn unused_resources_are_counted_by_kind() {
    let outcome = import_fixture();
    assert_eq!(
        outcome.report.skipped_resources,
        [
            ("CarePlan".to_owned(), 1),
            ("Claim".to_owned(), 2),
            ("ExplanationOfBenefit".to_owned(), 1),
            ("Organization".to_owned(), 1),
        ]
    );
    assert_eq!(outcome.report.skipped_total(), 5);
}

#[test]
fn the_identifier_reaches_source_id_but_names_never_reach_the_case_file() {
    let outcome = import_fixture();
    let patient = &outcome.patients[0];
    let identity = patient.identity.as_ref().expect("shown in the dialog");
    assert_eq!(identity.names, ["Maja E. Lindqvist"]);
    assert!(
        identity
            .identifiers
            .iter()
            .any(|id| id.starts_with("MRN-0042917"))
    );
    assert_eq!(
        patient.case.patient.source_id.as_deref(),
        Some("MRN-0042917")
    );
    assert_eq!(patient.file_stem, "fhir_r4_bundle_patient_1");
    assert_eq!(patient.id_file_stem, "fhir_r4_bundle_patient_MRN-0042917");
    let text = to_canonical_text(&patient.case).expect("serialises");
    assert_eq!(
        text.matches("MRN-0042917").count(),
        1,
        "the identifier is in source_id only, not in the title or anywhere else:\n{text}"
    );
    assert!(text.contains("source_id: Some(\"MRN-0042917\")"), "{text}");
    for secret in [
        "Lindqvist",
        "Maja",
        "1954-03-12",
        "7f1c2a4e",
        "hospital.example.org",
    ] {
        assert!(
            !text.contains(secret),
            "`{secret}` leaked into the case file"
        );
    }
}

#[test]
fn a_patient_without_identifiers_is_known_by_its_resource_id() {
    let mut bundle = bundle_json();
    for entry in bundle["entry"].as_array_mut().expect("entries") {
        if entry["resource"]["resourceType"] == "Patient" {
            entry["resource"]["identifier"] = json!([{ "system": "urn:x", "value": "  " }]);
        }
    }
    let outcome = import_json(&bundle);
    assert_eq!(
        outcome.patients[0].case.patient.source_id.as_deref(),
        Some("7f1c2a4e-0b1d-4c61-9a55-3f0d8e2b6a01"),
        "a blank identifier is passed over for the resource id"
    );
    assert!(!validate(&outcome.patients[0].case).has_errors());
}

#[test]
fn batch_transaction_and_searchset_bundles_give_the_same_case() {
    let collection = import_fixture();
    for kind in ["batch", "transaction", "searchset"] {
        let mut bundle = bundle_json();
        bundle["type"] = json!(kind);
        let entries = bundle["entry"].as_array_mut().expect("entries");
        for entry in entries.iter_mut() {
            let resource_type = entry["resource"]["resourceType"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            match kind {
                "searchset" => entry["search"] = json!({"mode": "match"}),
                _ => entry["request"] = json!({"method": "POST", "url": resource_type}),
            }
        }
        if kind == "searchset" {
            entries.push(json!({
                "search": {"mode": "outcome"},
                "resource": {"resourceType": "OperationOutcome", "issue": [{"severity": "information", "code": "informational"}]}
            }));
        }
        let imported = import_json(&bundle);
        assert_eq!(imported.bundle_type.as_deref(), Some(kind));
        assert_eq!(
            imported.patients[0].case, collection.patients[0].case,
            "{kind}"
        );
    }
}

#[test]
fn thousands_of_unused_resources_are_skipped_and_counted() {
    let mut entries = vec![
        json!({"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "male"}}),
        json!({"resource": {"resourceType": "Observation", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "26881-3"}]},
            "subject": {"reference": "urn:uuid:p1"},
            "effectiveDateTime": "2020-03-01T08:00:00Z",
            "valueQuantity": {"value": 12.0, "system": "http://unitsofmeasure.org", "code": "pg/mL"}}}),
    ];
    for index in 0..3000 {
        let kind = ["Claim", "ExplanationOfBenefit", "Coverage", "CarePlan"][index % 4];
        entries.push(json!({"fullUrl": format!("urn:uuid:x{index}"),
            "resource": {"resourceType": kind, "id": format!("x{index}"), "status": "active",
                "patient": {"reference": "urn:uuid:p1"}, "item": [{"sequence": 1}]}}));
    }
    let outcome =
        import_json(&json!({"resourceType": "Bundle", "type": "collection", "entry": entries}));
    assert_eq!(outcome.patients.len(), 1);
    assert_eq!(outcome.report.skipped_total(), 3000);
    assert_eq!(
        outcome.report.skipped_resources,
        [
            ("CarePlan".to_owned(), 750),
            ("Claim".to_owned(), 750),
            ("Coverage".to_owned(), 750),
            ("ExplanationOfBenefit".to_owned(), 750),
        ]
    );
}

#[test]
fn a_searchset_of_observations_splits_by_subject() {
    let observation = |subject: &str, value: f64| {
        json!({"resource": {"resourceType": "Observation", "id": format!("o-{subject}-{value}"), "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "1988-5"}], "text": "CRP"},
            "subject": {"reference": format!("https://fhir.example.org/r4/Patient/{subject}")},
            "effectiveDateTime": "2020-03-01",
            "valueQuantity": {"value": value, "unit": "mg/L"}}, "search": {"mode": "match"}})
    };
    let outcome = import_json(&json!({"resourceType": "Bundle", "type": "searchset",
        "entry": [observation("a", 5.0), observation("b", 7.0), observation("a", 9.0)]}));
    assert_eq!(outcome.patients.len(), 2);
    let first = &outcome.patients[0].case.series[0];
    assert_eq!(
        first.samples.len(),
        1,
        "same day, so the repeat at the same time is reported"
    );
    assert_eq!(outcome.report.rejected.len(), 1);
    assert!(
        outcome.report.rejected[0]
            .reason
            .starts_with("CRP has another value (5) at the same time")
    );
}

#[test]
fn bad_input_is_named() {
    let export = |text: &str| {
        LoadedExport::from_bytes(text.as_bytes(), "record.json", ExportFormat::FhirBundle)
            .err()
            .map(|e| e.to_string())
    };
    assert_eq!(
        export(r#"{"resourceType": "Patient", "id": "1"}"#).as_deref(),
        Some(
            "record.json: the resource is a `Patient`, not a `Bundle`; export the patient's record as a FHIR R4 Bundle"
        )
    );
    let broken = export("{\"resourceType\": \"Bundle\",\n \"entry\": [}").unwrap_or_default();
    assert!(broken.starts_with("record.json:2:"), "{broken}");
    assert!(broken.contains("not a FHIR Bundle in JSON"), "{broken}");
}
