//! Builds a [`CaseReport`] from a case: every section of the CARE checklist, with times given
//! as date, illness day and hospital day (days only when de-identifying) and free text
//! scrubbed of dates, hospital names and the patient's source id when de-identifying.

use crate::analysis::case_timeline::{RowKind, case_timeline};
use crate::analysis::time_axis::describe_time;
use crate::model::{
    Case, CaseTime, DayPosition, EventKind, NarrativeSection, Provenance, Timeline, Timing,
};

use super::deidentify::{DATE_REMOVED, Scrubber};
use super::images::MilestoneImage;
use super::model::{
    CaseReport, Deidentification, IllustrativeNotice, InterventionEntry, PatientSection,
    REPORT_SCHEMA, SourceSection, TimedText, TimelineEntry, When,
};
use super::{ReportOptions, build_guidelines, build_media, care, lab};

/// The title of a de-identified report whose case title names the patient's source id.
pub const TITLE_WITHOUT_IDENTIFIER: &str = "Case";

/// Ages from this one up are given as "90 or older" when de-identifying (HIPAA Safe Harbor).
pub const OLDEST_SHOWN_AGE: u32 = 90;

/// Shared state of one build: the case, its timeline and the de-identification choice.
pub(super) struct Builder<'a> {
    pub case: &'a Case,
    pub timeline: Timeline,
    pub deidentify: bool,
}

impl Builder<'_> {
    /// A stated time with every form the report may show.
    pub fn when(&self, time: CaseTime) -> When {
        let Ok(position) = self.timeline.position(time) else {
            let label = if time.is_relative() {
                time.to_string()
            } else if self.deidentify {
                DATE_REMOVED.to_owned()
            } else {
                time.to_string()
            };
            return When {
                date: (!self.deidentify)
                    .then(|| time.calendar_date().map(|date| date.to_string()))
                    .flatten(),
                illness_day: None,
                hospital_day: None,
                label,
            };
        };
        let mut when = self.when_at(position);
        if !self.deidentify {
            if let CaseTime::DateTime(date_time) = time {
                when.date = Some(date_time.format("%Y-%m-%dT%H:%M").to_string());
            }
            when.label = describe_time(&self.timeline, time);
        }
        when
    }

    /// A position on the case axis (day resolution).
    pub fn when_at(&self, position: DayPosition) -> When {
        let illness_day = self.timeline.illness_day_at(position);
        let hospital_day = self.timeline.hospital_day_at(position);
        let date = if self.deidentify {
            None
        } else {
            self.timeline
                .date_time_at(position)
                .map(|at| at.date().to_string())
        };
        let mut parts = Vec::new();
        if let Some(at) = self
            .timeline
            .date_time_at(position)
            .filter(|_| !self.deidentify)
        {
            parts.push(at.format("%-d %b %Y").to_string());
        }
        parts.extend(illness_day.map(|day| format!("illness day {day}")));
        parts.extend(hospital_day.map(crate::analysis::time_axis::hospital_day_text));
        let label = if parts.is_empty() {
            // Only calendar dates, and those are withheld: count days from the first record.
            format!("record day {}", (position.floor() as i64).saturating_add(1))
        } else {
            parts.join(" · ")
        };
        When {
            date,
            illness_day,
            hospital_day,
            label,
        }
    }

    fn scrubber(&self) -> Scrubber<'_> {
        Scrubber::new(&self.timeline).with_identifier(self.case.patient.source_id.as_deref())
    }

    /// Free text as the report shows it.
    pub fn text(&self, text: &str) -> String {
        if self.deidentify {
            self.scrubber().scrub(text)
        } else {
            text.to_owned()
        }
    }

    /// An imported title often names the patient's id; such a title is not kept in part.
    fn title(&self) -> String {
        let title = &self.case.metadata.title;
        if self.deidentify && self.scrubber().names_identifier(title) {
            TITLE_WITHOUT_IDENTIFIER.to_owned()
        } else {
            self.text(title)
        }
    }

    pub fn optional_text(&self, text: Option<&str>) -> Option<String> {
        text.map(str::trim)
            .filter(|text| !text.is_empty())
            .map(|text| self.text(text))
    }
}

