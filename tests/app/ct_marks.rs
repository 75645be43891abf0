//! Reading a CT study as a reviewer does: drawing on a slice of a study's series (the mark is
//! bound to that slice in the study, undoable, deleted with Delete, captioned), and two
//! studies' series side by side, following each other by table position in mm with the same
//! window and zoom.

use std::path::PathBuf;

use caselens::app::CaseLensApp;
use caselens::model::{ImagingMilestone, SeriesRef, Shape};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::ct::{run_until, stack};
use crate::ct_phantom::Phantom;
use crate::support;

fn study(app: &CaseLensApp, label: &str) -> ImagingMilestone {
    app.workspace
        .active_case()
        .unwrap()
        .document
        .case()
        .milestones
        .iter()
        .find(|milestone| milestone.label == label)
        .cloned()
        .unwrap()
}

/// The reference case saved in a temporary folder, each study in `studies` holding the
/// phantom series written to `ct/<study>` beside it; the app open on its imaging view with
/// `open` selected.
fn case_with_series(
    studies: &[(&str, &Phantom)],
    open: &str,
) -> (tempfile::TempDir, PathBuf, Harness<'static, CaseLensApp>) {
    let folder = tempfile::tempdir().unwrap();
    let mut case = caselens::io::bundled::PENG_2020.load().unwrap().case;
    for (label, phantom) in studies {
        let relative = PathBuf::from(format!("ct/{}", label.to_lowercase()));
        phantom.write_all(&folder.path().join(&relative));
        let milestone = case
            .milestones
            .iter_mut()
            .find(|milestone| milestone.label == *label)
            .unwrap();
        milestone.series.push(SeriesRef {
            folder: relative,
            series_instance_uid: phantom.series_uid.clone(),
            description: Some(phantom.description.clone()),
            key_slices: Vec::new(),
        });
    }
    let case_path = folder.path().join("case.ron");
    caselens::io::save_case(&case_path, &case).unwrap();
    let mut harness = support::app_harness(vec![case_path.clone()]);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    imaging(&mut harness).select_milestone(open.to_owned());
    harness.run();
    harness.get_by_label("Open series").click();
    harness.step();
    run_until(&mut harness, |app| stack(app).volume.is_some());
    (folder, case_path, harness)
}

fn imaging<'a>(
    harness: &'a mut Harness<'static, CaseLensApp>,
) -> &'a mut caselens::app::imaging::ImagingState {
    &mut harness
        .state_mut()
        .workspace
        .active_case_mut()
        .unwrap()
        .views
        .imaging
}

/// A left click at `position`.
fn click_at(harness: &mut Harness<'static, CaseLensApp>, position: egui::Pos2) {
    harness.hover_at(position);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: position,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
}

/// Drags with the left button across the axial image, from its centre by `delta` points.
fn drag_on_image(
    harness: &mut Harness<'static, CaseLensApp>,
    image: egui::Rect,
    delta: egui::Vec2,
) {
    let from = image.center();
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=4 {
        harness.hover_at(from + delta * (step as f32 / 4.0));
        harness.run();
    }
    harness.drop_at(from + delta);
    harness.run();
}

