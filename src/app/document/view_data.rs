//! The document's accessors for what the views draw, each read from [`super::Derived`] and so
//! computed once per generation: the series placed and flagged, the stay's range, the
//! layout, the notes, the teaching and event stops, the studies in time order, the imaging
//! severity scores and the episodes' spans.

use super::CaseDocument;
pub use super::derived::PlacedNote;
use crate::analysis::imaging_scores::SeverityPoint;
use crate::analysis::placed::{PlacedSeries, stay_range};
use crate::model::{DayPosition, TrajectoryLayout};

impl CaseDocument {
    /// Every series of the case placed on the time axis, in the case's order (dense series
    /// have no samples here: theirs are in [`CaseDocument::dense`]).
    pub fn placed_series(&self) -> &[PlacedSeries] {
        self.derived.placed_series(&self.case, &self.timeline)
    }

    /// The whole stay: admission to the end of the discharge day, widened to every sample,
    /// event and intervention, with a margin.
    pub fn stay_range(&self) -> (f64, f64) {
        self.derived.stay_range(|| {
            let timeline = &self.timeline;
            let sparse = self
                .placed_series()
                .iter()
                .filter_map(PlacedSeries::time_extent);
            let dense = self.case.series.iter().filter_map(|series| {
                let channel = self.dense.get(series.dense.as_ref()?)?;
                let times = &channel.samples.times_ms;
                Some((
                    timeline.position_of_epoch_ms(*times.first()?)?,
                    timeline.position_of_epoch_ms(*times.last()?)?,
                ))
            });
            let events = self
                .case
                .events
                .iter()
                .filter_map(|event| timeline.position(event.time).ok());
            let marks = self
                .intervention_marks()
                .iter()
                .flat_map(|mark| std::iter::once(mark.start).chain(mark.end));
            stay_range(timeline, sparse.chain(dense), events.chain(marks))
        })
    }

    /// The trajectory layout: saved with the case, or one plot per marker.
    pub fn layout(&self) -> &TrajectoryLayout {
        self.derived.layout(&self.case)
    }

    /// The teaching stops on the time axis in time order, with their index in the script.
    pub fn teaching_stops(&self) -> &[(usize, DayPosition)] {
        self.derived.teaching_stops(&self.case, &self.timeline)
    }

    /// Every dose and course start, clinical event and dated study, in time order.
    pub fn event_stops(&self) -> &[DayPosition] {
        self.derived.event_stops(&self.case, &self.timeline)
    }

    /// The reviewer's notes that can be placed on the time axis.
    pub fn placed_notes(&self) -> &[PlacedNote] {
        self.derived.notes(&self.case, &self.timeline)
    }

    /// The studies in time order, undated last: each study's position and index.
    pub fn studies_in_time_order(&self) -> &[(Option<DayPosition>, usize)] {
        self.derived
            .studies_in_time_order(&self.case, &self.timeline)
    }

    /// The imaging severity scores, by modality then time.
    pub fn severity_points(&self) -> &[SeverityPoint] {
        self.derived.severity_points(&self.case)
    }

    /// Each episode's index and its first and last day on the time axis.
    pub fn episode_spans(&self) -> &[(usize, DayPosition, DayPosition)] {
        self.derived.episode_spans(&self.case, &self.timeline)
    }
}
