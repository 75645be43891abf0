//! What the views derive from the case (guideline findings, suggested episodes, intervention
//! marks and responses, the overview's timeline) is computed once per edit, never per frame:
//! counted over frames of the real app with every panel that uses them open.

use caselens::app::document::RecomputeCounts;
use egui_kittest::kittest::Queryable;

use crate::support::app_harness;

fn counts(harness: &egui_kittest::Harness<'_, caselens::app::CaseLensApp>) -> RecomputeCounts {
    harness.state().workspace.cases[0]
        .document
        .derived()
        .recompute_counts()
}

fn plus_one(counts: RecomputeCounts) -> RecomputeCounts {
    RecomputeCounts {
        intervention_marks: counts.intervention_marks + 1,
        guideline_findings: counts.guideline_findings + 1,
        guideline_marks: counts.guideline_marks + 1,
        suggested_episodes: counts.suggested_episodes + 1,
        intervention_responses: counts.intervention_responses + 1,
        case_timeline: counts.case_timeline + 1,
    }
}

#[test]
fn derived_data_is_computed_once_per_edit_not_per_frame() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    // Open every panel that reads derived data.
    for header in [
        "Suggested episodes",
        "Guideline findings",
        "Response to the intervention in focus",
    ] {
        harness.get_by_label(header).scroll_to_me();
        harness.run();
        harness.get_by_label(header).click_accesskit();
        harness.run();
    }
    let opened = counts(&harness);
    assert_eq!(
        opened,
        RecomputeCounts {
            intervention_marks: 1,
            guideline_findings: 1,
            guideline_marks: 1,
            suggested_episodes: 1,
            intervention_responses: 1,
            case_timeline: 1,
        },
        "each item computed exactly once while the panels opened"
    );

    harness.run_steps(100);
    assert_eq!(
        counts(&harness),
        opened,
        "100 frames with no edit recompute nothing"
    );

    let edited = harness.state_mut().workspace.cases[0]
        .document
        .edit("Rename case", |case| {
            case.metadata.title.push_str(" (reviewed)")
        });
    assert!(edited.is_ok(), "{edited:?}");
    harness.run_steps(100);
    assert_eq!(
        counts(&harness),
        plus_one(opened),
        "one edit and 100 frames recompute each item once"
    );
}
