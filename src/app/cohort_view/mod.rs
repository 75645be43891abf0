//! The cohort view: every patient's course of one or several markers in the reference cohort
//! (Tongji 375, Yan et al. 2020), aligned on admission, the peak or the end of stay, filtered
//! by outcome, age and sex, and ranked by peak, last value or time to peak. The case in
//! front is drawn over the cohort; hovering a course or a row names the patient, and a click
//! opens that patient as a case in a new tab.
//!
//! The courses of each plot are computed once per (marker, filter, alignment, scale) and kept
//! in [`CohortViewState`] until one of them changes; a frame only transforms and draws them.

mod controls;
mod geometry;
mod list;
mod state;

use std::sync::Arc;

use egui::{RichText, Stroke};
use egui_plot::{Line, MarkerShape, Plot, PlotPoints, Points};

use super::cohort_reference;
use super::document::CaseDocument;
use super::messages::Messages;
use super::requests::{OpenDocuments, WorkspaceRequest, WorkspaceView};
use crate::model::marker::display_unit;
use crate::model::{Cohort, CohortOutcome};
use geometry::{CourseLines, Geometry};
pub use state::{CohortRequest, CohortViewState};
use state::{age_text, day_text, outcome_color};

pub use crate::app::theme::{CURRENT_CASE_COLOR, NON_SURVIVOR_COLOR, SURVIVOR_COLOR};

/// How close (in points) the pointer must be to a course to name its patient.
const HOVER_RADIUS: f32 = 6.0;

impl WorkspaceView for CohortViewState {
    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        cases: OpenDocuments<'_>,
        _messages: &mut Messages,
    ) -> Option<WorkspaceRequest> {
        if ui.button("Back to the case").clicked() {
            return Some(WorkspaceRequest::ShowCase);
        }
        let request = cohort_view_ui(ui, cases.active(), self)?;
        let CohortRequest::OpenPatient(patient) = request;
        Some(WorkspaceRequest::OpenCohortPatient(patient))
    }
}

/// The cohort view with the bundled cohort; loads it on a worker thread the first time.
fn cohort_view_ui(
    ui: &mut egui::Ui,
    current: Option<&CaseDocument>,
    state: &mut CohortViewState,
) -> Option<CohortRequest> {
    let Some(loaded) = cohort_reference::ready_or_start(ui.ctx()) else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Loading the reference cohort…");
        });
        return None;
    };
    match loaded {
        Ok(reference) => cohort_ui(ui, &reference.cohort, current, state),
        Err(error) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "The bundled cohort could not be read (a damaged build; reinstall CaseLens): \
                     {error}"
                ),
            );
            None
        }
    }
}

/// The cohort view of `cohort`, with `current` (the case in front) drawn over it.
pub fn cohort_ui(
    ui: &mut egui::Ui,
    cohort: &Cohort,
    current: Option<&CaseDocument>,
    state: &mut CohortViewState,
) -> Option<CohortRequest> {
    state.prepare(cohort);
    let mut request = None;
    let mut hovered_now = None;
    egui::Panel::bottom("cohort_attribution").show(ui, |ui| {
        ui.label(
            RichText::new(format!("{}: {}", cohort.name, cohort.attribution))
                .small()
                .weak(),
        );
    });
    egui::Panel::left("cohort_controls")
        .resizable(true)
        .default_size(250.0)
        .show(ui, |ui| controls::controls_ui(ui, cohort, state));
    egui::Panel::right("cohort_ranking")
        .resizable(true)
        .default_size(330.0)
        .show(ui, |ui| {
            if let Some(asked) = list::ranking_ui(ui, cohort, state, &mut hovered_now) {
                request = Some(asked);
            }
        });
    let current_courses = state.current_courses(cohort, current);
    egui::CentralPanel::default().show(ui, |ui| {
        key_ui(ui, cohort, state, current, current_courses.as_deref());
        if let Some(asked) = plots_ui(
            ui,
            cohort,
            state,
            current_courses.as_deref(),
            &mut hovered_now,
        ) {
            request = Some(asked);
        }
    });
    if state.hovered != hovered_now {
        // The highlight and the name are drawn from `hovered`: show them at once, not at the
        // next mouse move.
        ui.ctx().request_repaint();
        state.hovered = hovered_now;
    }
    request
}

