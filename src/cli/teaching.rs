//! `caselens episodes` and `caselens check`: suggested cytokine-storm episodes and guideline
//! findings, for scripts and teaching.

use std::io::Write;
use std::path::PathBuf;

/// Arguments of `caselens episodes`.
#[derive(Debug, clap::Args)]
pub struct EpisodesArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Arguments of `caselens check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run_episodes(_args: EpisodesArgs, _out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let _ = writeln!(err, "caselens episodes: not available in this build yet");
    false
}

pub fn run_check(_args: CheckArgs, _out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let _ = writeln!(err, "caselens check: not available in this build yet");
    false
}
