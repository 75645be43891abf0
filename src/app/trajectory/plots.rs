//! The stacked plots: the event strip (`strip`), one plot per panel and the severity scores
//! (`severity`), all sharing one time axis (zoom, pan and cursor move together).

use egui::{Color32, Modifiers, Stroke};
use egui_plot::{
    Axis, GridMark, Line, LineStyle, MarkerShape, Plot, PlotPoint, PlotPoints, Points, Span, Text,
    VLine,
};

use super::TrajectoryState;
use super::colors::{
    IN_TIME_COLOR, NOTE_COLOR, REFERENCE_FILL, episode_color, intervention_color, marker_color,
    range_color, time_cursor_color,
};
use super::episodes_editor::{EpisodeEdit, episode_context_menu_ui};
use super::guideline_marks::{hover_texts, panel_guidelines_ui};
use super::reveal::{OverlayGate, OverlayKind, look_color};
use super::series_data::{Geometry, PlotSeries};
use crate::analysis::overlays::{GuidelineMarks, InterventionMark, Look, note_marks};
use crate::analysis::time_axis::{AxisMode, tick_label, tick_positions, tick_step};
use crate::analysis::value_axis::{tick_step as value_tick_step, value_range, value_ticks};
use crate::app::document::CaseDocument;
use crate::model::{PanelLayout, Provenance, Timeline};

/// What the user did in the plots this frame.
#[derive(Default)]
pub struct PlotsInteraction {
    pub hovered_time: Option<f64>,
    pub clicked: Option<(f64, Modifiers)>,
    pub clicked_milestone: Option<String>,
    pub visible_range: Option<(f64, f64)>,
    /// The value range of each plot, top to bottom (the severity plot last).
    pub value_ranges: Vec<(f64, f64)>,
    /// A right-click asked for a note at this time (and marker, in a marker's plot).
    pub note_requested: Option<(f64, Option<String>)>,
    /// An episode marked from a context menu.
    pub episode_edit: Option<(String, EpisodeEdit)>,
}

/// Everything a plot needs to read, gathered once per frame.
pub struct PlotInputs<'a> {
    pub document: &'a CaseDocument,
    pub series: Vec<PlotSeries<'a>>,
    /// The intervention marks after the by-kind and one-by-one toggles (not yet revealed:
    /// the gate decides that as they are drawn).
    pub marks: Vec<InterventionMark>,
    /// Playback's rule, through which every overlay is drawn.
    pub gate: OverlayGate,
    /// The stops of the teaching script and the class's predictions, on the event strip.
    pub stops: Vec<super::teaching::StripStop>,
    /// The before and after windows of the intervention in focus, when shaded.
    pub response_spans: Option<((f64, f64), (f64, f64))>,
    /// The guideline findings, when drawn on the plots.
    pub guidelines: Option<&'a GuidelineMarks>,
    /// How dense channels are drawn; the benchmark's baseline hands over every sample.
    pub dense_drawing: DenseDrawing,
}

/// How dense channels reach the plot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DenseDrawing {
    /// One min/max pair per pixel column from the level-of-detail pyramid.
    #[default]
    LevelOfDetail,
    /// Every sample: the naive baseline `examples/trajectory_bench.rs` measures against.
    EverySample,
}

impl PlotInputs<'_> {
    /// During playback, the time up to which the stay is shown.
    pub fn reveal_until(&self) -> Option<f64> {
        self.gate.reveal().until()
    }

    /// Whether later samples are faded rather than hidden.
    fn fade_later(&self) -> bool {
        matches!(
            self.gate.reveal(),
            crate::analysis::overlays::Reveal::Until {
                fade_later: true,
                ..
            }
        )
    }
}

pub(super) const STRIP_HEIGHT: f32 = 56.0;
const MIN_PLOT_HEIGHT: f32 = 110.0;

