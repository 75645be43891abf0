//! Cohort bands on a trajectory plot: median and interquartile range of survivors and
//! non-survivors by hospital day, from the bundled reference cohort (Tongji, Yan et al. 2020).
//!
//! Off by default; toggled per plot by the checkbox beside the plot's title, or for every
//! plot at once. Bands are drawn only when the case has a dated admission to align on and the
//! series' unit is the cohort's or converts to it exactly (the conversion is named on hover).
//! Hovering a day names the patients behind each band; days with too few patients are not
//! drawn, and hover says so.

use std::collections::HashMap;

use egui::{Color32, RichText};
use egui_plot::{Line, PlotPoints, PlotUi, Polygon};

use super::reveal::{OverlayGate, OverlayKind, look_color};
use crate::analysis::cohort::bands::{AnalyteBands, DayBand, MIN_PATIENTS_PER_DAY, match_analyte};
use crate::analysis::format::computed;
use crate::analysis::overlays::Look;
use crate::app::cohort_reference;
use crate::app::theme::{NON_SURVIVOR_COLOR, SURVIVOR_COLOR};
use crate::model::{CohortOutcome, Series, Timeline};

/// Which plots show bands: part of the trajectory view's state, one per open case.
#[derive(Clone, Debug, Default)]
pub(super) struct BandToggles {
    /// The setting for plots not toggled one by one.
    all: bool,
    /// Plots toggled one by one, by marker id.
    per_marker: HashMap<String, bool>,
}

impl BandToggles {
    fn shown(&self, marker: &str) -> bool {
        self.per_marker.get(marker).copied().unwrap_or(self.all)
    }
}

/// What a plot draws: the bands placed on the case's axis, in the series' unit.
pub struct CohortOverlay {
    name: &'static str,
    attribution: &'static str,
    /// Position of hospital day 1's start.
    admission: f64,
    factor: f64,
    converted_from: Option<String>,
    unit: String,
    bands: &'static AnalyteBands,
}

/// Whether the bundled cohort has this marker in a usable unit, and the overlay when it is
/// switched on. Shows the plot's checkbox (and the switch for all plots) when it applies.
pub fn toggle_ui(
    ui: &mut egui::Ui,
    series: &Series,
    timeline: &Timeline,
    toggles: &mut BandToggles,
) -> Option<CohortOverlay> {
    // Loaded once, on a worker thread: until then the plot has no checkbox.
    let reference = cohort_reference::loaded(ui.ctx())?;
    let unit = series.unit()?;
    let found = match_analyte(&reference.cohort, &series.marker, unit)?;
    let bands = reference.bands.get(found.analyte)?;
    let mut shown = toggles.shown(&series.marker);
    let Some(admission) = timeline.admission() else {
        ui.add_enabled(false, egui::Checkbox::new(&mut shown, "cohort"))
            .on_disabled_hover_text("The case has no admission to align the cohort on");
        return None;
    };
    let tooltip = format!(
        "Median and interquartile range of survivors and non-survivors by hospital day: {}. {}",
        reference.cohort.name, reference.cohort.attribution
    );
    if ui
        .checkbox(&mut shown, "cohort")
        .on_hover_text(tooltip)
        .changed()
    {
        toggles.per_marker.insert(series.marker.clone(), shown);
    }
    let all_label = if toggles.all { "none" } else { "all" };
    if ui
        .small_button(all_label)
        .on_hover_text("Cohort bands on every plot, or on none")
        .clicked()
    {
        toggles.all = !toggles.all;
        toggles.per_marker.clear();
        shown = toggles.all;
    }
    if shown {
        // Said beside the plot, not only on hover: whose patients the bands are.
        let (survived, died) = reference.outcome_counts;
        ui.label(
            RichText::new(format!(
                "bands: {}, {survived} survivors, {died} non-survivors",
                reference.cohort.name
            ))
            .small()
            .weak(),
        )
        .on_hover_text(&reference.cohort.attribution);
    }
    shown.then(|| CohortOverlay {
        name: &reference.cohort.name,
        attribution: &reference.cohort.attribution,
        admission,
        factor: found.factor,
        converted_from: found.converted_from,
        unit: unit.to_owned(),
        bands,
    })
}

fn outcome_style(outcome: CohortOutcome) -> (Color32, &'static str) {
    match outcome {
        CohortOutcome::Survived => (SURVIVOR_COLOR, "Survivors"),
        CohortOutcome::Died => (NON_SURVIVOR_COLOR, "Non-survivors"),
    }
}

impl CohortOverlay {
    fn day_span(&self, day: &DayBand) -> (f64, f64) {
        let start = self.admission + f64::from(day.hospital_day) - 1.0;
        (start, start + 1.0)
    }

