//! Playback for a class (#20), through the real app on the bundled Peng case: nothing ahead
//! of the sweep for every overlay kind, a frame that holds still, the presenter's keys from
//! the moment F5 is pressed, the blank screen, and the "what happens next?" stops of a
//! teaching script saved with the case.

use std::collections::BTreeMap;

use crate::support;

use caselens::analysis::overlays::Look;
use caselens::app::CaseLensApp;
use caselens::app::state::OpenCase;
use caselens::app::trajectory::{DrawnOverlay, OverlayKind};
use caselens::model::{CaseTime, Severity, TeachingStop};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn active<'h>(harness: &'h Harness<'_, CaseLensApp>) -> &'h OpenCase {
    harness
        .state()
        .workspace
        .active_case()
        .expect("a case is open")
}

fn active_mut<'h>(harness: &'h mut Harness<'_, CaseLensApp>) -> &'h mut OpenCase {
    harness
        .state_mut()
        .workspace
        .active_case_mut()
        .expect("a case is open")
}

fn date(month: u32, day: u32) -> CaseTime {
    CaseTime::Date(chrono::NaiveDate::from_ymd_opt(2020, month, day).expect("a real date"))
}

fn day(open: &OpenCase, month: u32, day: u32) -> f64 {
    open.document
        .timeline()
        .position(date(month, day))
        .expect("placeable")
}

fn playback_time(harness: &Harness<'_, CaseLensApp>) -> f64 {
    active(harness)
        .views
        .trajectory
        .playback
        .as_ref()
        .expect("playing back")
        .time
}

fn drawn(harness: &Harness<'_, CaseLensApp>) -> Vec<DrawnOverlay> {
    active(harness).views.trajectory.drawn_overlays().to_vec()
}

/// The Peng case with every overlay kind present: the paper's interventions, courses,
/// episodes, studies, events and notes, plus CT scores, a teaching stop on the first plasma
/// dose, cohort bands on every plot and the response windows shaded; the window tall enough
/// for every plot to be in view (a plot scrolled out of view draws nothing).
fn harness_with_every_overlay() -> Harness<'static, CaseLensApp> {
    let mut harness = support::app_harness_sized(Vec::new(), [1280.0, 4000.0]);
    harness.run();
    active_mut(&mut harness)
        .document
        .edit("Score B1 and B2, a stop on the first plasma dose", |case| {
            for (label, extent) in [("B1", 3), ("B2", 4)] {
                if let Some(milestone) = case.milestones.iter_mut().find(|m| m.label == label) {
                    milestone.severity = Some(caselens::model::SeverityScore::CtLobes {
                        right_upper: extent,
                        right_middle: extent,
                        right_lower: extent,
                        left_upper: extent,
                        left_lower: extent,
                    });
                }
            }
            case.teaching.stops.push(TeachingStop {
                time: date(2, 20),
                question: "Plasma today. What happens to IL-6?".to_owned(),
            });
        })
        .expect("valid edit");
    active_mut(&mut harness)
        .views
        .trajectory
        .findings
        .show_response_windows = true;
    harness.run();
    // Cohort bands on every plot: the small "all" button beside the first plot's title,
    // there once the bundled cohort has loaded on its worker thread.
    let started = std::time::Instant::now();
    while harness.query_all_by_label("all").next().is_none() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "the bundled cohort did not load"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness
        .get_all_by_label("all")
        .next()
        .expect("cohort switch")
        .click();
    harness.run();
    harness.run();
    harness
}

/// Where each kind's first piece starts in the full view (no playback).
fn first_start_by_kind(pieces: &[DrawnOverlay]) -> BTreeMap<OverlayKind, f64> {
    let mut first = BTreeMap::new();
    for piece in pieces {
        let entry = first.entry(piece.kind).or_insert(f64::INFINITY);
        *entry = f64::min(*entry, piece.start);
    }
    first
}

