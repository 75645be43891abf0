//! Never losing a review: autosave and recovery after a crash, a file changed behind the
//! reviewer's back, and quitting with unsaved changes — through the real app.

use crate::support;

use std::path::{Path, PathBuf};

use caselens::app::CaseLensApp;
use caselens::io::recovery::RecoveryRecord;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// `seconds_per_step` lets a test pass app time quickly (autosave runs every few seconds);
/// clicks need the default, short steps.
fn harness_with_recovery(
    files: Vec<PathBuf>,
    folder: &Path,
    seconds_per_step: f32,
) -> Harness<'static, CaseLensApp> {
    let folder = folder.to_path_buf();
    Harness::builder()
        .with_size(support::WINDOW_SIZE)
        .with_step_dt(seconds_per_step)
        .build_eframe(move |creation| CaseLensApp::with_options(creation, files, Some(folder)))
}

fn copy_of_liang(folder: &Path) -> PathBuf {
    let target = folder.join("liang.ron");
    std::fs::copy(support::repo_path("assets/cases/liang2020.ron"), &target).expect("copy");
    target
}

fn rename_case(harness: &mut Harness<'_, CaseLensApp>, title: &str) {
    let open = harness
        .state_mut()
        .workspace
        .active_case_mut()
        .expect("a case is open");
    let title = title.to_owned();
    open.document
        .edit("Rename case", |case| case.metadata.title = title)
        .expect("a valid edit");
}

fn recovery_files(folder: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.to_string_lossy().ends_with(".recovery.ron"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn unsaved_edits_are_autosaved_and_offered_back_after_a_crash() {
    let cases = tempfile::tempdir().expect("temp");
    let recovery = tempfile::tempdir().expect("temp");
    let case_path = copy_of_liang(cases.path());

    let mut harness = harness_with_recovery(vec![case_path.clone()], recovery.path(), 1.0);
    harness.run();
    rename_case(&mut harness, "Renamed before the crash");
    harness.run_steps(8); // eight seconds of app time: past the autosave interval
    let written = recovery_files(recovery.path());
    assert_eq!(
        written.len(),
        1,
        "one recovery file for the one unsaved case"
    );

    // The process "crashes": the harness is dropped without quitting. A recovery file from
    // a live process is never offered, so give it a process id no process has.
    drop(harness);
    let text = std::fs::read_to_string(&written[0]).expect("readable");
    let mut record: RecoveryRecord = ron::from_str(&text).expect("a recovery record");
    assert_eq!(record.case.metadata.title, "Renamed before the crash");
    record.process_id = 4_000_000_000;
    std::fs::write(&written[0], ron::to_string(&record).expect("serializable")).expect("writable");

    let mut harness = harness_with_recovery(Vec::new(), recovery.path(), 0.25);
    harness.run();
    harness.get_by_label("Recover unsaved work");
    harness.get_by_label(
        &case_path
            .canonicalize()
            .expect("exists")
            .display()
            .to_string(),
    );
    harness.get_by_label("Restore").click();
    harness.run();
    let open = harness
        .state()
        .workspace
        .active_case()
        .expect("the recovered case is open");
    assert_eq!(
        open.document.case().metadata.title,
        "Renamed before the crash"
    );
    assert!(
        open.document.has_unsaved_changes(),
        "recovered edits still need saving"
    );
    assert!(
        recovery_files(recovery.path())
            .iter()
            .all(|path| path != &written[0]),
        "the old file is consumed"
    );

    // Undo goes back to the file as it is on disk.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let open = harness.state().workspace.active_case().expect("open");
    assert!(open.document.case().metadata.title.contains("Liang"));
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first_and_reload_keeps_edits_in_undo() {
    let cases = tempfile::tempdir().expect("temp");
    let case_path = copy_of_liang(cases.path());
    let mut harness = support::app_harness(vec![case_path.clone()]);
    harness.run();
    rename_case(&mut harness, "My edit");
    harness.run();

    // A colleague changes the file meanwhile.
    let original = std::fs::read_to_string(&case_path).expect("readable");
    let theirs = original.replacen("title: \"", "title: \"Colleague: ", 1);
    std::fs::write(&case_path, &theirs).expect("writable");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.get_by_label("The file changed on disk");
    assert_eq!(
        std::fs::read_to_string(&case_path).expect("readable"),
        theirs,
        "nothing overwritten yet"
    );

    harness.get_by_label("Reload from disk").click();
    harness.run();
    let open = harness.state().workspace.active_case().expect("open");
    assert!(
        open.document
            .case()
            .metadata
            .title
            .starts_with("Colleague: ")
    );
    assert!(!open.document.has_unsaved_changes());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let open = harness.state().workspace.active_case().expect("open");
    assert_eq!(open.document.case().metadata.title, "My edit");
}

#[test]
fn overwrite_after_a_change_on_disk_writes_the_reviewers_version() {
    let cases = tempfile::tempdir().expect("temp");
    let case_path = copy_of_liang(cases.path());
    let mut harness = support::app_harness(vec![case_path.clone()]);
    harness.run();
    rename_case(&mut harness, "Mine wins");
    std::fs::write(&case_path, "// clobbered by another program\n").expect("writable");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.get_by_label("Overwrite it with my version").click();
    harness.run();
    let saved = caselens::io::load_case(&case_path).expect("the saved file loads");
    assert_eq!(saved.case.metadata.title, "Mine wins");
    assert!(
        !harness
            .state()
            .workspace
            .active_case()
            .expect("open")
            .document
            .has_unsaved_changes()
    );
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    let mut harness = support::app_harness(Vec::new());
    harness.run();
    rename_case(&mut harness, "Unsaved");
    harness.run();
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    harness.get_by_label("Unsaved changes");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Unsaved changes").is_none());
    assert_eq!(harness.state().workspace.cases.len(), 1, "nothing closed");
}
