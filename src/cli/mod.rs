//! The command line: `caselens [FILE…]` opens the app; subcommands work headless for scripts
//! and batches. Errors are printed once, here, at the edge.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::io::{CaseFileError, load_case, save_case, to_canonical_text};

mod check;
mod cohort;
mod error;
mod export;
mod figure;
mod image;
mod import;
mod import_encounters;
mod pacs;
mod series;
mod teaching;

pub use error::CliError;

#[derive(Debug, Parser)]
#[command(
    name = "caselens",
    version,
    about = "Review severe COVID-19 cases: lab trajectories, interventions, imaging milestones",
    long_about = "Review severe COVID-19 cases: lab trajectories, interventions, imaging milestones.\n\n\
                  With no command, opens the app on the given case files (or on the bundled \
                  reference case when none is given).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Case files to open in the app.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check case files; print errors and warnings; exit non-zero when any file has errors.
    Validate {
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// Print only errors, not warnings.
        #[arg(long)]
        quiet: bool,
    },
    /// Rewrite a case file in canonical form, atomically. Comments are not kept.
    Fmt {
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// Do not write; exit non-zero if any file is not in canonical form.
        #[arg(long)]
        check: bool,
    },
    /// Turn lab exports (CSV, XLSX, FHIR R4 Bundle) into case files, one per patient.
    Import(import::ImportArgs),
    /// Render an image (PNG, JPEG, DICOM) to PNG as the viewer shows it.
    Image(image::ImageArgs),
    /// List the series a folder of DICOM files (or a DICOMDIR) holds: slices, spacing, gaps.
    Series(series::SeriesArgs),
    /// Export structured case reports (Markdown, HTML, JSON, Word, PDF, FHIR R4 document).
    Export(export::ExportArgs),
    /// Export a publication figure (SVG, PNG, TIFF), optionally at a journal's size (--preset).
    Figure(figure::FigureArgs),
    /// Print the suggested cytokine-storm episodes of a case, with their evidence.
    Episodes(teaching::EpisodesArgs),
    /// Print guideline findings: severe-illness criteria, timing of convalescent plasma.
    Check(teaching::CheckArgs),
    /// Reference cohorts: build one from an export, describe it, check the survival rule on it.
    Cohort(cohort::CohortArgs),
    /// Search the hospital's archive (DICOMweb) and retrieve a series into a case folder.
    Pacs(pacs::PacsArgs),
}

/// What `main` should do after parsing the arguments.
pub enum Launch {
    /// Open the app on these files (none: the bundled reference case).
    Gui(Vec<PathBuf>),
    /// A headless command ran; exit with this code.
    Done(ExitCode),
}

/// Parses the arguments and runs a headless command if one was given.
pub fn run_from_args() -> Launch {
    let cli = Cli::parse();
    match cli.command {
        None => Launch::Gui(cli.files),
        Some(command) => {
            let stdout = std::io::stdout();
            let stderr = std::io::stderr();
            let code = run_command(command, &mut stdout.lock(), &mut stderr.lock());
            Launch::Done(code)
        }
    }
}

/// Runs one headless command, writing results to `out` and problems to `err`. Output that
/// cannot be written (a full disk, a closed pipe) fails the command, with a message naming
/// where it was going, whatever the command itself did with the error.
pub fn run_command(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let mut tracked = TrackedOutput {
        inner: out,
        failure: None,
    };
    let succeeded = run_tracked(command, &mut tracked, err);
    // Output still buffered is written now: a full disk or a closed pipe fails the command.
    let _ = tracked.flush();
    let written = match tracked.failure {
        Some(error) => {
            let _ = writeln!(
                err,
                "could not write the output to {}: {error}; free space there or send the output elsewhere",
                standard_output_name()
            );
            false
        }
        None => true,
    };
    if succeeded && written {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A command's output, remembering the first write that failed.
struct TrackedOutput<'a> {
    inner: &'a mut dyn Write,
    failure: Option<std::io::Error>,
}

impl TrackedOutput<'_> {
    fn note<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(error) = &result
            && self.failure.is_none()
        {
            self.failure = Some(std::io::Error::new(error.kind(), error.to_string()));
        }
        result
    }
}

impl Write for TrackedOutput<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.note(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.note(result)
    }
}

fn run_tracked(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    match command {
        Command::Validate { files, quiet } => validate_files(&files, quiet, out, err),
        Command::Fmt { files, check } => format_files(&files, check, out, err),
        Command::Import(args) => import::run(args, out, err),
        Command::Image(args) => image::run(args, out, err),
        Command::Series(args) => series::run_list(args, out, err),
        Command::Export(args) => export::run_export(args, out, err),
        Command::Figure(args) => figure::run_figure(args, out, err),
        Command::Episodes(args) => teaching::run_episodes(args, out, err),
        Command::Check(args) => teaching::run_check(args, out, err),
        Command::Cohort(args) => cohort::run(args, out, err),
        Command::Pacs(args) => pacs::run(args, out, err),
    }
}

/// `standard output (/path/it/goes/to)` where the system says which file that is.
fn standard_output_name() -> String {
    match std::fs::read_link("/proc/self/fd/1") {
        Ok(target) => format!("standard output ({})", target.display()),
        Err(_) => "standard output".to_owned(),
    }
}

fn validate_files(
    files: &[PathBuf],
    quiet: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> bool {
    let mut failed = 0;
    for path in files {
        match load_case(path) {
            Ok(loaded) => {
                let _ = writeln!(
                    out,
                    "{}: ok, {} warning{}",
                    path.display(),
                    loaded.warnings.len(),
                    plural(loaded.warnings.len())
                );
                if let Some(version) = loaded.migrated_from {
                    let _ = writeln!(out, "  note: migrated from format version {version}");
                }
                if !quiet {
                    for warning in &loaded.warnings {
                        let _ = writeln!(out, "  warning: {warning}");
                    }
                }
            }
            Err(error) => {
                failed += 1;
                let _ = writeln!(err, "{error}");
            }
        }
    }
    if failed > 0 && files.len() > 1 {
        let _ = writeln!(err, "{failed} of {} files have errors", files.len());
    }
    failed == 0
}

fn format_files(files: &[PathBuf], check: bool, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let mut all_ok = true;
    for path in files {
        match format_file(path, check) {
            Ok(FormatOutcome::AlreadyCanonical) => {
                let _ = writeln!(out, "{}: already canonical", path.display());
            }
            Ok(FormatOutcome::Rewritten) => {
                let _ = writeln!(out, "{}: rewritten", path.display());
            }
            Ok(FormatOutcome::WouldRewrite) => {
                all_ok = false;
                let _ = writeln!(
                    out,
                    "{}: not canonical; run `caselens fmt` on it",
                    path.display()
                );
            }
            Err(error) => {
                all_ok = false;
                let _ = writeln!(err, "{error}");
            }
        }
    }
    all_ok
}

enum FormatOutcome {
    AlreadyCanonical,
    Rewritten,
    WouldRewrite,
}

fn format_file(path: &Path, check: bool) -> Result<FormatOutcome, CaseFileError> {
    // A file that does not load is never rewritten: the person's text stays as it is.
    let loaded = load_case(path)?;
    let canonical = to_canonical_text(&loaded.case)?;
    let current = std::fs::read_to_string(path).map_err(|source| CaseFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if current == canonical {
        Ok(FormatOutcome::AlreadyCanonical)
    } else if check {
        Ok(FormatOutcome::WouldRewrite)
    } else {
        save_case(path, &loaded.case)?;
        Ok(FormatOutcome::Rewritten)
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
