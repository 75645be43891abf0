//! The cytokine-storm rule: it finds the two storms of the reference case and nothing where a
//! teacher would see no storm.

use crate::teaching_common;

use caselens::analysis::episodes::{
    DEFAULT_MIN_RISE_RATIO, GateReason, LimitSource, Silence, StormRule, StormSuggestions,
    describe_rule, suggest_episodes,
};
use caselens::model::{CaseTime, EpisodeKind, validate};
use teaching_common::{built_case, built_day, february, liang, peng, without};

fn suggest(case: &caselens::model::Case) -> StormSuggestions {
    suggest_episodes(case, &StormRule::default())
}

fn spans(suggestions: &StormSuggestions) -> Vec<(CaseTime, CaseTime)> {
    suggestions
        .episodes
        .iter()
        .map(|suggested| (suggested.episode.span.start, suggested.episode.span.end))
        .collect()
}

#[test]
fn the_reference_case_has_exactly_the_two_published_storms() {
    let case = peng();
    let found = suggest(&case);
    assert!(
        found.silent_because.is_empty(),
        "{:?}",
        found.silent_because
    );
    assert_eq!(
        spans(&found),
        vec![(february(4), february(7)), (february(15), february(16))]
    );
    for (index, suggested) in found.episodes.iter().enumerate() {
        assert_eq!(suggested.episode.kind, EpisodeKind::CytokineStorm);
        assert_eq!(
            suggested.overlaps,
            vec![index],
            "each suggestion matches the publication's storm of the same number"
        );
        assert!(suggested.rests_on_reconstructed_values());
        let note = suggested.episode.note.as_deref().unwrap_or_default();
        assert!(note.contains("illustrative reconstruction"), "{note}");
    }
    // Second storm: all four markers rose on both days; first: 11 of 14 sampled marker-days.
    let strengths: Vec<f64> = found
        .episodes
        .iter()
        .map(|episode| episode.strength)
        .collect();
    assert!((strengths[0] - 11.0 / 14.0).abs() < 1e-9, "{strengths:?}");
    assert!((strengths[1] - 1.0).abs() < 1e-9, "{strengths:?}");
}

#[test]
fn each_storm_day_cites_markers_values_and_dates() {
    let found = suggest(&peng());
    let first_day = &found.episodes[0].days[0];
    assert_eq!(first_day.rises.len(), 2, "CRP and D-dimer rose on 4 Feb");
    let crp = first_day
        .rises
        .iter()
        .find(|rise| rise.value.marker == "crp")
        .expect("CRP is cited");
    assert_eq!(crp.value.value, 46.2);
    assert_eq!(crp.value.time, february(4));
    assert_eq!(crp.value.unit, "mg/L");
    assert_eq!(crp.baseline.value, 28.5);
    assert_eq!(crp.baseline.time, february(3));
    assert!(crp.ratio >= DEFAULT_MIN_RISE_RATIO);
    assert_eq!(first_day.lymphocytes.value.value, 0.41);
    assert!(matches!(
        first_day.lymphocytes.reason,
        GateReason::Below { limit, source: LimitSource::ReferenceInterval } if limit == 1.1
    ));
    let index = first_day
        .oxygenation
        .iter()
        .find(|gate| gate.value.marker == "pf_ratio")
        .expect("PaO₂/FiO₂ is cited");
    assert_eq!(index.value.value, 221.0);
    assert_eq!(
        index.reason,
        GateReason::Below {
            limit: 300.0,
            source: LimitSource::SevereIllnessThreshold
        }
    );
}

#[test]
fn an_accepted_suggestion_is_a_valid_episode_of_the_case() {
    let mut case = peng();
    let found = suggest(&case);
    case.episodes.extend(
        found
            .episodes
            .iter()
            .map(|suggested| suggested.episode.clone()),
    );
    let report = validate(&case);
    assert_eq!(report.errors().count(), 0, "{:?}", report.findings);
}

#[test]
fn the_rule_is_shown_with_its_thresholds() {
    let lines = describe_rule();
    let text = lines.join("\n");
    for threshold in [
        "at least 2 of",
        "1.5×",
        "previous 7 days",
        "20 %",
        "at least 2 storm days",
    ] {
        assert!(
            text.contains(threshold),
            "{threshold} missing from:\n{text}"
        );
    }
    let stricter = StormRule {
        min_rise_ratio: 2.0,
        ..StormRule::default()
    };
    assert!(stricter.to_string().contains("2×"));
}

