//! Comparing cases: the same marker from every open case on one axis, aligned by calendar
//! date, illness day, hospital day, or an event chosen in each case (day 0 = first MSC
//! infusion, say), each case's interventions drawn in its own colour.

use egui::Stroke;
use egui::{Color32, RichText};
use egui_plot::{Line, LineStyle, MarkerShape, Plot, PlotPoints, Points, Span, VLine};

use super::state::Workspace;
use crate::analysis::alignment::{
    AlignBy, AlignmentEvent, SharedAxis, align_cases, available_events,
};
use crate::analysis::time_axis::{tick_positions, tick_step};
use crate::model::{Case, InterventionKind, Timing};

/// The colour of the case at `index`: the palette's series colours, told apart at a glance.
fn case_color(index: usize) -> Color32 {
    crate::app::trajectory::color32(crate::palette::series(index))
}

/// What the compare view shows; one for the whole app.
#[derive(Debug, Default)]
pub struct CompareState {
    pub marker: Option<String>,
    pub align_by: AlignBy,
    /// The day-0 event chosen in each open case, by index in the workspace.
    pub events: Vec<Option<AlignmentEvent>>,
}

impl CompareState {
    /// The teaching example: aligned on the first cell-therapy (MSC) infusion of each case.
    pub fn on_first_msc_infusion(case_count: usize, marker: &str) -> Self {
        Self {
            marker: Some(marker.to_owned()),
            align_by: AlignBy::Event,
            events: vec![
                Some(AlignmentEvent::FirstDoseOf(InterventionKind::CellTherapy));
                case_count
            ],
        }
    }
}

pub fn compare_ui(ui: &mut egui::Ui, workspace: &Workspace, state: &mut CompareState) {
    let cases: Vec<&Case> = workspace
        .cases
        .iter()
        .map(|open| open.document.case())
        .collect();
    state.events.resize(cases.len(), None);
    ui.heading("Compare cases");
    if cases.len() < 2 {
        ui.label(
            "Open two or more cases to compare them (File ▸ Open, or Teaching ▸ Example: Peng and Liang aligned on the first MSC infusion).",
        );
    }
    let markers = shared_markers(&cases);
    if state
        .marker
        .as_ref()
        .is_none_or(|marker| !markers.iter().any(|(id, _)| id == marker))
    {
        state.marker = markers.first().map(|(id, _)| id.clone());
    }
    ui.horizontal_wrapped(|ui| {
        let selected = state
            .marker
            .as_ref()
            .and_then(|marker| markers.iter().find(|(id, _)| id == marker))
            .map_or("—".to_owned(), |(_, name)| name.clone());
        egui::ComboBox::new("compare_marker", "marker")
            .selected_text(selected)
            .show_ui(ui, |ui| {
                for (id, name) in &markers {
                    ui.selectable_value(&mut state.marker, Some(id.clone()), name);
                }
            });
        ui.separator();
        ui.label("Align by:");
        for align_by in AlignBy::ALL {
            ui.selectable_value(&mut state.align_by, align_by, align_by.label());
        }
    });
    let axis = align_cases(&cases, state.align_by, &state.events);
    cases_list_ui(ui, workspace, state, &axis);
    let Some(marker) = state.marker.clone() else {
        ui.label("The open cases have no marker to compare.");
        return;
    };
    compare_plot_ui(ui, workspace, &axis, &marker);
}

/// Markers present in at least one case, by id with display name, in catalog order of first
/// appearance.
fn shared_markers(cases: &[&Case]) -> Vec<(String, String)> {
    let mut markers: Vec<(String, String)> = Vec::new();
    for case in cases {
        for series in &case.series {
            if !markers.iter().any(|(id, _)| id == &series.marker) {
                markers.push((
                    series.marker.clone(),
                    format!("{} ({})", series.display_name(), series.display_unit()),
                ));
            }
        }
    }
    markers
}

