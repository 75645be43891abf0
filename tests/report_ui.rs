//! The Report view in the real app: writing a section goes into the case as one undoable
//! edit, and the live preview shows the report's sections and CARE table.

mod support;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

fn open_report_view(harness: &mut egui_kittest::Harness<'static, caselens::app::CaseLensApp>) {
    harness.run();
    harness.get_by_label("Report").click();
    harness.run();
}

#[test]
fn the_preview_shows_the_care_table_and_the_timeline() {
    let mut harness = support::app_harness(Vec::new());
    open_report_view(&mut harness);
    harness.get_by_label("CARE checklist");
    assert!(harness.get_all_by_label("Timeline").count() >= 1);
    harness.get_by_label("No introduction yet; write it in the Report view.");
    // The first neutrophil value, in the laboratory course (and before the courses started that day).
    assert!(
        harness
            .get_all_by_label("5.2† (3 Feb 2020 · illness day 10)")
            .count()
            >= 1
    );
    harness.get_by_label("Illustrative data");
    harness.get_by_label("Export report (HTML)…");
}

#[test]
fn a_written_section_is_stored_in_the_case_and_undone_with_one_step() {
    let mut harness = support::app_harness(Vec::new());
    open_report_view(&mut harness);
    harness.get_by_label("Introduction (CARE item 4)").click();
    harness.run();
    harness
        .get_by_label("Introduction (CARE item 4)")
        .type_text("Plasma came late in this stay.");
    harness.run();
    // Leaving the field commits the text.
    harness.key_press(Key::Escape);
    harness.run();
    harness.run();
    assert_eq!(
        harness_case_introduction(&harness).as_deref(),
        Some("Plasma came late in this stay.")
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.run();
    assert_eq!(harness_case_introduction(&harness), None);
}

fn harness_case_introduction(
    harness: &egui_kittest::Harness<'static, caselens::app::CaseLensApp>,
) -> Option<String> {
    harness
        .state()
        .workspace
        .active_case()
        .and_then(|open| open.case.narrative.introduction.clone())
}
