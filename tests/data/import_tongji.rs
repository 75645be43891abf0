//! The real Tongji export (tests/fixtures/tables/tongji_test_110.xlsx): 110 patients, ids
//! only on each patient's first row, three markers without units in their headers. Expected
//! values were read from the sheet's XML independently of CaseLens (Python, zipfile + XML).

use std::path::PathBuf;

use caselens::io::import::{ImportOptions, ImportOutcome, import_file};
use caselens::model::{CaseTime, EventKind, Series, validate};
use chrono::NaiveDate;

fn tongji() -> Option<PathBuf> {
    Some(crate::files::fixture("tables/tongji_test_110.xlsx"))
}

fn import(path: &std::path::Path) -> ImportOutcome {
    let options = ImportOptions {
        label: Some("Tongji".to_owned()),
        ..ImportOptions::default()
    };
    import_file(path, &options).unwrap_or_else(|error| panic!("{error}"))
}

fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> CaseTime {
    CaseTime::DateTime(
        NaiveDate::from_ymd_opt(year, month, day)
            .and_then(|date| date.and_hms_opt(hour, minute, second))
            .expect("a real time"),
    )
}

fn series<'a>(outcome: &'a ImportOutcome, patient: &str, marker: &str) -> &'a Series {
    outcome
        .patients
        .iter()
        .find(|imported| imported.key == patient)
        .unwrap_or_else(|| panic!("patient {patient} imported"))
        .case
        .series
        .iter()
        .find(|series| series.marker == marker)
        .unwrap_or_else(|| panic!("patient {patient} has {marker}"))
}

fn values(series: &Series) -> Vec<(CaseTime, f64)> {
    series
        .samples
        .iter()
        .map(|sample| (sample.time, sample.value))
        .collect()
}

/// Samples of LDH / hs-CRP / lymphocytes (%) per patient, as counted from the sheet.
const SAMPLES_PER_PATIENT: &str = "1:2/2/2 2:2/2/2 3:7/5/11 4:3/5/4 5:3/3/3 6:4/3/4 7:2/1/2 8:3/3/3 9:5/3/3 10:5/2/5 11:3/1/2 12:3/2/3 13:4/3/4 14:3/3/4 15:2/3/3 16:1/3/3 17:1/2/2 18:2/2/2 19:2/2/3 20:3/1/2 21:2/2/2 22:2/1/3 23:4/2/2 24:2/2/2 25:4/4/4 26:2/1/2 27:1/1/2 28:6/5/6 29:12/6/11 30:2/1/2 31:2/1/2 32:2/2/1 33:3/3/3 34:3/3/3 35:2/2/2 36:2/1/2 37:2/2/2 38:2/2/2 39:2/2/2 40:2/2/3 41:1/2/2 42:1/2/2 43:3/3/2 44:3/3/3 45:3/3/4 46:2/2/2 47:3/1/3 48:3/1/1 49:2/1/1 50:2/2/2 51:1/1/1 52:3/3/3 53:1/1/1 54:2/2/2 55:2/2/2 56:8/1/9 57:2/2/2 58:1/2/2 59:2/2/2 60:2/2/2 61:11/3/11 62:2/2/2 63:1/1/1 64:1/1/1 65:2/2/2 66:2/2/2 67:2/2/3 68:2/2/2 69:2/2/2 70:2/2/2 71:1/1/1 72:2/2/2 73:1/1/1 74:2/2/2 75:1/2/2 76:10/6/9 77:2/2/2 78:1/1/1 79:7/3/7 80:10/2/9 81:1/1/1 82:6/6/6 83:4/2/3 84:2/2/3 85:2/2/2 86:16/13/17 87:2/3/2 88:3/3/3 89:2/1/1 90:5/2/7 91:9/7/8 92:2/3/3 93:3/3/3 94:5/3/4 95:2/3/3 96:5/6/6 97:3/3/3 98:5/2/4 99:2/3/3 100:2/2/2 101:2/1/2 102:1/3/3 103:2/3/3 104:4/3/3 105:2/2/2 106:18/13/19 107:2/2/2 108:4/4/4 109:11/7/11 110:3/2/3";

