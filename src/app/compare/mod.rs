//! Comparing cases: the same markers from every open case on one time axis, aligned by
//! calendar date, illness day, hospital day, or an event chosen in each case (day 0 = first
//! MSC infusion, say), each case's interventions drawn in its own colour.
//!
//! Made to be projected to a class: cases are named by their titles, not file names; several
//! markers are shown as small multiples, one plot each on a shared time axis; the key is the
//! list of cases above the plots, never a legend inside them, so it covers no value; and the
//! time axis spaces its ticks by the width of their labels, so labels never overlap.

mod aligned;

use egui::Stroke;
use egui::{Color32, RichText};
use egui_plot::{Line, LineStyle, MarkerShape, Plot, PlotPoints, Points, Span, VLine};

use self::aligned::{AlignedCase, AlignmentCache};
use super::document::CaseDocument;
use super::messages::Messages;
use super::requests::{OpenDocuments, WorkspaceRequest, WorkspaceView};
use crate::analysis::alignment::{AlignBy, AlignmentEvent, SharedAxis};
use crate::analysis::time_axis::{tick_positions, tick_step};
use crate::model::InterventionKind;

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
    /// The alignment and everything placed on it, renewed when a case or the choice changes.
    aligned: AlignmentCache,
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
            aligned: AlignmentCache::default(),
        }
    }

    /// How often the cases were aligned (and their samples placed) since the view was made:
    /// once per edit of a case or change of alignment, never per frame.
    pub fn alignments_computed(&self) -> u64 {
        self.aligned.computed()
    }
}

impl WorkspaceView for CompareState {
    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        cases: OpenDocuments<'_>,
        _messages: &mut Messages,
    ) -> Option<WorkspaceRequest> {
        let back = ui.button("Back to the case").clicked();
        compare_ui(ui, cases.documents, self);
        back.then_some(WorkspaceRequest::ShowCase)
    }
}

/// The open cases' markers on one aligned time axis.
fn compare_ui(ui: &mut egui::Ui, cases: &[&CaseDocument], state: &mut CompareState) {
    state.events.resize(cases.len(), None);
    ui.heading("Compare cases");
    if cases.len() < 2 {
        ui.label(
            "Open two or more cases to compare them (File ▸ Open, or Teaching ▸ Example: Peng and Liang aligned on the first MSC infusion).",
        );
    }
    let CompareState {
        markers: shown,
        align_by,
        events,
        aligned,
    } = state;
    // A new choice below is drawn from the next frame on, aligned once.
    let aligned = aligned.get(cases, *align_by, events);
    let markers = &aligned.markers;
    shown.retain(|marker| markers.iter().any(|(id, _)| id == marker));
    if shown.is_empty()
        && let Some((first, _)) = markers.first()
    {
        shown.push(first.clone());
    }
    ui.horizontal_wrapped(|ui| {
        markers_menu_ui(ui, markers, shown);
        ui.separator();
        ui.label("Align by:");
        for choice in AlignBy::ALL {
            ui.selectable_value(align_by, choice, choice.label());
        }
    });
    cases_list_ui(ui, cases, *align_by, events, aligned);
    if shown.is_empty() {
        ui.label("The open cases have no marker to compare.");
        return;
    }
    let count = shown.len();
    let per_plot =
        ((ui.available_height() - 24.0 * count as f32) / count as f32).max(MIN_PLOT_HEIGHT);
    let link = ui.scope_id().with("compare_link");
    egui::ScrollArea::vertical()
        .id_salt("compare_plots")
        .show(ui, |ui| {
            for (position, marker) in shown.iter().enumerate() {
                let name = markers
                    .iter()
                    .find(|(id, _)| id == marker)
                    .map_or(marker.as_str(), |(_, name)| name.as_str());
                ui.strong(name);
                let plot = PlotShape {
                    height: per_plot,
                    is_last: position + 1 == count,
                    link,
                };
                compare_plot_ui(ui, cases, aligned, marker, plot);
            }
        });
}

/// A menu of the markers any open case has, each with a checkbox: one plot per ticked marker.
fn markers_menu_ui(ui: &mut egui::Ui, markers: &[(String, String)], shown: &mut Vec<String>) {
    let title = match shown.as_slice() {
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
                    let mut ticked = shown.contains(id);
                    if ui.checkbox(&mut ticked, name).changed() {
                        if ticked {
                            shown.push(id.clone());
                        } else if shown.len() > 1 {
                            shown.retain(|marker| marker != id);
                        }
                    }
                }
            });
    });
}

