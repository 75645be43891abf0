//! Wording shared by the Markdown and HTML renderers, so both say the same thing: values with
//! their units, times and the mark for illustrative values.

use super::model::{ValueAt, When};
use crate::analysis::format;

/// The mark put after an illustrative value; each table that uses it explains it.
pub const ILLUSTRATIVE_MARK: &str = "†";
pub const ILLUSTRATIVE_LEGEND: &str = "† illustrative reconstruction, not a measurement";

/// `0.44`, `<0.5`, `243`: the number as stated, with its censoring.
pub fn number(value: &ValueAt) -> String {
    let prefix = match value.censored.as_deref() {
        Some("below") => "<",
        Some("above") => ">",
        _ => "",
    };
    format!("{prefix}{}", format::stated(value.value))
}

/// `0.44 ×10⁹/L†` (no time).
pub fn value_with_unit(value: &ValueAt, unit: &str) -> String {
    let mut text = format::with_unit(&number(value), unit);
    if is_illustrative(value) {
        text.push_str(ILLUSTRATIVE_MARK);
    }
    text
}

/// `0.44 ×10⁹/L† (20 Feb 2020 · illness day 27)`.
pub fn value_at_time(value: &ValueAt, unit: &str) -> String {
    format!(
        "{} ({})",
        value_with_unit(value, unit),
        short_when(&value.when)
    )
}

pub fn is_illustrative(value: &ValueAt) -> bool {
    value.provenance == crate::model::Provenance::Reconstructed.label()
}

/// A time without the hospital day, for table cells: `20 Feb 2020 · illness day 27`.
pub fn short_when(when: &When) -> String {
    let parts: Vec<&str> = when.label.split(" · ").collect();
    if parts.len() == 3 {
        parts[..2].join(" · ")
    } else {
        when.label.clone()
    }
}

/// `+0.24 (+54.5 %)`.
pub fn change(change: Option<f64>, percent: Option<f64>) -> String {
    let Some(change) = change else {
        return "–".to_owned();
    };
    let sign = if change > 0.0 { "+" } else { "" };
    let mut text = format!("{sign}{}", format::computed(change));
    if let Some(percent) = percent {
        let sign = if percent > 0.0 { "+" } else { "" };
        text.push_str(&format!(" ({sign}{} %)", format::computed(percent)));
    }
    text
}

/// The calendar-date column of the timeline table: `20 Feb 2020`, or `–`.
pub fn date_cell(when: &When) -> String {
    when.label
        .split(" · ")
        .next()
        .filter(|first| {
            !first.starts_with("illness day")
                && !first.starts_with("hospital day")
                && when.date.is_some()
        })
        .map_or_else(|| "–".to_owned(), str::to_owned)
}

pub fn day_cell(day: Option<i32>) -> String {
    day.map_or_else(|| "–".to_owned(), |day| day.to_string())
}

/// A hospital-day table cell: the day number from admission on, and before admission the
/// overview's wording (`9 days before admission`), never a negative day.
pub fn hospital_day_cell(day: Option<i32>) -> String {
    match day {
        Some(day) if crate::analysis::time_axis::days_before_admission(day).is_some() => {
            crate::analysis::time_axis::hospital_day_text(day)
        }
        other => day_cell(other),
    }
}
