//! Time-axis modes: the same position shown as a calendar date, an illness day or a hospital
//! day. Which modes a case supports follows from its anchors.

use crate::model::{CaseTime, DayPosition, Timeline};

/// How times are labelled.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum AxisMode {
    #[default]
    CalendarDate,
    /// Days from symptom onset (onset = day 1).
    IllnessDay,
    /// Days from admission (admission = day 1).
    HospitalDay,
}

impl AxisMode {
    pub const ALL: [Self; 3] = [Self::CalendarDate, Self::IllnessDay, Self::HospitalDay];

    pub fn label(self) -> &'static str {
        match self {
            Self::CalendarDate => "Calendar date",
            Self::IllnessDay => "Illness day",
            Self::HospitalDay => "Hospital day",
        }
    }

    /// Whether the case's anchors allow this mode.
    pub fn is_available(self, timeline: &Timeline) -> bool {
        match self {
            Self::CalendarDate => timeline.calendar_origin().is_some(),
            Self::IllnessDay => timeline.onset().is_some(),
            Self::HospitalDay => timeline.admission().is_some(),
        }
    }

    /// The first mode the case supports: a case without calendar dates opens in days.
    pub fn preferred(timeline: &Timeline) -> Self {
        Self::ALL
            .into_iter()
            .find(|mode| mode.is_available(timeline))
            .unwrap_or(Self::HospitalDay)
    }
}

/// Labels a day position in a mode, at day resolution: `3 Feb 2020`, `day 10`, `HD 1`.
/// Returns `None` where the mode is not available for the case.
pub fn format_day(timeline: &Timeline, mode: AxisMode, position: DayPosition) -> Option<String> {
    match mode {
        AxisMode::CalendarDate => timeline
            .date_time_at(position)
            .map(|date_time| date_time.format("%-d %b %Y").to_string()),
        AxisMode::IllnessDay => timeline
            .illness_day_at(position)
            .map(|day| format!("illness day {day}")),
        AxisMode::HospitalDay => timeline.hospital_day_at(position).map(hospital_day_text),
    }
}

/// A hospital day as clinicians say it: `hospital day 18`, and before admission, counted
/// back from it: `1 day before admission`, `9 days before admission`. The one wording of
/// the overview, the axes, the command line and the report.
pub fn hospital_day_text(day: i32) -> String {
    match days_before_admission(day) {
        None => format!("hospital day {day}"),
        Some(1) => "1 day before admission".to_owned(),
        Some(days) => format!("{days} days before admission"),
    }
}

/// How many days before admission a hospital day lies (`None` from admission on).
/// "Hospital day -8" reads as an error and is off by one from what clinicians say: hospital
/// day 0 is the day before admission, so day -8 is 9 days before it.
pub fn days_before_admission(day: i32) -> Option<i64> {
    (day < 1).then(|| 1 - i64::from(day))
}

/// Describes a stated time with every form the case supports, such as
/// `20 Feb 2020 · illness day 27 · hospital day 18`.
pub fn describe_time(timeline: &Timeline, time: CaseTime) -> String {
    let Ok(position) = timeline.position(time) else {
        return time.to_string();
    };
    let mut parts = Vec::new();
    match time {
        CaseTime::DateTime(date_time) => {
            parts.push(date_time.format("%-d %b %Y %H:%M").to_string())
        }
        _ => parts.extend(format_day(timeline, AxisMode::CalendarDate, position)),
    }
    parts.extend(format_day(timeline, AxisMode::IllnessDay, position));
    parts.extend(format_day(timeline, AxisMode::HospitalDay, position));
    parts.join(" · ")
}

/// Grid steps, in days, from one minute to a month: the axis picks the smallest that leaves
/// room between labels.
const TICK_STEPS: [f64; 15] = [
    1.0 / 1440.0,
    5.0 / 1440.0,
    15.0 / 1440.0,
    30.0 / 1440.0,
    1.0 / 24.0,
    3.0 / 24.0,
    6.0 / 24.0,
    12.0 / 24.0,
    1.0,
    2.0,
    7.0,
    14.0,
    28.0,
    56.0,
    112.0,
];

/// The grid step for an axis where labels need at least `minimum_step` days between them.
pub fn tick_step(minimum_step: f64) -> f64 {
    TICK_STEPS
        .into_iter()
        .find(|&step| step >= minimum_step)
        .unwrap_or(TICK_STEPS[TICK_STEPS.len() - 1])
}

/// Tick positions covering `start..=end` at `step`, aligned to midnight.
pub fn tick_positions(start: f64, end: f64, step: f64) -> Vec<f64> {
    if !(start.is_finite() && end.is_finite() && step > 0.0) || end < start {
        return Vec::new();
    }
    let first = (start / step).ceil() as i64;
    let last = (end / step).floor() as i64;
    // A bound on the count keeps a degenerate range from allocating without end.
    (first..=last)
        .take(1000)
        .map(|index| index as f64 * step)
        .collect()
}

