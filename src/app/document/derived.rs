//! What the views derive from a case, computed at most once per edit.
//!
//! A [`Derived`] belongs to one generation of the document: each edit, undo or redo replaces
//! it with an empty one, and each item is computed on first use and then kept until the next
//! edit. So a view that draws sixty frames a second reads the guideline findings, the
//! suggested episodes, the intervention marks, every series placed and flagged, the stay's
//! range, the layout, the notes, the teaching stops and the studies in time order without
//! computing them again, and a view that is never opened never pays for them. The counters
//! prove it in the tests (`tests/app/derived.rs`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::analysis::case_timeline::{TimelineRow, case_timeline};
use crate::analysis::episodes::{StormRule, StormSuggestions, suggest_episodes};
use crate::analysis::guidelines::{CriteriaSet, GuidelineFindings, check_criteria};
use crate::analysis::imaging_scores::{SeverityPoint, severity_points};
use crate::analysis::overlays::{
    GuidelineMarks, InterventionMark, guideline_marks, intervention_marks,
};
use crate::analysis::placed::{PlacedSeries, dated_first, place_case};
use crate::analysis::response::{InterventionResponse, ResponseWindow, intervention_responses};
use crate::model::{Case, DayPosition, Timeline, TrajectoryLayout};

/// How often each derived item was computed since the document was opened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecomputeCounts {
    pub intervention_marks: u64,
    pub guideline_findings: u64,
    pub guideline_marks: u64,
    pub suggested_episodes: u64,
    pub intervention_responses: u64,
    pub case_timeline: u64,
    pub placed_series: u64,
    pub stay_range: u64,
    pub layout: u64,
    pub teaching_stops: u64,
    pub event_stops: u64,
    pub notes: u64,
    pub studies_in_time_order: u64,
    pub severity_points: u64,
    pub episode_spans: u64,
}

#[derive(Debug, Default)]
struct Counters {
    intervention_marks: AtomicU64,
    guideline_findings: AtomicU64,
    guideline_marks: AtomicU64,
    suggested_episodes: AtomicU64,
    intervention_responses: AtomicU64,
    case_timeline: AtomicU64,
    placed_series: AtomicU64,
    stay_range: AtomicU64,
    layout: AtomicU64,
    teaching_stops: AtomicU64,
    event_stops: AtomicU64,
    notes: AtomicU64,
    studies_in_time_order: AtomicU64,
    severity_points: AtomicU64,
    episode_spans: AtomicU64,
}

/// The slot of a criteria set in the per-set caches.
fn set_index(set: CriteriaSet) -> usize {
    match set {
        CriteriaSet::Review => 0,
        CriteriaSet::ChineseGuideline => 1,
    }
}

fn count(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

type Responses = Arc<Vec<InterventionResponse>>;

/// The derived data of one generation of a document.
#[derive(Debug)]
pub struct Derived {
    generation: u64,
    /// Shared by every generation of the document, so counts add up across edits.
    counters: Arc<Counters>,
    intervention_marks: OnceLock<Vec<InterventionMark>>,
    /// One per criteria set, in [`CriteriaSet::ALL`] order: the reviewer switches between
    /// the two named sets, and each is computed only if looked at.
    guideline_findings: [OnceLock<GuidelineFindings>; 2],
    guideline_marks: [OnceLock<GuidelineMarks>; 2],
    suggested_episodes: OnceLock<StormSuggestions>,
    case_timeline: OnceLock<Vec<TimelineRow>>,
    /// Responses depend on the window the reviewer chose too: kept for the last window asked.
    responses: Mutex<Option<(ResponseWindow, Responses)>>,
    placed_series: OnceLock<Vec<PlacedSeries>>,
    stay_range: OnceLock<(f64, f64)>,
    layout: OnceLock<TrajectoryLayout>,
    teaching_stops: OnceLock<Vec<(usize, DayPosition)>>,
    event_stops: OnceLock<Vec<DayPosition>>,
    notes: OnceLock<Vec<PlacedNote>>,
    studies_in_time_order: OnceLock<Vec<(Option<DayPosition>, usize)>>,
    severity_points: OnceLock<Vec<SeverityPoint>>,
    episode_spans: OnceLock<Vec<(usize, DayPosition, DayPosition)>>,
}

/// A reviewer's note placed on the time axis: pinned to a time, or to a marker's sample.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedNote {
    pub position: DayPosition,
    pub text: String,
    /// The marker of a note pinned to a sample; `None` for a note pinned to a time.
    pub marker: Option<String>,
}

