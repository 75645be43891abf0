//! The trajectory view, driven as a reviewer drives it: hover, click, switch the axis,
//! hide interventions, choose markers, pin notes, undo.

use crate::support;

use egui::{Key, Modifiers, Pos2};
use egui_kittest::kittest::Queryable;
use support::app_harness;

use caselens::app::CaseLensApp;
use caselens::app::state::OpenCase;
use egui_kittest::Harness;

fn active<'h>(harness: &'h Harness<'_, CaseLensApp>) -> &'h OpenCase {
    harness
        .state()
        .workspace
        .active_case()
        .expect("the reference case is open")
}

/// The value a reviewer expects for `marker` at `position`: the last sample at or before it.
fn expected_value(open: &OpenCase, marker: &str, position: f64) -> Option<f64> {
    let series = open
        .document
        .case()
        .series
        .iter()
        .find(|series| series.marker == marker)?;
    series
        .samples
        .iter()
        .rev()
        .filter_map(|sample| {
            Some((
                open.document.timeline().position(sample.time).ok()?,
                sample.value,
            ))
        })
        .find(|(sample_position, _)| *sample_position <= position)
        .map(|(_, value)| value)
}

/// Whether the readout shows `value` as the case file states it, with its unit.
fn readout_shows(harness: &Harness<'_, CaseLensApp>, value: f64, unit: &str) -> bool {
    let text = format!("{value} {unit}");
    harness.query_all_by_label_contains(&text).next().is_some()
}

#[test]
fn hovering_one_plot_moves_the_readout_of_every_marker() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    let plots = active(&harness).views.trajectory.plot_rects().to_vec();
    assert!(
        plots.len() >= 3,
        "the reference case shows its markers as stacked plots"
    );
    let first_plot = plots[0];

    for fraction in [0.3_f32, 0.7] {
        let pointer = Pos2::new(
            first_plot.left() + first_plot.width() * fraction,
            first_plot.center().y,
        );
        harness.hover_at(pointer);
        harness.run();
        let open = active(&harness);
        let hover_time = open
            .views
            .trajectory
            .hover_time
            .expect("the pointer is over a plot");
        for (marker, unit) in [
            ("neutrophils", "×10⁹/L"),
            ("lymphocytes", "×10⁹/L"),
            ("crp", "mg/L"),
            ("pf_ratio", "mmHg"),
        ] {
            let value = expected_value(open, marker, hover_time)
                .unwrap_or_else(|| panic!("{marker} has a sample before the hovered time"));
            assert!(
                readout_shows(&harness, value, unit),
                "the readout shows {marker} = {value} {unit} at the hovered time {hover_time}"
            );
        }
    }
}

#[test]
fn switching_to_illness_days_relabels_third_of_february_as_day_ten() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    // Place the cursor on the first sample (3 Feb) from the samples table.
    harness
        .get_all_by_label("3 Feb 2020")
        .next()
        .expect("first sample row")
        .click();
    harness.run();
    harness.get_by_label("At 3 Feb 2020");

    harness.get_by_label("Illness day").click();
    harness.run();
    harness.get_by_label("At illness day 10");
    assert!(harness.query_by_label("At 3 Feb 2020").is_none());

    harness.get_by_label("Hospital day").click();
    harness.run();
    harness.get_by_label("At hospital day 1");
}

#[test]
fn hiding_convalescent_plasma_removes_it_from_the_plots_and_the_key() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    harness.get_by_label("■ Convalescent plasma");
    let plasma_marks = |harness: &Harness<'_, CaseLensApp>| {
        let open = active(harness);
        caselens::app::trajectory::visible_marks(&open.document, &open.views.trajectory)
            .iter()
            .filter(|mark| mark.kind == caselens::model::InterventionKind::ConvalescentPlasma)
            .count()
    };
    assert_eq!(plasma_marks(&harness), 2, "two plasma infusions are drawn");

    harness.get_by_label("Interventions").click();
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::CheckBox, "■ Convalescent plasma")
        .click();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(plasma_marks(&harness), 0);
    assert!(
        harness.query_by_label("■ Convalescent plasma").is_none(),
        "gone from the colour key"
    );
    harness.get_by_label("■ Cell therapy");
}

