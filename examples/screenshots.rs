//! Renders the app headlessly into `screenshots/*.png` for the README:
//! `cargo run --example screenshots`. Needs a GPU or software Vulkan (mesa-vulkan-drivers).

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::ExitCode;

fn main() -> ExitCode {
    let shots: [(&str, Vec<std::path::PathBuf>); 2] = [
        ("reference_case", Vec::new()),
        (
            "relative_days_case",
            vec![support::repo_path("assets/cases/liang2020.ron")],
        ),
    ];
    for (name, files) in shots {
        let Some(mut harness) = support::rendering_harness(files) else {
            return ExitCode::FAILURE;
        };
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
