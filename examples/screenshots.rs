//! Renders the app headlessly into `screenshots/*.png` for the README:
//! `cargo run --example screenshots`. Needs a GPU or software Vulkan (mesa-vulkan-drivers).

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::ExitCode;

use caselens::app::CaseLensApp;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// How to set up each screenshot before it is taken.
type Setup = fn(&mut Harness<'static, CaseLensApp>);

fn main() -> ExitCode {
    // The cohort is loaded before the first frame, so no shot catches it loading.
    if let Err(error) = caselens::app::cohort_reference::load_now() {
        eprintln!("the bundled cohort does not read: {error}");
        return ExitCode::FAILURE;
    }
    let shots: [(&str, Vec<PathBuf>, Setup, [f32; 2]); 8] = [
        ("reference_case", Vec::new(), |_| {}, support::WINDOW_SIZE),
        (
            "trajectory",
            Vec::new(),
            trajectory_with_cursors,
            support::WINDOW_SIZE,
        ),
        (
            "relative_days_case",
            vec![support::repo_path("assets/cases/liang2020.ron")],
            |_| {},
            support::WINDOW_SIZE,
        ),
        (
            "cohort_bands",
            Vec::new(),
            cohort_bands_on_every_plot,
            support::WINDOW_SIZE,
        ),
        (
            "cohort_view",
            Vec::new(),
            cohort_view_with_a_patient_hovered,
            support::WINDOW_SIZE,
        ),
        (
            "cohort_patient",
            Vec::new(),
            cohort_patient_opened,
            [1920.0, 1080.0],
        ),
        (
            "cohort_view_1920",
            Vec::new(),
            cohort_view_with_a_patient_hovered,
            [1920.0, 1080.0],
        ),
        (
            "compare_cases",
            Vec::new(),
            compare_two_markers,
            support::WINDOW_SIZE,
        ),
    ];
    for (name, files, setup, size) in shots {
        let Some(mut harness) = support::rendering_harness_sized(files, size) else {
            return ExitCode::FAILURE;
        };
        harness.run();
        setup(&mut harness);
        harness.run();
        let path = support::repo_path(&format!("screenshots/{name}.png"));
        match harness.render().map(|image| image.save(&path)) {
            Ok(Ok(())) => println!("wrote {}", path.display()),
            Ok(Err(error)) => {
                eprintln!("could not write {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
            Err(error) => {
                eprintln!("could not render {name}: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// The reference case with cohort bands switched on for every plot that can have them.
fn cohort_bands_on_every_plot(harness: &mut Harness<'static, CaseLensApp>) {
    if let Some(all) = harness.query_all_by_label("all").next() {
        all.click();
    }
}

/// The cohort view (Ctrl+5), the case in front drawn over it, the top-ranked patient hovered.
fn cohort_view_with_a_patient_hovered(harness: &mut Harness<'static, CaseLensApp>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    harness.run();
    if let Some(first) = top_ranked_patient(harness) {
        first.hover();
    }
    harness.run();
}

/// The cohort view's first-ranked patient, if the list shows one.
fn top_ranked_patient<'a>(
    harness: &'a Harness<'static, CaseLensApp>,
) -> Option<egui_kittest::Node<'a>> {
    harness
        .query_all_by_label_contains("1. Patient ")
        .find(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|label| label.starts_with("1. "))
        })
}

/// The top-ranked patient opened from the cohort view, as its own case, with bands on.
fn cohort_patient_opened(harness: &mut Harness<'static, CaseLensApp>) {
    cohort_view_with_a_patient_hovered(harness);
    if let Some(first) = top_ranked_patient(harness) {
        first.click();
    }
    harness.run();
    cohort_bands_on_every_plot(harness);
}

/// The teaching example (Peng and Liang aligned on the first MSC infusion), SpO₂ and
/// lymphocytes as small multiples.
fn compare_two_markers(harness: &mut Harness<'static, CaseLensApp>) {
    harness.state_mut().open_teaching_example();
    harness.run();
    if let Some(menu) = harness.query_by_label("SpO₂ (%) ▾") {
        menu.click();
    }
    harness.run();
    if let Some(marker) = harness.query_by_label("Lymphocytes (×10⁹/L)") {
        marker.click();
    }
    harness.run();
    harness.key_press(Key::Escape);
}

/// The trajectory view without the overview, cursors A (day before plasma) and B (four days
/// after), and the time cursor on the second storm.
fn trajectory_with_cursors(harness: &mut Harness<'static, CaseLensApp>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
    harness.run();
    if let Some(open) = harness.state_mut().workspace.active_case_mut() {
        let timeline = open.document.timeline();
        let date = |month, day| {
            chrono::NaiveDate::from_ymd_opt(2020, month, day).and_then(|date| {
                timeline
                    .position(caselens::model::CaseTime::Date(date))
                    .ok()
            })
        };
        let state = &mut open.views.trajectory;
        state.cursor_a = date(2, 19);
        state.cursor_b = date(2, 24);
        state.time_cursor = date(2, 16);
    }
}
