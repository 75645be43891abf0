//! Cohort context against the real Tongji training table (375 patients, Yan et al. 2020).
//!
//! Expected values are computed here straight from the sheet with calamine (no CaseLens
//! importer): ids filled down, sample and admission times from the Excel serial numbers,
//! hospital day = whole days since admission + 1, each patient's last value of a day, then
//! type-7 quantiles; and the rule on each patient's last value of each analyte. CaseLens's
//! bands and `cohort check` (on the bundled cohort and on one built from the sheet) must agree.

use crate::support::shared;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use caselens::analysis::cohort::bands::{MIN_PATIENTS_PER_DAY, analyte_bands};
use caselens::analysis::cohort::check::check_cohort;
use caselens::io::cohort_file::{bundled_tongji, read_cohort_file};
use caselens::model::{Cohort, CohortOutcome};

const TRAIN_375: &str = "fixtures/tables/tongji_train_375.xlsx";
const TEST_110: &str = "fixtures/tables/tongji_test_110.xlsx";

/// One sheet column's samples per patient: `(seconds from admission, value)` in sheet order.
struct SheetColumn {
    /// Patient id → (died, samples).
    patients: BTreeMap<i64, (bool, Vec<(i64, f64)>)>,
}

fn seconds(serial: f64) -> i64 {
    (serial * 86_400.0).round() as i64
}

fn read_sheet_column(path: &Path, header: &str) -> SheetColumn {
    let mut workbook = open_workbook_auto(path).unwrap_or_else(|error| panic!("{error}"));
    let range = workbook
        .worksheet_range_at(0)
        .unwrap_or_else(|| panic!("a first sheet"))
        .unwrap_or_else(|error| panic!("{error}"));
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .unwrap_or_else(|| panic!("a header row"))
        .iter()
        .map(|cell| cell.to_string().trim().to_owned())
        .collect();
    let column = |name: &str| {
        headers
            .iter()
            .position(|header| header == name)
            .unwrap_or_else(|| panic!("column {name}"))
    };
    let (id, time, admission, outcome, wanted) = (
        column("PATIENT_ID"),
        column("RE_DATE"),
        column("Admission time"),
        column("outcome"),
        column(header),
    );
    let number = |cell: &Data| match cell {
        Data::Float(value) => Some(*value),
        Data::Int(value) => Some(*value as f64),
        Data::DateTime(value) => Some(value.as_f64()),
        _ => None,
    };
    let mut current = None;
    let mut patients = BTreeMap::new();
    for row in rows {
        if let Some(value) = number(&row[id]) {
            current = Some(value as i64);
        }
        let (Some(patient), Some(outcome)) = (current, number(&row[outcome])) else {
            continue;
        };
        // Every patient counts, even one whose only row has no sample time (14 rows do).
        let entry = patients
            .entry(patient)
            .or_insert_with(|| (outcome == 1.0, Vec::new()));
        let (Some(time), Some(admission)) = (number(&row[time]), number(&row[admission])) else {
            continue;
        };
        if let Some(value) = number(&row[wanted]) {
            entry.1.push((seconds(time) - seconds(admission), value));
        }
    }
    SheetColumn { patients }
}

fn quantile(sorted: &[f64], probability: f64) -> f64 {
    let position = probability * (sorted.len() - 1) as f64;
    let low = position.floor() as usize;
    let high = position.ceil() as usize;
    sorted[low] + (position - low as f64) * (sorted[high] - sorted[low])
}

/// `(died, hospital day)` → (patients, q1, median, q3), from the sheet.
fn expected_bands(column: &SheetColumn) -> BTreeMap<(bool, i64), (usize, f64, f64, f64)> {
    let mut per_day: BTreeMap<(bool, i64), Vec<f64>> = BTreeMap::new();
    for (died, samples) in column.patients.values() {
        let mut ordered = samples.clone();
        ordered.sort_by_key(|(seconds, _)| *seconds);
        let mut last_of_day: BTreeMap<i64, f64> = BTreeMap::new();
        for (seconds, value) in ordered {
            last_of_day.insert(seconds.div_euclid(86_400) + 1, value);
        }
        for (day, value) in last_of_day {
            per_day.entry((*died, day)).or_default().push(value);
        }
    }
    per_day
        .into_iter()
        .map(|(key, mut values)| {
            values.sort_by(f64::total_cmp);
            let summary = (
                values.len(),
                quantile(&values, 0.25),
                quantile(&values, 0.5),
                quantile(&values, 0.75),
            );
            (key, summary)
        })
        .collect()
}

