//! `caselens image`: renders an image (PNG, JPEG, DICOM) to PNG as the viewer shows it.

use std::io::Write;
use std::path::PathBuf;

/// Arguments of `caselens image`.
#[derive(Debug, clap::Args)]
pub struct ImageArgs {
    /// The image: PNG, JPEG or DICOM.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where to write the PNG.
    #[arg(long, value_name = "OUT.png")]
    pub out: PathBuf,
}

pub fn run(_args: ImageArgs, _out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let _ = writeln!(err, "caselens image: not available in this build yet");
    false
}
