//! Reference-cohort bands in the trajectory figure: survivors' and non-survivors' median
//! (dashed) and interquartile range (shaded) by hospital day, aligned on the case's
//! admission, behind the case's own values, as the trajectory view draws them on screen.
//!
//! A panel gets bands only when the cohort has its marker in the series' unit or one that
//! converts into it exactly; the legend's note says which panels have none and why, names
//! the cohort with its patient counts and gives its attribution.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::super::style::{self, Scale};
use super::super::{FigureError, draw_error};
use super::Area;
use super::draw::Layout;
use crate::analysis::cohort::bands::{DayBand, MIN_PATIENTS_PER_DAY, analyte_bands, match_analyte};
use crate::model::{Cohort, CohortOutcome, Series, Timeline};

/// One panel's bands, values already in the panel's unit; only the days that are drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelBands {
    pub survived: Vec<DayBand>,
    pub died: Vec<DayBand>,
    /// Case position of the admission the bands are aligned on.
    pub admission: f64,
    /// The cohort's unit when its values were converted exactly into the panel's.
    pub converted_from: Option<String>,
}

impl PanelBands {
    fn days(&self, outcome: CohortOutcome) -> &[DayBand] {
        match outcome {
            CohortOutcome::Survived => &self.survived,
            CohortOutcome::Died => &self.died,
        }
    }

    /// Where hospital day `day` lies on the case axis. A case admitted on a date without a
    /// time has its values at each day's start, and the figure centres a day on its start;
    /// a timed admission starts hospital day 1 at that time, as the cohort counts it.
    fn day_span(&self, day: i32) -> (f64, f64) {
        let start = self.admission + f64::from(day) - 1.0;
        if self.admission.fract() == 0.0 {
            (start - 0.5, start + 0.5)
        } else {
            (start, start + 1.0)
        }
    }
}

/// What the legend says about the cohort.
#[derive(Clone, Debug, PartialEq)]
pub struct CohortNote {
    pub name: String,
    pub attribution: String,
    pub survived: usize,
    pub died: usize,
    /// The case has a dated admission to align the cohort on.
    pub aligned: bool,
    /// Panels without bands (the cohort lacks the marker in a convertible unit).
    pub without_band: Vec<String>,
    /// `hs-CRP: cohort values converted exactly from mg/L`.
    pub conversions: Vec<String>,
}

/// The bands of one series, or `None` when the cohort has no analyte to set it against or
/// the case no admission to align on.
pub fn panel_bands(cohort: &Cohort, series: &Series, timeline: &Timeline) -> Option<PanelBands> {
    let admission = timeline.admission()?;
    let unit = series.unit()?;
    let found = match_analyte(cohort, &series.marker, unit)?;
    let bands = analyte_bands(cohort, found.analyte, MIN_PATIENTS_PER_DAY);
    let in_unit = |days: &[DayBand]| -> Vec<DayBand> {
        days.iter()
            .filter(|day| day.drawn)
            .map(|day| DayBand {
                lower_quartile: day.lower_quartile * found.factor,
                median: day.median * found.factor,
                upper_quartile: day.upper_quartile * found.factor,
                ..*day
            })
            .collect()
    };
    Some(PanelBands {
        survived: in_unit(&bands.survived),
        died: in_unit(&bands.died),
        admission,
        converted_from: found.converted_from,
    })
}

/// The legend's words for the cohort, from the panels' bands.
pub fn cohort_note(cohort: &Cohort, timeline: &Timeline, panels: &[super::Panel]) -> CohortNote {
    let (survived, died) = cohort.outcome_counts();
    CohortNote {
        name: cohort.name.clone(),
        attribution: cohort.attribution.clone(),
        survived,
        died,
        aligned: timeline.admission().is_some(),
        without_band: panels
            .iter()
            .filter(|panel| panel.bands.is_none())
            .map(|panel| panel.name.clone())
            .collect(),
        conversions: panels
            .iter()
            .filter_map(|panel| {
                let from = panel.bands.as_ref()?.converted_from.as_ref()?;
                Some(format!(
                    "{}: cohort values converted exactly from {from}",
                    panel.name
                ))
            })
            .collect(),
    }
}

