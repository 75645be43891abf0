//! A Synthea-style COVID-19 record, as a batch, a transaction, a collection and a searchset.

use caselens::io::import::ImportOptions;
use caselens::io::import::{ExportFormat, LoadedExport};
use caselens::model::{EventKind, InterventionKind, LabFlag, Modality, ReferenceInterval, Timing};
use serde_json::{Value, json};

use super::common::*;

fn synthea() -> Value {
    fixture("synthea_covid_batch.json")
}

#[test]
fn the_latest_inpatient_stay_gives_admission_discharge_and_outcome() {
    let outcome = import(&synthea());
    let case = only_case(&outcome);
    // Ward 2020-03-02 08:15 then ICU from 14:00 on 2020-03-06 to 2020-03-16 11:00: one stay;
    // the 2018 admission is another stay, named in the report.
    assert_eq!(case.anchors.admission, Some(date_time("2020-03-02T08:15")));
    assert_eq!(case.anchors.discharge, Some(date_time("2020-03-16T11:00")));
    assert!(
        case.events
            .iter()
            .any(|e| e.kind == EventKind::Discharge && e.time == date_time("2020-03-16T11:00"))
    );
    assert!(
        outcome
            .report
            .notes
            .iter()
            .any(|note| note.contains("2 inpatient stays")
                && note.contains("the latest; choose another with --encounter")),
        "{:#?}",
        outcome.report.notes
    );
    assert_eq!(case.patient.age_years, Some(66), "born 1953-08-14");
    assert_eq!(case.patient.weight_kg, Some(71.4));
}

#[test]
fn choosing_an_encounter_imports_that_stay() {
    let options = ImportOptions {
        encounter: Some("urn:uuid:00000000-0000-4000-8000-000000000001".to_owned()),
        ..ImportOptions::default()
    };
    let outcome = import_with(&synthea(), &options);
    let case = &outcome.patients[0].case;
    assert_eq!(case.anchors.admission, Some(date_time("2018-11-02T10:00")));
    assert_eq!(case.anchors.discharge, Some(date_time("2018-11-05T12:00")));
    let bytes = serde_json::to_vec(&synthea()).expect("serialises");
    let export =
        LoadedExport::from_bytes(&bytes, "record.json", ExportFormat::FhirBundle).expect("reads");
    assert_eq!(export.encounters().len(), 4);
    let mapping = export.detect_mapping(&[]).expect("mapping");
    let error = export
        .build(
            &mapping,
            &ImportOptions {
                encounter: Some("Encounter/nowhere".to_owned()),
                ..ImportOptions::default()
            },
        )
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(
        error.starts_with("record.json has no encounter `Encounter/nowhere`; its encounters are: `Encounter/00000000-0000-4000-8000-000000000004`"),
        "{error}"
    );
}

#[test]
fn synthea_observations_become_series_test_results_and_reported_gaps() {
    let outcome = import(&synthea());
    let case = only_case(&outcome);
    // 2708-6 (arterial saturation) feeds SpO₂, flags and the source range kept.
    let spo2 = series(case, "spo2");
    assert_eq!(values(case, "spo2"), [89.0, 84.0]);
    let flags: Vec<Option<LabFlag>> = spo2.samples.iter().map(|s| s.flag).collect();
    assert_eq!(flags, [Some(LabFlag::Low), Some(LabFlag::CriticalLow)]);
    assert_eq!(
        spo2.reference,
        Some(ReferenceInterval::between(94.0, 100.0))
    );
    // The blood-pressure panel, split.
    assert_eq!(values(case, "systolic_bp"), [131.0, 92.0]);
    assert_eq!(values(case, "diastolic_bp"), [78.0, 58.0]);
    assert_eq!(values(case, "body_weight"), [71.4]);
    let crp = series(case, "crp");
    assert_eq!(values(case, "crp"), [112.5]);
    assert_eq!(crp.samples[0].flag, Some(LabFlag::High));
    assert_eq!(
        crp.reference,
        Some(ReferenceInterval {
            low: None,
            high: Some(10.0)
        })
    );
    // Qualitative PCR results are test-result events.
    let sars = event(case, "SARS-CoV-2 (COVID-19) RNA panel");
    assert_eq!(sars.kind, EventKind::TestResult);
    assert!(
        sars.text.ends_with(": Detected (qualifier value)"),
        "{}",
        sars.text
    );
    assert_eq!(sars.time, date_time("2020-02-28T09:20"));
    let flu = event(case, "Influenza virus A RNA");
    assert!(
        flu.text.ends_with(": Not detected (qualifier value)"),
        "{}",
        flu.text
    );
    // A temperature not taken is reported with its reason.
    assert!(
        rejected(&outcome).iter().any(|message| message
            == "Observation/obs-10: `Body temperature` has no value: dataAbsentReason `Not Performed`"),
        "{:#?}",
        rejected(&outcome)
    );
    // The laboratory report groups both PCRs and carries its conclusion.
    let report = event(case, "SARS-CoV-2 and influenza PCR");
    assert!(report.text.contains("(2 results: "), "{}", report.text);
    assert!(
        report
            .text
            .ends_with("Conclusion: SARS-CoV-2 detected; influenza A not detected."),
        "{}",
        report.text
    );
}

