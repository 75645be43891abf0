//! Renders the CT stack viewer headlessly at 1280×800 on the real LIDC-IDRI chest series:
//! `screenshots/ct_marks.png` (a key slice of B2 with an arrow, a label and its caption) and
//! `screenshots/ct_pair.png` (B2 beside B3, linked by table position; `ct_pair_1920.png` at
//! 1920×1080):
//! `cargo run --example ct_screenshots`. Needs `../shared/fixtures/dicom/ct_series` and a GPU
//! or software Vulkan (mesa-vulkan-drivers).
//!
//! B3 is the same series copied under another SeriesInstanceUID: the fixtures hold one real
//! chest CT, and a comparison needs two series.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use caselens::app::CaseLensApp;
use caselens::app::views::MainView;
use caselens::io::image::series::scan_series;
use caselens::io::save_case;
use caselens::model::{Annotation, KeySlice, PixelPoint, SeriesRef, Shape};
use dicom_core::{DataElement, PrimitiveValue, VR};
use dicom_dictionary_std::tags;
use egui_kittest::Harness;

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
    let lidc = support::repo_path("../shared/fixtures/dicom/ct_series/lidc_idri_0001");
    if !lidc.is_dir() {
        return Err("skipped: ../shared not found".to_owned());
    }
    let folder = tempfile::tempdir().map_err(|error| error.to_string())?;
    let case_path = build_case(folder.path(), &lidc)?;
    let Some(mut harness) = support::rendering_harness_sized(vec![case_path], [1280.0, 800.0])
    else {
        return Err("no renderer".to_owned());
    };
    harness.run();
    let b2 = folder.path().join("ct/b2");
    let b2_uid = scan(&b2)?.0;
    let key = key_slice_uid(&b2)?;
    if let Some(open) = harness.state_mut().workspace.active_case_mut() {
        open.views.main_view = MainView::Imaging;
        let imaging = &mut open.views.imaging;
        imaging.select_milestone("B2".to_owned());
        imaging
            .stack
            .open_milestone_series(&b2, &b2_uid, "B2", vec![key.clone()]);
    }
    wait(&mut harness, |app| {
        app.workspace
            .active_case()
            .is_some_and(|open| open.views.imaging.stack.volume.is_some())
    })?;
    if let Some(open) = harness.state_mut().workspace.active_case_mut() {
        open.views.imaging.stack.go_to_key_slice(&key);
    }
    harness.run_steps(4);
    support::save_screenshot(&mut harness, "ct_marks")?;

    let b3 = folder.path().join("ct/b3");
    let b3_uid = scan(&b3)?.0;
    if let Some(open) = harness.state_mut().workspace.active_case_mut() {
        let imaging = &mut open.views.imaging;
        imaging.stack_beside = Some(caselens::app::imaging::stack::StackPair::open(
            &mut imaging.stack,
            &b3,
            &b3_uid,
            "B3",
            Vec::new(),
        ));
    }
    wait(&mut harness, |app| {
        let imaging = &app.workspace.active_case().map(|open| &open.views.imaging);
        imaging
            .and_then(|imaging| imaging.stack_beside.as_ref())
            .is_some_and(|pair| pair.right.volume.is_some())
    })?;
    harness.run_steps(4);
    support::save_screenshot(&mut harness, "ct_pair")?;
    // The same comparison on a 1920 × 1080 desk.
    harness.set_size(egui::vec2(1920.0, 1080.0));
    harness.run_steps(4);
    support::save_screenshot(&mut harness, "ct_pair_1920")
}

/// The series UID of a folder and its slices' SOPInstanceUIDs in table order.
fn scan(folder: &Path) -> Result<(String, Vec<String>), String> {
    let scan = scan_series(folder).map_err(|error| error.to_string())?;
    let series = scan.series.first().ok_or("no series")?;
    let uids = series
        .slices
        .iter()
        .map(|slice| slice.sop_instance_uid.clone())
        .collect();
    Ok((series.series_instance_uid.clone(), uids))
}

/// A slice through both lungs, two thirds of the way up the stack.
fn key_slice_uid(folder: &Path) -> Result<String, String> {
    let uids = scan(folder)?.1;
    uids.get(uids.len() * 2 / 3)
        .cloned()
        .ok_or_else(|| "empty series".to_owned())
}

/// The reference case in `folder`, with the LIDC series as B2 (a key slice marked and
/// captioned) and a copy of it under another SeriesInstanceUID as B3.
fn build_case(folder: &Path, lidc: &Path) -> Result<PathBuf, String> {
    let b2 = folder.join("ct/b2");
    let b3 = folder.join("ct/b3");
    for target in [&b2, &b3] {
        std::fs::create_dir_all(target).map_err(|error| error.to_string())?;
    }
    let entries = std::fs::read_dir(lidc).map_err(|error| error.to_string())?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        std::fs::copy(entry.path(), b2.join(&name)).map_err(|error| error.to_string())?;
        let mut object =
            dicom_object::open_file(entry.path()).map_err(|error| error.to_string())?;
        object.put(DataElement::new(
            tags::SERIES_INSTANCE_UID,
            VR::UI,
            PrimitiveValue::from("1.2.826.0.1.3680043.10.99.3"),
        ));
        object
            .write_to_file(b3.join(&name))
            .map_err(|error| error.to_string())?;
    }
    let (b2_uid, _) = scan(&b2)?;
    let (b3_uid, _) = scan(&b3)?;
    let mut key = KeySlice::new(key_slice_uid(&b2)?, None);
    key.caption = Some("Left lung nodule".to_owned());
    key.annotations = vec![
        Annotation::new(Shape::Arrow {
            tail: PixelPoint::new(390.0, 300.0),
            tip: PixelPoint::new(330.0, 360.0),
        }),
        Annotation::new(Shape::Text {
            at: PixelPoint::new(392.0, 278.0),
            text: "nodule".to_owned(),
        }),
    ];
    let mut case = caselens::io::bundled::PENG_2020
        .load()
        .map_err(|error| error.to_string())?
        .case;
    for milestone in &mut case.milestones {
        let (series_folder, uid, keys) = match milestone.label.as_str() {
            "B2" => ("ct/b2", b2_uid.clone(), vec![key.clone()]),
            "B3" => ("ct/b3", b3_uid.clone(), Vec::new()),
            _ => continue,
        };
        milestone.series.push(SeriesRef {
            folder: PathBuf::from(series_folder),
            series_instance_uid: uid,
            description: Some("LIDC-IDRI-0001 chest CT".to_owned()),
            key_slices: keys,
        });
    }
    let path = folder.join("case.ron");
    save_case(&path, &case).map_err(|error| error.to_string())?;
    Ok(path)
}

fn wait(
    harness: &mut Harness<'static, CaseLensApp>,
    done: impl Fn(&CaseLensApp) -> bool,
) -> Result<(), String> {
    let start = Instant::now();
    harness.step();
    while !done(harness.state()) {
        if start.elapsed() > Duration::from_secs(120) {
            return Err("the series did not load in 120 s".to_owned());
        }
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    Ok(())
}
