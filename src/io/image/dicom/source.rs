//! Where a frame's samples come from: uncompressed pixel data where the parser put it (with
//! big-endian words set right), our RLE decoder, or dicom-pixeldata's codecs one frame at a
//! time (JPEG 2000 and HTJ2K codestreams checked by `j2k` first), a codec's panic turned into
//! an error.

use std::borrow::Cow;
use std::path::Path;

use dicom_core::value::{PrimitiveValue, Value};
use dicom_dictionary_std::tags;
use dicom_object::{DefaultDicomObject, InMemDicomObject};
use dicom_pixeldata::PixelDecoder;

use super::super::dicom_header::{is_decodable, transfer_syntax_name};
use super::super::{FramePixels, ImageError};
use super::fragments::encapsulated_frames;
use super::layout::{PixelLayout, SampleKind, pixel_layout};
use super::{FrameConverter, j2k, jpeg12, rle, with_causes};

/// Frames of uncompressed pixel data, read where the parser put it.
pub(super) fn native_frames(
    path: &Path,
    object: &DefaultDicomObject,
    layout: &PixelLayout,
    big_endian: bool,
    convert: &FrameConverter<'_>,
) -> Result<Vec<FramePixels>, ImageError> {
    let tag = match layout.kind {
        SampleKind::Integer => tags::PIXEL_DATA,
        SampleKind::Float => tags::FLOAT_PIXEL_DATA,
        SampleKind::Double => tags::DOUBLE_FLOAT_PIXEL_DATA,
    };
    let missing = || ImageError::DicomAttribute {
        path: path.to_path_buf(),
        attribute: "Pixel Data (7FE0,0010)",
    };
    let element = object.element_opt(tag).ok().flatten().ok_or_else(missing)?;
    let Value::Primitive(value) = element.value() else {
        return Err(missing());
    };
    let bytes = little_endian_samples(value, big_endian, layout.bits_allocated);
    let expected = layout.total_bytes();
    if (bytes.len() as u64) < expected {
        return Err(ImageError::ShortPixelData {
            path: path.to_path_buf(),
            expected,
            actual: bytes.len() as u64,
        });
    }
    let mut frames = Vec::with_capacity(layout.frames as usize);
    for index in 0..layout.frames {
        let (start, bit_offset) = if layout.bits_allocated == 1 {
            // 1-bit frames follow each other bit after bit, not byte-aligned.
            let bit = index as usize * layout.pixels();
            (bit / 8, bit % 8)
        } else {
            (index as usize * layout.frame_bytes(), 0)
        };
        let chunk = bytes.get(start..).unwrap_or_default();
        frames.push(convert.frame(index, chunk, bit_offset)?);
    }
    Ok(frames)
}

/// Frames of RLE Lossless pixel data, decoded by our own RLE decoder (every bit depth).
pub(super) fn rle_frames(
    path: &Path,
    object: &DefaultDicomObject,
    layout: &PixelLayout,
    convert: &FrameConverter<'_>,
) -> Result<Vec<FramePixels>, ImageError> {
    let streams = encapsulated_frames(path, object, layout.frames, "RLE")?;
    let bytes = usize::from(layout.bits_allocated / 8);
    let mut frames = Vec::with_capacity(streams.len());
    for (index, stream) in streams.iter().enumerate() {
        let samples =
            rle::decode_frame(stream, layout.pixels(), usize::from(layout.samples), bytes)
                .map_err(|reason| ImageError::PixelData {
                    path: path.to_path_buf(),
                    reason: format!("frame {index}: {reason}"),
                })?;
        frames.push(convert.frame(index as u32, &samples, 0)?);
    }
    Ok(frames)
}

/// The samples of a value as little-endian bytes. The parser reads OW as 16-bit words in the
/// machine's order; in a big-endian file 8-bit samples packed in words then come out
/// swapped pairwise, and 32-bit samples with their two words swapped.
fn little_endian_samples(value: &PrimitiveValue, big_endian: bool, bits: u16) -> Cow<'_, [u8]> {
    let bytes = value.to_bytes();
    match (value, big_endian, bits) {
        (PrimitiveValue::U16(_), true, 8) => Cow::Owned(
            bytes
                .chunks(2)
                .flat_map(|pair| pair.iter().rev().copied())
                .collect(),
        ),
        (PrimitiveValue::U16(_), true, 32) => Cow::Owned(
            bytes
                .chunks(4)
                .flat_map(|quad| match quad {
                    [a, b, c, d] => vec![*c, *d, *a, *b],
                    other => other.to_vec(),
                })
                .collect(),
        ),
        _ => bytes,
    }
}