impl Derived {
    /// An empty set for `generation`, counting on from `previous` when there is one.
    pub(super) fn new(generation: u64, previous: Option<&Derived>) -> Self {
        Self {
            generation,
            counters: previous
                .map(|previous| previous.counters.clone())
                .unwrap_or_default(),
            intervention_marks: OnceLock::new(),
            guideline_findings: Default::default(),
            guideline_marks: Default::default(),
            suggested_episodes: OnceLock::new(),
            case_timeline: OnceLock::new(),
            responses: Mutex::new(None),
            placed_series: OnceLock::new(),
            stay_range: OnceLock::new(),
            layout: OnceLock::new(),
            teaching_stops: OnceLock::new(),
            event_stops: OnceLock::new(),
            notes: OnceLock::new(),
            studies_in_time_order: OnceLock::new(),
            severity_points: OnceLock::new(),
            episode_spans: OnceLock::new(),
        }
    }

    /// The document generation this set belongs to.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn recompute_counts(&self) -> RecomputeCounts {
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        RecomputeCounts {
            intervention_marks: read(&self.counters.intervention_marks),
            guideline_findings: read(&self.counters.guideline_findings),
            guideline_marks: read(&self.counters.guideline_marks),
            suggested_episodes: read(&self.counters.suggested_episodes),
            intervention_responses: read(&self.counters.intervention_responses),
            case_timeline: read(&self.counters.case_timeline),
            placed_series: read(&self.counters.placed_series),
            stay_range: read(&self.counters.stay_range),
            layout: read(&self.counters.layout),
            teaching_stops: read(&self.counters.teaching_stops),
            event_stops: read(&self.counters.event_stops),
            notes: read(&self.counters.notes),
            studies_in_time_order: read(&self.counters.studies_in_time_order),
            severity_points: read(&self.counters.severity_points),
            episode_spans: read(&self.counters.episode_spans),
        }
    }

    pub(super) fn intervention_marks(
        &self,
        case: &Case,
        timeline: &Timeline,
    ) -> &[InterventionMark] {
        self.intervention_marks.get_or_init(|| {
            count(&self.counters.intervention_marks);
            intervention_marks(case, timeline)
        })
    }

    pub(super) fn guideline_findings(&self, case: &Case, set: CriteriaSet) -> &GuidelineFindings {
        self.guideline_findings[set_index(set)].get_or_init(|| {
            count(&self.counters.guideline_findings);
            check_criteria(case, set)
        })
    }

    pub(super) fn guideline_marks(
        &self,
        case: &Case,
        timeline: &Timeline,
        set: CriteriaSet,
    ) -> &GuidelineMarks {
        self.guideline_marks[set_index(set)].get_or_init(|| {
            count(&self.counters.guideline_marks);
            guideline_marks(self.guideline_findings(case, set), case, timeline)
        })
    }

    pub(super) fn suggested_episodes(&self, case: &Case) -> &StormSuggestions {
        self.suggested_episodes.get_or_init(|| {
            count(&self.counters.suggested_episodes);
            suggest_episodes(case, &StormRule::default())
        })
    }

    pub(super) fn case_timeline(&self, case: &Case) -> &[TimelineRow] {
        self.case_timeline.get_or_init(|| {
            count(&self.counters.case_timeline);
            case_timeline(case)
        })
    }

    /// Every intervention's markers before and after it, for every series of the case.
    pub(super) fn intervention_responses(&self, case: &Case, window: ResponseWindow) -> Responses {
        let mut cached = self
            .responses
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((cached_window, responses)) = cached.as_ref()
            && *cached_window == window
        {
            return responses.clone();
        }
        count(&self.counters.intervention_responses);
        let markers: Vec<&str> = case
            .series
            .iter()
            .map(|series| series.marker.as_str())
            .collect();
        let responses = Arc::new(intervention_responses(case, &markers, window));
        *cached = Some((window, responses.clone()));
        responses
    }

    /// Every series placed on the time axis, flagged and labelled, in the case's order.
    pub(super) fn placed_series(&self, case: &Case, timeline: &Timeline) -> &[PlacedSeries] {
        self.placed_series.get_or_init(|| {
            count(&self.counters.placed_series);
            place_case(case, timeline)
        })
    }

    /// The whole stay on the time axis (see `analysis::placed::stay_range`), from sample
    /// spans that the caller computes once with it (dense channels live in the document).
    pub(super) fn stay_range(&self, compute: impl FnOnce() -> (f64, f64)) -> (f64, f64) {
        *self.stay_range.get_or_init(|| {
            count(&self.counters.stay_range);
            compute()
        })
    }

    /// The trajectory layout: the one saved with the case, or the default one per marker.
    pub(super) fn layout(&self, case: &Case) -> &TrajectoryLayout {
        self.layout.get_or_init(|| {
            count(&self.counters.layout);
            TrajectoryLayout::for_case(case)
        })
    }

    /// The teaching script's stops on the time axis, in time order, with their index in the
    /// script; stops that cannot be placed are left out.
    pub(super) fn teaching_stops(&self, case: &Case, timeline: &Timeline) -> &[(usize, f64)] {
        self.teaching_stops.get_or_init(|| {
            count(&self.counters.teaching_stops);
            let mut stops: Vec<(usize, DayPosition)> = case
                .teaching
                .stops
                .iter()
                .enumerate()
                .filter_map(|(index, stop)| Some((index, timeline.position(stop.time).ok()?)))
                .collect();
            stops.sort_by(|left, right| left.1.total_cmp(&right.1));
            stops
        })
    }

    /// Where the cursor steps by event: every dated dose and course start, clinical event
    /// and imaging study, in time order, once each.
    pub(super) fn event_stops(&self, case: &Case, timeline: &Timeline) -> &[DayPosition] {
        self.event_stops.get_or_init(|| {
            count(&self.counters.event_stops);
            let events = case
                .events
                .iter()
                .filter_map(|event| timeline.position(event.time).ok());
            let studies = case.milestones.iter().filter_map(|milestone| {
                milestone.time.and_then(|time| timeline.position(time).ok())
            });
            let mut stops: Vec<f64> = self
                .intervention_marks(case, timeline)
                .iter()
                .map(|mark| mark.start)
                .chain(events)
                .chain(studies)
                .collect();
            stops.sort_by(f64::total_cmp);
            stops.dedup();
            stops
        })
    }

    /// The reviewer's notes placed on the time axis, in the case's order.
    pub(super) fn notes(&self, case: &Case, timeline: &Timeline) -> &[PlacedNote] {
        self.notes.get_or_init(|| {
            count(&self.counters.notes);
            case.notes
                .iter()
                .filter_map(|note| {
                    let (time, marker) = match &note.target {
                        crate::model::NoteTarget::Time(time) => (*time, None),
                        crate::model::NoteTarget::Sample { marker, time } => {
                            (*time, Some(marker.clone()))
                        }
                        // A note on the case or on a study has no place on the time axis.
                        crate::model::NoteTarget::Case | crate::model::NoteTarget::Milestone(_) => {
                            return None;
                        }
                    };
                    Some(PlacedNote {
                        position: timeline.position(time).ok()?,
                        text: note.text.clone(),
                        marker,
                    })
                })
                .collect()
        })
    }

    /// The studies in time order, undated ones last (in file order), each with where it
    /// sits on the time axis and its index in the case.
    pub(super) fn studies_in_time_order(
        &self,
        case: &Case,
        timeline: &Timeline,
    ) -> &[(Option<DayPosition>, usize)] {
        self.studies_in_time_order.get_or_init(|| {
            count(&self.counters.studies_in_time_order);
            let mut rows: Vec<(Option<DayPosition>, usize)> = case
                .milestones
                .iter()
                .enumerate()
                .map(|(index, milestone)| {
                    let position = milestone.time.and_then(|time| timeline.position(time).ok());
                    (position, index)
                })
                .collect();
            // A stable sort keeps undated studies in file order.
            rows.sort_by(|left, right| dated_first(left.0, right.0));
            rows
        })
    }

    /// The imaging severity scores as a series, by modality then time.
    pub(super) fn severity_points(&self, case: &Case) -> &[SeverityPoint] {
        self.severity_points.get_or_init(|| {
            count(&self.counters.severity_points);
            severity_points(case)
        })
    }

    /// Each episode that can be placed: its index in the case and its first and last day's
    /// positions.
    pub(super) fn episode_spans(
        &self,
        case: &Case,
        timeline: &Timeline,
    ) -> &[(usize, DayPosition, DayPosition)] {
        self.episode_spans.get_or_init(|| {
            count(&self.counters.episode_spans);
            case.episodes
                .iter()
                .enumerate()
                .filter_map(|(index, episode)| {
                    let start = timeline.position(episode.span.start).ok()?;
                    let end = timeline.position(episode.span.end).ok()?;
                    Some((index, start, end))
                })
                .collect()
        })
    }
}
