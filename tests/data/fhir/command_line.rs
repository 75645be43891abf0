//! The real binary: listing encounters, importing a chosen stay, de-identified exports.

use std::path::PathBuf;
use std::process::{Command, Output};

use super::common::*;

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
    // The 2018 stay: events may lie outside it (6 conditions, 2 PCRs and their report, 2
    // immunizations, the 2018 discharge); the 2020 treatments and study may not.
    let summary = text(&imported.stdout);
    assert!(
        summary.contains(
            "Events: 12 (diagnosis 4, discharge 1, immunization 2, symptom 2, test result 3)\nInterventions: 0; imaging studies: 0\n"
        ),
        "{summary}"
    );
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
    assert!(
        text(&imported.stdout).contains(
            "Interventions: 6 (anticoagulant 1, convalescent plasma 1, corticosteroid 1, other 1, respiratory support 2); imaging studies: 1\n"
        ),
        "{}",
        text(&imported.stdout)
    );
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
