//! Reading the overlay planes of groups 6000–601E (PS3.3 C.9.2). Only overlays stored in
//! Overlay Data (60xx,3000) are read; overlays embedded in unused bits of the pixel data were
//! retired from the standard in 2004.

use std::path::Path;

use dicom_object::{InMemDicomObject, Tag};

use super::super::ImageError;
use super::super::dicom_header::{integer, text};
use super::super::overlay::Overlay;
use super::lut_words;

pub(super) fn read_overlays(
    path: &Path,
    object: &InMemDicomObject,
    big_endian: bool,
) -> Result<Vec<Overlay>, ImageError> {
    let mut overlays = Vec::new();
    for group in (0x6000..=0x601E_u16).step_by(2) {
        let Some(data) = object.element_opt(Tag(group, 0x3000)).ok().flatten() else {
            continue;
        };
        let number = |element| integer(object, Tag(group, element));
        let (Some(rows), Some(columns)) = (
            number(0x0010).and_then(|rows| u32::try_from(rows).ok()),
            number(0x0011).and_then(|columns| u32::try_from(columns).ok()),
        ) else {
            continue;
        };
        let origin = object
            .element_opt(Tag(group, 0x0050))
            .ok()
            .flatten()
            .and_then(|element| element.to_multi_int::<i64>().ok())
            .and_then(|values| match values[..] {
                [row, column, ..] => Some((row - 1, column - 1)),
                _ => None,
            })
            .unwrap_or((0, 0));
        let frames = number(0x0015)
            .and_then(|frames| u32::try_from(frames).ok())
            .filter(|frames| *frames > 0)
            .unwrap_or(1);
        let first_frame = number(0x0051)
            .and_then(|frame| u32::try_from(frame).ok())
            .map_or(0, |frame| frame.saturating_sub(1));
        // Overlay Data is OB or OW; as words its bytes are in file order once read as LE.
        let bits = lut_words(data.value(), big_endian).unwrap_or_default();
        let expected = (u64::from(rows) * u64::from(columns) * u64::from(frames)).div_ceil(8);
        if (bits.len() as u64) < expected {
            return Err(ImageError::ShortOverlay {
                path: path.to_path_buf(),
                group,
                expected,
                actual: bits.len() as u64,
            });
        }
        overlays.push(Overlay {
            group,
            rows,
            columns,
            origin,
            first_frame,
            frames,
            kind: text(object, Tag(group, 0x0040)).unwrap_or_else(|| "G".to_owned()),
            label: text(object, Tag(group, 0x0022)).or_else(|| text(object, Tag(group, 0x1500))),
            bits,
        });
    }
    Ok(overlays)
}
