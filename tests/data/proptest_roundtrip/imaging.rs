//! Imaging milestones: dated within the stay or undated, with the structured reading (score of
//! the modality's kind, lobes and patterns once each) and annotations of every shape.

use caselens::model::*;
use proptest::collection::{btree_set, vec};
use proptest::option;
use proptest::prelude::*;

use super::stay::Stay;
use super::strategies::{finite, relative_path, text, words};

fn point() -> impl Strategy<Value = PixelPoint> {
    (finite(), finite()).prop_map(|(x, y)| PixelPoint::new(x, y))
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        (point(), point()).prop_map(|(tail, tip)| Shape::Arrow { tail, tip }),
        (point(), point()).prop_map(|(corner_a, corner_b)| Shape::Ellipse { corner_a, corner_b }),
        (point(), point()).prop_map(|(corner_a, corner_b)| Shape::Rectangle { corner_a, corner_b }),
        vec(point(), 3..7).prop_map(|points| Shape::Freehand { points }),
        (point(), words()).prop_map(|(at, text)| Shape::Text { at, text }),
        (point(), point()).prop_map(|(start, end)| Shape::Length { start, end }),
    ]
}

fn annotation() -> impl Strategy<Value = Annotation> {
    (
        shape(),
        prop_oneof![3 => Just(0u32), 1 => any::<u32>()],
        option::of(words()),
    )
        .prop_map(|(shape, frame, note)| {
            let mut annotation = Annotation::new(shape);
            annotation.frame = frame;
            annotation.note = note;
            annotation
        })
}

fn image() -> impl Strategy<Value = ImageRef> {
    (relative_path(), option::of(text()), vec(annotation(), 0..3)).prop_map(
        |(path, caption, annotations)| {
            let mut image = ImageRef::new(path);
            image.caption = caption;
            image.annotations = annotations;
            image
        },
    )
}

fn pattern() -> impl Strategy<Value = Pattern> {
    prop_oneof![
        3 => proptest::sample::select(Pattern::NAMED.to_vec()),
        1 => words().prop_map(Pattern::Other),
    ]
}

/// A score of the kind the modality uses, every part in range.
fn severity(modality: Modality) -> BoxedStrategy<Option<SeverityScore>> {
    let Some(zero) = SeverityScore::zero_for(modality) else {
        return Just(None).boxed();
    };
    let max = zero.part_max();
    option::of(vec(0..=max, zero.parts().len()).prop_map(move |values| {
        let mut score = zero;
        for (part, value) in score.parts_mut().into_iter().zip(values) {
            *part = value;
        }
        score
    }))
    .boxed()
}

pub fn milestone(stay: Stay) -> impl Strategy<Value = ImagingMilestone> {
    let modality = proptest::sample::select(Modality::ALL.to_vec());
    let laterality = proptest::sample::select(Laterality::ALL.to_vec());
    let change = proptest::sample::select(Change::ALL.to_vec());
    modality.prop_flat_map(move |modality| {
        (
            "[A-Z]|[A-Za-z一-龥 ]{1,4}",
            option::weighted(0.8, stay.slot_in_stay()),
            vec(image(), 0..3),
            text(),
            option::of(text()),
            option::of(laterality.clone()),
            btree_set(proptest::sample::select(Lobe::ALL.to_vec()), 0..5),
            vec(pattern(), 0..4),
            option::of(change.clone()),
            severity(modality),
        )
            .prop_map(
                move |(
                    label,
                    slot,
                    images,
                    findings,
                    note,
                    laterality,
                    lobes,
                    patterns,
                    change,
                    severity,
                )| {
                    let mut milestone = ImagingMilestone::new(label, modality);
                    milestone.time = slot.map(|slot| stay.time(slot));
                    milestone.images = images;
                    milestone.findings = findings;
                    milestone.note = note;
                    milestone.distribution.laterality = laterality;
                    milestone.distribution.lobes = lobes.into_iter().collect();
                    let mut unique_patterns: Vec<Pattern> = Vec::new();
                    for pattern in patterns {
                        if !unique_patterns.contains(&pattern) {
                            unique_patterns.push(pattern);
                        }
                    }
                    milestone.patterns = unique_patterns;
                    milestone.change = change;
                    milestone.severity = severity;
                    milestone
                },
            )
    })
}

/// Labels must be unique (after trimming): each gets its index.
pub fn unique_labels(mut milestones: Vec<ImagingMilestone>) -> Vec<ImagingMilestone> {
    for (index, milestone) in milestones.iter_mut().enumerate() {
        milestone.label = format!("{}{}", milestone.label.trim(), index + 1);
    }
    milestones
}
