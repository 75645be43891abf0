//! The laboratory course of one marker, as a case report describes it: first and last value,
//! peaks and troughs with their dates, days outside the reference interval, and the value
//! before and after each intervention.
//!
//! Everything works at day resolution where days matter: results dated without a time of day
//! cannot be ordered against a dose given the same day, so "before" includes the day of the
//! first dose (morning labs usually precede treatment) and "after" starts the day after the
//! last dose. A value taken on exertion is never a "before" or "after": it is not comparable
//! with the resting values around it.

use std::collections::BTreeSet;

use crate::model::marker::RangeClass;
use crate::model::{
    Activity, CaseTime, Censoring, DayPosition, Intervention, Oxygen, Provenance, ProvenanceCounts,
    ReferenceInterval, Series, Sex, Timeline,
};

/// A peak or trough counts only when it stands out by at least this share of the series'
/// whole range; smaller wiggles are day-to-day noise, not a course a report would name.
pub const MIN_PROMINENCE_SHARE: f64 = 0.15;

/// One sample, placed on the case axis.
#[derive(Clone, Debug, PartialEq)]
pub struct CoursePoint {
    /// Index into the series' samples.
    pub sample_index: usize,
    pub time: CaseTime,
    pub position: DayPosition,
    pub value: f64,
    pub censored: Option<Censoring>,
    pub provenance: Provenance,
    pub activity: Option<Activity>,
    pub oxygen: Option<Oxygen>,
}

impl CoursePoint {
    /// Whether the value may be set against resting values (it was not taken on exertion).
    pub fn is_comparable(&self) -> bool {
        self.activity != Some(Activity::OnExertion)
    }
}

/// The course of one series over the stay.
#[derive(Clone, Debug, PartialEq)]
pub struct LabCourse {
    pub marker: String,
    pub name: String,
    /// The unit as clinicians write it (`×10⁹/L`); the values are in it, unconverted.
    pub unit: String,
    pub reference: Option<ReferenceInterval>,
    /// The series' own provenance; single samples may override it.
    pub provenance: Provenance,
    /// Samples placed on the axis, in time order.
    pub points: Vec<CoursePoint>,
    /// Samples whose time could not be placed (a missing anchor); the validator reports them.
    pub unplaced: usize,
    /// Prominent local maxima, excluding the first and last value.
    pub peaks: Vec<CoursePoint>,
    /// Prominent local minima, excluding the first and last value.
    pub troughs: Vec<CoursePoint>,
    /// Distinct days with at least one sample.
    pub days_sampled: usize,
    /// Distinct days with at least one value outside the reference interval; `None` when the
    /// series has no interval to compare with.
    pub days_outside_reference: Option<usize>,
}

impl LabCourse {
    pub fn first(&self) -> Option<&CoursePoint> {
        self.points.first()
    }

    pub fn last(&self) -> Option<&CoursePoint> {
        self.points.last()
    }

    pub fn highest(&self) -> Option<&CoursePoint> {
        self.points
            .iter()
            .max_by(|left, right| left.value.total_cmp(&right.value))
    }

    pub fn lowest(&self) -> Option<&CoursePoint> {
        self.points
            .iter()
            .min_by(|left, right| left.value.total_cmp(&right.value))
    }

    /// How many values carry each provenance.
    pub fn provenance_counts(&self) -> ProvenanceCounts {
        ProvenanceCounts::of(self.points.iter().map(|point| point.provenance))
    }
}

/// The course of a series, against the interval for a patient of unknown sex. Samples that
/// cannot be placed are counted, not guessed.
pub fn lab_course(series: &Series, timeline: &Timeline) -> LabCourse {
    lab_course_for(series, timeline, None)
}