#[test]
fn every_overlay_kind_appears_only_when_the_sweep_reaches_it() {
    let mut harness = harness_with_every_overlay();
    let everything = drawn(&harness);
    let first = first_start_by_kind(&everything);
    for kind in OverlayKind::ALL {
        assert!(
            first.contains_key(&kind),
            "{kind:?} is not drawn through playback's rule (or the fixture lacks it)"
        );
    }
    assert!(everything.iter().all(|piece| piece.look == Look::Plain));

    // The clicker: PageDown starts playback at admission, then steps a day at a time.
    harness.key_press(Key::PageDown);
    harness.run();
    let (admission, plasma, end_of_stay) = {
        let open = active(&harness);
        (day(open, 2, 3), day(open, 2, 20), day(open, 3, 6))
    };
    assert_eq!(playback_time(&harness), admission);
    let mut checked_days = Vec::new();
    loop {
        let now = playback_time(&harness);
        let shown = drawn(&harness);
        for kind in OverlayKind::ALL {
            let pieces: Vec<&DrawnOverlay> =
                shown.iter().filter(|piece| piece.kind == kind).collect();
            // Every piece reached, none reaching past the sweep, and nothing faded.
            for piece in &pieces {
                assert!(
                    piece.start <= now + 1e-9 && piece.end <= now + 1e-9,
                    "{kind:?} drawn ahead of the sweep at {now}: {piece:?}"
                );
                assert_eq!(piece.look, Look::Plain);
            }
            // As many pieces as the full view has starting by now: one per item reached.
            let reached = everything
                .iter()
                .filter(|piece| piece.kind == kind && piece.start <= now + 1e-9)
                .count();
            assert_eq!(pieces.len(), reached, "{kind:?} at {now}");
            assert_eq!(
                !pieces.is_empty(),
                first[&kind] <= now + 1e-9,
                "{kind:?} at {now}: first at {}",
                first[&kind]
            );
        }
        checked_days.push(now);
        if now >= plasma - 1e-9 {
            break;
        }
        harness.key_press(Key::PageDown);
        harness.run();
    }
    // The stop on the first plasma dose holds the sweep there, asking.
    assert_eq!(playback_time(&harness), plasma);
    assert!(checked_days.len() >= 17, "{checked_days:?}");
    let at_plasma = drawn(&harness);
    let doses = |pieces: &[DrawnOverlay]| {
        pieces
            .iter()
            .filter(|piece| piece.kind == OverlayKind::InterventionDose)
            .filter(|piece| (piece.start - plasma).abs() < 1e-9)
            .count()
    };
    assert!(
        doses(&at_plasma) >= 1,
        "the first plasma dose is drawn on its day"
    );
    // A course that has started grows with the sweep: HFNC from admission ends at the sweep.
    assert!(
        at_plasma
            .iter()
            .any(|piece| piece.kind == OverlayKind::InterventionCourse
                && piece.start == admission
                && (piece.end - plasma).abs() < 1e-9),
        "HFNC drawn from admission up to the sweep"
    );

    // Fading: everything ahead of the sweep is drawn faded, every kind alike.
    harness.key_press(Key::Home);
    harness.run();
    active_mut(&mut harness)
        .views
        .trajectory
        .playback
        .as_mut()
        .expect("playing back")
        .fade_future = true;
    harness.run();
    let faded = drawn(&harness);
    for kind in OverlayKind::ALL {
        let later = everything
            .iter()
            .any(|piece| piece.kind == kind && piece.end > admission + 1e-9);
        let faded_pieces = faded
            .iter()
            .any(|piece| piece.kind == kind && piece.look == Look::Faded);
        assert_eq!(later, faded_pieces, "{kind:?} faded alike");
    }
    assert!(
        faded
            .iter()
            .filter(|piece| piece.look == Look::Faded)
            .all(|piece| piece.start >= admission - 1e-9)
    );

    // After playback, everything again.
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(drawn(&harness).len(), everything.len());
    let _ = end_of_stay;
}

#[test]
fn the_value_axes_hold_still_while_the_sweep_moves_and_never_go_below_zero() {
    let mut harness = harness_with_every_overlay();
    harness.key_press(Key::PageDown);
    harness.run();
    let first = active(&harness).views.trajectory.value_ranges().to_vec();
    assert!(first.len() >= 5, "one range per plot: {first:?}");
    // Every plotted quantity of the Peng case is non-negative: no axis below zero.
    assert!(first.iter().all(|(low, _)| *low >= 0.0), "{first:?}");
    for _ in 0..25 {
        // The stop on the plasma dose holds one PageDown; the next moves on past it.
        harness.key_press(Key::PageDown);
        harness.run();
        assert_eq!(
            active(&harness).views.trajectory.value_ranges(),
            first.as_slice(),
            "at {}",
            playback_time(&harness)
        );
    }
}

