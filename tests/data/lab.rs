//! Full lab panels on real exports: the Tongji 110- and 375-patient tables imported with every
//! analyte accounted for (catalog, kept as custom, or ignored by hand) and their values checked
//! against the sheet as `tests/fixtures/lab/tongji_expected.py` reads it (standard-library XML,
//! independently of CaseLens); a long-format export with duplicate names in two units, unit
//! conversions, qualitative results and an ambiguous name; a column-permuted copy giving the
//! same cases; coded sex stated by hand; one bad column never sinking the import; the CLI.

use crate::support::shared;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

use caselens::io::import::{
    ColumnRole, ExportFormat, ImportOptions, ImportOutcome, LoadedExport, MarkerTarget, MatchedBy,
    import_file,
};
use caselens::model::{CYTOKINE_STORM_PANELS, Case, CaseTime, EventKind, Series, Sex, validate};

fn expected() -> serde_json::Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lab/tongji_expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("expected values")).expect("json")
}

fn import(path: &Path, mapping: &[&str]) -> ImportOutcome {
    let options = ImportOptions {
        mapping: mapping
            .iter()
            .map(|text| text.parse().expect("mapping"))
            .collect(),
        ..ImportOptions::default()
    };
    let outcome = import_file(path, &options).unwrap_or_else(|error| panic!("{error}"));
    for patient in &outcome.patients {
        let report = validate(&patient.case);
        assert!(!report.has_errors(), "{report:?}");
    }
    outcome
}

/// The series an analyte header became, in one case.
fn series_of<'a>(case: &'a Case, outcome: &ImportOutcome, header: &str) -> Option<&'a Series> {
    let entry = outcome
        .mapping
        .entries
        .iter()
        .find(|entry| entry.key.trim() == header.trim())?;
    match &entry.role {
        ColumnRole::Marker(MarkerTarget::Catalog(id)) => {
            case.series.iter().find(|series| series.marker == *id)
        }
        ColumnRole::Marker(MarkerTarget::Custom { .. }) => case.series.iter().find(|series| {
            series
                .custom
                .as_ref()
                .is_some_and(|custom| custom.name == header.trim())
        }),
        _ => None,
    }
}

fn time_text(time: &CaseTime) -> String {
    match time {
        CaseTime::DateTime(time) => time.format("%Y-%m-%dT%H:%M:%S").to_string(),
        CaseTime::Date(date) => format!("{date}T00:00:00"),
        other => format!("{other:?}"),
    }
}

/// Every analyte of the sheet imported, with the sheet's values: totals over all patients,
/// and every value of a few patients.
fn check_against_sheet(name: &str, outcome: &ImportOutcome) {
    let all = expected();
    let sheet = &all[name];
    assert_eq!(
        outcome.patients.len() as u64,
        sheet["patients"].as_u64().unwrap()
    );
    let analytes = sheet["analytes"].as_object().unwrap();
    let mut targets = Vec::new();
    for (header, totals) in analytes {
        let entry = outcome
            .mapping
            .entries
            .iter()
            .find(|entry| entry.key.trim() == header.trim())
            .unwrap_or_else(|| panic!("{header} is not in the mapping"));
        assert!(
            matches!(entry.role, ColumnRole::Marker(_)),
            "{header} is not imported: {:?}",
            entry.role
        );
        targets.push(format!("{:?}", entry.role).replace("Custom", header));
        let (mut count, mut sum) = (0u64, 0.0f64);
        for patient in &outcome.patients {
            if let Some(series) = series_of(&patient.case, outcome, header) {
                count += series.samples.len() as u64;
                sum += series
                    .samples
                    .iter()
                    .map(|sample| sample.value)
                    .sum::<f64>();
            }
        }
        let want_sum = totals["sum"].as_f64().unwrap();
        assert_eq!(
            count,
            totals["values"].as_u64().unwrap(),
            "{header}: values"
        );
        assert!(
            (sum - want_sum).abs() <= 1e-9 * want_sum.abs().max(1.0),
            "{header}: sum {sum} ≠ {want_sum}"
        );
    }
    targets.sort();
    let before = targets.len();
    targets.dedup();
    assert_eq!(before, targets.len(), "two analytes share one marker");

    for (position, patient) in sheet["samples"].as_object().unwrap() {
        let index: usize = position.parse().unwrap();
        let case = &outcome.patients[index - 1].case;
        assert_eq!(
            case.patient.source_id.as_deref(),
            patient["id"].as_str(),
            "patient {position}"
        );
        for value in patient["values"].as_array().unwrap() {
            let (header, time, number) = (
                value[0].as_str().unwrap(),
                value[1].as_str().unwrap(),
                value[2].as_f64().unwrap(),
            );
            let series = series_of(case, outcome, header)
                .unwrap_or_else(|| panic!("patient {position}: no series for {header}"));
            assert!(
                series
                    .samples
                    .iter()
                    .any(|sample| time_text(&sample.time) == time && sample.value == number),
                "patient {position}: {header} {number} at {time} is missing"
            );
        }
    }
}

