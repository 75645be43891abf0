//! The invariants of the reviewer's structured reading of imaging studies: severity scores in
//! range and of the kind the modality uses, lobes and patterns listed once, a change stated
//! only where an earlier study exists, annotations with finite coordinates.
//!
//! Called by [`super::validate`] for the milestones; the findings use the same field paths.

use std::collections::HashSet;

use super::case::Case;
use super::imaging::{Annotation, ImagingMilestone, Laterality, SeriesRef, Shape};
use super::timeline::Timeline;
use super::validate::{Finding, Severity};

/// Findings for the structured fields and annotations of every milestone of `case`.
pub fn milestone_findings(case: &Case, timeline: &Timeline) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, milestone) in case.milestones.iter().enumerate() {
        let path = format!("milestones[{index}]");
        severity(&path, milestone, &mut findings);
        distribution(&path, milestone, &mut findings);
        patterns(&path, milestone, &mut findings);
        change(&path, case, index, timeline, &mut findings);
        for (image_index, image) in milestone.images.iter().enumerate() {
            for (annotation_index, annotation) in image.annotations.iter().enumerate() {
                let annotation_path =
                    format!("{path}.images[{image_index}].annotations[{annotation_index}]");
                self::annotation(&annotation_path, annotation, &mut findings);
            }
        }
        for (series_index, series) in milestone.series.iter().enumerate() {
            self::series(
                &format!("{path}.series[{series_index}]"),
                series,
                &mut findings,
            );
        }
    }
    findings
}

fn series(path: &str, series: &SeriesRef, findings: &mut Vec<Finding>) {
    if series.folder.as_os_str().is_empty() {
        error(
            findings,
            format!("{path}.folder"),
            "is empty; give the folder holding the slices, relative to the case file".to_owned(),
        );
    }
    // As for image and dense paths: the case folder must move (or be shared) whole.
    if series.folder.is_absolute() || series.folder.has_root() {
        error(
            findings,
            format!("{path}.folder"),
            format!(
                "`{}` is absolute; store it relative to the case file's folder so the case can be moved",
                series.folder.display()
            ),
        );
    }
    if series.series_instance_uid.trim().is_empty() {
        error(
            findings,
            format!("{path}.series_instance_uid"),
            "is empty; give the SeriesInstanceUID (0020,000E) that picks the series out of its folder (`caselens series FOLDER` lists them)".to_owned(),
        );
    }
    let mut seen = HashSet::new();
    for (index, key) in series.key_slices.iter().enumerate() {
        let key_path = format!("{path}.key_slices[{index}]");
        if key.sop_instance_uid.trim().is_empty() {
            error(
                findings,
                format!("{key_path}.sop_instance_uid"),
                "is empty; give the slice's SOPInstanceUID (0008,0018)".to_owned(),
            );
        } else if !seen.insert(key.sop_instance_uid.as_str()) {
            error(
                findings,
                format!("{key_path}.sop_instance_uid"),
                format!(
                    "`{}` is already a key slice of this series; remove the repeat",
                    key.sop_instance_uid
                ),
            );
        }
        if key
            .position_mm
            .is_some_and(|position| !position.is_finite())
        {
            error(
                findings,
                format!("{key_path}.position_mm"),
                "is not a finite number; give the table position in mm or leave it out".to_owned(),
            );
        }
        for (annotation_index, annotation) in key.annotations.iter().enumerate() {
            let annotation_path = format!("{key_path}.annotations[{annotation_index}]");
            self::annotation(&annotation_path, annotation, findings);
        }
    }
}

fn error(findings: &mut Vec<Finding>, path: String, message: String) {
    findings.push(Finding {
        severity: Severity::Error,
        path,
        message,
    });
}

fn warning(findings: &mut Vec<Finding>, path: String, message: String) {
    findings.push(Finding {
        severity: Severity::Warning,
        path,
        message,
    });
}

