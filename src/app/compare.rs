//! Comparing cases: the same markers from every open case on one time axis, aligned by
//! calendar date, illness day, hospital day, or an event chosen in each case (day 0 = first
//! MSC infusion, say), each case's interventions drawn in its own colour.
//!
//! Made to be projected to a class: cases are named by their titles, not file names; several
//! markers are shown as small multiples, one plot each on a shared time axis; the key is the
//! list of cases above the plots, never a legend inside them, so it covers no value; and the
//! time axis spaces its ticks by the width of their labels, so labels never overlap.

use egui::Stroke;
use egui::{Color32, RichText};
use egui_plot::{Line, LineStyle, MarkerShape, Plot, PlotPoints, Points, Span, VLine};

use super::state::{OpenCase, Workspace};
use crate::analysis::alignment::{
    AlignBy, AlignmentEvent, CaseAlignment, SharedAxis, align_cases, available_events,
};
use crate::analysis::time_axis::{tick_positions, tick_step};
use crate::model::{Case, InterventionKind, Timing};

/// The widest time-axis label (`30 Sep 2020`, `illness day 120`) in points, with a gap.
const TIME_LABEL_WIDTH: f64 = 110.0;
/// Below this a plot stops reading; the plots then scroll.
const MIN_PLOT_HEIGHT: f32 = 150.0;

/// The colour of the case at `index`: the palette's series colours, told apart at a glance.
fn case_color(index: usize) -> Color32 {
    crate::app::theme::color32(crate::palette::series(index))
}

/// What the compare view shows; one for the whole app.
#[derive(Debug, Default)]
pub struct CompareState {
    /// The markers shown, one plot each, in the order chosen; empty for the first shared one.
    pub markers: Vec<String>,
    pub align_by: AlignBy,
    /// The day-0 event chosen in each open case, by index in the workspace.
    pub events: Vec<Option<AlignmentEvent>>,
}

impl CompareState {
    /// The teaching example: aligned on the first cell-therapy (MSC) infusion of each case.
    pub fn on_first_msc_infusion(case_count: usize, marker: &str) -> Self {
        Self {
            markers: vec![marker.to_owned()],
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
    state
        .markers
        .retain(|marker| markers.iter().any(|(id, _)| id == marker));
    if state.markers.is_empty()
        && let Some((first, _)) = markers.first()
    {
        state.markers.push(first.clone());
    }
    ui.horizontal_wrapped(|ui| {
        markers_menu_ui(ui, &markers, state);
        ui.separator();
        ui.label("Align by:");
        for align_by in AlignBy::ALL {
            ui.selectable_value(&mut state.align_by, align_by, align_by.label());
        }
    });
    let axis = align_cases(&cases, state.align_by, &state.events);
    cases_list_ui(ui, workspace, state, &axis);
    if state.markers.is_empty() {
        ui.label("The open cases have no marker to compare.");
        return;
    }
    let count = state.markers.len();
    let per_plot =
        ((ui.available_height() - 24.0 * count as f32) / count as f32).max(MIN_PLOT_HEIGHT);
    let link = ui.scope_id().with("compare_link");
    egui::ScrollArea::vertical()
        .id_salt("compare_plots")
        .show(ui, |ui| {
            for (position, marker) in state.markers.iter().enumerate() {
                let name = markers
                    .iter()
                    .find(|(id, _)| id == marker)
                    .map_or(marker.as_str(), |(_, name)| name.as_str());
                ui.strong(name);
                let is_last = position + 1 == count;
                compare_plot_ui(ui, workspace, &axis, marker, per_plot, is_last, link);
            }
        });
}

/// A menu of the markers any open case has, each with a checkbox: one plot per ticked marker.
fn markers_menu_ui(ui: &mut egui::Ui, markers: &[(String, String)], state: &mut CompareState) {
    let title = match state.markers.as_slice() {
        [only] => markers
            .iter()
            .find(|(id, _)| id == only)
            .map_or_else(|| only.clone(), |(_, name)| name.clone()),
        several => format!("{} markers", several.len()),
    };
    ui.label("Markers:");
    ui.menu_button(format!("{title} ▾"), |ui| {
        egui::ScrollArea::vertical()
            .max_height(400.0)
            .show(ui, |ui| {
                for (id, name) in markers {
                    let mut shown = state.markers.contains(id);
                    if ui.checkbox(&mut shown, name).changed() {
                        if shown {
                            state.markers.push(id.clone());
                        } else if state.markers.len() > 1 {
                            state.markers.retain(|marker| marker != id);
                        }
                    }
                }
            });
    });
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

/// A case's name in the comparison: its title (the file name is on hover).
fn case_name(open: &OpenCase) -> String {
    let title = open.document.case().metadata.title.trim();
    if title.is_empty() {
        open.document.source.short_name()
    } else {
        title.to_owned()
    }
}

fn cases_list_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    state: &mut CompareState,
    axis: &SharedAxis,
) {
    for (index, open) in workspace.cases.iter().enumerate() {
        let color = case_color(index);
        // One row per case, wrapping within it: a long title never runs into the next.
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("■ {}", case_name(open)))
                    .color(color)
                    .strong(),
            )
            .on_hover_text(open.document.source.full_name());
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
            let treatments = treatment_names(open.document.case());
            if !treatments.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "treatments (dashed: doses, shaded: courses): {treatments}"
                    ))
                    .weak(),
                );
            }
            if let Some(Err(error)) = axis.cases.get(index) {
                ui.label(
                    RichText::new(format!("not shown: {error}")).color(ui.visuals().warn_fg_color),
                );
            }
        });
    }
}