#[test]
fn the_375_patient_table_keeps_all_74_analytes_with_the_sheets_values() {
    let Some(path) = shared::shared_fixture("fixtures/tables/tongji_train_375.xlsx") else {
        return;
    };
    let outcome = import(&path, &["gender=sex:1=male,2=female"]);
    check_against_sheet("tongji_train_375.xlsx", &outcome);
    let kept: Vec<&str> = outcome
        .mapping
        .kept_as_custom()
        .map(|entry| entry.key.as_str())
        .collect();
    assert_eq!(
        kept,
        [
            "Quantification of Treponema pallidum antibodies",
            "HBsAg",
            "HCV antibody quantification",
            "2019-nCoV nucleic acid detection",
            "HIV antibody quantification",
        ],
        "serology has no catalog marker and is kept under its own name"
    );
    assert_eq!(outcome.mapping.unmapped().count(), 0);
    // The columns the issue found dropped or conflated.
    let role = |key: &str| {
        outcome
            .mapping
            .entries
            .iter()
            .find(|entry| entry.key == key)
            .map(|entry| entry.role.clone())
    };
    for (key, id) in [
        ("neutrophils(%)", "neutrophils_percent"),
        ("neutrophils count", "neutrophils"),
        ("Hypersensitive cardiac troponinI", "hs_troponin_i"),
        ("D-D dimer", "d_dimer"),
        ("glutamic-pyruvic transaminase", "alt"),
        ("International standard ratio", "inr"),
        ("Interleukin 2 receptor", "il2r"),
        ("Tumor necrosis factorα", "tnf_alpha"),
        ("Interleukin 1β", "il1b"),
        ("basophil count(#)", "basophils"),
    ] {
        assert_eq!(
            role(key),
            Some(ColumnRole::Marker(MarkerTarget::Catalog(id))),
            "{key}"
        );
    }
    // Sex as the user stated the codes, never guessed.
    let codes = &expected()["tongji_train_375.xlsx"]["gender_codes"];
    let count = |sex| {
        outcome
            .patients
            .iter()
            .filter(|patient| patient.case.patient.sex == Some(sex))
            .count() as u64
    };
    assert_eq!(count(Sex::Male), codes["1"].as_u64().unwrap());
    assert_eq!(count(Sex::Female), codes["2"].as_u64().unwrap());
    // Imported cases open on the cytokine-storm layout: those of its markers the case has, in
    // its order; the rest start hidden.
    let storm: Vec<&str> = CYTOKINE_STORM_PANELS
        .iter()
        .flat_map(|ids| ids.iter().copied())
        .collect();
    for patient in &outcome.patients {
        let case = &patient.case;
        let has = |id: &&str| case.series.iter().any(|series| series.marker == *id);
        let wanted: Vec<&str> = storm.iter().copied().filter(has).collect();
        let shown: Vec<&str> = case
            .view
            .iter()
            .flat_map(|view| &view.panels)
            .flat_map(|panel| panel.markers.iter().map(String::as_str))
            .collect();
        assert_eq!(shown, wanted, "patient {}", patient.key);
    }
    let with_cytokines = outcome
        .patients
        .iter()
        .find(|patient| {
            patient
                .case
                .series
                .iter()
                .any(|series| series.marker == "il6")
        })
        .expect("a patient with IL-6");
    let view = with_cytokines.case.view.as_ref().expect("a layout");
    assert_eq!(view.panels[0].markers, ["il6"]);
    assert!(view.panels[0].log_scale, "IL-6 spans decades");
    assert!(
        with_cytokines.case.series.len() > view.panels.len(),
        "the rest start hidden"
    );
}