pub fn plots_ui(
    ui: &mut egui::Ui,
    inputs: &PlotInputs<'_>,
    panels: &[PanelLayout],
    state: &mut TrajectoryState,
) -> PlotsInteraction {
    let mut interaction = PlotsInteraction::default();
    let timeline = &inputs.document.timeline();
    let link_group = ui.scope_id().with("trajectory_link");
    let available = ui.available_height() - STRIP_HEIGHT;
    // Each plot also has its title line above it, and spacing.
    const TITLE_AND_SPACING: f32 = 30.0;
    // The reviewer's chosen height, or the plots share the height there is.
    let plot_height = state.plot_height.unwrap_or_else(|| {
        (available / panels.len().max(1) as f32 - TITLE_AND_SPACING).max(MIN_PLOT_HEIGHT)
    });
    state.plot_rects.clear();

    super::strip::strip_ui(ui, inputs, state, link_group, &mut interaction);
    egui::ScrollArea::vertical()
        .id_salt("trajectory_plots_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (panel_index, panel) in panels.iter().enumerate() {
                let is_last = panel_index + 1 == panels.len();
                panel_ui(
                    ui,
                    inputs,
                    panel,
                    panel_index,
                    is_last,
                    plot_height,
                    state,
                    link_group,
                    &mut interaction,
                );
            }
            super::severity::severity_panel_ui(
                ui,
                inputs,
                state,
                link_group,
                plot_height,
                &mut interaction,
            );
        });
    let _ = timeline;
    interaction
}

/// A plot with the shared time axis and settings.
pub(super) fn base_plot<'a>(
    id: impl std::hash::Hash + std::fmt::Debug,
    timeline: &'a Timeline,
    mode: AxisMode,
    link_group: egui::Id,
) -> Plot<'a> {
    Plot::new(id)
        .link_axis(link_group, [true, false])
        .link_cursor(link_group, [true, false])
        .allow_zoom([true, false])
        .allow_scroll([true, false])
        .allow_drag([true, false])
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .x_grid_spacer(move |input| {
            let step = tick_step(input.base_step_size * 8.0);
            tick_positions(input.bounds.0, input.bounds.1, step)
                .into_iter()
                .map(|value| GridMark {
                    value,
                    step_size: step,
                })
                .collect()
        })
        .x_axis_formatter(move |mark, _range| {
            tick_label(timeline, mode, mark.value, mark.step_size)
        })
        .y_axis_min_width(60.0)
        .show_x(false)
}

