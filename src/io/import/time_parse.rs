//! Sample, admission and discharge times as exports write them: ISO 8601 (with or without
//! `T`, seconds and an offset), `YYYY/MM/DD`, `DD.MM.YYYY`, `10-Feb-2020`, slash dates whose
//! day/month order is settled per column, and Excel serial dates.
//!
//! Times are kept as the local clock time the export states; an offset such as `+08:00` is
//! dropped, not applied, because case times are hospital-local. A time with no clock part
//! becomes a [`CaseTime::Date`].

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use crate::model::CaseTime;

/// Orders times on one clock: a date is its midnight.
pub fn time_key(time: &CaseTime) -> NaiveDateTime {
    match time {
        CaseTime::Date(date) => date.and_time(chrono::NaiveTime::MIN),
        CaseTime::DateTime(date_time) => *date_time,
        CaseTime::HospitalDay(_) | CaseTime::IllnessDay(_) => NaiveDateTime::MIN,
    }
}

/// Day/month order of slash dates such as `03/02/2020`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// `03/02/2020` is 3 February (most of the world).
    DayFirst,
    /// `03/02/2020` is 2 March (United States).
    MonthFirst,
}

/// Why a time did not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeProblem {
    /// Not a date or time in any format CaseLens reads.
    Unreadable,
    /// A slash date whose day/month order is not known.
    AmbiguousOrder,
    /// Only a year or a month: too coarse to place a sample.
    TooCoarse,
}

impl TimeProblem {
    pub fn describe(&self) -> &'static str {
        match self {
            Self::Unreadable => {
                "not a date or time CaseLens can read; write it as YYYY-MM-DD HH:MM"
            }
            Self::AmbiguousOrder => {
                "day and month could be either way round; write it as YYYY-MM-DD HH:MM or give --date-order"
            }
            Self::TooCoarse => "has no day; a sample needs at least a calendar date",
        }
    }
}

/// Excel serial dates the importer accepts (1927 to 2173): a plain number outside this range
/// in a time column is more likely a mistake than a date.
const EXCEL_SERIAL_RANGE: std::ops::Range<f64> = 10_000.0..100_000.0;

/// Reads an Excel serial date (days since 1899-12-30, fraction = time of day), rounded to the
/// second. A whole number is a date without a time.
pub fn excel_serial_to_time(serial: f64) -> Option<CaseTime> {
    if !EXCEL_SERIAL_RANGE.contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let whole_days = serial.floor();
    let seconds = ((serial - whole_days) * 86_400.0).round() as i64;
    let date = epoch.checked_add_signed(TimeDelta::days(whole_days as i64))?;
    if seconds == 0 && serial.fract() == 0.0 {
        return Some(CaseTime::Date(date));
    }
    let date_time = date.and_time(NaiveTime::MIN) + TimeDelta::seconds(seconds);
    Some(CaseTime::DateTime(date_time))
}

/// Rounds a date-time read with fractions of a second to the nearest second.
pub fn round_to_second(date_time: NaiveDateTime) -> NaiveDateTime {
    let nanos = i64::from(date_time.and_utc().timestamp_subsec_nanos());
    let truncated = date_time - TimeDelta::nanoseconds(nanos);
    if nanos >= 500_000_000 {
        truncated + TimeDelta::seconds(1)
    } else {
        truncated
    }
}

/// Reads a time written as text. `order` settles slash dates; `None` refuses the ambiguous
/// ones (a day above 12 settles them on its own).
pub fn parse_time_text(text: &str, order: Option<DateOrder>) -> Result<CaseTime, TimeProblem> {
    let text = text.trim();
    if let Some(time) = parse_plain_iso(text) {
        return Ok(time);
    }
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        return Ok(date_time(with_offset.naive_local()));
    }
    if let Some(time) = parse_iso_like(text) {
        return Ok(time);
    }
    if let Some(time) = parse_named_month(text) {
        return Ok(time);
    }
    if let Some(result) = parse_slash_date(text, order) {
        return result;
    }
    if let Some(time) = parse_with(
        text,
        &["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M"],
        &["%d.%m.%Y"],
    ) {
        return Ok(time);
    }
    if is_year_or_month(text) {
        return Err(TimeProblem::TooCoarse);
    }
    if let Ok(serial) = text.parse::<f64>()
        && let Some(time) = excel_serial_to_time(serial)
    {
        return Ok(time);
    }
    Err(TimeProblem::Unreadable)
}