#[test]
fn cursors_a_and_b_show_difference_and_ratio() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    // Step to the first sample, place A; step four samples on, place B.
    harness.key_press(Key::ArrowRight);
    harness.run();
    harness.key_press(Key::A);
    harness.run();
    for _ in 0..4 {
        harness.key_press(Key::ArrowRight);
        harness.run();
    }
    harness.key_press(Key::B);
    harness.run();
    harness.get_by_label("B − A");
    harness.get_by_label("B / A");
    let open = active(&harness);
    let state = &open.views.trajectory;
    let (a, b) = (
        state.cursor_a.expect("A placed"),
        state.cursor_b.expect("B placed"),
    );
    assert_eq!(b - a, 4.0, "daily samples: four steps are four days");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(active(&harness).views.trajectory.cursor_a.is_none());
}

#[test]
fn hiding_a_marker_is_saved_with_the_case_and_undoable() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    harness.get_by_label("CRP (mg/L)");
    harness.get_by_label("Markers…").click();
    harness.run();
    // The Hide button on the CRP row of the Markers window.
    let crp_rows: Vec<f32> = harness
        .get_all_by_label("CRP")
        .map(|label| label.rect().center().y)
        .collect();
    let hide_crp = harness
        .get_all_by_label("Hide")
        .find(|button| {
            crp_rows
                .iter()
                .any(|y| (button.rect().center().y - y).abs() < 4.0)
        })
        .expect("a Hide button on the CRP row");
    hide_crp.click();
    harness.run();
    assert!(
        harness.query_by_label("CRP (mg/L)").is_none(),
        "the CRP plot is gone"
    );
    let layout = active(&harness)
        .document
        .case()
        .view
        .clone()
        .expect("the layout is saved in the case");
    assert!(
        layout
            .panels
            .iter()
            .all(|panel| !panel.markers.contains(&"crp".to_owned()))
    );
    assert!(active(&harness).document.has_unsaved_changes());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.get_by_label("CRP (mg/L)");
    assert!(!active(&harness).document.has_unsaved_changes());
}

#[test]
fn a_note_pinned_to_a_sample_is_saved_in_the_case_and_undone() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    let notes_before = active(&harness).document.case().notes.len();
    let plot = active(&harness).views.trajectory.plot_rects()[0];
    let pointer = plot.center();
    harness.hover_at(pointer);
    harness.run();
    harness.event(egui::Event::PointerButton {
        pos: pointer,
        button: egui::PointerButton::Secondary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: pointer,
        button: egui::PointerButton::Secondary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    harness.get_by_label("Add note here…").click();
    harness.run();
    let editor = harness.get_by_role(egui::accesskit::Role::MultilineTextInput);
    editor.focus();
    editor.type_text("second storm begins");
    harness.run();
    harness.get_by_label("Save note").click();
    harness.run();
    let open = active(&harness);
    assert_eq!(open.document.case().notes.len(), notes_before + 1);
    let note = open.document.case().notes.last().expect("the new note");
    assert_eq!(note.text, "second storm begins");
    assert!(
        matches!(&note.target, caselens::model::NoteTarget::Sample { marker, .. } if marker == "neutrophils")
    );
    harness.get_by_label_contains("second storm begins");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(active(&harness).document.case().notes.len(), notes_before);
}

#[test]
fn scored_ct_studies_appear_as_a_severity_series_on_the_time_axis() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Imaging severity score")
            .is_none(),
        "the paper gives no scores, so none is drawn"
    );
    let open = harness
        .state_mut()
        .workspace
        .active_case_mut()
        .expect("open");
    open.document
        .edit("Score B1 and B2", |case| {
            for (label, extent) in [("B1", 3), ("B2", 4)] {
                if let Some(milestone) = case
                    .milestones
                    .iter_mut()
                    .find(|milestone| milestone.label == label)
                {
                    milestone.severity = Some(caselens::model::SeverityScore::CtLobes {
                        right_upper: extent,
                        right_middle: extent,
                        right_lower: extent,
                        left_upper: extent,
                        left_lower: extent,
                    });
                }
            }
        })
        .expect("valid scores");
    harness.run();
    harness.get_by_label_contains("Imaging severity score");
    let points =
        caselens::analysis::imaging_scores::severity_points(active(&harness).document.case());
    assert_eq!(
        points.iter().map(|point| point.score).collect::<Vec<_>>(),
        vec![15.0, 20.0]
    );
}

