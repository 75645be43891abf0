//! Decoding one file's frames straight into their places in a volume, as 16-bit Hounsfield
//! units: the file's codec (native, RLE, JPEG including 12-bit, JPEG 2000) through
//! `dicom::decode_native`, then stored value → rescale → rounded to 1 HU and clamped to the
//! i16 range.

use std::path::Path;

use dicom_dictionary_std::tags;
use dicom_object::OpenFileOptions;

use super::super::ImageError;
use super::super::dicom::{decode_native, read_error};
use super::super::dicom_header::integer;
use super::super::dicom_scan::check_declared_lengths;

/// One frame to decode and where it goes.
pub(super) struct FrameTarget<'volume> {
    pub frame: u32,
    pub rescale: (f64, f64),
    pub out: &'volume mut [i16],
}

/// Decodes the given frames of `path` into their targets. The header must still describe the
/// matrix the scan saw: a file replaced since is refused, not squeezed in.
pub(super) fn decode_frames(
    path: &Path,
    rows: u32,
    columns: u32,
    targets: &mut [FrameTarget<'_>],
) -> Result<(), ImageError> {
    check_declared_lengths(path)?;
    let object = OpenFileOptions::new()
        .open_file(path)
        .map_err(|error| read_error(path, &error))?;
    let attribute = |attribute| ImageError::DicomAttribute {
        path: path.to_path_buf(),
        attribute,
    };
    if integer(&object, tags::ROWS) != Some(i64::from(rows)) {
        return Err(attribute("Rows (0028,0010), which changed since the scan"));
    }
    if integer(&object, tags::COLUMNS) != Some(i64::from(columns)) {
        return Err(attribute(
            "Columns (0028,0011), which changed since the scan",
        ));
    }
    let bits_allocated = integer(&object, tags::BITS_ALLOCATED)
        .and_then(|bits| u16::try_from(bits).ok())
        .filter(|bits| matches!(bits, 8 | 16))
        .ok_or_else(|| attribute("Bits Allocated (0028,0100)"))?;
    let bits_stored = integer(&object, tags::BITS_STORED)
        .and_then(|bits| u16::try_from(bits).ok())
        .filter(|bits| (1..=bits_allocated).contains(bits))
        .unwrap_or(bits_allocated);
    let signed = integer(&object, tags::PIXEL_REPRESENTATION) == Some(1);
    let transfer_syntax = object
        .meta()
        .transfer_syntax()
        .trim_end_matches('\0')
        .to_owned();
    let sample = SampleLayout {
        bytes: usize::from(bits_allocated / 8),
        bits_stored: u32::from(bits_stored),
        signed,
    };
    let frame_pixels = rows as usize * columns as usize;
    decode_native(path, &object, &transfer_syntax, |native| {
        let frame_bytes = frame_pixels * sample.bytes;
        for target in targets.iter_mut() {
            let start = target.frame as usize * frame_bytes;
            let chunk = native.get(start..start + frame_bytes).ok_or_else(|| {
                ImageError::ShortPixelData {
                    path: path.to_path_buf(),
                    expected: (start + frame_bytes) as u64,
                    actual: native.len() as u64,
                }
            })?;
            convert(chunk, sample, target.rescale, target.out);
        }
        Ok(())
    })
}

#[derive(Clone, Copy)]
struct SampleLayout {
    bytes: usize,
    bits_stored: u32,
    signed: bool,
}

/// Stored samples → modality values, rounded to whole units and clamped to i16.
fn convert(chunk: &[u8], sample: SampleLayout, (slope, intercept): (f64, f64), out: &mut [i16]) {
    let mask: u32 = (1u32 << sample.bits_stored) - 1;
    let sign_shift = 32 - sample.bits_stored;
    let stored = |raw: u32| -> i32 {
        let value = raw & mask;
        if sample.signed {
            ((value << sign_shift) as i32) >> sign_shift
        } else {
            value as i32
        }
    };
    let integral = slope == 1.0 && intercept.fract() == 0.0 && intercept.abs() < 65536.0;
    let to_hu = |raw: u32| -> i16 {
        if integral {
            (stored(raw) + intercept as i32).clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
        } else {
            (f64::from(stored(raw)) * slope + intercept)
                .round()
                .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16
        }
    };
    match sample.bytes {
        1 => {
            for (value, byte) in out.iter_mut().zip(chunk) {
                *value = to_hu(u32::from(*byte));
            }
        }
        _ => {
            for (value, pair) in out.iter_mut().zip(chunk.chunks_exact(2)) {
                *value = to_hu(u32::from(u16::from_le_bytes([pair[0], pair[1]])));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_12_bit_jpeg_extended_file_decodes_into_the_volume() {
        // Lossy CT archives send 12-bit JPEG Extended: the stack decodes it as `load_image` does.
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dicom/JPGExtended.dcm");
        let image = crate::io::image::load_image(&path).unwrap();
        let crate::io::image::FramePixels::Gray(values) = &image.frames[0] else {
            panic!("grey")
        };
        let mut out = vec![0i16; 256 * 1024];
        let mut targets = [FrameTarget {
            frame: 0,
            rescale: (1.0, 0.0),
            out: &mut out,
        }];
        decode_frames(&path, 1024, 256, &mut targets).unwrap();
        assert!(
            out.iter()
                .zip(values)
                .all(|(ours, value)| f32::from(*ours) == *value)
        );
        assert_eq!(out.iter().max(), Some(&264));
    }

    #[test]
    fn stored_values_become_rounded_clamped_hounsfield_units() {
        let sample = SampleLayout {
            bytes: 2,
            bits_stored: 12,
            signed: false,
        };
        let chunk = [0x00, 0x00, 0x00, 0x04, 0xFF, 0x0F];
        let mut out = [0i16; 3];
        convert(&chunk, sample, (1.0, -1024.0), &mut out);
        assert_eq!(out, [-1024, 0, 3071]);
        convert(&chunk, sample, (0.5, -0.2), &mut out);
        assert_eq!(out, [0, 512, 2047]);
        convert(&chunk, sample, (100.0, 0.0), &mut out);
        assert_eq!(out, [0, i16::MAX, i16::MAX]);
        let signed = SampleLayout {
            signed: true,
            ..sample
        };
        convert(&chunk, signed, (1.0, 0.0), &mut out);
        assert_eq!(out, [0, 1024, -1]);
    }
}
