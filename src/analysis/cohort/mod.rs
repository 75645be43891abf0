//! Cohort context: a case set against many patients with known outcomes.
//!
//! [`build_cohort`] turns imported cases (any export CaseLens reads that states outcomes) into
//! a [`Cohort`]; [`bands`] summarises each analyte by hospital day and outcome (median and
//! interquartile range, with the number of patients behind each day); [`courses`] gives every
//! patient's course of an analyte, filtered, aligned and ranked; [`patient_case`] makes one
//! patient a case; [`rule`] is the
//! published survival rule of Yan et al. 2020 applied to a case day by day; [`check`] applies
//! it to a whole cohort and counts how often it is right.

pub mod bands;
pub mod check;
pub mod courses;
pub mod patient_case;
pub mod rule;

use chrono::{NaiveDateTime, NaiveTime};

use crate::model::{
    Case, CaseTime, Cohort, CohortAnalyte, CohortOutcome, CohortPatient, EventKind, Timeline,
};

/// The attribution of the bundled Tongji cohort, shown wherever it is used.
pub const TONGJI_ATTRIBUTION: &str = "Tongji Hospital, Wuhan, 10 Jan – 18 Feb 2020: the training \
     table of Yan L. et al., An interpretable mortality prediction model for COVID-19 patients, \
     Nat Mach Intell 2, 283–288 (2020), doi:10.1038/s42256-020-0180-7; data \
     doi:10.5281/zenodo.3766350, MIT licence";

/// What building a cohort left out, and why; every count says what it rests on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BuildReport {
    /// Cases given.
    pub cases: usize,
    /// Cases left out because they state no outcome (no death or discharge event).
    pub without_outcome: usize,
    /// Cases left out because their admission has no calendar date and time.
    pub without_admission: usize,
    /// Samples left out because their time could not be placed.
    pub unplaced_samples: usize,
    /// Censored values (`<0.5`), kept at their stated bound.
    pub censored_kept: usize,
    /// Series left out because they have no unit.
    pub series_without_unit: usize,
}

/// How a case's stay ended, from its death or discharge event (death wins).
pub fn case_outcome(case: &Case) -> Option<CohortOutcome> {
    let kinds = case.events.iter().map(|event| event.kind);
    let mut outcome = None;
    for kind in kinds {
        match kind {
            EventKind::Death => return Some(CohortOutcome::Died),
            EventKind::Discharge => outcome = Some(CohortOutcome::Survived),
            _ => {}
        }
    }
    outcome
}

fn calendar_time(time: CaseTime) -> Option<NaiveDateTime> {
    match time {
        CaseTime::DateTime(date_time) => Some(date_time),
        CaseTime::Date(date) => Some(date.and_time(NaiveTime::MIN)),
        CaseTime::HospitalDay(_) | CaseTime::IllnessDay(_) => None,
    }
}

/// Builds a cohort from cases: one patient per case with an outcome and a dated admission,
/// one analyte per marker and unit.
pub fn build_cohort(cases: &[Case], name: &str, attribution: &str) -> (Cohort, BuildReport) {
    let mut report = BuildReport {
        cases: cases.len(),
        ..BuildReport::default()
    };
    let mut cohort = Cohort {
        name: name.to_owned(),
        attribution: attribution.to_owned(),
        ..Cohort::default()
    };
    for case in cases {
        let Some(outcome) = case_outcome(case) else {
            report.without_outcome += 1;
            continue;
        };
        let Some(admission) = case.anchors.admission.and_then(calendar_time) else {
            report.without_admission += 1;
            continue;
        };
        let timeline = Timeline::for_case(case);
        let Ok(patient_index) = u32::try_from(cohort.patients.len()) else {
            break;
        };
        cohort.patients.push(CohortPatient {
            id: case
                .patient
                .source_id
                .clone()
                .unwrap_or_else(|| case.metadata.title.clone()),
            outcome,
            age_years: case.patient.age_years,
            sex: case.patient.sex,
            admission,
            end: case.anchors.discharge.and_then(calendar_time),
        });
        for series in &case.series {
            let Some(unit) = series.unit() else {
                report.series_without_unit += 1;
                continue;
            };
            let analyte = analyte_slot(&mut cohort.analytes, &series.marker, unit, || {
                series.display_name()
            });
            for sample in &series.samples {
                if !sample.value.is_finite() {
                    report.unplaced_samples += 1;
                    continue;
                }
                let Some(seconds) = seconds_after(admission, sample.time, &timeline) else {
                    report.unplaced_samples += 1;
                    continue;
                };
                if sample.censored.is_some() {
                    report.censored_kept += 1;
                }
                analyte.samples.push(patient_index, seconds, sample.value);
            }
        }
    }
    cohort
        .analytes
        .retain(|analyte| !analyte.samples.is_empty());
    for analyte in &mut cohort.analytes {
        analyte.samples.sort();
    }
    (cohort, report)
}

