//! The chronological list of what happened in a stay: anchors, events, interventions and
//! imaging studies, merged and ordered. The overview panel and the report's timeline table
//! are both built from it.

use crate::model::{Case, CaseTime, DayPosition, Timeline, Timing};

/// What a timeline row stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Anchor,
    Event,
    Intervention,
    Imaging,
}

/// One dated (or undated) entry.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineRow {
    pub kind: RowKind,
    pub time: Option<CaseTime>,
    /// Position on the case axis; `None` for undated entries, which sort last.
    pub position: Option<DayPosition>,
    pub text: String,
}

/// All entries of a case in time order; undated ones last, in file order.
pub fn case_timeline(case: &Case) -> Vec<TimelineRow> {
    let timeline = Timeline::for_case(case);
    let mut rows = Vec::new();
    let mut push = |kind, time: Option<CaseTime>, text: String| {
        let position = time.and_then(|time| timeline.position(time).ok());
        rows.push(TimelineRow {
            kind,
            time,
            position,
            text,
        });
    };

    let anchors = &case.anchors;
    if let Some(onset) = anchors.symptom_onset {
        push(
            RowKind::Anchor,
            Some(onset),
            "Symptom onset (illness day 1)".to_owned(),
        );
    }
    if let Some(admission) = anchors.admission {
        push(
            RowKind::Anchor,
            Some(admission),
            "Admission (hospital day 1)".to_owned(),
        );
    }
    for event in &case.events {
        push(RowKind::Event, Some(event.time), event.text.clone());
        // An event that lasted gets a row where it ended, as a course does: its time is
        // then formatted (or de-identified) like every other time.
        if let Some(end) = event.end {
            push(RowKind::Event, Some(end), format!("{} ended", event.text));
        }
    }
    for intervention in &case.interventions {
        let dose = intervention
            .dose
            .as_deref()
            .map(|dose| format!(", {dose}"))
            .unwrap_or_default();
        match &intervention.timing {
            Timing::Single(time) => push(
                RowKind::Intervention,
                Some(*time),
                format!("{}{dose}", intervention.name),
            ),
            Timing::Doses(times) => {
                for (index, time) in times.iter().enumerate() {
                    push(
                        RowKind::Intervention,
                        Some(*time),
                        format!(
                            "{} (dose {} of {}){dose}",
                            intervention.name,
                            index + 1,
                            times.len()
                        ),
                    );
                }
            }
            Timing::Course { start, end } => {
                push(
                    RowKind::Intervention,
                    Some(*start),
                    format!("{} started", intervention.name),
                );
                if let Some(end) = end {
                    push(
                        RowKind::Intervention,
                        Some(*end),
                        format!("{} stopped", intervention.name),
                    );
                }
            }
            Timing::Undated { note } => push(
                RowKind::Intervention,
                None,
                format!("{}{dose} ({note})", intervention.name),
            ),
        }
    }
    for milestone in &case.milestones {
        let findings = if milestone.findings.is_empty() {
            String::new()
        } else {
            format!(": {}", milestone.findings)
        };
        push(
            RowKind::Imaging,
            milestone.time,
            format!(
                "{} {}{findings}",
                milestone.modality.label(),
                milestone.label
            ),
        );
    }
    let discharge_is_an_event = case
        .events
        .iter()
        .any(|event| event.kind == crate::model::EventKind::Discharge);
    if let Some(discharge) = anchors.discharge
        && !discharge_is_an_event
    {
        push(RowKind::Anchor, Some(discharge), "Discharge".to_owned());
    }

    // Stable: rows on the same day keep the order above (anchors, events, treatment, imaging).
    rows.sort_by(|left, right| match (left.position, right.position) {
        (Some(left), Some(right)) => left.total_cmp(&right),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    rows
}