/// LUT, palette and overlay data as little-endian bytes in file order: words as the parser
/// read them, or raw bytes, swapped pairwise when a big-endian file stored them as bytes.
pub(super) fn lut_words(value: &Value<InMemDicomObject>, big_endian: bool) -> Option<Vec<u8>> {
    let Value::Primitive(value) = value else {
        return None;
    };
    let bytes = value.to_bytes();
    Some(match value {
        PrimitiveValue::U8(_) if big_endian => bytes
            .chunks(2)
            .flat_map(|pair| pair.iter().rev().copied())
            .collect(),
        _ => bytes.into_owned(),
    })
}

/// Decodes one frame of encapsulated pixel data and hands its samples to `convert`.
pub(super) fn decode_frame<T>(
    path: &Path,
    object: &DefaultDicomObject,
    transfer_syntax: &str,
    frame: u32,
    convert: impl FnOnce(&[u8]) -> Result<T, ImageError>,
) -> Result<T, ImageError> {
    // The codecs are third-party code fed with bytes from the file; a panic in one of them
    // must not take the viewer or the CLI down, so it becomes an error.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        object
            .decode_pixel_data_frame(frame)
            .map(|decoded| convert(decoded.data()))
    }));
    codec_outcome(path, transfer_syntax, outcome)
}

fn codec_outcome<T, E: std::error::Error + 'static>(
    path: &Path,
    transfer_syntax: &str,
    outcome: std::thread::Result<Result<Result<T, ImageError>, E>>,
) -> Result<T, ImageError> {
    match outcome {
        Ok(Ok(converted)) => converted,
        Ok(Err(_)) if !is_decodable(transfer_syntax) => {
            Err(ImageError::UnsupportedTransferSyntax {
                path: path.to_path_buf(),
                name: transfer_syntax_name(transfer_syntax)
                    .unwrap_or("unknown")
                    .to_owned(),
                uid: transfer_syntax.to_owned(),
            })
        }
        Ok(Err(error)) => Err(ImageError::PixelData {
            path: path.to_path_buf(),
            reason: with_causes(&error),
        }),
        Err(_) => Err(ImageError::PixelData {
            path: path.to_path_buf(),
            reason: "the decoder failed on malformed data".to_owned(),
        }),
    }
}

/// Decodes the pixel data to native form (one sample after another), whatever the transfer
/// syntax, and hands it to `convert` without copying it.
pub(in crate::io::image) fn decode_native<T>(
    path: &Path,
    object: &DefaultDicomObject,
    transfer_syntax: &str,
    convert: impl FnOnce(&[u8]) -> Result<T, ImageError>,
) -> Result<T, ImageError> {
    // 12-bit JPEG Extended is ours to decode, as in `load_dicom`: dicom-pixeldata's JPEG codec
    // reads 8-bit DCT only.
    if transfer_syntax == super::JPEG_EXTENDED {
        let layout = pixel_layout(path, object)?;
        if jpeg12::decodes(transfer_syntax, &layout) {
            return convert(&jpeg12::native(path, object, &layout)?);
        }
    }
    // JPEG 2000 and HTJ2K codestreams must describe the header's image and be whole before
    // the codec sizes its buffers from them, as in `load_dicom`.
    if let Some(codec) = j2k::codec(transfer_syntax) {
        j2k::check_frames(path, object, &pixel_layout(path, object)?, codec)?;
    }
    // Last resort: the codecs behind `decode_pixel_data` (RLE, JPEG, JPEG 2000) are third-party
    // code fed with bytes from the file. They return errors for the damage we have tried, but
    // a panic in one of them must not take the viewer or the CLI down, so it becomes an error.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        object
            .decode_pixel_data()
            .map(|decoded| convert(decoded.data()))
    }));
    codec_outcome(path, transfer_syntax, outcome)
}
