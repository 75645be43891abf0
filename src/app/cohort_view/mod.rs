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

use std::sync::Arc;

use egui::{Color32, RichText, Stroke};
use egui_plot::{Line, MarkerShape, Plot, PlotPoints, Points};

use super::cohort_reference;
use super::document::{CaseDocument, CaseSource};
use super::messages::Messages;
use super::requests::{OpenDocuments, WorkspaceRequest, WorkspaceView};
use crate::analysis::cohort::courses::{CohortFilter, CourseAlignment, Ranking};
use crate::model::exact_unit_factor;
use crate::model::marker::display_unit;
use crate::model::{Cohort, CohortOutcome};
use geometry::{CourseLines, Geometry, GeometryKey, to_scale};

pub use crate::app::theme::{CURRENT_CASE_COLOR, NON_SURVIVOR_COLOR, SURVIVOR_COLOR};

/// The markers shown first, when the cohort has them: the three of the published rule.
const FIRST_MARKERS: [&str; 3] = ["ldh", "hs_crp", "lymphocytes_percent"];

/// How close (in points) the pointer must be to a course to name its patient.
const HOVER_RADIUS: f32 = 6.0;

/// What the cohort view asks of the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CohortRequest {
    /// Open this patient (index into the cohort's patients) as a case.
    OpenPatient(usize),
}

/// The state of the cohort view; one for the whole app.
#[derive(Debug, Default)]
pub struct CohortViewState {
    /// The analytes shown, one plot each, by index into the cohort's analytes.
    pub analytes: Vec<usize>,
    pub filter: CohortFilter,
    pub alignment: CourseAlignment,
    pub ranking: Ranking,
    pub log_scale: bool,
    pub marker_search: String,
    /// The benchmark's naive baseline: build every plot's geometry again each frame.
    pub rebuild_every_frame: bool,
    /// One geometry per shown analyte, in the order of `analytes`.
    geometries: Vec<Arc<Geometry>>,
    geometry_builds: u64,
    /// The list order of the first plot's courses, for the ranking it was made with.
    ranked: Option<(GeometryKey, Ranking, Arc<Vec<usize>>)>,
    /// Analytes by name, for the marker list; made once per cohort.
    marker_order: Vec<usize>,
    /// Patients whose sex the cohort records; counted with `marker_order`.
    sex_recorded: usize,
    /// The patient under the pointer in the last frame (index into the cohort's patients).
    pub hovered: Option<u32>,
    current: Option<(CurrentKey, CurrentCourses)>,
}

/// The case in front on each plot's axes, by plot; `None` where it cannot be shown.
type CurrentCourses = Arc<Vec<Option<Vec<[f64; 2]>>>>;

/// What the current case's courses depend on.
#[derive(Clone, Debug, PartialEq)]
struct CurrentKey {
    source: CaseSource,
    generation: u64,
    analytes: Vec<usize>,
    alignment: CourseAlignment,
    log_scale: bool,
}

impl CohortViewState {
    /// A view that builds its geometry every frame when `naive` (the benchmark's baseline).
    pub fn rebuilding_every_frame(naive: bool) -> Self {
        Self {
            rebuild_every_frame: naive,
            ..Self::default()
        }
    }

    /// How often a plot's geometry was built since the view was made: once per change of
    /// marker, filter, alignment or scale, never per frame.
    pub fn geometry_builds(&self) -> u64 {
        self.geometry_builds
    }

    fn prepare(&mut self, cohort: &Cohort) {
        if self.marker_order.len() != cohort.analytes.len() {
            let mut order: Vec<usize> = (0..cohort.analytes.len()).collect();
            order.sort_by_key(|&index| cohort.analytes[index].name.to_lowercase());
            self.marker_order = order;
            self.sex_recorded = cohort
                .patients
                .iter()
                .filter(|patient| patient.sex.is_some())
                .count();
            self.analytes.retain(|&index| index < cohort.analytes.len());
            if self.analytes.is_empty() {
                self.analytes = FIRST_MARKERS
                    .iter()
                    .filter_map(|id| {
                        cohort
                            .analytes
                            .iter()
                            .position(|analyte| analyte.marker == *id)
                    })
                    .collect();
            }
            if self.analytes.is_empty() && !cohort.analytes.is_empty() {
                self.analytes.push(0);
            }
        }
        let wanted: Vec<GeometryKey> = self
            .analytes
            .iter()
            .map(|&analyte| GeometryKey {
                analyte,
                filter: self.filter,
                alignment: self.alignment,
                log_scale: self.log_scale,
            })
            .collect();
        let current: Vec<GeometryKey> = self
            .geometries
            .iter()
            .map(|geometry| geometry.key)
            .collect();
        if current != wanted || self.rebuild_every_frame {
            let mut kept = std::mem::take(&mut self.geometries);
            for key in wanted {
                let reused = kept
                    .iter()
                    .position(|geometry| geometry.key == key && !self.rebuild_every_frame)
                    .map(|index| kept.swap_remove(index));
                let geometry = reused.unwrap_or_else(|| {
                    self.geometry_builds += 1;
                    Arc::new(Geometry::build(cohort, key))
                });
                self.geometries.push(geometry);
            }
        }
    }