#[test]
fn other_thresholds_change_what_is_found_as_the_module_documents() {
    // Only the second storm had three markers at least 2.5 times their baseline on two days.
    let strict = StormRule {
        min_rise_ratio: 2.5,
        min_rising_markers: 3,
        ..StormRule::default()
    };
    let found = suggest_episodes(&peng(), &strict);
    assert_eq!(spans(&found), vec![(february(15), february(16))]);

    // The documented margins: 1.4 lets 14 Feb in (CRP 2.07×, D-dimer 1.42×); 1.7 drops 4 Feb.
    let with_ratio = |min_rise_ratio| StormRule {
        min_rise_ratio,
        ..StormRule::default()
    };
    let found = suggest_episodes(&peng(), &with_ratio(1.4));
    assert_eq!(
        spans(&found),
        vec![(february(4), february(7)), (february(14), february(16))]
    );
    let found = suggest_episodes(&peng(), &with_ratio(1.7));
    assert_eq!(
        spans(&found),
        vec![(february(5), february(7)), (february(15), february(16))]
    );
}

const GATES_LOW: [(&str, &[f64]); 2] = [("lymphocytes", &[0.5; 12]), ("pf_ratio", &[200.0; 12])];

fn with_gates_low(
    markers: &[(&'static str, &'static [f64])],
    dated: bool,
) -> caselens::model::Case {
    let mut all = markers.to_vec();
    all.extend(GATES_LOW);
    built_case(dated, &all)
}

/// A storm in the built cases: four markers rising together on days 5–7.
const STORM: [(&str, &[f64]); 4] = [
    (
        "neutrophils",
        &[
            7.0, 7.0, 7.0, 7.0, 7.0, 11.0, 13.0, 14.0, 9.0, 7.0, 7.0, 7.0,
        ],
    ),
    (
        "crp",
        &[
            20.0, 20.0, 20.0, 20.0, 20.0, 40.0, 70.0, 90.0, 50.0, 30.0, 20.0, 20.0,
        ],
    ),
    (
        "il6",
        &[
            10.0, 10.0, 10.0, 10.0, 10.0, 30.0, 60.0, 80.0, 40.0, 20.0, 10.0, 10.0,
        ],
    ),
    (
        "d_dimer",
        &[1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 3.5, 2.0, 1.0, 1.0, 1.0],
    ),
];

#[test]
fn a_built_storm_is_found_so_the_negative_cases_below_are_meaningful() {
    let found = suggest(&with_gates_low(&STORM, true));
    assert_eq!(
        spans(&found),
        vec![(built_day(true, 5), built_day(true, 7))]
    );
}

#[test]
fn a_case_in_hospital_days_gets_spans_in_hospital_days() {
    let found = suggest(&with_gates_low(&STORM, false));
    assert_eq!(
        spans(&found),
        vec![(CaseTime::HospitalDay(6), CaseTime::HospitalDay(8))]
    );
}

#[test]
fn flat_values_find_nothing_even_when_abnormal() {
    let flat: [(&str, &[f64]); 4] = [
        ("neutrophils", &[12.0; 12]),
        ("crp", &[90.0; 12]),
        ("il6", &[80.0; 12]),
        ("d_dimer", &[3.0; 12]),
    ];
    let found = suggest(&with_gates_low(&flat, true));
    assert!(found.silent_because.is_empty());
    assert!(found.episodes.is_empty(), "{:?}", spans(&found));
}

#[test]
fn a_single_marker_spiking_alone_is_not_a_storm() {
    let mut markers = STORM.to_vec();
    markers[0].1 = &[7.0; 12];
    markers[2].1 = &[10.0; 12];
    markers[3].1 = &[1.0; 12];
    let found = suggest(&with_gates_low(&markers, true));
    assert!(found.episodes.is_empty(), "{:?}", spans(&found));
}

#[test]
fn a_recovery_course_is_not_a_storm() {
    let recovery: [(&str, &[f64]); 6] = [
        (
            "neutrophils",
            &[
                14.0, 12.0, 10.0, 9.0, 8.0, 7.0, 6.0, 5.5, 5.0, 4.5, 4.0, 3.5,
            ],
        ),
        (
            "crp",
            &[
                120.0, 95.0, 70.0, 50.0, 38.0, 26.0, 18.0, 12.0, 9.0, 7.0, 5.0, 4.0,
            ],
        ),
        (
            "il6",
            &[
                150.0, 110.0, 80.0, 55.0, 40.0, 28.0, 20.0, 14.0, 10.0, 8.0, 6.0, 5.0,
            ],
        ),
        (
            "d_dimer",
            &[4.0, 3.2, 2.5, 1.9, 1.5, 1.1, 0.9, 0.7, 0.6, 0.5, 0.4, 0.4],
        ),
        (
            "lymphocytes",
            &[0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4],
        ),
        (
            "pf_ratio",
            &[
                150.0, 170.0, 190.0, 210.0, 240.0, 260.0, 290.0, 310.0, 330.0, 350.0, 370.0, 390.0,
            ],
        ),
    ];
    let found = suggest(&built_case(true, &recovery));
    assert!(found.silent_because.is_empty());
    assert!(found.episodes.is_empty(), "{:?}", spans(&found));
}

