//! The "Guideline checks" section of the report (issue #8): on the reference case (Peng et al.
//! 2020) every format says the criteria for severe illness were first met on 3 Feb 2020 with
//! respiratory rate 33/min and PaO₂/FiO₂ 243 mmHg, and that plasma came on illness day 27,
//! after day 14; a de-identified export gives that section in days only; a case without a
//! symptom-onset anchor says the plasma timing is not assessable instead of guessing.

use caselens::io::bundled::{LIANG_2020, PENG_2020};
use caselens::model::{Case, CaseTime, Intervention, InterventionKind, Timing};
use caselens::report::{ReportFormat, ReportOptions, build_report, render};
use serde_json::Value;

fn options(deidentify: bool) -> ReportOptions {
    ReportOptions {
        deidentify,
        include_figures: false,
        ..ReportOptions::default()
    }
}

fn rendered(case: &Case, format: ReportFormat, deidentify: bool) -> String {
    let report = build_report(case, &[], &options(deidentify));
    render(&report, format, "case").expect("renders").text
}

/// The text from the section's heading up to the next section's.
fn section(text: &str) -> &str {
    let start = text
        .find("Guideline checks")
        .expect("the report has a Guideline checks section");
    let end = text[start..]
        .find("Follow-up and outcomes")
        .map_or(text.len(), |offset| start + offset);
    &text[start..end]
}

fn guideline_json(case: &Case, deidentify: bool) -> Value {
    let text = rendered(case, ReportFormat::Json, deidentify);
    let json: Value = serde_json::from_str(&text).expect("valid JSON");
    json["guideline_checks"].clone()
}

#[test]
fn markdown_says_severe_criteria_first_met_on_3_february_by_rate_33_and_pf_243() {
    let case = PENG_2020.load().expect("loads").case;
    let markdown = rendered(&case, ReportFormat::Markdown, false);
    let section = section(&markdown);
    assert!(
        section.contains(
            "**Criteria for severe illness first met:** 3 Feb 2020 · illness day 10 · hospital day 1"
        ),
        "{section}"
    );
    assert!(section.contains("| respiratory rate &gt; 30/min | Respiratory rate | 33/min |"));
    assert!(section.contains("| PaO₂/FiO₂ &lt; 300 mmHg | PaO₂/FiO₂ | 243 mmHg |"));
    // Reconstructed laboratory values are marked, and the mark explained.
    assert!(
        section.contains("| Lymphocytes | 0.72 ×10⁹/L† |"),
        "{section}"
    );
    assert!(section.contains("† illustrative reconstruction, not a measurement"));
    // Ferritin has no series: silent data are not assessable, never "not met".
    assert!(section.contains(
        "| raised ferritin (above the reference interval) | – | not assessable: no ferritin series in the case | – |"
    ));
    assert!(!section.contains("| not met"), "{section}");
    assert!(section.contains("review by Altintas"));
    assert!(section.contains("| 1 | 20 Feb 2020 · illness day 27 | 27 | after illness day 14 |"));
    assert!(section.contains("| 2 | 21 Feb 2020 · illness day 28 | 28 | after illness day 14 |"));
}

#[test]
fn html_carries_the_same_findings() {
    let case = PENG_2020.load().expect("loads").case;
    let html = rendered(&case, ReportFormat::Html, false);
    let section = section(&html);
    assert!(
        section.contains("3 Feb 2020 · illness day 10 · hospital day 1"),
        "{section}"
    );
    assert!(section.contains("33/min"));
    assert!(section.contains("243 mmHg"));
    assert!(section.contains("20 Feb 2020 · illness day 27"));
    assert!(section.contains("after illness day 14"));
}

