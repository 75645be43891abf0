//! What the views derive from a case, computed at most once per edit.
//!
//! A [`Derived`] belongs to one generation of the document: each edit, undo or redo replaces
//! it with an empty one, and each item is computed on first use and then kept until the next
//! edit. So a view that draws sixty frames a second reads the guideline findings, the
//! suggested episodes and the intervention marks without computing them again, and a view
//! that is never opened never pays for them. The counters prove it in the tests.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::analysis::case_timeline::{TimelineRow, case_timeline};
use crate::analysis::episodes::{StormRule, StormSuggestions, suggest_episodes};
use crate::analysis::guidelines::{CriteriaSet, GuidelineFindings, check_criteria};
use crate::analysis::overlays::{
    GuidelineMarks, InterventionMark, guideline_marks, intervention_marks,
};
use crate::analysis::response::{InterventionResponse, ResponseWindow, intervention_responses};
use crate::model::{Case, Timeline};

/// How often each derived item was computed since the document was opened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecomputeCounts {
    pub intervention_marks: u64,
    pub guideline_findings: u64,
    pub guideline_marks: u64,
    pub suggested_episodes: u64,
    pub intervention_responses: u64,
    pub case_timeline: u64,
}

#[derive(Debug, Default)]
struct Counters {
    intervention_marks: AtomicU64,
    guideline_findings: AtomicU64,
    guideline_marks: AtomicU64,
    suggested_episodes: AtomicU64,
    intervention_responses: AtomicU64,
    case_timeline: AtomicU64,
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
}