fn assert_bands_match(cohort: &Cohort, sheet: &Path, header: &str, marker: &str, unit: &str) {
    let expected = expected_bands(&read_sheet_column(sheet, header));
    let index = cohort
        .analytes
        .iter()
        .position(|analyte| analyte.marker == marker && analyte.unit == unit)
        .unwrap_or_else(|| panic!("{} has {marker} in {unit}", cohort.name));
    let bands = analyte_bands(cohort, index, MIN_PATIENTS_PER_DAY);
    let mut found = BTreeMap::new();
    for outcome in CohortOutcome::BOTH {
        for day in bands.for_outcome(outcome) {
            assert_eq!(day.drawn, day.patients >= MIN_PATIENTS_PER_DAY);
            found.insert(
                (outcome == CohortOutcome::Died, i64::from(day.hospital_day)),
                (
                    day.patients,
                    day.lower_quartile,
                    day.median,
                    day.upper_quartile,
                ),
            );
        }
    }
    assert_eq!(found.len(), expected.len(), "{marker}: days with values");
    for (key, want) in &expected {
        let got = found
            .get(key)
            .unwrap_or_else(|| panic!("{marker}: day {key:?} missing"));
        assert_eq!(got.0, want.0, "{marker} {key:?}: patients");
        for (got, want) in [(got.1, want.1), (got.2, want.2), (got.3, want.3)] {
            assert!(
                (got - want).abs() < 1e-9,
                "{marker} {key:?}: {got} vs {want}"
            );
        }
    }
}

