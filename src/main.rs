//! `caselens`: opens the app, or runs a headless command (`caselens --help`).

use std::process::ExitCode;

use caselens::cli::{Launch, run_from_args};

fn main() -> ExitCode {
    match run_from_args() {
        Launch::Done(code) => code,
        Launch::Gui(files) => open_window(files),
    }
}

#[cfg(feature = "gui")]
fn open_window(files: Vec<std::path::PathBuf>) -> ExitCode {
    match caselens::app::run(files) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("caselens: {error:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(_files: Vec<std::path::PathBuf>) -> ExitCode {
    eprintln!(
        "caselens: this build has no window (built without the `gui` feature); \
         run a command such as `caselens validate CASE.ron`, or build with the default features"
    );
    ExitCode::FAILURE
}
