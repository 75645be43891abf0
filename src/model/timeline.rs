//! Places every [`CaseTime`] of a case on one numeric axis.
//!
//! A position is a number of days (fractional for times of day) from the case's origin: the
//! first calendar date among the anchors when there is one, otherwise hospital day 1 (or
//! illness day 1 when only onset is known). Illness and hospital days are then plain offsets,
//! which is what lets a case mix `Date`, `DateTime` and relative days freely.

use chrono::{Duration, NaiveDate, NaiveTime, Timelike};

use super::case::{Case, TimeAnchors};
use super::time::CaseTime;

/// Days since the case's origin; fractional parts are times of day.
pub type DayPosition = f64;

const MILLISECONDS_PER_DAY: f64 = 86_400_000.0;

/// Why a time cannot be placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlacementError {
    #[error(
        "it is a calendar date, but the case has no calendar anchor; give `anchors.admission` or `anchors.symptom_onset` a date"
    )]
    NoCalendar,
    #[error(
        "it counts hospital days, but the case has no admission anchor; set `anchors.admission`"
    )]
    NoAdmission,
    #[error(
        "it counts illness days, but the case has no symptom-onset anchor; set `anchors.symptom_onset`"
    )]
    NoOnset,
}

/// The resolved anchors of one case.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timeline {
    /// The calendar day at position 0, when the case has calendar dates.
    calendar_origin: Option<NaiveDate>,
    /// Position of hospital day 1.
    admission: Option<DayPosition>,
    /// Position of illness day 1.
    onset: Option<DayPosition>,
    /// Position of the day of discharge.
    discharge: Option<DayPosition>,
}

impl Timeline {
    /// Resolves the anchors of a case. Anchors that cannot be placed are left unknown; the
    /// validator reports them.
    pub fn for_case(case: &Case) -> Self {
        Self::from_anchors(&case.anchors, first_calendar_date(case))
    }

    /// Resolves anchors, with a fallback calendar origin for cases whose anchors are all
    /// relative but whose data carry dates.
    pub fn from_anchors(anchors: &TimeAnchors, fallback_calendar: Option<NaiveDate>) -> Self {
        let anchor_dates = [anchors.symptom_onset, anchors.admission, anchors.discharge]
            .into_iter()
            .flatten()
            .filter_map(|time| time.calendar_date());
        let calendar_origin = anchor_dates.min().or(fallback_calendar);

        let mut timeline = Self {
            calendar_origin,
            admission: None,
            onset: None,
            discharge: None,
        };
        if calendar_origin.is_none() {
            // Relative-only case: day 1 of whichever anchor exists is the origin.
            match (anchors.admission, anchors.symptom_onset) {
                (Some(CaseTime::IllnessDay(_)), Some(_)) | (None, Some(_)) => {
                    timeline.onset = Some(0.0)
                }
                _ => timeline.admission = Some(0.0),
            }
        }
        // Two passes settle anchors stated relative to each other.
        for _ in 0..2 {
            if timeline.admission.is_none() {
                timeline.admission = anchors
                    .admission
                    .and_then(|time| timeline.position(time).ok());
            }
            if timeline.onset.is_none() {
                timeline.onset = anchors
                    .symptom_onset
                    .and_then(|time| timeline.position(time).ok());
            }
        }
        timeline.discharge = anchors
            .discharge
            .and_then(|time| timeline.position(time).ok());
        timeline
    }

    pub fn calendar_origin(&self) -> Option<NaiveDate> {
        self.calendar_origin
    }

    pub fn admission(&self) -> Option<DayPosition> {
        self.admission
    }

    pub fn onset(&self) -> Option<DayPosition> {
        self.onset
    }

    pub fn discharge(&self) -> Option<DayPosition> {
        self.discharge
    }

    /// Where a time lies on the case axis.
    pub fn position(&self, time: CaseTime) -> Result<DayPosition, PlacementError> {
        match time {
            CaseTime::Date(date) => {
                let origin = self.calendar_origin.ok_or(PlacementError::NoCalendar)?;
                Ok((date - origin).num_days() as f64)
            }
            CaseTime::DateTime(date_time) => {
                let origin = self.calendar_origin.ok_or(PlacementError::NoCalendar)?;
                let whole_days = (date_time.date() - origin).num_days() as f64;
                let seconds = f64::from(date_time.time().num_seconds_from_midnight());
                Ok(whole_days + seconds / 86_400.0)
            }
            CaseTime::HospitalDay(day) => {
                let admission = self.admission.ok_or(PlacementError::NoAdmission)?;
                // In f64: a file may state any i32, and `day - 1` overflows at i32::MIN.
                Ok(admission + (f64::from(day) - 1.0))
            }
            CaseTime::IllnessDay(day) => {
                let onset = self.onset.ok_or(PlacementError::NoOnset)?;
                Ok(onset + (f64::from(day) - 1.0))
            }
        }
    }

    /// Where a clock time, in milliseconds since 1970-01-01 00:00 of the hospital's local
    /// clock (the time unit of dense series), lies on the case axis.
    pub fn position_of_epoch_ms(&self, epoch_ms: i64) -> Option<DayPosition> {
        let origin_ms = self
            .calendar_origin?
            .and_time(NaiveTime::MIN)
            .and_utc()
            .timestamp_millis();
        Some((epoch_ms - origin_ms) as f64 / MILLISECONDS_PER_DAY)
    }

