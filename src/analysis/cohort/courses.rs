//! Every patient's course of one analyte, filtered, aligned and ranked: what the cohort view
//! draws and lists.
//!
//! A course is one patient's samples of the analyte as points (days from the alignment
//! point, value), in time order. All courses of a query share one point buffer, so a view
//! that draws hundreds of them walks one slice, and a query is answered once and kept until
//! the filter, the alignment or the analyte changes, never per frame.

use std::ops::Range;

use crate::model::{Cohort, CohortOutcome, CohortPatient, Sex};

const SECONDS_PER_DAY: f64 = 86_400.0;

/// Which patients a view shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CohortFilter {
    /// `None`: both outcomes.
    pub outcome: Option<CohortOutcome>,
    /// Youngest and oldest age shown, inclusive. A patient without a stated age is shown
    /// only when the range is the full [`AGE_LIMITS`].
    pub age: (u32, u32),
    pub sex: SexFilter,
}

/// The widest age range a filter can ask for.
pub const AGE_LIMITS: (u32, u32) = (0, 120);

impl Default for CohortFilter {
    fn default() -> Self {
        Self {
            outcome: None,
            age: AGE_LIMITS,
            sex: SexFilter::Any,
        }
    }
}

/// A filter on the recorded sex.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SexFilter {
    #[default]
    Any,
    Female,
    Male,
    /// Patients whose sex the cohort does not record.
    NotRecorded,
}

impl SexFilter {
    pub const ALL: [Self; 4] = [Self::Any, Self::Female, Self::Male, Self::NotRecorded];

    pub fn label(self) -> &'static str {
        match self {
            Self::Any => "any sex",
            Self::Female => "female",
            Self::Male => "male",
            Self::NotRecorded => "sex not recorded",
        }
    }

    fn admits(self, sex: Option<Sex>) -> bool {
        match self {
            Self::Any => true,
            Self::Female => sex == Some(Sex::Female),
            Self::Male => sex == Some(Sex::Male),
            Self::NotRecorded => matches!(sex, None | Some(Sex::Unknown)),
        }
    }
}

impl CohortFilter {
    /// Whether the filter lets this patient through.
    pub fn admits(&self, patient: &CohortPatient) -> bool {
        let outcome = self
            .outcome
            .is_none_or(|outcome| outcome == patient.outcome);
        let age = match patient.age_years {
            Some(age) => (self.age.0..=self.age.1).contains(&age),
            None => self.age == AGE_LIMITS,
        };
        outcome && age && self.sex.admits(patient.sex)
    }
}

/// Where day 0 of each course lies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CourseAlignment {
    /// Day 0 = admission (the cohort's own time axis).
    #[default]
    Admission,
    /// Day 0 = the patient's highest value of this analyte.
    Peak,
    /// Day 0 = discharge or death; patients without a stated end are left out.
    EndOfStay,
}

impl CourseAlignment {
    pub const ALL: [Self; 3] = [Self::Admission, Self::Peak, Self::EndOfStay];

    pub fn label(self) -> &'static str {
        match self {
            Self::Admission => "admission",
            Self::Peak => "peak",
            Self::EndOfStay => "discharge or death",
        }
    }

    /// The time axis title: `days from admission`.
    pub fn axis_title(self) -> &'static str {
        match self {
            Self::Admission => "days from admission",
            Self::Peak => "days from the patient's peak",
            Self::EndOfStay => "days from discharge or death",
        }
    }
}

/// How the patient list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Ranking {
    /// Highest peak first.
    #[default]
    Peak,
    /// Highest last value first.
    LastValue,
    /// Earliest peak (days from admission) first.
    TimeToPeak,
}

impl Ranking {
    pub const ALL: [Self; 3] = [Self::Peak, Self::LastValue, Self::TimeToPeak];

    pub fn label(self) -> &'static str {
        match self {
            Self::Peak => "peak",
            Self::LastValue => "last value",
            Self::TimeToPeak => "time to peak",
        }
    }
}

