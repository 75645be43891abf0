//! Aligning cases on one shared axis, for comparing them side by side.
//!
//! Every case keeps its own axis ([`Timeline`]: days from its own origin). Aligning a case
//! means choosing the position on its own axis that becomes shared day 0; then
//! `shared = own − zero` ([`CaseAlignment::to_shared`]). The modes:
//!
//! - [`AlignBy::CalendarDate`]: shared day 0 is the earliest calendar origin among the cases,
//!   so the same date lines up across cases. A case without calendar dates cannot be aligned
//!   this way: [`AlignmentError::NoCalendar`], never a guessed date.
//! - [`AlignBy::IllnessDay`]: shared day 0 is each case's illness day 1 (symptom onset).
//! - [`AlignBy::HospitalDay`]: shared day 0 is each case's hospital day 1 (admission).
//! - [`AlignBy::Event`]: shared day 0 is an event chosen in each case
//!   ([`AlignmentEvent`]), such as the first dose of the first cell-therapy intervention (the
//!   first MSC infusion): the bundled Peng case's 24 Feb 2020 and the Liang case's hospital day
//!   13 both become day 0.
//!
//! Each case aligns or fails on its own, so one case that cannot be aligned does not stop the
//! others from being shown.

use chrono::NaiveDate;

use crate::model::{Case, DayPosition, InterventionKind, PlacementError, Timeline};

/// How cases are lined up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AlignBy {
    #[default]
    CalendarDate,
    IllnessDay,
    HospitalDay,
    /// Day 0 is an event chosen per case.
    Event,
}

impl AlignBy {
    pub const ALL: [Self; 4] = [
        Self::CalendarDate,
        Self::IllnessDay,
        Self::HospitalDay,
        Self::Event,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::CalendarDate => "Calendar date",
            Self::IllnessDay => "Illness day",
            Self::HospitalDay => "Hospital day",
            Self::Event => "Chosen event (day 0)",
        }
    }
}

/// An event that can be day 0 of a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AlignmentEvent {
    /// The earliest first dose among the interventions of this kind:
    /// `FirstDoseOf(CellTherapy)` is the first MSC infusion.
    FirstDoseOf(InterventionKind),
    /// The first dose of one intervention, by index into `case.interventions`.
    Intervention(usize),
    /// A clinical event, by index into `case.events`.
    ClinicalEvent(usize),
}

/// Why a case cannot be aligned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AlignmentError {
    #[error(
        "the case has no calendar dates, so it cannot be aligned by calendar date; align by hospital day or by an event"
    )]
    NoCalendar,
    #[error(
        "the case has no symptom-onset anchor, so it cannot be aligned by illness day; set `anchors.symptom_onset` or align another way"
    )]
    NoOnset,
    #[error(
        "the case has no admission anchor, so it cannot be aligned by hospital day; set `anchors.admission` or align another way"
    )]
    NoAdmission,
    #[error("choose an event to be day 0 in this case")]
    NoEventChosen,
    #[error("the case has no dated {0} intervention to be day 0")]
    NoSuchIntervention(String),
    #[error("the chosen event (number {0}) is not in the case")]
    EventMissing(usize),
    #[error("the chosen event cannot be placed on the case's time axis: {0}")]
    Unplaceable(PlacementError),
}

/// Where one case's day 0 lies on its own axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CaseAlignment {
    /// The position on the case's own axis that is shared day 0.
    pub zero: DayPosition,
}

impl CaseAlignment {
    pub fn to_shared(&self, own: DayPosition) -> DayPosition {
        own - self.zero
    }

    pub fn to_own(&self, shared: DayPosition) -> DayPosition {
        shared + self.zero
    }
}

/// The shared axis and each case's place on it.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedAxis {
    pub align_by: AlignBy,
    /// The calendar date of shared day 0, in [`AlignBy::CalendarDate`] mode.
    pub zero_date: Option<NaiveDate>,
    /// One per case, in the order given.
    pub cases: Vec<Result<CaseAlignment, AlignmentError>>,
}