#[test]
fn coded_sex_is_not_guessed_without_the_codes() {
    let Some(path) = shared::shared_fixture("fixtures/tables/tongji_train_375.xlsx") else {
        return;
    };
    let outcome = import(&path, &[]);
    assert!(
        outcome
            .patients
            .iter()
            .all(|patient| patient.case.patient.sex.is_none())
    );
    assert!(
        outcome
            .report
            .notes
            .iter()
            .any(|note| note.contains("--mapping 'gender=sex:1=male,2=female'")),
        "{:?}",
        outcome.report.notes
    );
}

#[test]
fn the_110_patient_table_matches_the_sheet() {
    let Some(path) = shared::shared_fixture("fixtures/tables/tongji_test_110.xlsx") else {
        return;
    };
    let outcome = import(&path, &[]);
    check_against_sheet("tongji_test_110.xlsx", &outcome);
    assert_eq!(outcome.mapping.kept_as_custom().count(), 0);
}

/// A long export with the traps real ones hold.
const LONG: &str = "\
patient,time,test,result,unit
A,2020-02-01 08:00,Lymphocytes,0.6,10^9/L
A,2020-02-01 08:00,Lymphocytes,12.5,%
A,2020-02-02 08:00,Lymphocytes,0.5,10^9/L
A,2020-02-02 08:00,Lymphocytes,10,%
A,2020-02-01 08:00,D-dimer,2.4,mg/L FEU
A,2020-02-02 08:00,D-dimer,900,ng/mL DDU
A,2020-02-01 08:00,CRP,5.2,mg/dL
A,2020-02-01 08:00,Creatinine,1.2,mg/dL
A,2020-02-01 08:00,Glucose,90.08,mg/dL
A,2020-02-01 08:00,BUN,14,mg/dL
A,2020-02-01 08:00,Ferritin,1200,ug/L
A,2020-02-01 08:00,IL-6,35,pg/dL
A,2020-02-01 08:00,SARS-CoV-2 RNA,Positive,
A,2020-02-03 08:00,SARS-CoV-2 RNA,not detected,
A,2020-02-01 08:00,Oxygenation index,180,mmHg
A,2020-02-01 08:00,Galectin-3,12.1,ng/mL
";

fn import_text(text: &str, origin: &str, mapping: &[&str]) -> ImportOutcome {
    let export = LoadedExport::from_bytes(text.as_bytes(), origin, ExportFormat::Csv)
        .unwrap_or_else(|error| panic!("{error}"));
    let overrides: Vec<_> = mapping.iter().map(|text| text.parse().unwrap()).collect();
    let mapping = export
        .detect_mapping(&overrides)
        .unwrap_or_else(|error| panic!("{error}"));
    export
        .build(&mapping, &ImportOptions::default())
        .unwrap_or_else(|error| panic!("{error}"))
}

fn series<'a>(case: &'a Case, marker: &str) -> &'a Series {
    case.series
        .iter()
        .find(|series| series.marker == marker)
        .unwrap_or_else(|| {
            let markers: Vec<_> = case.series.iter().map(|series| &series.marker).collect();
            panic!("no {marker} among {markers:?}")
        })
}

