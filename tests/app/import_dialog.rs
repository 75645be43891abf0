//! The import dialog, driven through egui_kittest: a file is loaded as if chosen, the mapping
//! is changed in its combo box, and the chosen patient is imported into a new case or added
//! to the open one, undoably; the imported case's source id is shown in the overview. Files
//! are read on a worker thread, so the tests step frames until the dialog has read them.

use crate::support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use caselens::app::fonts::install_fonts;
use caselens::app::import_dialog::ImportDialog;
use caselens::app::state::Workspace;
use caselens::io::to_canonical_text;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

struct State {
    dialog: ImportDialog,
    workspace: Workspace,
    fonts_installed: bool,
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Steps frames until the dialog has read the file asked for, at most 60 s.
fn wait_until_read(harness: &mut Harness<'static, State>) {
    let start = Instant::now();
    while harness.state().dialog.is_loading() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the dialog never finished reading"
        );
        std::thread::sleep(Duration::from_millis(10));
        harness.step();
    }
    harness.run();
}

/// The dialog with `file` read.
fn harness(file: &str) -> Harness<'static, State> {
    let mut dialog = ImportDialog::default();
    dialog.open();
    dialog.load_file(&fixture(file), None);
    let state = State {
        dialog,
        workspace: Workspace::default(),
        fonts_installed: false,
    };
    let mut harness = Harness::builder()
        .with_size([1000.0, 900.0])
        .build_ui_state(
            |ui, state: &mut State| {
                if !state.fonts_installed {
                    install_fonts(ui.ctx());
                    state.fonts_installed = true;
                }
                let ctx = ui.ctx().clone();
                let workspace = &mut state.workspace;
                let active = workspace
                    .active
                    .and_then(|index| workspace.cases.get_mut(index));
                if let Some(new_case) = state.dialog.ui(&ctx, active, &mut workspace.messages) {
                    workspace.open_imported(new_case);
                }
            },
            state,
        );
    wait_until_read(&mut harness);
    harness
}

#[test]
fn a_long_table_is_previewed_and_one_patient_becomes_a_new_unsaved_case() {
    let mut harness = harness("long_two_patients.csv");
    harness.get_by_label("Result: 2 patients");
    assert!(
        harness
            .query_by_label_contains("not mapped and not imported")
            .is_none(),
        "every test is imported"
    );
    let patient = harness.get_by_role_and_label(Role::ComboBox, "Patient:");
    assert_eq!(patient.value().as_deref(), Some("Patient P-001"));

    harness.get_by_label("Import as new case").click();
    harness.run();

    let state = harness.state();
    assert!(!state.dialog.is_open(), "the dialog closes after importing");
    assert_eq!(state.workspace.cases.len(), 1);
    let open = &state.workspace.cases[0];
    assert_eq!(
        open.document.case().metadata.title,
        "Patient 1 of 2 (imported from long_two_patients.csv)"
    );
    assert_eq!(
        open.document.case().patient.source_id.as_deref(),
        Some("P-001")
    );
    assert_eq!(
        open.document.case().series.len(),
        3,
        "CRP, lymphocytes and fibrinogen"
    );
    assert!(open.document.has_unsaved_changes());
    assert_eq!(
        open.document.history().undo_description(),
        Some("Import patient P-001 from long_two_patients.csv")
    );
}

#[test]
fn a_test_can_be_kept_as_a_custom_marker_from_its_combo_box() {
    let mut harness = harness("long_two_patients.csv");
    harness.get_by_label("test Fibrinogen").click();
    harness.run();
    harness.get_by_label("custom marker").click();
    // The cases are built again off the UI thread, and the dialog says so.
    let mut frames = 0;
    while harness.query_by_label("Building the cases…").is_none() {
        frames += 1;
        assert!(
            frames < 5,
            "the dialog never showed that it builds the cases"
        );
        harness.step();
    }
    wait_until_read(&mut harness);
    harness.get_by_label("Import as new case").click();
    harness.run();
    let case = &harness.state().workspace.cases[0].document.case();
    let markers: Vec<&str> = case
        .series
        .iter()
        .map(|series| series.marker.as_str())
        .collect();
    assert_eq!(markers, ["crp", "lymphocytes", "custom_fibrinogen"]);
}

#[test]
fn a_fhir_patient_is_added_to_the_open_case_without_their_name() {
    let mut harness = harness("long_two_patients.csv");
    harness.get_by_label("Import as new case").click();
    harness.run();

    let state = harness.state_mut();
    state.dialog.open();
    state
        .dialog
        .load_file(&fixture("fhir_r4_bundle.json"), None);
    wait_until_read(&mut harness);
    let patient = harness.get_by_role_and_label(Role::ComboBox, "Patient:");
    assert!(
        patient
            .value()
            .is_some_and(|shown| shown.starts_with("Patient 1 — Maja E. Lindqvist (Patient/")),
        "the reviewer sees who it is: {:?}",
        patient.value()
    );
    harness.get_by_label("Add to open case").click();
    harness.run();

    let state = harness.state();
    assert_eq!(
        state.workspace.cases.len(),
        1,
        "added, not opened as another case"
    );
    let open = &state.workspace.cases[0];
    let crp = open
        .document
        .case()
        .series
        .iter()
        .find(|series| series.marker == "crp")
        .expect("crp");
    assert_eq!(
        crp.samples.len(),
        6,
        "three from the table, three from the bundle"
    );
    assert!(open.document.case().interventions.len() >= 4);
    assert_eq!(
        open.document.history().undo_description(),
        Some("Import lab values of patient 1 from fhir_r4_bundle.json")
    );
    let text = to_canonical_text(open.document.case()).expect("serialises");
    assert!(!text.contains("Lindqvist") && !text.contains("MRN-0042917"));
}