/// The colour of an outcome's median line, and its band's fill.
pub fn outcome_colors(outcome: CohortOutcome) -> (RGBColor, RGBAColor) {
    let line = match outcome {
        CohortOutcome::Survived => style::plotters_color(crate::palette::SURVIVORS),
        CohortOutcome::Died => style::plotters_color(crate::palette::NON_SURVIVORS),
    };
    (line, line.mix(0.22))
}

/// Draws a panel's bands between `top` and `bottom`; `y` maps a value to a pixel row.
pub fn draw_bands<DB: DrawingBackend>(
    root: &Area<DB>,
    bands: &PanelBands,
    layout: &Layout,
    range: (f64, f64),
    (top, bottom): (i32, i32),
    y: &dyn Fn(f64) -> i32,
) -> Result<(), FigureError> {
    let scale: Scale = layout.scale;
    let row = |value: f64| y(value).clamp(top, bottom);
    for outcome in CohortOutcome::BOTH {
        let (line_color, fill) = outcome_colors(outcome);
        let mut runs: Vec<Vec<(i32, i32)>> = Vec::new();
        let mut previous_day = None;
        for day in bands.days(outcome) {
            let (start, end) = bands.day_span(day.hospital_day);
            if end <= range.0 || start >= range.1 {
                previous_day = None;
                continue;
            }
            let (left, right) = (
                layout.x(range, start.max(range.0)),
                layout.x(range, end.min(range.1)),
            );
            root.draw(&Rectangle::new(
                [
                    (left, row(day.upper_quartile)),
                    (right, row(day.lower_quartile)),
                ],
                fill.filled(),
            ))
            .map_err(draw_error)?;
            // A median beyond the panel's value range is not drawn along its edge, where it
            // would read as a value; the shaded band reaching the edge says "beyond".
            let median_row = y(day.median);
            if !(top..=bottom).contains(&median_row) {
                previous_day = None;
                continue;
            }
            let middle = (layout.x(range, (start + end) / 2.0), median_row);
            match runs.last_mut() {
                Some(run) if previous_day == Some(day.hospital_day - 1) => run.push(middle),
                _ => runs.push(vec![middle]),
            }
            previous_day = Some(day.hospital_day);
        }
        for run in runs.into_iter().filter(|run| run.len() > 1) {
            root.draw(&DashedPathElement::new(
                run,
                scale.px(2.5),
                scale.px(1.5),
                ShapeStyle::from(&line_color).stroke_width(scale.stroke(0.7)),
            ))
            .map_err(draw_error)?;
        }
    }
    Ok(())
}

/// The sentences of the legend's note about the cohort.
pub fn note_sentences(note: &CohortNote) -> Vec<String> {
    let mut sentences = vec![format!(
        "Bands: {}, {} patients ({} survived, {} died): median (dashed) and interquartile range \
         (shaded) by hospital day from this case's admission; days with fewer than \
         {MIN_PATIENTS_PER_DAY} patients are not drawn.",
        note.name,
        note.survived + note.died,
        note.survived,
        note.died
    )];
    if !note.aligned {
        sentences.push(
            "No band is drawn: the case has no dated admission to align the cohort on.".to_owned(),
        );
    } else if !note.without_band.is_empty() {
        sentences.push(format!(
            "No band for {}: not in the cohort in a unit that converts exactly.",
            note.without_band.join(", ")
        ));
    }
    for conversion in &note.conversions {
        sentences.push(format!("{conversion}."));
    }
    sentences.push(format!(
        "Cohort: {}.",
        note.attribution.trim_end_matches('.')
    ));
    sentences
}
