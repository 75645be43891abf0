//! Tick positions and labels: "nice" value ticks for linear and logarithmic panels, and day
//! ticks on the shared time axis labelled as dates, illness days or hospital days.

use crate::analysis::time_axis::AxisMode;
use crate::model::{DayPosition, Timeline};

/// Ticks for a linear axis over `low..=high`: about `target` steps of 1, 2, 2.5 or 5 × 10ⁿ.
pub fn linear_ticks(low: f64, high: f64, target: usize) -> Vec<f64> {
    let span = high - low;
    if !span.is_finite() || span <= 0.0 || target == 0 {
        return Vec::new();
    }
    let step = nice_step(span / target as f64);
    let first = (low / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    (first..=last.min(first + 100))
        .map(|index| index as f64 * step)
        .collect()
}

fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|candidate| *candidate >= fraction - 1e-9)
        .unwrap_or(10.0);
    nice * magnitude
}

/// Ticks for a logarithmic axis over `low..=high` (both > 0): 1, 2, 5 × 10ⁿ, thinned to
/// decades when there are many.
pub fn log_ticks(low: f64, high: f64) -> Vec<f64> {
    if !(low > 0.0 && high > low && high.is_finite()) {
        return Vec::new();
    }
    let first_decade = low.log10().floor() as i32;
    let last_decade = high.log10().ceil() as i32;
    let in_range = |value: &f64| *value >= low * (1.0 - 1e-9) && *value <= high * (1.0 + 1e-9);
    let all: Vec<f64> = (first_decade..=last_decade.min(first_decade + 30))
        .flat_map(|decade| {
            [1.0, 2.0, 5.0]
                .into_iter()
                .map(move |mantissa| mantissa * 10f64.powi(decade))
        })
        .filter(in_range)
        .collect();
    if all.len() > 7 {
        all.into_iter()
            .filter(|value| {
                let exponent = value.log10();
                (exponent - exponent.round()).abs() < 1e-9
            })
            .collect()
    } else {
        all
    }
}

/// Log ticks for a small panel: 1-2-5 steps, else 1-3 steps, else decades, whichever first
/// gives at most `most` ticks.
pub fn log_ticks_at_most(low: f64, high: f64, most: usize) -> Vec<f64> {
    let all = log_ticks(low, high);
    if all.len() <= most {
        return all;
    }
    if !(low > 0.0 && high > low) {
        return Vec::new();
    }
    let first_decade = low.log10().floor() as i32;
    let last_decade = high.log10().ceil() as i32;
    let one_three: Vec<f64> = (first_decade..=last_decade.min(first_decade + 30))
        .flat_map(|decade| [1.0, 3.0].map(|mantissa| mantissa * 10f64.powi(decade)))
        .filter(|value| *value >= low && *value <= high)
        .collect();
    if one_three.len() <= most {
        return one_three;
    }
    one_three
        .into_iter()
        .filter(|value| {
            let exponent = value.log10();
            (exponent - exponent.round()).abs() < 1e-9
        })
        .collect()
}

/// The label of the time axis in a mode: `Date (2020)`, `Illness day`, `Hospital day`.
pub fn time_axis_title(timeline: &Timeline, mode: AxisMode, range: (f64, f64)) -> String {
    match mode {
        AxisMode::CalendarDate => {
            let year_at = |position| timeline.date_time_at(position).map(|at| at.format("%Y"));
            match (year_at(range.0), year_at(range.1)) {
                (Some(first), Some(last)) if first.to_string() == last.to_string() => {
                    format!("Date ({first})")
                }
                (Some(first), Some(last)) => format!("Date ({first}–{last})"),
                _ => "Date".to_owned(),
            }
        }
        AxisMode::IllnessDay => "Illness day (day 1 = symptom onset)".to_owned(),
        AxisMode::HospitalDay => "Hospital day (day 1 = admission)".to_owned(),
    }
}

/// A day position as a short tick label in a mode: `3 Feb`, `27`.
pub fn day_tick_label(timeline: &Timeline, mode: AxisMode, position: DayPosition) -> String {
    match mode {
        AxisMode::CalendarDate => timeline
            .date_time_at(position)
            .map(|at| at.format("%-d %b").to_string()),
        AxisMode::IllnessDay => timeline.illness_day_at(position).map(|day| day.to_string()),
        AxisMode::HospitalDay => timeline
            .hospital_day_at(position)
            .map(|day| day.to_string()),
    }
    .unwrap_or_default()
}

/// Whole-day tick positions over `range`, `step_days` apart, aligned so that day numbers in
/// the mode are multiples of the step (calendar ticks start at the first whole day).
pub fn day_ticks(
    timeline: &Timeline,
    mode: AxisMode,
    range: (f64, f64),
    step_days: i64,
) -> Vec<DayPosition> {
    let step_days = step_days.max(1);
    let first = range.0.ceil() as i64;
    let last = range.1.floor() as i64;
    let number_at = |position: i64| -> i64 {
        let position = position as f64;
        match mode {
            AxisMode::CalendarDate => position as i64 - first,
            AxisMode::IllnessDay => timeline.illness_day_at(position).map_or(0, i64::from),
            AxisMode::HospitalDay => timeline.hospital_day_at(position).map_or(0, i64::from),
        }
    };
    (first..=last.min(first + 10_000))
        .filter(|position| number_at(*position).rem_euclid(step_days) == 0)
        .map(|position| position as f64)
        .collect()
}

