//! `caselens export`: structured reports (Markdown, HTML, JSON) and journal documents (Word,
//! PDF, FHIR); the figure options shared with `caselens figure`.
//!
//! Batch exports print one progress line per case, go on past a case that fails, and list
//! the failures at the end with a non-zero exit. Every file is written atomically. Images
//! are read only from inside each case's folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::CliError;
use crate::analysis::time_axis::AxisMode;
use crate::io::cohort_file::{bundled_tongji, read_cohort_file};
use crate::io::{load_case, write_atomic};
use crate::report::figures::{self, FigureOptions};
use crate::report::journal::{JournalFormat, export_journal};
use crate::report::pdf::Paper;
use crate::report::{ReportFormat, ReportOptions, export_case};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Html,
    Md,
    Json,
    /// Word, for journals that take the manuscript as .docx.
    Docx,
    /// PDF/A-2b with vector figures and embedded fonts.
    Pdf,
    /// A FHIR R4 document Bundle, for a record system.
    Fhir,
}

impl FormatArg {
    fn output(self) -> Output {
        match self {
            Self::Html => Output::Text(ReportFormat::Html),
            Self::Md => Output::Text(ReportFormat::Markdown),
            Self::Json => Output::Text(ReportFormat::Json),
            Self::Docx => Output::Journal(JournalFormat::Docx),
            Self::Pdf => Output::Journal(JournalFormat::Pdf),
            Self::Fhir => Output::Journal(JournalFormat::Fhir),
        }
    }
}

/// What `caselens export` writes: a text report or a journal/record document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Output {
    Text(ReportFormat),
    Journal(JournalFormat),
}

impl Output {
    fn extension(self) -> &'static str {
        match self {
            Self::Text(format) => format.extension(),
            Self::Journal(format) => format.extension(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AxisArg {
    /// Calendar dates (never used when de-identifying).
    Date,
    /// Days from symptom onset.
    Illness,
    /// Days from admission.
    Hospital,
}

impl From<AxisArg> for AxisMode {
    fn from(axis: AxisArg) -> Self {
        match axis {
            AxisArg::Date => Self::CalendarDate,
            AxisArg::Illness => Self::IllnessDay,
            AxisArg::Hospital => Self::HospitalDay,
        }
    }
}

/// Options shared by reports and figures.
#[derive(Debug, clap::Args)]
pub struct FigureChoice {
    /// Marker ids for the trajectory panels, in order (default: the markers of the reference
    /// paper's Fig. 1 that the case has).
    #[arg(long, value_name = "ID,ID…", value_delimiter = ',')]
    pub markers: Vec<String>,
    /// How the time axis is labelled (default: dates when the case has them).
    #[arg(long, value_enum)]
    pub axis: Option<AxisArg>,
    /// Leave out calendar dates and identifying fields; say so in the output.
    #[arg(long)]
    pub deidentify: bool,
    /// A journal's figure width (jmcr-1col 85 mm, jmcr-2col 170 mm, elsevier-1col 90 mm,
    /// elsevier-1.5col 140 mm, elsevier-2col 190 mm): text ≥ 8 pt, lines ≥ 0.5 pt, panel
    /// letters, days from admission (day 0). Overrides --width.
    #[arg(long, value_name = "NAME", value_parser = parse_preset)]
    pub preset: Option<figures::JournalPreset>,
    /// Draw a reference cohort's survivors and non-survivors (median and IQR by hospital day)
    /// behind each trajectory panel, with a legend: `bundled` for Tongji 375 (Yan et al.
    /// 2020), or a cohort file from `caselens cohort build`.
    #[arg(long, value_name = "bundled|COHORT")]
    pub cohort: Option<String>,
}

pub(super) fn parse_preset(name: &str) -> Result<figures::JournalPreset, CliError> {
    figures::JournalPreset::from_name(name).ok_or_else(|| {
        let names: Vec<_> = figures::JournalPreset::ALL
            .iter()
            .map(|preset| preset.name())
            .collect();
        CliError::Refused(format!(
            "unknown preset {name:?}; choose one of {}",
            names.join(", ")
        ))
    })
}

/// Arguments of `caselens export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Case files to export.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "html")]
    pub format: FormatArg,
    /// The report file (one case only).
    #[arg(
        long,
        value_name = "PATH",
        conflicts_with = "out_dir",
        required_unless_present = "out_dir"
    )]
    pub out: Option<PathBuf>,
    /// A folder for the reports of several cases, created if needed. Names follow the case
    /// files; de-identified reports are numbered instead, so no file name can identify a
    /// patient.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Leave the figures out of the report.
    #[arg(long)]
    pub no_figures: bool,
    /// Whose criteria for severe illness the guideline checks apply.
    #[arg(long, value_enum, default_value_t = super::check::CriteriaChoice::Both)]
    pub criteria: super::check::CriteriaChoice,
    /// Paper size of PDF and Word reports.
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
    #[command(flatten)]
    pub figure: FigureChoice,
}

