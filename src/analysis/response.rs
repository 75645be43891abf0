//! Intervention response: chosen markers' values in a window before and after each dated
//! intervention, with the change, as data for a table and for shading on the plots.
//!
//! Builds on [`super::lab_course`] and keeps its day-resolution convention, so the app's table
//! and the report agree: the *before* window runs from `before_days` days before the first
//! dose up to and including the day of the first dose (results dated without a time of day
//! usually precede a dose given the same day); the *after* window runs from the day after the
//! last dose for `after_days` days. For a course, the first and last dose are its start and
//! end. Two changes are given, both against the last value of the before window (the
//! baseline): to the first value after the last dose (the report's "after", when it lies in the
//! window) and to the last value of the after window (where the marker stood by the window's
//! end). Values stay in the series' unit; a relative change is only given when the baseline is
//! not zero. Undated interventions, and those whose times cannot be placed, are left out.
//! Values taken on exertion are left out of both windows: they are not comparable with the
//! resting values around them.

use super::evidence::{DayIndex, day_of};
use super::lab_course::{CoursePoint, LabCourse, Response, intervention_window, lab_course};
use crate::model::{Case, DayPosition, InterventionKind, ReferenceInterval, Timeline};

/// Days shown before an intervention by default (also the trajectory view's zoom window).
pub const DEFAULT_WINDOW_BEFORE_DAYS: f64 = 3.0;
/// Days shown after an intervention by default.
pub const DEFAULT_WINDOW_AFTER_DAYS: f64 = 7.0;

/// How many whole days before the first dose and after the last dose to look at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResponseWindow {
    pub before_days: f64,
    pub after_days: f64,
}

impl Default for ResponseWindow {
    fn default() -> Self {
        Self {
            before_days: DEFAULT_WINDOW_BEFORE_DAYS,
            after_days: DEFAULT_WINDOW_AFTER_DAYS,
        }
    }
}

impl ResponseWindow {
    /// Whole days; a negative, NaN or absurd setting counts as zero or is capped.
    fn whole_days(days: f64) -> DayIndex {
        if days.is_finite() {
            days.clamp(0.0, 100_000.0).ceil() as DayIndex
        } else {
            0
        }
    }

    pub fn before_whole_days(&self) -> DayIndex {
        Self::whole_days(self.before_days)
    }

    pub fn after_whole_days(&self) -> DayIndex {
        Self::whole_days(self.after_days)
    }
}

/// One marker around one intervention.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkerResponse {
    pub marker: String,
    pub name: String,
    /// As clinicians write it (`×10⁹/L`); every value is in it, unconverted.
    pub unit: String,
    pub reference: Option<ReferenceInterval>,
    /// Values in the before window, in time order.
    pub before: Vec<CoursePoint>,
    /// Values in the after window, in time order.
    pub after: Vec<CoursePoint>,
    /// Baseline (last value before) to the first value after the last dose.
    pub next: Response,
    /// Baseline to the last value of the after window.
    pub by_window_end: Response,
}

impl MarkerResponse {
    pub fn baseline(&self) -> Option<&CoursePoint> {
        self.next.before.as_ref()
    }
}

/// The chosen markers around one intervention.
#[derive(Clone, Debug, PartialEq)]
pub struct InterventionResponse {
    /// Index into `case.interventions`.
    pub intervention_index: usize,
    pub name: String,
    pub kind: InterventionKind,
    pub dates_reconstructed: bool,
    /// Start of the day of the first dose, and of the day of the last dose.
    pub first_dose_day: DayPosition,
    pub last_dose_day: DayPosition,
    /// The before window to shade, `start..end` on the case axis (end exclusive).
    pub before_span: (DayPosition, DayPosition),
    /// The after window to shade, `start..end` on the case axis (end exclusive).
    pub after_span: (DayPosition, DayPosition),
    /// One per chosen marker the case has, in the order asked for.
    pub markers: Vec<MarkerResponse>,
}

/// The response of `markers` (ids; an id the case lacks is skipped) to every dated
/// intervention of the case, in the case's order.
pub fn intervention_responses(
    case: &Case,
    markers: &[&str],
    window: ResponseWindow,
) -> Vec<InterventionResponse> {
    let timeline = Timeline::for_case(case);
    let courses: Vec<LabCourse> = markers
        .iter()
        .filter_map(|marker| case.series.iter().find(|series| series.marker == *marker))
        .map(|series| lab_course(series, &timeline))
        .collect();
    case.interventions
        .iter()
        .enumerate()
        .filter_map(|(intervention_index, intervention)| {
            let (first, last) = intervention_window(intervention, &timeline)?;
            let first_day = day_of(first);
            let last_day = day_of(last);
            let before_start = first_day.saturating_sub(window.before_whole_days());
            let after_end = last_day.saturating_add(window.after_whole_days());
            Some(InterventionResponse {
                intervention_index,
                name: intervention.name.clone(),
                kind: intervention.kind,
                dates_reconstructed: intervention.dates_reconstructed,
                first_dose_day: first_day as DayPosition,
                last_dose_day: last_day as DayPosition,
                before_span: (before_start as DayPosition, (first_day + 1) as DayPosition),
                after_span: (
                    (last_day + 1) as DayPosition,
                    (after_end + 1) as DayPosition,
                ),
                markers: courses
                    .iter()
                    .map(|course| {
                        marker_response(course, before_start, first_day, last_day, after_end)
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Days are inclusive: before = `before_start..=first_day`, after = `last_day+1..=after_end`.
fn marker_response(
    course: &LabCourse,
    before_start: DayIndex,
    first_day: DayIndex,
    last_day: DayIndex,
    after_end: DayIndex,
) -> MarkerResponse {
    let in_days = |from: DayIndex, to: DayIndex| -> Vec<CoursePoint> {
        course
            .points
            .iter()
            .filter(|point| point.is_comparable() && (from..=to).contains(&day_of(point.position)))
            .cloned()
            .collect()
    };
    let before = in_days(before_start, first_day);
    let after = in_days(last_day.saturating_add(1), after_end);
    let baseline = before.last().cloned();
    MarkerResponse {
        marker: course.marker.clone(),
        name: course.name.clone(),
        unit: course.unit.clone(),
        reference: course.reference,
        next: Response {
            before: baseline.clone(),
            after: after.first().cloned(),
        },
        by_window_end: Response {
            before: baseline,
            after: after.last().cloned(),
        },
        before,
        after,
    }
}
