//! Strategies for every part of a `Case`, each valid by construction within a drawn [`Stay`].

use std::path::PathBuf;

use caselens::io::parse_case;
use caselens::model::marker::catalog;
use caselens::model::*;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use super::imaging::{milestone, unique_labels};
use super::notes::{narrative, note_parts, teaching, view};
use super::stay::{Stay, stay_strategy};

/// Any text, control characters, quotes, backslashes and non-Latin scripts included.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,24}",
        1 => ".{0,12}",
        1 => Just("r#\"raw\"# \\ \"quoted\" 磨玻璃影 SpO₂ ≥ 90 % — \t end".to_owned()),
    ]
}

/// Text that is not blank, for fields that must say something.
pub fn words() -> impl Strategy<Value = String> {
    (text(), "[A-Za-zÀ-ÿ一-龥]{1,3}").prop_map(|(text, word)| format!("{word}{text}"))
}

pub fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -1.0e6f64..1.0e6,
        1 => prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO,
        1 => Just(0.1 + 0.2),
    ]
}

fn reference() -> impl Strategy<Value = ReferenceInterval> {
    (option::of(finite()), option::of(finite())).prop_map(|(low, high)| match (low, high) {
        (Some(low), Some(high)) if low > high => ReferenceInterval {
            low: Some(high),
            high: Some(low),
        },
        _ => ReferenceInterval { low, high },
    })
}

pub fn relative_path() -> impl Strategy<Value = PathBuf> {
    vec("[A-Za-z0-9 _.é-]{1,8}", 1..3).prop_map(|parts| PathBuf::from(parts.join("/")))
}

pub fn case_strategy() -> impl Strategy<Value = Case> {
    stay_strategy().prop_flat_map(|stay| {
        (
            header(),
            vec(series(stay), 0..4),
            vec(intervention(stay), 0..3),
            vec(event(stay), 0..3),
            vec(milestone(stay), 0..4),
            vec(episode(stay), 0..3),
            vec(note_parts(stay), 0..4),
            option::of(view()),
            narrative(),
            teaching(stay),
        )
            .prop_map(
                move |(
                    (metadata, patient),
                    series,
                    interventions,
                    events,
                    milestones,
                    episodes,
                    notes,
                    view,
                    narrative,
                    teaching,
                )| {
                    // Start from the smallest file so fields added later keep their defaults.
                    let minimal = "(format_version: 1, metadata: (title: \"t\"), patient: ())";
                    let mut case = parse_case(minimal, "minimal")
                        .expect("the minimal case loads")
                        .case;
                    case.metadata = metadata;
                    case.patient = patient;
                    case.anchors = stay.anchors();
                    case.series = series;
                    case.interventions = interventions;
                    case.events = events;
                    case.milestones = unique_labels(milestones);
                    case.episodes = episodes;
                    case.notes = notes
                        .into_iter()
                        .map(|note| note.into_note(&case))
                        .collect();
                    case.view = view;
                    case.narrative = narrative;
                    case.teaching = teaching;
                    case
                },
            )
    })
}

fn header() -> impl Strategy<Value = (CaseMetadata, Patient)> {
    let metadata = (
        words(),
        option::of(text()),
        option::of(text()),
        option::of(text()),
        vec(text(), 0..3),
        any::<bool>(),
        option::of(text()),
    )
        .prop_map(
            |(title, source, doi, licence, keywords, illustrative, note)| CaseMetadata {
                title,
                source,
                doi,
                licence,
                keywords,
                illustrative,
                illustrative_note: note,
                ..Default::default()
            },
        );
    let sex = prop_oneof![
        Just(Sex::Female),
        Just(Sex::Male),
        Just(Sex::Other),
        Just(Sex::Unknown)
    ];
    let patient = (
        option::of(any::<u32>()),
        option::of(sex),
        option::of(finite()),
        option::of(text()),
    )
        .prop_map(|(age_years, sex, weight_kg, summary)| Patient {
            age_years,
            sex,
            weight_kg,
            summary,
            ..Default::default()
        });
    (metadata, patient)
}

fn sample(time: CaseTime) -> impl Strategy<Value = Sample> {
    let censored = prop_oneof![Just(Censoring::Below), Just(Censoring::Above)];
    let flag = prop_oneof![
        Just(LabFlag::Low),
        Just(LabFlag::High),
        Just(LabFlag::CriticalLow),
        Just(LabFlag::CriticalHigh),
        Just(LabFlag::Abnormal),
    ];
    (
        finite(),
        option::of(censored),
        option::of(flag),
        option::of(provenance()),
        option::of(text()),
        option::of(prop_oneof![
            Just(Activity::AtRest),
            Just(Activity::OnExertion)
        ]),
        option::of(prop_oneof![
            Just(Oxygen::RoomAir),
            option::of(21u32..=100).prop_map(|percent| Oxygen::Supplemental {
                fio2: percent.map(|percent| f64::from(percent) / 100.0)
            }),
        ]),
    )
        .prop_map(
            move |(value, censored, flag, provenance, comment, activity, oxygen)| {
                let mut sample = Sample::new(time, value);
                sample.censored = censored;
                sample.flag = flag;
                sample.provenance = provenance;
                sample.comment = comment;
                sample.activity = activity;
                sample.oxygen = oxygen;
                sample
            },
        )
}

fn provenance() -> impl Strategy<Value = Provenance> {
    prop_oneof![
        Just(Provenance::Measured),
        Just(Provenance::Published),
        Just(Provenance::PublishedDayPlaced),
        Just(Provenance::Reconstructed)
    ]
}

