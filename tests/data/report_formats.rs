//! Golden tests of the structured report on the reference case (Peng et al. 2020), in each
//! format: the timeline rows, the laboratory course, the CARE table, the illustrative-data
//! notice, and that Markdown, HTML and JSON carry the same content.
//!
//! The full Markdown is compared with `tests/golden/peng2020_report.md`; after an intended
//! change, regenerate it with `CASELENS_BLESS=1 cargo test --test report_formats`.

use caselens::io::bundled::PENG_2020;
use caselens::model::{Case, NarrativeSection};
use caselens::report::{ReportFormat, ReportOptions, build_report, render};

fn peng() -> Case {
    PENG_2020.load().expect("the reference case loads").case
}

fn rendered(case: &Case, format: ReportFormat, options: &ReportOptions) -> String {
    let report = build_report(case, &[], options);
    render(&report, format, "peng").expect("renders").text
}

fn without_figures() -> ReportOptions {
    ReportOptions {
        include_figures: false,
        ..ReportOptions::default()
    }
}

#[test]
fn markdown_matches_the_golden_file() {
    let text = rendered(&peng(), ReportFormat::Markdown, &ReportOptions::default());
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/peng2020_report.md");
    if std::env::var_os("CASELENS_BLESS").is_some() {
        std::fs::write(&path, &text).expect("golden file written");
        return;
    }
    let golden = std::fs::read_to_string(&path).expect("tests/golden/peng2020_report.md exists");
    if text != golden {
        let first_difference = text
            .lines()
            .zip(golden.lines())
            .position(|(got, want)| got != want)
            .unwrap_or_else(|| text.lines().count().min(golden.lines().count()));
        panic!(
            "the Markdown report differs from the golden file at line {}:\n  got:  {:?}\n  want: {:?}\nIf the change is intended, run CASELENS_BLESS=1 cargo test --test report_formats",
            first_difference + 1,
            text.lines().nth(first_difference),
            golden.lines().nth(first_difference)
        );
    }
}

#[test]
fn markdown_timeline_has_plasma_on_20_february_as_illness_day_27() {
    let text = rendered(&peng(), ReportFormat::Markdown, &without_figures());
    assert!(text.contains(
        "| 20 Feb 2020 | 27 | 18 | Convalescent plasma (dose 1 of 2), 400 mL in total (two infusions) |"
    ), "{text}");
    assert!(text.contains("| 21 Feb 2020 | 28 | 19 | Convalescent plasma (dose 2 of 2)"));
    assert!(text.contains("| 6 Mar 2020 | 42 | 33 | Recovered and discharged (Results). |"));
    assert!(
        text.contains("| – | – | – | Chest X-ray A1: "),
        "undated studies are listed last"
    );
}

#[test]
fn markdown_lab_course_names_peaks_troughs_and_days_outside() {
    let text = rendered(&peng(), ReportFormat::Markdown, &without_figures());
    assert!(text.contains(
        "| Neutrophils (×10⁹/L) | 1.8–6.3 | 5.2† (3 Feb 2020 · illness day 10) | 11.6† (7 Feb 2020 · illness day 14); 13.1† (16 Feb 2020 · illness day 23) |"
    ), "{text}");
    assert!(
        text.contains("0.41† (4 Feb 2020 · illness day 11); 0.31† (15 Feb 2020 · illness day 22)")
    );
    // Plasma: lymphocytes 0.44 on the first dose day, 0.85 the day after the last dose.
    assert!(text.contains(
        "| Lymphocytes (×10⁹/L) | 0.44† (20 Feb 2020 · illness day 27) | 0.85† (22 Feb 2020 · illness day 29) | +0.41 (+93.2 %) |"
    ), "{text}");
    assert!(text.contains("† illustrative reconstruction, not a measurement"));
}

#[test]
fn markdown_care_table_says_what_is_filled_and_missing() {
    let text = rendered(&peng(), ReportFormat::Markdown, &without_figures());
    for row in [
        "| 1 | Title | partly filled | The title does not contain the words \"case report\", which CARE asks for. | Title |",
        "| 4 | Introduction | missing | No introduction yet; write it in the Report view. | Introduction |",
        "| 5 | Patient information | filled | Demographics and history. | Patient information |",
        "| 7 | Timeline | filled |",
        "| 13 | Informed consent | missing |",
    ] {
        assert!(text.contains(row), "missing row {row}\n{text}");
    }
}

#[test]
fn written_sections_appear_and_fill_their_care_items() {
    let mut case = peng();
    case.narrative.set(
        NarrativeSection::Introduction,
        "Convalescent plasma was tried early in the pandemic.",
    );
    case.narrative.set(
        NarrativeSection::InformedConsent,
        "Published open access; consent as stated in the source.",
    );
    let text = rendered(&case, ReportFormat::Markdown, &without_figures());
    assert!(
        text.contains("## Introduction\n\nConvalescent plasma was tried early in the pandemic.\n")
    );
    assert!(text.contains("| 4 | Introduction | filled | Introduction written by the reviewer. |"));
    assert!(text.contains("| 13 | Informed consent | filled |"));
}

