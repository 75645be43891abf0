//! The laboratory parts of the report: the course of each marker, the value before and after
//! each intervention, the episodes, and the last values for follow-up. The numbers come from
//! [`crate::analysis::lab_course`]; this module only words and dates them.

use crate::analysis::lab_course::{
    CoursePoint, LabCourse, intervention_window, lab_course_for, response,
};
use crate::model::marker::{Panel, RangeClass};
use crate::model::{Censoring, EpisodeOrigin, EventKind};

use super::build::{Builder, events_of};
use super::model::{
    DiagnosticSection, EpisodeEntry, FollowUpSection, LastValue, MarkerCourse, ResponseRow,
    ResponseTable, ValueAt,
};

fn value_at(builder: &Builder<'_>, point: &CoursePoint) -> ValueAt {
    ValueAt {
        value: point.value,
        censored: point.censored.map(|censored| {
            match censored {
                Censoring::Below => "below",
                Censoring::Above => "above",
            }
            .to_owned()
        }),
        when: builder.when(point.time),
        provenance: point.provenance.label().to_owned(),
    }
}

/// Every marker's course, grouped by panel in catalog panel order (custom markers last), in
/// file order within a panel; each against the interval for the patient's sex.
fn courses(builder: &Builder<'_>) -> Vec<LabCourse> {
    let mut series: Vec<_> = builder
        .case
        .series
        .iter()
        .filter(|series| !series.samples.is_empty())
        .collect();
    series.sort_by_key(|series| panel_of(series));
    let sex = builder.case.patient.sex;
    series
        .into_iter()
        .map(|series| lab_course_for(series, &builder.timeline, sex))
        .collect()
}

fn panel_of(series: &crate::model::Series) -> Panel {
    series
        .definition()
        .map_or(Panel::Other, |definition| definition.panel)
}

/// `illustrative reconstruction`, or `mixed: 30 reconstructed, 3 published (1 with the day
/// placed by the reviewer)`.
fn provenance_summary(course: &LabCourse) -> String {
    let counts = course.provenance_counts();
    let kinds = [counts.measured, counts.published, counts.reconstructed]
        .into_iter()
        .filter(|count| *count > 0)
        .count();
    if kinds > 1 {
        return format!("mixed: {counts}");
    }
    let only = match course.points.first() {
        Some(first)
            if course
                .points
                .iter()
                .all(|point| point.provenance == first.provenance) =>
        {
            first.provenance
        }
        Some(_) => return format!("mixed: {counts}"),
        None => course.provenance,
    };
    only.label().to_owned()
}

pub(super) fn diagnostic_section(builder: &Builder<'_>) -> DiagnosticSection {
    let courses = courses(builder);
    let laboratory = courses
        .iter()
        .filter_map(|course| {
            let series = builder
                .case
                .series
                .iter()
                .find(|series| series.marker == course.marker)?;
            Some(MarkerCourse {
                panel: panel_of(series).label().to_owned(),
                marker: course.marker.clone(),
                name: course.name.clone(),
                unit: course.unit.clone(),
                loinc: series
                    .custom
                    .as_ref()
                    .and_then(|custom| custom.loinc.clone())
                    .or_else(|| {
                        series
                            .definition()
                            .map(|definition| definition.loinc.to_owned())
                    }),
                reference: course.reference.map(|reference| reference.describe()),
                reference_source: builder.case.reference_source(series),
                provenance: provenance_summary(course),
                sample_count: course.points.len(),
                first: course.first().map(|point| value_at(builder, point)),
                peaks: course
                    .peaks
                    .iter()
                    .map(|point| value_at(builder, point))
                    .collect(),
                troughs: course
                    .troughs
                    .iter()
                    .map(|point| value_at(builder, point))
                    .collect(),
                highest: course.highest().map(|point| value_at(builder, point)),
                lowest: course.lowest().map(|point| value_at(builder, point)),
                last: course.last().map(|point| value_at(builder, point)),
                days_sampled: course.days_sampled,
                days_outside_reference: course.days_outside_reference,
                note: builder.optional_text(series.note.as_deref()),
            })
        })
        .collect();

    let responses = builder
        .case
        .interventions
        .iter()
        .filter_map(|intervention| {
            let (start, end) = intervention_window(intervention, &builder.timeline)?;
            let rows = courses
                .iter()
                .map(|course| {
                    let found = response(course, start, end);
                    let change = found
                        .change()
                        .map(|change| round_like(change, &found.before, &found.after));
                    ResponseRow {
                        marker: course.marker.clone(),
                        name: course.name.clone(),
                        unit: course.unit.clone(),
                        before: found.before.as_ref().map(|point| value_at(builder, point)),
                        after: found.after.as_ref().map(|point| value_at(builder, point)),
                        change,
                        change_percent: found
                            .relative_change()
                            .map(|share| (share * 1000.0).round() / 10.0),
                    }
                })
                .collect();
            let mut name = intervention.name.clone();
            if intervention.dates_reconstructed {
                name.push_str(" (dates reconstructed)");
            }
            Some(ResponseTable {
                intervention: name,
                first_dose: builder.when_at(start),
                last_dose: builder.when_at(end),
                rows,
            })
        })
        .collect();

    let episodes = builder
        .case
        .episodes
        .iter()
        .map(|episode| EpisodeEntry {
            label: builder.text(&episode.label),
            kind: format!("{:?}", episode.kind),
            start: builder.when(episode.span.start),
            end: builder.when(episode.span.end),
            origin: match episode.origin {
                EpisodeOrigin::Publication => "publication",
                EpisodeOrigin::Reviewer => "reviewer",
            }
            .to_owned(),
            stated_illness_days: episode.stated_illness_days,
            note: builder.optional_text(episode.note.as_deref()),
        })
        .collect();

    DiagnosticSection {
        test_results: events_of(builder, &[EventKind::TestResult]),
        laboratory,
        episodes,
        responses,
    }
}

/// Rounds a difference to the decimals its two values carry, so 0.68 − 0.44 reads 0.24,
/// not 0.24000000000000002.
fn round_like(change: f64, before: &Option<CoursePoint>, after: &Option<CoursePoint>) -> f64 {
    let decimals = |point: &Option<CoursePoint>| {
        point.as_ref().map_or(0, |point| {
            let text = point.value.to_string();
            text.split_once('.')
                .map_or(0, |(_, fraction)| fraction.len())
        })
    };
    let places = decimals(before).max(decimals(after)).min(9) as i32;
    let factor = 10f64.powi(places);
    (change * factor).round() / factor
}

pub(super) fn follow_up(builder: &Builder<'_>) -> FollowUpSection {
    let timeline = &builder.timeline;
    let discharge = builder
        .case
        .anchors
        .discharge
        .map(|time| builder.when(time));
    let length_of_stay_days = timeline
        .discharge()
        .and_then(|position| timeline.hospital_day_at(position));
    let last_values = courses(builder)
        .iter()
        .filter_map(|course| {
            let last = course.last()?;
            Some(LastValue {
                name: course.name.clone(),
                unit: course.unit.clone(),
                value: value_at(builder, last),
                against_reference: course.reference.map(|reference| {
                    match reference.classify(last.value) {
                        RangeClass::Low => "below",
                        RangeClass::Normal => "within",
                        RangeClass::High => "above",
                    }
                    .to_owned()
                }),
            })
        })
        .collect();
    FollowUpSection {
        discharge,
        length_of_stay_days,
        outcome_events: events_of(
            builder,
            &[EventKind::Discharge, EventKind::Death, EventKind::Transfer],
        ),
        last_values,
    }
}
