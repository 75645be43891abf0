//! JPEG 2000 (transfer syntaxes 1.2.840.10008.1.2.4.90 and .91) and High-Throughput JPEG 2000
//! (HTJ2K, ISO/IEC 15444-15: .201 lossless, .202 lossless with RPCL options, .203) frames.
//! Both are decoded by dicom-pixeldata's JPEG 2000 codec (openjp2, the Rust port of OpenJPEG
//! 2.5, whose HT block decoder reads HTJ2K code-blocks), one frame at a time; each frame's
//! codestream is checked here first, because the codec trusts it: its SIZ marker sizes the
//! codec's buffers (the image's and one set per tile), and a codestream cut short decodes
//! only to "Failed to decode image".
//! A frame the checks or the codec refuse is a `DamagedFrame` naming the frame and the codec.

use std::path::Path;

use dicom_object::DefaultDicomObject;

use super::super::{FramePixels, ImageError};
use super::FrameConverter;
use super::fragments::encapsulated_frames;
use super::layout::PixelLayout;
use super::source::decode_frame;

/// What the errors call the encoding of `transfer_syntax`, if it is JPEG 2000 or HTJ2K.
pub(super) fn codec(transfer_syntax: &str) -> Option<&'static str> {
    match transfer_syntax {
        "1.2.840.10008.1.2.4.90" | "1.2.840.10008.1.2.4.91" => Some("JPEG 2000"),
        "1.2.840.10008.1.2.4.201" | "1.2.840.10008.1.2.4.202" | "1.2.840.10008.1.2.4.203" => {
            Some("HTJ2K")
        }
        _ => None,
    }
}

fn damaged(path: &Path, frame: u32, codec: &'static str, reason: String) -> ImageError {
    ImageError::DamagedFrame {
        path: path.to_path_buf(),
        frame,
        codec,
        reason,
    }
}

/// Checks every frame's codestream, then decodes each and hands it to `convert`.
pub(super) fn frames(
    path: &Path,
    object: &DefaultDicomObject,
    layout: &PixelLayout,
    transfer_syntax: &str,
    codec: &'static str,
    convert: &FrameConverter<'_>,
) -> Result<Vec<FramePixels>, ImageError> {
    check_frames(path, object, layout, codec)?;
    (0..layout.frames)
        .map(|index| {
            decode_frame(path, object, transfer_syntax, index, |data| {
                convert.frame(index, data, 0)
            })
            .map_err(|error| match error {
                // The codec's own failure, which the checks did not foresee: still this
                // frame's, by name.
                ImageError::PixelData { reason, .. } => damaged(path, index, codec, reason),
                other => other,
            })
        })
        .collect()
}

/// Checks every frame's codestream against the header, before the codec reads any.
pub(super) fn check_frames(
    path: &Path,
    object: &DefaultDicomObject,
    layout: &PixelLayout,
    codec: &'static str,
) -> Result<(), ImageError> {
    let streams = encapsulated_frames(path, object, layout.frames, codec)?;
    for (index, stream) in (0u32..).zip(&streams) {
        check_codestream(stream, layout)
            .map_err(|problem| damaged(path, index, codec, problem.to_string()))?;
    }
    Ok(())
}

/// What is wrong with a JPEG 2000 codestream, before the codec is let near it.
#[derive(Debug, PartialEq, thiserror::Error)]
enum CodestreamProblem {
    #[error("no JPEG 2000 codestream: its SOC and SIZ markers are missing")]
    NoCodestream,
    #[error("the codestream ends inside its SIZ marker")]
    CutInSiz,
    #[error(
        "the codestream holds {width}×{height} pixels of {components} component(s), the header {columns}×{rows} of {samples}"
    )]
    OtherImage {
        width: u32,
        height: u32,
        components: u16,
        columns: u32,
        rows: u32,
        samples: u16,
    },
    #[error("the SIZ marker states tiles of no size")]
    EmptyTiles,
    #[error(
        "the SIZ marker states {tiles} tiles, more than the codestream's {bytes} bytes can hold"
    )]
    TooManyTiles { tiles: u64, bytes: usize },
    #[error(
        "component {component} holds {precision}-bit samples, more than Bits Allocated {bits_allocated}"
    )]
    TooManyBits {
        component: usize,
        precision: u16,
        bits_allocated: u16,
    },
    #[error("the codestream ends without its EOC marker: it is cut short")]
    NoEoc,
}

/// The SOC and SIZ markers, which every codestream starts with (ISO/IEC 15444-1 A.4.1, A.5.1).
const SOC_SIZ: [u8; 4] = [0xFF, 0x4F, 0xFF, 0x51];
/// The EOC marker, which ends every codestream (ISO/IEC 15444-1 A.4.4).
const EOC: [u8; 2] = [0xFF, 0xD9];