/// What a slash date such as `03/02/2020` says about the day/month order by itself: a first
/// part above 12 must be a day, a second part above 12 must be a day too.
pub fn order_evidence(text: &str) -> Option<DateOrder> {
    let (first, second) = slash_parts(text)?;
    match (first > 12, second > 12) {
        (true, false) => Some(DateOrder::DayFirst),
        (false, true) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

/// Whether the text is a slash date with the year last (`a/b/yyyy`).
pub fn is_slash_date(text: &str) -> bool {
    slash_parts(text).is_some()
}

/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` and `YYYY-MM-DD HH:MM:SS` (or with `T`), read without
/// trying formats one by one: most exports write exactly these, on every row.
fn parse_plain_iso(text: &str) -> Option<CaseTime> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = bytes.get(range)?;
        digits.iter().try_fold(0u32, |total, digit| {
            digit
                .is_ascii_digit()
                .then(|| total * 10 + u32::from(digit - b'0'))
        })
    };
    if !matches!(bytes.len(), 10 | 16 | 19)
        || bytes.get(4) != Some(&b'-')
        || bytes.get(7) != Some(&b'-')
    {
        return None;
    }
    let year = i32::try_from(number(0..4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)?;
    if bytes.len() == 10 {
        return Some(CaseTime::Date(date));
    }
    if !matches!(bytes.get(10), Some(b' ' | b'T')) || bytes.get(13) != Some(&b':') {
        return None;
    }
    let seconds = match bytes.len() {
        19 if bytes.get(16) == Some(&b':') => number(17..19)?,
        16 => 0,
        _ => return None,
    };
    let time = NaiveTime::from_hms_opt(number(11..13)?, number(14..16)?, seconds)?;
    Some(CaseTime::DateTime(date.and_time(time)))
}

fn date_time(value: NaiveDateTime) -> CaseTime {
    CaseTime::DateTime(round_to_second(value))
}

fn parse_iso_like(text: &str) -> Option<CaseTime> {
    // An offset or `Z` after a time without seconds: keep the local clock time.
    let without_zone = strip_zone(text);
    parse_with(
        without_zone,
        &[
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%Y/%m/%d %H:%M:%S%.f",
            "%Y/%m/%d %H:%M",
            "%Y.%m.%d %H:%M:%S",
            "%Y.%m.%d %H:%M",
        ],
        &["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"],
    )
}

fn parse_named_month(text: &str) -> Option<CaseTime> {
    parse_with(
        text,
        &[
            "%d-%b-%Y %H:%M:%S",
            "%d-%b-%Y %H:%M",
            "%d %b %Y %H:%M:%S",
            "%d %b %Y %H:%M",
        ],
        &["%d-%b-%Y", "%d %b %Y", "%b %d, %Y", "%d %B %Y", "%B %d, %Y"],
    )
}

fn parse_slash_date(text: &str, order: Option<DateOrder>) -> Option<Result<CaseTime, TimeProblem>> {
    slash_parts(text)?;
    let order = match order_evidence(text).or(order) {
        Some(order) => order,
        None => return Some(Err(TimeProblem::AmbiguousOrder)),
    };
    let (date_times, dates): (&[&str], &[&str]) = match order {
        DateOrder::DayFirst => (&["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"], &["%d/%m/%Y"]),
        DateOrder::MonthFirst => (&["%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M"], &["%m/%d/%Y"]),
    };
    Some(parse_with(text, date_times, dates).ok_or(TimeProblem::Unreadable))
}

fn parse_with(text: &str, date_time_formats: &[&str], date_formats: &[&str]) -> Option<CaseTime> {
    for format in date_time_formats {
        if let Ok(value) = NaiveDateTime::parse_from_str(text, format) {
            return Some(date_time(value));
        }
    }
    for format in date_formats {
        if let Ok(value) = NaiveDate::parse_from_str(text, format) {
            return Some(CaseTime::Date(value));
        }
    }
    None
}

fn strip_zone(text: &str) -> &str {
    if let Some(stripped) = text.strip_suffix('Z') {
        return stripped;
    }
    // `+08:00` or `-05:00` after a time of day.
    if text.len() > 16 && text.contains('T') {
        let split = text.len() - 6;
        if let (Some(head), Some(tail)) = (text.get(..split), text.get(split..))
            && (tail.starts_with('+') || tail.starts_with('-'))
            && tail.get(3..4) == Some(":")
        {
            return head;
        }
    }
    text
}

fn slash_parts(text: &str) -> Option<(u32, u32)> {
    let date_part = text.split_whitespace().next()?;
    let mut parts = date_part.split('/');
    let first = parts.next()?.parse().ok()?;
    let second = parts.next()?.parse().ok()?;
    let year = parts.next()?;
    (year.len() == 4 && parts.next().is_none()).then_some((first, second))
}

fn is_year_or_month(text: &str) -> bool {
    let digits_and_dashes = text.chars().all(|c| c.is_ascii_digit() || c == '-');
    digits_and_dashes && (text.len() == 4 || text.len() == 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> String {
        match parse_time_text(text, None) {
            Ok(time) => format!("{time:?}"),
            Err(problem) => format!("{problem:?}"),
        }
    }

    #[test]
    fn usual_formats_read() {
        assert_eq!(at("2020-02-10 11:15:00"), "DateTime(2020-02-10T11:15:00)");
        assert_eq!(at("2020-02-10T11:15"), "DateTime(2020-02-10T11:15:00)");
        assert_eq!(
            at("2020-02-10T11:15:00+08:00"),
            "DateTime(2020-02-10T11:15:00)"
        );
        assert_eq!(
            at("2020-02-10T11:15:00.600Z"),
            "DateTime(2020-02-10T11:15:01)"
        );
        assert_eq!(at("2020/02/10 11:15"), "DateTime(2020-02-10T11:15:00)");
        assert_eq!(at("10.02.2020 11:15"), "DateTime(2020-02-10T11:15:00)");
        assert_eq!(at("10-Feb-2020"), "Date(2020-02-10)");
        assert_eq!(at("2020-02-10"), "Date(2020-02-10)");
        assert_eq!(at("43871.46875"), "DateTime(2020-02-10T11:15:00)");
    }

    #[test]
    fn slash_dates_need_an_order_unless_the_day_settles_it() {
        assert_eq!(at("25/02/2020 08:00"), "DateTime(2020-02-25T08:00:00)");
        assert_eq!(at("02/25/2020"), "Date(2020-02-25)");
        assert_eq!(at("03/02/2020"), "AmbiguousOrder");
        assert_eq!(
            parse_time_text("03/02/2020", Some(DateOrder::DayFirst)),
            Ok(CaseTime::Date(NaiveDate::from_ymd_opt(2020, 2, 3).unwrap()))
        );
    }

    #[test]
    fn coarse_and_unreadable_times_are_refused() {
        assert_eq!(at("2020-02"), "TooCoarse");
        assert_eq!(at("yesterday"), "Unreadable");
        assert_eq!(at("2020-02-30"), "Unreadable");
        assert_eq!(
            at("12"),
            "Unreadable",
            "a small number is not a serial date"
        );
    }

    #[test]
    fn excel_serials_round_to_the_second() {
        // The Tongji admission time of patient 1, as stored in the sheet.
        assert_eq!(
            excel_serial_to_time(43_870.449_583_333_33),
            Some(CaseTime::DateTime(
                NaiveDate::from_ymd_opt(2020, 2, 9)
                    .unwrap()
                    .and_hms_opt(10, 47, 24)
                    .unwrap()
            ))
        );
        assert_eq!(
            excel_serial_to_time(43871.0),
            Some(CaseTime::Date(
                NaiveDate::from_ymd_opt(2020, 2, 10).unwrap()
            ))
        );
        assert_eq!(excel_serial_to_time(5.0), None);
    }
}
