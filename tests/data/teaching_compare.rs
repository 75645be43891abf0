//! Comparing cases and interventions: the alignment arithmetic and the response windows.

use crate::teaching_common;

use caselens::analysis::alignment::{
    AlignBy, AlignmentError, AlignmentEvent, align_cases, available_events,
};
use caselens::analysis::lab_course::{intervention_window, lab_course, response};
use caselens::analysis::response::{ResponseWindow, intervention_responses};
use caselens::model::{CaseTime, InterventionKind, Timeline};
use teaching_common::{built_case, built_day, february, liang, peng};

const FIRST_MSC: Option<AlignmentEvent> =
    Some(AlignmentEvent::FirstDoseOf(InterventionKind::CellTherapy));

#[test]
fn peng_and_liang_aligned_on_the_first_msc_infusion_share_day_0() {
    let (peng, liang) = (peng(), liang());
    let axis = align_cases(&[&peng, &liang], AlignBy::Event, &[FIRST_MSC, FIRST_MSC]);
    let peng_alignment = axis.cases[0].as_ref().expect("Peng aligns");
    let liang_alignment = axis.cases[1].as_ref().expect("Liang aligns");
    let peng_timeline = Timeline::for_case(&peng);
    let liang_timeline = Timeline::for_case(&liang);
    let shared =
        |alignment: &caselens::analysis::alignment::CaseAlignment, timeline: &Timeline, time| {
            alignment.to_shared(timeline.position(time).expect("placeable"))
        };
    assert_eq!(shared(peng_alignment, &peng_timeline, february(24)), 0.0);
    assert_eq!(
        shared(liang_alignment, &liang_timeline, CaseTime::HospitalDay(13)),
        0.0
    );
    // The second infusions: 27 Feb and hospital day 16, both three days later.
    assert_eq!(shared(peng_alignment, &peng_timeline, february(27)), 3.0);
    assert_eq!(
        shared(liang_alignment, &liang_timeline, CaseTime::HospitalDay(16)),
        3.0
    );
    // Plasma, 20 Feb, lies four days before Peng's first infusion.
    assert_eq!(shared(peng_alignment, &peng_timeline, february(20)), -4.0);
    assert_eq!(axis.label(-4.0), "day -4");
    assert_eq!(
        peng_alignment.to_own(0.0),
        peng_timeline.position(february(24)).unwrap()
    );
}

#[test]
fn a_case_without_dates_cannot_be_aligned_by_date_and_is_not_guessed() {
    let (peng, liang) = (peng(), liang());
    let axis = align_cases(&[&peng, &liang], AlignBy::CalendarDate, &[]);
    assert!(axis.cases[0].is_ok());
    assert_eq!(axis.cases[1], Err(AlignmentError::NoCalendar));
    assert!(
        AlignmentError::NoCalendar
            .to_string()
            .contains("align by hospital day"),
        "the message says what to do instead"
    );
    let axis = align_cases(&[&peng, &liang], AlignBy::IllnessDay, &[]);
    assert!(axis.cases[0].is_ok());
    assert_eq!(axis.cases[1], Err(AlignmentError::NoOnset));
    let axis = align_cases(&[&peng, &liang], AlignBy::Event, &[FIRST_MSC]);
    assert_eq!(axis.cases[1], Err(AlignmentError::NoEventChosen));
    let plasma = Some(AlignmentEvent::FirstDoseOf(
        InterventionKind::ConvalescentPlasma,
    ));
    let axis = align_cases(&[&liang], AlignBy::Event, &[plasma]);
    assert!(matches!(
        axis.cases[0],
        Err(AlignmentError::NoSuchIntervention(_))
    ));
}

#[test]
fn calendar_alignment_puts_the_same_date_at_the_same_place() {
    let (peng, later) = (peng(), built_case(true, &[("crp", &[10.0, 20.0])]));
    let axis = align_cases(&[&later, &peng], AlignBy::CalendarDate, &[]);
    let later_alignment = axis.cases[0].as_ref().expect("dated");
    let peng_alignment = axis.cases[1].as_ref().expect("dated");
    let first_of_march = built_day(true, 0);
    let in_later =
        later_alignment.to_shared(Timeline::for_case(&later).position(first_of_march).unwrap());
    let in_peng =
        peng_alignment.to_shared(Timeline::for_case(&peng).position(first_of_march).unwrap());
    assert_eq!(in_later, in_peng);
    // Day 0 is Peng's onset, 25 Jan 2020, the earliest date of the two cases.
    assert_eq!(axis.label(0.0), "25 Jan 2020");
    assert_eq!(axis.label(in_peng), "1 Mar 2020");
}

#[test]
fn hospital_and_illness_day_alignment_count_from_each_anchor() {
    let (peng, liang) = (peng(), liang());
    let axis = align_cases(&[&peng, &liang], AlignBy::HospitalDay, &[]);
    let peng_alignment = axis.cases[0].as_ref().expect("Peng has admission");
    let liang_alignment = axis.cases[1].as_ref().expect("Liang has admission");
    let admission = Timeline::for_case(&peng).position(february(3)).unwrap();
    assert_eq!(peng_alignment.to_shared(admission), 0.0);
    assert_eq!(
        liang_alignment.to_shared(
            Timeline::for_case(&liang)
                .position(CaseTime::HospitalDay(1))
                .unwrap()
        ),
        0.0
    );
    assert_eq!(axis.label(0.0), "hospital day 1");
    let axis = align_cases(&[&peng], AlignBy::IllnessDay, &[]);
    let plasma = Timeline::for_case(&peng).position(february(20)).unwrap();
    let shared = axis.cases[0].as_ref().expect("onset").to_shared(plasma);
    assert_eq!(axis.label(shared), "illness day 27");
}

