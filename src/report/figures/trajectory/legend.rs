//! The shared time axis under the panels and the legend with its notes on illustrative
//! values and reconstructed dates.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::axis::{day_tick_label, time_axis_title};
use super::super::style;
use super::super::{FigureError, draw_error};
use super::draw::{LABEL_PT, Layout, TICK_PT, has_reconstructed};
use super::{Area, TrajectoryData};
use crate::model::Timeline;

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
        let label = day_tick_label(timeline, data.mode, *position);
        root.draw_text(&label, &label_style, (tick_x, axis_y + scale.px(3.5)))
            .map_err(draw_error)?;
    }
    let title = time_axis_title(timeline, data.mode, data.range);
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

pub(super) fn draw_legend<DB: DrawingBackend>(
    root: &Area<DB>,
    data: &TrajectoryData,
    layout: &Layout,
) -> Result<(), FigureError> {
    let scale = layout.scale;
    let text_style = scale
        .font(TICK_PT, style::INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let middle = layout.legend_top + scale.px(5.0);
    let mut x = layout.plot_left;
    let swatch = scale.px(7.0);
    let gap = scale.px(4.0);
    let radius = scale.px(1.5).max(2);
    let entries: Vec<(&str, LegendSymbol)> = [
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
    .collect();
    for (label, symbol) in entries {
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
        x += swatch + gap / 2;
        root.draw_text(label, &text_style, (x, middle))
            .map_err(draw_error)?;
        x += scale.text_size(TICK_PT, label).0 + gap * 3;
    }
    let mut notes = Vec::new();
    if has_reconstructed(data) {
        notes.push("Open circles are illustrative reconstructions, not measurements.");
    }
    if data.lane.iter().any(|item| item.dates_reconstructed) {
        notes.push("* dates reconstructed by the reviewer.");
    }
    if !notes.is_empty() {
        let note_style = scale
            .font(TICK_PT, style::MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        root.draw_text(
            &notes.join(" "),
            &note_style,
            (layout.plot_left, middle + scale.px(10.0)),
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
}
