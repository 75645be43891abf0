//! The imaging view driven through the real app: adding a study, drawing a mark on a
//! decoded image, and a broken image shown as a message while the rest stays usable.

use crate::support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use caselens::app::CaseLensApp;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use support::{app_harness, repo_path};

/// A copy of the reference case in `folder`, with `image` attached to B2.
fn case_with_b2_image(folder: &Path, image: &str) -> PathBuf {
    let text = std::fs::read_to_string(repo_path("assets/cases/peng2020.ron")).unwrap();
    let marker = "label: \"B2\",\n            modality: Ct,\n            time: Some(Date(\"2020-02-20\")),\n            images: [],";
    assert!(
        text.contains(marker),
        "the reference case lists B2 as expected"
    );
    let attached = marker.replace("images: [],", &format!("images: [(path: \"{image}\")],"));
    let path = folder.join("case.ron");
    std::fs::write(&path, text.replace(marker, &attached)).unwrap();
    path
}

/// A 200×160 grey ramp.
fn write_png(path: &Path) {
    image::GrayImage::from_fn(200, 160, |x, y| image::Luma([((x + y) % 256) as u8]))
        .save(path)
        .unwrap();
}

fn b2_image(harness: &Harness<'_, CaseLensApp>) -> Vec<caselens::model::Annotation> {
    let open = harness.state().workspace.active_case().unwrap();
    let b2 = open
        .document
        .case()
        .milestones
        .iter()
        .find(|m| m.label == "B2")
        .unwrap();
    b2.images[0].annotations.clone()
}

fn active_transform(harness: &Harness<'_, CaseLensApp>) -> caselens::app::imaging::ViewTransform {
    let open = harness.state().workspace.active_case().unwrap();
    open.views.imaging.viewer.transform
}