/// One patient's course.
#[derive(Clone, Debug, PartialEq)]
pub struct Course {
    /// Index into [`Cohort::patients`].
    pub patient: u32,
    pub outcome: CohortOutcome,
    /// The course's points in [`Courses::points`].
    pub points: Range<usize>,
    /// Highest value, and when (days from admission; the first such sample).
    pub peak: f64,
    pub peak_day: f64,
    /// Last value, and when (days from admission).
    pub last: f64,
    pub last_day: f64,
}

/// The courses of one analyte under one filter and alignment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Courses {
    /// Index into [`Cohort::analytes`].
    pub analyte: usize,
    /// `[days from the alignment point, value]`, course after course.
    pub points: Vec<[f64; 2]>,
    pub courses: Vec<Course>,
    /// Patients the filter admits (with or without samples of this analyte).
    pub admitted: usize,
    /// Admitted patients left out because the alignment point is unknown (no end of stay).
    pub unaligned: usize,
    /// Smallest and largest x and value over all points; `None` without points.
    pub bounds: Option<([f64; 2], [f64; 2])>,
}

impl Courses {
    /// The points of one course.
    pub fn course_points(&self, course: &Course) -> &[[f64; 2]] {
        self.points.get(course.points.clone()).unwrap_or_default()
    }

    /// Courses of each outcome.
    pub fn outcome_counts(&self) -> (usize, usize) {
        let died = self
            .courses
            .iter()
            .filter(|course| course.outcome == CohortOutcome::Died)
            .count();
        (self.courses.len() - died, died)
    }

    /// Course indices in the order of `ranking` (ties by patient order, so it is stable).
    pub fn ranked(&self, ranking: Ranking) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.courses.len()).collect();
        let key = |index: &usize| {
            let course = &self.courses[*index];
            match ranking {
                Ranking::Peak => -course.peak,
                Ranking::LastValue => -course.last,
                Ranking::TimeToPeak => course.peak_day,
            }
        };
        order.sort_by(|a, b| key(a).total_cmp(&key(b)));
        order
    }
}

