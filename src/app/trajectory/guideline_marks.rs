//! Guideline findings drawn on the timeline: the day the criteria for severe illness were
//! first met, the values that met them on the plots of their markers, and convalescent plasma
//! set against illness day 14. The findings panel beside the plots says the same in words;
//! drawn here, a class sees where on the stay each finding sits.

use egui::Color32;
use egui_plot::{LineStyle, MarkerShape, PlotPoint, PlotUi, Points, Text, VLine};

use crate::analysis::guidelines::{PLASMA_LATEST_USEFUL_ILLNESS_DAY, PlasmaWindow};
use crate::analysis::overlays::GuidelineMarks;
use crate::analysis::time_axis::describe_time;
use crate::model::{CaseTime, Timeline};

use super::reveal::{OverlayGate, OverlayKind, look_color};
use crate::app::theme::{IN_TIME_COLOR as PLASMA_IN_TIME_COLOR, SEVERE_COLOR};

const KIND: OverlayKind = OverlayKind::GuidelineMark;

/// Plasma after the advised window is drawn in the severe colour, like the limit itself.
const PLASMA_LIMIT_COLOR: Color32 = SEVERE_COLOR;

fn plasma_limit_text(timeline: &Timeline) -> String {
    let day = CaseTime::IllnessDay(PLASMA_LATEST_USEFUL_ILLNESS_DAY);
    format!(
        "End of illness day {PLASMA_LATEST_USEFUL_ILLNESS_DAY} ({}): convalescent plasma is advised within the first 14 days (guideline)",
        describe_time(timeline, day)
    )
}

fn plasma_color(window: PlasmaWindow) -> Color32 {
    match window {
        PlasmaWindow::AfterDay14 => PLASMA_LIMIT_COLOR,
        PlasmaWindow::FirstWeek | PlasmaWindow::ByDay14 => PLASMA_IN_TIME_COLOR,
    }
}

/// Draws the findings on the event strip (y from 0 to 1): the onset of severe illness, the
/// day-14 limit for plasma and each dose, coloured by whether it came in time. Each only
/// once the sweep reaches it (or faded), through the gate.
pub fn strip_guidelines_ui(plot_ui: &mut PlotUi<'_>, marks: &GuidelineMarks, gate: &OverlayGate) {
    if let Some((position, _)) = &marks.severe_onset
        && let Some(look) = gate.at(KIND, *position)
    {
        plot_ui.vline(
            VLine::new("Guideline: severe illness", *position)
                .color(look_color(look, SEVERE_COLOR))
                .width(1.5)
                .style(LineStyle::dashed_loose()),
        );
        plot_ui.text(
            Text::new(
                "Guideline: severe illness",
                PlotPoint::new(*position, 0.55),
                "severe",
            )
            .anchor(egui::Align2::LEFT_CENTER)
            .color(look_color(look, SEVERE_COLOR)),
        );
    }
    if let Some(limit) = marks.plasma_limit
        && let Some(look) = gate.at(KIND, limit)
    {
        plot_ui.vline(
            VLine::new("Guideline: plasma by illness day 14", limit)
                .color(look_color(look, PLASMA_LIMIT_COLOR))
                .width(1.0)
                .style(LineStyle::dotted_loose()),
        );
        plot_ui.text(
            Text::new(
                "Guideline: plasma by illness day 14",
                PlotPoint::new(limit, 0.55),
                "day 14",
            )
            .anchor(egui::Align2::RIGHT_CENTER)
            .color(look_color(look, PLASMA_LIMIT_COLOR)),
        );
    }
    for dose in &marks.plasma_doses {
        let Some(look) = gate.at(KIND, dose.position) else {
            continue;
        };
        plot_ui.points(
            Points::new("Guideline: plasma timing", vec![[dose.position, 0.55]])
                .shape(MarkerShape::Up)
                .radius(4.5)
                .color(look_color(look, plasma_color(dose.window))),
        );
    }
}

/// Rings the values of `markers` that met a criterion for severe illness, and marks the
/// onset of severe illness across the plot.
pub fn panel_guidelines_ui(
    plot_ui: &mut PlotUi<'_>,
    marks: &GuidelineMarks,
    markers: &[String],
    transform_value: &dyn Fn(f64) -> f64,
    gate: &OverlayGate,
) {
    if let Some((position, _)) = &marks.severe_onset
        && let Some(look) = gate.at(KIND, *position)
    {
        plot_ui.vline(
            VLine::new("Guideline: severe illness", *position)
                .color(look_color(look, SEVERE_COLOR.gamma_multiply(0.6)))
                .width(1.0)
                .style(LineStyle::dashed_loose()),
        );
    }
    for met in marks
        .met_values
        .iter()
        .filter(|met| markers.contains(&met.marker))
    {
        let point = [met.position, transform_value(met.value)];
        if !point[1].is_finite() {
            continue;
        }
        let Some(look) = gate.at(KIND, met.position) else {
            continue;
        };
        plot_ui.points(
            Points::new("Guideline: severe criterion met", vec![point])
                .shape(MarkerShape::Circle)
                .filled(false)
                .radius(7.0)
                .color(look_color(look, SEVERE_COLOR)),
        );
    }
}