fn bundled() -> Cohort {
    bundled_tongji().unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn bundled_bands_match_quantiles_computed_from_the_sheet() {
    let Some(sheet) = shared::shared_fixture(TRAIN_375) else {
        return;
    };
    let cohort = bundled();
    for (header, marker, unit) in [
        ("Lactate dehydrogenase", "ldh", "U/L"),
        ("High sensitivity C-reactive protein", "hs_crp", "mg/L"),
        ("(%)lymphocyte", "lymphocytes_percent", "%"),
        ("Interleukin 6", "il6", "pg/mL"),
    ] {
        assert_bands_match(&cohort, &sheet, header, marker, unit);
    }
}

/// The rule on each patient's last value, from the sheet: `[actual][predicted]` and the
/// number of patients it cannot assess.
fn expected_confusion(sheet: &Path) -> ([[usize; 2]; 2], usize) {
    let last = |header| -> BTreeMap<i64, (bool, Option<f64>)> {
        read_sheet_column(sheet, header)
            .patients
            .into_iter()
            .map(|(id, (died, mut samples))| {
                samples.sort_by_key(|(seconds, _)| *seconds);
                (id, (died, samples.last().map(|(_, value)| *value)))
            })
            .collect()
    };
    let ldh = last("Lactate dehydrogenase");
    let crp = last("High sensitivity C-reactive protein");
    let lymphocytes = last("(%)lymphocyte");
    let mut matrix = [[0; 2]; 2];
    let mut unassessable = 0;
    for (id, (died, ldh)) in &ldh {
        let crp = crp.get(id).and_then(|(_, value)| *value);
        let lymphocytes = lymphocytes.get(id).and_then(|(_, value)| *value);
        let predicted_death = match (ldh, crp, lymphocytes) {
            (Some(ldh), _, _) if *ldh >= 365.0 => Some(true),
            (Some(_), Some(crp), _) if crp < 41.2 => Some(false),
            (Some(_), Some(_), Some(lymphocytes)) => Some(lymphocytes < 14.7),
            _ => None,
        };
        match predicted_death {
            Some(death) => matrix[usize::from(*died)][usize::from(death)] += 1,
            None => unassessable += 1,
        }
    }
    (matrix, unassessable)
}

#[test]
fn the_rule_on_the_bundled_cohort_gives_the_confusion_matrix_of_the_sheet() {
    let Some(sheet) = shared::shared_fixture(TRAIN_375) else {
        return;
    };
    let cohort = bundled();
    let (survived, died) = cohort.outcome_counts();
    // ../shared/README.md: 375 patients, 201 survived, 174 died.
    assert_eq!((survived, died), (201, 174));
    let (matrix, unassessable) = expected_confusion(&sheet);
    let check = check_cohort(&cohort);
    assert_eq!(check.matrix, matrix);
    assert_eq!(check.unassessable[0] + check.unassessable[1], unassessable);
    assert_eq!(check.assessed() + unassessable, 375);

    let output = caselens(&["cohort", "check"]);
    let accuracy = (matrix[0][0] + matrix[1][1]) as f64 * 100.0 / check.assessed() as f64;
    for wanted in [
        format!(
            "{:<20} {:>18}  {:>15}",
            "survived ", matrix[0][0], matrix[0][1]
        ),
        format!("{:<20} {:>18}  {:>15}", "died ", matrix[1][0], matrix[1][1]),
        format!("accuracy {accuracy:.1} %"),
        "Yan et al.".to_owned(),
        "MIT licence".to_owned(),
        "doi:10.1038/s42256-020-0180-7".to_owned(),
        "Caveat:".to_owned(),
    ] {
        assert!(output.contains(&wanted), "`{wanted}` not in:\n{output}");
    }
}

fn caselens(arguments: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_caselens"))
        .args(arguments)
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "caselens {arguments:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn cohort_info_describes_the_bundled_cohort_with_its_attribution() {
    let output = caselens(&["cohort", "info"]);
    for wanted in [
        "Patients: 375 (201 survived, 174 died)",
        "Yan L. et al.",
        "MIT licence",
        "U/L  LDH (ldh)",
    ] {
        assert!(output.contains(wanted), "`{wanted}` not in:\n{output}");
    }
}

#[test]
fn a_cohort_built_from_another_export_has_its_patients_and_bands() {
    let Some(export) = shared::shared_fixture(TEST_110) else {
        return;
    };
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let out = folder.path().join("tongji_110.arrow");
    let out_text = out.to_string_lossy().into_owned();
    let export_text = export.to_string_lossy().into_owned();
    let summary = caselens(&["cohort", "build", &export_text, "--out", &out_text]);
    assert!(summary.contains("110 patients"), "{summary}");
    let cohort = read_cohort_file(&out).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(cohort.patients.len(), 110);
    assert_bands_match(&cohort, &export, "Lactate dehydrogenase", "ldh", "U/L");
    let info = caselens(&["cohort", "info", &out_text]);
    assert!(info.contains("Patients: 110"), "{info}");
}

/// A case with the three analytes at the thresholds: hs-CRP in mg/dL, so it is converted.
const THRESHOLD_CASE: &str = r#"(
    format_version: 1,
    metadata: (title: "Rule thresholds"),
    patient: (),
    anchors: (admission: Some(Date("2020-02-01"))),
    series: [
        (marker: "ldh", unit: Some("U/L"), samples: [
            (time: Date("2020-02-01"), value: 364.9),
            (time: Date("2020-02-03"), value: 365.0),
        ]),
        (marker: "hs_crp", unit: Some("mg/dL"), samples: [
            (time: Date("2020-02-01"), value: 4.12),
            (time: Date("2020-02-02"), value: 4.11),
        ]),
        (marker: "lymphocytes_percent", unit: Some("%"), samples: [
            (time: Date("2020-02-01"), value: 14.7),
        ]),
    ],
)"#;

#[test]
fn cohort_rule_names_each_days_branch_and_the_values_it_used() {
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let path = folder.path().join("thresholds.ron");
    std::fs::write(&path, THRESHOLD_CASE).unwrap_or_else(|error| panic!("{error}"));
    let output = caselens(&["cohort", "rule", &path.to_string_lossy()]);
    let days: Vec<&str> = output
        .lines()
        .filter(|line| line.contains(" 2020: "))
        .collect();
    assert_eq!(days.len(), 3, "{output}");
    // 1 Feb: LDH 364.9, hs-CRP 4.12 mg/dL = 41.2 mg/L (not below), lymphocytes 14.7 (not below).
    assert!(
        days[0].ends_with("lymphocytes ≥ 14.7 %: survival → survival"),
        "{output}"
    );
    // 2 Feb: hs-CRP 4.11 mg/dL = 41.1 mg/L, below 41.2.
    assert!(
        days[1].ends_with("hs-CRP < 41.2 mg/L: survival → survival"),
        "{output}"
    );
    // 3 Feb: LDH 365, at the threshold.
    assert!(
        days[2].ends_with("LDH ≥ 365 U/L: high risk of death → death"),
        "{output}"
    );
    assert!(
        output.contains("converted exactly from 4.12 mg/dL"),
        "{output}"
    );
    assert!(output.contains("doi:10.1038/s42256-020-0180-7"), "{output}");
    assert!(output.contains("Caveat:"), "{output}");
}