#[test]
fn plots_are_stacked_one_above_the_other_at_full_width() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    let rects = active(&harness).views.trajectory.plot_rects().to_vec();
    assert!(rects.len() >= 3);
    for pair in rects.windows(2) {
        assert!(
            pair[1].top() >= pair[0].bottom(),
            "plots stack vertically: {pair:?}"
        );
        assert!(
            (pair[1].left() - pair[0].left()).abs() < 1.0,
            "plots share one time axis: {pair:?}"
        );
    }
    assert!(
        rects[0].width() > 400.0,
        "a plot takes the width beside the readout: {:?}",
        rects[0]
    );
}

fn right_click(harness: &mut Harness<'_, CaseLensApp>, pointer: Pos2) {
    harness.hover_at(pointer);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: pointer,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
}

#[test]
fn an_episode_is_marked_from_a_plot_start_then_end_and_undone() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    let episodes_before = active(&harness).document.case().episodes.clone();
    let plot = active(&harness).views.trajectory.plot_rects()[0];
    let at = |fraction: f32| Pos2::new(plot.left() + plot.width() * fraction, plot.center().y);

    right_click(&mut harness, at(0.6));
    harness.get_by_label("Start an episode here").click();
    harness.run();
    let start = active(&harness).views.trajectory.episodes.pending_start;
    assert!(start.is_some(), "the start waits for its end");

    right_click(&mut harness, at(0.4));
    harness.get_by_label("End the episode here").click();
    harness.run();
    let open = active(&harness);
    assert_eq!(
        open.document.case().episodes.len(),
        episodes_before.len() + 1
    );
    let episode = open
        .document
        .case()
        .episodes
        .last()
        .expect("the new episode");
    let first = open
        .document
        .timeline()
        .position(episode.span.start)
        .expect("placed");
    let last = open
        .document
        .timeline()
        .position(episode.span.end)
        .expect("placed");
    assert!(first < last, "marked right to left, stored in order");
    assert_eq!(
        first,
        open.document
            .timeline()
            .position(episode.span.start)
            .expect("placed")
            .floor()
    );
    assert_eq!(open.views.trajectory.episodes.pending_start, None);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(active(&harness).document.case().episodes, episodes_before);
}

#[test]
fn the_studies_beside_the_plots_select_on_both_sides_and_open_in_the_imaging_view() {
    let mut harness = app_harness(Vec::new());
    harness.run();
    harness.get_by_label("Imaging studies").scroll_to_me();
    harness.run();
    let b3 = harness
        .get_all_by_label_contains("B3 · ")
        .next()
        .expect("B3 is listed beside the plots");
    b3.scroll_to_me();
    harness.run();
    harness
        .get_all_by_label_contains("B3 · ")
        .next()
        .expect("B3 row")
        .click_accesskit();
    harness.run();
    let open = active(&harness);
    assert_eq!(
        open.views.imaging.selected_milestone.as_deref(),
        Some("B3"),
        "selected in the imaging view too"
    );
    let b3_time = open
        .document
        .case()
        .milestones
        .iter()
        .find(|milestone| milestone.label == "B3")
        .and_then(|milestone| milestone.time)
        .expect("B3 is dated");
    assert_eq!(
        open.views.trajectory.time_cursor,
        open.document.timeline().position(b3_time).ok(),
        "the time cursor moves to the study"
    );

    // Dated studies come first, in time order: the first "Open" is B1's.
    harness
        .get_all_by_label("Open")
        .next()
        .expect("an Open button")
        .click_accesskit();
    harness.run();
    let open = active(&harness);
    assert_eq!(open.views.imaging.selected_milestone.as_deref(), Some("B1"));
    assert_eq!(
        open.views.main_view,
        caselens::app::views::MainView::Imaging
    );
}

#[test]
fn the_samples_table_says_where_the_reference_interval_comes_from() {
    let mut harness = support::app_harness(Vec::new());
    harness.run();
    // Neutrophils, shown first: one adult interval for both sexes, and its source.
    harness
        .get_all_by_label_contains("Reference: 1.8–6.3 ×10⁹/L (shared/domain/markers.md")
        .next()
        .expect("the interval with its source");
}