impl SharedAxis {
    /// A label for a shared position: a date, `illness day 12`, `hospital day 3`, or
    /// `day +3` from the chosen event.
    pub fn label(&self, shared: DayPosition) -> String {
        let day = shared.floor().clamp(-1.0e6, 1.0e6) as i64;
        match self.align_by {
            AlignBy::CalendarDate => self
                .zero_date
                .and_then(|zero| zero.checked_add_signed(chrono::Duration::days(day)))
                .map(|date| date.format("%-d %b %Y").to_string())
                .unwrap_or_else(|| format!("day {day}")),
            // Counted days have no day 0: the day before day 1 is day 0 only in this axis.
            AlignBy::IllnessDay => format!("illness day {}", day + 1),
            AlignBy::HospitalDay => format!("hospital day {}", day + 1),
            AlignBy::Event => format!("day {day:+}"),
        }
    }
}

/// Aligns cases. `events[i]` is the event chosen in case `i` (used only in
/// [`AlignBy::Event`]; a missing entry means none chosen).
pub fn align_cases(
    cases: &[&Case],
    align_by: AlignBy,
    events: &[Option<AlignmentEvent>],
) -> SharedAxis {
    let timelines: Vec<Timeline> = cases.iter().map(|case| Timeline::for_case(case)).collect();
    let zero_date = timelines.iter().filter_map(Timeline::calendar_origin).min();
    let alignments = cases
        .iter()
        .zip(&timelines)
        .enumerate()
        .map(|(index, (case, timeline))| {
            let zero = match align_by {
                AlignBy::CalendarDate => {
                    let origin = timeline
                        .calendar_origin()
                        .ok_or(AlignmentError::NoCalendar)?;
                    let shared_origin = zero_date.ok_or(AlignmentError::NoCalendar)?;
                    (shared_origin - origin).num_days() as DayPosition
                }
                AlignBy::IllnessDay => timeline.onset().ok_or(AlignmentError::NoOnset)?,
                AlignBy::HospitalDay => timeline.admission().ok_or(AlignmentError::NoAdmission)?,
                AlignBy::Event => {
                    let event = events
                        .get(index)
                        .copied()
                        .flatten()
                        .ok_or(AlignmentError::NoEventChosen)?;
                    event_position(case, timeline, event)?
                }
            };
            Ok(CaseAlignment { zero })
        })
        .collect();
    SharedAxis {
        align_by,
        zero_date: zero_date.filter(|_| align_by == AlignBy::CalendarDate),
        cases: alignments,
    }
}

/// Where an event lies on a case's own axis.
pub fn event_position(
    case: &Case,
    timeline: &Timeline,
    event: AlignmentEvent,
) -> Result<DayPosition, AlignmentError> {
    let time = match event {
        AlignmentEvent::FirstDoseOf(kind) => {
            // The earliest first dose of that kind, whatever order the file lists them in.
            return case
                .interventions
                .iter()
                .filter(|intervention| intervention.kind == kind)
                .filter_map(|intervention| intervention.timing.first_time())
                .filter_map(|time| timeline.position(time).ok())
                .reduce(DayPosition::min)
                .ok_or_else(|| AlignmentError::NoSuchIntervention(kind.label().to_lowercase()));
        }
        AlignmentEvent::Intervention(index) => case
            .interventions
            .get(index)
            .ok_or(AlignmentError::EventMissing(index))?
            .timing
            .first_time()
            .ok_or_else(|| AlignmentError::NoSuchIntervention("dated".to_owned()))?,
        AlignmentEvent::ClinicalEvent(index) => {
            case.events
                .get(index)
                .ok_or(AlignmentError::EventMissing(index))?
                .time
        }
    };
    timeline.position(time).map_err(AlignmentError::Unplaceable)
}

/// The events a case offers as day 0, with labels for a picker: the first dose of each
/// intervention kind present, each dated intervention, each clinical event.
pub fn available_events(case: &Case) -> Vec<(AlignmentEvent, String)> {
    let timeline = Timeline::for_case(case);
    let placeable = |event: AlignmentEvent| event_position(case, &timeline, event).is_ok();
    let kinds = InterventionKind::ALL.into_iter().map(|kind| {
        (
            AlignmentEvent::FirstDoseOf(kind),
            format!("First {}", kind.label().to_lowercase()),
        )
    });
    let interventions = case
        .interventions
        .iter()
        .enumerate()
        .map(|(index, intervention)| {
            (
                AlignmentEvent::Intervention(index),
                format!("{} (first dose)", intervention.name),
            )
        });
    let events = case.events.iter().enumerate().map(|(index, event)| {
        (
            AlignmentEvent::ClinicalEvent(index),
            format!("{}: {}", event.kind.label(), event.text),
        )
    });
    kinds
        .chain(interventions)
        .chain(events)
        .filter(|(event, _)| placeable(*event))
        .collect()
}
