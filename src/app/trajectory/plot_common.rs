//! What the plots share: the inputs a frame reads (`PlotInputs`), what the user did
//! (`PlotsInteraction`), the base plot every panel starts from, titles, hovers and the pointer
//! record; below `plots`, `panel`, `strip` and `severity`, which all read it.
use egui::Modifiers;
use egui_plot::{GridMark, Plot, PlotPoint};

use super::episodes_editor::EpisodeEdit;
use super::guideline_marks::hover_texts;
use super::reveal::OverlayGate;
use super::series_data::PlotSeries;
use crate::analysis::overlays::{GuidelineMarks, InterventionMark};
use crate::analysis::time_axis::{AxisMode, tick_label, tick_positions, tick_step};
use crate::app::document::CaseDocument;
use crate::app::theme::marker_color;
use crate::model::{Provenance, Timeline};

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
    pub marks: Vec<&'a InterventionMark>,
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
    pub(super) fn fade_later(&self) -> bool {
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
pub(super) const MIN_PLOT_HEIGHT: f32 = 110.0;

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
pub(super) fn panel_title_ui(ui: &mut egui::Ui, panel_series: &[&PlotSeries<'_>], log_scale: bool) {
    ui.horizontal(|ui| {
        for (index, plot_series) in panel_series.iter().enumerate() {
            let series = plot_series.series;
            ui.label(
                egui::RichText::new(format!("{} ({})", plot_series.name(), plot_series.unit()))
                    .color(marker_color(index))
                    .strong(),
            );
            if series.provenance == Provenance::Reconstructed {
                ui.label(
                    egui::RichText::new("illustrative")
                        .small()
                        .color(crate::app::theme::ILLUSTRATIVE_COLOR),
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
pub(super) type PanelPlotOutput = (Option<PlotPoint>, (f64, f64), Option<(f64, f64)>);

/// Names the intervention under the pointer, with dose and day.
pub(super) fn intervention_hover_ui(
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
