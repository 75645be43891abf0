//! FHIR records in full (issue #18): the published FHIR R4 example resources in one
//! collection bundle, and a Synthea-style COVID-19 record sent as a batch, a transaction, a
//! collection and a searchset, each resource type checked against the case it becomes; bad
//! references, contained resources and wrong types named; de-identified exports of imported
//! cases free of names, birth dates and identifiers; the `--encounter` and
//! `--list-encounters` options of the real binary.
//!
//! Every expected value below is read off the fixture JSON in `tests/fixtures/fhir/` (see its
//! README), not off CaseLens's output.

use std::path::PathBuf;
use std::process::{Command, Output};

use caselens::io::import::{ExportFormat, ImportOptions, ImportOutcome, LoadedExport};
use caselens::model::{
    Case, CaseTime, ClinicalEvent, EventKind, InterventionKind, LabFlag, Modality,
    ReferenceInterval, Timing, validate,
};
use serde_json::{Value, json};

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fhir")
        .join(name)
}

fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(fixture_path(name)).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn import_with(bundle: &Value, options: &ImportOptions) -> ImportOutcome {
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

fn import(bundle: &Value) -> ImportOutcome {
    import_with(bundle, &ImportOptions::default())
}

fn only_case(outcome: &ImportOutcome) -> &Case {
    assert_eq!(outcome.patients.len(), 1, "one patient");
    let case = &outcome.patients[0].case;
    assert!(!validate(case).has_errors(), "{:?}", validate(case));
    case
}

/// `2020-03-02T08:15` or, with seconds, `2014-12-05T09:30:10`.
fn date_time(text: &str) -> CaseTime {
    let parsed = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"));
    CaseTime::DateTime(parsed.expect("test time"))
}

fn date(text: &str) -> CaseTime {
    CaseTime::Date(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date"))
}

fn series<'a>(case: &'a Case, marker: &str) -> &'a caselens::model::Series {
    case.series
        .iter()
        .find(|series| series.marker == marker)
        .unwrap_or_else(|| {
            let markers: Vec<&str> = case.series.iter().map(|s| s.marker.as_str()).collect();
            panic!("no series {marker}; have {markers:?}")
        })
}

fn values(case: &Case, marker: &str) -> Vec<f64> {
    series(case, marker)
        .samples
        .iter()
        .map(|s| s.value)
        .collect()
}

fn event<'a>(case: &'a Case, starts: &str) -> &'a ClinicalEvent {
    case.events
        .iter()
        .find(|event| event.text.starts_with(starts))
        .unwrap_or_else(|| {
            let texts: Vec<&str> = case.events.iter().map(|e| e.text.as_str()).collect();
            panic!("no event `{starts}…`; have {texts:#?}")
        })
}

fn rejected(outcome: &ImportOutcome) -> Vec<String> {
    outcome
        .report
        .rejected
        .iter()
        .map(ToString::to_string)
        .collect()
}

// ---- the published FHIR R4 examples ----

#[test]
fn r4_example_observations_split_panels_and_keep_flags_and_ranges() {
    let outcome = import(&fixture("r4_examples_collection.json"));
    let case = only_case(&outcome);
    // observation-example-bloodpressure: 107/60 mmHg on 2012-09-17, diastolic flagged low.
    let systolic = series(case, "systolic_blood_pressure");
    assert_eq!(systolic.unit.as_deref(), Some("mm[Hg]"));
    assert_eq!(systolic.samples[0].time, date("2012-09-17"));
    assert_eq!(values(case, "systolic_blood_pressure"), [107.0]);
    assert_eq!(systolic.samples[0].flag, None, "interpretation N");
    let diastolic = series(case, "diastolic_blood_pressure");
    assert_eq!(values(case, "diastolic_blood_pressure"), [60.0]);
    assert_eq!(diastolic.samples[0].flag, Some(LabFlag::Low));
    // observation-example-satO2: coded 2708-6 and 59408-5, 95 %, range 90–99 %.
    let spo2 = series(case, "spo2");
    assert_eq!(values(case, "spo2"), [95.0]);
    assert_eq!(spo2.samples[0].time, date_time("2014-12-05T09:30:10"));
    assert_eq!(spo2.reference, Some(ReferenceInterval::between(90.0, 99.0)));
    // observation-example-f001 (glucose, 15074-8) is in neither the catalog nor the alias
    // table: listed as not mapped, never silently dropped.
    assert!(
        outcome
            .mapping
            .unmapped()
            .any(|entry| entry.key == "15074-8"),
        "{:?}",
        outcome.mapping
    );
}