#[test]
fn every_patient_becomes_a_valid_case_with_the_sheets_sample_counts() {
    let Some(path) = tongji() else { return };
    let outcome = import(&path);
    assert_eq!(outcome.patients.len(), 110);
    assert_eq!(outcome.report.rows_read, 757);
    assert_eq!(
        outcome.report.forward_filled_ids,
        757 - 110,
        "ids are only on first rows"
    );
    assert!(
        outcome.report.rejected.is_empty(),
        "{:?}",
        outcome.report.rejected
    );
    let counted: Vec<String> = outcome
        .patients
        .iter()
        .map(|patient| {
            let count = |marker: &str| {
                patient
                    .case
                    .series
                    .iter()
                    .find(|series| series.marker == marker)
                    .map_or(0, |series| series.samples.len())
            };
            format!(
                "{}:{}/{}/{}",
                patient.key,
                count("ldh"),
                count("hs_crp"),
                count("lymphocytes_percent")
            )
        })
        .collect();
    assert_eq!(counted.join(" "), SAMPLES_PER_PATIENT);
    for patient in &outcome.patients {
        let report = validate(&patient.case);
        assert!(
            !report.has_errors(),
            "patient {}: {:?}",
            patient.key,
            report
        );
    }
}

#[test]
fn values_times_and_units_match_the_sheet() {
    let Some(path) = tongji() else { return };
    let outcome = import(&path);
    assert_eq!(
        values(series(&outcome, "1", "ldh")),
        [
            (at(2020, 2, 10, 12, 7, 0), 183.0),
            (at(2020, 2, 13, 10, 6, 0), 194.0)
        ]
    );
    assert_eq!(
        values(series(&outcome, "1", "hs_crp")),
        [
            (at(2020, 2, 10, 12, 7, 0), 5.1),
            (at(2020, 2, 13, 10, 6, 0), 2.7)
        ]
    );
    assert_eq!(
        values(series(&outcome, "1", "lymphocytes_percent")),
        [
            (at(2020, 2, 10, 11, 15, 0), 28.0),
            (at(2020, 2, 13, 9, 35, 0), 28.6)
        ]
    );
    assert_eq!(
        values(series(&outcome, "12", "ldh")),
        [
            (at(2020, 2, 4, 15, 36, 0), 221.0),
            (at(2020, 2, 7, 20, 38, 0), 311.0),
            (at(2020, 2, 16, 6, 47, 0), 296.0)
        ]
    );
    assert_eq!(
        values(series(&outcome, "110", "hs_crp")),
        [
            (at(2020, 2, 5, 12, 36, 0), 78.1),
            (at(2020, 2, 17, 10, 0, 0), 31.2)
        ]
    );
    let ldh = series(&outcome, "3", "ldh");
    assert_eq!(ldh.unit(), Some("U/L"));
    assert_eq!(ldh.samples.first().map(|s| s.value), Some(366.0));
    assert!(
        ldh.note
            .as_deref()
            .is_some_and(|note| note.contains("no unit")),
        "the assumed unit is stated"
    );
    assert!(
        ldh.imported_from
            .as_deref()
            .is_some_and(|from| from.contains("column C `Lactate dehydrogenase`"))
    );
}

#[test]
fn admission_discharge_and_outcome_are_carried_over() {
    let Some(path) = tongji() else { return };
    let outcome = import(&path);
    let case = |key: &str| {
        &outcome
            .patients
            .iter()
            .find(|patient| patient.key == key)
            .expect("patient imported")
            .case
    };
    let first = case("1");
    assert_eq!(first.patient.source_id.as_deref(), Some("1"));
    assert_eq!(
        first.metadata.title,
        "Tongji patient 1 of 110 (imported from tongji_test_110.xlsx)"
    );
    assert_eq!(first.anchors.admission, Some(at(2020, 2, 9, 10, 47, 24)));
    assert_eq!(first.anchors.discharge, Some(at(2020, 2, 21, 14, 51, 12)));
    assert_eq!(first.events.len(), 1);
    assert_eq!(first.events[0].kind, EventKind::Discharge);
    assert_eq!(first.events[0].time, at(2020, 2, 21, 14, 51, 12));

    let third = case("3");
    assert_eq!(third.anchors.admission, Some(at(2020, 1, 27, 23, 6, 56)));
    assert_eq!(third.events[0].kind, EventKind::Death);
    assert_eq!(third.events[0].time, at(2020, 2, 14, 17, 53, 8));

    let died: Vec<&str> = outcome
        .patients
        .iter()
        .filter(|patient| {
            patient
                .case
                .events
                .iter()
                .any(|event| event.kind == EventKind::Death)
        })
        .map(|patient| patient.key.as_str())
        .collect();
    assert_eq!(
        died,
        [
            "3", "28", "29", "56", "61", "76", "79", "80", "86", "91", "96", "106", "109"
        ]
    );
}

#[test]
fn a_missing_sheet_is_named_with_the_sheets_there_are() {
    let Some(path) = tongji() else { return };
    let options = ImportOptions {
        sheet: Some("Labs".to_owned()),
        ..ImportOptions::default()
    };
    let error = import_file(&path, &options).expect_err("there is no sheet Labs");
    assert_eq!(
        error.to_string(),
        "tongji_test_110.xlsx has no sheet `Labs`; its sheets are: `Sheet1`; choose one with --sheet"
    );
}
