//! The reference cohort in the app, driven as a reviewer drives it: bands switched on and off
//! beside a plot, and the cohort view, where a patient is found, named on hover and opened as
//! a case of its own.

use crate::support;

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};

use caselens::app::cohort_reference;
use caselens::app::document::CaseSource;
use caselens::model::Cohort;

const COHORT: &str = "Tongji 375 (Yan et al. 2020)";

/// The bundled cohort, loaded before the first frame, so no frame waits for the worker.
fn cohort() -> &'static Cohort {
    &cohort_reference::load_now()
        .as_ref()
        .expect("the bundled cohort reads")
        .cohort
}

fn captions(harness: &egui_kittest::Harness<'_, caselens::app::CaseLensApp>) -> usize {
    harness
        .query_all_by_label_contains(&format!("bands: {COHORT}"))
        .count()
}

#[test]
fn the_band_toggle_draws_a_plots_bands_and_all_switches_every_plot() {
    cohort();
    let mut harness = support::app_harness(Vec::new());
    harness.run();
    let toggles = harness.query_all_by_label("cohort").count();
    assert!(
        toggles >= 2,
        "the reference case has several markers the cohort has"
    );
    assert_eq!(captions(&harness), 0, "bands are off by default");

    harness
        .get_all_by_label("cohort")
        .next()
        .expect("a toggle")
        .click();
    harness.run();
    assert_eq!(
        captions(&harness),
        1,
        "one plot shows bands, and says whose"
    );
    harness
        .get_all_by_label_contains(&format!(
            "bands: {COHORT}, 201 survivors, 174 non-survivors"
        ))
        .next()
        .expect("the caption counts both outcomes");

    harness
        .get_all_by_label("cohort")
        .next()
        .expect("a toggle")
        .click();
    harness.run();
    assert_eq!(captions(&harness), 0, "unticked, the bands go");

    harness
        .get_all_by_label("all")
        .next()
        .expect("the switch for all")
        .click();
    harness.run();
    assert_eq!(
        captions(&harness),
        toggles,
        "every plot with a toggle shows bands"
    );
    harness
        .get_all_by_label("none")
        .next()
        .expect("the switch back")
        .click();
    harness.run();
    assert_eq!(captions(&harness), 0);
}

/// What a node reads: a label's text is its value in AccessKit, a button's its label.
fn text(node: &egui_kittest::Node<'_>) -> String {
    let node = node.accesskit_node();
    node.label().or_else(|| node.value()).unwrap_or_default()
}

/// The patient with the highest LDH of the cohort, read from the cohort's own columns; of
/// patients tied at the top (the sheet caps LDH at 1867 U/L), the first in the cohort.
fn highest_ldh(cohort: &Cohort) -> (String, usize) {
    let ldh = cohort.analyte("ldh", "U/L").expect("the cohort has LDH");
    let samples = &ldh.samples;
    let highest = samples
        .value
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    // Rows are sorted by patient: the first row with the highest value is the first patient.
    let top = samples
        .value
        .iter()
        .position(|&value| value == highest)
        .expect("LDH has values");
    let patient = samples.patient[top];
    let count = samples
        .patient
        .iter()
        .filter(|&&owner| owner == patient)
        .count();
    (cohort.patients[patient as usize].id.clone(), count)
}

#[test]
fn a_patient_found_in_the_cohort_view_opens_as_a_case_of_its_own() {
    let cohort = cohort();
    let mut harness = support::app_harness(Vec::new());
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    harness.run();
    assert_eq!(
        harness.state().shown(),
        caselens::app::shell::Shown::Cohort,
        "Ctrl+5 shows the cohort view"
    );
    harness.get_by_label("Patients by peak of LDH");
    harness
        .get_all_by_label_contains("Nat Mach Intell")
        .next()
        .expect("the attribution is shown");
    let builds = harness.state().cohort.geometry_builds();
    assert_eq!(
        builds, 3,
        "one geometry per plot: LDH, hs-CRP, lymphocytes %"
    );

    // The list is ranked by peak: the first row is the patient with the highest LDH.
    let (id, ldh_samples) = highest_ldh(cohort);
    let first_label = format!("1. Patient {id} · ");
    let first_row = harness
        .get_all_by_label_contains(&first_label)
        .find(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|label| label.starts_with("1. "))
        })
        .expect("the highest LDH heads the list");
    first_row.hover();
    harness.run();
    harness
        .get_all_by_label_contains(&format!("Patient {id} · "))
        .find(|node| text(node).ends_with("click to open as a case"))
        .expect("hovering a row names the patient above the plots");
    for _ in 0..5 {
        harness.run();
    }
    assert_eq!(
        harness.state().cohort.geometry_builds(),
        builds,
        "frames and hovering build nothing again"
    );

    harness
        .get_all_by_label_contains(&first_label)
        .find(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|label| label.starts_with("1. "))
        })
        .expect("the row is still there")
        .click();
    harness.run();
    let state = harness.state();
    assert_eq!(
        state.shown(),
        caselens::app::shell::Shown::Case,
        "the opened patient comes to the front"
    );
    assert_eq!(
        state.workspace.cases.len(),
        2,
        "in a new tab, beside the reference case"
    );
    let open = state.workspace.active_case().expect("a case in front");
    assert_eq!(
        *open.document.source(),
        CaseSource::Cohort {
            cohort: COHORT.to_owned(),
            patient: id.clone()
        }
    );
    assert_eq!(
        open.document.case().metadata.title,
        format!("Patient {id} of {COHORT}")
    );
    let ldh = open
        .document
        .case()
        .series
        .iter()
        .find(|series| series.marker == "ldh")
        .expect("the case has the patient's LDH");
    assert_eq!(
        ldh.samples.len(),
        ldh_samples,
        "every LDH sample of the patient"
    );
    harness.get_by_label(&format!("Patient {id} · {COHORT}"));
    harness
        .get_all_by_label_contains("Yan L. et al., An interpretable mortality prediction model")
        .next()
        .expect("the case overview gives the cohort's attribution");

    // Filtering builds each plot's geometry once more, and only once.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    harness.run();
    harness.get_by_label("died").click();
    harness.run();
    harness.run();
    assert_eq!(harness.state().cohort.geometry_builds(), builds + 3);
}
