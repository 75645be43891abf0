//! The shared time axis under the panels and the legend with its notes on illustrative
//! values and reconstructed dates.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::axis::{
    day_tick_label, relative_axis_title, relative_day_label, time_axis_title,
};
use super::super::style::{self, Scale};
use super::super::{FigureError, draw_error};
use super::draw::{LABEL_PT, Layout, TICK_PT, has_reconstructed};
use super::{Area, TrajectoryData};
use crate::model::{CohortOutcome, Timeline};

pub(super) fn draw_time_axis<DB: DrawingBackend>(
    root: &Area<DB>,
    data: &TrajectoryData,
    timeline: &Timeline,
    layout: &Layout,
    ticks: &[f64],
    axis_y: i32,
) -> Result<(), FigureError> {
    let scale = layout.scale;
    let axis_style = ShapeStyle::from(&style::AXIS).stroke_width(scale.stroke(0.6));
    let label_style = scale
        .font(TICK_PT, style::INK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for position in ticks {
        let tick_x = layout.x(data.range, *position);
        root.draw(&PathElement::new(
            vec![(tick_x, axis_y), (tick_x, axis_y + scale.px(2.0))],
            axis_style,
        ))
        .map_err(draw_error)?;
        let label = if data.relative_days {
            relative_day_label(timeline, data.mode, *position)
        } else {
            day_tick_label(timeline, data.mode, *position)
        };
        root.draw_text(&label, &label_style, (tick_x, axis_y + scale.px(3.5)))
            .map_err(draw_error)?;
    }
    let title = if data.relative_days {
        relative_axis_title(timeline, data.mode, data.range)
    } else {
        time_axis_title(timeline, data.mode, data.range)
    };
    let title_style = scale
        .font(LABEL_PT, style::INK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    root.draw_text(
        &title,
        &title_style,
        (
            (layout.plot_left + layout.plot_right) / 2,
            axis_y + scale.px(13.0),
        ),
    )
    .map_err(draw_error)?;
    Ok(())
}

/// Legend rows are this far apart, in points.
const LEGEND_ROW_PT: f64 = 10.0;

/// Where each legend entry and note line goes, so the layout can reserve the height and the
/// drawing can wrap a long legend at a narrow journal width.
pub(super) struct LegendPlan {
    /// (row, x of the swatch, label, symbol)
    entries: Vec<(usize, i32, String, LegendSymbol)>,
    notes: Vec<String>,
    pub(super) rows: usize,
}

pub(super) fn plan_legend(
    data: &TrajectoryData,
    scale: Scale,
    left: i32,
    right: i32,
) -> LegendPlan {
    let swatch = scale.px(7.0);
    let gap = scale.px(4.0);
    let mut symbols: Vec<(String, LegendSymbol)> = [
        Some(("value", LegendSymbol::FilledDot)),
        has_reconstructed(data).then_some(("illustrative value", LegendSymbol::OpenDot)),
        Some((
            "reference interval",
            LegendSymbol::Band(style::REFERENCE_BAND),
        )),
        (!data.episodes.is_empty()).then_some(("episode", LegendSymbol::Band(style::EPISODE_BAND))),
        data.lane
            .iter()
            .any(|item| !item.doses.is_empty())
            .then_some(("dose (dashed line: its day)", LegendSymbol::Dose)),
        data.lane
            .iter()
            .any(|item| item.course.is_some())
            .then_some(("course", LegendSymbol::Course)),
    ]
    .into_iter()
    .flatten()
    .map(|(label, symbol)| (label.to_owned(), symbol))
    .collect();
    if let Some(note) = data.cohort.as_ref().filter(|note| note.aligned) {
        for (outcome, count, name) in [
            (CohortOutcome::Survived, note.survived, "survivors"),
            (CohortOutcome::Died, note.died, "non-survivors"),
        ] {
            symbols.push((
                format!("{name} (n = {count}): median, IQR"),
                LegendSymbol::CohortBand(outcome),
            ));
        }
    }
    let mut entries = Vec::new();
    let (mut row, mut x) = (0, left);
    for (label, symbol) in symbols {
        let width = swatch + gap / 2 + scale.text_size(TICK_PT, &label).0;
        if x > left && x + width > right {
            row += 1;
            x = left;
        }
        entries.push((row, x, label, symbol));
        x += width + gap * 3;
    }
    let mut sentences = Vec::new();
    if has_reconstructed(data) {
        sentences.push("Open circles are illustrative reconstructions, not measurements.");
    }
    if data.lane.iter().any(|item| item.dates_reconstructed) {
        sentences.push("* dates reconstructed by the reviewer.");
    }
    let mut sentences: Vec<String> = sentences.into_iter().map(str::to_owned).collect();
    if let Some(note) = &data.cohort {
        sentences.extend(super::bands::note_sentences(note));
    }
    let notes = wrap_words(&sentences.join(" "), right - left, |text| {
        scale.text_size(TICK_PT, text).0
    });
    LegendPlan {
        rows: row + 1 + notes.len(),
        entries,
        notes,
    }
}

/// Splits `text` into lines no wider than `width` (a single long word stays whole).
pub(super) fn wrap_words(text: &str, width: i32, measure: impl Fn(&str) -> i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && measure(&candidate) > width {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

pub(super) fn draw_legend<DB: DrawingBackend>(
    root: &Area<DB>,
    data: &TrajectoryData,
    layout: &Layout,
) -> Result<(), FigureError> {
    let scale = layout.scale;
    let text_style = scale
        .font(TICK_PT, style::INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let plan = plan_legend(data, scale, layout.plot_left, layout.plot_right);
    let row_middle =
        |row: usize| layout.legend_top + scale.px(5.0) + scale.px(LEGEND_ROW_PT) * row as i32;
    let swatch = scale.px(7.0);
    let gap = scale.px(4.0);
    let radius = scale.px(1.5).max(2);
    for (row, x, label, symbol) in &plan.entries {
        let (row, x, symbol) = (*row, *x, *symbol);
        let middle = row_middle(row);
        match symbol {
            LegendSymbol::FilledDot => root
                .draw(&Circle::new(
                    (x + swatch / 2, middle),
                    radius,
                    style::SERIES.filled(),
                ))
                .map_err(draw_error)?,
            LegendSymbol::OpenDot => root
                .draw(&Circle::new(
                    (x + swatch / 2, middle),
                    radius,
                    ShapeStyle::from(&style::SERIES).stroke_width(scale.stroke(0.5)),
                ))
                .map_err(draw_error)?,
            LegendSymbol::Band(color) => root
                .draw(&Rectangle::new(
                    [(x, middle - swatch / 2), (x + swatch, middle + swatch / 2)],
                    color.filled(),
                ))
                .map_err(draw_error)?,
            LegendSymbol::Dose => {
                let size = scale.px(2.6).max(2);
                let centre = x + swatch / 2;
                root.draw(&Polygon::new(
                    vec![
                        (centre - size, middle - size),
                        (centre + size, middle - size),
                        (centre, middle + size),
                    ],
                    style::INK.filled(),
                ))
                .map_err(draw_error)?
            }
            LegendSymbol::CohortBand(outcome) => {
                let (line, fill) = super::bands::outcome_colors(outcome);
                root.draw(&Rectangle::new(
                    [(x, middle - swatch / 2), (x + swatch, middle + swatch / 2)],
                    fill.filled(),
                ))
                .map_err(draw_error)?;
                root.draw(&PathElement::new(
                    vec![(x, middle), (x + swatch, middle)],
                    ShapeStyle::from(&line).stroke_width(scale.stroke(0.7)),
                ))
                .map_err(draw_error)?
            }
            LegendSymbol::Course => root
                .draw(&Rectangle::new(
                    [
                        (x, middle - scale.px(2.0)),
                        (x + swatch, middle + scale.px(2.0)),
                    ],
                    style::INK.filled(),
                ))
                .map_err(draw_error)?,
        }
        root.draw_text(label, &text_style, (x + swatch + gap / 2, middle))
            .map_err(draw_error)?;
    }
    let note_style = scale
        .font(TICK_PT, style::MUTED)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let first_note_row = plan.rows - plan.notes.len();
    for (index, note) in plan.notes.iter().enumerate() {
        root.draw_text(
            note,
            &note_style,
            (layout.plot_left, row_middle(first_note_row + index)),
        )
        .map_err(draw_error)?;
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum LegendSymbol {
    FilledDot,
    OpenDot,
    Band(RGBColor),
    Dose,
    Course,
    /// A cohort outcome's band with its median line.
    CohortBand(CohortOutcome),
}
