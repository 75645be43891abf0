//! Encapsulated pixel data (PS3.5 A.4) cut into frames: the Pixel Data element's fragments
//! grouped through the Basic Offset Table when there is one, each frame's fragments joined.
//! Our own decoders (RLE, 12-bit JPEG) take one frame's bytes at a time from here.

use std::borrow::Cow;
use std::path::Path;

use dicom_dictionary_std::tags;
use dicom_object::DefaultDicomObject;

use super::super::ImageError;

/// The bytes of each of `frames` frames of the encapsulated pixel data of `object`; `codec`
/// names the encoding in the error when the pixel data is not encapsulated.
pub(super) fn encapsulated_frames<'a>(
    path: &Path,
    object: &'a DefaultDicomObject,
    frames: u32,
    codec: &str,
) -> Result<Vec<Cow<'a, [u8]>>, ImageError> {
    let damaged = |reason: String| ImageError::PixelData {
        path: path.to_path_buf(),
        reason,
    };
    let value = object
        .element_opt(tags::PIXEL_DATA)
        .ok()
        .flatten()
        .ok_or_else(|| ImageError::DicomAttribute {
            path: path.to_path_buf(),
            attribute: "Pixel Data (7FE0,0010)",
        })?
        .value();
    let (Some(offsets), Some(fragments)) = (value.offset_table(), value.fragments()) else {
        return Err(damaged(format!(
            "{codec} pixel data that is not encapsulated"
        )));
    };
    let grouped = frame_fragments(offsets, fragments, frames)
        .map_err(|problem| damaged(problem.to_string()))?;
    Ok(grouped
        .into_iter()
        .map(|parts| match parts[..] {
            [single] => Cow::Borrowed(single),
            _ => Cow::Owned(parts.concat()),
        })
        .collect())
}

/// Why fragments cannot be told apart into frames.
#[derive(Debug, PartialEq, thiserror::Error)]
enum FragmentProblem {
    #[error("{count} fragments for {frames} frames and no Basic Offset Table to tell them apart")]
    NoOffsetTable { count: usize, frames: usize },
    #[error("the Basic Offset Table has {entries} entries for {frames} frames")]
    OffsetCount { entries: usize, frames: usize },
    #[error("a fragment before the first frame's offset")]
    BeforeFirstFrame,
}

/// Fragments of encapsulated pixel data, grouped by frame: through the Basic Offset Table
/// when there is one, else one fragment per frame (or every fragment for a single frame).
fn frame_fragments<'a>(
    offsets: &[u32],
    fragments: &'a [Vec<u8>],
    frames: u32,
) -> Result<Vec<Vec<&'a [u8]>>, FragmentProblem> {
    let frames = frames as usize;
    if offsets.is_empty() {
        return match (frames, fragments.len()) {
            (1, _) => Ok(vec![fragments.iter().map(Vec::as_slice).collect()]),
            (frames, count) if frames == count => Ok(fragments
                .iter()
                .map(|fragment| vec![fragment.as_slice()])
                .collect()),
            (frames, count) => Err(FragmentProblem::NoOffsetTable { count, frames }),
        };
    }
    if offsets.len() != frames {
        return Err(FragmentProblem::OffsetCount {
            entries: offsets.len(),
            frames,
        });
    }
    // Each fragment's offset from the first, counting its 8-byte item header.
    let mut grouped: Vec<Vec<&[u8]>> = vec![Vec::new(); frames];
    let mut position = 0u64;
    for fragment in fragments {
        let frame = offsets
            .iter()
            .rposition(|offset| u64::from(*offset) <= position)
            .ok_or(FragmentProblem::BeforeFirstFrame)?;
        if let Some(group) = grouped.get_mut(frame) {
            group.push(fragment.as_slice());
        }
        position += 8 + fragment.len() as u64;
    }
    Ok(grouped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_follow_the_offset_table() {
        let fragments = vec![vec![1; 4], vec![2; 4], vec![3; 4]];
        let grouped = frame_fragments(&[0, 24], &fragments, 2).unwrap();
        assert_eq!(grouped[0].len(), 2);
        assert_eq!(grouped[1], vec![&[3u8; 4][..]]);
        assert!(frame_fragments(&[], &fragments, 2).is_err());
    }
}
