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
        AxisMode::HospitalDay => timeline
            .hospital_day_at(position)
            .map(|day| format!("hospital day {day}")),
    }
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
