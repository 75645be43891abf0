//! Drawing the trajectory figure on any plotters backend: layout in points, then lane,
//! panels, time axis and legend.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::axis::{
    day_step, day_ticks, linear_ticks, log_ticks_at_most, relative_day_ticks,
};
use super::super::style::{self, Scale};
use super::super::{FigureError, draw_error};
use super::{Area, Panel, TrajectoryData};
use crate::analysis::format::tick as format_tick;
use crate::model::Timeline;

pub(super) const TICK_PT: f64 = 6.5;
pub(super) const LABEL_PT: f64 = 7.0;
const ROW_PT: f64 = 10.0;
const HEADER_PT: f64 = 11.0;
const GAP_PT: f64 = 3.0;

/// Pixel positions of every part of the figure.
pub struct Layout {
    pub width: u32,
    pub height: u32,
    pub(super) scale: Scale,
    pub(super) plot_left: i32,
    pub(super) plot_right: i32,
    lane_top: i32,
    row_height: i32,
    panels_top: i32,
    header_height: i32,
    plot_height: i32,
    gap: i32,
    pub(super) legend_top: i32,
}

impl Layout {
    pub fn new(data: &TrajectoryData, _timeline: &Timeline, scale: Scale, width: u32) -> Self {
        let widest_tick = data
            .panels
            .iter()
            .flat_map(|panel| value_ticks(panel).1)
            .map(|(_, label)| scale.text_size(TICK_PT, &label).0)
            .max()
            .unwrap_or(0);
        let plot_left = widest_tick + scale.px(8.0);
        let plot_right = width as i32 - scale.px(10.0);
        let row_height = scale.px(ROW_PT);
        let lane_rows = data.lane.len() + usize::from(!data.episodes.is_empty());
        let lane_top = scale.px(4.0);
        let panels_top = lane_top + row_height * lane_rows as i32 + scale.px(2.0);
        let plot_height = scale.px(if data.panels.len() <= 4 { 52.0 } else { 40.0 });
        let header_height = scale.px(HEADER_PT);
        let gap = scale.px(GAP_PT);
        let panel_pitch = header_height + plot_height + gap;
        let axis_top = panels_top + panel_pitch * data.panels.len() as i32 - gap;
        let legend_top = axis_top + scale.px(26.0);
        let legend_rows = super::legend::plan_legend(data, scale, plot_left, plot_right).rows;
        let height = legend_top + scale.px(10.0) * legend_rows as i32 + scale.px(4.0);
        Self {
            width,
            height: height.max(1) as u32,
            scale,
            plot_left,
            plot_right,
            lane_top,
            row_height,
            panels_top,
            header_height,
            plot_height,
            gap,
            legend_top,
        }
    }

    pub(super) fn x(&self, range: (f64, f64), position: f64) -> i32 {
        let share = (position - range.0) / (range.1 - range.0);
        self.plot_left + (share * f64::from(self.plot_right - self.plot_left)).round() as i32
    }

    /// Top and bottom of the plot area of panel `index`.
    fn plot_span(&self, index: usize) -> (i32, i32) {
        let top = self.panels_top
            + (self.header_height + self.plot_height + self.gap) * index as i32
            + self.header_height;
        (top, top + self.plot_height)
    }
}

pub(super) fn has_reconstructed(data: &TrajectoryData) -> bool {
    data.panels.iter().any(Panel::has_reconstructed)
}