/// The key above the plots (outside them, so it never covers a course) and the patient
/// under the pointer.
fn key_ui(
    ui: &mut egui::Ui,
    cohort: &Cohort,
    state: &CohortViewState,
    current: Option<&CaseDocument>,
    current_courses: Option<&Vec<Option<Vec<[f64; 2]>>>>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.heading(&cohort.name);
        // Counts are per plot, beside each plot's title: they differ by marker.
        ui.label(RichText::new("━ survivors").color(SURVIVOR_COLOR));
        ui.label(RichText::new("━ non-survivors").color(NON_SURVIVOR_COLOR));
        if let Some(document) = current {
            let shown = current_courses.is_some_and(|courses| courses.iter().any(Option::is_some));
            let title = &document.case().metadata.title;
            if shown {
                ui.label(
                    RichText::new(format!("━ ● case in front: {title}"))
                        .color(CURRENT_CASE_COLOR)
                        .strong(),
                );
            } else {
                ui.label(
                    RichText::new(format!(
                        "case in front ({title}): none of these markers in a matching unit \
                         with a dated admission"
                    ))
                    .weak(),
                );
            }
        }
    });
    let hovered = state
        .hovered
        .and_then(|patient| describe_patient(cohort, state, patient));
    ui.label(match hovered {
        Some(text) => RichText::new(format!("{text} — click to open as a case")).strong(),
        None => RichText::new(
            "Hover a course to name its patient; click it to open the patient as a case.",
        )
        .weak(),
    });
}

/// `Patient 17 · died · 63 y · LDH peak 1234 U/L on hospital day 5`.
fn describe_patient(cohort: &Cohort, state: &CohortViewState, patient: u32) -> Option<String> {
    let entry = cohort.patients.get(patient as usize)?;
    let mut text = format!(
        "Patient {} · {} · {}",
        entry.id,
        entry.outcome.label(),
        age_text(entry.age_years)
    );
    for geometry in &state.geometries {
        let Some(course) = geometry
            .courses
            .courses
            .iter()
            .find(|course| course.patient == patient)
        else {
            continue;
        };
        let analyte = &cohort.analytes[geometry.key.analyte];
        text.push_str(&format!(
            " · {} peak {} on {}",
            analyte.name,
            crate::analysis::format::quantity(course.peak, &display_unit(&analyte.unit)),
            day_text(course.peak_day)
        ));
    }
    Some(text)
}

fn plots_ui(
    ui: &mut egui::Ui,
    cohort: &Cohort,
    state: &CohortViewState,
    current_courses: Option<&Vec<Option<Vec<[f64; 2]>>>>,
    hovered_now: &mut Option<u32>,
) -> Option<CohortRequest> {
    let count = state.geometries.len();
    if count == 0 {
        ui.label("Choose one or more markers on the left.");
        return None;
    }
    let link = ui.scope_id().with("cohort_plots_link");
    // Small multiples share the height; below 140 points a plot stops reading, so scroll.
    let per_plot = ((ui.available_height() - 30.0 * count as f32) / count as f32).max(140.0);
    let mut request = None;
    egui::ScrollArea::vertical()
        .id_salt("cohort_plots")
        .show(ui, |ui| {
            for (position, geometry) in state.geometries.iter().enumerate() {
                let current = current_courses
                    .and_then(|courses| courses.get(position))
                    .and_then(Option::as_ref);
                let asked = plot_ui(
                    ui,
                    cohort,
                    state,
                    geometry,
                    current,
                    position + 1 == count,
                    per_plot,
                    link,
                    hovered_now,
                );
                if asked.is_some() {
                    request = asked;
                }
            }
        });
    request
}

