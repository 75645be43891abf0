//! The Report view in the real app: writing a section goes into the case as one undoable
//! edit, and the live preview shows the report's sections and CARE table. The preview and
//! the exports are built on worker threads, so the tests step frames until they are done.

use crate::support;

use std::time::{Duration, Instant};

use caselens::app::report_view::ExportKind;
use caselens::report::figures::FigureKind;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

const BUILDING: &str = "Building the report…";

/// Steps frames until `done` holds (the work runs on another thread), at most 60 s.
fn step_until(harness: &mut AppHarness, what: &str, done: impl Fn(&AppHarness) -> bool) {
    let start = Instant::now();
    while !done(harness) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
        harness.step();
    }
}

/// The status line as the window shows it (empty when there is none).
fn status_line(harness: &AppHarness) -> String {
    harness
        .state()
        .workspace
        .messages
        .status()
        .unwrap_or_default()
        .to_owned()
}

/// Steps frames until a widget labelled `label` is shown.
fn wait_for_label(harness: &mut AppHarness, label: &str) {
    step_until(harness, label, |harness| {
        harness.query_by_label(label).is_some()
    });
}

/// Opens the Report view and waits for its preview to be built.
fn open_report_view(harness: &mut AppHarness) {
    harness.run();
    harness.get_by_label("Report").click();
    // The preview is built on a worker, whose spinner asks for frames until it ends: step
    // (not run, which expects the UI to settle within a few frames) until it is there.
    harness.step();
    step_until(harness, "the report preview", |harness| {
        harness.query_by_label("CARE checklist").is_some()
            && !active_case(harness).views.report.is_preparing_preview()
    });
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

fn harness_case_introduction(harness: &AppHarness) -> Option<String> {
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
    wait_for_label(&mut harness, TITLE_FILLED);
    assert!(harness.query_by_label(TITLE_FLAGGED).is_none());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.run();
    assert_eq!(
        active_case(&harness).document.case().metadata.title,
        original
    );
    wait_for_label(&mut harness, TITLE_FLAGGED);
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
    wait_for_label(&mut harness, "3 keywords.");
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
        harness.run();
        wait_for_label(&mut harness, figure);
        assert!(harness.query_by_label("Preparing figures…").is_none());
    }
}

#[test]
fn the_report_shows_a_building_state_then_the_report_and_is_not_rebuilt_per_frame() {
    let mut harness = support::app_harness(Vec::new());
    harness.run();
    harness.get_by_label("Report").click();
    // The first frame of the view starts the build and says so; the UI does not wait for it.
    let mut frames = 0;
    while harness.query_by_label(BUILDING).is_none() {
        frames += 1;
        assert!(
            frames < 5,
            "the view never showed that it builds the report"
        );
        harness.step();
    }
    assert!(harness.query_by_label("CARE checklist").is_none());
    harness.get_by_label("Cancel");
    wait_for_label(&mut harness, "CARE checklist");
    step_until(&mut harness, "the build to finish", |harness| {
        !active_case(harness).views.report.is_preparing_preview()
    });
    assert!(harness.query_by_label(BUILDING).is_none());

    // Settled: more frames build nothing; an edit builds once.
    let builds = active_case(&harness).views.report.preview_builds();
    assert!(builds >= 1);
    for _ in 0..20 {
        harness.step();
    }
    assert_eq!(active_case(&harness).views.report.preview_builds(), builds);
    replace_field_text(
        &mut harness,
        "Title (CARE item 1)",
        "Plasma then MSCs in severe COVID-19: a case report",
    );
    wait_for_label(&mut harness, TITLE_FILLED);
    for _ in 0..20 {
        harness.step();
    }
    assert_eq!(
        active_case(&harness).views.report.preview_builds(),
        builds + 1
    );
}

/// Asks the report view of the active case to export `kind` to `path`, as the export
/// buttons do once a file is chosen, and steps frames until the export has finished.
fn export_through_the_view(harness: &mut AppHarness, kind: ExportKind, path: &std::path::Path) {
    harness
        .state_mut()
        .workspace
        .active_case_mut()
        .expect("a case is open")
        .views
        .report
        .export_to(kind, path.to_path_buf());
    harness.step();
    step_until(harness, "the export", |harness| {
        !active_case(harness).views.report.is_exporting()
    });
    harness.run();
}

#[test]
fn an_export_writes_the_file_on_the_worker_and_says_so_once() {
    let mut harness = support::app_harness(Vec::new());
    open_report_view(&mut harness);
    let folder = tempfile::tempdir().expect("a folder");
    let report = folder.path().join("case.html");
    export_through_the_view(&mut harness, ExportKind::Report, &report);
    let text = std::fs::read_to_string(&report).expect("the report was written");
    let title = active_case(&harness).document.case().metadata.title.clone();
    assert!(text.contains("CARE checklist") && text.contains(&title));
    let status = status_line(&harness);
    assert!(
        status.starts_with("Exported") && status.contains("case.html"),
        "{status}"
    );

    let figure = folder.path().join("trajectory.png");
    export_through_the_view(
        &mut harness,
        ExportKind::Figure(FigureKind::Trajectory),
        &figure,
    );
    let png = std::fs::read(&figure).expect("the figure was written");
    assert!(png.starts_with(b"\x89PNG"));
    assert!(harness.state().workspace.messages.waiting().is_empty());
}

#[test]
fn a_failed_export_reports_once_naming_the_file_and_the_case_is_kept() {
    let mut harness = support::app_harness(Vec::new());
    open_report_view(&mut harness);
    let folder = tempfile::tempdir().expect("a folder");
    // A file stands where the export's folder should be: the write fails.
    let blocker = folder.path().join("not-a-folder");
    std::fs::write(&blocker, b"").expect("a file");
    let target = blocker.join("report.html");
    let edits_before = active_case(&harness).document.history().undo_list().count();
    export_through_the_view(&mut harness, ExportKind::Report, &target);
    for _ in 0..10 {
        harness.step();
    }
    let waiting = harness.state().workspace.messages.waiting();
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert!(
        waiting[0].text.contains("report.html") && waiting[0].text.contains("export again"),
        "{}",
        waiting[0].text
    );
    assert!(!target.exists());
    assert_eq!(
        active_case(&harness).document.history().undo_list().count(),
        edits_before
    );
}

#[test]
fn an_export_is_reported_when_it_ends_even_with_another_view_in_front() {
    let mut harness = support::app_harness(Vec::new());
    open_report_view(&mut harness);
    let folder = tempfile::tempdir().expect("a folder");
    let report = folder.path().join("case.md");
    let report_state = &mut harness
        .state_mut()
        .workspace
        .active_case_mut()
        .expect("a case is open")
        .views
        .report;
    report_state.format = caselens::report::ReportFormat::Markdown;
    report_state.export_to(ExportKind::Report, report.clone());
    harness.step();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Trajectory")
        .click();
    harness.step();
    step_until(&mut harness, "the export", |harness| {
        !active_case(harness).views.report.is_exporting()
    });
    assert!(
        harness.query_by_label("CARE checklist").is_none(),
        "the report view is not shown"
    );
    assert!(report.exists());
    let status = status_line(&harness);
    assert!(
        status.starts_with("Exported") && status.contains("case.md"),
        "{status}"
    );
}
