//! `caselens figure`: one publication figure as SVG, PNG, TIFF or vector PDF, at a pixel
//! width or at a journal's column width (`--preset jmcr-1col`).

use std::io::Write;
use std::path::PathBuf;

use super::export::{FigureChoice, figure_options, refuse_overwriting_the_case};
use crate::io::{load_case, write_atomic};
use crate::report::figures::{self, FigureFormat, FigureKind};
use crate::report::images;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    Trajectory,
    Imaging,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FigureFormatArg {
    Svg,
    Png,
    Tiff,
    /// Vector PDF of the SVG figure, fonts embedded.
    Pdf,
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
    /// PNG or TIFF density in dots per inch (journals ask 300 for images, 600 for line art).
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

pub fn run_figure(args: FigureArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let extension = args
        .out
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    let as_pdf = args.format == Some(FigureFormatArg::Pdf)
        || (args.format.is_none() && extension.as_deref() == Some("pdf"));
    let format = match args.format {
        _ if as_pdf => FigureFormat::Svg,
        Some(FigureFormatArg::Pdf) => FigureFormat::Svg,
        Some(FigureFormatArg::Svg) => FigureFormat::Svg,
        Some(FigureFormatArg::Png) => FigureFormat::Png,
        Some(FigureFormatArg::Tiff) => FigureFormat::Tiff,
        None => match extension.as_deref() {
            Some("svg") => FigureFormat::Svg,
            Some("png") => FigureFormat::Png,
            Some("tif" | "tiff") => FigureFormat::Tiff,
            _ => {
                let _ = writeln!(
                    err,
                    "caselens figure: cannot tell the format from {}; add --format svg, png, tiff or pdf",
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
    let options = match figure_options(&args.figure, args.width, args.dpi) {
        Ok(options) => options,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return false;
        }
    };
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
    let rendered = figures::render_figure(&loaded.case, &milestone_images, kind, format, &options)
        .map_err(|error| error.to_string())
        .and_then(|bytes| {
            if as_pdf {
                let svg = String::from_utf8_lossy(&bytes);
                crate::report::pdf::figure_pdf(&svg).map_err(|error| error.to_string())
            } else {
                Ok(bytes)
            }
        });
    let bytes = match rendered {
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
