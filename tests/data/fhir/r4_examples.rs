//! The published FHIR R4 example resources, in one collection bundle.

use caselens::model::{EventKind, LabFlag, Modality, ReferenceInterval, Timing};

use super::common::*;

#[test]
fn r4_example_observations_split_panels_and_keep_flags_and_ranges() {
    let outcome = import(&fixture("r4_examples_collection.json"));
    let case = only_case(&outcome);
    // observation-example-bloodpressure: 107/60 mmHg on 2012-09-17, diastolic flagged low.
    let systolic = series(case, "systolic_bp");
    assert_eq!(systolic.unit.as_deref(), Some("mm[Hg]"));
    assert_eq!(systolic.samples[0].time, date("2012-09-17"));
    assert_eq!(values(case, "systolic_bp"), [107.0]);
    assert_eq!(systolic.samples[0].flag, None, "interpretation N");
    let diastolic = series(case, "diastolic_bp");
    assert_eq!(values(case, "diastolic_bp"), [60.0]);
    assert_eq!(diastolic.samples[0].flag, Some(LabFlag::Low));
    // observation-example-satO2: coded 2708-6 and 59408-5, 95 %, range 90–99 %.
    let spo2 = series(case, "spo2");
    assert_eq!(values(case, "spo2"), [95.0]);
    assert_eq!(spo2.samples[0].time, date_time("2014-12-05T09:30:10"));
    assert_eq!(spo2.reference, Some(ReferenceInterval::between(90.0, 99.0)));
    // observation-example-f001 (glucose, 15074-8, 6.3 mmol/L) is in the full catalog: it
    // reaches the glucose series in its own unit, and nothing is left unmapped.
    assert_eq!(values(case, "glucose"), [6.3]);
    assert_eq!(series(case, "glucose").unit.as_deref(), Some("mmol/L"));
    assert_eq!(
        outcome.mapping.unmapped().count(),
        0,
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
