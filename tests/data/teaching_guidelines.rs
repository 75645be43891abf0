//! Guideline checks against the review: severe-illness criteria and the timing of
//! convalescent plasma, each resting on cited data and silent where data are missing.

use crate::teaching_common;

use caselens::analysis::guidelines::{
    CriteriaSet, CriterionOutcome, LeftOut, NotAssessable, PlasmaNotAssessable, PlasmaWindow,
    SevereCriterion, check_criteria, check_guidelines,
};
use caselens::model::{CaseTime, Censoring, Intervention, InterventionKind, Provenance, Timing};
use chrono::NaiveDate;
use teaching_common::{built_case, built_day, february, liang, peng};

fn plasma(timing: Timing) -> Intervention {
    Intervention {
        kind: InterventionKind::ConvalescentPlasma,
        name: "Convalescent plasma".to_owned(),
        dose: None,
        route: None,
        timing,
        dates_reconstructed: false,
        note: None,
    }
}

#[test]
fn plasma_on_illness_days_27_and_28_is_reported_after_day_14() {
    let findings = check_guidelines(&peng());
    assert_eq!(findings.plasma.len(), 1);
    let timing = &findings.plasma[0];
    assert_eq!(timing.name, "Convalescent plasma");
    let assessed = timing.outcome.as_ref().expect("Peng has an onset anchor");
    assert_eq!(
        assessed.onset,
        CaseTime::Date(NaiveDate::from_ymd_opt(2020, 1, 25).unwrap())
    );
    let days: Vec<(CaseTime, i32)> = assessed
        .doses
        .iter()
        .map(|dose| (dose.time, dose.illness_day))
        .collect();
    assert_eq!(days, vec![(february(20), 27), (february(21), 28)]);
    assert!(
        assessed
            .doses
            .iter()
            .all(|dose| dose.window == PlasmaWindow::AfterDay14)
    );
    assert_eq!(assessed.first_window(), Some(PlasmaWindow::AfterDay14));
}

#[test]
fn severe_criteria_are_met_on_admission_with_the_published_values() {
    let findings = check_guidelines(&peng());
    let first = findings.first_severe_day().expect("Peng met the criteria");
    assert_eq!(first.time, Some(february(3)));
    let value_of = |criterion| {
        first
            .met
            .iter()
            .find(|(met, _)| *met == criterion)
            .map(|(_, value)| value.clone())
    };
    let rate = value_of(SevereCriterion::RespiratoryRate).expect("RR 33 is cited");
    assert_eq!((rate.value, rate.unit.as_str()), (33.0, "/min"));
    assert_eq!(rate.provenance, Provenance::Published);
    let index = value_of(SevereCriterion::OxygenationIndex).expect("OI 243 is cited");
    assert_eq!((index.value, index.unit.as_str()), (243.0, "mmHg"));
    assert_eq!(index.provenance, Provenance::Published);
    // The review asks for SpO₂ under oxygen support; the 90 % was on room air, so the review
    // leaves it out (with the reason) and the Chinese guideline, at rest, cites it.
    assert!(value_of(SevereCriterion::OxygenSaturation).is_none());
    let saturation = findings
        .criterion(SevereCriterion::OxygenSaturation)
        .expect("SpO₂ is assessed");
    assert!(
        saturation
            .left_out
            .iter()
            .any(|left_out| left_out.value.value == 90.0 && left_out.reason == LeftOut::OnRoomAir)
    );
    let guideline = check_criteria(&peng(), CriteriaSet::ChineseGuideline);
    let first_by_guideline = guideline
        .first_severe_day()
        .expect("severe by the guideline");
    assert!(
        first_by_guideline
            .met
            .iter()
            .any(
                |(criterion, value)| *criterion == SevereCriterion::OxygenSaturation
                    && value.value == 90.0
            )
    );
    // The laboratory criteria met that day rest on reconstructed values, and say so.
    let lymphocytes = value_of(SevereCriterion::Lymphopenia).expect("lymphopenia is cited");
    assert_eq!(lymphocytes.value, 0.72);
    assert!(
        lymphocytes
            .to_string()
            .contains("illustrative reconstruction")
    );
    assert!(value_of(SevereCriterion::RaisedCrp).is_some());
    assert!(value_of(SevereCriterion::RaisedDDimer).is_some());
}

#[test]
fn a_criterion_without_data_is_not_assessable_rather_than_not_met() {
    let findings = check_guidelines(&peng());
    let ferritin = findings
        .criterion(SevereCriterion::RaisedFerritin)
        .expect("every criterion is listed");
    assert!(
        matches!(&ferritin.outcome, CriterionOutcome::NotAssessable(NotAssessable::NoSeries { markers }) if markers == "ferritin"),
        "{ferritin:?}"
    );

    let calm = built_case(true, &[("respiratory_rate", &[18.0, 19.0, 20.0])]);
    let findings = check_guidelines(&calm);
    let rate = findings
        .criterion(SevereCriterion::RespiratoryRate)
        .expect("listed");
    assert_eq!(rate.outcome, CriterionOutcome::NotMet { values_checked: 3 });
    assert!(matches!(
        findings
            .criterion(SevereCriterion::OxygenationIndex)
            .map(|found| &found.outcome),
        Some(CriterionOutcome::NotAssessable(_))
    ));
    assert!(findings.severe_days.is_empty());
}

