//! The headless command line, run as a user runs it: the real binary, real files.

use crate::files::caselens;
use crate::files::text;
use std::fs;
use std::path::{Path, PathBuf};

fn corpus(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/case_files")
        .join(relative)
}

#[test]
fn validate_accepts_the_bundled_cases_and_prints_the_source_inconsistencies() {
    let output = caselens(&[
        "validate",
        "assets/cases/peng2020.ron",
        "assets/cases/liang2020.ron",
    ]);
    let stdout = text(&output.stdout);
    assert!(
        output.status.success(),
        "stdout: {stdout}\nstderr: {}",
        text(&output.stderr)
    );
    assert!(stdout.contains("assets/cases/peng2020.ron: ok"), "{stdout}");
    assert!(
        stdout.contains("assets/cases/liang2020.ron: ok"),
        "{stdout}"
    );
    let inconsistencies = stdout.matches("source inconsistency").count();
    assert!(
        inconsistencies >= 3,
        "the three Peng inconsistencies are printed: {stdout}"
    );
    assert!(
        stdout.contains("illness days 10–14"),
        "stated storm days are compared: {stdout}"
    );
}

#[test]
fn validate_names_file_line_and_column_of_a_syntax_error_and_fails() {
    let broken = corpus("invalid/syntax_missing_comma.ron");
    let output = caselens(&["validate", broken.to_str().expect("utf-8 path")]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    let expected_prefix = format!("{}:11:", broken.display());
    assert!(stderr.starts_with(&expected_prefix), "{stderr}");
}

#[test]
fn validate_reports_every_bad_file_and_still_checks_the_good_ones() {
    let output = caselens(&[
        "validate",
        "tests/case_files/invalid/nan_value.ron",
        "assets/cases/liang2020.ron",
        "tests/case_files/invalid/unsorted_samples.ron",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("series[0].samples[1]: value is NaN"),
        "{stderr}"
    );
    assert!(
        stderr.contains("series[1].samples[2]: samples are not in time order"),
        "{stderr}"
    );
    assert!(stderr.contains("2 of 3 files have errors"), "{stderr}");
    assert!(text(&output.stdout).contains("liang2020.ron: ok"));
}

#[test]
fn fmt_rewrites_into_canonical_form_once_and_check_agrees() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("case.ron");
    fs::copy(corpus("valid/minute_resolution.ron"), &target).expect("copy");
    let target_text = target.to_str().expect("utf-8 path");

    let check_before = caselens(&["fmt", "--check", target_text]);
    assert_eq!(
        check_before.status.code(),
        Some(1),
        "hand-written file is not canonical"
    );

    let first = caselens(&["fmt", target_text]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains("rewritten"));
    let formatted = fs::read_to_string(&target).expect("readable");
    assert!(formatted.starts_with("// CaseLens case file."));

    let second = caselens(&["fmt", target_text]);
    assert!(text(&second.stdout).contains("already canonical"));
    assert_eq!(fs::read_to_string(&target).expect("readable"), formatted);
    assert!(caselens(&["fmt", "--check", target_text]).status.success());
}

#[test]
fn fmt_never_touches_a_file_that_does_not_load() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("broken.ron");
    fs::copy(corpus("invalid/nan_value.ron"), &target).expect("copy");
    let before = fs::read(&target).expect("readable");
    let output = caselens(&["fmt", target.to_str().expect("utf-8 path")]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("value is NaN"));
    assert_eq!(fs::read(&target).expect("readable"), before);
}

#[test]
fn a_missing_file_is_reported_by_name() {
    let output = caselens(&["validate", "no/such/case.ron"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("could not read no/such/case.ron"));
}