fn severity(path: &str, milestone: &ImagingMilestone, findings: &mut Vec<Finding>) {
    let Some(score) = milestone.severity else {
        return;
    };
    if score.modality() != milestone.modality {
        error(
            findings,
            format!("{path}.severity"),
            format!(
                "a {} is for {} studies, but {} is {}; use {}",
                score.name(),
                score.modality().label(),
                milestone.label,
                milestone.modality.label(),
                match milestone.modality {
                    super::imaging::Modality::Ct => "CtLobes(…) (5 lobes × 0–5)",
                    super::imaging::Modality::ChestXray => "Brixia(…) (6 zones × 0–3)",
                    _ => "no severity score for this modality",
                }
            ),
        );
    }
    let max = score.part_max();
    let region = match score {
        super::imaging::SeverityScore::CtLobes { .. } => "lobe",
        super::imaging::SeverityScore::Brixia { .. } => "zone",
    };
    for (name, value) in score.parts() {
        if value > max {
            error(
                findings,
                format!("{path}.severity.{name}"),
                format!(
                    "is {value}; each {region} of the {} scores 0–{max}",
                    score.name()
                ),
            );
        }
    }
}

fn distribution(path: &str, milestone: &ImagingMilestone, findings: &mut Vec<Finding>) {
    let lobes = &milestone.distribution.lobes;
    let mut seen = HashSet::new();
    for (index, lobe) in lobes.iter().enumerate() {
        if !seen.insert(*lobe) {
            error(
                findings,
                format!("{path}.distribution.lobes[{index}]"),
                format!("{lobe:?} is listed twice; remove one"),
            );
        }
    }
    let any_right = lobes.iter().any(|lobe| lobe.is_right());
    let any_left = lobes.iter().any(|lobe| !lobe.is_right());
    let contradiction = match milestone.distribution.laterality {
        Some(Laterality::Right) => any_left.then_some("a left lobe"),
        Some(Laterality::Left) => any_right.then_some("a right lobe"),
        Some(Laterality::Bilateral) => {
            (!(lobes.is_empty() || any_left && any_right)).then_some("lobes of one side only")
        }
        None => None,
    };
    if let (Some(laterality), Some(what)) = (milestone.distribution.laterality, contradiction) {
        warning(
            findings,
            format!("{path}.distribution"),
            format!(
                "is {} but lists {what}; correct the side or the lobes",
                laterality.label().to_lowercase()
            ),
        );
    }
}

fn patterns(path: &str, milestone: &ImagingMilestone, findings: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for (index, pattern) in milestone.patterns.iter().enumerate() {
        let pattern_path = format!("{path}.patterns[{index}]");
        if pattern.label().trim().is_empty() {
            error(
                findings,
                pattern_path,
                "is `Other(\"\")`; describe the pattern or remove it".to_owned(),
            );
        } else if !seen.insert(pattern) {
            error(
                findings,
                pattern_path,
                format!("`{}` is listed twice; remove one", pattern.label()),
            );
        }
    }
}

/// A change is read against an earlier study of the same modality; without one it means
/// nothing, which is worth a warning but not a refusal (the earlier study may be missing
/// from the case).
fn change(path: &str, case: &Case, index: usize, timeline: &Timeline, findings: &mut Vec<Finding>) {
    let Some(milestone) = case.milestones.get(index) else {
        return;
    };
    let (Some(change), Some(time)) = (milestone.change, milestone.time) else {
        return;
    };
    let Ok(position) = timeline.position(time) else {
        return;
    };
    let has_earlier = case.milestones.iter().any(|other| {
        other.modality == milestone.modality
            && other.label != milestone.label
            && other
                .time
                .and_then(|other_time| timeline.position(other_time).ok())
                .is_some_and(|other_position| other_position < position)
    });
    if !has_earlier {
        warning(
            findings,
            format!("{path}.change"),
            format!(
                "says {} but no earlier {} study is dated in this case; add it or remove the change",
                change.label().to_lowercase(),
                milestone.modality.label()
            ),
        );
    }
}