    /// The first plot's courses in list order.
    fn ranked(&mut self) -> Option<(Arc<Geometry>, Arc<Vec<usize>>)> {
        let geometry = self.geometries.first()?.clone();
        let fresh = self.ranked.as_ref().is_some_and(|(key, ranking, _)| {
            *key == geometry.key && *ranking == self.ranking && !self.rebuild_every_frame
        });
        if !fresh {
            let order = Arc::new(geometry.courses.ranked(self.ranking));
            self.ranked = Some((geometry.key, self.ranking, order));
        }
        let order = self.ranked.as_ref()?.2.clone();
        Some((geometry, order))
    }

    /// The case in front on each plot's axes, made once per edit of it.
    fn current_courses(
        &mut self,
        cohort: &Cohort,
        document: Option<&CaseDocument>,
    ) -> Option<CurrentCourses> {
        let document = document?;
        let key = CurrentKey {
            source: document.source().clone(),
            generation: document.generation(),
            analytes: self.analytes.clone(),
            alignment: self.alignment,
            log_scale: self.log_scale,
        };
        if let Some((cached, courses)) = &self.current
            && *cached == key
            && !self.rebuild_every_frame
        {
            return Some(courses.clone());
        }
        let courses = Arc::new(
            self.analytes
                .iter()
                .map(|&analyte| {
                    current_course(cohort, analyte, document, self.alignment, self.log_scale)
                })
                .collect::<Vec<_>>(),
        );
        self.current = Some((key, courses.clone()));
        Some(courses)
    }
}

/// The case's series of a cohort analyte, in the cohort's unit (same unit, or an exact
/// conversion), on the view's axes; `None` when the case has none or cannot be aligned.
fn current_course(
    cohort: &Cohort,
    analyte: usize,
    document: &CaseDocument,
    alignment: CourseAlignment,
    log_scale: bool,
) -> Option<Vec<[f64; 2]>> {
    let entry = cohort.analytes.get(analyte)?;
    let timeline = document.timeline();
    let admission = timeline.admission()?;
    let (series, factor) = document.case().series.iter().find_map(|series| {
        if series.marker != entry.marker {
            return None;
        }
        let factor = exact_unit_factor(series.unit()?, &entry.unit)?;
        (factor.is_finite() && factor > 0.0).then_some((series, factor))
    })?;
    let mut points: Vec<[f64; 2]> = series
        .samples
        .iter()
        .filter(|sample| sample.value.is_finite())
        .filter_map(|sample| {
            let position = timeline.position(sample.time).ok()?;
            Some([position - admission, sample.value * factor])
        })
        .collect();
    let origin = match alignment {
        CourseAlignment::Admission => 0.0,
        CourseAlignment::Peak => {
            points
                .iter()
                .fold(None, |peak: Option<[f64; 2]>, point| match peak {
                    Some(best) if best[1] >= point[1] => Some(best),
                    _ => Some(*point),
                })?[0]
        }
        CourseAlignment::EndOfStay => timeline.discharge()? - admission,
    };
    for point in &mut points {
        *point = [point[0] - origin, to_scale(point[1], log_scale)];
    }
    Some(points)
}

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

fn outcome_color(outcome: CohortOutcome) -> Color32 {
    match outcome {
        CohortOutcome::Survived => SURVIVOR_COLOR,
        CohortOutcome::Died => NON_SURVIVOR_COLOR,
    }
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

pub(super) fn age_text(age: Option<u32>) -> String {
    age.map_or_else(|| "age not stated".to_owned(), |age| format!("{age} y"))
}

/// Days from admission as the hospital day they fall on (admission = day 1).
pub(super) fn day_text(days: f64) -> String {
    format!("hospital day {}", days.floor() as i64 + 1)
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