#[test]
fn rises_inside_the_reference_interval_are_not_a_storm() {
    let within: [(&str, &[f64]); 2] = [
        (
            "crp",
            &[1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 4.0, 8.0, 4.0, 2.0, 1.0, 1.0],
        ),
        (
            "d_dimer",
            &[0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 0.45, 0.2, 0.1, 0.1, 0.1],
        ),
    ];
    let found = suggest(&with_gates_low(&within, true));
    assert!(found.episodes.is_empty(), "{:?}", spans(&found));
}

#[test]
fn inflammation_with_steady_normal_lymphocytes_is_not_suggested() {
    let mut markers = STORM.to_vec();
    markers.push(("lymphocytes", &[1.5; 12]));
    markers.push(("pf_ratio", &[200.0; 12]));
    let found = suggest(&built_case(true, &markers));
    assert!(found.silent_because.is_empty());
    assert!(found.episodes.is_empty(), "{:?}", spans(&found));
}

#[test]
fn inflammation_with_steady_oxygenation_above_the_severe_threshold_is_not_suggested() {
    let mut markers = STORM.to_vec();
    markers.push(("lymphocytes", &[0.5; 12]));
    markers.push(("pf_ratio", &[350.0; 12]));
    markers.push(("spo2", &[95.0; 12]));
    let found = suggest(&built_case(true, &markers));
    assert!(found.episodes.is_empty(), "{:?}", spans(&found));

    // The same oxygenation falling by a fifth during the rise completes the pattern.
    let falling: &[f64] = &[
        350.0, 350.0, 350.0, 350.0, 350.0, 320.0, 280.0, 270.0, 300.0, 350.0, 350.0, 350.0,
    ];
    *markers
        .iter_mut()
        .find(|(marker, _)| *marker == "pf_ratio")
        .unwrap() = ("pf_ratio", falling);
    let found = suggest(&built_case(true, &markers));
    assert_eq!(
        spans(&found),
        vec![(built_day(true, 6), built_day(true, 7))]
    );
    let gate = &found.episodes[0].days[0].oxygenation[0];
    assert_eq!(gate.value.value, 280.0);
    assert!(
        gate.to_string()
            .contains("below the severe-illness threshold (300 mmHg)"),
        "{gate}"
    );
}

#[test]
fn missing_markers_make_the_rule_silent_and_say_why() {
    let found = suggest(&without(peng(), &["lymphocytes"]));
    assert!(found.episodes.is_empty());
    assert_eq!(found.silent_because, vec![Silence::NoLymphocytes]);

    let found = suggest(&without(peng(), &["pf_ratio", "pao2", "spo2"]));
    assert!(found.episodes.is_empty());
    assert_eq!(found.silent_because, vec![Silence::NoOxygenation]);

    let found = suggest(&without(peng(), &["neutrophils", "il6", "d_dimer"]));
    assert!(found.episodes.is_empty());
    assert_eq!(
        found.silent_because,
        vec![Silence::TooFewInflammatoryMarkers {
            present: vec!["crp".to_owned()]
        }]
    );
}

#[test]
fn the_liang_case_in_relative_days_gets_no_suggestion_and_no_dates() {
    let found = suggest(&liang());
    assert!(found.episodes.is_empty());
    assert_eq!(found.silent_because.len(), 2, "{:?}", found.silent_because);
    assert!(found.silent_because.contains(&Silence::NoLymphocytes));

    let flat_in_hospital_days: [(&str, &[f64]); 2] =
        [("crp", &[50.0; 12]), ("d_dimer", &[2.0; 12])];
    let found = suggest(&with_gates_low(&flat_in_hospital_days, false));
    assert!(found.silent_because.is_empty());
    assert!(found.episodes.is_empty());
}

#[test]
fn a_one_day_flare_is_not_an_episode_but_sparse_storm_days_join() {
    let one_day: [(&str, &[f64]); 2] = [
        (
            "crp",
            &[
                20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 80.0, 30.0, 20.0, 20.0, 20.0, 20.0,
            ],
        ),
        (
            "d_dimer",
            &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 3.0, 1.5, 1.0, 1.0, 1.0, 1.0],
        ),
    ];
    let found = suggest(&with_gates_low(&one_day, true));
    assert!(found.episodes.is_empty(), "{:?}", spans(&found));

    // Labs on odd days only: storm days 5 and 7 are one episode across the unsampled day 6.
    let mut sparse = with_gates_low(&STORM, true);
    for series in &mut sparse.series {
        if series.marker != "lymphocytes" && series.marker != "pf_ratio" {
            let kept: Vec<_> = series.samples.iter().skip(1).step_by(2).cloned().collect();
            series.samples = kept;
        }
    }
    let found = suggest(&sparse);
    assert_eq!(
        spans(&found),
        vec![(built_day(true, 5), built_day(true, 7))]
    );
}
