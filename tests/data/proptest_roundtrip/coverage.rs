//! Which parts of the model a generated case exercises, so a test can prove the strategies
//! reach every variant (and notice when the model grows a part they do not generate).

use std::collections::BTreeSet;

use caselens::model::*;

/// Every feature the strategies must produce somewhere in a few hundred cases.
pub const ALL_FEATURES: &[&str] = &[
    "time Date",
    "time DateTime",
    "time HospitalDay",
    "time IllnessDay",
    "anchors calendar",
    "anchors relative only",
    "anchor stated relative to another",
    "no discharge",
    "series catalog marker",
    "series custom marker",
    "series reference",
    "series conversions",
    "series dense",
    "sample censored",
    "sample flag",
    "sample provenance",
    "sample comment",
    "sample activity",
    "sample oxygen",
    "timing Single",
    "timing Doses",
    "timing Course open",
    "timing Course closed",
    "timing Undated",
    "event",
    "milestone dated",
    "milestone undated",
    "milestone severity CtLobes",
    "milestone severity Brixia",
    "milestone lobes",
    "milestone pattern Other",
    "milestone change",
    "shape Arrow",
    "shape Ellipse",
    "shape Rectangle",
    "shape Freehand",
    "shape Text",
    "shape Length",
    "annotation on a later frame",
    "episode",
    "note Case",
    "note Time",
    "note Sample",
    "note Milestone",
    "view",
    "narrative",
    "teaching",
    "non-ASCII text",
    "control character in text",
];

pub fn features(case: &Case, seen: &mut BTreeSet<&'static str>) {
    let mut times: Vec<CaseTime> = Vec::new();
    let anchors = [
        case.anchors.symptom_onset,
        case.anchors.admission,
        case.anchors.discharge,
    ];
    let anchors: Vec<CaseTime> = anchors.into_iter().flatten().collect();
    if anchors.iter().any(|time| time.calendar_date().is_some()) {
        seen.insert("anchors calendar");
        if anchors.iter().any(CaseTime::is_relative) {
            seen.insert("anchor stated relative to another");
        }
    } else {
        seen.insert("anchors relative only");
    }
    if case.anchors.discharge.is_none() {
        seen.insert("no discharge");
    }
    for series in &case.series {
        seen.insert(if series.custom.is_some() {
            "series custom marker"
        } else {
            "series catalog marker"
        });
        flag(seen, series.reference.is_some(), "series reference");
        flag(seen, !series.conversions.is_empty(), "series conversions");
        flag(seen, series.dense.is_some(), "series dense");
        for sample in &series.samples {
            times.push(sample.time);
            flag(seen, sample.censored.is_some(), "sample censored");
            flag(seen, sample.flag.is_some(), "sample flag");
            flag(seen, sample.provenance.is_some(), "sample provenance");
            flag(seen, sample.comment.is_some(), "sample comment");
            flag(seen, sample.activity.is_some(), "sample activity");
            flag(seen, sample.oxygen.is_some(), "sample oxygen");
        }
    }
    for intervention in &case.interventions {
        times.extend(intervention.timing.stated_times());
        seen.insert(match intervention.timing {
            Timing::Single(_) => "timing Single",
            Timing::Doses(_) => "timing Doses",
            Timing::Course { end: None, .. } => "timing Course open",
            Timing::Course { .. } => "timing Course closed",
            Timing::Undated { .. } => "timing Undated",
        });
    }
    for event in &case.events {
        times.push(event.time);
        seen.insert("event");
    }
    for milestone in &case.milestones {
        milestone_features(milestone, seen);
        times.extend(milestone.time);
    }
    for episode in &case.episodes {
        times.extend([episode.span.start, episode.span.end]);
        seen.insert("episode");
    }
    for note in &case.notes {
        seen.insert(match &note.target {
            NoteTarget::Case => "note Case",
            NoteTarget::Time(_) => "note Time",
            NoteTarget::Sample { .. } => "note Sample",
            NoteTarget::Milestone(_) => "note Milestone",
        });
        text_features(&note.text, seen);
    }
    flag(seen, case.view.is_some(), "view");
    flag(
        seen,
        case.narrative != CaseNarrative::default(),
        "narrative",
    );
    flag(seen, !case.teaching.is_empty(), "teaching");
    text_features(&case.metadata.title, seen);
    for time in times {
        seen.insert(match time {
            CaseTime::Date(_) => "time Date",
            CaseTime::DateTime(_) => "time DateTime",
            CaseTime::HospitalDay(_) => "time HospitalDay",
            CaseTime::IllnessDay(_) => "time IllnessDay",
        });
    }
}

fn milestone_features(milestone: &ImagingMilestone, seen: &mut BTreeSet<&'static str>) {
    seen.insert(if milestone.time.is_some() {
        "milestone dated"
    } else {
        "milestone undated"
    });
    match milestone.severity {
        Some(SeverityScore::CtLobes { .. }) => {
            seen.insert("milestone severity CtLobes");
        }
        Some(SeverityScore::Brixia { .. }) => {
            seen.insert("milestone severity Brixia");
        }
        None => {}
    }
    flag(
        seen,
        !milestone.distribution.lobes.is_empty(),
        "milestone lobes",
    );
    flag(
        seen,
        milestone
            .patterns
            .iter()
            .any(|pattern| matches!(pattern, Pattern::Other(_))),
        "milestone pattern Other",
    );
    flag(seen, milestone.change.is_some(), "milestone change");
    for annotation in milestone.images.iter().flat_map(|image| &image.annotations) {
        flag(seen, annotation.frame > 0, "annotation on a later frame");
        seen.insert(match annotation.shape {
            Shape::Arrow { .. } => "shape Arrow",
            Shape::Ellipse { .. } => "shape Ellipse",
            Shape::Rectangle { .. } => "shape Rectangle",
            Shape::Freehand { .. } => "shape Freehand",
            Shape::Text { .. } => "shape Text",
            Shape::Length { .. } => "shape Length",
        });
    }
}

fn text_features(text: &str, seen: &mut BTreeSet<&'static str>) {
    flag(seen, !text.is_ascii(), "non-ASCII text");
    flag(
        seen,
        text.chars().any(char::is_control),
        "control character in text",
    );
}

fn flag(seen: &mut BTreeSet<&'static str>, condition: bool, feature: &'static str) {
    if condition {
        seen.insert(feature);
    }
}
