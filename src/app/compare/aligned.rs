//! What the compare view draws, derived once per version of the open cases and alignment
//! choice, never per frame: the shared axis, the markers any case has, and each case's
//! samples, courses and doses placed on the shared axis.
//!
//! The cache is keyed on every open case's document (instance and generation) and on the
//! alignment (mode and each case's day-0 event), so an edit of any case, opening or closing
//! one, or another alignment renews it once; [`AlignmentCache::computed`] counts how often,
//! which `tests/app/derived.rs` checks.

use std::sync::Arc;

use egui_plot::PlotPoint;

use crate::analysis::alignment::{
    AlignBy, AlignmentEvent, CaseAlignment, SharedAxis, align_cases, available_events,
};
use crate::app::document::CaseDocument;
use crate::model::{Case, CaseTime, Timing};

/// One case of the comparison, placed on the shared axis.
#[derive(Debug, Default)]
pub struct AlignedCase {
    /// The events that can be day 0 of this case, with their names.
    pub events: Vec<(AlignmentEvent, String)>,
    /// The case's dated interventions' names, once each, in the case's order.
    pub treatments: String,
    /// Each series' marker and its samples on the shared axis (none when the case could not
    /// be aligned).
    pub series: Vec<(String, Vec<PlotPoint>)>,
    /// Each course's start and end (the day after its last) on the shared axis.
    pub courses: Vec<(f64, f64)>,
    /// Each dated dose's intervention name and position on the shared axis.
    pub doses: Vec<(String, f64)>,
}

/// Everything the compare view draws for one version of the open cases and alignment.
#[derive(Debug)]
pub struct Aligned {
    /// Shared with the time axis' label formatter of every plot.
    pub axis: Arc<SharedAxis>,
    /// Markers present in at least one case, by id with display name, in the order first seen.
    pub markers: Vec<(String, String)>,
    /// One per open case, in the workspace's order.
    pub cases: Vec<AlignedCase>,
}

#[derive(Debug, PartialEq)]
struct Key {
    /// Each open case's document instance and generation.
    documents: Vec<(u64, u64)>,
    align_by: AlignBy,
    events: Vec<Option<AlignmentEvent>>,
}

/// The last alignment computed and what it was computed for.
#[derive(Debug, Default)]
pub struct AlignmentCache {
    current: Option<(Key, Aligned)>,
    computed: u64,
}

impl AlignmentCache {
    /// The alignment of `cases` by `align_by` with `events` chosen as day 0, computed only
    /// when any of them changed since the last call.
    pub fn get(
        &mut self,
        cases: &[&CaseDocument],
        align_by: AlignBy,
        events: &[Option<AlignmentEvent>],
    ) -> &Aligned {
        let key = Key {
            documents: cases
                .iter()
                .map(|document| (document.instance(), document.generation()))
                .collect(),
            align_by,
            events: events.to_vec(),
        };
        let current = match self.current.take() {
            Some((known, aligned)) if known == key => (known, aligned),
            _ => {
                self.computed += 1;
                let aligned = align(cases, align_by, events);
                (key, aligned)
            }
        };
        &self.current.insert(current).1
    }

    /// How often an alignment was computed since the view was made.
    pub fn computed(&self) -> u64 {
        self.computed
    }
}

fn align(cases: &[&CaseDocument], align_by: AlignBy, events: &[Option<AlignmentEvent>]) -> Aligned {
    let models: Vec<&Case> = cases.iter().map(|document| document.case()).collect();
    let axis = align_cases(&models, align_by, events);
    let placed = cases
        .iter()
        .enumerate()
        .map(|(index, document)| {
            let alignment = axis
                .cases
                .get(index)
                .and_then(|result| result.as_ref().ok());
            align_case(document, alignment)
        })
        .collect();
    Aligned {
        axis: Arc::new(axis),
        markers: shared_markers(&models),
        cases: placed,
    }
}

fn align_case(document: &CaseDocument, alignment: Option<&CaseAlignment>) -> AlignedCase {
    let case = document.case();
    let mut aligned = AlignedCase {
        events: available_events(case),
        treatments: treatment_names(case),
        ..AlignedCase::default()
    };
    let Some(alignment) = alignment else {
        return aligned;
    };
    let timeline = document.timeline();
    let shared = |time: CaseTime| {
        timeline
            .position(time)
            .ok()
            .map(|position| alignment.to_shared(position))
    };
    aligned.series = case
        .series
        .iter()
        .map(|series| {
            let points = series
                .samples
                .iter()
                .filter_map(|sample| Some(PlotPoint::new(shared(sample.time)?, sample.value)))
                .collect();
            (series.marker.clone(), points)
        })
        .collect();
    for intervention in &case.interventions {
        match &intervention.timing {
            Timing::Course { start, end } => {
                // A course is a span, as in the trajectory view; an open course runs to
                // discharge.
                let end = end.or(case.anchors.discharge).unwrap_or(*start);
                if let (Some(start), Some(end)) = (shared(*start), shared(end)) {
                    aligned.courses.push((start, end + 1.0));
                }
            }
            Timing::Single(time) => {
                if let Some(position) = shared(*time) {
                    aligned.doses.push((intervention.name.clone(), position));
                }
            }
            Timing::Doses(times) => {
                for time in times {
                    if let Some(position) = shared(*time) {
                        aligned.doses.push((intervention.name.clone(), position));
                    }
                }
            }
            Timing::Undated { .. } => {}
        }
    }
    aligned
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