#[test]
fn a_long_export_keeps_percentages_apart_converts_exactly_and_keeps_the_rest() {
    let outcome = import_text(LONG, "long.csv", &[]);
    let case = &outcome.patients[0].case;
    let values = |marker: &str| -> Vec<f64> {
        series(case, marker)
            .samples
            .iter()
            .map(|sample| sample.value)
            .collect()
    };
    // One test name in two units: `%` and counts never share a marker.
    assert_eq!(values("lymphocytes"), [0.6, 0.5]);
    assert_eq!(values("lymphocytes_percent"), [12.5, 10.0]);
    // FEU and DDU are never converted into each other.
    assert_eq!(values("d_dimer"), [2.4]);
    assert_eq!(values("d_dimer_ddu"), [0.9]);
    assert_eq!(
        series(case, "d_dimer_ddu").unit.as_deref(),
        Some("mg/L{DDU}")
    );
    // Exact conversions, each recorded on the series.
    for (marker, value, from, to) in [
        ("crp", 52.0, "mg/dL", "mg/L"),
        ("ferritin", 1200.0, "ug/L", "ng/mL"),
    ] {
        assert_eq!(values(marker), [value], "{marker}");
        let conversion = &series(case, marker).conversions[0];
        assert_eq!(
            (conversion.from_unit.as_str(), conversion.to_unit.as_str()),
            (from, to)
        );
    }
    let creatinine = values("creatinine")[0];
    assert!(
        (creatinine - 1.2 * 10_000.0 / 113.12).abs() < 1e-6,
        "{creatinine}"
    );
    assert_eq!(series(case, "creatinine").conversions[0].to_unit, "umol/L");
    let glucose = values("glucose")[0];
    assert!((glucose - 5.0).abs() < 1e-3, "{glucose}");
    let urea = values("urea")[0];
    assert!(
        (urea - 14.0 * 10.0 / 28.014).abs() < 1e-6,
        "BUN → urea: {urea}"
    );
    // An unknown unit is kept as given and flagged; no catalog interval is borrowed.
    let il6 = series(case, "il6");
    assert_eq!(il6.unit.as_deref(), Some("pg/dL"));
    assert!(
        il6.note
            .as_deref()
            .is_some_and(|note| note.contains("no exact conversion"))
    );
    assert_eq!(il6.reference_interval(), None);
    // Qualitative results are kept as test-result events.
    let results: Vec<&str> = case
        .events
        .iter()
        .filter(|event| event.kind == EventKind::TestResult)
        .map(|event| event.text.as_str())
        .collect();
    assert_eq!(
        results,
        ["SARS-CoV-2 RNA: positive", "SARS-CoV-2 RNA: not detected"]
    );
    // An analyte the catalog lacks is kept under its own name and unit.
    let galectin = case
        .series
        .iter()
        .find(|series| {
            series
                .custom
                .as_ref()
                .is_some_and(|custom| custom.name == "Galectin-3")
        })
        .expect("kept as custom");
    assert_eq!(galectin.unit.as_deref(), Some("ng/mL"));
    // "Oxygenation index" is never guessed.
    let oxygenation = outcome
        .mapping
        .entries
        .iter()
        .find(|entry| entry.key == "Oxygenation index")
        .unwrap();
    assert_eq!(oxygenation.role, ColumnRole::Unmapped);
    assert_eq!(oxygenation.matched_by, MatchedBy::Ambiguous);
    assert!(case.series.iter().all(|series| series.marker != "pf_ratio"));
    // …until the user says which it is.
    let chosen = import_text(LONG, "long.csv", &["Oxygenation index=pf_ratio"]);
    assert_eq!(
        series(&chosen.patients[0].case, "pf_ratio").samples[0].value,
        180.0
    );
}

#[test]
fn one_bad_column_is_reported_and_the_rest_imports() {
    let text = "\
time,CRP (mg/L),C-reactive protein (mmol/L),LDH
2020-02-01,12,0.4,300
2020-02-02,20,0.5,410
";
    let outcome = import_text(text, "two_crp.csv", &[]);
    let case = &outcome.patients[0].case;
    let crp: Vec<f64> = series(case, "crp")
        .samples
        .iter()
        .map(|s| s.value)
        .collect();
    assert_eq!(crp, [12.0, 20.0]);
    assert_eq!(series(case, "ldh").samples.len(), 2);
    let reasons: Vec<String> = outcome
        .report
        .rejected
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        reasons,
        [
            "row 2, column C (`C-reactive protein (mmol/L)`): CRP has values in `mg/L` (first at row 2, column B (`CRP (mg/L)`)) and in `mmol/L` (first at row 2, column C (`C-reactive protein (mmol/L)`)), which do not convert into one unit; the values of `C-reactive protein (mmol/L)` were not imported: import them with --mapping 'C-reactive protein (mmol/L)=custom:mmol/L', or leave them out with --mapping 'C-reactive protein (mmol/L)=ignore'"
        ]
    );
    // The mapping the message names resolves it.
    let resolved = import_text(
        text,
        "two_crp.csv",
        &["C-reactive protein (mmol/L)=custom:mmol/L"],
    );
    assert!(resolved.report.rejected.is_empty());
    assert_eq!(resolved.patients[0].case.series.len(), 3);
}

