//! `caselens image`: renders an image (PNG, JPEG, DICOM) to PNG exactly as the viewer shows
//! it by default (same decoder, same default window, same rendering), for scripts and report
//! thumbnails. With `--case` and `--milestone`, renders a study's image with its annotations
//! burned in.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::CliError;
use crate::io::image::series::Plane;
use crate::io::image::{
    DecodedImage, ImageError, Window, WindowPreset, burn_in_annotations, load_image, render_frame,
    write_png,
};
use crate::io::load_case;
use crate::model::Annotation;
use crate::report::images::resolve_inside;

/// Arguments of `caselens image`.
#[derive(Debug, clap::Args)]
pub struct ImageArgs {
    /// The image: PNG, JPEG or DICOM; or a folder of a CT series (or its DICOMDIR). Leave it
    /// out with `--case` and `--milestone`.
    #[arg(value_name = "FILE", required_unless_present = "case")]
    pub file: Option<PathBuf>,
    /// Where to write the PNG.
    #[arg(long, value_name = "OUT.png")]
    pub out: PathBuf,
    /// The frame of a multi-frame image, counted from 0.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub frame: u32,
    /// Window centre and width instead of the default (the header's; lung for a CT series):
    /// `-600,1500`, or a preset: `lung`, `mediastinum` (40,400), `bone` (480,2500).
    #[arg(long, value_name = "CENTER,WIDTH", value_parser = parse_window, allow_hyphen_values = true)]
    pub window: Option<Window>,
    /// A case file: render an image of one of its studies with its annotations burned in.
    #[arg(
        long,
        value_name = "CASE",
        requires = "milestone",
        conflicts_with = "file"
    )]
    pub case: Option<PathBuf>,
    /// The study's label (with `--case`): `B2`.
    #[arg(long, value_name = "LABEL", requires = "case")]
    pub milestone: Option<String>,
    /// Which image of the study (with `--case`), counted from 1.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "case")]
    pub image: usize,
    /// For a series folder: the slice, from 0 in ascending position along the slice normal
    /// (a row or column for coronal and sagittal); the middle one when left out.
    #[arg(long, value_name = "N")]
    pub slice: Option<usize>,
    /// For a series folder: axial, coronal or sagittal.
    #[arg(long, value_name = "PLANE", value_parser = parse_plane, default_value = "axial")]
    pub plane: Plane,
    /// For a series folder: which series, counted from 1 as `caselens series` lists them.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub series: usize,
}

fn parse_plane(text: &str) -> Result<Plane, CliError> {
    Plane::parse(text)
        .ok_or_else(|| CliError::Refused(format!("`{text}` is not axial, coronal or sagittal")))
}

fn parse_window(text: &str) -> Result<Window, CliError> {
    if let Some(preset) = WindowPreset::ALL
        .into_iter()
        .find(|preset| preset.label().eq_ignore_ascii_case(text.trim()))
    {
        return Ok(preset.window());
    }
    let (center, width) = text.split_once(',').ok_or_else(|| {
        format!("`{text}` is not CENTER,WIDTH (for example -600,1500) or lung, mediastinum, bone")
    })?;
    let number = |part: &str| {
        part.trim()
            .parse::<f64>()
            .ok()
            .filter(|value| value.is_finite())
            .ok_or_else(|| format!("`{part}` in `{text}` is not a number"))
    };
    let window = Window {
        center: number(center)?,
        width: number(width)?,
    };
    if window.width < 1.0 {
        return Err(format!("the width in `{text}` must be at least 1").into());
    }
    Ok(window)
}

pub fn run(args: ImageArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    match render(&args) {
        Ok(summary) => {
            let _ = writeln!(out, "{summary}");
            true
        }
        Err(message) => {
            let _ = writeln!(err, "{message}");
            false
        }
    }
}