/// What the findings under the pointer say, for the hover text of a plot showing `markers`
/// (`None` for the event strip).
pub fn hover_texts(
    marks: &GuidelineMarks,
    timeline: &Timeline,
    markers: Option<&[String]>,
    pointer_x: f64,
    pixels_per_day: f64,
) -> Vec<String> {
    let near = |position: f64| (position - pointer_x).abs() * pixels_per_day < 5.0;
    let mut texts = Vec::new();
    if let Some((position, text)) = &marks.severe_onset
        && near(*position)
    {
        texts.push(text.clone());
    }
    match markers {
        Some(markers) => texts.extend(
            marks
                .met_values
                .iter()
                .filter(|met| markers.contains(&met.marker) && near(met.position))
                .map(|met| met.description.clone()),
        ),
        None => {
            if let Some(limit) = marks.plasma_limit
                && near(limit)
            {
                texts.push(plasma_limit_text(timeline));
            }
            texts.extend(
                marks
                    .plasma_doses
                    .iter()
                    .filter(|dose| near(dose.position))
                    .map(|dose| dose.description.clone()),
            );
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::guidelines::check_guidelines;
    use crate::analysis::overlays::guideline_marks;
    use crate::io::bundled::{LIANG_2020, PENG_2020};
    use crate::io::parse_case;
    use crate::model::InterventionKind;
    use crate::model::{Case, DayPosition};

    fn marks_of(text: &str) -> (GuidelineMarks, Case, Timeline) {
        let case = parse_case(text, "case.ron")
            .expect("bundled case loads")
            .case;
        let timeline = Timeline::for_case(&case);
        (
            guideline_marks(&check_guidelines(&case), &case, &timeline),
            case,
            timeline,
        )
    }

    fn position(timeline: &Timeline, date: &str) -> DayPosition {
        let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
        timeline.position(CaseTime::Date(date)).expect("placed")
    }

    #[test]
    fn severe_illness_is_marked_on_admission_with_the_values_that_met_it() {
        let (marks, _, timeline) = marks_of(PENG_2020.text);
        let (onset, text) = marks.severe_onset.expect("severe criteria met");
        assert_eq!(onset.floor(), position(&timeline, "2020-02-03"));
        assert!(text.contains("33"), "{text}");
        assert!(text.contains("243"), "{text}");
        let admission_rr = marks
            .met_values
            .iter()
            .find(|met| met.marker == "respiratory_rate" && met.value == 33.0)
            .expect("RR 33 ringed");
        assert_eq!(admission_rr.position.floor(), onset.floor());
        // Only the values of that first day are ringed.
        assert!(
            marks
                .met_values
                .iter()
                .all(|met| met.position.floor() == onset.floor())
        );
        assert!(marks.met_values.len() >= 3, "{:?}", marks.met_values);
    }

    #[test]
    fn plasma_is_set_against_the_end_of_illness_day_14() {
        let (marks, _, timeline) = marks_of(PENG_2020.text);
        // Onset 25 Jan is illness day 1, so day 14 ends at the start of 8 Feb.
        assert_eq!(marks.plasma_limit, Some(position(&timeline, "2020-02-08")));
        let doses: Vec<DayPosition> = marks
            .plasma_doses
            .iter()
            .map(|dose| dose.position)
            .collect();
        assert_eq!(
            doses,
            vec![
                position(&timeline, "2020-02-20"),
                position(&timeline, "2020-02-21")
            ]
        );
        assert!(
            marks
                .plasma_doses
                .iter()
                .all(|dose| dose.window == PlasmaWindow::AfterDay14)
        );
        let hover = hover_texts(&marks, &timeline, None, doses[0], 10.0);
        assert!(
            hover.iter().any(|text| text.contains("illness day 27")),
            "{hover:?}"
        );
    }

    #[test]
    fn a_case_without_plasma_draws_no_plasma_limit() {
        let (marks, case, _) = marks_of(LIANG_2020.text);
        let has_plasma = case
            .interventions
            .iter()
            .any(|intervention| intervention.kind == InterventionKind::ConvalescentPlasma);
        assert!(!has_plasma);
        assert_eq!(marks.plasma_limit, None);
        assert!(marks.plasma_doses.is_empty());
    }

    #[test]
    fn hover_names_a_ringed_value_only_on_its_own_marker_plot() {
        let (marks, _, timeline) = marks_of(PENG_2020.text);
        let admission = position(&timeline, "2020-02-03");
        let rr = vec!["respiratory_rate".to_owned()];
        let temperature = vec!["temperature".to_owned()];
        let on_rr = hover_texts(&marks, &timeline, Some(&rr), admission, 10.0);
        assert!(
            on_rr
                .iter()
                .any(|text| text.contains("respiratory rate > 30/min")),
            "{on_rr:?}"
        );
        let on_temperature = hover_texts(&marks, &timeline, Some(&temperature), admission, 10.0);
        assert!(
            on_temperature
                .iter()
                .all(|text| !text.contains("Severe illness criterion met")),
            "{on_temperature:?}"
        );
    }
}