#[test]
fn r4_example_condition_immunization_procedure_request_and_study() {
    let outcome = import(&fixture("r4_examples_collection.json"));
    let case = only_case(&outcome);
    // condition-example-f201-fever: a finding from 2013-04-02, resolved, abatement as text.
    let fever = event(case, "Fever");
    assert_eq!(fever.time, date("2013-04-02"));
    assert_eq!(
        fever.kind,
        EventKind::Diagnosis,
        "category problem-list-item"
    );
    assert!(
        fever.text.contains("verification: confirmed"),
        "{}",
        fever.text
    );
    assert!(
        fever.text.contains("clinical status: resolved"),
        "{}",
        fever.text
    );
    assert!(
        fever.text.contains("abatement: around April 9, 2013"),
        "{}",
        fever.text
    );
    assert_eq!(fever.end, None);
    // condition-example2: onset only as text, so it is refused by name.
    assert!(
        rejected(&outcome).iter().any(|message| message
            == "Condition/example2: `Asthma`: onset is given only as text (`onsetString` `approximately November 2012`) and there is no `recordedDate`; not imported"),
        "{:#?}",
        rejected(&outcome)
    );
    // immunization-example: Fluvax on 2013-01-10, 5 mg intramuscular.
    let vaccine = event(case, "Immunization: Fluvax (Influenza)");
    assert_eq!(vaccine.kind, EventKind::Immunization);
    assert_eq!(vaccine.time, date("2013-01-10"));
    assert!(vaccine.text.contains("5 mg"), "{}", vaccine.text);
    assert!(
        vaccine.text.contains("Injection, intramuscular"),
        "{}",
        vaccine.text
    );
    // procedure-example: appendectomy on 2013-04-05.
    let appendectomy = case
        .interventions
        .iter()
        .find(|i| i.name == "Appendectomy")
        .expect("procedure imported");
    assert_eq!(appendectomy.timing, Timing::Single(date("2013-04-05")));
    // A request naming its medication by a contained Medication, with a course and dose.
    let adcetris = case
        .interventions
        .iter()
        .find(|i| i.name == "Adcetris")
        .expect("contained medication named");
    assert_eq!(
        adcetris.timing,
        Timing::Course {
            start: date("2015-01-15"),
            end: Some(date("2015-12-14"))
        }
    );
    assert_eq!(adcetris.dose.as_deref(), Some("1.8 mg/kg, 1 × per 3 wk"));
    assert_eq!(
        adcetris.route.as_deref(),
        Some("Intravenous route (qualifier value)")
    );
    // imagingstudy-example: a CT series on 2017-01-01.
    assert_eq!(case.milestones.len(), 1);
    assert_eq!(case.milestones[0].modality, Modality::Ct);
    assert_eq!(
        case.milestones[0].time,
        Some(date_time("2017-01-01T11:01:20"))
    );
    // diagnosticreport f001 groups its result and names the one that is not in the bundle.
    let report = event(case, "Complete Blood Count");
    assert_eq!(report.kind, EventKind::TestResult);
    assert!(
        report.text.contains("Glucose [Moles/volume] in Blood"),
        "{}",
        report.text
    );
    assert!(
        report.text.ends_with("Conclusion: Core lab"),
        "{}",
        report.text
    );
    assert!(
        rejected(&outcome)
            .iter()
            .any(|message| message.contains("DiagnosticReport/f001")
                && message
                    .contains("`result[1]` `Observation/r2` is not an Observation in the bundle")),
        "{:#?}",
        rejected(&outcome)
    );
    // Practitioner and Organization are administration, counted by type.
    assert_eq!(
        outcome.report.skipped_resources,
        [
            ("Organization".to_owned(), 1),
            ("Practitioner".to_owned(), 1)
        ]
    );
}

