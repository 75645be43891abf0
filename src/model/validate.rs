//! The invariants of a case, checked after parsing.
//!
//! Every finding names the field path (`series[2].samples[14]`) so that a person editing the
//! file by hand can go straight to it, and says what to do. Errors stop a load; warnings are
//! shown and the case opens.

use std::collections::HashMap;
use std::fmt;

use super::case::Case;
use super::clinical::{NoteKind, NoteTarget, Timing};
use super::marker::catalog;
use super::time::CaseTime;
use super::timeline::{DayPosition, Timeline};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem, at one place in the case.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// Field path such as `series[2].samples[14]`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.path, self.message)
    }
}

/// All findings for one case, errors first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidationReport {
    pub findings: Vec<Finding>,
}

impl ValidationReport {
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.severity == Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

/// Checks a case against every invariant a case file must hold.
pub fn validate(case: &Case) -> ValidationReport {
    let mut checker = Checker {
        timeline: Timeline::for_case(case),
        findings: Vec::new(),
    };
    checker.metadata(case);
    checker.anchors(case);
    checker.series(case);
    checker.interventions(case);
    checker.events(case);
    checker.milestones(case);
    checker.episodes(case);
    checker.notes(case);
    checker.teaching(case);
    let oxygenation = super::validate_oxygenation::oxygenation_findings(case, &checker.timeline);
    let mut findings = checker.findings;
    findings.extend(oxygenation);
    // Stable sort: errors first, each group in file order.
    findings.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
    ValidationReport { findings }
}

struct Checker {
    timeline: Timeline,
    findings: Vec<Finding>,
}

impl Checker {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, path.into(), message.into());
    }

    fn warning(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, path.into(), message.into());
    }

    fn push(&mut self, severity: Severity, path: String, message: String) {
        self.findings.push(Finding {
            severity,
            path,
            message,
        });
    }

    /// Places a time, reporting an error at `path` when it cannot be placed.
    fn place(&mut self, path: &str, time: CaseTime) -> Option<DayPosition> {
        match self.timeline.position(time) {
            Ok(position) => Some(position),
            Err(reason) => {
                self.error(
                    path,
                    format!("cannot place {time} on the timeline: {reason}"),
                );
                None
            }
        }
    }

    /// Reports a time outside admission..discharge (whichever of them is known).
    fn within_stay(&mut self, path: &str, what: &str, time: CaseTime, position: DayPosition) {
        if let Some(admission) = self.timeline.admission()
            && position < admission
        {
            self.error(
                path,
                format!(
                    "{what} on {time} is before admission; correct the date or the admission anchor"
                ),
            );
        }
        // A discharge is a day: anything during that day is still within the stay.
        if let Some(discharge) = self.timeline.discharge()
            && position >= discharge + 1.0
        {
            self.error(
                path,
                format!(
                    "{what} on {time} is after discharge; correct the date or the discharge anchor"
                ),
            );
        }
    }

    fn stated_day_mismatch(&self, position: DayPosition, stated_day: i32) -> Option<i32> {
        let derived = self.timeline.illness_day_at(position)?;
        (derived != stated_day).then_some(derived)
    }

    fn metadata(&mut self, case: &Case) {
        if case.metadata.title.trim().is_empty() {
            self.error("metadata.title", "is empty; give the case a title");
        }
        if case
            .patient
            .source_id
            .as_deref()
            .is_some_and(|id| id.trim().is_empty())
        {
            self.error(
                "patient.source_id",
                "is blank; give the identifier from the source export, or leave the field out",
            );
        }
        if case.metadata.illustrative && case.metadata.illustrative_note.is_none() {
            self.warning(
                "metadata.illustrative_note",
                "the case is marked illustrative; say in `illustrative_note` which values are reconstructed",
            );
        }
    }

    fn anchors(&mut self, case: &Case) {
        let anchors = &case.anchors;
        let named = [
            ("anchors.symptom_onset", anchors.symptom_onset),
            ("anchors.admission", anchors.admission),
            ("anchors.discharge", anchors.discharge),
        ];
        let mut positions = Vec::new();
        for (path, time) in named {
            positions.push(time.and_then(|time| self.place(path, time)));
        }
        if let [onset, Some(admission), Some(discharge)] = positions[..] {
            if discharge < admission {
                self.error(
                    "anchors.discharge",
                    "is before admission; correct one of the two dates",
                );
            }
            if let Some(onset) = onset
                && onset > discharge
            {
                self.error(
                    "anchors.symptom_onset",
                    "is after discharge; correct one of the two dates",
                );
            }
        }
    }

    fn series(&mut self, case: &Case) {
        for (series_index, series) in case.series.iter().enumerate() {
            let path = format!("series[{series_index}]");
            self.series_marker(&path, series);
            if let Some(reference) = series.reference
                && let (Some(low), Some(high)) = (reference.low, reference.high)
                && low > high
            {
                self.error(
                    format!("{path}.reference"),
                    format!("low bound {low} is above high bound {high}; swap them"),
                );
            }
            if let Some(dense) = &series.dense {
                self.dense_reference(&path, series, dense);
            }
            let mut previous: Option<(usize, CaseTime, DayPosition)> = None;
            for (sample_index, sample) in series.samples.iter().enumerate() {
                let sample_path = format!("{path}.samples[{sample_index}]");
                if sample.value.is_nan() {
                    self.error(
                        &sample_path,
                        "value is NaN; remove the sample or give its value",
                    );
                } else if sample.value.is_infinite() {
                    self.error(
                        &sample_path,
                        "value is infinite; remove the sample or give its value",
                    );
                }
                let Some(position) = self.place(&sample_path, sample.time) else {
                    continue;
                };
                if let Some((previous_index, previous_time, previous_position)) = previous {
                    if position == previous_position {
                        self.error(
                            &sample_path,
                            format!(
                                "duplicate sample time {}: samples[{previous_index}] has the same time; merge or remove one",
                                sample.time
                            ),
                        );
                    } else if position < previous_position {
                        self.error(
                            &sample_path,
                            format!(
                                "samples are not in time order: {} comes after samples[{previous_index}] at {previous_time}; sort the samples by time",
                                sample.time
                            ),
                        );
                    }
                }
                if previous.is_none_or(|(_, _, previous_position)| position > previous_position) {
                    previous = Some((sample_index, sample.time, position));
                }
            }
        }
    }

    fn dense_reference(
        &mut self,
        path: &str,
        series: &super::series::Series,
        dense: &super::dense::DenseRef,
    ) {
        let dense_path = format!("{path}.dense");
        if !series.samples.is_empty() {
            self.error(
                &dense_path,
                "the series has both `samples` and `dense`; keep the samples in one place",
            );
        }
        if self.timeline.calendar_origin().is_none() {
            self.error(
                &dense_path,
                "dense series carry clock times, but the case has no calendar dates; give the anchors dates",
            );
        }
        if dense.file.is_absolute() || dense.file.has_root() {
            self.error(
                format!("{dense_path}.file"),
                format!(
                    "`{}` is absolute; store it relative to the case file's folder so the case can be moved",
                    dense.file.display()
                ),
            );
        }
    }

    fn series_marker(&mut self, path: &str, series: &super::series::Series) {
        if series.marker.trim().is_empty() {
            self.error(
                format!("{path}.marker"),
                "is empty; name a catalog marker or a custom one",
            );
            return;
        }
        match series.definition() {
            None if series.unit.is_none() => {
                self.error(
                    format!("{path}.marker"),
                    format!(
                        "unknown marker `{}` without a unit: give `unit` (and `custom` with its name and reference interval), or use a catalog id such as `lymphocytes`, `crp` or `il6` (docs/catalog.md lists all {})",
                        series.marker,
                        catalog().len()
                    ),
                );
            }
            Some(definition)
                if series
                    .unit
                    .as_deref()
                    .is_some_and(|unit| unit != definition.unit)
                    && series.reference.is_none() =>
            {
                self.warning(
                        format!("{path}.unit"),
                        format!(
                            "`{}` differs from the catalog unit `{}` of {}; values are kept as they are and no reference interval is shaded; add `reference` in this unit",
                            series.unit.as_deref().unwrap_or_default(),
                            definition.unit,
                            definition.name
                        ),
                    );
            }
            _ => {}
        }
    }

    fn interventions(&mut self, case: &Case) {
        for (index, intervention) in case.interventions.iter().enumerate() {
            let path = format!("interventions[{index}]");
            if intervention.name.trim().is_empty() {
                self.error(format!("{path}.name"), "is empty; name the drug or measure");
            }
            let timing_path = format!("{path}.timing");
            match &intervention.timing {
                Timing::Doses(times) if times.is_empty() => {
                    self.error(
                        &timing_path,
                        "lists no doses; give at least one time or use `Undated`",
                    );
                }
                Timing::Course {
                    start,
                    end: Some(end),
                } => {
                    let start_position = self.timeline.position(*start).ok();
                    let end_position = self.timeline.position(*end).ok();
                    if let (Some(start_position), Some(end_position)) =
                        (start_position, end_position)
                        && end_position < start_position
                    {
                        self.error(
                            &timing_path,
                            format!("end ({end}) is before start ({start}); swap or correct them"),
                        );
                    }
                }
                _ => {}
            }
            let times = intervention.timing.stated_times();
            let mut previous_position = None;
            for time in times {
                let Some(position) = self.place(&timing_path, time) else {
                    continue;
                };
                if matches!(intervention.timing, Timing::Doses(_))
                    && previous_position.is_some_and(|previous| position <= previous)
                {
                    self.error(
                        &timing_path,
                        format!("dose at {time} is not after the dose before it; list doses in time order, once each"),
                    );
                }
                previous_position = Some(position);
                self.within_stay(&timing_path, &intervention.name, time, position);
            }
        }
    }

    fn events(&mut self, case: &Case) {
        for (index, event) in case.events.iter().enumerate() {
            let path = format!("events[{index}]");
            let Some(position) = self.place(&path, event.time) else {
                continue;
            };
            if let Some(end) = event.end
                && let Some(end_position) = self.place(&format!("{path}.end"), end)
                && end_position < position
            {
                self.error(
                    format!("{path}.end"),
                    format!(
                        "end ({end}) is before the event's time ({}); swap or correct them",
                        event.time
                    ),
                );
            }
            if let Some(stated_day) = event.stated_illness_day
                && let Some(derived) = self.stated_day_mismatch(position, stated_day)
            {
                self.warning(
                    &path,
                    format!(
                        "the source calls {} illness day {stated_day}, but with the onset anchor it is illness day {derived}",
                        event.time
                    ),
                );
            }
        }
    }

    fn milestones(&mut self, case: &Case) {
        let mut first_with_label: HashMap<&str, usize> = HashMap::new();
        for (index, milestone) in case.milestones.iter().enumerate() {
            let path = format!("milestones[{index}]");
            let label = milestone.label.trim();
            if label.is_empty() {
                self.error(
                    format!("{path}.label"),
                    "is empty; give the study a label such as A1 or B3",
                );
            } else if let Some(first) = first_with_label.get(label) {
                self.error(
                    format!("{path}.label"),
                    format!(
                        "`{label}` is already used by milestones[{first}]; labels must be unique"
                    ),
                );
            } else {
                first_with_label.insert(label, index);
            }
            match milestone.time {
                Some(time) => {
                    if let Some(position) = self.place(&format!("{path}.time"), time) {
                        self.within_stay(
                            &format!("{path}.time"),
                            &format!("study {label}"),
                            time,
                            position,
                        );
                    }
                }
                None => self.warning(
                    format!("{path}.time"),
                    format!("study {label} has no date yet; place it on the timeline"),
                ),
            }
            for (image_index, image) in milestone.images.iter().enumerate() {
                if image.path.is_absolute() || image.path.has_root() {
                    self.error(
                        format!("{path}.images[{image_index}].path"),
                        format!(
                            "`{}` is absolute; store it relative to the case file's folder so the case can be moved",
                            image.path.display()
                        ),
                    );
                }
            }
        }
        let imaging = super::validate_imaging::milestone_findings(case, &self.timeline);
        self.findings.extend(imaging);
    }

    fn episodes(&mut self, case: &Case) {
        for (index, episode) in case.episodes.iter().enumerate() {
            let path = format!("episodes[{index}].span");
            let start = self.place(&path, episode.span.start);
            let end = self.place(&path, episode.span.end);
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            if end < start {
                self.error(
                    &path,
                    format!(
                        "end ({}) is before start ({}); swap or correct them",
                        episode.span.end, episode.span.start
                    ),
                );
            }
            if let Some((stated_first, stated_last)) = episode.stated_illness_days {
                let derived_first = self.timeline.illness_day_at(start);
                let derived_last = self.timeline.illness_day_at(end);
                if let (Some(derived_first), Some(derived_last)) = (derived_first, derived_last)
                    && (derived_first, derived_last) != (stated_first, stated_last)
                {
                    self.warning(
                        format!("episodes[{index}]"),
                        format!(
                            "`{}`: the source calls it illness days {stated_first}–{stated_last}, but its dates ({}) are illness days {derived_first}–{derived_last}",
                            episode.label, episode.span
                        ),
                    );
                }
            }
        }
    }

    fn notes(&mut self, case: &Case) {
        for (index, note) in case.notes.iter().enumerate() {
            let path = format!("notes[{index}]");
            match note.kind {
                NoteKind::Comment => {}
                NoteKind::SourceInconsistency => {
                    self.warning(&path, format!("source inconsistency: {}", note.text));
                }
                NoteKind::RenderingLoss => {
                    self.warning(
                        &path,
                        format!("lost in the source's text rendering: {}", note.text),
                    );
                }
            }
            match &note.target {
                NoteTarget::Case => {}
                NoteTarget::Time(time) => {
                    self.place(&format!("{path}.target"), *time);
                }
                NoteTarget::Sample { marker, time } => {
                    if !case.series.iter().any(|series| &series.marker == marker) {
                        self.warning(
                            format!("{path}.target"),
                            format!("no series has marker `{marker}`; the note is shown on the timeline only"),
                        );
                    }
                    self.place(&format!("{path}.target"), *time);
                }
                NoteTarget::Milestone(label) => {
                    if case.milestone(label).is_none() {
                        self.warning(
                            format!("{path}.target"),
                            format!("no imaging milestone is labelled `{label}`"),
                        );
                    }
                }
            }
        }
    }

    /// Each stop placed within the stay, with a question, in time order, once per time.
    fn teaching(&mut self, case: &Case) {
        let mut previous: Option<(usize, DayPosition)> = None;
        for (index, stop) in case.teaching.stops.iter().enumerate() {
            let path = format!("teaching.stops[{index}]");
            if stop.question.trim().is_empty() {
                self.error(
                    format!("{path}.question"),
                    "is empty; write the question the class is asked, such as `What happens next?`",
                );
            }
            let time_path = format!("{path}.time");
            let Some(position) = self.place(&time_path, stop.time) else {
                continue;
            };
            self.within_stay(&time_path, "the stop", stop.time, position);
            if let Some((before, before_position)) = previous
                && position <= before_position
            {
                self.error(
                    &time_path,
                    format!(
                        "{} is not after teaching.stops[{before}]; list the stops in time order, one per time",
                        stop.time
                    ),
                );
            }
            previous = Some((index, position));
        }
    }
}
