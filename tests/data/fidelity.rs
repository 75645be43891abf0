//! Clinical fidelity of the reference cases and of the checks run on them: what a clinician
//! reading the Peng case against the paper would catch (issue #15).
//!
//! Expected numbers are derived here from the case file itself (PaO₂ / FiO₂, the
//! Severinghaus dissociation curve, counts of respiratory rates over and on 30/min), never
//! copied from CaseLens's output. Command-line tests run the real binary.

use std::process::{Command, Output};

use caselens::io::bundled::{LIANG_2020, PENG_2020};
use caselens::model::{
    Activity, Case, CaseTime, EventKind, InterventionKind, Oxygen, Provenance, Series, Timing,
    validate,
};

fn peng() -> Case {
    PENG_2020.load().expect("the bundled Peng case loads").case
}

fn liang() -> Case {
    LIANG_2020
        .load()
        .expect("the bundled Liang case loads")
        .case
}

fn series<'a>(case: &'a Case, marker: &str) -> &'a Series {
    case.series
        .iter()
        .find(|series| series.marker == marker)
        .unwrap_or_else(|| panic!("a `{marker}` series"))
}

fn caselens(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caselens"))
        .args(arguments)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the caselens binary runs")
}

fn stdout_of(arguments: &[&str]) -> String {
    let output = caselens(arguments);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{arguments:?}\nstdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// SpO₂ (%) for a PaO₂ (mmHg) on the standard dissociation curve (Severinghaus 1979).
fn severinghaus(pao2: f64) -> f64 {
    100.0 / (1.0 + 23_400.0 / (pao2.powi(3) + 150.0 * pao2))
}

#[test]
fn peng_pao2_fio2_pf_and_spo2_of_each_day_fit_together() {
    let case = peng();
    let pao2 = series(&case, "pao2");
    let pf = series(&case, "pf_ratio");
    let spo2 = series(&case, "spo2");
    let mut days_checked = 0;
    for blood_gas in &pao2.samples {
        let fio2 = blood_gas
            .oxygen
            .and_then(Oxygen::fio2)
            .unwrap_or_else(|| panic!("PaO₂ on {} records its FiO₂", blood_gas.time));
        let ratio = pf
            .samples
            .iter()
            .find(|sample| sample.time == blood_gas.time)
            .expect("a P/F value the same day")
            .value;
        let implied = blood_gas.value / fio2;
        assert!(
            (implied - ratio).abs() <= (ratio * 0.05).max(5.0),
            "{}: PaO₂ {} / FiO₂ {fio2} = {implied:.0}, but P/F {ratio}",
            blood_gas.time,
            blood_gas.value
        );
        if let Some(saturation) = spo2.samples.iter().find(|sample| {
            sample.time == blood_gas.time
                && spo2.sample_provenance(sample) == Provenance::Reconstructed
        }) {
            let expected = severinghaus(blood_gas.value);
            assert!(
                (saturation.value - expected).abs() <= 1.0,
                "{}: SpO₂ {} with PaO₂ {} (curve: {expected:.1})",
                saturation.time,
                saturation.value,
                blood_gas.value
            );
            assert_eq!(saturation.oxygen.and_then(Oxygen::fio2), Some(fio2));
        }
        days_checked += 1;
    }
    assert_eq!(days_checked, 33);
    // Admission: the published 243 mmHg with the published SpO₂ on room air (FiO₂ 0.21).
    let admission = &pao2.samples[0];
    assert_eq!(admission.oxygen, Some(Oxygen::RoomAir));
    assert!(
        (admission.value - 243.0 * 0.21).abs() < 1.0,
        "{}",
        admission.value
    );
    let warnings: Vec<String> = PENG_2020
        .load()
        .expect("loads")
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|warning| warning.contains("P/F"))
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn the_old_admission_values_would_be_flagged() {
    let mut case = peng();
    let index = case
        .series
        .iter()
        .position(|series| series.marker == "pao2")
        .expect("PaO₂");
    let admission = &mut case.series[index].samples[0];
    admission.value = 71.0;
    admission.oxygen = None;
    let report = validate(&case);
    let flagged: Vec<String> = report
        .warnings()
        .map(ToString::to_string)
        .filter(|warning| warning.contains("imply FiO₂ 0.29"))
        .collect();
    assert_eq!(flagged.len(), 1, "{:#?}", report.findings);
    assert!(
        flagged[0].contains("was on room air that day"),
        "{flagged:?}"
    );
}

fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("{heading:?} in:\n{text}"));
    let rest = &text[start..];
    let end = rest[1..]
        .find("\nSevere illness, ")
        .or_else(|| rest.find("\nConvalescent plasma timing"))
        .map_or(rest.len(), |end| end + 1);
    &rest[..end]
}

