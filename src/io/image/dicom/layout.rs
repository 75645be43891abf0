//! The Image Pixel module attributes (PS3.3 C.7.6.3) that say how to read the pixel data,
//! checked once: what no decoding step below can make sense of is refused here, by name.

use std::path::Path;

use dicom_dictionary_std::tags;
use dicom_object::InMemDicomObject;

use super::super::ImageError;
use super::super::dicom_header::{integer, text};

/// How the samples of one pixel are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SampleKind {
    /// Pixel Data (7FE0,0010): integers of `bits_stored` bits in `bits_allocated`.
    Integer,
    /// Float Pixel Data (7FE0,0008).
    Float,
    /// Double Float Pixel Data (7FE0,0009).
    Double,
}

/// The attributes that describe the pixel data, read once from the header.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct PixelLayout {
    pub rows: u32,
    pub columns: u32,
    pub frames: u32,
    pub samples: u16,
    pub bits_allocated: u16,
    pub bits_stored: u16,
    pub signed: bool,
    pub planar: bool,
    pub kind: SampleKind,
    /// As the header states it, for the facts, MONOCHROME1 and the palette.
    pub photometric: String,
    /// What the decoded samples are in: the header's, or RGB after a JPEG codec.
    pub photometric_of_samples: String,
}

impl PixelLayout {
    pub fn pixels(&self) -> usize {
        self.rows as usize * self.columns as usize
    }

    /// Bytes of one frame as stored natively; for 1-bit data frames are not byte aligned, so
    /// this is the bytes covering one frame's bits.
    pub fn frame_bytes(&self) -> usize {
        let samples = if self.photometric_of_samples == "YBR_FULL_422" {
            // Two luma samples share one pair of chroma samples: two samples per pixel.
            2
        } else {
            usize::from(self.samples)
        };
        let bits = self.pixels() * samples * usize::from(self.bits_allocated);
        bits.div_ceil(8)
    }

    /// Bytes of every frame as stored natively.
    pub fn total_bytes(&self) -> u64 {
        if self.bits_allocated == 1 {
            (self.pixels() as u64 * u64::from(self.samples) * u64::from(self.frames)).div_ceil(8)
        } else {
            self.frame_bytes() as u64 * u64::from(self.frames)
        }
    }
}

pub(super) fn pixel_layout(
    path: &Path,
    object: &InMemDicomObject,
) -> Result<PixelLayout, ImageError> {
    let missing = |attribute| ImageError::DicomAttribute {
        path: path.to_path_buf(),
        attribute,
    };
    let positive_u16 = |tag, attribute| {
        integer(object, tag)
            .and_then(|value| u16::try_from(value).ok())
            .filter(|value| *value > 0)
            .ok_or_else(|| missing(attribute))
    };
    let kind = if object
        .element_opt(tags::FLOAT_PIXEL_DATA)
        .ok()
        .flatten()
        .is_some()
    {
        SampleKind::Float
    } else if object
        .element_opt(tags::DOUBLE_FLOAT_PIXEL_DATA)
        .ok()
        .flatten()
        .is_some()
    {
        SampleKind::Double
    } else {
        SampleKind::Integer
    };
    let rows = positive_u16(tags::ROWS, "Rows (0028,0010)")?;
    let columns = positive_u16(tags::COLUMNS, "Columns (0028,0011)")?;
    let bits_allocated = positive_u16(tags::BITS_ALLOCATED, "Bits Allocated (0028,0100)")?;
    let bits_stored = integer(object, tags::BITS_STORED)
        .and_then(|value| u16::try_from(value).ok())
        .filter(|value| (1..=bits_allocated).contains(value))
        .unwrap_or(bits_allocated);
    let samples = integer(object, tags::SAMPLES_PER_PIXEL)
        .and_then(|value| u16::try_from(value).ok())
        .unwrap_or(1);
    let frames = match integer(object, tags::NUMBER_OF_FRAMES) {
        None => 1,
        Some(value) => u32::try_from(value)
            .ok()
            .filter(|value| *value > 0)
            .ok_or_else(|| missing("Number of Frames (0028,0008)"))?,
    };
    let photometric = text(object, tags::PHOTOMETRIC_INTERPRETATION)
        .unwrap_or_else(|| "MONOCHROME2".to_owned())
        .to_uppercase();
    let unsupported = |what: String| ImageError::Unsupported {
        path: path.to_path_buf(),
        what,
    };
    if !matches!(samples, 1 | 3) {
        return Err(unsupported(format!("{samples} samples per pixel")));
    }
    let allocated_fits = match kind {
        SampleKind::Integer => matches!(bits_allocated, 1 | 8 | 16 | 32),
        SampleKind::Float => bits_allocated == 32,
        SampleKind::Double => bits_allocated == 64,
    };
    if !allocated_fits {
        return Err(unsupported(format!("Bits Allocated {bits_allocated}")));
    }
    let fits_samples = match photometric.as_str() {
        "MONOCHROME1" | "MONOCHROME2" => samples == 1,
        "PALETTE COLOR" => samples == 1 && kind == SampleKind::Integer && bits_allocated >= 8,
        "RGB" | "YBR_FULL" | "YBR_ICT" | "YBR_RCT" => samples == 3 && bits_allocated >= 8,
        "YBR_FULL_422" => samples == 3 && bits_allocated == 8,
        _ => false,
    };
    if !fits_samples || (samples == 3 && kind != SampleKind::Integer) {
        return Err(unsupported(format!(
            "photometric interpretation {photometric} with {samples} sample(s) of {bits_allocated} bits"
        )));
    }
    Ok(PixelLayout {
        rows: u32::from(rows),
        columns: u32::from(columns),
        frames,
        samples,
        bits_allocated,
        bits_stored: if kind == SampleKind::Integer {
            bits_stored
        } else {
            bits_allocated
        },
        signed: integer(object, tags::PIXEL_REPRESENTATION) == Some(1),
        planar: integer(object, tags::PLANAR_CONFIGURATION) == Some(1),
        kind,
        photometric_of_samples: photometric.clone(),
        photometric,
    })
}