/// The course of a series, against the interval for a patient of this sex (ferritin,
/// haemoglobin, creatinine and the other sex-specific markers).
pub fn lab_course_for(series: &Series, timeline: &Timeline, sex: Option<Sex>) -> LabCourse {
    let mut unplaced = 0;
    let mut points: Vec<CoursePoint> = Vec::with_capacity(series.samples.len());
    for (sample_index, sample) in series.samples.iter().enumerate() {
        match timeline.position(sample.time) {
            Ok(position) if sample.value.is_finite() => points.push(CoursePoint {
                sample_index,
                time: sample.time,
                position,
                value: sample.value,
                censored: sample.censored,
                provenance: series.sample_provenance(sample),
                activity: sample.activity,
                oxygen: sample.oxygen,
            }),
            _ => unplaced += 1,
        }
    }
    points.sort_by(|left, right| left.position.total_cmp(&right.position));

    // A value on exertion is no peak or trough of the patient's course: it is not comparable
    // with the values around it.
    let comparable: Vec<&CoursePoint> = points
        .iter()
        .filter(|point| point.is_comparable())
        .collect();
    let values: Vec<f64> = comparable.iter().map(|point| point.value).collect();
    let (peak_indices, trough_indices) = prominent_extrema(&values, MIN_PROMINENCE_SHARE);
    let pick = |indices: Vec<usize>| -> Vec<CoursePoint> {
        indices
            .into_iter()
            .filter_map(|index| comparable.get(index).map(|point| (*point).clone()))
            .collect()
    };
    let peaks = pick(peak_indices);
    let troughs = pick(trough_indices);

    let day_of = |point: &CoursePoint| point.position.floor() as i64;
    let days_sampled = points.iter().map(day_of).collect::<BTreeSet<_>>().len();
    let reference = series.reference_interval_for(sex);
    let days_outside_reference = reference.map(|interval| {
        points
            .iter()
            .filter(|point| interval.classify(point.value) != RangeClass::Normal)
            .map(day_of)
            .collect::<BTreeSet<_>>()
            .len()
    });

    LabCourse {
        marker: series.marker.clone(),
        name: series.display_name(),
        unit: series.display_unit(),
        reference,
        provenance: series.provenance,
        points,
        unplaced,
        peaks,
        troughs,
        days_sampled,
        days_outside_reference,
    }
}

/// Indices of the prominent local maxima and minima of a sequence, endpoints excluded.
///
/// Prominence is the topographic one: how far a peak rises above the higher of the two lowest
/// points separating it from higher ground on either side. A plateau counts once, at its
/// first sample. `min_share` is relative to the sequence's whole range.
pub fn prominent_extrema(values: &[f64], min_share: f64) -> (Vec<usize>, Vec<usize>) {
    let (low, high) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), value| {
            (low.min(*value), high.max(*value))
        });
    let range = high - low;
    if values.len() < 3 || !range.is_finite() || range <= 0.0 {
        return (Vec::new(), Vec::new());
    }
    let threshold = range * min_share;
    let peaks = prominent_maxima(values, threshold);
    let negated: Vec<f64> = values.iter().map(|value| -value).collect();
    let troughs = prominent_maxima(&negated, threshold);
    (peaks, troughs)
}

fn prominent_maxima(values: &[f64], threshold: f64) -> Vec<usize> {
    let left_base = bases_towards_higher_ground(values.iter().copied());
    let mut right_base = bases_towards_higher_ground(values.iter().rev().copied());
    right_base.reverse();
    let last = values.len().saturating_sub(1);
    (1..last)
        .filter(|&index| {
            let (Some(&before), Some(&value), Some(&after)) = (
                values.get(index - 1),
                values.get(index),
                values.get(index + 1),
            ) else {
                return false;
            };
            let is_local_maximum = value > before && value >= after && {
                // The end of a plateau must fall, or it is a shoulder, not a peak.
                values
                    .iter()
                    .skip(index)
                    .find(|&&next| next != value)
                    .is_some_and(|&next| next < value)
            };
            let base = match (left_base.get(index), right_base.get(index)) {
                (Some(left), Some(right)) => left.max(*right),
                _ => return false,
            };
            is_local_maximum && value - base >= threshold
        })
        .collect()
}

/// For each element, the lowest value between it and the nearest strictly higher element
/// before it (or the start), in one pass with a monotonic stack.
fn bases_towards_higher_ground(values: impl Iterator<Item = f64>) -> Vec<f64> {
    // Each stack entry: (value, lowest value since the previous entry, inclusive of itself).
    let mut stack: Vec<(f64, f64)> = Vec::new();
    let mut bases = Vec::new();
    for value in values {
        let mut lowest = value;
        while let Some(&(top, top_lowest)) = stack.last() {
            if top > value {
                break;
            }
            lowest = lowest.min(top_lowest);
            stack.pop();
        }
        stack.push((value, lowest));
        bases.push(lowest);
    }
    bases
}

