//! A reference cohort: many patients' lab samples aligned on admission, with each patient's
//! outcome, age and sex.
//!
//! The cohort is plain data. Samples are kept per analyte in three parallel columns (patient,
//! seconds from admission, value), sorted by patient and then time, because every question
//! asked of a cohort (bands by day, a patient's last value, one patient's course) walks one
//! analyte at a time. An analyte is a marker in one unit: the same marker in two units is two
//! analytes, so no value is ever mixed with one in another unit.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::case::Sex;

/// How a cohort patient's stay ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CohortOutcome {
    Survived,
    Died,
}

impl CohortOutcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::Survived => "survived",
            Self::Died => "died",
        }
    }

    /// Both outcomes, survivors first.
    pub const BOTH: [Self; 2] = [Self::Survived, Self::Died];
}

/// One patient of a cohort.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortPatient {
    /// The patient's id in the source export, as written there.
    pub id: String,
    pub outcome: CohortOutcome,
    #[serde(default)]
    pub age_years: Option<u32>,
    #[serde(default)]
    pub sex: Option<Sex>,
    /// Admission, hospital local time; sample times count from it.
    pub admission: NaiveDateTime,
    /// Discharge or death, when the source gives it.
    #[serde(default)]
    pub end: Option<NaiveDateTime>,
}

/// One analyte (a marker in one unit) and every patient's samples of it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CohortAnalyte {
    /// The marker id as in cases: a catalog id (`ldh`) or the export's own id.
    pub marker: String,
    /// The display name (`LDH`, `Interleukin 6`).
    pub name: String,
    /// The UCUM unit of every value of this analyte, as the source gave it.
    pub unit: String,
    pub samples: AnalyteSamples,
}

/// Samples in parallel columns, sorted by patient, then time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnalyteSamples {
    /// Index into [`Cohort::patients`].
    pub patient: Vec<u32>,
    /// Seconds after the patient's admission (negative before it).
    pub seconds_from_admission: Vec<i64>,
    pub value: Vec<f64>,
}

impl AnalyteSamples {
    pub fn len(&self) -> usize {
        self.value.len()
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Appends one sample; callers keep the patient-then-time order (see [`Self::sort`]).
    pub fn push(&mut self, patient: u32, seconds_from_admission: i64, value: f64) {
        self.patient.push(patient);
        self.seconds_from_admission.push(seconds_from_admission);
        self.value.push(value);
    }

    /// Sorts by patient, then time (stable, so same-time samples keep their order).
    pub fn sort(&mut self) {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by_key(|&row| (self.patient[row], self.seconds_from_admission[row]));
        self.patient = order.iter().map(|&row| self.patient[row]).collect();
        self.seconds_from_admission = order
            .iter()
            .map(|&row| self.seconds_from_admission[row])
            .collect();
        self.value = order.iter().map(|&row| self.value[row]).collect();
    }

    /// The rows of each patient, in patient order: `(patient, first_row..end_row)`.
    pub fn patient_runs(&self) -> impl Iterator<Item = (u32, std::ops::Range<usize>)> + '_ {
        let mut start = 0;
        std::iter::from_fn(move || {
            let patient = *self.patient.get(start)?;
            let length = self.patient[start..]
                .iter()
                .take_while(|&&other| other == patient)
                .count();
            let range = start..start + length;
            start += length;
            Some((patient, range))
        })
    }
}

/// A cohort with its name and attribution, which every view that uses it shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cohort {
    /// Short name for labels: `Tongji 375 (Yan et al. 2020)`.
    pub name: String,
    /// Source, citation and licence, shown wherever the cohort is used.
    pub attribution: String,
    pub patients: Vec<CohortPatient>,
    pub analytes: Vec<CohortAnalyte>,
}

impl Cohort {
    /// Patients with each outcome: `(survived, died)`.
    pub fn outcome_counts(&self) -> (usize, usize) {
        let died = self
            .patients
            .iter()
            .filter(|patient| patient.outcome == CohortOutcome::Died)
            .count();
        (self.patients.len() - died, died)
    }

    /// The analyte of `marker` in exactly `unit`.
    pub fn analyte(&self, marker: &str, unit: &str) -> Option<&CohortAnalyte> {
        self.analytes
            .iter()
            .find(|analyte| analyte.marker == marker && analyte.unit == unit)
    }

    /// Every analyte of `marker`, whatever its unit.
    pub fn analytes_of<'a>(&'a self, marker: &'a str) -> impl Iterator<Item = &'a CohortAnalyte> {
        self.analytes
            .iter()
            .filter(move |analyte| analyte.marker == marker)
    }

    /// Total samples over all analytes.
    pub fn sample_count(&self) -> usize {
        self.analytes
            .iter()
            .map(|analyte| analyte.samples.len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_groups_samples_by_patient_then_time() {
        let mut samples = AnalyteSamples::default();
        samples.push(1, 50, 1.0);
        samples.push(0, 90, 2.0);
        samples.push(1, 10, 3.0);
        samples.push(0, 20, 4.0);
        samples.sort();
        assert_eq!(samples.patient, vec![0, 0, 1, 1]);
        assert_eq!(samples.seconds_from_admission, vec![20, 90, 10, 50]);
        assert_eq!(samples.value, vec![4.0, 2.0, 3.0, 1.0]);
        let runs: Vec<_> = samples.patient_runs().collect();
        assert_eq!(runs, vec![(0, 0..2), (1, 2..4)]);
    }
}
