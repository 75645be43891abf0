//! The data a finding rests on, and day-resolution helpers shared by the teaching analyses
//! ([`super::episodes`], [`super::guidelines`], [`super::response`]).
//!
//! A [`MarkerValue`] is one value as a finding cites it: marker, value in the series' own unit
//! (never converted), the time as the source stated it, where that lies on the case axis, and
//! how far it can be trusted. Its `Display` says all of that in one line, so every view and
//! command that shows a finding also shows when a value is an illustrative reconstruction.

use crate::analysis::format::quantity;
use std::collections::BTreeMap;
use std::fmt;

use super::lab_course::{CoursePoint, LabCourse, lab_course};
use crate::model::{
    Activity, Case, CaseTime, Censoring, DayPosition, Oxygen, Provenance, Series, Timeline,
    conditions_text,
};

/// Whole days on the case axis: day `d` covers positions `d ≤ position < d + 1`.
pub type DayIndex = i64;

/// The day a position falls on.
pub fn day_of(position: DayPosition) -> DayIndex {
    // Positions come from dates in one stay; the clamp only guards against nonsense input.
    position.floor().clamp(-1.0e9, 1.0e9) as DayIndex
}

/// A whole day stated in the case's own time form: a calendar date when the case has
/// calendar dates, otherwise a hospital day, otherwise an illness day. Never invents a date.
pub fn time_for_day(timeline: &Timeline, day: DayIndex) -> Option<CaseTime> {
    let position = day as DayPosition;
    if timeline.calendar_origin().is_some() {
        return timeline
            .date_time_at(position)
            .map(|date_time| CaseTime::Date(date_time.date()));
    }
    if let Some(hospital_day) = timeline.hospital_day_at(position) {
        return Some(CaseTime::HospitalDay(hospital_day));
    }
    timeline.illness_day_at(position).map(CaseTime::IllnessDay)
}

/// One value a finding cites.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkerValue {
    /// Catalog id or the case's own id, such as `crp`.
    pub marker: String,
    /// Display name, such as `CRP`.
    pub name: String,
    /// The series' unit as clinicians write it (`mg/L`); `value` is in it, unconverted.
    pub unit: String,
    pub time: CaseTime,
    pub position: DayPosition,
    pub value: f64,
    pub censored: Option<Censoring>,
    pub provenance: Provenance,
    pub activity: Option<Activity>,
    pub oxygen: Option<Oxygen>,
}

impl MarkerValue {
    /// The value of one course point, with the marker it belongs to.
    pub fn from_point(course: &LabCourse, point: &CoursePoint) -> Self {
        Self {
            marker: course.marker.clone(),
            name: course.name.clone(),
            unit: course.unit.clone(),
            time: point.time,
            position: point.position,
            value: point.value,
            censored: point.censored,
            provenance: point.provenance,
            activity: point.activity,
            oxygen: point.oxygen,
        }
    }

    /// The value with its unit, as reported: `28.5 mg/L`, `<0.5 mg/L FEU`.
    pub fn value_text(&self) -> String {
        let bound = match self.censored {
            Some(Censoring::Below) => "<",
            Some(Censoring::Above) => ">",
            None => "",
        };
        format!("{bound}{}", quantity(self.value, &self.unit))
    }

    /// Whether the value is an illustrative reconstruction rather than a measurement.
    pub fn is_reconstructed(&self) -> bool {
        self.provenance == Provenance::Reconstructed
    }
}

impl fmt::Display for MarkerValue {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{} {} on {}",
            self.name,
            self.value_text(),
            self.time
        )?;
        let conditions = conditions_text(self.activity, self.oxygen);
        let provenance = match self.provenance {
            Provenance::Measured => "",
            other => other.label(),
        };
        match (conditions.is_empty(), provenance.is_empty()) {
            (true, true) => Ok(()),
            (false, true) => write!(formatter, " ({conditions})"),
            (true, false) => write!(formatter, " ({provenance})"),
            (false, false) => write!(formatter, " ({conditions}; {provenance})"),
        }
    }
}

/// Which value of a day stands for the day: the worst one in the direction that matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WorstOfDay {
    /// Inflammation: the highest value of the day.
    Highest,
    /// Lymphocytes, oxygenation: the lowest value of the day.
    Lowest,
}

/// One series at day resolution: each sampled day's worst value, values on exertion left out.
#[derive(Clone, Debug)]
pub(crate) struct DailyCourse {
    pub course: LabCourse,
    /// Day → index into `course.points` of the value standing for that day.
    days: BTreeMap<DayIndex, usize>,
}

