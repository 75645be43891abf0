//! `caselens export` and `caselens figure`: structured reports and publication figures.

use std::io::Write;
use std::path::PathBuf;

/// Arguments of `caselens export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// Arguments of `caselens figure`.
#[derive(Debug, clap::Args)]
pub struct FigureArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run_export(_args: ExportArgs, _out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let _ = writeln!(err, "caselens export: not available in this build yet");
    false
}

pub fn run_figure(_args: FigureArgs, _out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let _ = writeln!(err, "caselens figure: not available in this build yet");
    false
}