#[test]
fn the_event_picker_offers_only_events_that_can_be_placed() {
    let events = available_events(&peng());
    let has = |wanted: AlignmentEvent| events.iter().any(|(event, _)| *event == wanted);
    assert!(has(AlignmentEvent::FirstDoseOf(
        InterventionKind::CellTherapy
    )));
    assert!(has(AlignmentEvent::FirstDoseOf(
        InterventionKind::ConvalescentPlasma
    )));
    assert!(
        !has(AlignmentEvent::FirstDoseOf(InterventionKind::Antiviral)),
        "antivirals are undated"
    );
    assert!(
        !has(AlignmentEvent::Intervention(0)),
        "lopinavir/ritonavir is undated"
    );
    assert!(has(AlignmentEvent::ClinicalEvent(0)));
}

#[test]
fn lymphocytes_around_plasma_before_after_and_by_the_end_of_the_window() {
    let case = peng();
    let responses = intervention_responses(
        &case,
        &["lymphocytes", "ferritin"],
        ResponseWindow::default(),
    );
    let dated = case
        .interventions
        .iter()
        .filter(|intervention| intervention.timing.first_time().is_some())
        .count();
    assert_eq!(responses.len(), dated, "undated interventions are left out");
    let plasma = responses
        .iter()
        .find(|found| found.kind == InterventionKind::ConvalescentPlasma)
        .expect("plasma is dated");
    assert_eq!(plasma.markers.len(), 1, "ferritin is not in the case");
    let lymphocytes = &plasma.markers[0];
    let times = |points: &[caselens::analysis::lab_course::CoursePoint]| -> Vec<CaseTime> {
        points.iter().map(|point| point.time).collect()
    };
    assert_eq!(
        times(&lymphocytes.before),
        vec![february(17), february(18), february(19), february(20)]
    );
    assert_eq!(lymphocytes.after.len(), 7, "22 to 28 Feb");
    assert_eq!(lymphocytes.baseline().map(|point| point.value), Some(0.44));
    assert_eq!(
        lymphocytes
            .next
            .after
            .as_ref()
            .map(|point| (point.time, point.value)),
        Some((february(22), 0.85))
    );
    let change = lymphocytes.next.change().expect("both values");
    assert!((change - 0.41).abs() < 1e-9, "{change}");
    let by_end = lymphocytes
        .by_window_end
        .after
        .as_ref()
        .expect("a value on 28 Feb");
    assert_eq!((by_end.time, by_end.value), (february(28), 1.42));
    let relative = lymphocytes
        .by_window_end
        .relative_change()
        .expect("baseline not zero");
    assert!((relative - (1.42 - 0.44) / 0.44).abs() < 1e-9);
    assert_eq!(lymphocytes.unit, "×10⁹/L");

    // Shading: 17 Feb up to the end of 20 Feb, then 22 Feb up to the end of 28 Feb.
    let timeline = Timeline::for_case(&case);
    let at = |day| timeline.position(february(day)).unwrap();
    assert_eq!(plasma.before_span, (at(17), at(21)));
    assert_eq!(plasma.after_span, (at(22), at(29)));

    // The report's before/after (lab_course::response) agrees inside the window.
    let intervention = &case.interventions[plasma.intervention_index];
    let (first, last) = intervention_window(intervention, &timeline).unwrap();
    let series = case
        .series
        .iter()
        .find(|series| series.marker == "lymphocytes")
        .unwrap();
    assert_eq!(
        response(&lab_course(series, &timeline), first, last),
        lymphocytes.next
    );
}

#[test]
fn the_window_is_editable_and_nonsense_settings_are_harmless() {
    let case = peng();
    let narrow = ResponseWindow {
        before_days: 0.0,
        after_days: 1.0,
    };
    let responses = intervention_responses(&case, &["crp"], narrow);
    let plasma = responses
        .iter()
        .find(|found| found.kind == InterventionKind::ConvalescentPlasma)
        .unwrap();
    assert_eq!(plasma.markers[0].before.len(), 1, "only the dose day");
    assert_eq!(plasma.markers[0].after.len(), 1, "only 22 Feb");
    let nonsense = ResponseWindow {
        before_days: f64::NAN,
        after_days: -5.0,
    };
    let responses = intervention_responses(&case, &["crp"], nonsense);
    assert!(
        responses
            .iter()
            .all(|found| found.markers[0].after.is_empty())
    );
}

#[test]
fn a_case_in_hospital_days_gets_responses_on_its_own_axis() {
    let mut case = built_case(false, &[("crp", &[80.0, 90.0, 70.0, 40.0, 20.0])]);
    let mut cells = liang().interventions[2].clone();
    cells.timing = caselens::model::Timing::Single(CaseTime::HospitalDay(2));
    case.interventions.push(cells);
    let responses = intervention_responses(&case, &["crp"], ResponseWindow::default());
    let crp = &responses[0].markers[0];
    assert_eq!(
        crp.baseline().map(|point| point.time),
        Some(CaseTime::HospitalDay(2))
    );
    assert_eq!(
        crp.by_window_end.after.as_ref().map(|point| point.value),
        Some(20.0)
    );
}