/// A catalog marker (in its unit, none, or another unit with its own interval) or a custom
/// one, with samples in time order or, where the case has dates, a dense file.
fn series(stay: Stay) -> impl Strategy<Value = Series> {
    let markers = catalog();
    let catalog_marker = (0..markers.len(), 0u8..3, option::of(reference())).prop_map(
        move |(index, unit_choice, reference)| {
            let definition = &markers[index];
            let unit = match unit_choice {
                0 => None,
                1 => Some(definition.unit.to_owned()),
                _ => Some("mg/dL".to_owned()),
            };
            (definition.id.to_owned(), unit, None, reference)
        },
    );
    let custom_marker = (
        "custom_[a-z]{1,6}",
        words(),
        words(),
        option::of("[0-9]{1,5}-[0-9]"),
        option::of(reference()),
    )
        .prop_map(|(id, unit, name, loinc, reference)| {
            let custom = CustomMarker {
                name,
                loinc,
                reference,
            };
            (id, Some(unit), Some(custom), None)
        });
    let conversion = (words(), words(), finite(), option::of(text())).prop_map(
        |(from_unit, to_unit, factor, note)| UnitConversion {
            from_unit,
            to_unit,
            factor,
            note,
        },
    );
    let samples = vec(stay.any_slot(), 0..6)
        .prop_map(move |slots| stay.ordered_times(slots))
        .prop_flat_map(|times| times.into_iter().map(sample).collect::<Vec<_>>());
    // Dense series carry clock times, so only cases with calendar dates may have them.
    let dense = if stay.has_calendar() {
        option::weighted(
            0.2,
            (relative_path(), words()).prop_map(|(file, column)| DenseRef { file, column }),
        )
        .boxed()
    } else {
        Just(None).boxed()
    };
    (
        prop_oneof![catalog_marker, custom_marker],
        provenance(),
        option::of(text()),
        option::of(text()),
        vec(conversion, 0..2),
        samples,
        dense,
    )
        .prop_map(
            |(
                (marker, unit, custom, reference),
                provenance,
                note,
                imported_from,
                conversions,
                samples,
                dense,
            )| {
                Series {
                    marker,
                    unit,
                    custom,
                    reference,
                    provenance,
                    note,
                    imported_from,
                    conversions,
                    samples: if dense.is_some() { Vec::new() } else { samples },
                    dense,
                    ..Default::default()
                }
            },
        )
}

fn intervention(stay: Stay) -> impl Strategy<Value = Intervention> {
    let kind = proptest::sample::select(InterventionKind::ALL.to_vec());
    let timing = prop_oneof![
        stay.slot_in_stay()
            .prop_map(move |slot| Timing::Single(stay.time(slot))),
        vec(stay.slot_in_stay(), 1..4)
            .prop_map(move |slots| Timing::Doses(stay.ordered_times(slots))),
        (stay.slot_in_stay(), option::of(stay.slot_in_stay())).prop_map(move |(start, end)| {
            match end {
                Some(end) => {
                    let (start, end) = if end.key(&stay) < start.key(&stay) {
                        (end, start)
                    } else {
                        (start, end)
                    };
                    Timing::Course {
                        start: stay.time(start),
                        end: Some(stay.time(end)),
                    }
                }
                None => Timing::Course {
                    start: stay.time(start),
                    end: None,
                },
            }
        }),
        text().prop_map(|note| Timing::Undated { note }),
    ];
    (
        kind,
        words(),
        option::of(text()),
        option::of(text()),
        timing,
        any::<bool>(),
        option::of(text()),
    )
        .prop_map(
            |(kind, name, dose, route, timing, dates_reconstructed, note)| Intervention {
                kind,
                name,
                dose,
                route,
                timing,
                dates_reconstructed,
                note,
            },
        )
}

fn event(stay: Stay) -> impl Strategy<Value = ClinicalEvent> {
    let kind = proptest::sample::select(vec![
        EventKind::Symptom,
        EventKind::Examination,
        EventKind::TestResult,
        EventKind::Diagnosis,
        EventKind::Transfer,
        EventKind::Discharge,
        EventKind::Death,
        EventKind::Immunization,
        EventKind::Other,
    ]);
    (
        stay.any_slot(),
        kind,
        text(),
        option::of(-50i32..100),
        option::of(stay.any_slot()),
    )
        .prop_map(
            move |(slot, kind, text, stated_illness_day, end)| ClinicalEvent {
                time: stay.time(slot),
                kind,
                text,
                stated_illness_day,
                // An end before the start is invalid; the strategy only makes valid cases.
                end: end
                    .filter(|end| end.key(&stay) >= slot.key(&stay))
                    .map(|end| stay.time(end)),
            },
        )
}

fn episode(stay: Stay) -> impl Strategy<Value = EpisodeSpan> {
    let kind = proptest::sample::select(vec![
        EpisodeKind::CytokineStorm,
        EpisodeKind::Deterioration,
        EpisodeKind::Recovery,
        EpisodeKind::Other,
    ]);
    let origin = prop_oneof![
        Just(EpisodeOrigin::Publication),
        Just(EpisodeOrigin::Reviewer)
    ];
    (
        text(),
        kind,
        stay.any_slot(),
        stay.any_slot(),
        origin,
        option::of((-50i32..100, -50i32..100)),
        option::of(text()),
    )
        .prop_map(move |(label, kind, first, second, origin, stated, note)| {
            let (start, end) = if second.key(&stay) < first.key(&stay) {
                (second, first)
            } else {
                (first, second)
            };
            EpisodeSpan {
                label,
                kind,
                span: TimeSpan {
                    start: stay.time(start),
                    end: stay.time(end),
                },
                origin,
                stated_illness_days: stated,
                note,
            }
        })
}