#[test]
fn check_shows_both_named_criteria_sets_and_treats_30_per_minute_as_each_says() {
    let case = peng();
    let rates: Vec<f64> = series(&case, "respiratory_rate")
        .samples
        .iter()
        .map(|sample| sample.value)
        .collect();
    let above = rates.iter().filter(|rate| **rate > 30.0).count();
    let at_least = rates.iter().filter(|rate| **rate >= 30.0).count();
    assert!(at_least > above, "the case has a rate of exactly 30/min");

    let stdout = stdout_of(&["check", "assets/cases/peng2020.ron"]);
    let review = section(&stdout, "Severe illness, criteria of the Altintas review");
    let guideline = section(
        &stdout,
        "Severe illness, criteria of the Chinese national guideline",
    );
    assert!(guideline.contains("as cited by Peng et al."), "{guideline}");
    assert!(
        review.contains(&format!(
            "respiratory rate > 30/min: met by {above} of {} values",
            rates.len()
        )),
        "{review}"
    );
    assert!(
        guideline.contains(&format!(
            "respiratory rate ≥ 30/min: met by {at_least} of {} values",
            rates.len()
        )),
        "{guideline}"
    );
    for (text, criterion) in [
        (review, "SpO₂ < 93 % under oxygen support"),
        (guideline, "SpO₂ ≤ 93 % at rest"),
    ] {
        assert!(text.contains(criterion), "{text}");
    }
    // Every count says what it rests on.
    for text in [review, guideline] {
        assert!(
            text.contains("days meeting the criteria: ")
                && text.contains("of them on reconstructed values only"),
            "{text}"
        );
    }

    let only_review = stdout_of(&["check", "--criteria", "review", "assets/cases/peng2020.ron"]);
    assert!(only_review.contains("criteria of the Altintas review"));
    assert!(!only_review.contains("Chinese national guideline"));
    let only_guideline = stdout_of(&[
        "check",
        "--criteria",
        "chinese-guideline",
        "assets/cases/peng2020.ron",
    ]);
    assert!(!only_guideline.contains("criteria of the Altintas review"));
    assert!(
        !caselens(&["check", "--criteria", "who", "assets/cases/peng2020.ron"])
            .status
            .success()
    );
}

#[test]
fn the_85_percent_after_exercise_never_counts_and_the_room_air_value_only_at_rest() {
    let stdout = stdout_of(&["check", "assets/cases/peng2020.ron"]);
    let exertion: Vec<&str> = stdout
        .lines()
        .filter(|line| line.contains("SpO₂ 85 %"))
        .collect();
    assert_eq!(exertion.len(), 2, "left out once per set:\n{stdout}");
    for line in exertion {
        assert!(
            line.trim_start().starts_with("left out: ")
                && line.contains("on exertion")
                && line.contains("published value; day placed by the reviewer"),
            "{line}"
        );
    }
    // The admission SpO₂ of 90 % was on room air: the review asks for SpO₂ under oxygen.
    let review = section(&stdout, "Severe illness, criteria of the Altintas review");
    assert!(
        review.contains(
            "left out: SpO₂ 90 % on 3 Feb 2020 (on room air; published value) (taken on room air"
        ),
        "{review}"
    );
    let guideline = section(
        &stdout,
        "Severe illness, criteria of the Chinese national guideline",
    );
    assert!(
        guideline.contains(
            "SpO₂ ≤ 93 % at rest: SpO₂ 90 % on 3 Feb 2020 (on room air; published value)"
        ),
        "{guideline}"
    );
}