/// A case's name in the comparison: its title (the file name is on hover).
fn case_name(document: &CaseDocument) -> String {
    let title = document.case().metadata.title.trim();
    if title.is_empty() {
        document.source().short_name()
    } else {
        title.to_owned()
    }
}

fn cases_list_ui(
    ui: &mut egui::Ui,
    cases: &[&CaseDocument],
    align_by: AlignBy,
    events: &mut [Option<AlignmentEvent>],
    aligned: &aligned::Aligned,
) {
    for (index, (open, placed)) in cases.iter().zip(&aligned.cases).enumerate() {
        let color = case_color(index);
        // One row per case, wrapping within it: a long title never runs into the next.
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("■ {}", case_name(open)))
                    .color(color)
                    .strong(),
            )
            .on_hover_text(open.source().full_name());
            if align_by == AlignBy::Event {
                event_choice_ui(ui, index, &placed.events, events);
            }
            if !placed.treatments.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "treatments (dashed: doses, shaded: courses): {}",
                        placed.treatments
                    ))
                    .weak(),
                );
            }
            if let Some(Err(error)) = aligned.axis.cases.get(index) {
                ui.label(
                    RichText::new(format!("not shown: {error}")).color(ui.visuals().warn_fg_color),
                );
            }
        });
    }
}

/// The day-0 event of the case at `index`, chosen from the events it has.
fn event_choice_ui(
    ui: &mut egui::Ui,
    index: usize,
    available: &[(AlignmentEvent, String)],
    events: &mut [Option<AlignmentEvent>],
) {
    let chosen = events.get(index).copied().flatten();
    let chosen_name = chosen
        .and_then(|event| available.iter().find(|(candidate, _)| *candidate == event))
        .map_or("choose day 0…".to_owned(), |(_, name)| name.clone());
    egui::ComboBox::new(("compare_event", index), "is day 0")
        .selected_text(chosen_name)
        .width(260.0)
        .show_ui(ui, |ui| {
            for (event, name) in available {
                if ui.selectable_label(chosen == Some(*event), name).clicked()
                    && let Some(slot) = events.get_mut(index)
                {
                    *slot = Some(*event);
                }
            }
        });
}

/// How one of the stacked plots sits: its height, whether it carries the time axis, and the
/// link that keeps the plots' time axes and cursors together.
struct PlotShape {
    height: f32,
    is_last: bool,
    link: egui::Id,
}

fn compare_plot_ui(
    ui: &mut egui::Ui,
    cases: &[&CaseDocument],
    aligned: &aligned::Aligned,
    marker: &str,
    shape: PlotShape,
) {
    let label_axis: std::sync::Arc<SharedAxis> = aligned.axis.clone();
    Plot::new(("compare_plot", marker))
        .height(shape.height)
        .link_axis(shape.link, [true, false])
        .link_cursor(shape.link, [true, false])
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
        .show_axes([shape.is_last, true])
        .y_axis_min_width(60.0)
        .allow_boxed_zoom(false)
        .show(ui, |plot_ui| {
            for (index, (open, placed)) in cases.iter().zip(&aligned.cases).enumerate() {
                if !matches!(aligned.axis.cases.get(index), Some(Ok(_))) {
                    continue;
                }
                draw_case(plot_ui, &case_name(open), placed, case_color(index), marker);
            }
        });
}

fn draw_case<'a>(
    plot_ui: &mut egui_plot::PlotUi<'a>,
    name: &str,
    placed: &'a AlignedCase,
    color: Color32,
    marker: &str,
) {
    for (_, points) in placed.series.iter().filter(|(id, _)| id == marker) {
        plot_ui.line(
            Line::new(name, PlotPoints::Borrowed(points))
                .color(color)
                .width(1.8),
        );
        plot_ui.points(
            Points::new(name, PlotPoints::Borrowed(points))
                .color(color)
                .radius(3.5)
                .shape(MarkerShape::Circle),
        );
    }
    for (start, end) in &placed.courses {
        // Unnamed: egui_plot writes a span's name at its top, where the spans of two cases'
        // courses would write over each other; the case list names them.
        plot_ui.span(
            Span::new("", *start..=*end)
                .fill(color.gamma_multiply(0.08))
                .border(Stroke::new(0.5, color.gamma_multiply(0.4))),
        );
    }
    for (intervention, position) in &placed.doses {
        plot_ui.vline(
            VLine::new(format!("{name}: {intervention}"), *position)
                .color(color.gamma_multiply(0.7))
                .style(LineStyle::dashed_loose()),
        );
    }
}