impl DailyCourse {
    pub(crate) fn new(series: &Series, timeline: &Timeline, worst: WorstOfDay) -> Self {
        let course = lab_course(series, timeline);
        let mut days: BTreeMap<DayIndex, usize> = BTreeMap::new();
        // A value on exertion never stands for a day: it is not the patient's resting state.
        for (index, point) in course.points.iter().enumerate() {
            if !point.is_comparable() {
                continue;
            }
            let day = day_of(point.position);
            let replace = match days.get(&day).and_then(|&kept| course.points.get(kept)) {
                None => true,
                Some(kept) => match worst {
                    WorstOfDay::Highest => point.value > kept.value,
                    WorstOfDay::Lowest => point.value < kept.value,
                },
            };
            if replace {
                days.insert(day, index);
            }
        }
        Self { course, days }
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// The value standing for a day, when the day was sampled.
    pub fn on(&self, day: DayIndex) -> Option<&CoursePoint> {
        self.days
            .get(&day)
            .and_then(|&index| self.course.points.get(index))
    }

    /// Sampled days from `first` to `last` inclusive, in order, with their values.
    pub fn between(
        &self,
        first: DayIndex,
        last: DayIndex,
    ) -> impl DoubleEndedIterator<Item = (DayIndex, &CoursePoint)> {
        // `BTreeMap::range` panics on an inverted range, so an empty span yields nothing.
        let days = (first <= last).then(|| self.days.range(first..=last));
        days.into_iter()
            .flatten()
            .filter_map(|(&day, &index)| self.course.points.get(index).map(|point| (day, point)))
    }

    /// The most recent sampled day from `day - max_age` to `day`.
    pub fn latest_within(
        &self,
        day: DayIndex,
        max_age: DayIndex,
    ) -> Option<(DayIndex, &CoursePoint)> {
        self.between(day.saturating_sub(max_age), day).next_back()
    }

    /// The cited form of a point of this course.
    pub fn cite(&self, point: &CoursePoint) -> MarkerValue {
        MarkerValue::from_point(&self.course, point)
    }
}

/// The first series of the case whose marker is one of `markers`, tried in that order, that
/// has samples in the case file (dense monitor channels are not read here).
pub(crate) fn first_series_of<'case>(case: &'case Case, markers: &[&str]) -> Option<&'case Series> {
    markers.iter().find_map(|marker| {
        case.series
            .iter()
            .find(|series| series.marker == *marker && !series.samples.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::{Sample, TimeAnchors};

    fn february(day: u32) -> CaseTime {
        CaseTime::Date(NaiveDate::from_ymd_opt(2020, 2, day).unwrap())
    }

    #[test]
    fn the_worst_value_of_a_day_stands_for_it() {
        let mut series: Series = ron::from_str("(marker: \"crp\")").unwrap();
        let evening = NaiveDate::from_ymd_opt(2020, 2, 3)
            .unwrap()
            .and_hms_opt(20, 0, 0)
            .unwrap();
        series.samples = vec![
            Sample::new(february(3), 20.0),
            Sample::new(CaseTime::DateTime(evening), 35.0),
            Sample::new(february(4), 30.0),
        ];
        let timeline = Timeline::from_anchors(
            &TimeAnchors {
                admission: Some(february(3)),
                ..TimeAnchors::default()
            },
            None,
        );
        let highest = DailyCourse::new(&series, &timeline, WorstOfDay::Highest);
        assert_eq!(highest.on(0).map(|point| point.value), Some(35.0));
        let lowest = DailyCourse::new(&series, &timeline, WorstOfDay::Lowest);
        assert_eq!(lowest.on(0).map(|point| point.value), Some(20.0));
        assert_eq!(
            lowest.latest_within(3, 1),
            None,
            "day 1 is two days before day 3"
        );
        assert_eq!(lowest.latest_within(2, 1).map(|(day, _)| day), Some(1));
    }

    #[test]
    fn a_case_without_dates_states_days_as_hospital_days() {
        let timeline = Timeline::from_anchors(
            &TimeAnchors {
                admission: Some(CaseTime::HospitalDay(1)),
                ..TimeAnchors::default()
            },
            None,
        );
        assert_eq!(time_for_day(&timeline, 12), Some(CaseTime::HospitalDay(13)));
    }

    #[test]
    fn reconstructed_values_say_so_when_shown() {
        let value = MarkerValue {
            marker: "crp".into(),
            name: "CRP".into(),
            unit: "mg/L".into(),
            time: february(3),
            position: 0.0,
            value: 28.5,
            censored: None,
            provenance: Provenance::Reconstructed,
            activity: None,
            oxygen: None,
        };
        assert_eq!(
            value.to_string(),
            "CRP 28.5 mg/L on 3 Feb 2020 (illustrative reconstruction)"
        );
        let exertion = MarkerValue {
            name: "SpO₂".into(),
            unit: "%".into(),
            value: 85.0,
            provenance: Provenance::PublishedDayPlaced,
            activity: Some(Activity::OnExertion),
            ..value
        };
        assert_eq!(
            exertion.to_string(),
            "SpO₂ 85 % on 3 Feb 2020 (on exertion; published value; day placed by the reviewer)"
        );
    }
}
