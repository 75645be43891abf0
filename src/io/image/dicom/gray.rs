//! Grey samples → modality values (PS3.3 C.11.1): the stored bits (1 to 32, signed or not,
//! or IEEE floats), then the Modality LUT Sequence or rescale slope and intercept, with Pixel
//! Padding Value (and its range limit) marked as NaN so it is drawn as background and left
//! out of statistics.

use super::layout::{PixelLayout, SampleKind};

/// A Modality LUT Sequence item: stored values from `first_mapped` on map to `data`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ModalityLut {
    pub first_mapped: i64,
    pub data: Vec<u16>,
}

/// How one frame's stored values become modality values.
#[derive(Clone, Copy, Debug)]
pub(super) struct GrayMapping<'a> {
    pub slope: f64,
    pub intercept: f64,
    pub lut: Option<&'a ModalityLut>,
    /// Stored values from the first to the second (inclusive) are padding.
    pub padding: Option<(i64, i64)>,
}

impl GrayMapping<'_> {
    fn value(&self, stored: i64) -> f32 {
        if let Some((low, high)) = self.padding
            && (low..=high).contains(&stored)
        {
            return f32::NAN;
        }
        match self.lut {
            Some(lut) => {
                let last = lut.data.len().saturating_sub(1) as i64;
                let index = stored.saturating_sub(lut.first_mapped).clamp(0, last);
                lut.data
                    .get(index as usize)
                    .map_or(f32::NAN, |entry| f32::from(*entry))
            }
            None => (stored as f64 * self.slope + self.intercept) as f32,
        }
    }
}

/// The stored value of a raw sample: the low `bits_stored` bits, sign-extended when signed.
pub(super) fn stored_value(layout: &PixelLayout, raw: u32) -> i64 {
    let bits = u32::from(layout.bits_stored).clamp(1, 32);
    let stored = if bits >= 32 {
        raw
    } else {
        raw & ((1 << bits) - 1)
    };
    if layout.signed {
        let shift = 32 - bits;
        i64::from(((stored << shift) as i32) >> shift)
    } else {
        i64::from(stored)
    }
}

/// Modality values of one frame. `chunk` holds the frame's samples (little endian); for 1-bit
/// data it starts at the byte holding the frame's first bit, `bit_offset` bits in.
pub(super) fn gray_values(
    layout: &PixelLayout,
    chunk: &[u8],
    bit_offset: usize,
    mapping: GrayMapping<'_>,
) -> Vec<f32> {
    let pixels = layout.pixels();
    match (layout.kind, layout.bits_allocated) {
        (SampleKind::Float, _) => chunk
            .chunks_exact(4)
            .take(pixels)
            .map(|bytes| {
                let value = f64::from(f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
                (value * mapping.slope + mapping.intercept) as f32
            })
            .collect(),
        (SampleKind::Double, _) => chunk
            .chunks_exact(8)
            .take(pixels)
            .map(|bytes| {
                let mut array = [0u8; 8];
                array.copy_from_slice(bytes);
                (f64::from_le_bytes(array) * mapping.slope + mapping.intercept) as f32
            })
            .collect(),
        (_, 1) => (0..pixels)
            .map(|index| {
                let bit = bit_offset + index;
                let set = chunk
                    .get(bit / 8)
                    .is_some_and(|byte| byte >> (bit % 8) & 1 == 1);
                mapping.value(i64::from(set))
            })
            .collect(),
        (_, 8) => {
            let table: Vec<f32> = (0..=255u32)
                .map(|raw| mapping.value(stored_value(layout, raw)))
                .collect();
            chunk
                .iter()
                .take(pixels)
                .map(|byte| table[usize::from(*byte)])
                .collect()
        }
        (_, 16) => {
            // Every 16-bit sample has one of 65 536 values: look them up instead of computing
            // each (a 2000×2000 radiograph is 4 million samples), unless the frame is smaller.
            let to_value = |raw: u32| mapping.value(stored_value(layout, raw));
            if pixels < 65_536 {
                return chunk
                    .chunks_exact(2)
                    .take(pixels)
                    .map(|pair| to_value(u32::from(u16::from_le_bytes([pair[0], pair[1]]))))
                    .collect();
            }
            let table: Vec<f32> = (0..=u32::from(u16::MAX)).map(to_value).collect();
            chunk
                .chunks_exact(2)
                .take(pixels)
                .map(|pair| table[usize::from(u16::from_le_bytes([pair[0], pair[1]]))])
                .collect()
        }
        _ => chunk
            .chunks_exact(4)
            .take(pixels)
            .map(|quad| {
                let raw = u32::from_le_bytes([quad[0], quad[1], quad[2], quad[3]]);
                mapping.value(stored_value(layout, raw))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(bits_allocated: u16, bits_stored: u16, signed: bool) -> PixelLayout {
        PixelLayout {
            rows: 1,
            columns: 3,
            frames: 1,
            samples: 1,
            bits_allocated,
            bits_stored,
            signed,
            planar: false,
            kind: SampleKind::Integer,
            photometric: "MONOCHROME2".to_owned(),
            photometric_of_samples: "MONOCHROME2".to_owned(),
        }
    }

    const RESCALE: GrayMapping<'static> = GrayMapping {
        slope: 1.0,
        intercept: -1024.0,
        lut: None,
        padding: None,
    };

    #[test]
    fn signed_12_bit_samples_are_sign_extended_and_rescaled() {
        // 0x0FFF is -1 in 12 bits; the high nibble is unused and must be ignored.
        let chunk = [0xFF, 0xFF, 0x00, 0x08, 0x10, 0x00];
        assert_eq!(
            gray_values(&layout(16, 12, true), &chunk, 0, RESCALE),
            vec![-1025.0, -3072.0, -1008.0]
        );
    }

    #[test]
    fn padding_becomes_nan_and_a_modality_lut_replaces_the_rescale() {
        let lut = ModalityLut {
            first_mapped: 1,
            data: vec![10, 20],
        };
        let mapping = GrayMapping {
            lut: Some(&lut),
            padding: Some((0xFF, 0xFF)),
            ..RESCALE
        };
        let values = gray_values(&layout(8, 8, false), &[0, 2, 0xFF], 0, mapping);
        assert_eq!(values[..2], [10.0, 20.0]);
        assert!(values[2].is_nan());
    }

    #[test]
    fn one_bit_frames_start_mid_byte() {
        // Bits 3, 4, 5 of 0b0010_1000 are 1, 0, 1.
        let values = gray_values(&layout(1, 1, false), &[0b0010_1000], 3, RESCALE);
        assert_eq!(values, vec![-1023.0, -1024.0, -1023.0]);
    }
}