/// The origin of a relative-day axis: admission for hospital days, onset for illness days.
fn relative_day_number(timeline: &Timeline, mode: AxisMode, position: DayPosition) -> Option<i32> {
    match mode {
        AxisMode::CalendarDate => None,
        AxisMode::IllnessDay => timeline.illness_day_at(position),
        AxisMode::HospitalDay => timeline.hospital_day_at(position),
    }
    .map(|day| day - 1)
}

/// Day ticks on a relative axis (day 0 = the origin), aligned so that the relative numbers
/// are multiples of the step. The ward's day 1 is day 0 here, so the alignment moves by one.
pub fn relative_day_ticks(
    timeline: &Timeline,
    mode: AxisMode,
    range: (f64, f64),
    step_days: i64,
) -> Vec<DayPosition> {
    if mode == AxisMode::CalendarDate {
        return day_ticks(timeline, mode, range, step_days);
    }
    day_ticks(timeline, mode, (range.0 - 1.0, range.1 - 1.0), step_days)
        .into_iter()
        .map(|position| position + 1.0)
        .filter(|position| *position >= range.0 && *position <= range.1)
        .collect()
}

/// A tick label on a relative axis: `0` on the day of admission, `-3` three days before.
pub fn relative_day_label(timeline: &Timeline, mode: AxisMode, position: DayPosition) -> String {
    match relative_day_number(timeline, mode, position) {
        Some(day) => day.to_string(),
        None => day_tick_label(timeline, mode, position),
    }
}

/// The title of a relative axis, naming its day 0.
pub fn relative_axis_title(timeline: &Timeline, mode: AxisMode, range: (f64, f64)) -> String {
    match mode {
        AxisMode::CalendarDate => time_axis_title(timeline, mode, range),
        AxisMode::IllnessDay => "Days from symptom onset (day 0 = onset)".to_owned(),
        AxisMode::HospitalDay => "Days from admission (day 0 = admission)".to_owned(),
    }
}

/// The smallest step from a clinician's list that leaves `min_gap_days` between ticks.
pub fn day_step(min_gap_days: f64) -> i64 {
    [1, 2, 5, 7, 10, 14, 20, 28, 50, 100, 200, 365]
        .into_iter()
        .find(|step| *step as f64 >= min_gap_days)
        .unwrap_or(365)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_ticks_are_round_numbers() {
        assert_eq!(linear_ticks(0.3, 1.72, 4), vec![0.5, 1.0, 1.5]);
        assert_eq!(linear_ticks(150.0, 400.0, 4), vec![200.0, 300.0, 400.0]);
        assert!(linear_ticks(1.0, 1.0, 4).is_empty());
    }

    #[test]
    fn log_ticks_cover_the_range_in_one_two_five_steps() {
        assert_eq!(log_ticks(3.0, 180.0), vec![5.0, 10.0, 20.0, 50.0, 100.0]);
        assert_eq!(
            log_ticks(0.01, 5000.0),
            vec![0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]
        );
        assert!(log_ticks(0.0, 10.0).is_empty());
    }

    #[test]
    fn small_log_panels_get_at_most_four_ticks() {
        assert_eq!(
            log_ticks_at_most(1.46, 118.0, 4),
            vec![3.0, 10.0, 30.0, 100.0]
        );
        assert_eq!(
            log_ticks_at_most(0.01, 5000.0, 4).len(),
            6,
            "decades are never thinned away"
        );
    }

    #[test]
    fn relative_days_count_admission_as_day_zero_and_ticks_fall_on_round_numbers() {
        let case = crate::io::bundled::PENG_2020.load().unwrap().case;
        let timeline = Timeline::for_case(&case);
        let admission = timeline.admission().unwrap();
        let mode = AxisMode::HospitalDay;
        assert_eq!(relative_day_label(&timeline, mode, admission), "0");
        assert_eq!(relative_day_label(&timeline, mode, admission + 3.0), "3");
        assert_eq!(relative_day_label(&timeline, mode, admission - 2.0), "-2");
        let ticks = relative_day_ticks(&timeline, mode, (admission - 8.5, admission + 30.5), 5);
        let labels: Vec<String> = ticks
            .iter()
            .map(|tick| relative_day_label(&timeline, mode, *tick))
            .collect();
        assert_eq!(labels, ["-5", "0", "5", "10", "15", "20", "25", "30"]);
    }

    #[test]
    fn day_steps_grow_with_crowding() {
        assert_eq!(day_step(0.4), 1);
        assert_eq!(day_step(3.0), 5);
        assert_eq!(day_step(6.0), 7);
    }
}