#[test]
fn a_mark_drawn_on_a_slice_belongs_to_that_slice_of_the_study() {
    let uid = "1.2.826.0.1.3680043.10.21";
    let phantom = Phantom::new(64, 12, uid);
    let (_folder, case_path, mut harness) = case_with_series(&[("B1", &phantom)], "B1");
    let middle = format!("{uid}.7");

    // An arrow dragged on the shown slice (7 of 12) does not scroll the stack: it is kept on
    // that slice, which becomes a key slice of B1, in one undoable edit.
    harness.get_by_label("Arrow").click();
    harness.run();
    let image = harness.get_by_label("axial image 7 of 12").rect();
    drag_on_image(&mut harness, image, egui::vec2(60.0, 40.0));
    assert_eq!(stack(harness.state()).cursor.2, 6, "drawing did not scroll");
    let keys = &study(harness.state(), "B1").series[0].key_slices;
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].sop_instance_uid, middle);
    assert_eq!(keys[0].position_mm, Some(-285.0));
    assert_eq!(keys[0].annotations.len(), 1);
    let Shape::Arrow { tail, tip } = &keys[0].annotations[0].shape else {
        panic!("an arrow: {:?}", keys[0].annotations[0]);
    };
    // In the slice's pixels: 60 points across is more pixels than 40 points down.
    assert!(
        tip.x - tail.x > tip.y - tail.y && tip.y > tail.y,
        "{tail:?} → {tip:?}"
    );
    assert_eq!(
        stack(harness.state()).key_slices,
        std::slice::from_ref(&middle)
    );
    harness.get_by_label("Marks on this slice (1)");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let undone = study(harness.state(), "B1");
    assert!(
        undone.series[0].key_slices.is_empty(),
        "{:?}",
        undone.series
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(study(harness.state(), "B1").series[0].key_slices.len(), 1);

    // A text label, typed after a click.
    harness.get_by_label("Text").click();
    harness.run();
    click_at(&mut harness, image.center() + egui::vec2(-40.0, -40.0));
    harness.run();
    harness.get_by_label("Label text:").type_text("GGO");
    harness.run();
    harness.get_by_label("Place label").click();
    harness.run();
    let marks = &study(harness.state(), "B1").series[0].key_slices[0].annotations;
    assert_eq!(marks.len(), 2);
    assert!(matches!(&marks[1].shape, Shape::Text { text, .. } if text == "GGO"));

    // The arrow picked with the select tool, and deleted with Delete.
    harness.get_by_label("Select").click();
    harness.run();
    // The pane may have changed size since (a message below it): find the arrow where the
    // fitted slice (64 × 0.7 mm, centred) shows it now.
    let pane = harness.get_by_label("axial image 7 of 12").rect();
    let points_per_pixel = pane.width().min(pane.height()) / 64.0;
    let corner = pane.center() - egui::Vec2::splat(32.0 * points_per_pixel);
    let marks = &study(harness.state(), "B1").series[0].key_slices[0].annotations;
    let Shape::Arrow { tail, tip } = &marks[0].shape else {
        panic!("the arrow first");
    };
    let middle_of_arrow = egui::vec2(
        ((tail.x + tip.x) / 2.0) as f32,
        ((tail.y + tip.y) / 2.0) as f32,
    );
    click_at(&mut harness, corner + middle_of_arrow * points_per_pixel);
    harness.run();
    assert_eq!(
        stack(harness.state()).marks.selected,
        Some((middle.clone(), 0))
    );
    harness.key_press(Key::Delete);
    harness.run();
    let marks = &study(harness.state(), "B1").series[0].key_slices[0].annotations;
    assert_eq!(marks.len(), 1);
    assert!(matches!(marks[0].shape, Shape::Text { .. }));

    // A caption, kept when the field loses the keyboard.
    harness.get_by_label("Caption:").focus();
    harness.run();
    harness.get_by_label("Caption:").type_text("lower lobes");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        study(harness.state(), "B1").series[0].key_slices[0]
            .caption
            .as_deref(),
        Some("lower lobes")
    );

    // Another slice has no marks; back on the key slice they are there, and they are saved.
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert!(harness.query_by_label("Marks on this slice (1)").is_none());
    harness.key_press(Key::ArrowUp);
    harness.run();
    harness.get_by_label("Marks on this slice (1)");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = caselens::io::load_case(&case_path).unwrap().case;
    let key = &saved
        .milestones
        .iter()
        .find(|milestone| milestone.label == "B1")
        .unwrap()
        .series[0]
        .key_slices[0];
    assert_eq!(key.sop_instance_uid, middle);
    assert_eq!(key.caption.as_deref(), Some("lower lobes"));
    assert_eq!(key.annotations.len(), 1);
}

fn beside(app: &CaseLensApp) -> Option<&caselens::app::imaging::stack::StackPair> {
    let imaging = &app.workspace.active_case().unwrap().views.imaging;
    imaging.stack_beside.as_ref()
}

