//! The Report view in the real app: writing a section goes into the case as one undoable
//! edit, and the live preview shows the report's sections and CARE table.

use crate::support;

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
        .and_then(|open| open.document.case().narrative.introduction.clone())
}

type AppHarness = egui_kittest::Harness<'static, caselens::app::CaseLensApp>;

const TITLE_FLAGGED: &str =
    "The title does not contain the words \"case report\", which CARE asks for.";
const TITLE_FILLED: &str = "Title names the focus and says \"case report\".";

fn active_case(harness: &AppHarness) -> &caselens::app::state::OpenCase {
    harness.state().workspace.active_case().unwrap()
}

/// Opens the "Case details" form, replaces the text of the field labelled `label` and leaves
/// the field, which commits it.
fn replace_field_text(harness: &mut AppHarness, label: &str, text: &str) {
    if harness.query_by_label(label).is_none() {
        harness.get_by_label("Case details").click();
        harness.run();
    }
    harness.get_by_label(label).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    harness.run();
}

#[test]
fn an_edited_title_is_one_undoable_edit_and_clears_the_care_flag() {
    let mut harness = support::app_harness(Vec::new());
    open_report_view(&mut harness);
    let original = active_case(&harness).document.case().metadata.title.clone();
    harness.get_by_label(TITLE_FLAGGED);
    let edits_before = active_case(&harness).document.history().undo_list().count();

    replace_field_text(
        &mut harness,
        "Title (CARE item 1)",
        "Plasma then MSCs in severe COVID-19: a case report",
    );
    let open = active_case(&harness);
    assert_eq!(
        open.document.case().metadata.title,
        "Plasma then MSCs in severe COVID-19: a case report"
    );
    assert_eq!(
        open.document.history().undo_description(),
        Some("Edit title")
    );
    assert_eq!(
        open.document.history().undo_list().count(),
        edits_before + 1
    );
    harness.get_by_label(TITLE_FILLED);
    assert!(harness.query_by_label(TITLE_FLAGGED).is_none());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.run();
    assert_eq!(
        active_case(&harness).document.case().metadata.title,
        original
    );
    harness.get_by_label(TITLE_FLAGGED);
}

#[test]
fn keywords_are_split_at_commas_and_the_care_row_clears() {
    let mut harness = support::app_harness(Vec::new());
    open_report_view(&mut harness);
    harness.get_by_label("7 keywords; CARE asks for 2 to 5.");

    replace_field_text(
        &mut harness,
        "Keywords (CARE item 2)",
        "COVID-19 ,  convalescent plasma, , case report,",
    );
    let open = active_case(&harness);
    assert_eq!(
        open.document.case().metadata.keywords,
        vec!["COVID-19", "convalescent plasma", "case report"]
    );
    assert_eq!(
        open.document.history().undo_description(),
        Some("Edit keywords")
    );
    harness.get_by_label("3 keywords.");
    assert!(
        harness
            .query_by_label("7 keywords; CARE asks for 2 to 5.")
            .is_none()
    );
}

#[test]
fn a_refused_title_is_shown_next_to_the_field_and_changes_nothing() {
    let mut harness = support::app_harness(Vec::new());
    open_report_view(&mut harness);
    let original = active_case(&harness).document.case().metadata.title.clone();
    let edits_before = active_case(&harness).document.history().undo_list().count();

    replace_field_text(&mut harness, "Title (CARE item 1)", "   ");
    let open = active_case(&harness);
    assert_eq!(open.document.case().metadata.title, original);
    assert_eq!(open.document.history().undo_list().count(), edits_before);
    harness.get_by_label_contains("Not saved: metadata.title");
    harness.get_by_label_contains("give the case a title");
    // The typed text stays in the field for the reviewer to fix.
    assert_eq!(
        harness
            .get_by_label("Title (CARE item 1)")
            .value()
            .as_deref(),
        Some("   ")
    );
}

#[test]
fn the_chosen_time_axis_and_width_reach_the_figure_options() {
    let mut harness = support::app_harness(Vec::new());
    open_report_view(&mut harness);
    let illness_day = harness.get_by_role_and_label(egui::accesskit::Role::Button, "Illness day");
    illness_day.scroll_to_me();
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Illness day")
        .click();
    harness.run();
    let open = active_case(&harness);
    let options = open.views.report.figure_options();
    assert_eq!(
        options.axis,
        Some(caselens::analysis::time_axis::AxisMode::IllnessDay)
    );
    assert_eq!(
        options.axis_mode(open.document.timeline()),
        caselens::analysis::time_axis::AxisMode::IllnessDay
    );

    harness.get_by_label("Figure width").scroll_to_me();
    harness.run();
    harness.get_by_label("Figure width").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Figure width").type_text("1500");
    harness.key_press(Key::Enter);
    harness.run();
    harness.run();
    assert_eq!(
        active_case(&harness).views.report.figure_options().width_px,
        Some(1500)
    );
}

#[test]
fn the_figure_previews_appear_once_prepared_off_the_ui_thread() {
    let mut harness = support::app_harness(Vec::new());
    open_report_view(&mut harness);
    for (tab, figure) in [
        ("Imaging figure", "Imaging figure preview"),
        ("Trajectory figure", "Trajectory figure preview"),
    ] {
        harness.get_by_label(tab).click();
        let mut shown = false;
        for _ in 0..200 {
            harness.run();
            if harness.query_by_label(figure).is_some() {
                shown = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(shown, "{figure} never appeared");
        assert!(harness.query_by_label("Preparing figures…").is_none());
    }
}