#[test]
fn the_presenter_keys_act_right_after_f5_and_the_hint_fades() {
    let mut harness = support::app_harness(Vec::new());
    harness.run();
    // A button with the keyboard focus would take Space for itself.
    harness.get_by_label("Fit all").click();
    harness.run();
    harness.key_press(Key::F5);
    harness.run();
    let admission = day(active(&harness), 2, 3);
    assert_eq!(playback_time(&harness), admission, "F5 starts at admission");
    harness.get_by_label_contains("Blank the screen");

    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(playback_time(&harness), admission + 1.0, "→ one day on");
    harness.key_press(Key::PageDown);
    harness.run();
    assert_eq!(
        playback_time(&harness),
        admission + 2.0,
        "PageDown one day on"
    );
    harness.key_press(Key::PageUp);
    harness.run();
    assert_eq!(
        playback_time(&harness),
        admission + 1.0,
        "PageUp one day back"
    );
    harness.key_press(Key::N);
    harness.run();
    let next_event = playback_time(&harness);
    assert!(next_event > admission + 1.0, "N to the next event");
    harness.key_press(Key::N);
    harness.run();
    assert!(
        playback_time(&harness) > next_event,
        "N again, the one after"
    );
    harness.key_press(Key::P);
    harness.run();
    assert_eq!(playback_time(&harness), next_event, "P an event back");
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(playback_time(&harness), admission, "Home to admission");
    harness.key_press(Key::Space);
    harness.run_steps(4);
    assert!(playback_time(&harness) > admission, "Space plays");

    // The hint of the keys fades after a few seconds (a step is a quarter of a second).
    harness.key_press(Key::Space);
    harness.run_steps(28);
    assert!(
        harness
            .query_by_label_contains("Blank the screen")
            .is_none(),
        "the hint has faded"
    );
    // The help lists the presenter's keys from the same table.
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label("Blank the screen (black); again, or any key, to return");
}

#[test]
fn b_blanks_the_screen_and_any_key_brings_the_class_back() {
    let mut harness = support::app_harness(Vec::new());
    harness.run();
    harness.key_press(Key::F5);
    harness.run();
    let blanked = |harness: &Harness<'_, CaseLensApp>| active(harness).views.trajectory.blanked;
    harness.key_press(Key::B);
    harness.run();
    assert!(blanked(&harness));
    harness.key_press(Key::B);
    harness.run();
    assert!(!blanked(&harness), "B again returns");
    let before = playback_time(&harness);
    harness.key_press(Key::B);
    harness.run();
    harness.key_press(Key::PageDown);
    harness.run();
    assert!(!blanked(&harness), "any key returns");
    assert_eq!(playback_time(&harness), before, "and does nothing else");
}

#[test]
fn a_blank_screen_is_black() {
    let Some(mut harness) = support::rendering_harness(Vec::new()) else {
        return;
    };
    harness.run();
    harness.key_press(Key::F5);
    harness.run();
    harness.key_press(Key::B);
    harness.run();
    let image = harness.render().expect("the frame renders");
    assert!(
        image.pixels().all(|pixel| pixel.0[..3] == [0, 0, 0]),
        "every pixel black"
    );
}

#[test]
fn a_stop_asks_what_happens_next_then_reveals_and_undoes() {
    let mut harness = support::app_harness(Vec::new());
    harness.run();
    harness.key_press(Key::PageDown);
    harness.run();
    let plasma = day(active(&harness), 2, 20);
    // The colour key names no treatment before the sweep reaches it.
    assert!(harness.query_by_label("■ Convalescent plasma").is_none());
    for _ in 0..17 {
        harness.key_press(Key::PageDown);
        harness.run();
    }
    assert_eq!(playback_time(&harness), plasma);
    harness.get_by_label("■ Convalescent plasma");
    harness.get_by_label("Add a stop here").click();
    harness.run();
    assert_eq!(
        active(&harness).document.case().teaching.stops,
        vec![TeachingStop {
            time: date(2, 20),
            question: caselens::app::trajectory::DEFAULT_QUESTION.to_owned(),
        }]
    );

    // From admission, playing: the sweep stops on the plasma day and asks.
    harness.key_press(Key::Home);
    harness.run();
    // Played frames are a quarter second apart, each at most a tenth of a day on.
    harness.key_press(Key::Space);
    for _ in 0..300 {
        harness.step();
    }
    harness.run();
    assert_eq!(playback_time(&harness), plasma, "stopped at the stop");
    harness.get_by_label("What happens next?");
    assert!(
        drawn(&harness)
            .iter()
            .all(|piece| piece.end <= plasma + 1e-9),
        "the next days are hidden"
    );

    // Enter: the teacher types the class's prediction, then Enter again.
    harness.key_press(Key::Enter);
    harness.run();
    harness.event(egui::Event::Text("IL-6 falls".to_owned()));
    harness.run();
    // A letter typed is a letter, not a key: N does not jump to the next event.
    harness.key_press(Key::N);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        active(&harness).views.trajectory.predictions.get(&0),
        Some(&"IL-6 falls".to_owned()),
        "the prediction is kept; N typed nothing as the field takes text events only"
    );
    // Typing did not step the stay.
    assert_eq!(playback_time(&harness), plasma);

    // And draws it on the first plot with the mouse: a drag draws, it does not pan.
    let plot = active(&harness).views.trajectory.plot_rects()[0];
    let visible_before = active(&harness).views.trajectory.visible_x_range;
    let from = egui::pos2(plot.center().x, plot.center().y);
    harness.hover_at(from);
    harness.drag_at(from);
    harness.run();
    for step in 1..=6 {
        harness.hover_at(from + egui::vec2(12.0 * step as f32, -6.0 * step as f32));
        harness.run();
    }
    harness.drop_at(from + egui::vec2(72.0, -36.0));
    harness.run();
    let strokes = &active(&harness).views.trajectory.prediction_strokes;
    let drawn_points: usize = strokes.values().flatten().map(Vec::len).sum();
    assert!(drawn_points >= 3, "a stroke is drawn: {strokes:?}");
    assert_eq!(
        active(&harness).views.trajectory.visible_x_range,
        visible_before,
        "the plot did not pan"
    );

    // Space reveals: the sweep moves on past the stop.
    harness.key_press(Key::Space);
    harness.run_steps(8);
    assert!(playback_time(&harness) > plasma);
    assert!(harness.query_by_label("What happens next?").is_none());
    assert!(
        !active(&harness)
            .views
            .trajectory
            .prediction_strokes
            .is_empty(),
        "the drawing stays to compare with what happened"
    );
    harness.key_press(Key::Escape);
    harness.run();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        active(&harness).document.case().teaching.stops.is_empty(),
        "undo removes the stop"
    );
}