#[test]
fn a_threshold_is_never_applied_to_a_series_in_another_unit() {
    let mut case = built_case(true, &[("pf_ratio", &[25.0, 30.0])]);
    case.series[0].unit = Some("kPa".to_owned());
    let findings = check_guidelines(&case);
    let index = findings
        .criterion(SevereCriterion::OxygenationIndex)
        .expect("listed");
    assert!(
        matches!(&index.outcome, CriterionOutcome::NotAssessable(reason) if reason.to_string().contains("kPa") && reason.to_string().contains("never converted")),
        "{index:?}"
    );
}

#[test]
fn censored_values_count_only_when_they_are_certainly_beyond_the_limit() {
    let mut case = built_case(true, &[("d_dimer", &[0.6]), ("ferritin", &[2000.0])]);
    case.series[0].samples[0].censored = Some(Censoring::Below);
    case.series[1].samples[0].censored = Some(Censoring::Above);
    let findings = check_guidelines(&case);
    let d_dimer = findings
        .criterion(SevereCriterion::RaisedDDimer)
        .expect("listed");
    assert_eq!(
        d_dimer.outcome,
        CriterionOutcome::NotMet { values_checked: 1 }
    );
    let ferritin = findings
        .criterion(SevereCriterion::RaisedFerritin)
        .expect("listed");
    assert_eq!(
        ferritin.first_met().map(|value| value.value_text()),
        Some(">2000 ng/mL".to_owned())
    );
}

#[test]
fn the_liang_case_gets_no_plasma_finding_and_no_invented_dates() {
    let findings = check_guidelines(&liang());
    assert!(findings.plasma.is_empty());
    let first = findings
        .first_severe_day()
        .expect("SpO₂ 81 % on hospital day 2");
    assert_eq!(first.time, Some(CaseTime::HospitalDay(2)));
    assert_eq!(first.met.len(), 1);
    assert_eq!(first.met[0].0, SevereCriterion::OxygenSaturation);
    assert_eq!(first.met[0].1.value, 81.0);
    assert!(matches!(
        findings
            .criterion(SevereCriterion::RespiratoryRate)
            .map(|found| &found.outcome),
        Some(CriterionOutcome::NotAssessable(_))
    ));
    let cited_times = findings
        .criteria
        .iter()
        .filter_map(|criterion| match &criterion.outcome {
            CriterionOutcome::Met(values) => Some(values.iter().map(|value| value.time)),
            _ => None,
        })
        .flatten()
        .chain(findings.severe_days.iter().filter_map(|day| day.time));
    for time in cited_times {
        assert!(time.is_relative(), "a date was invented: {time:?}");
    }

    let mut with_plasma = liang();
    with_plasma
        .interventions
        .push(plasma(Timing::Single(CaseTime::HospitalDay(5))));
    let findings = check_guidelines(&with_plasma);
    assert_eq!(findings.plasma.len(), 1);
    let reason = findings.plasma[0]
        .outcome
        .as_ref()
        .expect_err("no onset anchor");
    assert_eq!(reason, &PlasmaNotAssessable::NoOnset);
    assert!(reason.to_string().contains("set `anchors.symptom_onset`"));
}

#[test]
fn plasma_in_the_first_week_and_undated_plasma_are_told_apart() {
    let mut case = built_case(true, &[]);
    case.anchors.symptom_onset = Some(CaseTime::Date(
        NaiveDate::from_ymd_opt(2020, 2, 26).unwrap(),
    ));
    case.interventions
        .push(plasma(Timing::Single(built_day(true, 3))));
    case.interventions
        .push(plasma(Timing::Single(CaseTime::IllnessDay(12))));
    case.interventions.push(plasma(Timing::Undated {
        note: "given, day not stated".to_owned(),
    }));
    let findings = check_guidelines(&case);
    let windows: Vec<_> = findings
        .plasma
        .iter()
        .map(|timing| {
            timing
                .outcome
                .as_ref()
                .ok()
                .and_then(|assessed| assessed.first_window())
        })
        .collect();
    // 4 March is illness day 8 when onset is 26 February (2020 is a leap year).
    assert_eq!(
        windows,
        vec![
            Some(PlasmaWindow::ByDay14),
            Some(PlasmaWindow::ByDay14),
            None
        ]
    );
    let early = {
        let mut early = case.clone();
        early.interventions.truncate(0);
        early
            .interventions
            .push(plasma(Timing::Single(CaseTime::IllnessDay(7))));
        check_guidelines(&early)
    };
    let assessed = early.plasma[0].outcome.as_ref().expect("placed");
    assert_eq!(assessed.first_window(), Some(PlasmaWindow::FirstWeek));
    let undated = findings.plasma[2].outcome.as_ref().expect_err("undated");
    assert_eq!(
        undated,
        &PlasmaNotAssessable::Undated {
            note: "given, day not stated".to_owned()
        }
    );
}