/// The courses of `analyte` of the patients `filter` admits, aligned by `alignment`.
pub fn courses(
    cohort: &Cohort,
    analyte: usize,
    filter: &CohortFilter,
    alignment: CourseAlignment,
) -> Courses {
    let mut result = Courses {
        analyte,
        admitted: cohort
            .patients
            .iter()
            .filter(|patient| filter.admits(patient))
            .count(),
        ..Courses::default()
    };
    let Some(entry) = cohort.analytes.get(analyte) else {
        return result;
    };
    let samples = &entry.samples;
    let mut low = [f64::INFINITY; 2];
    let mut high = [f64::NEG_INFINITY; 2];
    for (patient_index, rows) in samples.patient_runs() {
        let Some(patient) = cohort.patients.get(patient_index as usize) else {
            continue;
        };
        if !filter.admits(patient) || rows.is_empty() {
            continue;
        }
        let day = |row: usize| samples.seconds_from_admission[row] as f64 / SECONDS_PER_DAY;
        // Rows are in time order: the first highest value is the peak, the last row the last.
        let (mut peak_row, mut last_row) = (rows.start, rows.start);
        for row in rows.clone() {
            if samples.value[row] > samples.value[peak_row] {
                peak_row = row;
            }
            last_row = row;
        }
        let origin = match alignment {
            CourseAlignment::Admission => 0.0,
            CourseAlignment::Peak => day(peak_row),
            CourseAlignment::EndOfStay => match patient.end {
                Some(end) => (end - patient.admission).num_seconds() as f64 / SECONDS_PER_DAY,
                None => {
                    result.unaligned += 1;
                    continue;
                }
            },
        };
        let start = result.points.len();
        for row in rows {
            let point = [day(row) - origin, samples.value[row]];
            for axis in 0..2 {
                low[axis] = low[axis].min(point[axis]);
                high[axis] = high[axis].max(point[axis]);
            }
            result.points.push(point);
        }
        result.courses.push(Course {
            patient: patient_index,
            outcome: patient.outcome,
            points: start..result.points.len(),
            peak: samples.value[peak_row],
            peak_day: day(peak_row),
            last: samples.value[last_row],
            last_day: day(last_row),
        });
    }
    result.bounds = low[0].is_finite().then_some((low, high));
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cohort::build_cohort;
    use crate::analysis::cohort::test_cases::{at, case};

    fn cohort() -> Cohort {
        let cases = vec![
            case(
                "a",
                false,
                vec![("ldh", "U/L", vec![(at(1, 8), 200.0), (at(3, 8), 500.0)])],
            ),
            case(
                "b",
                true,
                vec![(
                    "ldh",
                    "U/L",
                    vec![(at(2, 8), 900.0), (at(4, 8), 900.0), (at(5, 8), 700.0)],
                )],
            ),
            case("c", true, vec![("crp", "mg/L", vec![(at(2, 8), 9.0)])]),
        ];
        build_cohort(&cases, "t", "t").0
    }

    #[test]
    fn courses_count_days_from_admission_and_know_peak_and_last_value() {
        let cohort = cohort();
        let ldh = courses(&cohort, 0, &CohortFilter::default(), Default::default());
        assert_eq!(ldh.admitted, 3);
        assert_eq!(ldh.courses.len(), 2, "c has no LDH");
        let b = &ldh.courses[1];
        assert_eq!(
            ldh.course_points(b),
            &[[1.0, 900.0], [3.0, 900.0], [4.0, 700.0]]
        );
        assert_eq!(
            (b.peak, b.peak_day, b.last, b.last_day),
            (900.0, 1.0, 700.0, 4.0)
        );
        assert_eq!(ldh.bounds, Some(([0.0, 200.0], [4.0, 900.0])));
        assert_eq!(ldh.outcome_counts(), (1, 1));
    }

    #[test]
    fn filters_alignment_and_ranking_change_what_is_shown_and_its_order() {
        let cohort = cohort();
        let died = CohortFilter {
            outcome: Some(CohortOutcome::Died),
            ..CohortFilter::default()
        };
        let only_died = courses(&cohort, 0, &died, CourseAlignment::Admission);
        assert_eq!(only_died.admitted, 2);
        assert_eq!(only_died.courses.len(), 1);
        let young = CohortFilter {
            age: (0, 50),
            ..CohortFilter::default()
        };
        assert!(
            courses(&cohort, 0, &young, CourseAlignment::Admission)
                .courses
                .is_empty()
        );
        let male = CohortFilter {
            sex: SexFilter::Male,
            ..CohortFilter::default()
        };
        assert_eq!(
            courses(&cohort, 0, &male, CourseAlignment::Admission).admitted,
            0
        );

        let at_peak = courses(&cohort, 0, &CohortFilter::default(), CourseAlignment::Peak);
        assert_eq!(
            at_peak.course_points(&at_peak.courses[0]),
            &[[-2.0, 200.0], [0.0, 500.0]]
        );
        // The test cases end on 20 February 08:00, 19 days after admission.
        let at_end = courses(
            &cohort,
            0,
            &CohortFilter::default(),
            CourseAlignment::EndOfStay,
        );
        assert_eq!(at_end.course_points(&at_end.courses[0])[0], [-19.0, 200.0]);

        let all = courses(
            &cohort,
            0,
            &CohortFilter::default(),
            CourseAlignment::Admission,
        );
        assert_eq!(all.ranked(Ranking::Peak), vec![1, 0]);
        assert_eq!(all.ranked(Ranking::LastValue), vec![1, 0]);
        assert_eq!(all.ranked(Ranking::TimeToPeak), vec![1, 0]);
    }
}