#[test]
fn json_gives_first_severe_day_values_with_units_and_plasma_illness_days() {
    let case = PENG_2020.load().expect("loads").case;
    let checks = guideline_json(&case, false);
    let first = &checks["first_severe_day"];
    assert_eq!(first["when"]["date"], "2020-02-03");
    assert_eq!(first["when"]["illness_day"], 10);
    let met = first["met"].as_array().expect("met is a list");
    let value_of = |marker: &str| {
        met.iter()
            .find(|entry| entry["marker"] == marker)
            .unwrap_or_else(|| panic!("{marker} met on the first severe day: {first}"))
    };
    assert_eq!(value_of("respiratory_rate")["value"]["value"], 33.0);
    assert_eq!(value_of("respiratory_rate")["unit"], "/min");
    assert_eq!(value_of("pf_ratio")["value"]["value"], 243.0);
    assert_eq!(value_of("pf_ratio")["unit"], "mmHg");
    assert_eq!(
        value_of("pf_ratio")["value"]["provenance"],
        "published value"
    );
    assert_eq!(
        value_of("lymphocytes")["value"]["provenance"],
        "illustrative reconstruction"
    );
    let ferritin = checks["criteria"]
        .as_array()
        .expect("criteria is a list")
        .iter()
        .find(|entry| {
            entry["criterion"]
                .as_str()
                .is_some_and(|c| c.contains("ferritin"))
        })
        .expect("ferritin criterion listed");
    assert_eq!(ferritin["outcome"], "not assessable");
    assert!(
        ferritin["reason"]
            .as_str()
            .is_some_and(|r| r.contains("no ferritin series"))
    );
    let plasma = &checks["plasma"][0];
    assert!(plasma["not_assessable"].is_null());
    assert_eq!(plasma["onset"]["illness_day"], 1);
    assert_eq!(plasma["doses"][0]["illness_day"], 27);
    assert_eq!(plasma["doses"][0]["window"], "after_day_14");
    assert_eq!(plasma["doses"][1]["illness_day"], 28);
}

fn has_calendar_date(text: &str) -> bool {
    let months = [
        "Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ", "Jul ", "Aug ", "Sep ", "Oct ", "Nov ",
        "Dec ",
    ];
    text.contains("2020") || months.iter().any(|month| text.contains(month))
}

#[test]
fn deidentified_section_gives_days_and_no_calendar_date() {
    let case = PENG_2020.load().expect("loads").case;
    for format in [ReportFormat::Markdown, ReportFormat::Html] {
        let text = rendered(&case, format, true);
        let section = section(&text);
        assert!(!has_calendar_date(section), "{section}");
        assert!(
            section.contains("illness day 10 · hospital day 1"),
            "{section}"
        );
        assert!(
            section.contains("| 27 |") || section.contains("<td>27</td>"),
            "{section}"
        );
    }
    let checks = guideline_json(&case, true);
    let text = checks.to_string();
    assert!(!has_calendar_date(&text), "{text}");
    assert!(checks["first_severe_day"]["when"]["date"].is_null());
    assert_eq!(checks["first_severe_day"]["when"]["illness_day"], 10);
    assert_eq!(checks["plasma"][0]["doses"][0]["illness_day"], 27);
}

#[test]
fn case_without_plasma_says_so_and_counts_no_illness_day() {
    let case = LIANG_2020.load().expect("loads").case;
    let markdown = rendered(&case, ReportFormat::Markdown, false);
    let section = section(&markdown);
    assert!(
        section.contains("No convalescent plasma in the case"),
        "{section}"
    );
    assert!(!section.contains("after illness day 14 |"), "{section}");
    // Liang has no respiratory-rate series: not assessable, never "not met".
    assert!(section.contains("not assessable: no respiratory\\_rate series in the case"));
    assert!(!section.contains("| not met"), "{section}");
    assert_eq!(
        guideline_json(&case, false)["plasma"],
        Value::Array(Vec::new())
    );
}

#[test]
fn plasma_without_symptom_onset_is_not_assessable_rather_than_dated() {
    let mut case = LIANG_2020.load().expect("loads").case;
    assert!(
        case.anchors.symptom_onset.is_none(),
        "Liang has no onset anchor"
    );
    case.interventions.push(Intervention {
        kind: InterventionKind::ConvalescentPlasma,
        name: "Convalescent plasma".to_owned(),
        dose: None,
        route: None,
        timing: Timing::Doses(vec![CaseTime::HospitalDay(5), CaseTime::HospitalDay(6)]),
        dates_reconstructed: false,
        note: None,
    });
    let markdown = rendered(&case, ReportFormat::Markdown, false);
    let section = section(&markdown);
    assert!(
        section.contains(
            "**Convalescent plasma:** not assessable: the case has no symptom-onset anchor"
        ),
        "{section}"
    );
    assert!(!section.contains("| Illness day |"), "{section}");
    let plasma = &guideline_json(&case, false)["plasma"][0];
    assert!(
        plasma["not_assessable"]
            .as_str()
            .is_some_and(|r| r.contains("symptom-onset"))
    );
    assert_eq!(plasma["doses"], Value::Array(Vec::new()));
    assert!(plasma["onset"].is_null());
}