// ---- a Synthea-style COVID-19 record ----

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
    assert_eq!(values(case, "systolic_blood_pressure"), [131.0, 92.0]);
    assert_eq!(values(case, "diastolic_blood_pressure"), [78.0, 58.0]);
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

// ---- bad input ----

#[test]
fn dangling_contained_and_wrongly_typed_references_are_named() {
    let patient =
        json!({"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1"}});
    let crp = |id: &str, subject: Value, value: Value| {
        json!({"resource": {"resourceType": "Observation", "id": id, "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "1988-5"}], "text": "CRP"},
            "subject": subject, "effectiveDateTime": "2020-03-01",
            "valueQuantity": value}})
    };
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        patient,
        {"resource": {"resourceType": "Practitioner", "id": "dr"}},
        crp("ok", json!({"reference": "urn:uuid:p1"}), json!({"value": 12, "unit": "mg/L"})),
        crp("gone", json!({"reference": "Patient/p2"}), json!({"value": 13, "unit": "mg/L"})),
        crp("contained", json!({"reference": "#p1"}), json!({"value": 14, "unit": "mg/L"})),
        crp("doctor", json!({"reference": "Practitioner/dr"}), json!({"value": 15, "unit": "mg/L"})),
        crp("group", json!({"reference": "Group/ward-3"}), json!({"value": 16, "unit": "mg/L"})),
        crp("text-value", json!({"reference": "urn:uuid:p1"}), json!({"value": "twelve", "unit": "mg/L"})),
        {"resource": {"resourceType": "MedicationAdministration", "id": "m1", "status": "completed",
            "medicationReference": {"reference": "Medication/absent"},
            "subject": {"reference": "urn:uuid:p1"}, "effectiveDateTime": "2020-03-01"}},
        {"resource": {"resourceType": "MedicationAdministration", "id": "m2", "status": "completed",
            "medicationReference": {"reference": "#not-there"},
            "contained": [{"resourceType": "Medication", "id": "other", "code": {"text": "Heparin"}}],
            "subject": {"reference": "urn:uuid:p1"}, "effectiveDateTime": "2020-03-01"}},
        {"resource": {"resourceType": "MedicationAdministration", "id": "m3", "status": "completed",
            "medicationReference": {"reference": "urn:uuid:p1"},
            "subject": {"reference": "urn:uuid:p1"}, "effectiveDateTime": "2020-03-01"}},
        {"resource": {"resourceType": "Condition", "id": "c1", "code": {"text": "Cough"},
            "subject": {"reference": "urn:uuid:p1"}, "onsetDateTime": 20200301}},
    ]});
    let outcome = import(&bundle);
    assert_eq!(values(only_case(&outcome), "crp"), [12.0]);
    let messages = rejected(&outcome);
    for expected in [
        "Observation/gone: `subject` `Patient/p2` is not in the bundle; not imported",
        "Observation/contained: `subject` `#p1` points to a contained resource; CaseLens reads patients only from the bundle's entries; not imported",
        "Observation/doctor: `subject` `Practitioner/dr` is a Practitioner, not a Patient; not imported",
        "Observation/group: `subject` `Group/ward-3` names a Group, not a Patient; not imported",
        "MedicationAdministration/m1: `medicationReference` `Medication/absent` is not in the bundle and has no display; not imported",
        "MedicationAdministration/m2: `medicationReference` `#not-there` names no contained Medication with a code; not imported",
        "MedicationAdministration/m3: `medicationReference` `urn:uuid:p1` is a Patient, not a Medication; not imported",
    ] {
        assert!(
            messages.iter().any(|m| m == expected),
            "{expected}\nnot in {messages:#?}"
        );
    }
    for (resource, field) in [
        ("Observation/text-value", "field `valueQuantity.value`"),
        ("Condition/c1", "field `onsetDateTime`"),
    ] {
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with(&format!("{resource}: {field} cannot be read as FHIR R4"))),
            "{resource} {field} not in {messages:#?}"
        );
    }
}

