//! Points in time as a case file states them.
//!
//! Case reports mix resolutions: lab results carry a date, monitors carry a minute, and a
//! case published without calendar dates (the Liang case) only says "hospital day 13". A
//! [`CaseTime`] keeps whichever form the source used, so nothing is invented when a file is
//! loaded and saved again. Placing times on one axis is the job of
//! [`crate::analysis::time_axis`].

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A point in time as stated by the source.
///
/// Relative days count like clinicians count them: the day of the anchor is day 1, the day
/// before it is day 0. Hospital day 1 is the day of admission; illness day 1 is the day of
/// symptom onset.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum CaseTime {
    /// A calendar day, with no time of day: `Date("2020-02-03")`.
    Date(NaiveDate),
    /// A calendar date and time of day (local hospital time): `DateTime("2020-02-03T14:30:00")`.
    DateTime(NaiveDateTime),
    /// A day counted from admission (hospital day 1 = day of admission): `HospitalDay(13)`.
    HospitalDay(i32),
    /// A day counted from symptom onset (illness day 1 = day of onset): `IllnessDay(10)`.
    IllnessDay(i32),
}

impl CaseTime {
    /// The calendar date, when the time carries one.
    pub fn calendar_date(&self) -> Option<NaiveDate> {
        match self {
            Self::Date(date) => Some(*date),
            Self::DateTime(date_time) => Some(date_time.date()),
            Self::HospitalDay(_) | Self::IllnessDay(_) => None,
        }
    }

    /// Whether this time only makes sense once an anchor (admission or onset) is known.
    pub fn is_relative(&self) -> bool {
        matches!(self, Self::HospitalDay(_) | Self::IllnessDay(_))
    }
}

impl fmt::Display for CaseTime {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Date(date) => write!(formatter, "{}", date.format("%-d %b %Y")),
            Self::DateTime(date_time) => {
                write!(formatter, "{}", date_time.format("%-d %b %Y %H:%M"))
            }
            Self::HospitalDay(day) => write!(formatter, "hospital day {day}"),
            Self::IllnessDay(day) => write!(formatter, "illness day {day}"),
        }
    }
}

/// A closed time interval, `start` to `end` inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeSpan {
    pub start: CaseTime,
    pub end: CaseTime,
}

impl fmt::Display for TimeSpan {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} – {}", self.start, self.end)
    }
}
