//! The CARE checklist table (Gagnier et al. 2013; `shared/domain/care-checklist.md`): for
//! each of the 13 items, whether the report fills it, from what the built report holds, so
//! the table can never claim a section the export does not have.

use super::model::{CareItem, CareStatus, CaseReport};

/// Whether an item is filled, and what the table says about it.
type Judgement = (CareStatus, String);

/// Judges every CARE item against the report's content.
pub fn care_checklist(report: &CaseReport) -> Vec<CareItem> {
    let items = [
        (1, "Title", title(report), "Title"),
        (2, "Keywords", keywords(report), "Keywords"),
        (
            3,
            "Abstract",
            written(&report.abstract_text, "Abstract"),
            "Abstract",
        ),
        (
            4,
            "Introduction",
            written(&report.introduction, "Introduction"),
            "Introduction",
        ),
        (
            5,
            "Patient information",
            patient_information(report),
            "Patient information",
        ),
        (
            6,
            "Clinical findings",
            clinical_findings(report),
            "Clinical findings",
        ),
        (7, "Timeline", timeline(report), "Timeline"),
        (
            8,
            "Diagnostic assessment",
            diagnostic_assessment(report),
            "Diagnostic assessment",
        ),
        (
            9,
            "Therapeutic intervention",
            interventions(report),
            "Therapeutic interventions",
        ),
        (
            10,
            "Follow-up and outcomes",
            follow_up(report),
            "Follow-up and outcomes",
        ),
        (11, "Discussion", discussion(report), "Discussion"),
        (
            12,
            "Patient perspective",
            written(&report.patient_perspective, "Patient perspective"),
            "Patient perspective",
        ),
        (
            13,
            "Informed consent",
            written(&report.informed_consent, "Informed consent statement"),
            "Informed consent",
        ),
    ];
    items
        .into_iter()
        .map(|(number, item, (status, detail), section)| CareItem {
            number,
            item: item.to_owned(),
            status,
            detail,
            section: section.to_owned(),
        })
        .collect()
}

fn prose(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|text| !text.trim().is_empty())
}

/// A section the reviewer writes: filled once written.
fn written(text: &Option<String>, what: &str) -> Judgement {
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
}

fn title(report: &CaseReport) -> Judgement {
    let title_says_case_report = report.title.to_lowercase().contains("case report");
    match (report.title.trim().is_empty(), title_says_case_report) {
        (true, _) => (CareStatus::Missing, "The case has no title.".to_owned()),
        (false, true) => (
            CareStatus::Filled,
            "Title names the focus and says \"case report\".".to_owned(),
        ),
        (false, false) => (
            CareStatus::Partial,
            "The title does not contain the words \"case report\", which CARE asks for.".to_owned(),
        ),
    }
}

fn keywords(report: &CaseReport) -> Judgement {
    let keyword_count = report.keywords.len();
    match keyword_count {
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
    }
}

fn patient_information(report: &CaseReport) -> Judgement {
    let patient = &report.patient;
    let has_demographics = patient.age_years.is_some() || patient.sex.is_some();
    match (has_demographics, prose(&patient.summary)) {
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
    }
}

fn clinical_findings(report: &CaseReport) -> Judgement {
    let findings = report.clinical_findings.len();
    if findings > 0 {
        (
            CareStatus::Filled,
            format!("{findings} examination, symptom or diagnosis entries."),
        )
    } else {
        (
            CareStatus::Missing,
            "No symptom, examination or diagnosis events.".to_owned(),
        )
    }
}

fn timeline(report: &CaseReport) -> Judgement {
    let dated_rows = report
        .timeline
        .iter()
        .filter(|row| {
            row.when.illness_day.is_some()
                || row.when.hospital_day.is_some()
                || row.when.date.is_some()
        })
        .count();
    match dated_rows {
        0 => (CareStatus::Missing, "No dated events.".to_owned()),
        1 => (CareStatus::Partial, "Only one dated entry.".to_owned()),
        _ => (
            CareStatus::Filled,
            format!("{dated_rows} dated entries in the timeline table."),
        ),
    }
}

fn diagnostic_assessment(report: &CaseReport) -> Judgement {
    let diagnostic = &report.diagnostic_assessment;
    let methods = usize::from(!diagnostic.laboratory.is_empty())
        + usize::from(!report.imaging.is_empty())
        + usize::from(!diagnostic.test_results.is_empty());
    match methods {
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
    }
}

fn interventions(report: &CaseReport) -> Judgement {
    let interventions = &report.interventions;
    let without_dose = interventions
        .iter()
        .filter(|entry| entry.dose.is_none())
        .count();
    match (interventions.len(), without_dose) {
        (0, _) => (CareStatus::Missing, "No interventions.".to_owned()),
        (count, 0) => (
            CareStatus::Filled,
            format!("{count} interventions with dose and timing."),
        ),
        (count, missing) => (
            CareStatus::Partial,
            format!("{count} interventions; {missing} without a stated dose."),
        ),
    }
}

fn follow_up(report: &CaseReport) -> Judgement {
    let follow_up = &report.follow_up;
    if follow_up.discharge.is_some() || !follow_up.outcome_events.is_empty() {
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
    }
}

fn discussion(report: &CaseReport) -> Judgement {
    match (prose(&report.discussion), prose(&report.take_away_lessons)) {
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
    }
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