/// The value range shown and its tick marks with labels.
fn value_ticks(panel: &Panel) -> ((f64, f64), Vec<(f64, String)>) {
    let (mut low, mut high) = panel
        .points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), point| {
            (low.min(point.value), high.max(point.value))
        });
    if !low.is_finite() {
        return ((0.0, 1.0), Vec::new());
    }
    // Show a reference bound when it is near the data, so the shaded band is visible.
    if let Some(reference) = panel.reference {
        let span = (high - low).max(high.abs() * 0.1).max(1e-9);
        for bound in [reference.low, reference.high].into_iter().flatten() {
            let near = bound >= low - span * 0.6 && bound <= high + span * 0.6;
            if near && !(panel.log_scale && bound <= 0.0) {
                low = low.min(bound);
                high = high.max(bound);
            }
        }
    }
    if panel.log_scale {
        let (low, high) = (low / 1.3, high * 1.3);
        let ticks = log_ticks_at_most(low, high, 4);
        let labelled = ticks
            .iter()
            .map(|tick| (*tick, format_tick(*tick, *tick)))
            .collect();
        return ((low, high), labelled);
    }
    if high - low < 1e-9 {
        low -= 1.0;
        high += 1.0;
    }
    let pad = (high - low) * 0.08;
    let (low, high) = (low - pad, high + pad);
    let ticks = linear_ticks(low, high, 4);
    let step = match ticks.as_slice() {
        [first, second, ..] => second - first,
        _ => high - low,
    };
    let labelled = ticks
        .iter()
        .map(|tick| (*tick, format_tick(*tick, step)))
        .collect();
    ((low, high), labelled)
}

/// Draws the whole figure.
pub fn draw<DB: DrawingBackend>(
    root: &Area<DB>,
    data: &TrajectoryData,
    timeline: &Timeline,
    layout: &Layout,
) -> Result<(), FigureError> {
    let scale = layout.scale;
    root.fill(&style::WHITE).map_err(draw_error)?;
    let range = data.range;
    let last_plot_bottom = data
        .panels
        .len()
        .checked_sub(1)
        .map_or(layout.panels_top, |last| layout.plot_span(last).1);

    // Episodes first, so everything else is drawn over them.
    for (label, start, end) in &data.episodes {
        // A day's values sit at its start; half a day either side covers every day in the span.
        let left = layout.x(range, start.floor() - 0.5);
        let right = layout.x(range, end.floor() + 0.5).max(left + 1);
        root.draw(&Rectangle::new(
            [(left, layout.lane_top), (right, last_plot_bottom)],
            style::EPISODE_BAND.filled(),
        ))
        .map_err(draw_error)?;
        let label_style = scale
            .font(TICK_PT, style::MUTED)
            .pos(Pos::new(HPos::Center, VPos::Center));
        root.draw_text(
            label,
            &label_style,
            ((left + right) / 2, layout.lane_top + layout.row_height / 2),
        )
        .map_err(draw_error)?;
    }

    let step = {
        let widest = scale.text_size(TICK_PT, "30 Sep").0 + scale.px(6.0);
        let pixels_per_day = f64::from(layout.plot_right - layout.plot_left) / (range.1 - range.0);
        day_step(f64::from(widest) / pixels_per_day.max(1e-9))
    };
    let ticks = if data.relative_days {
        relative_day_ticks(timeline, data.mode, range, step)
    } else {
        day_ticks(timeline, data.mode, range, step)
    };

    for (index, panel) in data.panels.iter().enumerate() {
        draw_panel(root, data, panel, index, layout, &ticks)?;
    }
    draw_lane(root, data, layout)?;
    super::legend::draw_time_axis(root, data, timeline, layout, &ticks, last_plot_bottom)?;
    super::legend::draw_legend(root, data, layout)
}