/// The names of a case's dated interventions, once each, in the case's order.
fn treatment_names(case: &Case) -> String {
    let mut names: Vec<&str> = Vec::new();
    for intervention in &case.interventions {
        let dated = !matches!(intervention.timing, Timing::Undated { .. });
        if dated && !names.contains(&intervention.name.as_str()) {
            names.push(&intervention.name);
        }
    }
    names.join(", ")
}

fn compare_plot_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    axis: &SharedAxis,
    marker: &str,
    height: f32,
    is_last: bool,
    link: egui::Id,
) {
    let label_axis = axis.clone();
    Plot::new(("compare_plot", marker))
        .height(height)
        .link_axis(link, [true, false])
        .link_cursor(link, [true, false])
        .x_grid_spacer(|input| {
            // base_step_size is the value of egui_plot's 8-point minimum grid spacing: ticks
            // go no closer than the widest label.
            let per_point = input.base_step_size / 8.0;
            let step = tick_step(per_point * TIME_LABEL_WIDTH).max(1.0);
            tick_positions(input.bounds.0, input.bounds.1, step)
                .into_iter()
                .map(|value| egui_plot::GridMark {
                    value,
                    step_size: step,
                })
                .collect()
        })
        .x_axis_formatter(move |mark, _range| label_axis.label(mark.value))
        .show_axes([is_last, true])
        .y_axis_min_width(60.0)
        .allow_boxed_zoom(false)
        .show(ui, |plot_ui| {
            for (index, open) in workspace.cases.iter().enumerate() {
                let Some(Ok(alignment)) = axis.cases.get(index) else {
                    continue;
                };
                draw_case(plot_ui, open, alignment, case_color(index), marker);
            }
        });
}

fn draw_case(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    open: &OpenCase,
    alignment: &CaseAlignment,
    color: Color32,
    marker: &str,
) {
    let name = case_name(open);
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
            // A course is a span, as in the trajectory view; an open course runs to discharge.
            let end = end
                .or(open.document.case().anchors.discharge)
                .unwrap_or(*start);
            if let (Ok(start), Ok(end)) = (timeline.position(*start), timeline.position(end)) {
                // Unnamed: egui_plot writes a span's name at its top, where the spans of two
                // cases' courses would write over each other; the case list names them.
                plot_ui.span(
                    Span::new(
                        "",
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
                        format!("{name}: {}", intervention.name),
                        alignment.to_shared(position),
                    )
                    .color(color.gamma_multiply(0.7))
                    .style(LineStyle::dashed_loose()),
                );
            }
        }
    }
}