/// Builds the report. `images` are the case's decoded milestone images (may be empty).
pub fn build_report(case: &Case, images: &[MilestoneImage], options: &ReportOptions) -> CaseReport {
    let builder = Builder {
        case,
        timeline: Timeline::for_case(case),
        deidentify: options.deidentify,
    };
    let narrative = |section| builder.optional_text(case.narrative.text(section));
    let mut report = CaseReport {
        schema: REPORT_SCHEMA,
        generator: format!("CaseLens {}", env!("CARGO_PKG_VERSION")),
        title: builder.title(),
        deidentification: options
            .deidentify
            .then(|| deidentification(&builder, images)),
        illustrative: illustrative_notice(&builder),
        source: source(&builder),
        keywords: case
            .metadata
            .keywords
            .iter()
            .map(|keyword| builder.text(keyword))
            .collect(),
        abstract_text: narrative(NarrativeSection::Abstract),
        introduction: narrative(NarrativeSection::Introduction),
        patient: patient(&builder),
        clinical_findings: events_of(
            &builder,
            &[
                EventKind::Symptom,
                EventKind::Examination,
                EventKind::Diagnosis,
            ],
        ),
        timeline: timeline_rows(&builder),
        diagnostic_assessment: lab::diagnostic_section(&builder),
        interventions: interventions(&builder),
        imaging: build_media::imaging(&builder, images),
        follow_up: lab::follow_up(&builder),
        guideline_checks: build_guidelines::guideline_checks(&builder, &options.criteria),
        discussion: narrative(NarrativeSection::Discussion),
        take_away_lessons: narrative(NarrativeSection::TakeAwayLessons),
        patient_perspective: narrative(NarrativeSection::PatientPerspective),
        informed_consent: narrative(NarrativeSection::InformedConsent),
        reviewer_notes: build_media::notes(&builder),
        care_checklist: Vec::new(),
        figures: Vec::new(),
    };
    report.care_checklist = care::care_checklist(&report);
    if options.include_figures {
        report.figures = build_media::figures_for(case, images, options);
    }
    report
}

fn deidentification(builder: &Builder<'_>, images: &[MilestoneImage]) -> Deidentification {
    let basis = Scrubber::new(&builder.timeline).basis();
    let burned_in: Vec<String> = images
        .iter()
        .filter(|image| image.burned_in_annotation)
        .map(|image| format!("{} image {}", image.milestone, image.image_index + 1))
        .collect();
    let mut caveats = vec![
        "Free text was scrubbed for dates and hospital names only: read it for names of people and places and other identifiers before sharing.".to_owned(),
        "Text burned into the pixels of an image (a name in a radiograph's corner) is not removed: check the thumbnails.".to_owned(),
    ];
    if !burned_in.is_empty() {
        // The header says so outright: this is not a maybe, so it is named first.
        caveats.insert(
            0,
            format!(
                "The DICOM header of {} states Burned In Annotation: YES: identifying text is in the pixels. Check these thumbnails, and leave the images out unless the text is gone.",
                burned_in.join(", ")
            ),
        );
    }
    Deidentification {
        statement: format!(
            "De-identified export: calendar dates are replaced by illness days (day 1 = symptom onset) and hospital days (day 1 = admission), and identifying fields are left out. Dates in free text are given as {}s.",
            basis.label()
        ),
        time_basis: basis.label().to_owned(),
        removed: [
            "calendar dates of every time: anchors, samples, doses, events, imaging studies, episodes and notes (replaced by illness and hospital days)",
            "calendar dates written in free text (converted to days, or replaced by \"[date removed]\" where they cannot be converted)",
            "hospital names written in free text (replaced by \"[hospital name removed]\")",
            "the source citation and DOI, which identify the publication and so the patient",
            "the names or initials of note authors",
            "the patient's identifier from the source export (source id, such as an MRN), and wherever free text repeats it (replaced by \"[identifier removed]\"; a title that holds it becomes \"Case\")",
            "file names of imported laboratory exports and of image files",
            "image headers: thumbnails are re-encoded from pixels alone, with no DICOM, EXIF or text header",
            "ages of 90 years and over (given as \"90 years or older\")",
        ]
        .map(str::to_owned)
        .to_vec(),
        caveats,
    }
}

fn illustrative_notice(builder: &Builder<'_>) -> Option<IllustrativeNotice> {
    let case = builder.case;
    let reconstructed_series: Vec<String> = case
        .series
        .iter()
        .filter(|series| {
            series
                .samples
                .iter()
                .any(|sample| series.sample_provenance(sample) == Provenance::Reconstructed)
        })
        .map(|series| series.display_name())
        .collect();
    let reconstructed_dates: Vec<String> = case
        .interventions
        .iter()
        .filter(|intervention| intervention.dates_reconstructed)
        .map(|intervention| intervention.name.clone())
        .collect();
    let any = case.metadata.illustrative
        || !reconstructed_series.is_empty()
        || !reconstructed_dates.is_empty();
    any.then(|| IllustrativeNotice {
        statement: "Some values and dates in this report are illustrative reconstructions that follow the course the source describes. They are not the patient's measurements, and are marked \"illustrative reconstruction\" wherever they appear.".to_owned(),
        note: builder.optional_text(case.metadata.illustrative_note.as_deref()),
        reconstructed_series,
        reconstructed_dates,
    })
}