/// A marker's value just before and just after an intervention.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub before: Option<CoursePoint>,
    pub after: Option<CoursePoint>,
}

impl Response {
    /// `after − before`, in the marker's unit.
    pub fn change(&self) -> Option<f64> {
        Some(self.after.as_ref()?.value - self.before.as_ref()?.value)
    }

    /// The change as a share of the value before; `None` when that value is zero.
    pub fn relative_change(&self) -> Option<f64> {
        let before = self.before.as_ref()?.value;
        (before != 0.0).then(|| self.change().map(|change| change / before.abs()))?
    }
}

/// The first and last day an intervention was given, on the case axis; `None` when it is
/// undated or its times cannot be placed.
pub fn intervention_window(
    intervention: &Intervention,
    timeline: &Timeline,
) -> Option<(DayPosition, DayPosition)> {
    let positions: Vec<DayPosition> = intervention
        .timing
        .stated_times()
        .into_iter()
        .filter_map(|time| timeline.position(time).ok())
        .collect();
    let first = positions.iter().copied().reduce(f64::min)?;
    let last = positions.iter().copied().reduce(f64::max)?;
    Some((first, last))
}

/// The value on or before the day of `start`, and the first value from the day after `end`;
/// values taken on exertion are skipped.
pub fn response(course: &LabCourse, start: DayPosition, end: DayPosition) -> Response {
    let start_day = start.floor();
    let end_day = end.floor();
    let comparable = || course.points.iter().filter(|point| point.is_comparable());
    let before = comparable()
        .rev()
        .find(|point| point.position.floor() <= start_day)
        .cloned();
    let after = comparable()
        .find(|point| point.position.floor() > end_day)
        .cloned();
    Response { before, after }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::{Sample, TimeAnchors};

    fn date(day_of_february: u32) -> CaseTime {
        CaseTime::Date(NaiveDate::from_ymd_opt(2020, 2, day_of_february).unwrap())
    }

    fn timeline() -> Timeline {
        Timeline::from_anchors(
            &TimeAnchors {
                symptom_onset: Some(date(1)),
                admission: Some(date(3)),
                discharge: None,
            },
            None,
        )
    }

    fn series(marker: &str, values: &[(u32, f64)]) -> Series {
        let text = format!("(marker: \"{marker}\", samples: [])");
        let mut series: Series = ron::from_str(&text).unwrap();
        series.samples = values
            .iter()
            .map(|(day, value)| Sample::new(date(*day), *value))
            .collect();
        series
    }

    #[test]
    fn two_storm_peaks_are_found_and_noise_is_not() {
        let values = [
            (3, 5.2),
            (4, 6.8),
            (5, 11.6),
            (6, 9.0),
            (7, 5.6),
            (8, 5.8), // a wiggle of 0.2: noise
            (9, 5.7),
            (10, 13.1),
            (11, 6.0),
            (12, 3.3),
        ];
        let course = lab_course(&series("neutrophils", &values), &timeline());
        let peak_days: Vec<_> = course.peaks.iter().map(|point| point.time).collect();
        assert_eq!(peak_days, vec![date(5), date(10)]);
        let trough_days: Vec<_> = course.troughs.iter().map(|point| point.time).collect();
        assert_eq!(trough_days, vec![date(7)]);
        assert_eq!(course.highest().map(|point| point.value), Some(13.1));
        assert_eq!(course.first().map(|point| point.value), Some(5.2));
        assert_eq!(course.last().map(|point| point.value), Some(3.3));
    }

    #[test]
    fn a_plateau_peak_counts_once_and_a_shoulder_not_at_all() {
        let (peaks, _) = prominent_extrema(&[1.0, 5.0, 5.0, 1.0], 0.15);
        assert_eq!(peaks, vec![1]);
        let (peaks, _) = prominent_extrema(&[1.0, 5.0, 5.0, 9.0], 0.15);
        assert!(peaks.is_empty(), "{peaks:?}");
    }

    #[test]
    fn flat_or_short_series_have_no_extrema() {
        assert_eq!(prominent_extrema(&[2.0; 5], 0.15), (vec![], vec![]));
        assert_eq!(prominent_extrema(&[1.0, 3.0], 0.15), (vec![], vec![]));
        assert_eq!(prominent_extrema(&[], 0.15), (vec![], vec![]));
    }

    #[test]
    fn days_outside_count_days_not_samples() {
        // Catalog lymphocytes: 1.1–3.2 ×10⁹/L. Two low samples on day 3 count as one day.
        let mut lymphocytes = series("lymphocytes", &[(3, 0.4), (4, 1.5), (5, 0.9)]);
        let mut second_on_day_three = Sample::new(
            CaseTime::DateTime(
                NaiveDate::from_ymd_opt(2020, 2, 3)
                    .unwrap()
                    .and_hms_opt(18, 0, 0)
                    .unwrap(),
            ),
            0.5,
        );
        second_on_day_three.provenance = Some(Provenance::Published);
        lymphocytes.samples.insert(1, second_on_day_three);
        let course = lab_course(&lymphocytes, &timeline());
        assert_eq!(course.days_sampled, 3);
        assert_eq!(course.days_outside_reference, Some(2));
        let counts = course.provenance_counts();
        assert_eq!(
            (counts.measured, counts.published, counts.reconstructed),
            (3, 1, 0)
        );
        assert_eq!(counts.to_string(), "3 measured, 1 published");
    }

    #[test]
    fn a_series_without_interval_has_no_outside_count() {
        let course = lab_course(&series("my_marker", &[(3, 1.0)]), &timeline());
        assert_eq!(course.days_outside_reference, None);
    }

    #[test]
    fn before_includes_the_dose_day_and_after_starts_the_next_day() {
        let lymphocytes = series(
            "lymphocytes",
            &[(19, 0.40), (20, 0.44), (21, 0.68), (22, 0.85)],
        );
        let timeline = timeline();
        let course = lab_course(&lymphocytes, &timeline);
        let plasma_start = timeline.position(date(20)).unwrap();
        let plasma_end = timeline.position(date(21)).unwrap();
        let response = response(&course, plasma_start, plasma_end);
        assert_eq!(
            response.before.as_ref().map(|point| point.time),
            Some(date(20))
        );
        assert_eq!(
            response.after.as_ref().map(|point| point.time),
            Some(date(22))
        );
        let change = response.change().unwrap();
        assert!((change - 0.41).abs() < 1e-9, "{change}");
        let relative = response.relative_change().unwrap();
        assert!((relative - 0.41 / 0.44).abs() < 1e-9);
    }

    #[test]
    fn a_value_on_exertion_is_neither_before_nor_after() {
        let mut spo2 = series("spo2", &[(19, 94.0), (21, 96.0), (23, 85.0), (24, 95.0)]);
        spo2.samples[2].activity = Some(Activity::OnExertion);
        let timeline = timeline();
        let course = lab_course(&spo2, &timeline);
        let day = |day| timeline.position(date(day)).unwrap();
        let around_plasma = response(&course, day(20), day(22));
        assert_eq!(
            around_plasma.after.as_ref().map(|point| point.value),
            Some(95.0),
            "the 85 % after exercise is skipped"
        );
        let before_msc = response(&course, day(24), day(24));
        assert_eq!(
            before_msc.before.as_ref().map(|point| point.value),
            Some(95.0)
        );
        assert!(
            course.troughs.iter().all(|point| point.value != 85.0),
            "no trough on exertion: {:?}",
            course.troughs
        );
        let before_the_day_after = response(&course, day(23), day(23));
        assert_eq!(
            before_the_day_after
                .before
                .as_ref()
                .map(|point| point.value),
            Some(96.0)
        );
    }

    #[test]
    fn no_value_after_the_last_dose_means_no_change() {
        let course = lab_course(&series("crp", &[(3, 20.0)]), &timeline());
        let response = response(&course, 5.0, 5.0);
        assert!(response.before.is_some());
        assert_eq!(response.after, None);
        assert_eq!(response.change(), None);
    }

    #[test]
    fn unplaceable_samples_are_counted_not_guessed() {
        let mut crp = series("crp", &[(3, 20.0)]);
        crp.samples
            .push(Sample::new(CaseTime::HospitalDay(2), 30.0));
        let without_admission = Timeline::from_anchors(
            &TimeAnchors {
                symptom_onset: Some(date(1)),
                admission: None,
                discharge: None,
            },
            None,
        );
        let course = lab_course(&crp, &without_admission);
        assert_eq!(course.points.len(), 1);
        assert_eq!(course.unplaced, 1);
    }
}
