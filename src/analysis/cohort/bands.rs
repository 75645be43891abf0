//! Median and interquartile range of an analyte by hospital day, for survivors and
//! non-survivors.
//!
//! Hospital day 1 is the first 24 hours after admission (the same day count as
//! [`crate::model::Timeline::hospital_day_at`], so bands line up with the trajectory axis).
//! Each patient counts once per day, with the last value of that day, so a patient sampled
//! six times on a bad day does not outweigh five patients sampled once. Quantiles interpolate
//! linearly between order statistics (Hyndman and Fan type 7, the default of R and numpy).
//! Days resting on fewer than [`MIN_PATIENTS_PER_DAY`] patients are kept, with their count,
//! but marked not drawn.

use crate::model::{Cohort, CohortAnalyte, CohortOutcome, exact_unit_factor};

/// Fewer patients than this on a day and the day's band is not drawn: the quartiles of four
/// values say little.
pub const MIN_PATIENTS_PER_DAY: usize = 5;

const SECONDS_PER_DAY: i64 = 86_400;

/// Days further than this from admission are not summarised (a year: no stay is longer, and
/// a nonsense date must not make the summary allocate per day).
const MAX_DAYS_FROM_ADMISSION: i64 = 366;

/// One hospital day's summary of one outcome group.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DayBand {
    /// Hospital day (admission = day 1; day 0 and below are before admission).
    pub hospital_day: i32,
    /// Patients with a value that day.
    pub patients: usize,
    pub lower_quartile: f64,
    pub median: f64,
    pub upper_quartile: f64,
    /// `patients` reaches the minimum; otherwise the day is not drawn.
    pub drawn: bool,
}

/// The bands of one analyte.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnalyteBands {
    /// Index into [`Cohort::analytes`].
    pub analyte: usize,
    pub survived: Vec<DayBand>,
    pub died: Vec<DayBand>,
}

impl AnalyteBands {
    pub fn for_outcome(&self, outcome: CohortOutcome) -> &[DayBand] {
        match outcome {
            CohortOutcome::Survived => &self.survived,
            CohortOutcome::Died => &self.died,
        }
    }
}

/// The hospital day a time after admission falls on.
pub fn hospital_day(seconds_from_admission: i64) -> i32 {
    let day = seconds_from_admission.div_euclid(SECONDS_PER_DAY) + 1;
    day.clamp(-MAX_DAYS_FROM_ADMISSION, MAX_DAYS_FROM_ADMISSION + 1) as i32
}

/// Bands of every analyte of the cohort.
pub fn all_bands(cohort: &Cohort, min_patients: usize) -> Vec<AnalyteBands> {
    (0..cohort.analytes.len())
        .map(|index| analyte_bands(cohort, index, min_patients))
        .collect()
}

/// Bands of one analyte; empty when the index is out of range.
pub fn analyte_bands(cohort: &Cohort, analyte: usize, min_patients: usize) -> AnalyteBands {
    let Some(entry) = cohort.analytes.get(analyte) else {
        return AnalyteBands::default();
    };
    let [survived, died] = daily_values(cohort, entry);
    AnalyteBands {
        analyte,
        survived: summarise(survived, min_patients),
        died: summarise(died, min_patients),
    }
}

/// Per outcome, per day offset (index 0 = the earliest day kept), each patient's last value.
fn daily_values(cohort: &Cohort, analyte: &CohortAnalyte) -> [Vec<Vec<f64>>; 2] {
    let day_count = (2 * MAX_DAYS_FROM_ADMISSION + 2) as usize;
    let mut groups: [Vec<Vec<f64>>; 2] = [Vec::new(), Vec::new()];
    let samples = &analyte.samples;
    for (patient, rows) in samples.patient_runs() {
        let Some(patient) = cohort.patients.get(patient as usize) else {
            continue;
        };
        let group = &mut groups[outcome_slot(patient.outcome)];
        let mut rows = rows.peekable();
        while let Some(row) = rows.next() {
            let seconds = samples.seconds_from_admission[row];
            if seconds.abs() > MAX_DAYS_FROM_ADMISSION * SECONDS_PER_DAY {
                continue;
            }
            let day = hospital_day(seconds);
            // Rows are in time order: only the last row of a day counts.
            let next_same_day = rows
                .peek()
                .is_some_and(|&next| hospital_day(samples.seconds_from_admission[next]) == day);
            if next_same_day {
                continue;
            }
            let slot = (i64::from(day) + MAX_DAYS_FROM_ADMISSION) as usize;
            if group.len() < day_count {
                group.resize_with(day_count, Vec::new);
            }
            group[slot].push(samples.value[row]);
        }
    }
    groups
}

fn outcome_slot(outcome: CohortOutcome) -> usize {
    match outcome {
        CohortOutcome::Survived => 0,
        CohortOutcome::Died => 1,
    }
}