#[allow(clippy::too_many_arguments)] // one call site; the pieces are what a plot reads
fn panel_ui(
    ui: &mut egui::Ui,
    inputs: &PlotInputs<'_>,
    panel: &PanelLayout,
    panel_index: usize,
    is_last: bool,
    height: f32,
    state: &mut TrajectoryState,
    link_group: egui::Id,
    interaction: &mut PlotsInteraction,
) {
    let document = inputs.document;
    let timeline = document.timeline();
    let panel_series: Vec<&PlotSeries<'_>> = panel
        .markers
        .iter()
        .filter_map(|marker| {
            inputs
                .series
                .iter()
                .find(|plot_series| &plot_series.series.marker == marker)
        })
        .collect();
    let Some(first) = panel_series.first() else {
        return;
    };
    let log_scale = panel.log_scale;
    let cohort_overlay = ui
        .horizontal(|ui| {
            panel_title_ui(ui, &panel_series, log_scale);
            super::cohort_bands::toggle_ui(ui, first.series, timeline)
        })
        .inner;
    let y_label = first.series.display_unit();
    let columns = (ui.available_width() * ui.ctx().pixels_per_point()).max(1.0) as usize;
    let pending = state.pending_x_range;
    let naive = inputs.dense_drawing == DenseDrawing::EverySample;
    let (cursor_a_color, cursor_b_color) = super::colors::measuring_cursor_colors(ui.visuals());
    let cursors = [
        (state.cursor_a, "A", cursor_a_color),
        (state.cursor_b, "B", cursor_b_color),
        (
            state.time_cursor,
            "Time cursor",
            time_cursor_color(ui.visuals()),
        ),
    ];
    let reference = if panel_series.len() == 1 {
        first.reference
    } else {
        None
    };
    let transform_value = move |value: f64| if log_scale { value.log10() } else { value };

    // In presentation every plot carries its time axis: on a projector only two or three
    // plots fit, and the last one is rarely among them.
    let mut plot = base_plot(
        ("trajectory_panel", panel_index),
        timeline,
        state.axis_mode,
        link_group,
    )
    .height(height)
    // Labels closer than egui_plot's default 20 points still read on short plots.
    .custom_y_axes(vec![
        egui_plot::AxisHints::new_y()
            .label(y_label)
            .label_spacing(14.0..=20.0)
            // One width for every plot, so their time axes line up.
            .min_thickness(60.0)
            .formatter(|mark, _range| crate::analysis::format::tick(mark.value, mark.step_size)),
    ])
    .show_axes([is_last || state.presentation, true]);
    // At a question the class's prediction is drawn with the mouse, so a drag draws rather
    // than pans.
    let drawing = state
        .playback
        .as_ref()
        .is_some_and(|playback| playback.asking.is_some());
    if drawing {
        plot = plot.allow_drag([false, false]);
    }
    let strokes: Vec<Vec<[f64; 2]>> = super::teaching::strokes_for(state, &first.series.marker)
        .cloned()
        .collect();
    if log_scale {
        plot = plot.y_axis_formatter(|mark, _range| crate::analysis::format::log_tick(mark.value));
    } else {
        // At least three labelled ticks at every plot height, at round values.
        plot = plot.y_grid_spacer(|input| {
            // egui_plot's base step is 8 points; a label wants about 26 to stay legible.
            let min_step = input.base_step_size.abs() / 8.0 * 26.0;
            let ticks = value_ticks(input.bounds.0, input.bounds.1, min_step);
            let step_size = value_tick_step(&ticks);
            ticks
                .into_iter()
                .map(|value| GridMark { value, step_size })
                .collect()
        });
    }
    let response = plot.show(ui, |plot_ui| {
        if let Some((start, end)) = pending {
            plot_ui.set_plot_bounds_x(start..=end);
        }
        let bounds = plot_ui.plot_bounds();
        let x_range = (bounds.min()[0], bounds.max()[0]);
        // The value axis shows the visible data; during playback the whole stay's, so the
        // frame holds still while the curves grow into it.
        let extent_range = match inputs.reveal_until() {
            Some(_) => (f64::NEG_INFINITY, f64::INFINITY),
            None => x_range,
        };
        let extents: Vec<(f64, f64)> = panel_series
            .iter()
            .filter_map(|plot_series| plot_series.value_extent(timeline, extent_range))
            .collect();
        let reference_bounds = reference.map_or((None, None), |reference| {
            (
                reference.low.map(transform_value),
                reference.high.map(transform_value),
            )
        });
        let values = extents
            .iter()
            .flat_map(|(low, high)| [*low, *high])
            .map(transform_value);
        let y_range = value_range(values, reference_bounds, log_scale);
        if let Some((low, high)) = y_range {
            plot_ui.set_plot_bounds_y(low..=high);
        }

        if let Some(overlay) = &cohort_overlay {
            super::cohort_bands::draw_bands(plot_ui, overlay, &transform_value, &inputs.gate);
        }
        if let Some(reference) = reference {
            let low = reference.low.map_or(f64::NEG_INFINITY, transform_value);
            let high = reference.high.map_or(f64::INFINITY, transform_value);
            if low.is_finite() || high.is_finite() {
                plot_ui.span(
                    Span::new("", low..=high)
                        .axis(Axis::Y)
                        .fill(REFERENCE_FILL)
                        .border_width(0.0),
                );
            }
        }
        // Unnamed here: the event strip labels episodes once for all plots.
        for (episode, piece) in inputs.gate.episode_pieces(document.case(), timeline) {
            plot_ui.span(
                Span::new("", piece.start..=piece.end)
                    .fill(look_color(piece.look, episode_color(episode.kind)))
                    .border_width(0.0),
            );
        }
        if let Some((before, after)) = inputs.response_spans {
            for ((start, end), color) in [
                (before, super::colors::CURSOR_B_COLOR),
                (after, IN_TIME_COLOR),
            ] {
                for piece in inputs
                    .gate
                    .pieces(OverlayKind::ResponseWindow, start, Some(end))
                {
                    plot_ui.span(
                        Span::new("", piece.start..=piece.end)
                            .fill(look_color(piece.look, color.gamma_multiply(0.09)))
                            .border_width(0.0),
                    );
                }
            }
        }
        for mark in &inputs.marks {
            let color = intervention_color(mark.kind);
            let kind = match mark.end {
                Some(_) => OverlayKind::InterventionCourse,
                None => OverlayKind::InterventionDose,
            };
            for piece in inputs.gate.pieces(kind, mark.start, mark.end) {
                let color = look_color(piece.look, color);
                match mark.end {
                    // A course that has started grows with the sweep.
                    Some(_) => plot_ui.span(
                        Span::new("", piece.start..=piece.end)
                            .fill(color.gamma_multiply(0.12))
                            .border(Stroke::new(0.5, color.gamma_multiply(0.5))),
                    ),
                    None => plot_ui.vline(
                        VLine::new(mark.kind.label(), mark.start)
                            .color(color)
                            .width(1.5),
                    ),
                }
            }
        }
        for (series_index, plot_series) in panel_series.iter().enumerate() {
            let color = marker_color(series_index);
            let name = plot_series.series.display_name();
            let dashed = plot_series.series.provenance == Provenance::Reconstructed;
            if naive && plot_series.is_dense() {
                let everything = (f64::NEG_INFINITY, f64::INFINITY);
                let geometry = plot_series.geometry(timeline, everything, usize::MAX / 4);
                draw_geometry(plot_ui, &name, color, dashed, geometry, &transform_value);
                continue;
            }
            let Some(until) = inputs.reveal_until() else {
                let geometry = plot_series.geometry(timeline, x_range, columns);
                draw_geometry(plot_ui, &name, color, dashed, geometry, &transform_value);
                continue;
            };
            // Playback: the past as usual, the future faded or not at all.
            let (past, future) = split_at(
                plot_series.geometry(timeline, (x_range.0, until.min(x_range.1)), columns),
                plot_series,
                timeline,
                until,
                (until, x_range.1),
                columns,
            );
            draw_geometry(plot_ui, &name, color, dashed, past, &transform_value);
            if inputs.fade_later()
                && let Some(future) = future
            {
                draw_geometry(
                    plot_ui,
                    &name,
                    look_color(Look::Faded, color),
                    dashed,
                    future,
                    &transform_value,
                );
            }
        }
        if let Some(guidelines) = &inputs.guidelines {
            panel_guidelines_ui(
                plot_ui,
                guidelines,
                &panel.markers,
                &transform_value,
                &inputs.gate,
            );
        }
        for (position, text) in note_marks(document.case(), timeline, Some(&panel.markers)) {
            let Some(look) = inputs.gate.at(OverlayKind::Note, position) else {
                continue;
            };
            let label = format!("✎ {}", shorten(&text, 32));
            plot_ui.vline(
                VLine::new("Notes", position)
                    .color(look_color(look, NOTE_COLOR))
                    .style(LineStyle::dotted_dense()),
            );
            plot_ui.text(
                Text::new("Notes", PlotPoint::new(position, bounds.max()[1]), label)
                    .anchor(egui::Align2::LEFT_TOP)
                    .color(look_color(look, NOTE_COLOR)),
            );
        }
        for (position, name, color) in cursors {
            if let Some(position) = position {
                plot_ui.vline(
                    VLine::new(name, position)
                        .color(color)
                        .width(1.2)
                        .style(LineStyle::dashed_dense()),
                );
            }
        }
        super::teaching::draw_strokes(plot_ui, &strokes);
        (plot_ui.pointer_coordinate(), x_range, y_range)
    });
    let (pointer, x_range, y_range) = response.inner;
    if drawing {
        super::teaching::record_stroke(state, &first.series.marker, &response.response, pointer);
    }
    state.plot_rects.push(response.response.rect);
    interaction.visible_range = Some(x_range);
    interaction.value_ranges.extend(y_range);
    record_pointer(&response.response, pointer, interaction);
    let marker = first.series.marker.clone();
    response.response.context_menu(|ui| {
        if let Some(position) = state.context_time {
            if ui.button("Add note here…").clicked() {
                interaction.note_requested = Some((position, Some(marker.clone())));
                ui.close();
            }
            if ui.button("Place cursor A here").clicked() {
                state.cursor_a = Some(position);
                ui.close();
            }
            if ui.button("Place cursor B here").clicked() {
                state.cursor_b = Some(position);
                ui.close();
            }
            ui.separator();
            interaction.episode_edit = episode_context_menu_ui(ui, document, state, position);
        }
    });
    if response.response.secondary_clicked() {
        state.context_time = pointer.map(|point| point.x);
    }
    if let Some(pointer) = pointer {
        if let Some(overlay) = &cohort_overlay
            && inputs.gate.reached(pointer.x)
        {
            super::cohort_bands::hover_ui(&response.response, overlay, pointer.x);
        }
        intervention_hover_ui(&response, pointer.x, inputs);
        guideline_hover_ui(
            &response.response,
            &response.transform,
            pointer.x,
            inputs,
            Some(&panel.markers),
        );
    }
}