fn positions(harness: &Harness<'static, CaseLensApp>) -> (f64, f64) {
    let left = stack(harness.state()).axial_position().unwrap().2;
    let right = beside(harness.state())
        .unwrap()
        .right
        .axial_position()
        .unwrap()
        .2;
    (left, right)
}

#[test]
fn two_studies_side_by_side_follow_each_other_by_table_position() {
    // B2: 12 slices of 2.5 mm from −300 mm; B3: 8 slices of 5 mm from −290 mm.
    let b2 = Phantom::new(64, 12, "1.2.826.0.1.3680043.10.22");
    let mut b3 = Phantom::new(48, 8, "1.2.826.0.1.3680043.10.23");
    b3.spacing_mm = 5.0;
    b3.first_z_mm = -290.0;
    b3.description = "Follow-up chest".to_owned();
    let (_folder, _case, mut harness) = case_with_series(&[("B2", &b2), ("B3", &b3)], "B2");

    harness.get_by_label("Compare beside it:").click();
    harness.run();
    harness.get_by_label("B3 · Follow-up chest").click();
    harness.step();
    run_until(&mut harness, |app| {
        beside(app).is_some_and(|pair| pair.right.volume.is_some())
    });
    // The right follows the left's middle slice (−285 mm) to the same table position.
    assert_eq!(positions(&harness), (-285.0, -285.0));
    harness.get_by_label("axial image 2 of 8");

    // Two slices down on the left (−280 mm): the right goes to its slice at −280 mm.
    harness.key_press(Key::ArrowDown);
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(positions(&harness), (-280.0, -280.0));
    // Between two right slices the nearest is taken: −277.5 → −280 or −275, never further.
    harness.key_press(Key::ArrowDown);
    harness.run();
    let (left, right) = positions(&harness);
    assert_eq!(left, -277.5);
    assert!((right - left).abs() <= 2.5, "{right}");

    // The window set on the left is the right's too.
    harness
        .get_all_by_label("Mediastinum")
        .next()
        .unwrap()
        .click();
    harness.run();
    assert_eq!(
        beside(harness.state()).unwrap().right.window,
        stack(harness.state()).window
    );
    assert_eq!(
        stack(harness.state()).window,
        caselens::io::image::WindowPreset::Mediastinum.window()
    );

    // Unlinked, each side moves alone; aligned at two slices, the right follows at that offset.
    harness
        .get_by_label("Link slices by table position, window and zoom")
        .click();
    harness.run();
    imaging(&mut harness)
        .stack_beside
        .as_mut()
        .unwrap()
        .right
        .cursor
        .2 = 4; // −270 mm
    harness.run();
    assert_eq!(positions(&harness), (-277.5, -270.0));
    harness.get_by_label("Align at the shown slices").click();
    harness.run();
    harness.get_by_label("Right = left +7.5 mm");
    harness
        .get_by_label("Link slices by table position, window and zoom")
        .click();
    harness.run();
    harness.key_press(Key::ArrowUp);
    harness.key_press(Key::ArrowUp);
    harness.key_press(Key::ArrowUp);
    harness.run();
    // Left −285 mm: the right's nearest to −277.5 mm.
    let (left, right) = positions(&harness);
    assert_eq!(left, -285.0);
    assert!((right - (left + 7.5)).abs() <= 2.5, "{right}");

    // Zoom and pan follow too: Ctrl+wheel on the left pane.
    let image = harness
        .get_all_by_label_contains("axial image")
        .next()
        .unwrap()
        .rect();
    harness.hover_at(image.center());
    harness.run();
    // What egui makes of Ctrl+wheel or a pinch.
    harness.event(egui::Event::Zoom(1.5));
    harness.run();
    let (left_pane, right_pane) = (
        &stack(harness.state()).panes[0],
        &beside(harness.state()).unwrap().right.panes[0],
    );
    assert!(!left_pane.fit, "zoomed");
    assert_eq!(left_pane.zoom, right_pane.zoom);
    assert_eq!(left_pane.offset, right_pane.offset);

    harness.get_by_label("Close comparison").click();
    harness.run();
    assert!(beside(harness.state()).is_none());
}