#[test]
fn suggested_storms_built_on_reconstructions_offer_no_strength_as_evidence() {
    let stdout = stdout_of(&["episodes", "assets/cases/peng2020.ron"]);
    assert_eq!(
        stdout.matches("no evidence strength: all ").count(),
        2,
        "{stdout}"
    );
    assert!(stdout.contains("so the match is circular"), "{stdout}");
    assert!(!stdout.contains("strength 0."), "{stdout}");
    assert!(stdout.contains("values behind it: "), "{stdout}");
}

#[test]
fn the_report_names_both_sets_days_before_admission_and_placed_days() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let out = folder.path().join("peng.md");
    let out_text = out.to_str().expect("UTF-8 path");
    stdout_of(&[
        "export",
        "assets/cases/peng2020.ron",
        "--format",
        "md",
        "--no-figures",
        "--out",
        out_text,
    ]);
    let report = std::fs::read_to_string(&out).expect("the report");
    assert!(report.contains("### Severe illness: the Altintas review"));
    assert!(report.contains("### Severe illness: the Chinese national guideline"));
    assert!(
        report.contains("| 25 Jan 2020 | 1 | 9 days before admission |"),
        "the timeline says what the overview says"
    );
    assert!(!report.contains("| -8 |"));
    assert!(report.contains("with the day placed by the reviewer"));
    // The exertion reading is no "after" value in the plasma comparison.
    let plasma_rows: Vec<&str> = report
        .lines()
        .filter(|line| line.starts_with("| SpO₂ (%) |"))
        .collect();
    assert!(!plasma_rows.is_empty(), "{report}");
    for row in plasma_rows {
        assert!(!row.contains(" 85 "), "{row}");
    }

    let review_only = folder.path().join("review.md");
    stdout_of(&[
        "export",
        "assets/cases/peng2020.ron",
        "--format",
        "md",
        "--no-figures",
        "--criteria",
        "review",
        "--out",
        review_only.to_str().expect("UTF-8 path"),
    ]);
    let report = std::fs::read_to_string(&review_only).expect("the report");
    assert!(!report.contains("Chinese national guideline"));
}

#[test]
fn liang_times_are_the_reviewers_and_the_lost_exponent_is_no_inconsistency() {
    let stdout = stdout_of(&["check", "assets/cases/liang2020.ron"]);
    assert!(
        stdout
            .contains("SpO₂ 81 % on hospital day 2 (published value; day placed by the reviewer)"),
        "{stdout}"
    );
    let validated = stdout_of(&["validate", "assets/cases/liang2020.ron"]);
    assert!(
        validated.contains("lost in the source's text rendering") && validated.contains("exponent"),
        "{validated}"
    );
    assert!(!validated.contains("source inconsistency"), "{validated}");

    let case = liang();
    let day_of = |time: CaseTime| match time {
        CaseTime::HospitalDay(day) => day,
        other => panic!("{other} is a hospital day"),
    };
    let diagnosis = case
        .events
        .iter()
        .find(|event| event.kind == EventKind::Diagnosis)
        .expect("a diagnosis");
    let treatment = case
        .interventions
        .iter()
        .find(|intervention| intervention.name == "Regular treatment")
        .expect("regular treatment");
    let Timing::Course { start, .. } = treatment.timing else {
        panic!("a course");
    };
    assert!(
        day_of(diagnosis.time) <= day_of(start),
        "regular treatment does not start before the diagnosis"
    );
    let cells = case
        .interventions
        .iter()
        .find(|intervention| intervention.kind == InterventionKind::CellTherapy)
        .expect("hUCMSCs");
    let tolerance = "good tolerance of allogenic hUCMSCs transfer";
    assert!(
        cells
            .note
            .as_deref()
            .unwrap_or_default()
            .contains(tolerance)
    );
}

#[test]
fn a_sample_on_exertion_round_trips_through_the_case_format() {
    let case = peng();
    let text = caselens::io::to_canonical_text(&case).expect("serializes");
    assert!(text.contains("activity: Some(OnExertion)"), "{text}");
    assert!(text.contains("oxygen: Some(Supplemental(fio2: Some(0.36)))"));
    let again = caselens::io::parse_case(&text, "peng2020.ron")
        .expect("parses")
        .case;
    let exertion = series(&again, "spo2")
        .samples
        .iter()
        .find(|sample| sample.activity == Some(Activity::OnExertion))
        .expect("the 85 % reading");
    assert_eq!(exertion.value, 85.0);
}
