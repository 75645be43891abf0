//! Renders the imaging view headlessly into `screenshots/imaging_viewer.png` (the chest
//! radiograph with marks) and `screenshots/imaging_compare.png` (two CT studies side by
//! side): `cargo run --example imaging_screenshots`. Needs `../shared/fixtures/dicom` and a
//! GPU or software Vulkan (mesa-vulkan-drivers).
//!
//! The case is the reference case copied into a temporary folder, with images attached by
//! paths relative to that folder (`../../work/shared/...`), as the app stores them.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use caselens::app::CaseLensApp;
use caselens::app::views::MainView;
use caselens::io::image::relative_path;
use caselens::io::{load_case, save_case};
use caselens::model::{
    Annotation, Change, ImageRef, Laterality, Lobe, Pattern, PixelPoint, SeverityScore, Shape,
};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

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
    let fixtures = support::repo_path("../shared/fixtures/dicom");
    let fixtures = fixtures
        .canonicalize()
        .map_err(|_| "skipped: ../shared not found".to_owned())?;
    let folder = tempfile::tempdir().map_err(|error| error.to_string())?;
    let case_path = build_case(folder.path(), &fixtures)?;
    let Some(mut harness) = support::rendering_harness(vec![case_path]) else {
        return Err("no renderer".to_owned());
    };
    harness.run();
    show(&mut harness, "A1", None);
    wait_for(&mut harness, &["Image of A1"])?;
    support::save_screenshot(&mut harness, "imaging_viewer")?;

    show(&mut harness, "B2", Some("B3"));
    wait_for(&mut harness, &["Image of B2", "Image of B3"])?;
    support::save_screenshot(&mut harness, "imaging_compare")
}

/// The reference case with the radiograph on A1 and the two slices of the enhanced CT on
/// B2 and B3, marked and scored as a reviewer would.
fn build_case(folder: &Path, fixtures: &Path) -> Result<std::path::PathBuf, String> {
    let loaded = load_case(&support::repo_path("assets/cases/peng2020.ron"))
        .map_err(|error| error.to_string())?;
    let mut case = loaded.case;
    let folder = folder.canonicalize().map_err(|error| error.to_string())?;
    let relative = |name: &str| {
        relative_path(&folder, &fixtures.join(name)).ok_or("no relative path".to_owned())
    };
    let point = PixelPoint::new;
    let mark = |shape, note: Option<&str>| Annotation {
        shape,
        frame: 0,
        note: note.map(str::to_owned),
    };
    let mut radiograph = ImageRef::new(relative("RG1_UNCR.dcm")?);
    radiograph.annotations = vec![
        mark(
            Shape::Arrow {
                tail: point(250.0, 1350.0),
                tip: point(470.0, 1150.0),
            },
            Some("hazy opacity, right lower zone"),
        ),
        mark(
            Shape::Ellipse {
                corner_a: point(1180.0, 560.0),
                corner_b: point(1480.0, 940.0),
            },
            None,
        ),
        mark(
            Shape::Length {
                start: point(180.0, 1500.0),
                end: point(1660.0, 1500.0),
            },
            None,
        ),
        mark(
            Shape::Text {
                at: point(1200.0, 1000.0),
                text: "left upper zone clear".to_owned(),
            },
            None,
        ),
    ];
    let slice = |label: &str, frame: u32| -> Result<ImageRef, String> {
        let mut image = ImageRef::new(relative("eCT_Supplemental.dcm")?);
        image.annotations = vec![Annotation {
            shape: Shape::Rectangle {
                corner_a: point(150.0, 200.0),
                corner_b: point(260.0, 300.0),
            },
            frame,
            note: Some(format!("{label} region")),
        }];
        Ok(image)
    };
    let b2_image = slice("B2", 0)?;
    let b3_image = slice("B3", 1)?;
    for milestone in &mut case.milestones {
        match milestone.label.as_str() {
            "A1" => {
                milestone.images = vec![radiograph.clone()];
                milestone.distribution.laterality = Some(Laterality::Bilateral);
                milestone.patterns = vec![Pattern::ExudativeLesions];
                milestone.severity = Some(SeverityScore::Brixia {
                    right_upper: 1,
                    right_middle: 2,
                    right_lower: 2,
                    left_upper: 0,
                    left_middle: 1,
                    left_lower: 2,
                });
            }
            "B2" | "B3" => {
                milestone.images = vec![if milestone.label == "B2" {
                    b2_image.clone()
                } else {
                    b3_image.clone()
                }];
                milestone.distribution.lobes = vec![Lobe::RightLower, Lobe::LeftLower];
                milestone.change = Some(if milestone.label == "B2" {
                    Change::Stable
                } else {
                    Change::Improved
                });
            }
            _ => {}
        }
    }
    let path = folder.join("case.ron");
    save_case(&path, &case).map_err(|error| error.to_string())?;
    Ok(path)
}

fn show(harness: &mut Harness<'static, CaseLensApp>, label: &str, compare: Option<&str>) {
    if let Some(open) = harness.state_mut().workspace.active_case_mut() {
        open.views.main_view = MainView::Imaging;
        let imaging = &mut open.views.imaging;
        imaging.selected_milestone = Some(label.to_owned());
        imaging.compare_with = compare.map(str::to_owned);
        imaging.compare_viewer.frame = 1;
    }
    harness.step();
}

/// Steps until the images are decoded and shown (decoding runs on its own threads).
fn wait_for(harness: &mut Harness<'static, CaseLensApp>, labels: &[&str]) -> Result<(), String> {
    let start = Instant::now();
    while labels
        .iter()
        .any(|label| harness.query_by_label(label).is_none())
    {
        if start.elapsed() > Duration::from_secs(30) {
            return Err(format!("{labels:?} not shown after 30 s"));
        }
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    harness.run_steps(4);
    Ok(())
}