#[allow(clippy::too_many_arguments)] // one call site; the pieces are what a plot reads
fn plot_ui(
    ui: &mut egui::Ui,
    cohort: &Cohort,
    state: &CohortViewState,
    geometry: &Arc<Geometry>,
    current: Option<&Vec<[f64; 2]>>,
    is_last: bool,
    height: f32,
    link: egui::Id,
    hovered_now: &mut Option<u32>,
) -> Option<CohortRequest> {
    let analyte = &cohort.analytes[geometry.key.analyte];
    let unit = display_unit(&analyte.unit);
    let (survived, died) = geometry.courses.outcome_counts();
    ui.horizontal(|ui| {
        let scale = if state.log_scale { ", log scale" } else { "" };
        // `Lymphocytes (%)` already names its unit.
        let title = if analyte.name.ends_with(&format!("({unit})")) {
            analyte.name.clone()
        } else {
            format!("{} ({unit})", analyte.name)
        };
        ui.strong(format!("{title}{scale}"));
        ui.label(
            RichText::new(format!(
                "{} of the {} matching patients have values ({survived} survived, {died} died)",
                geometry.courses.courses.len(),
                geometry.courses.admitted
            ))
            .weak(),
        );
        if geometry.courses.unaligned > 0 {
            ui.label(
                RichText::new(format!(
                    "{} left out: no discharge or death time",
                    geometry.courses.unaligned
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
    });
    let log_scale = state.log_scale;
    let mut plot = Plot::new(("cohort_plot", geometry.key.analyte))
        .height(height)
        .link_axis(link, [true, false])
        .link_cursor(link, [true, false])
        .allow_boxed_zoom(false)
        .allow_scroll([true, false])
        .allow_zoom([true, false])
        .y_axis_min_width(60.0)
        .show_x(false)
        .show_y(false);
    if is_last {
        plot = plot.x_axis_label(state.alignment.axis_title());
    }
    if log_scale {
        plot = plot
            .y_grid_spacer(egui_plot::log_grid_spacer(10))
            .y_axis_formatter(|mark, _range| crate::analysis::format::log_tick(mark.value));
    }
    let hovered_before = state.hovered;
    let response = plot.show(ui, |plot_ui| {
        for outcome in CohortOutcome::BOTH {
            let stroke = Stroke::new(1.0, outcome_color(outcome).gamma_multiply(0.35));
            plot_ui.add(CourseLines::new(geometry.clone(), outcome, stroke));
        }
        if let Some(patient) = hovered_before
            && let Some(index) = geometry
                .courses
                .courses
                .iter()
                .position(|course| course.patient == patient)
        {
            let color = outcome_color(geometry.courses.courses[index].outcome);
            let points: Vec<[f64; 2]> = geometry.course_points(index).to_vec();
            plot_ui.line(
                Line::new("", PlotPoints::from(points.clone()))
                    .color(color)
                    .width(2.5),
            );
            plot_ui.points(
                Points::new("", PlotPoints::from(points))
                    .color(color)
                    .radius(3.0),
            );
        }
        if let Some(points) = current {
            plot_ui.line(
                Line::new("", PlotPoints::from(points.clone()))
                    .color(CURRENT_CASE_COLOR)
                    .width(2.5),
            );
            plot_ui.points(
                Points::new("", PlotPoints::from(points.clone()))
                    .color(CURRENT_CASE_COLOR)
                    .radius(3.5)
                    .shape(MarkerShape::Circle),
            );
        }
        let pointer = plot_ui.response().hover_pos()?;
        geometry.course_at(plot_ui.transform(), pointer, HOVER_RADIUS)
    });
    let course = response
        .inner
        .and_then(|index| geometry.courses.courses.get(index))?;
    *hovered_now = Some(course.patient);
    let text = describe_patient(cohort, state, course.patient).unwrap_or_default();
    let response = response
        .response
        .on_hover_text_at_pointer(format!("{text}\nClick to open as a case"));
    response
        .clicked()
        .then_some(CohortRequest::OpenPatient(course.patient as usize))
}