fn draw_panel<DB: DrawingBackend>(
    root: &Area<DB>,
    data: &TrajectoryData,
    panel: &Panel,
    index: usize,
    layout: &Layout,
    day_ticks: &[f64],
) -> Result<(), FigureError> {
    let scale = layout.scale;
    let range = data.range;
    let (top, bottom) = layout.plot_span(index);
    let ((low, high), value_ticks) = value_ticks(panel);
    let to_axis = |value: f64| {
        if panel.log_scale {
            value.max(1e-12).log10()
        } else {
            value
        }
    };
    let (axis_low, axis_high) = (to_axis(low), to_axis(high));
    let y = |value: f64| -> i32 {
        let share = (to_axis(value) - axis_low) / (axis_high - axis_low);
        bottom - (share.clamp(-0.05, 1.05) * f64::from(bottom - top)).round() as i32
    };
    let (left, right) = (layout.plot_left, layout.plot_right);

    if let Some(reference) = panel.reference {
        let band_low = reference
            .low
            .map_or(bottom, |bound| y(bound.max(low)).min(bottom));
        let band_high = reference
            .high
            .map_or(top, |bound| y(bound.min(high)).max(top));
        let below_range = reference.high.is_some_and(|bound| bound < low);
        let above_range = reference.low.is_some_and(|bound| bound > high);
        if band_high < band_low && !below_range && !above_range {
            root.draw(&Rectangle::new(
                [(left, band_high), (right, band_low)],
                style::REFERENCE_BAND.filled(),
            ))
            .map_err(draw_error)?;
        }
    }
    if let Some(bands) = &panel.bands {
        super::bands::draw_bands(root, bands, layout, range, (top, bottom), &y)?;
    }
    let grid = ShapeStyle::from(&style::GRID).stroke_width(scale.stroke(0.4));
    for (value, _) in &value_ticks {
        let tick_y = y(*value);
        root.draw(&PathElement::new(
            vec![(left, tick_y), (right, tick_y)],
            grid,
        ))
        .map_err(draw_error)?;
    }
    for position in day_ticks {
        let tick_x = layout.x(range, *position);
        root.draw(&PathElement::new(
            vec![(tick_x, top), (tick_x, bottom)],
            grid,
        ))
        .map_err(draw_error)?;
    }
    for item in &data.lane {
        let color = lane_color(data, item.kind);
        for dose in &item.doses {
            let dose_x = layout.x(range, *dose);
            root.draw(&DashedPathElement::new(
                vec![(dose_x, top), (dose_x, bottom)],
                scale.px(2.0),
                scale.px(1.5),
                ShapeStyle::from(&color).stroke_width(scale.stroke(0.6)),
            ))
            .map_err(draw_error)?;
        }
    }

    let line: Vec<(i32, i32)> = panel
        .points
        .iter()
        .map(|point| (layout.x(range, point.position), y(point.value)))
        .collect();
    root.draw(&PathElement::new(
        line.clone(),
        ShapeStyle::from(&style::SERIES).stroke_width(scale.stroke(0.8)),
    ))
    .map_err(draw_error)?;
    if panel.points.len() <= 400 {
        let radius = scale.px(1.5).max(2);
        for (point, at) in panel.points.iter().zip(&line) {
            if point.reconstructed {
                root.draw(&Circle::new(*at, radius, style::WHITE.filled()))
                    .map_err(draw_error)?;
                root.draw(&Circle::new(
                    *at,
                    radius,
                    ShapeStyle::from(&style::SERIES).stroke_width(scale.stroke(0.5)),
                ))
                .map_err(draw_error)?;
            } else {
                root.draw(&Circle::new(*at, radius, style::SERIES.filled()))
                    .map_err(draw_error)?;
            }
        }
    }

    let axis_style = ShapeStyle::from(&style::AXIS).stroke_width(scale.stroke(0.6));
    root.draw(&PathElement::new(
        vec![(left, top), (left, bottom), (right, bottom)],
        axis_style,
    ))
    .map_err(draw_error)?;
    let tick_label = scale
        .font(TICK_PT, style::INK)
        .pos(Pos::new(HPos::Right, VPos::Center));
    for (value, label) in &value_ticks {
        let tick_y = y(*value);
        root.draw(&PathElement::new(
            vec![(left - scale.px(2.0), tick_y), (left, tick_y)],
            axis_style,
        ))
        .map_err(draw_error)?;
        root.draw_text(label, &tick_label, (left - scale.px(3.0), tick_y))
            .map_err(draw_error)?;
    }
    let title_style = scale
        .font(LABEL_PT, style::INK)
        .pos(Pos::new(HPos::Left, VPos::Bottom));
    let mut title = panel.title();
    if panel.log_scale {
        title.push_str(", log scale");
    }
    root.draw_text(&title, &title_style, (left, top - scale.px(2.0)))
        .map_err(draw_error)?;
    if data.publication {
        let letter_style = scale
            .font(LABEL_PT + 2.0, style::INK)
            .pos(Pos::new(HPos::Left, VPos::Bottom));
        root.draw_text(
            &panel_letter(index),
            &letter_style,
            (scale.px(1.0), top - scale.px(1.0)),
        )
        .map_err(draw_error)?;
    }
    if panel.has_reconstructed() {
        let tag = scale
            .font(TICK_PT, style::MUTED)
            .pos(Pos::new(HPos::Right, VPos::Bottom));
        // A narrow journal column has no room for the long tag beside a long title; the
        // open circles and the legend's note still say so.
        let room = right - left - scale.text_size(LABEL_PT, &title).0 - scale.px(4.0);
        let fitting = ["illustrative reconstruction", "illustrative"]
            .into_iter()
            .find(|text| scale.text_size(TICK_PT, text).0 <= room);
        if let Some(text) = fitting {
            root.draw_text(text, &tag, (right, top - scale.px(2.0)))
                .map_err(draw_error)?;
        }
    }
    Ok(())
}

