//! Writes the publication figures of the reference case to `screenshots/`:
//! `cargo run --release --example report_figures`.
//!
//! - `figure_trajectory.png`: Fig. 1-like trajectory at 300 DPI.
//! - `figure_trajectory_cohort.png`: the same with the bundled cohort's bands and legend
//!   (`caselens figure --cohort bundled`).
//! - `figure_imaging.png`: the imaging grid of the reference case as shipped (the paper's
//!   images are not bundled, so every tile is a "no image attached" placeholder).
//! - `figure_imaging_fixtures.png`: the same grid with three DICOM *test fixtures* from
//!   `../shared/fixtures/dicom` attached to A1, B1 and B2 and annotated, to show thumbnails
//!   and annotations. They are public test images, not the patient's; skipped when
//!   `../shared` is absent.

use std::path::Path;
use std::process::ExitCode;

use caselens::io::bundled::PENG_2020;
use caselens::model::{Annotation, ImageRef, PixelPoint, Shape};
use caselens::report::figures::{self, FigureFormat, FigureKind, FigureOptions};
use caselens::report::images::load_milestone_images;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let screenshots = root.join("screenshots");
    std::fs::create_dir_all(&screenshots).map_err(|error| error.to_string())?;
    let case = PENG_2020.load().map_err(|error| error.to_string())?.case;
    let options = FigureOptions::default();

    let write = |name: &str, bytes: Vec<u8>| -> Result<(), String> {
        let path = screenshots.join(name);
        caselens::io::write_atomic(&path, &bytes).map_err(|error| error.to_string())?;
        println!("wrote {}", path.display());
        Ok(())
    };
    let trajectory = figures::render_figure(
        &case,
        &[],
        FigureKind::Trajectory,
        FigureFormat::Png,
        &options,
    )
    .map_err(|error| error.to_string())?;
    write("figure_trajectory.png", trajectory)?;
    let cohort = caselens::io::cohort_file::bundled_tongji().map_err(|error| error.to_string())?;
    let with_cohort = FigureOptions {
        cohort: Some(figures::FigureCohort(std::sync::Arc::new(cohort))),
        ..FigureOptions::default()
    };
    let trajectory = figures::render_figure(
        &case,
        &[],
        FigureKind::Trajectory,
        FigureFormat::Png,
        &with_cohort,
    )
    .map_err(|error| error.to_string())?;
    write("figure_trajectory_cohort.png", trajectory)?;
    let imaging =
        figures::render_figure(&case, &[], FigureKind::Imaging, FigureFormat::Png, &options)
            .map_err(|error| error.to_string())?;
    write("figure_imaging.png", imaging)?;

    let fixtures = root.join("../shared/fixtures/dicom");
    if !fixtures.is_dir() {
        println!("skipped figure_imaging_fixtures.png: ../shared not found");
        return Ok(());
    }
    // Images are read only from the case's folder, so the fixtures are copied into one.
    let folder = tempfile::tempdir().map_err(|error| error.to_string())?;
    let mut with_images = case.clone();
    for (label, file, annotations) in [
        (
            "A1",
            "RG1_UNCR.dcm",
            vec![arrow(400.0, 300.0, 700.0, 700.0)],
        ),
        ("B1", "CT_small.dcm", vec![ellipse(30.0, 40.0, 70.0, 90.0)]),
        ("B2", "eCT_Supplemental.dcm", Vec::new()),
    ] {
        std::fs::copy(fixtures.join(file), folder.path().join(file))
            .map_err(|error| error.to_string())?;
        if let Some(milestone) = with_images
            .milestones
            .iter_mut()
            .find(|milestone| milestone.label == label)
        {
            let mut image = ImageRef::new(file);
            image.caption = Some("DICOM test fixture, not the patient's image".to_owned());
            image.annotations = annotations;
            milestone.images.push(image);
        }
    }
    let images = load_milestone_images(&with_images, Some(folder.path()));
    for image in &images {
        if let Err(problem) = &image.thumbnail {
            eprintln!("{}: {problem}", image.milestone);
        }
    }
    let imaging = figures::render_figure(
        &with_images,
        &images,
        FigureKind::Imaging,
        FigureFormat::Png,
        &options,
    )
    .map_err(|error| error.to_string())?;
    write("figure_imaging_fixtures.png", imaging)
}

fn arrow(tail_x: f64, tail_y: f64, tip_x: f64, tip_y: f64) -> Annotation {
    Annotation::new(Shape::Arrow {
        tail: PixelPoint::new(tail_x, tail_y),
        tip: PixelPoint::new(tip_x, tip_y),
    })
}

fn ellipse(left: f64, top: f64, right: f64, bottom: f64) -> Annotation {
    Annotation::new(Shape::Ellipse {
        corner_a: PixelPoint::new(left, top),
        corner_b: PixelPoint::new(right, bottom),
    })
}
