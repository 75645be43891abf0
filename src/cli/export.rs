//! `caselens export` and `caselens figure`: structured reports and publication figures.
//!
//! Batch exports print one progress line per case, go on past a case that fails, and list
//! the failures at the end with a non-zero exit. Every file is written atomically. Images
//! are read only from inside each case's folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::time_axis::AxisMode;
use crate::io::{load_case, write_atomic};
use crate::report::figures::{self, FigureFormat, FigureKind, FigureOptions};
use crate::report::{ReportFormat, ReportOptions, export_case, images};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Html,
    Md,
    Json,
}

impl From<FormatArg> for ReportFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Html => Self::Html,
            FormatArg::Md => Self::Markdown,
            FormatArg::Json => Self::Json,
        }
    }
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
    #[command(flatten)]
    pub figure: FigureChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    Trajectory,
    Imaging,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FigureFormatArg {
    Svg,
    Png,
}

/// Arguments of `caselens figure`.
#[derive(Debug, clap::Args)]
pub struct FigureArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long, value_enum, default_value = "trajectory")]
    pub kind: KindArg,
    /// Default: from the extension of --out.
    #[arg(long, value_enum)]
    pub format: Option<FigureFormatArg>,
    /// PNG density in dots per inch.
    #[arg(long, default_value_t = figures::DEFAULT_DPI, value_parser = clap::value_parser!(u32).range(50..=2400))]
    pub dpi: u32,
    /// Width in pixels (default: 7 inches at the density; SVG uses 96 px per inch).
    #[arg(long, value_name = "PX")]
    pub width: Option<u32>,
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    #[command(flatten)]
    pub figure: FigureChoice,
}

fn figure_options(choice: &FigureChoice, width: Option<u32>, dpi: u32) -> FigureOptions {
    FigureOptions {
        width_px: width,
        dpi,
        markers: choice.markers.clone(),
        axis: choice.axis.map(AxisMode::from),
        deidentify: choice.deidentify,
    }
}

pub fn run_export(args: ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let format = ReportFormat::from(args.format);
    let options = ReportOptions {
        deidentify: args.figure.deidentify,
        include_figures: !args.no_figures,
        figure: figure_options(&args.figure, None, figures::DEFAULT_DPI),
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
        match export_one(file, &target, format, &options) {
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
                failures.push((file.clone(), message));
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
fn output_name(file: &Path, index: usize, format: ReportFormat, deidentify: bool) -> String {
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
    format: ReportFormat,
    options: &ReportOptions,
) -> Result<usize, String> {
    refuse_overwriting_the_case(file, target)?;
    let loaded = load_case(file).map_err(|error| error.to_string())?;
    let stem = target.file_stem().map_or_else(
        || "report".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    );
    let rendered = export_case(&loaded.case, file.parent(), format, options, &stem)
        .map_err(|error| error.to_string())?;
    write_atomic(target, rendered.text.as_bytes()).map_err(|error| error.to_string())?;
    let folder = target.parent().unwrap_or(Path::new("."));
    for (name, bytes) in &rendered.attachments {
        write_atomic(&folder.join(name), bytes).map_err(|error| error.to_string())?;
    }
    Ok(1 + rendered.attachments.len())
}

fn refuse_overwriting_the_case(case_file: &Path, target: &Path) -> Result<(), String> {
    let same = match (case_file.canonicalize(), target.canonicalize()) {
        (Ok(case_path), Ok(target_path)) => case_path == target_path,
        _ => false,
    };
    if same {
        Err(format!(
            "{}: the output would overwrite the case file itself; choose another --out",
            target.display()
        ))
    } else {
        Ok(())
    }
}

pub fn run_figure(args: FigureArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let format = match args.format {
        Some(FigureFormatArg::Svg) => FigureFormat::Svg,
        Some(FigureFormatArg::Png) => FigureFormat::Png,
        None => match args
            .out
            .extension()
            .and_then(|extension| extension.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => FigureFormat::Svg,
            Some("png") => FigureFormat::Png,
            _ => {
                let _ = writeln!(
                    err,
                    "caselens figure: cannot tell the format from {}; add --format svg or --format png",
                    args.out.display()
                );
                return false;
            }
        },
    };
    let kind = match args.kind {
        KindArg::Trajectory => FigureKind::Trajectory,
        KindArg::Imaging => FigureKind::Imaging,
    };
    if let Err(message) = refuse_overwriting_the_case(&args.file, &args.out) {
        let _ = writeln!(err, "{message}");
        return false;
    }
    let loaded = match load_case(&args.file) {
        Ok(loaded) => loaded,
        Err(error) => {
            let _ = writeln!(err, "{error}");
            return false;
        }
    };
    let options = figure_options(&args.figure, args.width, args.dpi);
    let milestone_images = match kind {
        FigureKind::Imaging => images::load_milestone_images(&loaded.case, args.file.parent()),
        FigureKind::Trajectory => Vec::new(),
    };
    for image in &milestone_images {
        if let Err(problem) = &image.thumbnail {
            let _ = writeln!(
                err,
                "warning: {}: {problem}; its tile says so",
                image.milestone
            );
        }
    }
    let bytes =
        match figures::render_figure(&loaded.case, &milestone_images, kind, format, &options) {
            Ok(bytes) => bytes,
            Err(error) => {
                let _ = writeln!(err, "{}: {error}", args.file.display());
                return false;
            }
        };
    match write_atomic(&args.out, &bytes) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "{}: {} figure written to {}",
                args.file.display(),
                kind.label().to_lowercase(),
                args.out.display()
            );
            true
        }
        Err(error) => {
            let _ = writeln!(err, "{error}");
            false
        }
    }
}
