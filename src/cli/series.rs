//! `caselens series FOLDER` lists the series a folder (or DICOMDIR) holds, from headers only;
//! `caselens image FOLDER` renders one slice or reformat of a series to PNG (called from
//! `image` when its FILE is a folder or a DICOMDIR).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize};

use super::error::CliError;
use crate::io::image::series::{
    Plane, SeriesScan, SeriesStack, WindowLut, load_volume, scan_series,
};
use crate::io::image::{Window, WindowPreset, write_png};

/// Arguments of `caselens series`.
#[derive(Debug, clap::Args)]
pub struct SeriesArgs {
    /// A folder of DICOM files (searched recursively), a DICOMDIR, or one multi-frame file.
    #[arg(value_name = "FOLDER")]
    pub folder: PathBuf,
}

pub fn run_list(args: SeriesArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    match scan_series(&args.folder) {
        Ok(scan) => {
            print_scan(&args.folder, &scan, out);
            if scan.series.is_empty() {
                let _ = writeln!(
                    err,
                    "{}: no image series found; give the folder that holds the series' DICOM files",
                    args.folder.display()
                );
                return false;
            }
            true
        }
        Err(error) => {
            let _ = writeln!(err, "{error}");
            false
        }
    }
}

fn print_scan(folder: &Path, scan: &SeriesScan, out: &mut dyn Write) {
    let slices: usize = scan.series.iter().map(|series| series.slices.len()).sum();
    let _ = writeln!(
        out,
        "{}: {} series, {slices} slice(s){}",
        folder.display(),
        scan.series.len(),
        if scan.not_dicom > 0 {
            format!(", {} file(s) skipped as not DICOM", scan.not_dicom)
        } else {
            String::new()
        }
    );
    for (number, series) in scan.series.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", number + 1, describe(series));
        let _ = writeln!(out, "   SeriesInstanceUID {}", series.series_instance_uid);
        for problem in &series.problems {
            let _ = writeln!(out, "   warning: {problem}");
        }
    }
    for problem in &scan.problems {
        let _ = writeln!(out, "warning: {problem}");
    }
}

/// One line: what the series is and the facts its count and sizes rest on.
fn describe(series: &SeriesStack) -> String {
    let mm =
        |value: Option<f64>| value.map_or("unknown".to_owned(), |value| format!("{value:.2} mm"));
    let extent = match (series.slices.first(), series.slices.last()) {
        (Some(first), Some(last)) if series.slices.len() > 1 => format!(
            ", {:.1} mm from {:.1} to {:.1} mm along the normal",
            last.position_mm - first.position_mm,
            first.position_mm,
            last.position_mm
        ),
        _ => String::new(),
    };
    format!(
        "{} ({}): {} slice(s) of {}×{}, pixel {}, thickness {}, spacing {}{extent}",
        series.label(),
        series.modality.as_deref().unwrap_or("modality unknown"),
        series.slices.len(),
        series.columns,
        series.rows,
        series
            .pixel_spacing_mm
            .map_or("size unknown".to_owned(), |(row, column)| format!(
                "{column:.3}×{row:.3} mm"
            )),
        mm(series.slice_thickness_mm),
        mm(series.slice_spacing_mm),
    )
}

/// What `caselens image` needs to render a series.
pub struct SeriesImageRequest<'a> {
    pub folder: &'a Path,
    pub out: &'a Path,
    /// Counted from 1 as `caselens series` lists them.
    pub series: usize,
    pub plane: Plane,
    /// From 0; `None`: the middle.
    pub slice: Option<usize>,
    pub window: Option<Window>,
}

/// Whether `caselens image` should treat its FILE as a series.
pub fn is_series_path(path: &Path) -> bool {
    path.is_dir()
        || path
            .file_name()
            .is_some_and(|name| name.eq_ignore_ascii_case("DICOMDIR"))
}

/// Renders one image of a series; returns the line to print, or the error message.
pub fn render_series(request: &SeriesImageRequest<'_>) -> Result<String, CliError> {
    let scan = scan_series(request.folder)?;
    let count = scan.series.len();
    let Some(stack) = request
        .series
        .checked_sub(1)
        .and_then(|index| scan.series.get(index))
    else {
        return Err(format!(
            "{}: series {} does not exist; the folder holds {count} series, numbered from 1 (see `caselens series`)",
            request.folder.display(),
            request.series
        ).into());
    };
    let plane = request.plane;
    let plane_count = match plane {
        Plane::Axial => stack.slices.len(),
        Plane::Coronal => stack.rows as usize,
        Plane::Sagittal => stack.columns as usize,
    };
    let index = request.slice.unwrap_or(plane_count / 2);
    if index >= plane_count {
        return Err(format!(
            "{}: {} slice {index} does not exist; series {} has {plane_count}, numbered from 0",
            request.folder.display(),
            plane.label(),
            request.series
        )
        .into());
    }
    // An axial slice needs only its own file; a reformat needs the whole stack.
    let (to_load, image_index) = match plane {
        Plane::Axial => {
            let mut single = stack.clone();
            single.slices = stack.slices.get(index..=index).unwrap_or_default().to_vec();
            (single, 0)
        }
        _ => (stack.clone(), index),
    };
    let volume = load_volume(
        &to_load,
        0,
        &AtomicUsize::new(0),
        &AtomicBool::new(false),
        &|_, _| {},
    )?;
    if let Some(problem) = volume.problems.first() {
        return Err(problem.to_string().into());
    }
    let image = volume
        .plane_image(plane, image_index)
        .ok_or_else(|| format!("{}: the slice cannot be cut", request.folder.display()))?
        .to_square_pixels();
    let window = request
        .window
        .unwrap_or_else(|| default_window(stack, &image.values));
    let rendered = image.render(&WindowLut::new(window));
    write_png(request.out, &rendered)?;
    let position = match plane {
        Plane::Axial => stack
            .slices
            .get(index)
            .map(|slice| {
                format!(
                    ", {:.1} mm along the normal, {}",
                    slice.position_mm,
                    slice.path.display()
                )
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    Ok(format!(
        "{}: wrote {} (series {} `{}`, {} slice {index} of {plane_count}{position}; {}×{} px, window {})",
        request.folder.display(),
        request.out.display(),
        request.series,
        stack.label(),
        plane.label(),
        rendered.width,
        rendered.height,
        window.describe()
    ))
}

/// Lung for a CT (CaseLens reviews chest CT), else a window spanning the image's values.
fn default_window(stack: &SeriesStack, values: &[i16]) -> Window {
    if stack.is_ct() {
        WindowPreset::Lung.window()
    } else {
        let values: Vec<f32> = values.iter().map(|value| f32::from(*value)).collect();
        Window::spanning(&values)
    }
}