fn source(builder: &Builder<'_>) -> Option<SourceSection> {
    let metadata = &builder.case.metadata;
    let section = SourceSection {
        citation: metadata.source.clone().filter(|_| !builder.deidentify),
        doi: metadata.doi.clone().filter(|_| !builder.deidentify),
        licence: metadata.licence.clone(),
    };
    (section.citation.is_some() || section.doi.is_some() || section.licence.is_some())
        .then_some(section)
}

fn patient(builder: &Builder<'_>) -> PatientSection {
    let patient = &builder.case.patient;
    let too_old_to_show =
        builder.deidentify && patient.age_years.is_some_and(|age| age >= OLDEST_SHOWN_AGE);
    let description = if too_old_to_show {
        patient
            .describe()
            .split(", ")
            .map(|part| {
                if part.ends_with(" years") {
                    "90 years or older"
                } else {
                    part
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        patient.describe()
    };
    PatientSection {
        source_id: patient.source_id.clone().filter(|_| !builder.deidentify),
        description,
        age_years: patient.age_years.filter(|_| !too_old_to_show),
        sex: patient.sex.map(|sex| sex.label().to_owned()),
        weight_kg: patient.weight_kg,
        summary: builder.optional_text(patient.summary.as_deref()),
    }
}

pub(super) fn events_of(builder: &Builder<'_>, kinds: &[EventKind]) -> Vec<TimedText> {
    let mut events: Vec<(Option<DayPosition>, TimedText)> = builder
        .case
        .events
        .iter()
        .filter(|event| kinds.contains(&event.kind))
        .map(|event| {
            (
                builder.timeline.position(event.time).ok(),
                TimedText {
                    when: builder.when(event.time),
                    kind: event.kind.label().to_owned(),
                    text: builder.text(&event.text),
                },
            )
        })
        .collect();
    events.sort_by(|left, right| match (left.0, right.0) {
        (Some(left), Some(right)) => left.total_cmp(&right),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    events.into_iter().map(|(_, event)| event).collect()
}

fn timeline_rows(builder: &Builder<'_>) -> Vec<TimelineEntry> {
    case_timeline(builder.case)
        .into_iter()
        .map(|row| TimelineEntry {
            when: row.time.map_or_else(
                || When {
                    label: "undated".to_owned(),
                    ..When::default()
                },
                |time| builder.when(time),
            ),
            kind: match row.kind {
                RowKind::Anchor => "anchor",
                RowKind::Event => "event",
                RowKind::Intervention => "intervention",
                RowKind::Imaging => "imaging",
            }
            .to_owned(),
            what: builder.text(&row.text),
        })
        .collect()
}

fn interventions(builder: &Builder<'_>) -> Vec<InterventionEntry> {
    builder
        .case
        .interventions
        .iter()
        .map(|intervention| {
            let mut stated = intervention.timing.stated_times();
            stated.sort_by(|left, right| {
                let position = |time| builder.timeline.position(time).unwrap_or(f64::INFINITY);
                position(*left).total_cmp(&position(*right))
            });
            let times: Vec<When> = stated.into_iter().map(|time| builder.when(time)).collect();
            InterventionEntry {
                kind: intervention.kind.label().to_owned(),
                name: intervention.name.clone(),
                dose: builder.optional_text(intervention.dose.as_deref()),
                route: builder.optional_text(intervention.route.as_deref()),
                timing: timing_text(builder, &intervention.timing, &times),
                times,
                dates_reconstructed: intervention.dates_reconstructed,
                note: builder.optional_text(intervention.note.as_deref()),
            }
        })
        .collect()
}

/// `illness days 27 and 28`, `course, illness days 10–37`, `single dose, illness day 31`.
fn timing_text(builder: &Builder<'_>, timing: &Timing, times: &[When]) -> String {
    let day = |when: &When| {
        when.illness_day
            .map(|day| day.to_string())
            .or_else(|| when.hospital_day.map(|day| format!("HD {day}")))
            .unwrap_or_else(|| when.label.clone())
    };
    let days: Vec<String> = times.iter().map(day).collect();
    let unit = if times.iter().all(|when| when.illness_day.is_some()) {
        "illness day"
    } else {
        "day"
    };
    match timing {
        Timing::Single(_) => format!("single dose, {unit} {}", days.join("")),
        Timing::Doses(_) => {
            let listed = match days.as_slice() {
                [] => String::new(),
                [only] => only.clone(),
                [init @ .., last] => format!("{} and {last}", init.join(", ")),
            };
            format!("{} doses, {unit}s {listed}", days.len())
        }
        Timing::Course { end: Some(_), .. } => format!("course, {unit}s {}", days.join("–")),
        Timing::Course { end: None, .. } => {
            format!(
                "course from {unit} {}, still running when the record stops",
                days.join("")
            )
        }
        Timing::Undated { note } => format!("undated: {}", builder.text(note)),
    }
}