fn cases_list_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    state: &mut CompareState,
    axis: &SharedAxis,
) {
    for (index, open) in workspace.cases.iter().enumerate() {
        let color = case_color(index);
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("■ {}", open.document.source.short_name()))
                    .color(color)
                    .strong(),
            );
            if state.align_by == AlignBy::Event {
                let events = available_events(open.document.case());
                let chosen = state.events.get(index).copied().flatten();
                let chosen_name = chosen
                    .and_then(|event| events.iter().find(|(candidate, _)| *candidate == event))
                    .map_or("choose day 0…".to_owned(), |(_, name)| name.clone());
                egui::ComboBox::new(("compare_event", index), "is day 0")
                    .selected_text(chosen_name)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        for (event, name) in &events {
                            if ui.selectable_label(chosen == Some(*event), name).clicked()
                                && let Some(slot) = state.events.get_mut(index)
                            {
                                *slot = Some(*event);
                            }
                        }
                    });
            }
            if let Some(Err(error)) = axis.cases.get(index) {
                ui.label(
                    RichText::new(format!("not shown: {error}")).color(ui.visuals().warn_fg_color),
                );
            }
        });
    }
}

fn compare_plot_ui(ui: &mut egui::Ui, workspace: &Workspace, axis: &SharedAxis, marker: &str) {
    let label_axis = axis.clone();
    Plot::new("compare_plot")
        .legend(egui_plot::Legend::default())
        .x_grid_spacer(|input| {
            let step = tick_step(input.base_step_size * 8.0).max(1.0);
            tick_positions(input.bounds.0, input.bounds.1, step)
                .into_iter()
                .map(|value| egui_plot::GridMark {
                    value,
                    step_size: step,
                })
                .collect()
        })
        .x_axis_formatter(move |mark, _range| label_axis.label(mark.value))
        .allow_boxed_zoom(false)
        .show(ui, |plot_ui| {
            for (index, open) in workspace.cases.iter().enumerate() {
                let Some(Ok(alignment)) = axis.cases.get(index) else {
                    continue;
                };
                let color = case_color(index);
                let name = open.document.source.short_name();
                let timeline = open.document.timeline();
                for series in open
                    .document
                    .case()
                    .series
                    .iter()
                    .filter(|series| series.marker == marker)
                {
                    let points: Vec<[f64; 2]> = series
                        .samples
                        .iter()
                        .filter_map(|sample| {
                            let position = timeline.position(sample.time).ok()?;
                            Some([alignment.to_shared(position), sample.value])
                        })
                        .collect();
                    plot_ui.line(
                        Line::new(name.clone(), PlotPoints::from(points.clone()))
                            .color(color)
                            .width(1.8),
                    );
                    plot_ui.points(
                        Points::new(name.clone(), PlotPoints::from(points))
                            .color(color)
                            .radius(3.5)
                            .shape(MarkerShape::Circle),
                    );
                }
                for intervention in &open.document.case().interventions {
                    if let Timing::Course { start, end } = &intervention.timing {
                        // A course is a span, as in the trajectory view; an open course runs
                        // to discharge.
                        let end = end
                            .or(open.document.case().anchors.discharge)
                            .unwrap_or(*start);
                        if let (Ok(start), Ok(end)) =
                            (timeline.position(*start), timeline.position(end))
                        {
                            plot_ui.span(
                                Span::new(
                                    format!("{name}: {}", intervention.name),
                                    alignment.to_shared(start)..=alignment.to_shared(end + 1.0),
                                )
                                .fill(color.gamma_multiply(0.08))
                                .border(Stroke::new(0.5, color.gamma_multiply(0.4))),
                            );
                        }
                        continue;
                    }
                    let times = match &intervention.timing {
                        Timing::Single(time) => vec![*time],
                        Timing::Doses(times) => times.clone(),
                        Timing::Course { .. } | Timing::Undated { .. } => Vec::new(),
                    };
                    for time in times {
                        if let Ok(position) = timeline.position(time) {
                            plot_ui.vline(
                                VLine::new(
                                    format!("{name}: interventions"),
                                    alignment.to_shared(position),
                                )
                                .color(color.gamma_multiply(0.7))
                                .style(LineStyle::dashed_loose()),
                            );
                        }
                    }
                }
            }
        });
}