#[test]
fn a_teaching_script_round_trips_through_the_case_file() {
    use caselens::io::{load_case, parse_case, save_case};
    let bundled = caselens::io::bundled::PENG_2020.text;
    let mut case = parse_case(bundled, "peng2020.ron").expect("loads").case;
    assert!(case.teaching.is_empty(), "old files load with no script");
    case.teaching.stops = vec![
        TeachingStop {
            time: date(2, 20),
            question: "First plasma dose today. What happens to IL-6?".to_owned(),
        },
        TeachingStop {
            time: date(2, 24),
            question: "MSCs today. And the lymphocytes?".to_owned(),
        },
    ];
    let folder = tempfile::tempdir().expect("temp folder");
    let path = folder.path().join("lecture.ron");
    save_case(&path, &case).expect("saves");
    let text = std::fs::read_to_string(&path).expect("readable");
    assert!(text.contains("teaching: ("), "{text}");
    let loaded = load_case(&path).expect("loads again").case;
    assert_eq!(loaded.teaching, case.teaching);
    assert_eq!(loaded, case);

    // A stop after discharge is refused, naming the field.
    case.teaching.stops[1].time = date(4, 1);
    let report = caselens::model::validate(&case);
    let error = report
        .findings
        .iter()
        .find(|finding| finding.severity == Severity::Error)
        .expect("an error");
    assert_eq!(error.path, "teaching.stops[1].time", "{error}");
    assert!(error.message.contains("after discharge"), "{error}");
}

#[test]
fn the_samples_table_stops_at_the_sweep() {
    // The table's summary line: "Last: 4.2 ×10⁹/L on 6 Mar 2020" (the case overview beside it
    // is a desk panel, hidden in presentation, and speaks of the whole stay).
    let last = |harness: &Harness<'_, CaseLensApp>| -> Vec<String> {
        harness
            .query_all_by_label_contains("Last: ")
            .map(|node| format!("{node:?}"))
            .collect()
    };
    let mut harness = support::app_harness(Vec::new());
    harness.run();
    assert!(
        last(&harness)
            .iter()
            .any(|text| text.contains("on 6 Mar 2020")),
        "{:?}",
        last(&harness)
    );
    harness.key_press(Key::PageDown);
    harness.run();
    harness.key_press(Key::PageDown);
    harness.run();
    let during = last(&harness);
    assert!(!during.is_empty());
    assert!(
        during.iter().all(|text| text.contains("on 4 Feb 2020")),
        "the last sample listed is the sweep's: {during:?}"
    );
}

#[test]
fn the_imaging_view_shows_no_study_nor_its_annotations_ahead_of_the_sweep() {
    let mut harness = support::app_harness(Vec::new());
    harness.run();
    let select_b4 = |harness: &mut Harness<'_, CaseLensApp>| {
        active_mut(harness).views.imaging.selected_milestone = Some("B4".to_owned());
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
        harness.run();
        let selected = active(harness).views.imaging.selected_milestone.clone();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
        harness.run();
        selected
    };
    assert_eq!(select_b4(&mut harness).as_deref(), Some("B4"));
    // Playback at admission: B4 (29 Feb) is ahead of the sweep, so it is not shown.
    harness.key_press(Key::PageDown);
    harness.run();
    assert_eq!(select_b4(&mut harness), None);
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(select_b4(&mut harness).as_deref(), Some("B4"));
}
