//! Turns the frame headers of one series into a stack: the slices that fit (the most common
//! matrix and orientation), in ascending position along the slice normal, with every gap,
//! duplicate and misfit named.

use super::headers::FrameHeader;
use super::{SeriesProblem, SeriesStack, SliceOrder, SliceRef};

/// Two orientations whose direction cosines differ by less than this are the same.
const ORIENTATION_TOLERANCE: f64 = 1e-3;
/// Two slices closer than this along the normal are at the same position, mm.
const DUPLICATE_TOLERANCE_MM: f64 = 0.01;
/// A step more than this many times the usual spacing is a gap.
const GAP_FACTOR: f64 = 1.5;

/// Builds the stack of one series from its frames (all with the same SeriesInstanceUID).
pub(super) fn build_stack(mut frames: Vec<FrameHeader>) -> Option<SeriesStack> {
    // File order decides nothing; sorting by path first makes "which duplicate is kept"
    // the same whatever order the folder listing came in.
    frames.sort_by(|a, b| a.path.cmp(&b.path).then(a.frame.cmp(&b.frame)));
    let first = frames.first()?.clone();
    let series = first
        .description
        .clone()
        .unwrap_or_else(|| first.series_instance_uid.clone());
    let mut problems = Vec::new();

    let matrix = most_common(&frames, |frame| (frame.rows, frame.columns))?;
    let orientation_key = |frame: &FrameHeader| frame.orientation.map(orientation_key);
    let orientation = most_common(&frames, orientation_key)?;
    let mut kept = Vec::with_capacity(frames.len());
    let mut reported = std::collections::BTreeSet::new();
    for frame in frames {
        let what = if (frame.rows, frame.columns) != matrix {
            Some("the matrix (Rows × Columns)")
        } else if orientation_key(&frame) != orientation {
            Some("the orientation (ImageOrientationPatient)")
        } else {
            None
        };
        match what {
            Some(what) => {
                if reported.insert(frame.path.clone()) {
                    problems.push(SeriesProblem::Mismatch {
                        path: frame.path.clone(),
                        series: series.clone(),
                        what,
                    });
                }
            }
            None => kept.push(frame),
        }
    }

    let normal = kept
        .first()
        .and_then(|frame| frame.orientation)
        .map(slice_normal);
    let positioned = normal.is_some() && kept.iter().all(|frame| frame.position.is_some());
    let mut slices: Vec<SliceRef> = kept
        .iter()
        .map(|frame| SliceRef {
            path: frame.path.clone(),
            frame: frame.frame,
            sop_instance_uid: frame.sop_instance_uid.clone(),
            instance_number: frame.instance_number,
            position_patient: frame.position,
            position_mm: match (normal, frame.position) {
                (Some(normal), Some(position)) if positioned => dot(normal, position),
                _ => 0.0,
            },
            rescale: frame.rescale,
        })
        .collect();
    let ordered_by = if positioned {
        slices.sort_by(|a, b| {
            a.position_mm
                .total_cmp(&b.position_mm)
                .then(a.instance_number.cmp(&b.instance_number))
        });
        SliceOrder::Position
    } else {
        slices.sort_by_key(|slice| (slice.instance_number, slice.frame));
        problems.push(SeriesProblem::OrderedByInstanceNumber {
            series: series.clone(),
        });
        SliceOrder::InstanceNumber
    };
    let thickness = first.slice_thickness_mm;
    if positioned {
        slices = drop_duplicates(slices, &mut problems);
    } else {
        let step = thickness.unwrap_or(1.0);
        for (index, slice) in slices.iter_mut().enumerate() {
            slice.position_mm = index as f64 * step;
        }
    }
    let spacing = median_step(&slices).or(thickness);
    if positioned && let Some(spacing) = spacing {
        report_gaps(&slices, spacing, &series, &mut problems);
    }
    Some(SeriesStack {
        series_instance_uid: first.series_instance_uid,
        study_instance_uid: first.study_instance_uid,
        description: first.description,
        series_number: first.series_number,
        modality: first.modality,
        body_part: first.body_part,
        rows: matrix.0,
        columns: matrix.1,
        pixel_spacing_mm: first.pixel_spacing_mm,
        slice_thickness_mm: thickness,
        slice_spacing_mm: spacing,
        normal,
        ordered_by,
        slices,
        problems,
    })
}

fn drop_duplicates(slices: Vec<SliceRef>, problems: &mut Vec<SeriesProblem>) -> Vec<SliceRef> {
    let mut kept: Vec<SliceRef> = Vec::with_capacity(slices.len());
    for slice in slices {
        match kept.last() {
            Some(previous)
                if (slice.position_mm - previous.position_mm).abs() < DUPLICATE_TOLERANCE_MM =>
            {
                problems.push(SeriesProblem::DuplicatePosition {
                    kept: previous.path.clone(),
                    duplicate: slice.path.clone(),
                    position_mm: slice.position_mm,
                });
            }
            _ => kept.push(slice),
        }
    }
    kept
}

