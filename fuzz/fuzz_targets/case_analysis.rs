//! What the app computes as soon as a case opens, on every case the loader accepts: the
//! merged timeline, axis labels, lab courses and responses, storm suggestions, guideline
//! checks, imaging scores, alignment and the trajectory layout. A file the loader accepts
//! must not make any of them panic.
#![no_main]

use caselens::analysis::alignment::{AlignBy, align_cases, available_events};
use caselens::analysis::case_timeline::case_timeline;
use caselens::analysis::episodes::{StormRule, suggest_episodes};
use caselens::analysis::guidelines::check_guidelines;
use caselens::analysis::imaging_scores::severity_points;
use caselens::analysis::lab_course::lab_course;
use caselens::analysis::response::{ResponseWindow, intervention_responses};
use caselens::analysis::time_axis::{AxisMode, describe_time, format_day};
use caselens::io::parse_case;
use caselens::model::{Timeline, TrajectoryLayout};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = parse_case(text, "fuzz.ron") else {
        return;
    };
    let case = &loaded.case;
    let timeline = Timeline::for_case(case);
    let _ = case_timeline(case);
    for event in &case.events {
        let _ = describe_time(&timeline, event.time);
        if let Ok(position) = timeline.position(event.time) {
            for mode in [
                AxisMode::CalendarDate,
                AxisMode::IllnessDay,
                AxisMode::HospitalDay,
            ] {
                let _ = format_day(&timeline, mode, position);
            }
        }
    }
    for series in &case.series {
        let _ = lab_course(series, &timeline);
    }
    let markers: Vec<&str> = case
        .series
        .iter()
        .map(|series| series.marker.as_str())
        .collect();
    let _ = intervention_responses(case, &markers, ResponseWindow::default());
    let _ = suggest_episodes(case, &StormRule::default());
    let _ = check_guidelines(case);
    let _ = severity_points(case);
    let events: Vec<_> = available_events(case)
        .into_iter()
        .map(|(event, _)| Some(event))
        .take(1)
        .collect();
    for align_by in [
        AlignBy::CalendarDate,
        AlignBy::IllnessDay,
        AlignBy::HospitalDay,
    ] {
        let _ = align_cases(&[case], align_by, &[None]);
    }
    if !events.is_empty() {
        let _ = align_cases(&[case], AlignBy::Event, &events);
    }
    let layout = TrajectoryLayout::for_case(case);
    let _ = layout.hidden_markers(case);
});
