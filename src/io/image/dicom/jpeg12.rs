//! 12-bit JPEG Extended (PS3.5 A.4.1, transfer syntax 1.2.840.10008.1.2.4.51, processes 2
//! and 4), as lossy CT archives send it. dicom-pixeldata's JPEG codec (jpeg-decoder) reads
//! 8-bit DCT only, so 12-bit frames are decoded here by libjpeg-turbo-rs, one frame at a time,
//! into 16-bit little-endian samples: the representation the native path hands to
//! `FrameConverter`, which then applies Pixel Representation, the Modality LUT or rescale and
//! padding as for every other encoding; CT stacks get the same samples through
//! `decode_native`. 8-bit JPEG Extended stays with dicom-pixeldata.

use std::path::Path;

use dicom_object::DefaultDicomObject;
use libjpeg_turbo_rs::DecodeLimits;
use libjpeg_turbo_rs::precision::decompress_12bit_with_limits;

use super::super::{FramePixels, ImageError, check_buffer_size};
use super::fragments::encapsulated_frames;
use super::layout::PixelLayout;
use super::{FrameConverter, with_causes};

/// What the errors call this encoding.
const CODEC: &str = "12-bit JPEG Extended";

/// Whether the frames of `transfer_syntax` with this layout are decoded here: JPEG Extended
/// whose header stores more than 8 bits (the JPEG stream must then be 12-bit).
pub(super) fn decodes(transfer_syntax: &str, layout: &PixelLayout) -> bool {
    transfer_syntax == super::JPEG_EXTENDED && layout.bits_stored > 8
}

/// Decodes every frame and hands each to `convert`.
pub(super) fn frames(
    path: &Path,
    object: &DefaultDicomObject,
    layout: &PixelLayout,
    convert: &FrameConverter<'_>,
) -> Result<Vec<FramePixels>, ImageError> {
    check_header(path, layout)?;
    let streams = encapsulated_frames(path, object, layout.frames, CODEC)?;
    let mut frames = Vec::with_capacity(streams.len());
    for (index, stream) in (0u32..).zip(&streams) {
        let samples = decode_frame(path, index, stream, layout)?;
        frames.push(convert.frame(index, &samples, 0)?);
    }
    Ok(frames)
}

/// Decodes every frame into one buffer of native 16-bit little-endian samples, frame after
/// frame, for the series decoder (which reads pixel data in native form).
pub(super) fn native(
    path: &Path,
    object: &DefaultDicomObject,
    layout: &PixelLayout,
) -> Result<Vec<u8>, ImageError> {
    check_header(path, layout)?;
    let streams = encapsulated_frames(path, object, layout.frames, CODEC)?;
    let mut native = Vec::with_capacity(layout.total_bytes() as usize);
    for (index, stream) in (0u32..).zip(&streams) {
        native.extend(decode_frame(path, index, stream, layout)?);
    }
    Ok(native)
}

/// The header's matrix as 16-bit samples, checked against `MAX_DECODED_BYTES` before any
/// stream is read: the decoder's buffers are sized from the stream, which must match it.
fn check_header(path: &Path, layout: &PixelLayout) -> Result<(), ImageError> {
    let samples = u64::from(layout.samples);
    check_buffer_size(
        path,
        u64::from(layout.columns),
        u64::from(layout.rows),
        u64::from(layout.frames),
        samples,
        samples * 2,
    )?;
    if layout.bits_allocated != 16 {
        // 12-bit samples need 16 bits each; anything else is a header the samples cannot fill.
        return Err(ImageError::Unsupported {
            path: path.to_path_buf(),
            what: format!("{CODEC} with Bits Allocated {}", layout.bits_allocated),
        });
    }
    Ok(())
}

/// One frame's JPEG stream → its samples, interleaved, as 16-bit little-endian words.
fn decode_frame(
    path: &Path,
    index: u32,
    stream: &[u8],
    layout: &PixelLayout,
) -> Result<Vec<u8>, ImageError> {
    let damaged = |reason: String| ImageError::DamagedFrame {
        path: path.to_path_buf(),
        frame: index,
        codec: CODEC,
        reason,
    };
    let columns = layout.columns as usize;
    let rows = layout.rows as usize;
    let samples = usize::from(layout.samples);
    // The stream's own frame header must not size buffers beyond the DICOM header's matrix:
    // the limits refuse a larger SOF before the decoder allocates for it.
    let limits = DecodeLimits {
        max_width: columns,
        max_height: rows,
        max_pixels: layout.rows as u64 * layout.columns as u64,
        // Sequential DCT holds one scan per component at most.
        max_scans: 4,
        // What the decoder says it allocates, 2 bytes a sample: its component planes (padded
        // to whole MCUs, at most 32 samples more each way), upsampled planes and the
        // interleaved result.
        max_memory: Some(
            ((columns as u64 + 32) * (rows as u64 + 32) + 2 * layout.pixels() as u64)
                * samples as u64
                * 2,
        ),
    };
    // Last resort: the decoder is third-party code fed with bytes from the file; a panic in it
    // must not take the viewer or the CLI down, so it becomes this frame's error.
    let decoded = std::panic::catch_unwind(|| decompress_12bit_with_limits(stream, &limits))
        .map_err(|_| damaged("the decoder failed on malformed data".to_owned()))?
        .map_err(|error| damaged(with_causes(&error)))?;
    if (decoded.width, decoded.height, decoded.num_components) != (columns, rows, samples) {
        return Err(damaged(format!(
            "the JPEG stream holds {}×{} pixels of {} component(s), the header {columns}×{rows} of {samples}",
            decoded.width, decoded.height, decoded.num_components
        )));
    }
    // The samples are 0–4095 (the stored bits, a two's complement pattern when signed):
    // their 16-bit words, as the native path stores them.
    Ok(decoded
        .data
        .iter()
        .flat_map(|sample| (*sample as u16).to_le_bytes())
        .collect())
}
