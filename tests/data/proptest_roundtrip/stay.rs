//! The stay a generated case describes, and how a day offset from admission is written as a
//! `CaseTime` in each form the stay's anchors allow.

use caselens::model::{CaseTime, TimeAnchors};
use chrono::{Days, NaiveDate, NaiveTime};
use proptest::prelude::*;

/// How a case states its times.
#[derive(Clone, Copy, Debug)]
pub enum Clock {
    /// Calendar anchors: every form of `CaseTime` can be placed.
    Calendar { admission: NaiveDate },
    /// Only hospital days (the onset, if known, in hospital days before admission).
    HospitalDays { onset_known: bool },
    /// Only illness days (admission stated as an illness day).
    IllnessDays,
}

/// The anchors of a generated case, as offsets: onset is `days_before_admission` before
/// admission; the stay lasts `length` days when discharge is known.
#[derive(Clone, Copy, Debug)]
pub struct Stay {
    pub clock: Clock,
    pub days_before_admission: u32,
    pub length: Option<u32>,
    /// Which of the equivalent forms each anchor is written in.
    pub anchor_forms: u8,
}

/// A time as drawn: days after admission (day 0 = day of admission), a minute of the day for
/// calendar clocks, and which form to write it in.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    pub day: i32,
    pub minute: Option<u32>,
    pub form: u8,
}

impl Slot {
    /// Orders slots by where they land, so equal keys are equal positions.
    pub fn key(&self, stay: &Stay) -> i64 {
        let minute = match stay.clock {
            Clock::Calendar { .. } => self.minute.unwrap_or(0),
            _ => 0,
        };
        i64::from(self.day) * 1440 + i64::from(minute)
    }
}

pub fn stay_strategy() -> impl Strategy<Value = Stay> {
    let clock = prop_oneof![
        3 => (1900i32..2100, 1u32..=365).prop_map(|(year, ordinal)| Clock::Calendar {
            admission: NaiveDate::from_yo_opt(year, ordinal.min(365)).unwrap_or_default(),
        }),
        1 => any::<bool>().prop_map(|onset_known| Clock::HospitalDays { onset_known }),
        1 => Just(Clock::IllnessDays),
    ];
    (clock, 0u32..30, proptest::option::of(0u32..80), any::<u8>()).prop_map(
        |(clock, days_before_admission, length, anchor_forms)| Stay {
            clock,
            days_before_admission,
            length,
            anchor_forms,
        },
    )
}

impl Stay {
    /// The last day a time within the stay may fall on, counted from admission.
    pub fn last_day(&self) -> i32 {
        self.length.unwrap_or(40) as i32
    }

    pub fn anchors(&self) -> TimeAnchors {
        let before = self.days_before_admission as i32;
        let choose = |bit: u8| self.anchor_forms & (1 << bit) != 0;
        match self.clock {
            Clock::Calendar { admission } => {
                let onset_date = admission - Days::new(u64::from(self.days_before_admission));
                // At most one of onset and admission may be relative, and only to the other.
                let (symptom_onset, admission_time) = match self.anchor_forms % 3 {
                    0 => (CaseTime::Date(onset_date), CaseTime::Date(admission)),
                    1 => (CaseTime::HospitalDay(1 - before), CaseTime::Date(admission)),
                    _ => (CaseTime::Date(onset_date), CaseTime::IllnessDay(before + 1)),
                };
                let discharge = self.length.map(|length| {
                    if choose(3) {
                        CaseTime::HospitalDay(length as i32 + 1)
                    } else {
                        CaseTime::Date(admission + Days::new(u64::from(length)))
                    }
                });
                TimeAnchors {
                    symptom_onset: Some(symptom_onset),
                    admission: Some(admission_time),
                    discharge,
                }
            }
            Clock::HospitalDays { onset_known } => TimeAnchors {
                symptom_onset: onset_known.then_some(CaseTime::HospitalDay(1 - before)),
                admission: Some(CaseTime::HospitalDay(1)),
                discharge: self.length.map(|length| {
                    if onset_known && choose(3) {
                        CaseTime::IllnessDay(before + length as i32 + 1)
                    } else {
                        CaseTime::HospitalDay(length as i32 + 1)
                    }
                }),
            },
            Clock::IllnessDays => TimeAnchors {
                symptom_onset: Some(CaseTime::IllnessDay(1)),
                admission: Some(CaseTime::IllnessDay(before + 1)),
                discharge: self
                    .length
                    .map(|length| CaseTime::IllnessDay(before + length as i32 + 1)),
            },
        }
    }

    /// Whether the case has calendar dates (needed by dense series).
    pub fn has_calendar(&self) -> bool {
        matches!(self.clock, Clock::Calendar { .. })
    }

    /// The slot written in one of the forms this stay can place.
    pub fn time(&self, slot: Slot) -> CaseTime {
        let before = self.days_before_admission as i32;
        let hospital_day = CaseTime::HospitalDay(slot.day + 1);
        let illness_day = CaseTime::IllnessDay(before + slot.day + 1);
        match self.clock {
            Clock::Calendar { admission } => {
                let date = if slot.day >= 0 {
                    admission.checked_add_days(Days::new(slot.day as u64))
                } else {
                    admission.checked_sub_days(Days::new(u64::from(slot.day.unsigned_abs())))
                }
                .unwrap_or(admission);
                match slot.minute {
                    Some(minute) => {
                        let time_of_day =
                            NaiveTime::from_num_seconds_from_midnight_opt(minute * 60, 0)
                                .unwrap_or_default();
                        CaseTime::DateTime(date.and_time(time_of_day))
                    }
                    None => match slot.form % 3 {
                        0 => CaseTime::Date(date),
                        1 => hospital_day,
                        _ => illness_day,
                    },
                }
            }
            Clock::HospitalDays { onset_known: true } if slot.form % 2 == 1 => illness_day,
            Clock::HospitalDays { .. } => hospital_day,
            Clock::IllnessDays if slot.form % 2 == 1 => hospital_day,
            Clock::IllnessDays => illness_day,
        }
    }

    /// A time anywhere around the stay (before admission, after discharge).
    pub fn any_slot(&self) -> impl Strategy<Value = Slot> + use<> {
        let first = -(self.days_before_admission as i32) - 5;
        self.slot_between(first, self.last_day() + 5)
    }

    /// A time within the stay: what interventions and imaging must respect.
    pub fn slot_in_stay(&self) -> impl Strategy<Value = Slot> + use<> {
        self.slot_between(0, self.last_day())
    }

    fn slot_between(&self, first: i32, last: i32) -> impl Strategy<Value = Slot> + use<> {
        (
            first..=last,
            proptest::option::weighted(0.4, 0u32..1440),
            any::<u8>(),
        )
            .prop_map(|(day, minute, form)| Slot { day, minute, form })
    }

    /// Distinct times in increasing order.
    pub fn ordered_times(&self, slots: impl IntoIterator<Item = Slot>) -> Vec<CaseTime> {
        let mut by_key = std::collections::BTreeMap::new();
        for slot in slots {
            by_key.entry(slot.key(self)).or_insert(slot);
        }
        by_key.into_values().map(|slot| self.time(slot)).collect()
    }
}
