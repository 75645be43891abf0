//! `caselens episodes` and `caselens check`, run as a script runs them: the real binary on the
//! bundled case files.

use crate::files::caselens;
use std::process::Output;

fn succeeded(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

const MONTHS: [&str; 12] = [
    "Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ", "Jul ", "Aug ", "Sep ", "Oct ", "Nov ", "Dec ",
];

#[test]
fn episodes_prints_the_rule_the_two_storms_and_their_evidence() {
    let stdout = succeeded(&caselens(&["episodes", "assets/cases/peng2020.ron"]));
    for expected in [
        "at least 2 of neutrophils",
        "1.5×",
        "2 suggested episodes",
        "Suggested cytokine storm 1: 4 Feb 2020",
        "to 7 Feb 2020",
        "Suggested cytokine storm 2: 15 Feb 2020",
        "to 16 Feb 2020",
        "overlaps the case's episode “First cytokine storm” (from the publication)",
        "rising: CRP 46.2 mg/L on 4 Feb 2020 (illustrative reconstruction)",
        "28.5 mg/L on 3 Feb 2020",
        "PaO₂/FiO₂ 178 mmHg on 16 Feb 2020 (published value; day placed by the reviewer)",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    assert!(!stdout.contains("Suggested cytokine storm 3"), "{stdout}");
}

#[test]
fn episodes_on_the_liang_case_says_why_it_is_silent() {
    let stdout = succeeded(&caselens(&["episodes", "assets/cases/liang2020.ron"]));
    assert!(stdout.contains("No suggestion"), "{stdout}");
    assert!(stdout.contains("needs a lymphocyte count"), "{stdout}");
    assert!(!stdout.contains("Suggested cytokine storm"), "{stdout}");
}

#[test]
fn check_prints_severe_criteria_on_admission_and_late_plasma() {
    let stdout = succeeded(&caselens(&["check", "assets/cases/peng2020.ron"]));
    for expected in [
        "criteria first met on 3 Feb 2020 · illness day 10 · hospital day 1",
        "Respiratory rate 33/min on 3 Feb 2020 (published value)",
        "PaO₂/FiO₂ 243 mmHg on 3 Feb 2020 (published value)",
        "SpO₂ 90 % on 3 Feb 2020 (on room air; published value)",
        "raised ferritin (above the reference interval): not assessable",
        "dose on 20 Feb 2020 (illness day 27): after illness day 14",
        "dose on 21 Feb 2020 (illness day 28): after illness day 14",
        "illustrative reconstruction",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
}

#[test]
fn check_on_the_liang_case_invents_no_dates_and_no_plasma_finding() {
    let stdout = succeeded(&caselens(&["check", "assets/cases/liang2020.ron"]));
    assert!(
        stdout.contains("criteria first met on hospital day 2"),
        "{stdout}"
    );
    assert!(stdout.contains("SpO₂ 81 % on hospital day 2"), "{stdout}");
    assert!(
        stdout.contains("respiratory rate > 30/min: not assessable"),
        "{stdout}"
    );
    assert!(
        stdout.contains("no convalescent plasma in the case"),
        "{stdout}"
    );
    let counted_in_illness_days = stdout
        .lines()
        .filter(|line| !line.starts_with("Convalescent plasma timing (review"))
        .any(|line| line.contains("illness day"));
    assert!(
        !counted_in_illness_days,
        "no onset, so no illness days: {stdout}"
    );
    for month in MONTHS {
        assert!(
            !stdout.contains(month),
            "a date was invented ({month:?}): {stdout}"
        );
    }
}

#[test]
fn a_file_that_does_not_load_fails_with_its_name_and_position() {
    for command in ["episodes", "check"] {
        let output = caselens(&[command, "no/such/case.ron"]);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("could not read no/such/case.ron"),
            "{stderr}"
        );
        assert!(output.stdout.is_empty());

        let broken = "tests/case_files/invalid/syntax_missing_comma.ron";
        let output = caselens(&[command, broken]);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&format!("{broken}:11:")), "{stderr}");
    }
}