/// Names the guideline findings under the pointer.
pub(super) fn guideline_hover_ui(
    response: &egui::Response,
    transform: &egui_plot::PlotTransform,
    pointer_x: f64,
    inputs: &PlotInputs<'_>,
    markers: Option<&[String]>,
) {
    let Some(guidelines) = &inputs.guidelines else {
        return;
    };
    let pixels_per_day = transform.dpos_dvalue_x().abs();
    let texts: Vec<String> = hover_texts(
        guidelines,
        inputs.document.timeline(),
        markers,
        pointer_x,
        pixels_per_day,
    )
    .into_iter()
    .filter(|_| inputs.gate.reached(pointer_x))
    .collect();
    if !texts.is_empty() {
        response.clone().on_hover_ui_at_pointer(|ui| {
            for text in texts {
                ui.label(text);
            }
        });
    }
}

/// The marker names above a plot, in their line colours, with units and provenance.
fn panel_title_ui(ui: &mut egui::Ui, panel_series: &[&PlotSeries<'_>], log_scale: bool) {
    ui.horizontal(|ui| {
        for (index, plot_series) in panel_series.iter().enumerate() {
            let series = plot_series.series;
            ui.label(
                egui::RichText::new(format!(
                    "{} ({})",
                    series.display_name(),
                    series.display_unit()
                ))
                .color(marker_color(index))
                .strong(),
            );
            if series.provenance == Provenance::Reconstructed {
                ui.label(
                    egui::RichText::new("illustrative")
                        .small()
                        .color(crate::app::panels::overview::ILLUSTRATIVE_COLOR),
                );
            }
        }
        if log_scale {
            ui.label(egui::RichText::new("log scale").small().weak());
        }
    });
}

pub(super) fn record_pointer(
    response: &egui::Response,
    pointer: Option<PlotPoint>,
    interaction: &mut PlotsInteraction,
) {
    if response.hovered()
        && let Some(pointer) = pointer
    {
        interaction.hovered_time = Some(pointer.x);
    }
    if response.clicked()
        && let Some(pointer) = pointer
    {
        let modifiers = response.ctx.input(|input| input.modifiers);
        interaction.clicked = Some((pointer.x, modifiers));
    }
}

/// What a panel's plot hands back: the pointer, the time range and the value range shown.
type PanelPlotOutput = (Option<PlotPoint>, (f64, f64), Option<(f64, f64)>);

/// Names the intervention under the pointer, with dose and day.
fn intervention_hover_ui(
    response: &egui_plot::PlotResponse<PanelPlotOutput>,
    pointer_x: f64,
    inputs: &PlotInputs<'_>,
) {
    let pixels_per_day = response.transform.dpos_dvalue_x().abs();
    if !inputs.gate.reached(pointer_x) {
        return;
    }
    let under_pointer: Vec<&str> = inputs
        .marks
        .iter()
        .filter(|mark| inputs.gate.reached(mark.start))
        .filter(|mark| match mark.end {
            None => (mark.start - pointer_x).abs() * pixels_per_day < 5.0,
            Some(end) => pointer_x >= mark.start && pointer_x <= end,
        })
        .map(|mark| mark.description.as_str())
        .collect();
    if !under_pointer.is_empty() {
        response.response.clone().on_hover_ui_at_pointer(|ui| {
            for description in under_pointer {
                ui.label(description);
            }
        });
    }
}

/// Splits what to draw at the playback time: sparse samples by time, dense channels by
/// range (the past's geometry is passed in, computed for the range up to `until`).
fn split_at(
    past_range_geometry: Geometry,
    plot_series: &PlotSeries<'_>,
    timeline: &crate::model::Timeline,
    until: f64,
    future_range: (f64, f64),
    columns: usize,
) -> (Geometry, Option<Geometry>) {
    match past_range_geometry {
        Geometry::Samples(samples) => {
            let (past, future): (Vec<_>, Vec<_>) = samples
                .into_iter()
                .partition(|sample| sample.position <= until);
            (Geometry::Samples(past), Some(Geometry::Samples(future)))
        }
        dense => {
            let future = (future_range.1 > future_range.0)
                .then(|| plot_series.geometry(timeline, future_range, columns));
            (dense, future)
        }
    }
}

fn draw_geometry(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    name: &str,
    color: Color32,
    dashed: bool,
    geometry: Geometry,
    transform_value: &dyn Fn(f64) -> f64,
) {
    let style = if dashed {
        LineStyle::dashed_loose()
    } else {
        LineStyle::Solid
    };
    let transform = |points: Vec<[f64; 2]>| -> Vec<[f64; 2]> {
        points
            .into_iter()
            .map(|[x, y]| [x, transform_value(y)])
            .filter(|[_, y]| y.is_finite())
            .collect()
    };
    match geometry {
        Geometry::Samples(samples) => {
            let line: Vec<[f64; 2]> = samples
                .iter()
                .map(|sample| [sample.position, sample.value])
                .collect();
            plot_ui.line(
                Line::new(name.to_owned(), PlotPoints::from(transform(line)))
                    .color(color)
                    .style(style)
                    .width(1.5),
            );
            for sample in &samples {
                let point_color = range_color(sample.range_class, color);
                let published = sample.provenance != Provenance::Reconstructed;
                plot_ui.points(
                    Points::new(
                        name.to_owned(),
                        PlotPoints::from(transform(vec![[sample.position, sample.value]])),
                    )
                    .color(point_color)
                    .radius(if published { 4.0 } else { 2.8 })
                    .filled(published)
                    .shape(if published {
                        MarkerShape::Diamond
                    } else {
                        MarkerShape::Circle
                    }),
                );
            }
        }
        Geometry::Envelope(runs) | Geometry::DenseExact(runs) => {
            for run in runs {
                plot_ui.line(
                    Line::new(name.to_owned(), PlotPoints::from(transform(run)))
                        .color(color)
                        .width(1.0),
                );
            }
        }
    }
}

fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(limit.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