/// Renders and writes the PNG; returns the line to print, or the error message.
fn render(args: &ImageArgs) -> Result<String, CliError> {
    let (file, annotations) = match (&args.case, &args.milestone, &args.file) {
        (Some(case), Some(label), _) => study_image(case, label, args.image)?,
        (_, _, Some(file)) if super::series::is_series_path(file) => {
            return super::series::render_series(&super::series::SeriesImageRequest {
                folder: file,
                out: &args.out,
                series: args.series,
                plane: args.plane,
                slice: args.slice,
                window: args.window,
            });
        }
        (_, _, Some(file)) => (file.clone(), None),
        _ => {
            return Err("give an image FILE, or --case and --milestone"
                .to_owned()
                .into());
        }
    };
    let image = load_image(&file)?;
    check_frame(&file, &image, args.frame)?;
    let window = args.window.unwrap_or(image.default_window);
    let rendered = match &annotations {
        Some(annotations) => burn_in_annotations(&image, args.frame, window, annotations)
            .map_err(|error| format!("{}: {error}", file.display()))?,
        None => render_frame(&image, args.frame, window).ok_or_else(|| {
            format!(
                "{}: frame {} cannot be rendered",
                file.display(),
                args.frame
            )
        })?,
    };
    write_png(&args.out, &rendered)?;
    let marks = match &annotations {
        Some(annotations) => {
            let count = annotations
                .iter()
                .filter(|annotation| annotation.frame == args.frame)
                .count();
            format!(", {count} annotation(s) burned in")
        }
        None => String::new(),
    };
    Ok(format!(
        "{}: wrote {} ({}×{}, frame {} of {}, window {}{marks})",
        file.display(),
        args.out.display(),
        rendered.width,
        rendered.height,
        args.frame,
        image.facts.frames,
        window.describe(),
    ))
}

fn check_frame(file: &Path, image: &DecodedImage, frame: u32) -> Result<(), CliError> {
    if frame >= image.facts.frames {
        return Err(ImageError::NoSuchFrame {
            path: file.to_path_buf(),
            frame,
            count: image.facts.frames,
        }
        .into());
    }
    Ok(())
}

/// The file of image `number` (from 1) of study `label`, resolved against the case file's
/// folder, with its annotations.
fn study_image(
    case_path: &Path,
    label: &str,
    number: usize,
) -> Result<(PathBuf, Option<Vec<Annotation>>), CliError> {
    let loaded = load_case(case_path)?;
    let case = loaded.case;
    let Some(milestone) = case.milestone(label) else {
        let labels: Vec<&str> = case
            .milestones
            .iter()
            .map(|milestone| milestone.label.as_str())
            .collect();
        return Err(format!(
            "{}: no study is labelled `{label}`; the case has {}",
            case_path.display(),
            if labels.is_empty() {
                "none".to_owned()
            } else {
                labels.join(", ")
            }
        )
        .into());
    };
    let Some(image) = number
        .checked_sub(1)
        .and_then(|index| milestone.images.get(index))
    else {
        return Err(format!(
            "{}: study {label} has {} image(s); --image counts from 1",
            case_path.display(),
            milestone.images.len()
        )
        .into());
    };
    let path = image_inside_case_folder(case_path, label, number, &image.path)?;
    Ok((path, Some(image.annotations.clone())))
}

/// Resolves a study image against the case file's folder, refusing any path that leaves it
/// (absolute, `..`, a symbolic link elsewhere): a case received from someone else must not
/// make this command read, and write out as a PNG, a file its user never put in the case.
fn image_inside_case_folder(
    case_path: &Path,
    label: &str,
    number: usize,
    image_path: &Path,
) -> Result<PathBuf, CliError> {
    let folder = match case_path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let folder = folder.canonicalize().map_err(|error| {
        format!(
            "{}: cannot open the case's folder ({error})",
            case_path.display()
        )
    })?;
    let leaves_folder = image_path.is_absolute()
        || image_path.has_root()
        || folder
            .join(image_path)
            .canonicalize()
            .is_ok_and(|resolved| !resolved.starts_with(&folder));
    if leaves_folder {
        return Err(format!(
            "{}: study `{label}` image {number} is `{}`, which lies outside the case folder {}; \
             images are read only from the case's own folder. Copy the image into that folder \
             and give its path relative to the case file.",
            case_path.display(),
            image_path.display(),
            folder.display()
        )
        .into());
    }
    resolve_inside(&folder, image_path).map_err(|reason| {
        CliError::Refused(format!(
            "{}: study `{label}` image {number}: {reason}",
            case_path.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_parse_with_negative_centres_and_bad_ones_are_explained() {
        let parse = |text| parse_window(text).map_err(|error| error.to_string());
        assert_eq!(
            parse("-600,1500"),
            Ok(Window {
                center: -600.0,
                width: 1500.0
            })
        );
        assert!(parse("40").unwrap_err().contains("CENTER,WIDTH"));
        assert!(parse("40,0").unwrap_err().contains("at least 1"));
        assert!(parse("a,400").unwrap_err().contains("`a`"));
        assert_eq!(parse("Bone"), Ok(WindowPreset::Bone.window()));
    }
}
