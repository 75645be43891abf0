//! The import dialog, driven through egui_kittest: a file is loaded as if chosen, the mapping
//! is changed in its combo box, and the chosen patient is imported into a new case or added
//! to the open one, undoably; the imported case's source id is shown in the overview.

use crate::support;

use std::path::PathBuf;

use caselens::app::fonts::install_fonts;
use caselens::app::import_dialog::ImportDialog;
use caselens::app::state::Workspace;
use caselens::io::to_canonical_text;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

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

fn harness(file: &str) -> Harness<'static, State> {
    let mut dialog = ImportDialog::default();
    dialog.open();
    dialog.load_file(&fixture(file), None);
    let state = State {
        dialog,
        workspace: Workspace::default(),
        fonts_installed: false,
    };
    Harness::builder()
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
        )
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
    harness.run();
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
    harness.run();
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
fn a_file_that_does_not_read_is_reported_and_the_previous_one_stays() {
    let mut harness = harness("long_two_patients.csv");
    harness
        .state_mut()
        .dialog
        .load_file(&fixture("does_not_exist.csv"), None);
    harness.run();
    harness.get_by_label_contains("could not read");
    harness.get_by_label("Result: 2 patients");
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