/// Runs frames until `done` holds (decoding is on another thread), at most 10 s.
fn run_until(
    harness: &mut Harness<'_, CaseLensApp>,
    done: impl Fn(&Harness<'_, CaseLensApp>) -> bool,
) {
    let start = Instant::now();
    while !done(harness) {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run();
}

fn open_imaging(harness: &mut Harness<'_, CaseLensApp>) {
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    harness.get_by_label("Imaging studies");
}

#[test]
fn adding_a_study_suggests_the_next_label_and_undo_removes_it() {
    let mut harness = app_harness(Vec::new());
    open_imaging(&mut harness);
    // The reference case has B1–B4 and A1–A3.
    harness.get_by_label("Add X-ray A4");
    harness.get_by_label("Add CT B5").click();
    harness.run();
    harness.get_by_label("Study B5");
    let labels: Vec<String> = harness
        .state()
        .workspace
        .active_case()
        .unwrap()
        .document
        .case()
        .milestones
        .iter()
        .map(|milestone| milestone.label.clone())
        .collect();
    assert_eq!(labels.last().map(String::as_str), Some("B5"));
    harness.get_by_label("Add CT B6");

    // Scoring starts at 0 of 25 (5 lobes × 0–5).
    harness.get_by_label("CT severity score").scroll_to_me();
    harness.run();
    harness.get_by_label("CT severity score").click();
    harness.run();
    harness.get_by_label("0 / 25");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let open = harness.state().workspace.active_case().unwrap();
    assert!(
        open.document
            .case()
            .milestones
            .iter()
            .all(|milestone| milestone.label != "B5")
    );
    harness.get_by_label("Add CT B5");
}

#[test]
fn an_arrow_drawn_on_the_image_is_stored_in_pixels_and_undone_with_ctrl_z() {
    let folder = tempfile::tempdir().unwrap();
    write_png(&folder.path().join("b2.png"));
    let case = case_with_b2_image(folder.path(), "b2.png");
    let mut harness = app_harness(vec![case]);
    open_imaging(&mut harness);
    harness.get_by_label_contains("B2 · 20 Feb 2020").click();
    harness.step();
    run_until(&mut harness, |harness| {
        harness.query_by_label("Image of B2").is_some()
    });
    harness.get_by_label_contains("200×160 px");

    harness.get_by_label("Arrow").click();
    harness.run();
    let canvas = harness.get_by_label("Image of B2").rect();
    let from = canvas.center() - egui::vec2(60.0, 40.0);
    let to = canvas.center();
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=5 {
        harness.hover_at(from + (to - from) * (step as f32 / 5.0));
        harness.run();
    }
    harness.drop_at(to);
    harness.run();

    let marks = b2_image(&harness);
    assert_eq!(marks.len(), 1, "one arrow");
    let caselens::model::Shape::Arrow { tail, tip } = marks[0].shape else {
        panic!("an arrow: {:?}", marks[0].shape);
    };
    // The image is fitted and centred, so the canvas centre is the image centre.
    assert!(
        (tip.x - 100.0).abs() < 2.0 && (tip.y - 80.0).abs() < 2.0,
        "tip {tip:?}"
    );
    assert!(tail.x < tip.x && tail.y < tip.y, "tail {tail:?}");
    assert_eq!(
        harness.query_all_by_label("Arrow").count(),
        2,
        "the tool and the mark in the list of marks"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(b2_image(&harness).is_empty(), "undone");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(b2_image(&harness).len(), 1, "redone");

    // The select tool picks the arrow by its shaft and moves it with the mouse.
    harness.get_by_label("Select").click();
    harness.run();
    // The list of marks now takes room under the canvas: place the pointer from the view's
    // current zoom and pan, on the middle of the arrow's shaft.
    let canvas = harness.get_by_label("Image of B2").rect();
    let transform = active_transform(&harness);
    let middle = egui::vec2(
        ((tail.x + tip.x) / 2.0) as f32,
        ((tail.y + tip.y) / 2.0) as f32,
    );
    let grab = canvas.min + transform.offset + middle * transform.zoom;
    let drop = grab + egui::vec2(20.0, 10.0);
    harness.hover_at(grab);
    harness.run();
    harness.drag_at(grab);
    harness.run();
    for step in 1..=4 {
        harness.hover_at(grab + (drop - grab) * (step as f32 / 4.0));
        harness.run();
    }
    harness.drop_at(drop);
    harness.run();
    let caselens::model::Shape::Arrow { tip: moved_tip, .. } = b2_image(&harness)[0].shape else {
        panic!("still an arrow");
    };
    assert!(
        moved_tip.x > tip.x + 1.0 && moved_tip.y > tip.y + 0.5,
        "moved right and down: {tip:?} → {moved_tip:?}"
    );

    // Delete removes the selected mark; undo brings it back where it was moved to.
    harness.key_press(Key::Delete);
    harness.run();
    assert!(b2_image(&harness).is_empty(), "deleted");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let marks = b2_image(&harness);
    assert!(
        matches!(marks[0].shape, caselens::model::Shape::Arrow { tip, .. } if tip == moved_tip)
    );
}

#[test]
fn a_truncated_dicom_shows_its_error_in_place_of_the_image() {
    let fixture = crate::files::fixture("dicom/MR_truncated.dcm");
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(&fixture, folder.path().join("b2.dcm")).unwrap();
    let case = case_with_b2_image(folder.path(), "b2.dcm");
    let mut harness = app_harness(vec![case]);
    open_imaging(&mut harness);
    harness.get_by_label_contains("B2 · 20 Feb 2020").click();
    harness.step();
    run_until(&mut harness, |harness| {
        harness
            .query_by_label("This image cannot be shown")
            .is_some()
    });
    harness.get_by_label_contains("truncated or malformed DICOM");
    harness.get_by_label("Try again");
    // The rest of the view still works.
    harness.get_by_label_contains("B3 · 24 Feb 2020").click();
    harness.run();
    harness.get_by_label("Study B3");
}

#[test]
fn the_headers_windows_are_offered_by_their_explanation_and_overlays_can_be_hidden() {
    // An MR with two windows explained as WINDOW1 and WINDOW2, and one overlay plane.
    let fixture = crate::files::fixture("dicom/examples_overlay.dcm");
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(&fixture, folder.path().join("b2.dcm")).unwrap();
    let case = case_with_b2_image(folder.path(), "b2.dcm");
    let mut harness = app_harness(vec![case]);
    open_imaging(&mut harness);
    harness.get_by_label_contains("B2 · 20 Feb 2020").click();
    harness.step();
    run_until(&mut harness, |harness| {
        harness.query_by_label("Overlays").is_some()
    });
    let viewer = |harness: &Harness<'_, CaseLensApp>| {
        let open = harness.state().workspace.active_case().unwrap();
        open.views.imaging.viewer.clone()
    };
    // The first header window is the default; the second is offered by its name.
    harness.get_by_label("WINDOW2").click();
    harness.run();
    let window = viewer(&harness).window.unwrap();
    assert_eq!((window.center, window.width), (200.0, 443.0));
    assert!(!viewer(&harness).hide_overlays);
    harness.get_by_label("Overlays").click();
    harness.run();
    assert!(viewer(&harness).hide_overlays);
}
