//! Interventions placed on the time axis: a line per dose, a span per course, each named
//! with its dose, route and day; and reviewers' notes pinned to a time or a sample.

use crate::analysis::time_axis::describe_time;
use crate::model::{Case, CaseTime, DayPosition, InterventionKind, NoteTarget, Timeline, Timing};

/// One drawable piece of an intervention: a dose (a line) or a course (a span).
#[derive(Clone, Debug)]
pub struct InterventionMark {
    pub intervention_index: usize,
    pub kind: InterventionKind,
    pub start: DayPosition,
    /// End of a course, through the end of its last day; `None` for a dose.
    pub end: Option<DayPosition>,
    /// Name, dose and day, for the hover text.
    pub description: String,
}

/// Every dated dose and course of the case; undated interventions have no place on the axis.
pub fn intervention_marks(case: &Case, timeline: &Timeline) -> Vec<InterventionMark> {
    let mut marks = Vec::new();
    for (intervention_index, intervention) in case.interventions.iter().enumerate() {
        let dose = intervention
            .dose
            .as_deref()
            .map(|dose| format!(" · {dose}"))
            .unwrap_or_default();
        let route = intervention
            .route
            .as_deref()
            .map(|route| format!(" · {route}"))
            .unwrap_or_default();
        let reconstructed = if intervention.dates_reconstructed {
            " · dates reconstructed"
        } else {
            ""
        };
        let describe = |time: CaseTime, suffix: &str| {
            format!(
                "{}{suffix}{dose}{route}\n{}{reconstructed}",
                intervention.name,
                describe_time(timeline, time)
            )
        };
        let mut push = |start: CaseTime, end: Option<CaseTime>, suffix: String| {
            let Ok(start_position) = timeline.position(start) else {
                return;
            };
            let end_position = end.and_then(|end| timeline.position(end).ok());
            marks.push(InterventionMark {
                intervention_index,
                kind: intervention.kind,
                start: start_position,
                // A course given "until 22 Feb" runs through that day.
                end: end_position.map(|end| end + 1.0),
                description: match end {
                    Some(end) => format!(
                        "{}{dose}{route}\n{} to {}{reconstructed}",
                        intervention.name,
                        describe_time(timeline, start),
                        describe_time(timeline, end)
                    ),
                    None => describe(start, &suffix),
                },
            });
        };
        match &intervention.timing {
            Timing::Single(time) => push(*time, None, String::new()),
            Timing::Doses(times) => {
                for (dose_index, time) in times.iter().enumerate() {
                    push(
                        *time,
                        None,
                        format!(" (dose {} of {})", dose_index + 1, times.len()),
                    );
                }
            }
            Timing::Course { start, end } => {
                // An open course runs to discharge, or a day if the stay has no end.
                let end = end.or(case.anchors.discharge).unwrap_or(*start);
                push(*start, Some(end), String::new());
            }
            Timing::Undated { .. } => {}
        }
    }
    marks
}

/// Notes to draw: pinned to a time (when `markers` is `None`, for the event strip) or to a
/// sample of one of `markers` (for a marker's plot).
pub fn note_marks(
    case: &Case,
    timeline: &Timeline,
    markers: Option<&[String]>,
) -> Vec<(DayPosition, String)> {
    case.notes
        .iter()
        .filter_map(|note| {
            let time = match (&note.target, markers) {
                (NoteTarget::Time(time), None) => *time,
                (NoteTarget::Sample { marker, time }, Some(markers))
                    if markers.contains(marker) =>
                {
                    *time
                }
                _ => return None,
            };
            let position = timeline.position(time).ok()?;
            Some((position, note.text.clone()))
        })
        .collect()
}
