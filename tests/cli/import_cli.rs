//! `caselens import` run as a user runs it: the real binary, real exports, real folders.

use crate::files::caselens;
use crate::files::text;
use std::fs;
use std::path::{Path, PathBuf};

use caselens::io::load_case;

fn fixture(name: &str) -> String {
    format!("tests/fixtures/import/{name}")
}

fn files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .expect("folder exists")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn the_tongji_table_imports_to_110_valid_case_files_and_again_to_the_same_bytes() {
    let tongji = crate::files::fixture("tables/tongji_test_110.xlsx");
    let tongji = tongji.to_str().expect("utf-8 path");
    let first = tempfile::tempdir().expect("temp dir");
    let second = tempfile::tempdir().expect("temp dir");
    for folder in [&first, &second] {
        let output = caselens(&[
            "import",
            tongji,
            "--out-dir",
            folder.path().to_str().expect("utf-8 path"),
            "--label",
            "Tongji",
        ]);
        let stdout = text(&output.stdout);
        assert!(
            output.status.success(),
            "{stdout}\n{}",
            text(&output.stderr)
        );
        assert!(
            stdout.starts_with(
                "tongji_test_110.xlsx, sheet Sheet1: wide table, 757 rows, 110 patients\n"
            ),
            "{stdout}"
        );
        for line in [
            "  ldh: 360 samples in 110 patients, U/L",
            "  hs_crp: 285 samples in 110 patients, mg/L",
            "  lymphocytes_percent: 373 samples in 110 patients, %",
            "Unmapped: none",
            "Rejected values: 0",
            "  ldh: the export states no unit; the catalog unit U/L is assumed",
        ] {
            assert!(
                stdout.lines().any(|printed| printed == line),
                "missing `{line}` in:\n{stdout}"
            );
        }
        assert!(
            stdout.contains("patient ids filled from the row above: 647"),
            "{stdout}"
        );
        let wrote = format!("Wrote 110 case files to {}", folder.path().display());
        assert!(stdout.trim_end().ends_with(&wrote), "{stdout}");
    }
    let first_files = files_in(first.path());
    let second_files = files_in(second.path());
    assert_eq!(first_files.len(), 110);
    for (one, other) in first_files.iter().zip(&second_files) {
        assert_eq!(one.file_name(), other.file_name());
        assert_eq!(
            fs::read(one).unwrap(),
            fs::read(other).unwrap(),
            "{}",
            one.display()
        );
        let loaded = load_case(one).unwrap_or_else(|error| panic!("{error}"));
        assert!(loaded.case.metadata.title.starts_with("Tongji patient "));
        assert!(
            loaded
                .case
                .metadata
                .title
                .contains(" of 110 (imported from")
        );
    }
    assert!(
        first
            .path()
            .join("tongji_test_110_patient_012.ron")
            .exists()
    );
}

#[test]
fn every_test_is_imported_and_a_hand_mapping_leaves_one_out() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out_dir = folder.path().to_str().expect("utf-8 path");
    let output = caselens(&[
        "import",
        &fixture("long_two_patients.csv"),
        "--out-dir",
        out_dir,
    ]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("Unmapped: none"), "{stdout}");
    assert!(
        stdout.contains("  fibrinogen: 2 samples in 2 patients, g/L"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  crp: converted mg/dL → mg/L (×10)"),
        "{stdout}"
    );

    let output = caselens(&[
        "import",
        &fixture("long_two_patients.csv"),
        "--out-dir",
        out_dir,
        "--mapping",
        "Fibrinogen=ignore",
    ]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("test Fibrinogen → ignored"), "{stdout}");
    assert!(!stdout.contains("fibrinogen:"), "{stdout}");
    let names: Vec<String> = files_in(folder.path())
        .iter()
        .filter_map(|path| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .collect();
    assert_eq!(
        names,
        [
            "long_two_patients_patient_1.ron",
            "long_two_patients_patient_2.ron"
        ]
    );
}

#[test]
fn a_malformed_export_fails_with_one_message_and_writes_nothing() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out_dir = folder.path().join("cases");
    let output = caselens(&[
        "import",
        &fixture("no_time_column.csv"),
        "--out-dir",
        out_dir.to_str().expect("utf-8 path"),
    ]);
    assert!(!output.status.success());
    assert_eq!(
        text(&output.stderr),
        "no_time_column.csv: no sample-time column among `Patient`, `CRP`, `LDH`; name it `time` or `date`, or map one with --mapping 'COLUMN=time'\n"
    );
    assert!(
        !out_dir.exists(),
        "nothing is written for a file that does not import"
    );

    let output = caselens(&[
        "import",
        &fixture("censored.csv"),
        "--out-dir",
        out_dir.to_str().expect("utf-8 path"),
        "--sheet",
        "Labs",
    ]);
    assert!(!output.status.success());
    assert_eq!(
        text(&output.stderr),
        "--sheet applies to workbooks, and censored.csv is a CSV table; leave --sheet out\n"
    );
}