#[test]
fn synthea_conditions_are_diagnosis_and_symptom_events_with_spans() {
    let outcome = import(&synthea());
    let case = only_case(&outcome);
    let covid = case
        .events
        .iter()
        .find(|e| e.text.starts_with("COVID-19 ("))
        .expect("COVID-19 diagnosis");
    assert_eq!(covid.kind, EventKind::Diagnosis);
    assert_eq!(covid.time, date_time("2020-02-28T09:30"));
    assert_eq!(covid.end, Some(date_time("2020-03-16T11:00")));
    assert!(
        covid
            .text
            .contains("verification: confirmed; clinical status: resolved")
    );
    let fever = event(case, "Fever (finding)");
    assert_eq!(fever.kind, EventKind::Symptom);
    assert_eq!(fever.end, Some(date_time("2020-03-09T08:00")));
    assert_eq!(event(case, "Cough (finding)").kind, EventKind::Symptom);
    assert_eq!(
        event(case, "Hypoxemia (disorder)").kind,
        EventKind::Diagnosis
    );
    let diabetes = event(case, "Diabetes mellitus type 2");
    assert_eq!(diabetes.end, None, "still active");
    assert!(diabetes.text.contains("clinical status: active"));
    // Immunizations with product and dose number, before and after the stay.
    let vaccine = event(case, "Immunization: SARS-COV-2 (COVID-19) vaccine");
    assert_eq!(vaccine.kind, EventKind::Immunization);
    assert_eq!(vaccine.time, date_time("2021-01-18T10:00"));
    assert!(vaccine.text.contains("dose 1 of 2"), "{}", vaccine.text);
    assert_eq!(
        case.events
            .iter()
            .filter(|e| e.kind == EventKind::Immunization)
            .count(),
        2
    );
}

#[test]
fn synthea_treatments_become_interventions_of_the_right_kind() {
    let outcome = import(&synthea());
    let case = only_case(&outcome);
    let named = |start: &str| {
        case.interventions
            .iter()
            .filter(|i| i.name.starts_with(start))
            .collect::<Vec<_>>()
    };
    // Three enoxaparin administrations carrying out one request: one intervention, three
    // doses; the request itself is not a second intervention.
    let enoxaparin = named("0.4 ML Enoxaparin");
    assert_eq!(enoxaparin.len(), 1, "{enoxaparin:#?}");
    assert_eq!(enoxaparin[0].kind, InterventionKind::Anticoagulant);
    assert_eq!(enoxaparin[0].dose.as_deref(), Some("40 mg"));
    assert_eq!(enoxaparin[0].route.as_deref(), Some("subcutaneous"));
    assert_eq!(
        enoxaparin[0].timing,
        Timing::Doses(vec![
            date_time("2020-03-02T10:00"),
            date_time("2020-03-03T10:00"),
            date_time("2020-03-04T10:00"),
        ])
    );
    // Dexamethasone ordered as a ten-day course, medication contained in the request.
    let dexamethasone = named("Dexamethasone 6 MG");
    assert_eq!(dexamethasone[0].kind, InterventionKind::Corticosteroid);
    assert_eq!(
        dexamethasone[0].timing,
        Timing::Course {
            start: date_time("2020-03-06T16:00"),
            end: Some(date_time("2020-03-15T16:00"))
        }
    );
    assert_eq!(dexamethasone[0].dose.as_deref(), Some("6 mg, 1 × per 1 d"));
    assert!(
        dexamethasone[0]
            .note
            .as_deref()
            .is_some_and(|note| note.contains("MedicationRequest: an order"))
    );
    // Convalescent plasma named by a Medication entry, a two-hour course.
    let plasma = named("COVID-19 convalescent plasma");
    assert_eq!(plasma[0].kind, InterventionKind::ConvalescentPlasma);
    assert_eq!(plasma[0].dose.as_deref(), Some("200 mL"));
    // Oxygen by mask and intubation are respiratory support.
    assert_eq!(
        named("Oxygen administration by mask")[0].kind,
        InterventionKind::RespiratorySupport
    );
    assert_eq!(
        named("Insertion of endotracheal tube")[0].kind,
        InterventionKind::RespiratorySupport
    );
    // A statement: metformin taken since admission, still running.
    let metformin = named("24 HR Metformin");
    assert_eq!(
        metformin[0].timing,
        Timing::Course {
            start: date_time("2020-03-02T08:15"),
            end: None
        }
    );
    assert_eq!(case.milestones.len(), 1);
    assert_eq!(case.milestones[0].modality, Modality::ChestXray);
    // Billing and administration are skipped, counted by type.
    assert_eq!(
        outcome.report.skipped_resources,
        [
            ("CarePlan".to_owned(), 1),
            ("CareTeam".to_owned(), 1),
            ("Claim".to_owned(), 3),
            ("ExplanationOfBenefit".to_owned(), 3),
            ("Organization".to_owned(), 1),
            ("Practitioner".to_owned(), 1),
        ]
    );
}

#[test]
fn every_bundle_type_gives_the_same_case() {
    let batch = import(&synthea());
    for kind in ["transaction", "collection", "searchset"] {
        let mut bundle = synthea();
        bundle["type"] = json!(kind);
        for entry in bundle["entry"].as_array_mut().expect("entries") {
            let Some(entry) = entry.as_object_mut() else {
                continue;
            };
            match kind {
                "collection" => {
                    entry.remove("request");
                }
                "searchset" => {
                    entry.remove("request");
                    entry.insert("search".to_owned(), json!({"mode": "match"}));
                }
                _ => {}
            }
        }
        let outcome = import(&bundle);
        assert_eq!(outcome.bundle_type.as_deref(), Some(kind));
        assert_eq!(outcome.patients[0].case, batch.patients[0].case, "{kind}");
        assert_eq!(outcome.report, batch.report, "{kind}");
    }
}