#[test]
fn a_chosen_file_is_read_off_the_ui_thread_and_then_previewed() {
    let mut harness = harness("long_two_patients.csv");
    harness
        .state_mut()
        .dialog
        .load_file(&fixture("wide_units_in_headers.csv"), None);
    // The first frame starts the read and shows it, with Cancel; it does not wait for it,
    // and the file shown before stays until the new one is in.
    harness.step();
    harness.get_by_label("Reading wide_units_in_headers.csv…");
    harness.get_by_label("Cancel");
    harness.get_by_label_contains("long_two_patients.csv (");
    assert!(
        harness
            .get_by_label("Import as new case")
            .accesskit_node()
            .is_disabled(),
        "nothing is imported while another file is read"
    );
    wait_until_read(&mut harness);
    assert!(
        harness
            .query_by_label("Reading wide_units_in_headers.csv…")
            .is_none()
    );
    harness.get_by_label_contains("wide_units_in_headers.csv (");
    harness.get_by_label("First rows of the export");
    harness.get_by_label_contains("Result: ");
    assert!(harness.state().workspace.messages.waiting().is_empty());
}

/// A file whose read waits until something writes to it (a named pipe), so a test can act
/// while the read is surely still running.
#[cfg(unix)]
fn file_that_waits(folder: &std::path::Path) -> PathBuf {
    let path = folder.join("still_arriving.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo made {}", path.display());
    path
}

#[cfg(unix)]
#[test]
fn a_cancelled_read_keeps_the_file_shown_before_and_its_answer_is_dropped() {
    let mut harness = harness("long_two_patients.csv");
    let folder = tempfile::tempdir().expect("a folder");
    let waiting_file = file_that_waits(folder.path());
    harness.state_mut().dialog.load_file(&waiting_file, None);
    harness.step();
    harness.get_by_label("Reading still_arriving.csv…");
    harness.get_by_label("Cancel").click();
    harness.step();
    assert!(!harness.state().dialog.is_loading());
    // The read now ends (with nothing in the file, which would be an error): nobody listens.
    drop(std::fs::OpenOptions::new().write(true).open(&waiting_file));
    for _ in 0..20 {
        std::thread::sleep(Duration::from_millis(10));
        harness.step();
    }
    harness.get_by_label_contains("long_two_patients.csv (");
    harness.get_by_label("Result: 2 patients");
    assert!(
        harness.state().workspace.messages.waiting().is_empty(),
        "{:?}",
        harness.state().workspace.messages.waiting()
    );
}

#[test]
fn a_newer_choice_supersedes_the_file_being_read() {
    let mut harness = harness("long_two_patients.csv");
    harness
        .state_mut()
        .dialog
        .load_file(&fixture("does_not_exist.csv"), None);
    harness.step();
    harness.get_by_label("Reading does_not_exist.csv…");
    // Its answer (an error) is ready by now, but a newer choice comes first.
    std::thread::sleep(Duration::from_millis(100));
    harness
        .state_mut()
        .dialog
        .load_file(&fixture("wide_units_in_headers.csv"), None);
    wait_until_read(&mut harness);
    harness.get_by_label_contains("wide_units_in_headers.csv (");
    assert!(
        harness.state().workspace.messages.waiting().is_empty(),
        "the superseded read's answer is dropped: {:?}",
        harness.state().workspace.messages.waiting()
    );
}

#[test]
fn a_file_that_does_not_read_is_reported_once_and_the_previous_one_stays() {
    let mut harness = harness("long_two_patients.csv");
    harness
        .state_mut()
        .dialog
        .load_file(&fixture("does_not_exist.csv"), None);
    wait_until_read(&mut harness);
    for _ in 0..10 {
        harness.step();
    }
    let waiting = harness.state().workspace.messages.waiting();
    assert_eq!(waiting.len(), 1, "one message: {waiting:?}");
    let text = &waiting[0].text;
    assert!(
        text.contains("does_not_exist.csv")
            && text.contains("could not read")
            && text.contains("choose another file"),
        "names the file and what to do: {text}"
    );
    assert_eq!(
        waiting[0].level,
        caselens::app::messages::MessageLevel::Error
    );
    // Shown once, through the app's messages, not again inside the dialog.
    assert!(harness.query_by_label_contains("could not read").is_none());
    harness.get_by_label("Result: 2 patients");
    harness.get_by_label_contains("long_two_patients.csv (");
}

#[test]
fn the_overview_shows_an_imported_case_s_source_id_to_the_reviewer() {
    let mut harness = support::app_harness(vec![support::repo_path(
        "tests/case_files/valid/imported_with_source_id.ron",
    )]);
    harness.run();
    harness.get_by_label("Patient 3 of 40 (imported from labs.csv)");
    harness.get_by_label("Source id: MRN-0048213");
}