#[test]
fn a_bad_mapping_argument_is_refused_by_the_parser() {
    let output = caselens(&[
        "import",
        &fixture("censored.csv"),
        "--out-dir",
        "unused",
        "--mapping",
        "CRP=not-a-marker",
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr)
            .contains("`not-a-marker` is neither a catalog marker nor one of time, patient"),
        "{}",
        text(&output.stderr)
    );
}

/// A wide export keyed by hospital record numbers, as a hospital's lab system writes it.
const MRN_EXPORT: &str = "\
MRN,Sample time,CRP (mg/L),Lymphocytes (10^9/L),Admission date,Discharge date
MRN-0048213,2020-02-10 08:00,41,0.62,2020-02-09 21:40,2020-02-28 10:00
MRN-0048213,2020-02-12 08:30,96,0.41,,
MRN-0051977,2020-02-11 07:45,12,1.10,2020-02-10 09:00,2020-02-20 12:00
MRN-0051977,2020-02-14 07:50,8,1.35,,
MRN-0060002,2020-02-13 09:15,130,0.30,2020-02-12 18:30,2020-03-02 11:00
";

const MRNS: [&str; 3] = ["MRN-0048213", "MRN-0051977", "MRN-0060002"];

fn file_names(folder: &Path) -> Vec<String> {
    files_in(folder)
        .iter()
        .filter_map(|path| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .collect()
}

#[test]
fn an_mrn_keyed_export_gives_numbered_files_whose_titles_name_no_mrn() {
    let folder = tempfile::tempdir().expect("temp dir");
    let export = folder.path().join("ward_labs.csv");
    fs::write(&export, MRN_EXPORT).expect("export written");
    let out_dir = folder.path().join("cases");
    let output = caselens(&[
        "import",
        export.to_str().expect("utf-8 path"),
        "--out-dir",
        out_dir.to_str().expect("utf-8 path"),
    ]);
    let stdout = text(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        text(&output.stderr)
    );

    assert_eq!(
        file_names(&out_dir),
        [
            "ward_labs_patient_1.ron",
            "ward_labs_patient_2.ron",
            "ward_labs_patient_3.ron"
        ],
        "named by position, and no key file beside the cases"
    );
    for (position, mrn) in MRNS.iter().enumerate() {
        let number = position + 1;
        let path = out_dir.join(format!("ward_labs_patient_{number}.ron"));
        let loaded = load_case(&path).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            loaded.case.metadata.title,
            format!("Patient {number} of 3 (imported from ward_labs.csv)")
        );
        assert_eq!(loaded.case.patient.source_id.as_deref(), Some(*mrn));
        let written = fs::read_to_string(&path).expect("readable");
        assert_eq!(
            written.matches(*mrn).count(),
            1,
            "the MRN is in source_id only:\n{written}"
        );
        for other in MRNS.iter().filter(|other| *other != mrn) {
            assert!(
                !written.contains(*other),
                "another patient's MRN in {path:?}"
            );
        }
        assert!(
            stdout
                .lines()
                .any(|line| line == format!("  ward_labs_patient_{number}.ron → {mrn}")),
            "the reviewer is shown which file is which patient:\n{stdout}"
        );
    }
}

#[test]
fn file_names_by_id_use_the_mrn_when_asked() {
    let folder = tempfile::tempdir().expect("temp dir");
    let export = folder.path().join("ward_labs.csv");
    fs::write(&export, MRN_EXPORT).expect("export written");
    let out_dir = folder.path().join("cases");
    let output = caselens(&[
        "import",
        export.to_str().expect("utf-8 path"),
        "--out-dir",
        out_dir.to_str().expect("utf-8 path"),
        "--file-names",
        "id",
    ]);
    let stdout = text(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        text(&output.stderr)
    );
    assert_eq!(
        file_names(&out_dir),
        MRNS.map(|mrn| format!("ward_labs_patient_{mrn}.ron"))
    );
    assert!(
        stdout.contains("  ward_labs_patient_MRN-0051977.ron → MRN-0051977\n"),
        "{stdout}"
    );
    let loaded = load_case(&out_dir.join("ward_labs_patient_MRN-0051977.ron"))
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        loaded.case.metadata.title, "Patient 2 of 3 (imported from ward_labs.csv)",
        "the title counts patients whatever the files are named by"
    );

    let refused = caselens(&[
        "import",
        export.to_str().expect("utf-8 path"),
        "--out-dir",
        out_dir.to_str().expect("utf-8 path"),
        "--file-names",
        "mrn",
    ]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("possible values: number, id"),
        "{}",
        text(&refused.stderr)
    );
}