// ---- the command line, and de-identification ----

fn caselens(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caselens"))
        .args(arguments)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the caselens binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_command_line_lists_encounters_and_imports_the_chosen_stay() {
    let fixture = fixture_path("synthea_covid_batch.json");
    let fixture = fixture.to_str().expect("utf-8 path");
    let listed = caselens(&[
        "import",
        fixture,
        "--out-dir",
        "unused",
        "--list-encounters",
    ]);
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    let listing = text(&listed.stdout);
    assert!(listing.contains("4 encounters (* inpatient)"), "{listing}");
    assert!(
        listing.contains("* Encounter/00000000-0000-4000-8000-000000000001: IMP, 2018-11-02T10:00:00-05:00 – 2018-11-05T12:00:00-05:00, Hospital admission"),
        "{listing}"
    );
    let folder = tempfile::tempdir().expect("temporary folder");
    let out_dir = folder.path().to_str().expect("utf-8 path");
    let imported = caselens(&[
        "import",
        fixture,
        "--out-dir",
        out_dir,
        "--encounter",
        "urn:uuid:00000000-0000-4000-8000-000000000001",
    ]);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let written: Vec<PathBuf> = std::fs::read_dir(folder.path())
        .expect("listed")
        .map(|entry| entry.expect("entry").path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let case = caselens::io::load_case(&written[0]).expect("the written case loads");
    assert_eq!(
        case.case.anchors.admission,
        Some(date_time("2018-11-02T10:00"))
    );
}

#[test]
fn imported_records_carry_no_name_birth_date_or_identifier_when_de_identified() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let out_dir = folder.path().join("cases");
    let fixture = fixture_path("synthea_covid_batch.json");
    let imported = caselens(&[
        "import",
        fixture.to_str().expect("utf-8"),
        "--out-dir",
        out_dir.to_str().expect("utf-8"),
    ]);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let case_file = std::fs::read_dir(&out_dir)
        .expect("listed")
        .map(|entry| entry.expect("entry").path())
        .next()
        .expect("one case file");
    // Read off the fixture's Patient, Practitioner and Organization.
    let never = [
        "Lorraine619",
        "Kertzmann286",
        "1953-08-14",
        "999-61-4410",
        "555-318-2207",
        "Boehm Rapid",
        "Worcester",
        "01602",
        "Alva958",
        "Hoppe518",
    ];
    let case_text = std::fs::read_to_string(&case_file).expect("case file");
    for word in never {
        assert!(!case_text.contains(word), "`{word}` is in the case file");
    }
    assert!(
        case_text.contains("MRN-5530921"),
        "the reviewer's source id is kept"
    );
    for format in ["md", "html", "json"] {
        let out = folder.path().join(format!("report.{format}"));
        let exported = caselens(&[
            "export",
            case_file.to_str().expect("utf-8"),
            "--format",
            format,
            "--deidentify",
            "--out",
            out.to_str().expect("utf-8"),
        ]);
        assert!(exported.status.success(), "{}", text(&exported.stderr));
        let report = std::fs::read_to_string(&out).expect("report written");
        for word in never.iter().chain(&["MRN-5530921", "7c2a9e4e"]) {
            assert!(
                !report.contains(word),
                "`{word}` is in the de-identified {format}"
            );
        }
        assert!(
            report.contains("COVID-19"),
            "the diagnosis is in the {format} report"
        );
    }
}
