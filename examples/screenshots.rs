//! Renders the app headlessly into `screenshots/*.png` for the README:
//! `cargo run --example screenshots`. Needs a GPU or software Vulkan (mesa-vulkan-drivers).

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::ExitCode;

use caselens::app::CaseLensApp;
use egui::{Key, Modifiers};
use egui_kittest::Harness;

/// How to set up each screenshot before it is taken.
type Setup = fn(&mut Harness<'static, CaseLensApp>);

fn main() -> ExitCode {
    let shots: [(&str, Vec<PathBuf>, Setup); 3] = [
        ("reference_case", Vec::new(), |_| {}),
        ("trajectory", Vec::new(), trajectory_with_cursors),
        (
            "relative_days_case",
            vec![support::repo_path("assets/cases/liang2020.ron")],
            |_| {},
        ),
    ];
    for (name, files, setup) in shots {
        let Some(mut harness) = support::rendering_harness(files) else {
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
