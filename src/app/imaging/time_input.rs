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

/// Reads a typed time; `Ok(None)` for an empty field.
pub fn parse_time(text: &str) -> Result<Option<CaseTime>, String> {
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
    let day = |prefixes: &[&str]| {
        prefixes.iter().find_map(|prefix| {
            lower
                .strip_prefix(prefix)
                .and_then(|rest| rest.trim().parse::<i32>().ok())
        })
    };
    if let Some(day) = day(&["hospital day", "hd"]) {
        return Ok(Some(CaseTime::HospitalDay(day)));
    }
    if let Some(day) = day(&["illness day", "id"]) {
        return Ok(Some(CaseTime::IllnessDay(day)));
    }
    Err(format!(
        "`{text}` is not a time; write 2020-02-17, 2020-02-17 09:40, hospital day 13 or illness day 10"
    ))
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
        assert!(parse_time("17 Feb").unwrap_err().contains("is not a time"));
    }
}