fn summarise(days: Vec<Vec<f64>>, min_patients: usize) -> Vec<DayBand> {
    days.into_iter()
        .enumerate()
        .filter(|(_, values)| !values.is_empty())
        .map(|(slot, mut values)| {
            values.sort_by(f64::total_cmp);
            DayBand {
                hospital_day: (slot as i64 - MAX_DAYS_FROM_ADMISSION) as i32,
                patients: values.len(),
                lower_quartile: quantile_of_sorted(&values, 0.25),
                median: quantile_of_sorted(&values, 0.5),
                upper_quartile: quantile_of_sorted(&values, 0.75),
                drawn: values.len() >= min_patients.max(1),
            }
        })
        .collect()
}

/// Linear interpolation between order statistics (type 7); NaN for no values.
pub fn quantile_of_sorted(sorted: &[f64], probability: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return f64::NAN;
    };
    let position = probability.clamp(0.0, 1.0) * last as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(last);
    let fraction = position - below as f64;
    sorted[below] + fraction * (sorted[above] - sorted[below])
}

/// A cohort analyte that a case's series can be set against, and the factor that brings the
/// cohort's values into the series' unit.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalyteMatch {
    pub analyte: usize,
    /// Cohort value × factor = value in the series' unit; 1 when the units are the same.
    pub factor: f64,
    /// The cohort's unit when it differs from the series' (the conversion to show).
    pub converted_from: Option<String>,
}

/// The cohort analyte of `marker` in `unit`, or one whose unit converts exactly into it.
/// Conversions come from the unit table ([`exact_unit_factor`]); none is guessed here.
pub fn match_analyte(cohort: &Cohort, marker: &str, unit: &str) -> Option<AnalyteMatch> {
    let same = cohort
        .analytes
        .iter()
        .position(|analyte| analyte.marker == marker && analyte.unit == unit);
    if let Some(analyte) = same {
        return Some(AnalyteMatch {
            analyte,
            factor: 1.0,
            converted_from: None,
        });
    }
    cohort
        .analytes
        .iter()
        .enumerate()
        .filter(|(_, analyte)| analyte.marker == marker)
        .find_map(|(index, analyte)| {
            let factor = exact_unit_factor(&analyte.unit, unit)?;
            (factor.is_finite() && factor > 0.0).then(|| AnalyteMatch {
                analyte: index,
                factor,
                converted_from: Some(analyte.unit.clone()),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cohort::build_cohort;
    use crate::analysis::cohort::test_cases::{at, case};

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let values = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_of_sorted(&values, 0.5), 2.5);
        assert_eq!(quantile_of_sorted(&values, 0.25), 1.75);
        assert_eq!(quantile_of_sorted(&values, 0.75), 3.25);
        assert_eq!(quantile_of_sorted(&[7.0], 0.25), 7.0);
        assert!(quantile_of_sorted(&[], 0.5).is_nan());
    }

    #[test]
    fn each_patient_counts_once_a_day_with_the_last_value() {
        // Admitted 1 Feb 08:00: 1 Feb 20:00 is day 1, 2 Feb 07:00 still day 1, 2 Feb 09:00 day 2.
        let cases: Vec<_> = (0..5)
            .map(|patient| {
                let base = f64::from(patient) * 10.0;
                case(
                    &patient.to_string(),
                    false,
                    vec![(
                        "ldh",
                        "U/L",
                        vec![
                            (at(1, 20), 1000.0),
                            (at(2, 7), base),
                            (at(2, 9), base + 1.0),
                        ],
                    )],
                )
            })
            .collect();
        let (cohort, _) = build_cohort(&cases, "t", "t");
        let bands = analyte_bands(&cohort, 0, 5);
        assert!(bands.died.is_empty());
        let days: Vec<_> = bands.survived.iter().map(|day| day.hospital_day).collect();
        assert_eq!(days, vec![1, 2]);
        let first = bands.survived[0];
        // The day-1 values are 0, 10, 20, 30, 40 (the 1000s were replaced later that day).
        assert_eq!(
            (first.lower_quartile, first.median, first.upper_quartile),
            (10.0, 20.0, 30.0)
        );
        assert_eq!(first.patients, 5);
        assert!(first.drawn);
        let thin = analyte_bands(&cohort, 0, 6);
        assert!(
            !thin.survived[0].drawn,
            "5 patients are fewer than the 6 asked for"
        );
    }

    #[test]
    fn analytes_match_by_exact_unit_or_exact_conversion_only() {
        let cases = vec![case(
            "1",
            true,
            vec![("crp", "mg/L", vec![(at(2, 8), 50.0)])],
        )];
        let (cohort, _) = build_cohort(&cases, "t", "t");
        let exact = match_analyte(&cohort, "crp", "mg/L");
        assert_eq!(exact.map(|found| found.factor), Some(1.0));
        let converted = match_analyte(&cohort, "crp", "mg/dL");
        assert_eq!(
            converted.map(|found| (found.factor, found.converted_from)),
            Some((0.1, Some("mg/L".to_owned())))
        );
        assert_eq!(match_analyte(&cohort, "crp", "nmol/L"), None);
        assert_eq!(match_analyte(&cohort, "il6", "pg/mL"), None);
    }
}
