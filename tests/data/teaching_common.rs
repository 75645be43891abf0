//! Cases built for the teaching tests: a few days of chosen markers, dated or in hospital days.

#![allow(dead_code)] // each test file uses a different part

use caselens::io::bundled::{LIANG_2020, PENG_2020};
use caselens::model::{Case, CaseTime, Sample, Series};
use chrono::NaiveDate;

pub fn peng() -> Case {
    PENG_2020.load().expect("the bundled Peng case loads").case
}

pub fn liang() -> Case {
    LIANG_2020
        .load()
        .expect("the bundled Liang case loads")
        .case
}

pub fn february(day: u32) -> CaseTime {
    CaseTime::Date(NaiveDate::from_ymd_opt(2020, 2, day).expect("a February 2020 date"))
}

/// Day `index` (0-based) of a built case: 1 March 2020 onwards, or hospital day `index + 1`.
pub fn built_day(dated: bool, index: usize) -> CaseTime {
    if dated {
        let first = NaiveDate::from_ymd_opt(2020, 3, 1).expect("1 March 2020");
        CaseTime::Date(first + chrono::Duration::days(index as i64))
    } else {
        CaseTime::HospitalDay(index as i32 + 1)
    }
}

/// A case admitted on the first built day, with one daily sample per value of each marker.
pub fn built_case(dated: bool, markers: &[(&str, &[f64])]) -> Case {
    let admission = if dated {
        "Date(\"2020-03-01\")"
    } else {
        "HospitalDay(1)"
    };
    let text = format!(
        "(format_version: 1, metadata: (title: \"built for a test\"), patient: (), \
         anchors: (admission: Some({admission})))"
    );
    let mut case = caselens::io::parse_case(&text, "built")
        .expect("the built case parses")
        .case;
    for (marker, values) in markers {
        case.series.push(Series {
            marker: (*marker).to_owned(),
            samples: values
                .iter()
                .enumerate()
                .map(|(index, value)| Sample::new(built_day(dated, index), *value))
                .collect(),
            ..Series::default()
        });
    }
    case
}

/// Removes every series of these markers.
pub fn without(mut case: Case, markers: &[&str]) -> Case {
    case.series
        .retain(|series| !markers.contains(&series.marker.as_str()));
    case
}
