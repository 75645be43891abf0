//! Reviewer notes (every target), the saved trajectory layout, the report narrative and the
//! teaching script.

use caselens::model::*;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use super::stay::{Slot, Stay};
use super::strategies::{text, words};

/// A note whose target is resolved against the finished case, so that sample and milestone
/// targets usually name something that exists (and sometimes not: that is only a warning).
#[derive(Clone, Debug)]
pub struct NotePlan {
    kind: NoteKind,
    target: TargetPlan,
    text: String,
    author: Option<String>,
}

#[derive(Clone, Debug)]
enum TargetPlan {
    Case,
    Time(CaseTime),
    Sample {
        pick: usize,
        fallback: String,
        time: CaseTime,
    },
    Milestone {
        pick: usize,
        fallback: String,
    },
}

impl NotePlan {
    pub fn into_note(self, case: &Case) -> ReviewerNote {
        let target = match self.target {
            TargetPlan::Case => NoteTarget::Case,
            TargetPlan::Time(time) => NoteTarget::Time(time),
            TargetPlan::Sample {
                pick,
                fallback,
                time,
            } => {
                let marker = case
                    .series
                    .get(pick)
                    .map(|series| series.marker.clone())
                    .unwrap_or(fallback);
                NoteTarget::Sample { marker, time }
            }
            TargetPlan::Milestone { pick, fallback } => NoteTarget::Milestone(
                case.milestones
                    .get(pick)
                    .map(|milestone| milestone.label.clone())
                    .unwrap_or(fallback),
            ),
        };
        ReviewerNote {
            kind: self.kind,
            target,
            text: self.text,
            author: self.author,
        }
    }
}

pub fn note_parts(stay: Stay) -> impl Strategy<Value = NotePlan> {
    let time = move |slot: Slot| stay.time(slot);
    let target = prop_oneof![
        Just(TargetPlan::Case),
        stay.any_slot()
            .prop_map(move |slot| TargetPlan::Time(time(slot))),
        (0usize..5, words(), stay.any_slot()).prop_map(move |(pick, fallback, slot)| {
            TargetPlan::Sample {
                pick,
                fallback,
                time: time(slot),
            }
        }),
        (0usize..5, text()).prop_map(|(pick, fallback)| TargetPlan::Milestone { pick, fallback }),
    ];
    let kind = prop_oneof![
        Just(NoteKind::Comment),
        Just(NoteKind::SourceInconsistency),
        Just(NoteKind::RenderingLoss)
    ];
    (kind, target, text(), option::of(text())).prop_map(|(kind, target, text, author)| NotePlan {
        kind,
        target,
        text,
        author,
    })
}

pub fn view() -> impl Strategy<Value = TrajectoryLayout> {
    let panel = (vec(words(), 0..3), any::<bool>())
        .prop_map(|(markers, log_scale)| PanelLayout { markers, log_scale });
    vec(panel, 0..3).prop_map(|panels| TrajectoryLayout {
        panels,
        ..Default::default()
    })
}

pub fn narrative() -> impl Strategy<Value = CaseNarrative> {
    let section = || option::weighted(0.3, text());
    (
        section(),
        section(),
        section(),
        section(),
        section(),
        section(),
    )
        .prop_map(
            |(
                abstract_text,
                introduction,
                discussion,
                take_away_lessons,
                patient_perspective,
                informed_consent,
            )| {
                CaseNarrative {
                    abstract_text,
                    introduction,
                    discussion,
                    take_away_lessons,
                    patient_perspective,
                    informed_consent,
                    ..Default::default()
                }
            },
        )
}

/// Up to three stops within the stay, in time order, one per time, each with a question.
pub fn teaching(stay: Stay) -> impl Strategy<Value = TeachingScript> {
    (vec(stay.slot_in_stay(), 0..3), vec(text(), 3)).prop_map(move |(slots, questions)| {
        let stops = stay
            .ordered_times(slots)
            .into_iter()
            .zip(questions)
            .map(|(time, question)| TeachingStop {
                time,
                question: format!("Q {question}"),
            })
            .collect();
        TeachingScript { stops }
    })
}