/// The figure options chosen on the command line; reads the cohort file `--cohort` names.
pub(super) fn figure_options(
    choice: &FigureChoice,
    width: Option<u32>,
    dpi: u32,
) -> Result<FigureOptions, CliError> {
    let cohort = match choice.cohort.as_deref() {
        None => None,
        Some("bundled") => Some(bundled_tongji()?),
        Some(path) => Some(read_cohort_file(Path::new(path))?),
    };
    Ok(FigureOptions {
        width_px: width,
        dpi,
        markers: choice.markers.clone(),
        axis: choice.axis.map(AxisMode::from),
        deidentify: choice.deidentify,
        preset: choice.preset,
        cohort: cohort.map(|cohort| figures::FigureCohort(std::sync::Arc::new(cohort))),
    })
}

pub fn run_export(args: ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let format = args.format.output();
    let paper = match args.paper {
        PaperArg::A4 => Paper::A4,
        PaperArg::Letter => Paper::Letter,
    };
    let figure = match figure_options(&args.figure, None, figures::DEFAULT_DPI) {
        Ok(figure) => figure,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return false;
        }
    };
    let options = ReportOptions {
        deidentify: args.figure.deidentify,
        include_figures: !args.no_figures,
        figure,
        criteria: args.criteria.sets(),
    };
    if args.out.is_some() && args.files.len() > 1 {
        let _ = writeln!(
            err,
            "caselens export: --out names one file, but {} cases were given; use --out-dir DIR",
            args.files.len()
        );
        return false;
    }
    if let Some(folder) = &args.out_dir
        && let Err(error) = std::fs::create_dir_all(folder)
    {
        let _ = writeln!(
            err,
            "caselens export: cannot create the folder {}: {error}",
            folder.display()
        );
        return false;
    }
    let total = args.files.len();
    let mut failures: Vec<(PathBuf, String)> = Vec::new();
    for (index, file) in args.files.iter().enumerate() {
        let target = match (&args.out, &args.out_dir) {
            (Some(path), _) => path.clone(),
            (None, Some(folder)) => {
                folder.join(output_name(file, index, format, options.deidentify))
            }
            (None, None) => unreachable_target(),
        };
        let _ = write!(
            out,
            "[{}/{total}] {} → {} … ",
            index + 1,
            file.display(),
            target.display()
        );
        let _ = out.flush();
        match export_one(file, &target, format, paper, &options) {
            Ok(written) => {
                let _ = writeln!(
                    out,
                    "ok ({written} file{})",
                    if written == 1 { "" } else { "s" }
                );
            }
            Err(message) => {
                let _ = writeln!(out, "failed");
                let _ = writeln!(err, "{message}");
                failures.push((file.clone(), message.to_string()));
            }
        }
    }
    if failures.is_empty() {
        return true;
    }
    let _ = writeln!(err, "{} of {total} case(s) not exported:", failures.len());
    for (file, message) in &failures {
        let first_line = message.lines().next().unwrap_or_default();
        let _ = writeln!(err, "  {}: {first_line}", file.display());
    }
    false
}

/// clap guarantees --out or --out-dir; this keeps the match total without a panic.
fn unreachable_target() -> PathBuf {
    PathBuf::from("report")
}

/// `case.html` beside nothing else; numbered when de-identifying.
fn output_name(file: &Path, index: usize, format: Output, deidentify: bool) -> String {
    let stem = if deidentify {
        format!("deidentified-{:03}", index + 1)
    } else {
        file.file_stem().map_or_else(
            || format!("case-{:03}", index + 1),
            |stem| stem.to_string_lossy().into_owned(),
        )
    };
    format!("{stem}.{}", format.extension())
}

/// Exports one case; returns how many files were written.
fn export_one(
    file: &Path,
    target: &Path,
    format: Output,
    paper: Paper,
    options: &ReportOptions,
) -> Result<usize, CliError> {
    refuse_overwriting_the_case(file, target)?;
    let loaded = load_case(file)?;
    let format = match format {
        Output::Text(format) => format,
        Output::Journal(format) => {
            let document = export_journal(&loaded.case, file.parent(), format, paper, options)?;
            write_atomic(target, &document.bytes)?;
            return Ok(1);
        }
    };
    let stem = target.file_stem().map_or_else(
        || "report".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    );
    let rendered = export_case(&loaded.case, file.parent(), format, options, &stem)?;
    write_atomic(target, rendered.text.as_bytes())?;
    let folder = target.parent().unwrap_or(Path::new("."));
    for (name, bytes) in &rendered.attachments {
        write_atomic(&folder.join(name), bytes)?;
    }
    Ok(1 + rendered.attachments.len())
}

pub(super) fn refuse_overwriting_the_case(case_file: &Path, target: &Path) -> Result<(), CliError> {
    let same = match (case_file.canonicalize(), target.canonicalize()) {
        (Ok(case_path), Ok(target_path)) => case_path == target_path,
        _ => false,
    };
    if same {
        Err(format!(
            "{}: the output would overwrite the case file itself; choose another --out",
            target.display()
        )
        .into())
    } else {
        Ok(())
    }
}