fn report_gaps(slices: &[SliceRef], spacing: f64, series: &str, problems: &mut Vec<SeriesProblem>) {
    for pair in slices.windows(2) {
        let step = pair[1].position_mm - pair[0].position_mm;
        if spacing > 0.0 && step > spacing * GAP_FACTOR {
            problems.push(SeriesProblem::Gap {
                series: series.to_owned(),
                before: pair[0].path.clone(),
                after: pair[1].path.clone(),
                from_mm: pair[0].position_mm,
                to_mm: pair[1].position_mm,
                spacing_mm: spacing,
                missing: ((step / spacing).round() as usize).saturating_sub(1).max(1),
            });
        }
    }
}

/// The median distance between neighbours: one missing slice does not change it.
fn median_step(slices: &[SliceRef]) -> Option<f64> {
    let mut steps: Vec<f64> = slices
        .windows(2)
        .map(|pair| pair[1].position_mm - pair[0].position_mm)
        .filter(|step| *step > 0.0)
        .collect();
    if steps.is_empty() {
        return None;
    }
    steps.sort_by(f64::total_cmp);
    Some(steps[steps.len() / 2])
}

fn most_common<T: Ord + Clone>(
    frames: &[FrameHeader],
    key: impl Fn(&FrameHeader) -> T,
) -> Option<T> {
    let mut counts = std::collections::BTreeMap::new();
    for frame in frames {
        *counts.entry(key(frame)).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, count)| *count)
        .map(|(key, _)| key)
}

/// Direction cosines rounded to the tolerance, so they can be compared and counted.
fn orientation_key(orientation: [f64; 6]) -> [i64; 6] {
    orientation.map(|value| (value / ORIENTATION_TOLERANCE).round() as i64)
}

pub(super) fn slice_normal(orientation: [f64; 6]) -> [f64; 3] {
    let row = [orientation[0], orientation[1], orientation[2]];
    let column = [orientation[3], orientation[4], orientation[5]];
    [
        row[1] * column[2] - row[2] * column[1],
        row[2] * column[0] - row[0] * column[2],
        row[0] * column[1] - row[1] * column[0],
    ]
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn frame(name: &str, z: f64, orientation: [f64; 6]) -> FrameHeader {
        FrameHeader {
            path: PathBuf::from(name),
            frame: 0,
            series_instance_uid: "1.2.3".to_owned(),
            study_instance_uid: None,
            description: Some("chest".to_owned()),
            series_number: Some(2),
            modality: Some("CT".to_owned()),
            body_part: None,
            sop_instance_uid: format!("sop.{name}"),
            instance_number: Some(1),
            rows: 4,
            columns: 4,
            pixel_spacing_mm: Some((0.7, 0.7)),
            slice_thickness_mm: Some(2.5),
            position: Some([0.0, 0.0, z]),
            orientation: Some(orientation),
            rescale: (1.0, -1024.0),
        }
    }

    const AXIAL: [f64; 6] = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0];

    #[test]
    fn slices_sort_by_position_and_gaps_duplicates_and_tilts_are_named() {
        let frames = vec![
            frame("e.dcm", 10.0, AXIAL),
            frame("a.dcm", 0.0, AXIAL),
            frame("c.dcm", 5.0, AXIAL),
            frame("b.dcm", 2.5, AXIAL),
            frame("d.dcm", 5.0, AXIAL),
            frame("tilted.dcm", 7.5, [1.0, 0.0, 0.0, 0.0, 0.8, 0.6]),
        ];
        let stack = build_stack(frames).unwrap();
        let names: Vec<_> = stack
            .slices
            .iter()
            .map(|slice| slice.path.to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.dcm", "b.dcm", "c.dcm", "e.dcm"]);
        assert_eq!(stack.slice_spacing_mm, Some(2.5));
        let messages: Vec<String> = stack.problems.iter().map(ToString::to_string).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("tilted.dcm: the orientation"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("d.dcm: same position"))
        );
        assert!(
            messages.iter().any(
                |m| m.contains("between c.dcm (5.00 mm) and e.dcm (10.00 mm)")
                    && m.contains("about 1 slice(s) missing")
            ),
            "{messages:?}"
        );
    }

    #[test]
    fn a_feet_first_normal_still_orders_by_ascending_position() {
        // Row direction −x: the normal points to the feet, so ascending index goes down.
        let flipped = [-1.0, 0.0, 0.0, 0.0, 1.0, 0.0];
        let stack = build_stack(vec![
            frame("up.dcm", 5.0, flipped),
            frame("down.dcm", 0.0, flipped),
        ])
        .unwrap();
        assert_eq!(stack.normal, Some([0.0, 0.0, -1.0]));
        assert_eq!(stack.slices[0].path, PathBuf::from("up.dcm"));
        assert_eq!(stack.slices[0].position_mm, -5.0);
    }
}