fn analyte_slot<'a>(
    analytes: &'a mut Vec<CohortAnalyte>,
    marker: &str,
    unit: &str,
    name: impl FnOnce() -> String,
) -> &'a mut CohortAnalyte {
    let index = match analytes
        .iter()
        .position(|analyte| analyte.marker == marker && analyte.unit == unit)
    {
        Some(index) => index,
        None => {
            analytes.push(CohortAnalyte {
                marker: marker.to_owned(),
                name: name(),
                unit: unit.to_owned(),
                samples: Default::default(),
            });
            analytes.len() - 1
        }
    };
    &mut analytes[index]
}

/// Seconds from admission to a sample: exact for calendar times, through the case's timeline
/// for relative days.
fn seconds_after(admission: NaiveDateTime, time: CaseTime, timeline: &Timeline) -> Option<i64> {
    if let Some(at) = calendar_time(time) {
        return Some((at - admission).num_seconds());
    }
    let position = timeline.position(time).ok()?;
    let admitted = timeline.admission()?;
    let seconds = ((position - admitted) * 86_400.0).round();
    (seconds.abs() < 1.0e12).then_some(seconds as i64)
}

#[cfg(test)]
pub(crate) mod test_cases {
    //! Small hand-built cases shared by the cohort tests.
    use chrono::NaiveDate;

    use crate::model::{
        Case, CaseMetadata, CaseTime, ClinicalEvent, EventKind, Patient, Sample, Series,
        TimeAnchors,
    };

    pub fn at(day: u32, hour: u32) -> CaseTime {
        let date = NaiveDate::from_ymd_opt(2020, 2, day).unwrap_or_default();
        CaseTime::DateTime(date.and_hms_opt(hour, 0, 0).unwrap_or_default())
    }

    /// `(marker, unit, samples)`.
    pub type TestSeries<'a> = (&'a str, &'a str, Vec<(CaseTime, f64)>);

    /// A case admitted on 1 February 2020 at 08:00 with the given series and outcome.
    pub fn case(id: &str, died: bool, series: Vec<TestSeries<'_>>) -> Case {
        Case {
            format_version: 1,
            metadata: CaseMetadata {
                title: format!("patient {id}"),
                ..CaseMetadata::default()
            },
            patient: Patient {
                source_id: Some(id.to_owned()),
                age_years: Some(60),
                ..Patient::default()
            },
            anchors: TimeAnchors {
                symptom_onset: None,
                admission: Some(at(1, 8)),
                discharge: Some(at(20, 8)),
            },
            series: series
                .into_iter()
                .map(|(marker, unit, samples)| Series {
                    marker: marker.to_owned(),
                    unit: Some(unit.to_owned()),
                    samples: samples
                        .into_iter()
                        .map(|(time, value)| Sample::new(time, value))
                        .collect(),
                    ..Series::default()
                })
                .collect(),
            interventions: Vec::new(),
            events: vec![ClinicalEvent {
                time: at(20, 8),
                kind: if died {
                    EventKind::Death
                } else {
                    EventKind::Discharge
                },
                text: String::new(),
                stated_illness_day: None,
                end: None,
            }],
            milestones: Vec::new(),
            episodes: Vec::new(),
            notes: Vec::new(),
            view: None,
            teaching: Default::default(),
            narrative: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_cases::{at, case};
    use super::*;

    #[test]
    fn cases_become_patients_with_samples_counted_from_admission() {
        let cases = vec![
            case("7", true, vec![("ldh", "U/L", vec![(at(2, 8), 400.0)])]),
            case("8", false, vec![("ldh", "IU/L", vec![(at(1, 20), 200.0)])]),
        ];
        let (cohort, report) = build_cohort(&cases, "test", "made up");
        assert_eq!(report.cases, 2);
        assert_eq!(cohort.outcome_counts(), (1, 1));
        assert_eq!(cohort.patients[0].id, "7");
        // Two units, two analytes: nothing mixed.
        assert_eq!(cohort.analytes.len(), 2);
        let ldh = cohort.analyte("ldh", "U/L").map(|analyte| &analyte.samples);
        assert_eq!(
            ldh.map(|samples| samples.seconds_from_admission.clone()),
            Some(vec![86_400])
        );
        let other = cohort
            .analyte("ldh", "IU/L")
            .map(|analyte| &analyte.samples);
        assert_eq!(
            other.map(|samples| (
                samples.patient.clone(),
                samples.seconds_from_admission.clone()
            )),
            Some((vec![1], vec![12 * 3600]))
        );
    }

    #[test]
    fn cases_without_outcome_or_dated_admission_are_counted_not_used() {
        let mut no_outcome = case("1", false, vec![]);
        no_outcome.events.clear();
        let mut relative = case("2", false, vec![]);
        relative.anchors.admission = Some(CaseTime::HospitalDay(1));
        let (cohort, report) = build_cohort(&[no_outcome, relative], "t", "t");
        assert!(cohort.patients.is_empty());
        assert_eq!(report.without_outcome, 1);
        assert_eq!(report.without_admission, 1);
    }
}
