//! UI tests: the real app, driven through its accessibility tree with no window, checking
//! what a reviewer sees.

use crate::support;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use support::{app_harness, repo_path};

/// Asserts that at least one node carries exactly this label (dates appear in several panels).
fn assert_shown<State>(harness: &Harness<'_, State>, label: &str) {
    assert!(
        harness.query_all_by_label(label).next().is_some(),
        "nothing shows {label:?}"
    );
}

#[test]
fn opens_on_the_reference_case_with_title_patient_and_events() {
    let mut harness = app_harness(Vec::new());
    harness.run();

    harness.get_by_label_contains("Peng et al. 2020");
    harness.get_by_label("Female, 66 years, 65 kg");
    harness.get_by_label("⚠ Illustrative reconstruction");
    // The stay, in every form of date the case supports.
    assert_shown(&harness, "3 Feb 2020 · illness day 10 · hospital day 1");
    assert_shown(&harness, "6 Mar 2020 · illness day 42 · hospital day 33");
    // Plasma on 20 Feb = illness day 27 appears among the key events.
    assert_shown(&harness, "20 Feb 2020 · illness day 27 · hospital day 18");
    harness.get_by_label_contains("Convalescent plasma (dose 1 of 2)");
    harness.get_by_label_contains("(UC-MSCs) (dose 3 of 3)");
    // The plots name markers with their clinical symbols and units.
    harness.get_by_label("PaO₂/FiO₂ (mmHg)");
    harness.get_by_label("Neutrophils (×10⁹/L)");
    harness.get_by_label("Lymphocytes (×10⁹/L)");
}

#[test]
fn a_broken_file_shows_its_line_and_keeps_the_open_cases() {
    let broken = repo_path("tests/case_files/invalid/syntax_missing_comma.ron");
    let mut harness = app_harness(vec![broken.clone()]);
    harness.run();
    let expected = format!("{}:11:", broken.display());
    harness.get_by_label_contains(&expected);
    harness.get_by_label("No case open");

    // Opening the reference case afterwards works; the error stays until dismissed.
    harness
        .get_by_label("Open the reference case (Peng et al. 2020)")
        .click();
    harness.run();
    harness.get_by_label("Female, 66 years, 65 kg");
    harness.get_by_label_contains(&expected);
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.query_by_label_contains(&expected).is_none());
}

#[test]
fn several_cases_open_side_by_side_as_tabs_and_close_with_the_keyboard() {
    let files = vec![
        repo_path("assets/cases/peng2020.ron"),
        repo_path("assets/cases/liang2020.ron"),
        repo_path("tests/case_files/invalid/nan_value.ron"),
    ];
    let mut harness = app_harness(files);
    harness.run();
    harness.get_by_label("peng2020.ron");
    harness.get_by_label("liang2020.ron");
    harness.get_by_label_contains("series[0].samples[1]: value is NaN");
    // The last case that loaded is in front: Liang, with relative days only.
    harness.get_by_label("Female, 65 years");
    assert!(
        harness.query_by_label_contains("Feb 2020").is_none(),
        "Liang has no calendar dates"
    );

    harness.get_by_label("peng2020.ron").click();
    harness.run();
    harness.get_by_label("Female, 66 years, 65 kg");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::W);
    harness.run();
    assert!(harness.query_by_label("peng2020.ron").is_none());
    harness.get_by_label("liang2020.ron");
    assert_eq!(harness.state().workspace.cases.len(), 1);
}

#[test]
fn f1_lists_the_keyboard_shortcuts() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    assert!(
        harness
            .query_by_label("Show or hide the case overview")
            .is_none()
    );
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label("Show or hide the case overview");
    harness.get_by_label("Open case files…");
}

/// F1 lists every key of the one key table, with the keys that do it: the app's shortcuts and
/// each view's keys, the CT series' PageUp/PageDown among them.
#[test]
fn f1_lists_every_key_any_view_acts_on() {
    use caselens::app::shortcuts::{SHORTCUTS, VIEW_KEYS, view_key_label};
    let mut harness = app_harness(Vec::new());
    harness.run();
    harness.key_press(Key::F1);
    harness.run();
    for (action, shortcut) in SHORTCUTS {
        let keys = harness.ctx.format_shortcut(&shortcut);
        assert!(
            harness.query_all_by_label(&keys).next().is_some(),
            "F1 names the keys {keys}"
        );
        harness.get_by_label(action.description());
    }
    for binding in &VIEW_KEYS {
        let keys = view_key_label(&harness.ctx, binding);
        assert!(
            harness.query_all_by_label(&keys).next().is_some(),
            "F1 names the keys {keys} of {:?}",
            binding.key
        );
        assert!(
            harness
                .query_all_by_label(binding.description)
                .next()
                .is_some(),
            "F1 lists {:?}: {}",
            binding.key,
            binding.description
        );
    }
    for key in ["PageUp", "PageDown"] {
        // Ctrl+PageUp/PageDown between cases, a day in playback, a slice in a CT series.
        let named = harness.query_all_by_label_contains(key).count();
        assert!(named >= 3, "F1 names {key} for cases, playback and slices");
    }
    harness.get_by_label("Next slice");
    harness.get_by_label("Previous slice");
}

#[test]
fn the_overview_panel_hides_and_returns_with_its_shortcut() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    harness.get_by_label("Female, 66 years, 65 kg");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
    harness.run();
    assert!(harness.query_by_label("Female, 66 years, 65 kg").is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
    harness.run();
    harness.get_by_label("Female, 66 years, 65 kg");
}
