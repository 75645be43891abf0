//! CT series as stacks: the real LIDC-IDRI chest series in any file order, with a slice
//! missing or cut short, mixed with another series; a synthetic chest phantom with known HU;
//! `caselens series` and `caselens image FOLDER` run as the real binary; the stack viewer
//! driven through its accessibility tree.
//!
//! Expected facts of the real series come from `tests/fixtures/ct/lidc_expected.py`
//! (pydicom, not CaseLens), stored in `lidc_expected.json` beside it.

use crate::ct_phantom;
use crate::support;

use support::shared;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicUsize};

use caselens::io::image::WindowPreset;
use caselens::io::image::series::{
    LoadEvent, Plane, SeriesLoader, SeriesScan, SeriesStack, Volume, WindowLut, load_volume,
    scan_series,
};
use ct_phantom::Phantom;
use egui_kittest::kittest::Queryable;

const LIDC: &str = "fixtures/dicom/ct_series/lidc_idri_0001";

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ct/lidc_expected.json"),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Copies the real series into a temporary folder in a scrambled order under scrambled
/// names (`x-NNN.dcm`, NNN unrelated to position); returns the folder and, for each copy,
/// the original name.
fn scrambled_copy(source: &Path) -> (tempfile::TempDir, Vec<(PathBuf, String)>) {
    let mut names: Vec<String> = std::fs::read_dir(source)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // A fixed permutation (multiplying by a number coprime with the count), so a failure
    // reproduces.
    let count = names.len();
    let folder = tempfile::tempdir().unwrap();
    let mut copies = Vec::new();
    for (index, name) in names.iter().enumerate() {
        let scrambled = (index * 47 + 11) % count;
        let copy = folder.path().join(format!("x-{scrambled:03}.dcm"));
        std::fs::copy(source.join(name), &copy).unwrap();
        copies.push((copy, name.clone()));
    }
    (folder, copies)
}

fn original_name(copies: &[(PathBuf, String)], path: &Path) -> String {
    copies
        .iter()
        .find(|(copy, _)| copy == path)
        .map(|(_, name)| name.clone())
        .unwrap()
}

fn load(stack: &SeriesStack) -> Volume {
    load_volume(
        stack,
        0,
        &AtomicUsize::new(0),
        &AtomicBool::new(false),
        &|_, _| {},
    )
    .unwrap()
}

