//! What the views derive from the case (guideline findings, suggested episodes, intervention
//! marks and responses, the overview's timeline, every series placed and flagged, the stay's
//! range, the layout, the notes, the teaching and event stops, the studies in time order, the
//! severity scores, the episodes' spans) is computed once per edit, never per frame: counted
//! over frames of the real app with every panel that uses them open, and during playback.
//! The compare view's alignment of the open cases likewise: once per edit of any case or
//! change of alignment.

use caselens::app::document::RecomputeCounts;
use egui_kittest::kittest::Queryable;

use crate::support::app_harness;

fn counts(harness: &egui_kittest::Harness<'_, caselens::app::CaseLensApp>) -> RecomputeCounts {
    harness.state().workspace.cases[0]
        .document
        .derived()
        .recompute_counts()
}

/// Every item computed `times` times.
fn each(times: u64) -> RecomputeCounts {
    RecomputeCounts {
        intervention_marks: times,
        guideline_findings: times,
        guideline_marks: times,
        suggested_episodes: times,
        intervention_responses: times,
        case_timeline: times,
        placed_series: times,
        stay_range: times,
        layout: times,
        teaching_stops: times,
        event_stops: times,
        notes: times,
        studies_in_time_order: times,
        severity_points: times,
        episode_spans: times,
    }
}

/// Opens every panel that reads derived data and steps the cursor by event once (the only
/// reader of the event stops), then lets the frames settle.
fn open_every_reader(harness: &mut egui_kittest::Harness<'_, caselens::app::CaseLensApp>) {
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
    step_by_event(harness);
}

fn step_by_event(harness: &mut egui_kittest::Harness<'_, caselens::app::CaseLensApp>) {
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowRight);
    harness.run();
}

#[test]
fn derived_data_is_computed_once_per_edit_not_per_frame() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    open_every_reader(&mut harness);
    let opened = counts(&harness);
    assert_eq!(
        opened,
        each(1),
        "each item computed exactly once while the panels opened"
    );

    harness.run_steps(100);
    assert_eq!(
        counts(&harness),
        opened,
        "100 frames with no edit recompute nothing"
    );

    // Playback advances the sweep every frame: it reads the stay's range and the teaching
    // stops, and the plots grow with it, all from what was derived.
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.key_press(egui::Key::Space);
    harness.run_steps(100);
    assert!(
        harness.state().workspace.cases[0]
            .views
            .trajectory
            .playback
            .is_some(),
        "playback is on"
    );
    assert_eq!(
        counts(&harness),
        opened,
        "100 frames of playback recompute nothing"
    );
    harness.key_press(egui::Key::Escape);
    harness.run();

    let edited = harness.state_mut().workspace.cases[0]
        .document
        .edit("Rename case", |case| {
            case.metadata.title.push_str(" (reviewed)")
        });
    assert!(edited.is_ok(), "{edited:?}");
    harness.run_steps(100);
    step_by_event(&mut harness);
    harness.run_steps(10);
    assert_eq!(
        counts(&harness),
        each(2),
        "one edit and 100 frames recompute each item once"
    );
}

fn alignments(harness: &egui_kittest::Harness<'_, caselens::app::CaseLensApp>) -> u64 {
    harness.state().compare().alignments_computed()
}

#[test]
fn the_compare_view_aligns_the_cases_once_per_edit_not_per_frame() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    harness.state_mut().open_teaching_example();
    harness.run();
    harness.get_by_label("Compare cases");
    assert_eq!(
        harness.state().workspace.cases.len(),
        2,
        "two cases compared"
    );
    assert_eq!(alignments(&harness), 1, "aligned once when the view opened");

    harness.run_steps(100);
    assert_eq!(
        alignments(&harness),
        1,
        "100 frames with no edit align nothing again"
    );

    let edited = harness.state_mut().workspace.cases[1]
        .document
        .edit("Rename case", |case| {
            case.metadata.title.push_str(" (reviewed)")
        });
    assert!(edited.is_ok(), "{edited:?}");
    harness.run_steps(100);
    assert_eq!(
        alignments(&harness),
        2,
        "an edit of one case aligns once more"
    );
    // The list of cases shows the edited title: the comparison follows the edit.
    harness.get_by_label(
        "■ Umbilical-cord MSCs in a critically ill COVID-19 patient (Liang et al. 2020) (reviewed)",
    );

    harness.get_by_label("Hospital day").click();
    harness.run_steps(100);
    assert_eq!(
        alignments(&harness),
        3,
        "another alignment aligns once more"
    );
    assert_eq!(
        harness.state().compare().align_by,
        caselens::analysis::alignment::AlignBy::HospitalDay
    );
}