/// Whether one frame's codestream describes the header's image and is whole: its SIZ must
/// state the header's matrix and samples with no more bits than Bits Allocated holds (the
/// codec sizes its buffers from SIZ, and would keep only the low bytes of wider samples), and
/// it must end with EOC (OpenJPEG decodes a codestream cut short without saying so, or fails
/// saying only that it failed).
fn check_codestream(stream: &[u8], layout: &PixelLayout) -> Result<(), CodestreamProblem> {
    // Some encoders wrap the codestream in a JP2 file; it then starts in the file's
    // contiguous codestream box.
    let start = stream
        .windows(SOC_SIZ.len())
        .position(|window| window == SOC_SIZ)
        .ok_or(CodestreamProblem::NoCodestream)?;
    let codestream = &stream[start..];
    let word = |at: usize| {
        codestream
            .get(at..at + 4)
            .and_then(|bytes| bytes.try_into().ok())
            .map(u32::from_be_bytes)
            .ok_or(CodestreamProblem::CutInSiz)
    };
    // SIZ after SOC: marker, length, Rsiz, then Xsiz, Ysiz, XOsiz, YOsiz (image area), four
    // tile words, Csiz, and per component Ssiz (signedness and precision), XRsiz, YRsiz.
    let width = word(8)?.saturating_sub(word(16)?);
    let height = word(12)?.saturating_sub(word(20)?);
    let components = codestream
        .get(40..42)
        .map(|bytes| u16::from_be_bytes([bytes[0], bytes[1]]))
        .ok_or(CodestreamProblem::CutInSiz)?;
    if (width, height, components) != (layout.columns, layout.rows, layout.samples) {
        return Err(CodestreamProblem::OtherImage {
            width,
            height,
            components,
            columns: layout.columns,
            rows: layout.rows,
            samples: layout.samples,
        });
    }
    // OpenJPEG allocates its coding parameters for every tile SIZ declares (some 10 KB each)
    // before it reads one: 16 384 tiles of one pixel took 185 MB for a 20 KB file. Every tile
    // is in the codestream as one tile-part at least, an SOT and an SOD marker (14 bytes).
    let (tile_width, tile_height) = (word(24)?, word(28)?);
    if tile_width == 0 || tile_height == 0 {
        return Err(CodestreamProblem::EmptyTiles);
    }
    let across = u64::from(word(8)?.saturating_sub(word(32)?)).div_ceil(u64::from(tile_width));
    let down = u64::from(word(12)?.saturating_sub(word(36)?)).div_ceil(u64::from(tile_height));
    let tiles = across.saturating_mul(down);
    if tiles.saturating_mul(14) > codestream.len() as u64 {
        return Err(CodestreamProblem::TooManyTiles {
            tiles,
            bytes: codestream.len(),
        });
    }
    for component in 0..usize::from(components) {
        let ssiz = codestream
            .get(42 + 3 * component)
            .ok_or(CodestreamProblem::CutInSiz)?;
        let precision = u16::from(ssiz & 0x7F) + 1;
        if precision > layout.bits_allocated {
            return Err(CodestreamProblem::TooManyBits {
                component,
                precision,
                bits_allocated: layout.bits_allocated,
            });
        }
    }
    // Fragments are padded to an even length with a zero byte after EOC. In a JP2 file other
    // boxes may follow the codestream, so its end is not checked there.
    let end = codestream
        .iter()
        .rposition(|byte| *byte != 0)
        .map_or(0, |last| last + 1);
    if start == 0 && !codestream[..end].ends_with(&EOC) {
        return Err(CodestreamProblem::NoEoc);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::layout::SampleKind;
    use super::*;

    fn layout(columns: u32, rows: u32, samples: u16) -> PixelLayout {
        PixelLayout {
            rows,
            columns,
            frames: 1,
            samples,
            bits_allocated: 16,
            bits_stored: 16,
            signed: false,
            planar: false,
            kind: SampleKind::Integer,
            photometric: "MONOCHROME2".to_owned(),
            photometric_of_samples: "MONOCHROME2".to_owned(),
        }
    }

    /// A main header of one 16-bit component and `columns`×`rows` pixels, then `tail`.
    fn codestream(columns: u32, rows: u32, ssiz: u8, tail: &[u8]) -> Vec<u8> {
        let mut stream = SOC_SIZ.to_vec();
        stream.extend(41_u16.to_be_bytes());
        stream.extend(0x4000_u16.to_be_bytes());
        for word in [columns, rows, 0, 0, columns, rows, 0, 0] {
            stream.extend(word.to_be_bytes());
        }
        stream.extend(1_u16.to_be_bytes());
        stream.extend([ssiz, 1, 1]);
        stream.extend(tail);
        stream
    }

    #[test]
    fn a_whole_codestream_of_the_headers_image_passes() {
        let stream = codestream(128, 64, 0x8F, &[0xFF, 0xD9, 0]);
        assert_eq!(check_codestream(&stream, &layout(128, 64, 1)), Ok(()));
    }

    #[test]
    fn what_the_header_does_not_describe_is_refused() {
        let cut = codestream(128, 64, 0x0F, &[0x12, 0x34]);
        assert!(
            check_codestream(&cut, &layout(128, 64, 1))
                .unwrap_err()
                .to_string()
                .contains("EOC")
        );
        let larger = codestream(65_000, 64, 0x0F, &EOC);
        let error = check_codestream(&larger, &layout(128, 64, 1))
            .unwrap_err()
            .to_string();
        assert!(error.contains("65000×64 pixels of 1"), "{error}");
        let colour = check_codestream(&larger, &layout(65_000, 64, 3))
            .unwrap_err()
            .to_string();
        assert!(colour.contains("of 3"), "{colour}");
        let wide = codestream(128, 64, 0x13, &EOC);
        let error = check_codestream(&wide, &layout(128, 64, 1))
            .unwrap_err()
            .to_string();
        assert!(error.contains("20-bit samples"), "{error}");
        assert!(check_codestream(&wide[..30], &layout(128, 64, 1)).is_err());
        // 128 × 64 tiles of one pixel in a 60-byte codestream.
        let mut tiny_tiles = codestream(128, 64, 0x0F, &EOC);
        tiny_tiles[24..32].copy_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1]);
        let error = check_codestream(&tiny_tiles, &layout(128, 64, 1))
            .unwrap_err()
            .to_string();
        assert!(error.contains("8192 tiles"), "{error}");
        assert!(check_codestream(&[0; 8], &layout(128, 64, 1)).is_err());
    }
}