    /// The legend entry of one outcome.
    fn legend(&self, outcome: CohortOutcome) -> String {
        format!("{}: median, IQR ({})", outcome_style(outcome).1, self.name)
    }
}

/// Draws the bands behind the case's own values, each day once the sweep reaches it (or
/// faded), through the gate like every other overlay.
pub fn draw_bands(
    plot_ui: &mut PlotUi<'_>,
    overlay: &CohortOverlay,
    transform: &dyn Fn(f64) -> f64,
    gate: &OverlayGate,
) {
    for outcome in CohortOutcome::BOTH {
        let (color, _) = outcome_style(outcome);
        let name = overlay.legend(outcome);
        // Runs of the median line, each in one look; broken at missing days.
        let mut run: Vec<[f64; 2]> = Vec::new();
        let mut run_look = Look::Plain;
        let mut previous_day = None;
        let days = overlay.bands.for_outcome(outcome);
        for day in days.iter().filter(|day| day.drawn) {
            let (start, end) = overlay.day_span(day);
            let low = transform(day.lower_quartile * overlay.factor);
            let high = transform(day.upper_quartile * overlay.factor);
            let median = transform(day.median * overlay.factor);
            if !(low.is_finite() && high.is_finite() && median.is_finite()) {
                continue;
            }
            let pieces = gate.pieces(OverlayKind::CohortBand, start, Some(end));
            for piece in &pieces {
                plot_ui.polygon(
                    Polygon::new(
                        name.clone(),
                        PlotPoints::new(vec![
                            [piece.start, low],
                            [piece.end, low],
                            [piece.end, high],
                            [piece.start, high],
                        ]),
                    )
                    .fill_color(look_color(piece.look, color.gamma_multiply(0.18)))
                    .stroke(egui::Stroke::NONE),
                );
            }
            // The median of a day sits at its middle: shown once the sweep is past it.
            let middle = (start + end) / 2.0;
            let look = pieces
                .iter()
                .find(|piece| piece.start <= middle && middle <= piece.end)
                .map(|piece| piece.look);
            let gap = previous_day.is_some_and(|previous| previous + 1 != day.hospital_day);
            if gap || look != Some(run_look) {
                // A faded run starts where the plain one ends, so the line stays whole.
                let joint = (!gap && look.is_some())
                    .then(|| run.last().copied())
                    .flatten();
                flush(plot_ui, &name, look_color(run_look, color), &mut run);
                run.extend(joint);
            }
            if let Some(look) = look {
                run_look = look;
                run.push([middle, median]);
            }
            previous_day = Some(day.hospital_day);
        }
        flush(plot_ui, &name, look_color(run_look, color), &mut run);
    }
}

fn flush(plot_ui: &mut PlotUi<'_>, name: &str, color: Color32, run: &mut Vec<[f64; 2]>) {
    if run.is_empty() {
        return;
    }
    let points = std::mem::take(run);
    plot_ui.line(
        Line::new(name.to_owned(), PlotPoints::new(points))
            .color(color.gamma_multiply(0.8))
            .width(1.5)
            .style(egui_plot::LineStyle::dashed_loose()),
    );
}

/// What hover says about the day under the pointer: one line per outcome.
pub fn hover_lines(overlay: &CohortOverlay, pointer_x: f64) -> Vec<String> {
    let hospital_day = (pointer_x - overlay.admission).floor() as i64 + 1;
    let mut lines = vec![format!("{} · hospital day {hospital_day}", overlay.name)];
    for outcome in CohortOutcome::BOTH {
        let (_, label) = outcome_style(outcome);
        let day = overlay
            .bands
            .for_outcome(outcome)
            .iter()
            .find(|day| i64::from(day.hospital_day) == hospital_day);
        lines.push(match day {
            None => format!("{label}: no patient sampled that day"),
            Some(day) if !day.drawn => format!(
                "{label}: {} patient{} only, fewer than {MIN_PATIENTS_PER_DAY}: not drawn",
                day.patients,
                if day.patients == 1 { "" } else { "s" }
            ),
            Some(day) => format!(
                "{label}: median {} (IQR {}–{}) {}, {} patients",
                computed(day.median * overlay.factor),
                computed(day.lower_quartile * overlay.factor),
                computed(day.upper_quartile * overlay.factor),
                overlay.unit,
                day.patients
            ),
        });
    }
    if let Some(from) = &overlay.converted_from {
        lines.push(format!(
            "Cohort values converted exactly from {from} (×{})",
            overlay.factor
        ));
    }
    lines.push(overlay.attribution.to_owned());
    lines
}

/// Shows the hover lines beside the pointer.
pub fn hover_ui(response: &egui::Response, overlay: &CohortOverlay, pointer_x: f64) {
    let lines = hover_lines(overlay, pointer_x);
    response.clone().on_hover_ui_at_pointer(|ui| {
        for line in lines {
            ui.label(line);
        }
    });
}
