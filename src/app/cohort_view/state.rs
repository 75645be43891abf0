//! The cohort view's state (its choices and the courses it keeps per marker, filter,
//! alignment and scale) and the small texts and colours its panels share: below the view
//! (`mod.rs`) and its panels (`controls`, `list`), which all read it.

use std::sync::Arc;

use egui::Color32;

use super::geometry::{Geometry, GeometryKey, to_scale};
use crate::analysis::cohort::courses::{CohortFilter, CourseAlignment, Ranking};
use crate::app::document::{CaseDocument, CaseSource};
use crate::app::theme::{NON_SURVIVOR_COLOR, SURVIVOR_COLOR};
use crate::model::exact_unit_factor;
use crate::model::{Cohort, CohortOutcome};
/// The markers shown first, when the cohort has them: the three of the published rule.
const FIRST_MARKERS: [&str; 3] = ["ldh", "hs_crp", "lymphocytes_percent"];

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
    pub(super) geometries: Vec<Arc<Geometry>>,
    pub(super) geometry_builds: u64,
    /// The list order of the first plot's courses, for the ranking it was made with.
    pub(super) ranked: Option<(GeometryKey, Ranking, Arc<Vec<usize>>)>,
    /// Analytes by name, for the marker list; made once per cohort.
    pub(super) marker_order: Vec<usize>,
    /// Patients whose sex the cohort records; counted with `marker_order`.
    pub(super) sex_recorded: usize,
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

    pub(super) fn prepare(&mut self, cohort: &Cohort) {
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
    pub(super) fn ranked(&mut self) -> Option<(Arc<Geometry>, Arc<Vec<usize>>)> {
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
    pub(super) fn current_courses(
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

pub(super) fn outcome_color(outcome: CohortOutcome) -> Color32 {
    match outcome {
        CohortOutcome::Survived => SURVIVOR_COLOR,
        CohortOutcome::Died => NON_SURVIVOR_COLOR,
    }
}

pub(super) fn age_text(age: Option<u32>) -> String {
    age.map_or_else(|| "age not stated".to_owned(), |age| format!("{age} y"))
}

/// Days from admission as the hospital day they fall on (admission = day 1).
pub(super) fn day_text(days: f64) -> String {
    format!("hospital day {}", days.floor() as i64 + 1)
}