fn messages(scan: &SeriesScan) -> Vec<String> {
    scan.problems
        .iter()
        .chain(scan.series.iter().flat_map(|series| &series.problems))
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_real_series_in_scrambled_order_stacks_by_position_with_the_right_hu() {
    let Some(source) = shared::shared_fixture(LIDC) else {
        return;
    };
    let truth = expected();
    let (_folder, copies) = scrambled_copy(&source);
    let scan = scan_series(_folder.path()).unwrap();
    assert_eq!(scan.series.len(), 1, "{:?}", messages(&scan));
    assert!(messages(&scan).is_empty(), "{:?}", messages(&scan));
    let stack = &scan.series[0];
    assert_eq!(stack.series_instance_uid, truth["series_instance_uid"]);
    assert_eq!(stack.slices.len() as u64, truth["slices"]);
    let order: Vec<String> = stack
        .slices
        .iter()
        .map(|slice| original_name(&copies, &slice.path))
        .collect();
    let expected_order: Vec<String> = truth["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(order, expected_order);
    assert_eq!(stack.slice_spacing_mm, truth["spacing_mm"].as_f64());
    assert_eq!(
        stack.slice_thickness_mm,
        truth["slice_thickness_mm"].as_f64()
    );
    assert_eq!(stack.slices[0].position_mm, truth["first_position_mm"]);
    let volume = load(stack);
    assert!(volume.problems.is_empty());
    for probe in truth["probes"].as_array().unwrap() {
        let at = |key: &str| probe[key].as_u64().unwrap() as usize;
        assert_eq!(
            volume
                .value(at("column"), at("row"), at("slice"))
                .map(i64::from),
            probe["hu"].as_i64(),
            "{probe}"
        );
    }
    // Coronal: head up, 2.5 mm rows beside 0.703 mm columns.
    let coronal = volume.plane_image(Plane::Coronal, 256).unwrap();
    assert_eq!((coronal.width, coronal.height), (512, 133));
    assert_eq!(coronal.pixel_height_mm, 2.5);
    let top_slice = volume.slice_count() - 1; // the most superior (z = −10 mm)
    assert_eq!(Some(coronal.values[100]), volume.value(100, 256, top_slice));
}

#[test]
fn a_missing_slice_is_reported_as_a_gap_between_its_neighbours() {
    let Some(source) = shared::shared_fixture(LIDC) else {
        return;
    };
    let (folder, copies) = scrambled_copy(&source);
    let removed = copies.iter().find(|(_, name)| name == "1-060.dcm").unwrap();
    std::fs::remove_file(&removed.0).unwrap();
    let scan = scan_series(folder.path()).unwrap();
    let stack = &scan.series[0];
    assert_eq!(stack.slices.len(), 132);
    assert_eq!(stack.slice_spacing_mm, Some(2.5));
    let gap: Vec<String> = messages(&scan)
        .into_iter()
        .filter(|message| message.starts_with("gap in series"))
        .collect();
    assert_eq!(gap.len(), 1, "{gap:?}");
    // 1-061 lies below 1-059 (feet first): the gap runs from 1-061 up to 1-059.
    let name = |original: &str| {
        copies
            .iter()
            .find(|(_, name)| name == original)
            .map(|(copy, _)| copy.display().to_string())
            .unwrap()
    };
    assert!(gap[0].contains(&name("1-061.dcm")), "{}", gap[0]);
    assert!(gap[0].contains(&name("1-059.dcm")), "{}", gap[0]);
    assert!(gap[0].contains("5.00 mm between"), "{}", gap[0]);
    assert!(gap[0].contains("about 1 slice(s) missing"), "{}", gap[0]);
}

#[test]
fn a_truncated_slice_is_named_and_the_rest_opens() {
    let Some(source) = shared::shared_fixture(LIDC) else {
        return;
    };
    let (folder, copies) = scrambled_copy(&source);
    let cut_in_half = &copies[10].0;
    let bytes = std::fs::read(cut_in_half).unwrap();
    std::fs::write(cut_in_half, &bytes[..bytes.len() / 2]).unwrap();
    // Cut by a few bytes: the header still fits the file, so only decoding can tell.
    let cut_short = &copies[20].0;
    let bytes = std::fs::read(cut_short).unwrap();
    std::fs::write(cut_short, &bytes[..bytes.len() - 64]).unwrap();

    let scan = scan_series(folder.path()).unwrap();
    let named = messages(&scan);
    assert!(
        named.iter().any(
            |message| message.starts_with(&cut_in_half.display().to_string())
                && message.contains("truncated")
        ),
        "{named:?}"
    );
    let stack = &scan.series[0];
    assert_eq!(stack.slices.len(), 132);
    let volume = load(stack);
    assert_eq!(volume.problems.len(), 1, "{:?}", volume.problems);
    let problem = volume.problems[0].to_string();
    assert!(
        problem.starts_with(&cut_short.display().to_string()),
        "{problem}"
    );
    let failed = stack
        .slices
        .iter()
        .position(|slice| &slice.path == cut_short)
        .unwrap();
    assert!(!volume.is_decoded(failed));
    assert_eq!(volume.value(256, 256, failed), None);
    let neighbour = if failed == 0 { 1 } else { failed - 1 };
    assert!(volume.value(256, 256, neighbour).is_some());
}

#[test]
fn two_series_in_one_folder_are_listed_apart() {
    let Some(source) = shared::shared_fixture(LIDC) else {
        return;
    };
    let (folder, _copies) = scrambled_copy(&source);
    Phantom::new(64, 12, "1.2.826.0.1.3680043.10.99").write_all(&folder.path().join("phantom"));
    std::fs::write(folder.path().join("notes.txt"), "not an image").unwrap();
    let scan = scan_series(folder.path()).unwrap();
    let counts: Vec<(usize, Option<String>)> = scan
        .series
        .iter()
        .map(|series| (series.slices.len(), series.description.clone()))
        .collect();
    assert_eq!(counts.len(), 2, "{counts:?}");
    assert!(counts.contains(&(133, None)));
    assert!(counts.contains(&(12, Some("Phantom chest".to_owned()))));
    assert_eq!(scan.not_dicom, 1);
}

fn phantom_folder(phantom: &Phantom) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    phantom.write_all(folder.path());
    folder
}

/// Display level of a value as DICOM PS3.3 C.11.2.1.2.1 defines the linear window.
fn dicom_level(value: f64, center: f64, width: f64) -> u8 {
    if value <= center - 0.5 - (width - 1.0) / 2.0 {
        0
    } else if value > center - 0.5 + (width - 1.0) / 2.0 {
        255
    } else {
        (((value - (center - 0.5)) / (width - 1.0) + 0.5) * 255.0).floor() as u8
    }
}

#[test]
fn the_phantom_reads_back_its_hu_and_windows_as_dicom_defines() {
    let phantom = Phantom::new(96, 20, "1.2.826.0.1.3680043.10.7");
    let folder = phantom_folder(&phantom);
    let scan = scan_series(folder.path()).unwrap();
    let volume = load(&scan.series[0]);
    let chest = phantom.slices - 1;
    for (column, row) in [
        phantom.lung_point(),
        phantom.mediastinum_point(),
        phantom.bone_point(),
        (0, 0),
    ] {
        for slice in [0, chest] {
            assert_eq!(
                volume.value(column, row, slice),
                Some(phantom.hu(column, row, slice))
            );
        }
    }
    assert_eq!(
        volume.value(phantom.lung_point().0, phantom.lung_point().1, chest),
        Some(ct_phantom::LUNG)
    );
    for preset in WindowPreset::ALL {
        let window = preset.window();
        let lut = WindowLut::new(window);
        for value in [
            ct_phantom::AIR,
            ct_phantom::LUNG,
            ct_phantom::SOFT_TISSUE,
            ct_phantom::BONE,
        ] {
            assert_eq!(
                lut.level(value),
                dicom_level(f64::from(value), window.center, window.width),
                "{value} HU in {}",
                preset.label()
            );
        }
    }
}

#[test]
fn reformats_keep_the_head_up_and_the_physical_aspect() {
    let phantom = Phantom::new(64, 40, "1.2.826.0.1.3680043.10.8");
    let folder = phantom_folder(&phantom);
    let volume = load(&scan_series(folder.path()).unwrap().series[0]);
    let (lung_column, lung_row) = phantom.lung_point();
    for (plane, index, x) in [
        (Plane::Coronal, lung_row, lung_column),
        (Plane::Sagittal, lung_column, lung_row),
    ] {
        let image = volume.plane_image(plane, index).unwrap();
        assert_eq!(image.height, 40);
        assert_eq!(image.pixel_height_mm, 2.5);
        // Top row: the most superior slice, in the chest (lung); bottom row: liver.
        assert_eq!(image.values[x], ct_phantom::LUNG, "{plane:?}");
        assert_eq!(
            image.values[39 * image.width + x],
            ct_phantom::LIVER,
            "{plane:?}"
        );
        let square = image.to_square_pixels();
        assert_eq!(square.height, (40.0_f64 * 2.5 / 0.7).round() as usize);
        assert!((square.physical_aspect() - image.physical_aspect()).abs() < 0.01);
        // The crosshair maps back to the voxel it came from.
        let voxel = volume.voxel_at(plane, index, x, 0).unwrap();
        assert_eq!(voxel.2, 39);
        assert_eq!(volume.pixel_of(plane, voxel), (index, x, 0));
    }
}

#[test]
fn the_loader_hands_over_the_first_slice_before_the_volume() {
    let phantom = Phantom::new(64, 30, "1.2.826.0.1.3680043.10.9");
    let folder = phantom_folder(&phantom);
    let stack = scan_series(folder.path()).unwrap().series.remove(0);
    let loader = SeriesLoader::start(stack, 17);
    let Some(LoadEvent::FirstSlice { index, values }) = loader.wait_event() else {
        panic!("the first event is the first slice");
    };
    assert_eq!(index, 17);
    let (column, row) = phantom.lung_point();
    assert_eq!(values[row * 64 + column], phantom.hu(column, row, 17));
    let volume = loader.wait().unwrap();
    assert_eq!(volume.slice_count(), 30);
}

fn caselens(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caselens"))
        .args(arguments)
        .output()
        .expect("the caselens binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn caselens_series_lists_the_real_folder() {
    let Some(source) = shared::shared_fixture(LIDC) else {
        return;
    };
    let output = caselens(&["series", s(&source)]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let listing = text(&output.stdout);
    assert!(listing.contains(": 1 series, 133 slice(s)"), "{listing}");
    assert!(
        listing.contains("133 slice(s) of 512×512, pixel 0.703×0.703 mm, thickness 2.50 mm, spacing 2.50 mm, 330.0 mm from -340.0 to -10.0 mm"),
        "{listing}"
    );
    assert!(!listing.contains("warning"), "{listing}");
}

#[test]
fn caselens_image_renders_phantom_slices_and_reformats_with_presets() {
    let phantom = Phantom::new(64, 16, "1.2.826.0.1.3680043.10.10");
    let folder = phantom_folder(&phantom);
    let out = folder.path().join("out.png");
    let output = caselens(&[
        "image",
        s(folder.path()),
        "--out",
        s(&out),
        "--slice",
        "15",
        "--window",
        "mediastinum",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("axial slice 15 of 16"),
        "{}",
        text(&output.stdout)
    );
    let png = image::open(&out).unwrap().to_luma8();
    let level = |(column, row): (usize, usize)| png.get_pixel(column as u32, row as u32).0[0];
    assert_eq!(
        level(phantom.mediastinum_point()),
        dicom_level(40.0, 40.0, 400.0)
    );
    assert_eq!(level(phantom.lung_point()), 0);
    assert_eq!(level(phantom.bone_point()), 255);

    // Lung is the default for CT; a coronal PNG has square pixels (16 × 2.5 / 0.7 rows).
    let output = caselens(&[
        "image",
        s(folder.path()),
        "--out",
        s(&out),
        "--plane",
        "coronal",
        "--slice",
        &phantom.lung_point().1.to_string(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("window C -600 / W 1500"));
    let png = image::open(&out).unwrap().to_luma8();
    assert_eq!(png.dimensions(), (64, 57));
    let top = png.get_pixel(phantom.lung_point().0 as u32, 0).0[0];
    assert_eq!(
        top,
        dicom_level(f64::from(ct_phantom::LUNG), -600.0, 1500.0)
    );

    let output = caselens(&["image", s(folder.path()), "--out", s(&out), "--slice", "16"]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("axial slice 16 does not exist"));
}

/// Runs frames until `done` holds (loading is on other threads), at most 20 s.
pub(crate) fn run_until(
    harness: &mut egui_kittest::Harness<'_, caselens::app::CaseLensApp>,
    done: impl Fn(&caselens::app::CaseLensApp) -> bool,
) {
    let start = std::time::Instant::now();
    while !done(harness.state()) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "timed out"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.run();
}

pub(crate) fn stack(
    app: &caselens::app::CaseLensApp,
) -> &caselens::app::imaging::stack::StackViewerState {
    &app.workspace.active_case().unwrap().views.imaging.stack
}

#[test]
fn the_stack_viewer_scrolls_by_keys_and_drag_and_marks_key_slices() {
    use egui::{Key, Modifiers};
    let phantom = Phantom::new(64, 12, "1.2.826.0.1.3680043.10.11");
    let folder = phantom_folder(&phantom);
    let mut harness = support::app_harness(Vec::new());
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    harness
        .state_mut()
        .workspace
        .active_case_mut()
        .unwrap()
        .views
        .imaging
        .stack
        .open_folder(folder.path());
    run_until(&mut harness, |app| stack(app).volume.is_some());
    // The middle slice first, lung window, its table position in mm.
    harness.get_by_label_contains("Slice 7 of 12 · -285.0 mm");
    harness.get_by_label("C -600 / W 1500");

    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(stack(harness.state()).cursor.2, 7);
    harness.key_press(Key::PageUp);
    harness.key_press(Key::PageUp);
    harness.run();
    assert_eq!(stack(harness.state()).cursor.2, 5);
    harness.get_by_label_contains("Slice 6 of 12");

    // A left drag down scrolls towards the feet end (higher index), zoom and pan unchanged.
    let image = harness.get_by_label("axial image 6 of 12").rect();
    let from = image.center() - egui::vec2(0.0, 20.0);
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=5 {
        harness.hover_at(from + egui::vec2(0.0, 4.0 * step as f32));
        harness.run();
    }
    harness.drop_at(from + egui::vec2(0.0, 20.0));
    harness.run();
    let dragged_to = stack(harness.state()).cursor.2;
    assert!((7..=10).contains(&dragged_to), "dragged to {dragged_to}");
    assert!(
        stack(harness.state()).panes[0].fit,
        "zoom and pan untouched"
    );

    harness.get_by_label("Mark key slice").click();
    harness.run();
    let chosen = stack(harness.state()).key_slices.clone();
    assert_eq!(
        chosen,
        [format!("1.2.826.0.1.3680043.10.11.{}", dragged_to + 1)]
    );
    harness.get_by_label("Remove key slice");
    harness.key_press(Key::ArrowUp);
    harness.run();
    harness.get_by_label("Mark key slice");
    let position = -300.0 + 2.5 * dragged_to as f64;
    harness
        .get_by_label_contains(&format!("slice {} · {position:.1} mm", dragged_to + 1))
        .click();
    harness.run();
    assert_eq!(stack(harness.state()).cursor.2, dragged_to);
}

/// Writes a DICOMDIR in `folder` whose IMAGE records refer to `files` (path components).
fn write_dicomdir(folder: &Path, files: &[&[&str]]) {
    use dicom_core::value::DataSetSequence;
    use dicom_core::{DataElement, PrimitiveValue, VR};
    use dicom_dictionary_std::tags;
    use dicom_object::{FileMetaTableBuilder, InMemDicomObject};
    let records: Vec<InMemDicomObject> = files
        .iter()
        .map(|components| {
            let mut record = InMemDicomObject::new_empty();
            record.put(DataElement::new(
                tags::DIRECTORY_RECORD_TYPE,
                VR::CS,
                PrimitiveValue::from("IMAGE"),
            ));
            record.put(DataElement::new(
                tags::REFERENCED_FILE_ID,
                VR::CS,
                PrimitiveValue::Strs(components.iter().map(|part| (*part).to_owned()).collect()),
            ));
            record
        })
        .collect();
    let mut directory = InMemDicomObject::new_empty();
    directory.put(DataElement::new(
        tags::DIRECTORY_RECORD_SEQUENCE,
        VR::SQ,
        DataSetSequence::from(records),
    ));
    directory
        .with_meta(
            FileMetaTableBuilder::new()
                .transfer_syntax("1.2.840.10008.1.2.1")
                .media_storage_sop_class_uid("1.2.840.10008.1.3.10")
                .media_storage_sop_instance_uid("1.2.826.0.1.3680043.10.12")
                .implementation_class_uid("1.2.826.0.1.3680043.10.2"),
        )
        .unwrap()
        .write_to_file(folder.join("DICOMDIR"))
        .unwrap();
}

#[test]
fn a_dicomdir_opens_the_files_it_lists_and_never_one_outside_its_folder() {
    let phantom = Phantom::new(32, 6, "1.2.826.0.1.3680043.10.12");
    let folder = tempfile::tempdir().unwrap();
    let disc = folder.path().join("disc");
    phantom.write_all(&disc.join("IMAGES"));
    // A slice outside the disc folder, which an entry tries to reach with `..`.
    phantom.write_slice(5, &folder.path().join("outside.dcm"));
    write_dicomdir(
        &disc,
        &[
            &["IMAGES", "slice-0003.dcm"],
            &["IMAGES", "slice-0001.dcm"],
            &["IMAGES", "slice-0002.dcm"],
            &["..", "outside.dcm"],
        ],
    );
    let scan = scan_series(&disc).unwrap();
    assert_eq!(scan.series.len(), 1);
    let names: Vec<String> = scan.series[0]
        .slices
        .iter()
        .map(|slice| {
            slice
                .path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        ["slice-0001.dcm", "slice-0002.dcm", "slice-0003.dcm"]
    );
    let problems = messages(&scan);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("`..\\outside.dcm` leaves the DICOMDIR's folder"),
        "{problems:?}"
    );
    // The DICOMDIR itself, given as the path, reads the same.
    assert_eq!(
        scan_series(&disc.join("DICOMDIR")).unwrap().series[0]
            .slices
            .len(),
        3
    );
}

fn b1(app: &caselens::app::CaseLensApp) -> caselens::model::ImagingMilestone {
    let open = app.workspace.active_case().unwrap();
    open.document
        .case()
        .milestones
        .iter()
        .find(|milestone| milestone.label == "B1")
        .cloned()
        .unwrap()
}

#[test]
fn key_slices_are_kept_in_the_study_undone_saved_and_opened_again() {
    use egui::{Key, Modifiers};
    // The reference case saved in a folder, a CT series in `ct/b1` beside it.
    let folder = tempfile::tempdir().unwrap();
    let case_path = folder.path().join("peng2020.ron");
    let case = caselens::io::bundled::PENG_2020.load().unwrap().case;
    caselens::io::save_case(&case_path, &case).unwrap();
    let uid = "1.2.826.0.1.3680043.10.12";
    let phantom = Phantom::new(64, 12, uid);
    phantom.write_all(&folder.path().join("ct/b1"));

    let mut harness = support::app_harness(vec![case_path.clone()]);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    {
        let imaging = &mut harness
            .state_mut()
            .workspace
            .active_case_mut()
            .unwrap()
            .views
            .imaging;
        imaging.select_milestone("B1".to_owned());
        imaging.stack.open_folder(&folder.path().join("ct/b1"));
    }
    run_until(&mut harness, |app| stack(app).volume.is_some());
    harness.get_by_label("Mark key slice").click();
    harness.run();
    harness.get_by_label("Keep 1 key slice(s) in B1").click();
    harness.run();
    let kept = b1(harness.state());
    assert_eq!(kept.series.len(), 1);
    let series = &kept.series[0];
    assert_eq!(series.folder, std::path::PathBuf::from("ct/b1"));
    assert_eq!(series.series_instance_uid, uid);
    assert_eq!(series.key_slices.len(), 1);
    // The middle slice (7 of 12), named by its SOPInstanceUID, at its table position.
    assert_eq!(series.key_slices[0].sop_instance_uid, format!("{uid}.7"));
    assert_eq!(series.key_slices[0].position_mm, Some(-285.0));

    // One undoable edit.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(b1(harness.state()).series.is_empty());
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(b1(harness.state()).series, kept.series);

    // Saved in format version 2, and read back the same.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = std::fs::read_to_string(&case_path).unwrap();
    assert!(saved.contains("format_version: 2,"));
    let reloaded = caselens::io::load_case(&case_path).unwrap().case;
    let study = reloaded
        .milestones
        .iter()
        .find(|milestone| milestone.label == "B1")
        .unwrap();
    assert_eq!(study.series, kept.series);

    // From the study's view, the series opens again with its key slice.
    harness.get_by_label("Close series").click();
    harness.run();
    harness.get_by_label("Open series").click();
    harness.step();
    run_until(&mut harness, |app| stack(app).volume.is_some());
    assert_eq!(stack(harness.state()).key_slices, [format!("{uid}.7")]);
    assert_eq!(stack(harness.state()).milestone.as_deref(), Some("B1"));
}

#[test]
fn a_reports_imaging_section_shows_the_key_slices_of_a_study() {
    let folder = tempfile::tempdir().unwrap();
    let uid = "1.2.826.0.1.3680043.10.13";
    let phantom = Phantom::new(64, 12, uid);
    phantom.write_all(&folder.path().join("ct/b1"));
    let mut case = caselens::io::bundled::PENG_2020.load().unwrap().case;
    let study = case
        .milestones
        .iter_mut()
        .find(|milestone| milestone.label == "B1")
        .unwrap();
    let mut key = caselens::model::KeySlice::new(format!("{uid}.4"), Some(-292.5));
    key.annotations.push(caselens::model::Annotation::new(
        caselens::model::Shape::Arrow {
            tail: caselens::model::PixelPoint { x: 5.0, y: 5.0 },
            tip: caselens::model::PixelPoint { x: 30.0, y: 30.0 },
        },
    ));
    study.series.push(caselens::model::SeriesRef {
        folder: PathBuf::from("ct/b1"),
        series_instance_uid: uid.to_owned(),
        description: None,
        key_slices: vec![key],
    });
    let case_path = folder.path().join("case.ron");
    caselens::io::save_case(&case_path, &case).unwrap();
    let report_path = folder.path().join("report.json");
    let output = caselens(&[
        "export",
        s(&case_path),
        "--format",
        "json",
        "--no-figures",
        "--out",
        s(&report_path),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    let b1 = report["imaging"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["label"] == "B1")
        .unwrap();
    let slice = b1["images"]
        .as_array()
        .unwrap()
        .iter()
        .find(|image| image["caption"] == "key slice at -292.5 mm")
        .unwrap_or_else(|| panic!("the key slice is listed: {}", b1["images"]));
    assert_eq!(slice["problem"], serde_json::Value::Null, "{slice}");
    assert_eq!(slice["file"], "ct/b1, slice at -292.5 mm");
    assert_eq!(slice["annotation_count"], 1);
    assert!(
        slice["thumbnail"]
            .as_str()
            .is_some_and(|uri| uri.starts_with("data:image/png;base64,")),
        "{slice}"
    );
}