    /// The inverse of [`Timeline::position_of_epoch_ms`].
    pub fn epoch_ms_at(&self, position: DayPosition) -> Option<i64> {
        let origin_ms = self
            .calendar_origin?
            .and_time(NaiveTime::MIN)
            .and_utc()
            .timestamp_millis();
        position
            .is_finite()
            .then(|| origin_ms + (position * MILLISECONDS_PER_DAY).round() as i64)
    }

    /// The calendar date and time at a position, when the case has calendar dates.
    pub fn date_time_at(&self, position: DayPosition) -> Option<chrono::NaiveDateTime> {
        let origin = self.calendar_origin?;
        if !position.is_finite() || position.abs() > 1.0e6 {
            return None;
        }
        let whole_days = position.floor();
        let seconds = ((position - whole_days) * 86_400.0).round() as i64;
        let date = origin.checked_add_signed(Duration::days(whole_days as i64))?;
        Some(date.and_time(NaiveTime::MIN) + Duration::seconds(seconds))
    }

    /// The illness day (onset = day 1) containing a position.
    pub fn illness_day_at(&self, position: DayPosition) -> Option<i32> {
        self.onset.map(|onset| day_number(position - onset))
    }

    /// The hospital day (admission = day 1) containing a position.
    pub fn hospital_day_at(&self, position: DayPosition) -> Option<i32> {
        self.admission
            .map(|admission| day_number(position - admission))
    }
}

fn day_number(offset_days: f64) -> i32 {
    // Day counts are small; clamp so a nonsense position cannot overflow.
    offset_days.floor().clamp(-1.0e6, 1.0e6) as i32 + 1
}

/// The earliest calendar date anywhere in the case, used when no anchor has one.
fn first_calendar_date(case: &Case) -> Option<NaiveDate> {
    let sample_times = case
        .series
        .iter()
        .flat_map(|series| series.samples.iter().map(|sample| sample.time));
    let intervention_times = case
        .interventions
        .iter()
        .flat_map(|intervention| intervention.timing.stated_times());
    let event_times = case.events.iter().map(|event| event.time);
    let milestone_times = case
        .milestones
        .iter()
        .filter_map(|milestone| milestone.time);
    sample_times
        .chain(intervention_times)
        .chain(event_times)
        .chain(milestone_times)
        .filter_map(|time| time.calendar_date())
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
    }

    fn peng_anchors() -> TimeAnchors {
        TimeAnchors {
            symptom_onset: Some(CaseTime::Date(date(2020, 1, 25))),
            admission: Some(CaseTime::Date(date(2020, 2, 3))),
            discharge: Some(CaseTime::Date(date(2020, 3, 6))),
        }
    }

    #[test]
    fn third_of_february_is_illness_day_ten_and_hospital_day_one() {
        let timeline = Timeline::from_anchors(&peng_anchors(), None);
        let position = timeline.position(CaseTime::Date(date(2020, 2, 3)));
        assert_eq!(position, Ok(9.0));
        assert_eq!(timeline.illness_day_at(9.0), Some(10));
        assert_eq!(timeline.hospital_day_at(9.0), Some(1));
    }

    #[test]
    fn leap_day_counts_so_sixth_of_march_is_illness_day_42() {
        let timeline = Timeline::from_anchors(&peng_anchors(), None);
        let position = timeline
            .position(CaseTime::Date(date(2020, 3, 6)))
            .unwrap_or(f64::NAN);
        assert_eq!(timeline.illness_day_at(position), Some(42));
        let back = timeline.date_time_at(position).map(|at| at.date());
        assert_eq!(back, Some(date(2020, 3, 6)));
    }

    #[test]
    fn relative_days_convert_through_the_anchors() {
        let timeline = Timeline::from_anchors(&peng_anchors(), None);
        let by_illness_day = timeline.position(CaseTime::IllnessDay(27));
        let by_date = timeline.position(CaseTime::Date(date(2020, 2, 20)));
        assert_eq!(by_illness_day, by_date);
        assert_eq!(
            timeline.position(CaseTime::HospitalDay(18)),
            by_date,
            "20 Feb is hospital day 18"
        );
    }

    #[test]
    fn minute_resolution_lands_between_days() {
        let timeline = Timeline::from_anchors(&peng_anchors(), None);
        let noon = date(2020, 2, 3)
            .and_hms_opt(12, 0, 0)
            .map(CaseTime::DateTime);
        let position = noon.and_then(|time| timeline.position(time).ok());
        assert_eq!(position, Some(9.5));
        assert_eq!(timeline.hospital_day_at(9.5), Some(1));
    }

    #[test]
    fn a_case_without_dates_counts_from_admission() {
        let anchors = TimeAnchors {
            symptom_onset: None,
            admission: Some(CaseTime::HospitalDay(1)),
            discharge: None,
        };
        let timeline = Timeline::from_anchors(&anchors, None);
        assert_eq!(timeline.position(CaseTime::HospitalDay(13)), Ok(12.0));
        assert_eq!(
            timeline.position(CaseTime::Date(date(2020, 2, 3))),
            Err(PlacementError::NoCalendar)
        );
        assert_eq!(
            timeline.position(CaseTime::IllnessDay(3)),
            Err(PlacementError::NoOnset)
        );
    }

    #[test]
    fn onset_may_be_stated_in_hospital_days() {
        let anchors = TimeAnchors {
            symptom_onset: Some(CaseTime::HospitalDay(-4)),
            admission: Some(CaseTime::HospitalDay(1)),
            discharge: None,
        };
        let timeline = Timeline::from_anchors(&anchors, None);
        assert_eq!(timeline.onset(), Some(-5.0));
        assert_eq!(timeline.illness_day_at(0.0), Some(6));
    }
}
