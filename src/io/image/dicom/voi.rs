//! The grey pipeline's tables from the header (PS3.3 C.11): the Modality LUT Sequence, the
//! windows with their explanations and VOI LUT Function, the VOI LUT Sequence, and the
//! Presentation LUT Shape. Each table's length and range is checked against its descriptor.

use std::path::Path;

use dicom_dictionary_std::tags;
use dicom_object::{InMemDicomObject, Tag};

use super::super::ImageError;
use super::super::dicom_header::{frame_floats, text};
use super::super::render::{NamedWindow, VoiFunction, VoiLut, VoiOptions, Window};
use super::gray::ModalityLut;
use super::lut_words;
use super::palette::descriptor;

/// The first item of the Modality LUT Sequence (0028,3000), if any.
pub(super) fn modality_lut(
    path: &Path,
    object: &InMemDicomObject,
    signed: bool,
    big_endian: bool,
) -> Result<Option<ModalityLut>, ImageError> {
    let Some(item) = first_item(object, tags::MODALITY_LUT_SEQUENCE) else {
        return Ok(None);
    };
    let (first_mapped, data, _) = lut_item(path, item, "Modality LUT", signed, big_endian)?;
    Ok(Some(ModalityLut { first_mapped, data }))
}

/// The header's windows, VOI LUTs and VOI LUT Function. `lut_input_signed`: whether the
/// values entering the VOI LUTs can be negative (signed pixels without a Modality LUT).
pub(super) fn voi_options(
    path: &Path,
    object: &InMemDicomObject,
    lut_input_signed: bool,
    big_endian: bool,
) -> Result<VoiOptions, ImageError> {
    let function = match text(object, tags::VOILUT_FUNCTION).as_deref() {
        Some("LINEAR_EXACT") => VoiFunction::LinearExact,
        Some("SIGMOID") => VoiFunction::Sigmoid,
        _ => VoiFunction::Linear,
    };
    let centers = frame_floats(object, 0, tags::FRAME_VOILUT_SEQUENCE, tags::WINDOW_CENTER)
        .unwrap_or_default();
    let widths = frame_floats(object, 0, tags::FRAME_VOILUT_SEQUENCE, tags::WINDOW_WIDTH)
        .unwrap_or_default();
    let explanations: Vec<String> = object
        .element_opt(tags::WINDOW_CENTER_WIDTH_EXPLANATION)
        .ok()
        .flatten()
        .and_then(|element| element.to_multi_str().ok().map(|values| values.to_vec()))
        .unwrap_or_default();
    let minimum_width = if function == VoiFunction::Linear {
        1.0
    } else {
        0.0
    };
    let windows = centers
        .iter()
        .zip(&widths)
        .enumerate()
        .filter(|(_, (_, width))| **width >= minimum_width && **width > 0.0)
        .map(|(index, (center, width))| NamedWindow {
            window: Window {
                center: *center,
                width: *width,
            },
            explanation: explanations
                .get(index)
                .map(|explanation| explanation.trim().to_owned())
                .filter(|explanation| !explanation.is_empty()),
        })
        .collect();
    let mut luts = Vec::new();
    if let Some(items) = object
        .element_opt(tags::VOILUT_SEQUENCE)
        .ok()
        .flatten()
        .and_then(|element| element.items())
    {
        for item in items {
            let (first_mapped, data, bits) =
                lut_item(path, item, "VOI LUT", lut_input_signed, big_endian)?;
            luts.push(VoiLut {
                first_mapped,
                bits,
                data,
                explanation: text(item, tags::LUT_EXPLANATION),
            });
        }
    }
    Ok(VoiOptions {
        function,
        windows,
        luts,
    })
}

/// Presentation LUT Shape (2050,0020) INVERSE: the display is inverted after the VOI.
pub(super) fn presentation_inverse(object: &InMemDicomObject) -> bool {
    text(object, tags::PRESENTATION_LUT_SHAPE).as_deref() == Some("INVERSE")
}

fn first_item(object: &InMemDicomObject, tag: Tag) -> Option<&InMemDicomObject> {
    object.element_opt(tag).ok()??.items()?.first()
}

/// First mapped value, entries and bits per entry of a LUT item, its data checked against
/// them: as long as the descriptor says, and no entry above 2^bits − 1.
fn lut_item(
    path: &Path,
    item: &InMemDicomObject,
    table: &str,
    signed: bool,
    big_endian: bool,
) -> Result<(i64, Vec<u16>, u16), ImageError> {
    let (entries, first_mapped, bits) =
        descriptor(path, item, tags::LUT_DESCRIPTOR, table, signed)?;
    let element = item
        .element_opt(tags::LUT_DATA)
        .ok()
        .flatten()
        .ok_or_else(|| ImageError::ShortLut {
            path: path.to_path_buf(),
            table: table.to_owned(),
            stated: entries as u64,
            actual: 0,
        })?;
    let bytes = lut_words(element.value(), big_endian).unwrap_or_default();
    let data: Vec<u16> = if bits == 8 && bytes.len() >= entries && bytes.len() < entries * 2 {
        bytes[..entries]
            .iter()
            .map(|byte| u16::from(*byte))
            .collect()
    } else {
        bytes
            .chunks_exact(2)
            .take(entries)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect()
    };
    if data.len() < entries {
        return Err(ImageError::ShortLut {
            path: path.to_path_buf(),
            table: table.to_owned(),
            stated: entries as u64,
            actual: data.len() as u64,
        });
    }
    let top = (1u32 << bits) - 1;
    if let Some(entry) = data.iter().find(|entry| u32::from(**entry) > top) {
        return Err(ImageError::LutOutOfRange {
            path: path.to_path_buf(),
            table: table.to_owned(),
            reason: format!("entry {entry} is above {top}, the largest {bits} bits hold"),
        });
    }
    Ok((first_mapped, data, bits))
}