#[test]
fn html_has_the_same_rows_and_is_one_self_contained_printable_file() {
    let html = rendered(&peng(), ReportFormat::Html, &ReportOptions::default());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(
        "<tr><td>20 Feb 2020</td><td>27</td><td>18</td><td>Convalescent plasma (dose 1 of 2), 400 mL in total (two infusions)</td></tr>"
    ));
    assert!(html.contains("<td>4</td><td>Introduction</td><td>missing</td>"));
    assert!(html.contains("@media print"), "print stylesheet");
    assert!(html.contains("@page"), "page margins for A4 and Letter");
    assert!(html.contains("<svg"), "figures inline");
    assert!(
        html.matches("<svg").count() >= 2,
        "trajectory and imaging figures"
    );
    for external in ["src=\"http", "href=\"http", "<link", "<script"] {
        assert!(!html.contains(external), "self-contained: found {external}");
    }
    assert!(
        html.contains("class=\"notice illustrative\""),
        "illustrative data is labelled"
    );
}

#[test]
fn json_carries_the_same_content_with_a_schema_tag() {
    let text = rendered(&peng(), ReportFormat::Json, &ReportOptions::default());
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["schema"], "caselens-report/1");
    let rows = json["timeline"].as_array().expect("timeline array");
    let plasma = rows
        .iter()
        .find(|row| {
            row["what"]
                .as_str()
                .is_some_and(|what| what.starts_with("Convalescent plasma (dose 1"))
        })
        .expect("plasma row");
    assert_eq!(plasma["when"]["date"], "2020-02-20");
    assert_eq!(plasma["when"]["illness_day"], 27);
    assert_eq!(plasma["when"]["hospital_day"], 18);
    let care = json["care_checklist"].as_array().expect("care array");
    assert_eq!(care.len(), 13);
    assert_eq!(care[0]["status"], "partial");
    assert_eq!(care[3]["status"], "missing");
    assert!(
        json["illustrative"]["statement"]
            .as_str()
            .is_some_and(|text| text.contains("not the patient's measurements"))
    );
    let neutrophils = &json["diagnostic_assessment"]["laboratory"][0];
    assert_eq!(neutrophils["unit"], "×10⁹/L");
    assert_eq!(neutrophils["peaks"][1]["value"], 13.1);
    assert_eq!(
        neutrophils["peaks"][1]["provenance"],
        "illustrative reconstruction"
    );
    let figures = json["figures"].as_array().expect("figures");
    assert!(figures.iter().all(|figure| {
        figure["svg"]
            .as_str()
            .is_some_and(|svg| svg.starts_with("<svg"))
    }));
}

#[test]
fn every_json_field_is_documented_in_the_schema() {
    let schema_doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report-schema.md"),
    )
    .expect("docs/report-schema.md exists");
    let text = rendered(
        &peng(),
        ReportFormat::Json,
        &ReportOptions {
            deidentify: true,
            ..ReportOptions::default()
        },
    );
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let mut undocumented = Vec::new();
    collect_keys(&json, &mut |key| {
        if !schema_doc.contains(&format!("`{key}`")) {
            undocumented.push(key.to_owned());
        }
    });
    undocumented.sort();
    undocumented.dedup();
    assert!(
        undocumented.is_empty(),
        "fields missing from docs/report-schema.md: {undocumented:?}"
    );
}

fn collect_keys(value: &serde_json::Value, found: &mut dyn FnMut(&str)) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                found(key);
                collect_keys(child, found);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_keys(item, found)),
        _ => {}
    }
}

#[test]
fn a_case_with_only_relative_days_reports_without_dates() {
    let case = caselens::io::bundled::LIANG_2020
        .load()
        .expect("loads")
        .case;
    let text = rendered(&case, ReportFormat::Markdown, &without_figures());
    assert!(text.contains("| Date | Illness day | Hospital day | What |"));
    assert!(!text.contains("2020-"), "no invented calendar dates");
}

#[test]
fn written_sections_survive_saving_and_loading_and_an_empty_narrative_is_not_written() {
    let mut case = peng();
    let unchanged = caselens::io::to_canonical_text(&case).expect("serializes");
    assert!(
        !unchanged.contains("narrative"),
        "an empty narrative is left out of the file"
    );
    case.narrative.set(
        NarrativeSection::Discussion,
        "First paragraph.\n\nSecond \"quoted\" paragraph.",
    );
    let text = caselens::io::to_canonical_text(&case).expect("serializes");
    assert!(text.contains("narrative: ("), "{text}");
    let loaded = caselens::io::parse_case(&text, "saved.ron").expect("loads again");
    assert_eq!(loaded.case.narrative, case.narrative);
    let unknown = text.replace("discussion:", "discusion:");
    assert!(
        caselens::io::parse_case(&unknown, "typo.ron").is_err(),
        "unknown narrative fields are refused"
    );
}
