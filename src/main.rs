//! `caselens`: opens the app, or runs a headless command (`caselens --help`).

use std::process::ExitCode;

use caselens::cli::{Launch, run_from_args};

fn main() -> ExitCode {
    match run_from_args() {
        Launch::Done(code) => code,
        Launch::Gui(files) => match caselens::app::run(files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("caselens: {error:#}");
                ExitCode::FAILURE
            }
        },
    }
}