fn annotation(path: &str, annotation: &Annotation, findings: &mut Vec<Finding>) {
    let shape = &annotation.shape;
    if shape.points().iter().any(|point| !point.is_finite()) {
        error(
            findings,
            format!("{path}.shape"),
            "has a coordinate that is not a finite number; give pixel coordinates such as (x: 120.0, y: 80.5)".to_owned(),
        );
    }
    match shape {
        Shape::Freehand { points } if points.len() < 3 => error(
            findings,
            format!("{path}.shape"),
            format!(
                "an outline needs at least 3 points, this one has {}; redraw it or remove it",
                points.len()
            ),
        ),
        Shape::Text { text, .. } if text.trim().is_empty() => error(
            findings,
            format!("{path}.shape"),
            "a text label is empty; write the text or remove the label".to_owned(),
        ),
        _ => {}
    }
    if annotation
        .note
        .as_deref()
        .is_some_and(|note| note.trim().is_empty())
    {
        warning(
            findings,
            format!("{path}.note"),
            "is empty; remove it or write the note".to_owned(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::imaging::{ImageRef, Lobe, Modality, Pattern, PixelPoint, SeverityScore};
    use crate::model::{CaseTime, validate};

    fn base_case() -> Case {
        let text = "(format_version: 1, metadata: (title: \"t\"), patient: ())";
        ron::from_str(text).unwrap()
    }

    fn dated(label: &str, modality: Modality, day: u32) -> ImagingMilestone {
        let mut milestone = ImagingMilestone::new(label, modality);
        milestone.time = Some(CaseTime::Date(
            chrono::NaiveDate::from_ymd_opt(2020, 2, day).unwrap(),
        ));
        milestone
    }

    fn paths(case: &Case, severity: Severity) -> Vec<String> {
        validate(case)
            .findings
            .into_iter()
            .filter(|finding| finding.severity == severity)
            .map(|finding| finding.path)
            .collect()
    }

    #[test]
    fn scores_out_of_range_or_of_the_wrong_kind_are_errors() {
        let mut case = base_case();
        let mut ct = dated("B1", Modality::Ct, 17);
        ct.severity = Some(SeverityScore::CtLobes {
            right_upper: 5,
            right_middle: 6,
            right_lower: 0,
            left_upper: 0,
            left_lower: 0,
        });
        let mut xray = dated("A1", Modality::ChestXray, 10);
        xray.severity = SeverityScore::zero_for(Modality::Ct);
        case.milestones = vec![ct, xray];
        let errors = paths(&case, Severity::Error);
        assert_eq!(
            errors,
            vec![
                "milestones[0].severity.right_middle".to_owned(),
                "milestones[1].severity".to_owned()
            ]
        );
        let report = validate(&case);
        assert!(report.findings[0].message.contains("scores 0–5"));
    }

    #[test]
    fn lobes_and_patterns_listed_twice_are_errors_and_a_wrong_side_is_a_warning() {
        let mut case = base_case();
        let mut ct = dated("B1", Modality::Ct, 17);
        ct.distribution.laterality = Some(Laterality::Right);
        ct.distribution.lobes = vec![Lobe::RightLower, Lobe::LeftLower, Lobe::RightLower];
        ct.patterns = vec![Pattern::Consolidation, Pattern::Consolidation];
        case.milestones = vec![ct];
        assert_eq!(
            paths(&case, Severity::Error),
            vec![
                "milestones[0].distribution.lobes[2]".to_owned(),
                "milestones[0].patterns[1]".to_owned()
            ]
        );
        assert!(paths(&case, Severity::Warning).contains(&"milestones[0].distribution".to_owned()));
    }

    #[test]
    fn a_change_without_an_earlier_study_of_the_modality_is_a_warning() {
        let mut case = base_case();
        let mut first = dated("B1", Modality::Ct, 17);
        first.change = Some(crate::model::imaging::Change::Worse);
        let mut second = dated("B2", Modality::Ct, 20);
        second.change = Some(crate::model::imaging::Change::Stable);
        case.milestones = vec![second, first];
        let warnings = paths(&case, Severity::Warning);
        assert!(warnings.contains(&"milestones[1].change".to_owned()));
        assert!(!warnings.contains(&"milestones[0].change".to_owned()));
    }

    #[test]
    fn degenerate_annotations_are_errors() {
        let mut case = base_case();
        let mut ct = dated("B1", Modality::Ct, 17);
        let mut image = ImageRef::new("b1.dcm");
        image.annotations = vec![
            Annotation::new(Shape::Freehand {
                points: vec![PixelPoint::new(1.0, 1.0), PixelPoint::new(2.0, 2.0)],
            }),
            Annotation::new(Shape::Arrow {
                tail: PixelPoint::new(f64::NAN, 1.0),
                tip: PixelPoint::new(2.0, 2.0),
            }),
            Annotation::new(Shape::Length {
                start: PixelPoint::new(0.0, 0.0),
                end: PixelPoint::new(10.0, 0.0),
            }),
        ];
        ct.images.push(image);
        case.milestones = vec![ct];
        assert_eq!(
            paths(&case, Severity::Error),
            vec![
                "milestones[0].images[0].annotations[0].shape".to_owned(),
                "milestones[0].images[0].annotations[1].shape".to_owned()
            ]
        );
    }
}
