//! RLE Lossless (PS3.5 Annex G) at every bit depth: dicom-pixeldata's RLE codec stops at 16
//! bits allocated, and RT dose grids and 32-bit RGB arrive as 32. Each frame (its fragments
//! joined by `fragments`) is a 64-byte header of segment offsets, then one PackBits segment
//! per byte plane (most significant byte of the first sample first). Output is interleaved
//! little-endian samples.

/// What is wrong with an RLE frame.
#[derive(Debug, PartialEq, thiserror::Error)]
pub(super) enum RleProblem {
    #[error("the frame is shorter than its 64-byte RLE header")]
    NoHeader,
    #[error("{segments} RLE segments where {samples} sample(s) of {bytes} byte(s) need {needed}")]
    SegmentCount {
        segments: usize,
        samples: usize,
        bytes: usize,
        needed: usize,
    },
    #[error("{have} bytes cannot hold the frame's {needed} bytes")]
    TooShort { have: usize, needed: usize },
    #[error("RLE segment {0} lies outside the frame")]
    OutsideFrame(usize),
    #[error("RLE segment {segment} holds {held} of the frame's {pixels} pixels")]
    FewPixels {
        segment: usize,
        held: usize,
        pixels: usize,
    },
}

/// Decodes one frame. `samples` per pixel of `bytes` bytes each; `pixels` in the frame.
pub(super) fn decode_frame(
    fragment: &[u8],
    pixels: usize,
    samples: usize,
    bytes: usize,
) -> Result<Vec<u8>, RleProblem> {
    let header = fragment.get(..64).ok_or(RleProblem::NoHeader)?;
    let word = |index: usize| {
        let start = index * 4;
        u32::from_le_bytes([
            header[start],
            header[start + 1],
            header[start + 2],
            header[start + 3],
        ]) as usize
    };
    let segments = word(0);
    if segments != samples * bytes {
        return Err(RleProblem::SegmentCount {
            segments,
            samples,
            bytes,
            needed: samples * bytes,
        });
    }
    // PackBits turns two bytes into at most 128: a frame that cannot hold its pixels is
    // refused before its output is allocated, so memory follows the file, not the header.
    let needed = pixels * samples * bytes;
    if fragment.len().saturating_mul(64) < needed {
        return Err(RleProblem::TooShort {
            have: fragment.len(),
            needed,
        });
    }
    let mut out = vec![0u8; needed];
    for segment in 0..segments {
        let start = word(segment + 1);
        let end = if segment + 1 < segments {
            word(segment + 2)
        } else {
            fragment.len()
        };
        let data = fragment
            .get(start..end.min(fragment.len()))
            .filter(|_| start >= 64 && start <= end)
            .ok_or(RleProblem::OutsideFrame(segment))?;
        let plane = unpack_bits(data, pixels);
        if plane.len() < pixels {
            return Err(RleProblem::FewPixels {
                segment,
                held: plane.len(),
                pixels,
            });
        }
        // Segment order: sample by sample, most significant byte first.
        let sample = segment / bytes;
        let byte = bytes - 1 - segment % bytes;
        for (pixel, value) in plane.iter().enumerate() {
            if let Some(slot) = out.get_mut((pixel * samples + sample) * bytes + byte) {
                *slot = *value;
            }
        }
    }
    Ok(out)
}

/// PackBits, stopping at `limit` bytes of output.
fn unpack_bits(data: &[u8], limit: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(limit);
    let mut at = 0;
    while at < data.len() && out.len() < limit {
        let header = data[at] as i8;
        at += 1;
        match header {
            0..=127 => {
                let count = header as usize + 1;
                let end = (at + count).min(data.len());
                out.extend_from_slice(&data[at..end]);
                at = end;
            }
            -127..=-1 => {
                if let Some(value) = data.get(at) {
                    out.extend(std::iter::repeat_n(
                        *value,
                        (1 - i32::from(header)) as usize,
                    ));
                }
                at += 1;
            }
            // -128: no operation.
            _ => {}
        }
    }
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packbits_copies_and_repeats() {
        assert_eq!(
            unpack_bits(&[2, 1, 2, 3, 0xFE, 9, 0x80], 100),
            vec![1, 2, 3, 9, 9, 9]
        );
        assert_eq!(unpack_bits(&[0xFE, 9], 2), vec![9, 9]);
    }

    #[test]
    fn a_32_bit_frame_is_reassembled_most_significant_segment_first() {
        let mut fragment = vec![0u8; 64];
        fragment[0] = 4;
        for segment in 0..4u8 {
            let offset = 64 + u32::from(segment) * 2;
            fragment[4 + usize::from(segment) * 4..8 + usize::from(segment) * 4]
                .copy_from_slice(&offset.to_le_bytes());
        }
        // One pixel: bytes 0x12, 0x34, 0x56, 0x78 from the most significant on.
        fragment.extend([0, 0x12, 0, 0x34, 0, 0x56, 0, 0x78]);
        assert_eq!(
            decode_frame(&fragment, 1, 1, 4).unwrap(),
            vec![0x78, 0x56, 0x34, 0x12]
        );
    }

    #[test]
    fn a_frame_too_small_for_its_header_is_refused_before_allocating() {
        let mut fragment = vec![0u8; 64];
        fragment[0] = 1;
        fragment[4] = 64;
        let error = decode_frame(&fragment, 1 << 30, 1, 1)
            .unwrap_err()
            .to_string();
        assert!(error.contains("cannot hold"), "{error}");
    }
}
