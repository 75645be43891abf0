//! What the cohort view draws, computed once per (analyte, filter, alignment, scale) and kept
//! until one of them changes: every course's points on the plot's axes, and the plot item
//! that draws all courses of one outcome as polylines from that one buffer.

use std::sync::Arc;

use egui::{Color32, Pos2, Shape, Stroke};
use egui_plot::{PlotBounds, PlotGeometry, PlotItem, PlotItemBase, PlotPoint, PlotTransform};

use crate::analysis::cohort::courses::{CohortFilter, CourseAlignment, Courses, courses};
use crate::model::{Cohort, CohortOutcome};

/// What a geometry depends on; a change of any part builds it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GeometryKey {
    pub analyte: usize,
    pub filter: CohortFilter,
    pub alignment: CourseAlignment,
    pub log_scale: bool,
}

/// The courses of one plot, on its axes.
#[derive(Debug)]
pub struct Geometry {
    pub key: GeometryKey,
    pub courses: Courses,
    /// `courses.points` with the value on the plot's scale (log₁₀ on a log plot; NaN where
    /// a value cannot be shown there, which the drawing skips).
    pub shown: Vec<[f64; 2]>,
    /// Bounds of the finite shown points.
    pub bounds: Option<([f64; 2], [f64; 2])>,
}

impl Geometry {
    pub fn build(cohort: &Cohort, key: GeometryKey) -> Self {
        let courses = courses(cohort, key.analyte, &key.filter, key.alignment);
        let shown: Vec<[f64; 2]> = courses
            .points
            .iter()
            .map(|&[x, value]| [x, to_scale(value, key.log_scale)])
            .collect();
        let bounds = shown
            .iter()
            .filter(|point| point[0].is_finite() && point[1].is_finite())
            .fold(None, |bounds: Option<([f64; 2], [f64; 2])>, point| {
                let (low, high) = bounds.unwrap_or((*point, *point));
                Some((
                    [low[0].min(point[0]), low[1].min(point[1])],
                    [high[0].max(point[0]), high[1].max(point[1])],
                ))
            });
        Self {
            key,
            courses,
            shown,
            bounds,
        }
    }

    /// The shown points of course `index`.
    pub fn course_points(&self, index: usize) -> &[[f64; 2]] {
        self.courses
            .courses
            .get(index)
            .and_then(|course| self.shown.get(course.points.clone()))
            .unwrap_or_default()
    }

    /// The course under `pointer` (screen position), within `radius` points, if any.
    pub fn course_at(
        &self,
        transform: &PlotTransform,
        pointer: Pos2,
        radius: f32,
    ) -> Option<usize> {
        let screen =
            |point: [f64; 2]| transform.position_from_point(&PlotPoint::new(point[0], point[1]));
        let mut best: Option<(usize, f32)> = None;
        for index in 0..self.courses.courses.len() {
            let points = self.course_points(index);
            let mut distance = f32::INFINITY;
            let mut previous: Option<Pos2> = None;
            for point in points.iter().filter(|point| point[1].is_finite()) {
                let at = screen(*point);
                let segment = match previous {
                    Some(from) => distance_to_segment(pointer, from, at),
                    None => pointer.distance(at),
                };
                distance = distance.min(segment);
                previous = Some(at);
            }
            if distance <= radius && best.is_none_or(|(_, nearest)| distance < nearest) {
                best = Some((index, distance));
            }
        }
        best.map(|(index, _)| index)
    }
}

/// A value on the plot's scale: log₁₀ on a log plot (NaN for values that have none).
pub fn to_scale(value: f64, log_scale: bool) -> f64 {
    if !log_scale {
        value
    } else if value > 0.0 {
        value.log10()
    } else {
        f64::NAN
    }
}

fn distance_to_segment(point: Pos2, from: Pos2, to: Pos2) -> f32 {
    let along = to - from;
    let length_sq = along.length_sq();
    if length_sq <= f32::EPSILON {
        return point.distance(from);
    }
    let share = ((point - from).dot(along) / length_sq).clamp(0.0, 1.0);
    point.distance(from + along * share)
}

/// All courses of one outcome as thin polylines: one plot item for hundreds of courses, so
/// a plot costs one pass over the shared buffer, not one item per patient.
pub struct CourseLines {
    base: PlotItemBase,
    geometry: Arc<Geometry>,
    outcome: CohortOutcome,
    stroke: Stroke,
}

impl CourseLines {
    pub fn new(geometry: Arc<Geometry>, outcome: CohortOutcome, stroke: Stroke) -> Self {
        Self {
            // No name: the view's own key names the colours, outside the plot.
            base: PlotItemBase::new(String::new()),
            geometry,
            outcome,
            stroke,
        }
    }
}

impl PlotItem for CourseLines {
    fn shapes(&self, _ui: &egui::Ui, transform: &PlotTransform, shapes: &mut Vec<Shape>) {
        let geometry = &self.geometry;
        for (index, course) in geometry.courses.courses.iter().enumerate() {
            if course.outcome != self.outcome {
                continue;
            }
            let points: Vec<Pos2> = geometry
                .course_points(index)
                .iter()
                .filter(|point| point[1].is_finite())
                .map(|point| transform.position_from_point(&PlotPoint::new(point[0], point[1])))
                .collect();
            match points.as_slice() {
                [] => {}
                [only] => shapes.push(Shape::circle_filled(
                    *only,
                    self.stroke.width,
                    self.stroke.color,
                )),
                _ => shapes.push(Shape::line(points, self.stroke)),
            }
        }
    }

    fn initialize(&mut self, _x_range: std::ops::RangeInclusive<f64>) {}

    fn color(&self) -> Color32 {
        self.stroke.color
    }

    fn geometry(&self) -> PlotGeometry<'_> {
        // Hover is the view's own (it names the patient), not egui_plot's value readout.
        PlotGeometry::None
    }

    fn bounds(&self) -> PlotBounds {
        match self.geometry.bounds {
            Some((low, high)) => PlotBounds::from_min_max(low, high),
            None => PlotBounds::NOTHING,
        }
    }

    fn base(&self) -> &PlotItemBase {
        &self.base
    }

    fn base_mut(&mut self) -> &mut PlotItemBase {
        &mut self.base
    }
}