/// The 375-patient sheet as CSV, its columns in `order`.
fn sheet_as_csv(path: &Path, reverse: bool) -> String {
    use calamine::{Data, Reader, open_workbook_auto};
    let mut workbook = open_workbook_auto(path).expect("workbook");
    let range = workbook
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("sheet");
    let width = range.width();
    let mut order: Vec<usize> = (0..width).collect();
    if reverse {
        order.reverse();
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in range.rows() {
        let cells: Vec<String> = order
            .iter()
            .map(|column| match &row[*column] {
                Data::Empty => String::new(),
                Data::DateTime(time) => time
                    .as_datetime()
                    .map(|time| time.format("%Y-%m-%d %H:%M:%S").to_string())
                    .unwrap_or_default(),
                Data::Float(number) => number.to_string(),
                Data::Int(number) => number.to_string(),
                other => other.to_string(),
            })
            .collect();
        writer.write_record(&cells).expect("csv");
    }
    String::from_utf8(writer.into_inner().expect("csv")).expect("utf-8")
}

/// A case without what names the export's columns, series in marker order.
fn comparable(case: &Case) -> Case {
    let mut case = case.clone();
    for series in &mut case.series {
        series.imported_from = None;
    }
    case.series.sort_by(|a, b| a.marker.cmp(&b.marker));
    case
}

#[test]
fn a_column_permuted_copy_gives_the_same_cases() {
    let Some(path) = shared::shared_fixture("fixtures/tables/tongji_train_375.xlsx") else {
        return;
    };
    let mapping = ["gender=sex:1=male,2=female"];
    let straight = import_text(&sheet_as_csv(&path, false), "tongji.csv", &mapping);
    let permuted = import_text(&sheet_as_csv(&path, true), "tongji.csv", &mapping);
    assert_eq!(straight.patients.len(), 375);
    assert!(
        straight.patients[0].case.series.len() > 60,
        "times and values read from the CSV"
    );
    assert_eq!(straight.patients.len(), permuted.patients.len());
    let by_id = |outcome: &ImportOutcome| -> BTreeMap<String, Case> {
        outcome
            .patients
            .iter()
            .map(|patient| (patient.key.clone(), comparable(&patient.case)))
            .collect()
    };
    let (first, second) = (by_id(&straight), by_id(&permuted));
    for (id, case) in &first {
        assert_eq!(Some(case), second.get(id), "patient {id}");
    }
    let counts: HashMap<_, _> = straight
        .mapping
        .entries
        .iter()
        .map(|entry| (entry.key.clone(), entry.role.clone()))
        .collect();
    for entry in &permuted.mapping.entries {
        assert_eq!(counts.get(&entry.key), Some(&entry.role), "{}", entry.key);
    }
}

#[test]
fn the_cli_summary_accounts_for_every_analyte() {
    let Some(path) = shared::shared_fixture("fixtures/tables/tongji_train_375.xlsx") else {
        return;
    };
    let out_dir = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_caselens"))
        .args(["import", path.to_str().unwrap(), "--out-dir"])
        .arg(out_dir.path())
        .args(["--mapping", "gender=sex:1=male,2=female"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Kept as custom (5; "), "{stdout}");
    assert!(stdout.contains("  HBsAg (279 values)"), "{stdout}");
    assert!(stdout.contains("Unmapped: none"), "{stdout}");
    assert!(
        stdout.contains("Codes stated for `gender`: 1=male, 2=female"),
        "{stdout}"
    );
    assert!(stdout.contains("Wrote 375 case files"), "{stdout}");
    let written = std::fs::read_dir(out_dir.path()).unwrap().count();
    assert_eq!(written, 375);
}
