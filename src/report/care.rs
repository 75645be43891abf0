//! The CARE checklist table (Gagnier et al. 2013; `shared/domain/care-checklist.md`): for
//! each of the 13 items, whether the report fills it, from what the built report holds, so
//! the table can never claim a section the export does not have.

use super::model::{CareItem, CareStatus, CaseReport};

/// Judges every CARE item against the report's content.
pub fn care_checklist(report: &CaseReport) -> Vec<CareItem> {
    let item =
        |number: u8, item: &str, status: CareStatus, detail: String, section: &str| CareItem {
            number,
            item: item.to_owned(),
            status,
            detail,
            section: section.to_owned(),
        };
    let prose = |text: &Option<String>| text.as_deref().is_some_and(|text| !text.trim().is_empty());
    let written = |text: &Option<String>, what: &str| {
        if prose(text) {
            (
                CareStatus::Filled,
                format!("{what} written by the reviewer."),
            )
        } else {
            (
                CareStatus::Missing,
                format!(
                    "No {} yet; write it in the Report view.",
                    what.to_lowercase()
                ),
            )
        }
    };
    let mut items = Vec::with_capacity(13);

    let title_says_case_report = report.title.to_lowercase().contains("case report");
    let (status, detail) = match (report.title.trim().is_empty(), title_says_case_report) {
        (true, _) => (CareStatus::Missing, "The case has no title.".to_owned()),
        (false, true) => (
            CareStatus::Filled,
            "Title names the focus and says \"case report\".".to_owned(),
        ),
        (false, false) => (
            CareStatus::Partial,
            "The title does not contain the words \"case report\", which CARE asks for.".to_owned(),
        ),
    };
    items.push(item(1, "Title", status, detail, "Title"));

    let keyword_count = report.keywords.len();
    let (status, detail) = match keyword_count {
        0 => (CareStatus::Missing, "No keywords.".to_owned()),
        2..=5 => (CareStatus::Filled, format!("{keyword_count} keywords.")),
        _ => (
            CareStatus::Partial,
            format!(
                "{keyword_count} {}; CARE asks for 2 to 5.",
                if keyword_count == 1 {
                    "keyword"
                } else {
                    "keywords"
                }
            ),
        ),
    };
    items.push(item(2, "Keywords", status, detail, "Keywords"));

    let (status, detail) = written(&report.abstract_text, "Abstract");
    items.push(item(3, "Abstract", status, detail, "Abstract"));
    let (status, detail) = written(&report.introduction, "Introduction");
    items.push(item(4, "Introduction", status, detail, "Introduction"));

    let patient = &report.patient;
    let has_demographics = patient.age_years.is_some() || patient.sex.is_some();
    let (status, detail) = match (has_demographics, prose(&patient.summary)) {
        (true, true) => (CareStatus::Filled, "Demographics and history.".to_owned()),
        (true, false) => (
            CareStatus::Partial,
            "Demographics only; add the presenting complaint and history (patient summary)."
                .to_owned(),
        ),
        (false, true) => (
            CareStatus::Partial,
            "History only; add age and sex.".to_owned(),
        ),
        (false, false) => (CareStatus::Missing, "No patient information.".to_owned()),
    };
    items.push(item(
        5,
        "Patient information",
        status,
        detail,
        "Patient information",
    ));

    let findings = report.clinical_findings.len();
    let (status, detail) = if findings > 0 {
        (
            CareStatus::Filled,
            format!("{findings} examination, symptom or diagnosis entries."),
        )
    } else {
        (
            CareStatus::Missing,
            "No symptom, examination or diagnosis events.".to_owned(),
        )
    };
    items.push(item(
        6,
        "Clinical findings",
        status,
        detail,
        "Clinical findings",
    ));

    let dated_rows = report
        .timeline
        .iter()
        .filter(|row| {
            row.when.illness_day.is_some()
                || row.when.hospital_day.is_some()
                || row.when.date.is_some()
        })
        .count();
    let (status, detail) = match dated_rows {
        0 => (CareStatus::Missing, "No dated events.".to_owned()),
        1 => (CareStatus::Partial, "Only one dated entry.".to_owned()),
        _ => (
            CareStatus::Filled,
            format!("{dated_rows} dated entries in the timeline table."),
        ),
    };
    items.push(item(7, "Timeline", status, detail, "Timeline"));

    let diagnostic = &report.diagnostic_assessment;
    let methods = usize::from(!diagnostic.laboratory.is_empty())
        + usize::from(!report.imaging.is_empty())
        + usize::from(!diagnostic.test_results.is_empty());
    let (status, detail) = match methods {
        0 => (
            CareStatus::Missing,
            "No laboratory course, imaging or test results.".to_owned(),
        ),
        _ if prose(&report.discussion) => (
            CareStatus::Filled,
            format!("{}; reasoning in the discussion.", methods_summary(report)),
        ),
        _ => (
            CareStatus::Partial,
            format!(
                "{}; the diagnostic reasoning belongs in the discussion, which is not written yet.",
                methods_summary(report)
            ),
        ),
    };
    items.push(item(
        8,
        "Diagnostic assessment",
        status,
        detail,
        "Diagnostic assessment",
    ));

    let interventions = &report.interventions;
    let without_dose = interventions
        .iter()
        .filter(|entry| entry.dose.is_none())
        .count();
    let (status, detail) = match (interventions.len(), without_dose) {
        (0, _) => (CareStatus::Missing, "No interventions.".to_owned()),
        (count, 0) => (
            CareStatus::Filled,
            format!("{count} interventions with dose and timing."),
        ),
        (count, missing) => (
            CareStatus::Partial,
            format!("{count} interventions; {missing} without a stated dose."),
        ),
    };
    items.push(item(
        9,
        "Therapeutic intervention",
        status,
        detail,
        "Therapeutic interventions",
    ));

    let follow_up = &report.follow_up;
    let (status, detail) = if follow_up.discharge.is_some() || !follow_up.outcome_events.is_empty()
    {
        (
            CareStatus::Filled,
            format!(
                "{} outcome entries and the last value of each marker.",
                follow_up.outcome_events.len() + usize::from(follow_up.discharge.is_some())
            ),
        )
    } else if !follow_up.last_values.is_empty() {
        (
            CareStatus::Partial,
            "Last laboratory values only; no discharge or outcome event.".to_owned(),
        )
    } else {
        (CareStatus::Missing, "No outcome recorded.".to_owned())
    };
    items.push(item(
        10,
        "Follow-up and outcomes",
        status,
        detail,
        "Follow-up and outcomes",
    ));

    let (status, detail) = match (prose(&report.discussion), prose(&report.take_away_lessons)) {
        (true, true) => (
            CareStatus::Filled,
            "Discussion and take-away lessons written.".to_owned(),
        ),
        (true, false) => (
            CareStatus::Partial,
            "Discussion written; take-away lessons missing.".to_owned(),
        ),
        (false, true) => (
            CareStatus::Partial,
            "Take-away lessons written; discussion missing.".to_owned(),
        ),
        (false, false) => (
            CareStatus::Missing,
            "No discussion or take-away lessons yet; write them in the Report view.".to_owned(),
        ),
    };
    items.push(item(11, "Discussion", status, detail, "Discussion"));

    let (status, detail) = written(&report.patient_perspective, "Patient perspective");
    items.push(item(
        12,
        "Patient perspective",
        status,
        detail,
        "Patient perspective",
    ));
    let (status, detail) = written(&report.informed_consent, "Informed consent statement");
    items.push(item(
        13,
        "Informed consent",
        status,
        detail,
        "Informed consent",
    ));
    items
}

/// `10 laboratory markers, 7 imaging studies, 1 test result`.
fn methods_summary(report: &CaseReport) -> String {
    let count = |number: usize, one: &str, many: &str| {
        format!("{number} {}", if number == 1 { one } else { many })
    };
    [
        count(
            report.diagnostic_assessment.laboratory.len(),
            "laboratory marker",
            "laboratory markers",
        ),
        count(report.imaging.len(), "imaging study", "imaging studies"),
        count(
            report.diagnostic_assessment.test_results.len(),
            "test result",
            "test results",
        ),
    ]
    .join(", ")
}