/// Journal figures use the print palette; the screen palette stays as it is.
pub(super) fn lane_color(data: &TrajectoryData, kind: crate::model::InterventionKind) -> RGBColor {
    if data.publication {
        super::super::print_palette::intervention_color(kind)
    } else {
        style::intervention_color(kind)
    }
}

/// A, B, … Z, then AA, AB: a figure rarely has more than seven panels.
pub(super) fn panel_letter(index: usize) -> String {
    let letter = |offset: usize| char::from(b'A' + (offset % 26) as u8);
    if index < 26 {
        letter(index).to_string()
    } else {
        format!("{}{}", letter(index / 26 - 1), letter(index))
    }
}

fn draw_lane<DB: DrawingBackend>(
    root: &Area<DB>,
    data: &TrajectoryData,
    layout: &Layout,
) -> Result<(), FigureError> {
    let scale = layout.scale;
    let range = data.range;
    let first_row = usize::from(!data.episodes.is_empty());
    for (index, item) in data.lane.iter().enumerate() {
        let row_top = layout.lane_top + layout.row_height * (first_row + index) as i32;
        let middle = row_top + layout.row_height / 2;
        let color = lane_color(data, item.kind);
        let mut extent: Option<(i32, i32)> = None;
        if let Some((start, end)) = item.course {
            let left = layout.x(range, start.floor() - 0.5);
            let right = layout.x(range, end.floor() + 0.5).max(left + 2);
            let half = scale.px(2.0).max(1);
            root.draw(&Rectangle::new(
                [(left, middle - half), (right, middle + half)],
                color.filled(),
            ))
            .map_err(draw_error)?;
            extent = Some((left, right));
        }
        for dose in &item.doses {
            let dose_x = layout.x(range, *dose);
            let size = scale.px(2.6).max(2);
            root.draw(&Polygon::new(
                vec![
                    (dose_x - size, middle - size),
                    (dose_x + size, middle - size),
                    (dose_x, middle + size),
                ],
                color.filled(),
            ))
            .map_err(draw_error)?;
            extent = Some(match extent {
                Some((left, right)) => (left.min(dose_x - size), right.max(dose_x + size)),
                None => (dose_x - size, dose_x + size),
            });
        }
        let Some((left, right)) = extent else {
            continue;
        };
        let mut label = item.label.clone();
        if item.dates_reconstructed {
            label.push('*');
        }
        let label_width = scale.text_size(TICK_PT, &label).0;
        let pad = scale.px(3.0);
        let (anchor, at_x) = if right + pad + label_width <= layout.plot_right {
            (HPos::Left, right + pad)
        } else if left - pad - label_width >= layout.plot_left {
            (HPos::Right, left - pad)
        } else {
            (HPos::Left, layout.plot_left)
        };
        let label_style = scale
            .font(TICK_PT, style::INK)
            .pos(Pos::new(anchor, VPos::Center));
        root.draw_text(&label, &label_style, (at_x, middle))
            .map_err(draw_error)?;
    }
    Ok(())
}
