//! A study's time as the reviewer types it: `2020-02-17`, `2020-02-17 09:40`,
//! `hospital day 13`, `illness day 10` (or `HD 13`, `ID 10`), empty for "no date yet".

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::CaseTime;

/// The editable form of a time.
pub fn format_time(time: Option<CaseTime>) -> String {
    match time {
        None => String::new(),
        Some(CaseTime::Date(date)) => date.format("%Y-%m-%d").to_string(),
        Some(CaseTime::DateTime(date_time)) => date_time.format("%Y-%m-%d %H:%M").to_string(),
        Some(CaseTime::HospitalDay(day)) => format!("hospital day {day}"),
        Some(CaseTime::IllnessDay(day)) => format!("illness day {day}"),
    }
}

/// Why a typed time was not read; the text is shown under the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeInputError {
    /// The text is neither a date, a date and time nor a numbered day.
    #[error(
        "`{text}` is not a time; write 2020-02-17, 2020-02-17 09:40, hospital day 13 or illness day 10"
    )]
    NotATime { text: String },
    /// A day was named (`hospital day`, `HD`, …) but what follows is not a whole number.
    #[error("`{text}` names {kind} but `{number}` is not a whole number of days; write {kind} 13")]
    DayNotANumber {
        text: String,
        kind: &'static str,
        number: String,
    },
}

/// A numbered day as it is written: its name, the prefixes that name it, and the time it is.
type NamedDay = (&'static str, &'static [&'static str], fn(i32) -> CaseTime);

/// Reads a typed time; `Ok(None)` for an empty field.
///
/// # Errors
/// When the text is not one of the forms above.
pub fn parse_time(text: &str) -> Result<Option<CaseTime>, TimeInputError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Some(CaseTime::Date(date)));
    }
    for format in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(date_time) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(Some(CaseTime::DateTime(date_time)));
        }
    }
    let lower = text.to_lowercase();
    let days: [NamedDay; 2] = [
        (
            "hospital day",
            &["hospital day", "hd"],
            CaseTime::HospitalDay,
        ),
        ("illness day", &["illness day", "id"], CaseTime::IllnessDay),
    ];
    for (kind, prefixes, time) in days {
        let Some(rest) = prefixes
            .iter()
            .find_map(|prefix| lower.strip_prefix(prefix))
        else {
            continue;
        };
        // `hdx` or a bare `id` is no day at all rather than a day that failed to read.
        if !rest
            .starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit() || c == '-' || c == '+')
        {
            break;
        }
        let number = rest.trim();
        return match number.parse::<i32>() {
            Ok(day) => Ok(Some(time(day))),
            Err(_) => Err(TimeInputError::DayNotANumber {
                text: text.to_owned(),
                kind,
                number: number.to_owned(),
            }),
        };
    }
    Err(TimeInputError::NotATime {
        text: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_time_reads_back_as_written() {
        for text in [
            "2020-02-17",
            "2020-02-17 09:40",
            "hospital day 13",
            "illness day -2",
        ] {
            let time = parse_time(text).unwrap();
            assert_eq!(format_time(time), text);
        }
        assert_eq!(parse_time("HD 3").unwrap(), Some(CaseTime::HospitalDay(3)));
        assert_eq!(parse_time("  ").unwrap(), None);
    }

    #[test]
    fn a_time_that_cannot_be_read_says_which_forms_are_understood() {
        let error = parse_time(" 17 Feb ").unwrap_err();
        assert_eq!(
            error,
            TimeInputError::NotATime {
                text: "17 Feb".to_owned()
            }
        );
        assert_eq!(
            error.to_string(),
            "`17 Feb` is not a time; write 2020-02-17, 2020-02-17 09:40, hospital day 13 or illness day 10"
        );
        assert!(matches!(
            parse_time("hdx"),
            Err(TimeInputError::NotATime { .. })
        ));
        assert!(matches!(
            parse_time("id"),
            Err(TimeInputError::NotATime { .. })
        ));
    }

    #[test]
    fn a_named_day_without_a_whole_number_says_so() {
        let error = parse_time("hospital day 3.5").unwrap_err();
        assert_eq!(
            error.to_string(),
            "`hospital day 3.5` names hospital day but `3.5` is not a whole number of days; write hospital day 13"
        );
        assert!(matches!(
            parse_time("ID 1x"),
            Err(TimeInputError::DayNotANumber {
                kind: "illness day",
                ..
            })
        ));
    }
}