/// The label of one tick: whole-day steps show the day in the chosen mode (`3 Feb`, `day 10`),
/// shorter steps show the clock (`14:00`), with the day added at midnight.
pub fn tick_label(timeline: &Timeline, mode: AxisMode, position: DayPosition, step: f64) -> String {
    let day_text = match mode {
        AxisMode::CalendarDate => timeline
            .date_time_at(position)
            .map(|date_time| date_time.format("%-d %b").to_string()),
        AxisMode::IllnessDay => timeline
            .illness_day_at(position)
            .map(|day| format!("day {day}")),
        AxisMode::HospitalDay => timeline
            .hospital_day_at(position)
            .map(|day| format!("day {day}")),
    };
    let Some(day_text) = day_text else {
        return String::new();
    };
    if step >= 1.0 {
        return day_text;
    }
    let minutes_into_day = ((position - position.floor()) * 1440.0).round() as i64 % 1440;
    let clock = format!("{:02}:{:02}", minutes_into_day / 60, minutes_into_day % 60);
    if minutes_into_day == 0 {
        format!("{day_text} {clock}")
    } else {
        clock
    }
}

/// A position as the cursor readout shows it: day in the chosen mode, and the clock time
/// when the view is zoomed below a day.
pub fn cursor_label(
    timeline: &Timeline,
    mode: AxisMode,
    position: DayPosition,
    with_clock: bool,
) -> String {
    let day = format_day(timeline, mode, position).unwrap_or_default();
    if !with_clock {
        return day;
    }
    let minutes_into_day = ((position - position.floor()) * 1440.0).floor() as i64;
    format!(
        "{day} {:02}:{:02}",
        minutes_into_day / 60,
        minutes_into_day % 60
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::TimeAnchors;

    fn peng_timeline() -> Timeline {
        let date = |month, day| NaiveDate::from_ymd_opt(2020, month, day).map(CaseTime::Date);
        Timeline::from_anchors(
            &TimeAnchors {
                symptom_onset: date(1, 25),
                admission: date(2, 3),
                discharge: date(3, 6),
            },
            None,
        )
    }

    #[test]
    fn days_before_admission_are_counted_back_from_it() {
        let timeline = peng_timeline();
        let onset = NaiveDate::from_ymd_opt(2020, 1, 25).map(CaseTime::Date);
        let eve = NaiveDate::from_ymd_opt(2020, 2, 2).map(CaseTime::Date);
        let day = |time: Option<CaseTime>| {
            let position = timeline.position(time.expect("date")).expect("placed");
            format_day(&timeline, AxisMode::HospitalDay, position)
        };
        assert_eq!(day(onset).as_deref(), Some("9 days before admission"));
        assert_eq!(hospital_day_text(-8), "9 days before admission");
        assert_eq!(hospital_day_text(0), "1 day before admission");
        assert_eq!(hospital_day_text(1), "hospital day 1");
        assert_eq!(day(eve).as_deref(), Some("1 day before admission"));
        let admission = NaiveDate::from_ymd_opt(2020, 2, 3).map(CaseTime::Date);
        assert_eq!(day(admission).as_deref(), Some("hospital day 1"));
    }

    #[test]
    fn plasma_day_reads_in_all_three_modes() {
        let timeline = peng_timeline();
        let plasma = NaiveDate::from_ymd_opt(2020, 2, 20).map(CaseTime::Date);
        let described = plasma.map(|time| describe_time(&timeline, time));
        assert_eq!(
            described.as_deref(),
            Some("20 Feb 2020 · illness day 27 · hospital day 18")
        );
    }

    #[test]
    fn ticks_relabel_with_the_mode_and_adapt_to_the_zoom() {
        let timeline = peng_timeline();
        let third_of_february = 9.0;
        let label = |mode, step| tick_label(&timeline, mode, third_of_february, step);
        assert_eq!(label(AxisMode::CalendarDate, 1.0), "3 Feb");
        assert_eq!(label(AxisMode::IllnessDay, 1.0), "day 10");
        assert_eq!(label(AxisMode::HospitalDay, 1.0), "day 1");
        assert_eq!(label(AxisMode::CalendarDate, 1.0 / 24.0), "3 Feb 00:00");
        assert_eq!(
            tick_label(
                &timeline,
                AxisMode::IllnessDay,
                third_of_february + 0.25,
                1.0 / 24.0
            ),
            "06:00"
        );
        assert_eq!(tick_step(0.3), 0.5);
        assert_eq!(tick_step(3.0), 7.0);
        assert_eq!(tick_step(1.0 / 2000.0), 1.0 / 1440.0);
        assert_eq!(tick_positions(0.1, 2.9, 1.0), vec![1.0, 2.0]);
    }

    #[test]
    fn a_relative_case_offers_only_hospital_days() {
        let timeline = Timeline::from_anchors(
            &TimeAnchors {
                symptom_onset: None,
                admission: Some(CaseTime::HospitalDay(1)),
                discharge: None,
            },
            None,
        );
        assert_eq!(AxisMode::preferred(&timeline), AxisMode::HospitalDay);
        assert!(!AxisMode::CalendarDate.is_available(&timeline));
        assert_eq!(format_day(&timeline, AxisMode::CalendarDate, 3.0), None);
        assert_eq!(
            describe_time(&timeline, CaseTime::HospitalDay(13)),
            "hospital day 13"
        );
    }
}
