//! `caselens import`: lab exports (CSV, XLSX, FHIR) to case files.

use std::io::Write;
use std::path::PathBuf;

/// Arguments of `caselens import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The export to import: .csv, .xlsx or a FHIR R4 Bundle (.json).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Folder to write one case file per patient into.
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
}

pub fn run(_args: ImportArgs, _out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let _ = writeln!(err, "caselens import: not available in this build yet");
    false
}
