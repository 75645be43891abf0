//! PALETTE COLOR lookup tables (PS3.3 C.7.6.3.1.5–6 and C.7.9.2): plain tables with 8- or
//! 16-bit entries, and segmented ones (discrete, linear and indirect segments) expanded here.
//! Every length is checked against what the descriptor states before a table is used, and
//! expansion never grows past the descriptor's entry count.

use std::path::Path;

use dicom_dictionary_std::tags;
use dicom_object::{InMemDicomObject, Tag};

use super::super::ImageError;
use super::lut_words;

/// The three expanded tables, 8 bits per entry.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Palette {
    first_mapped: i64,
    red: Vec<u8>,
    green: Vec<u8>,
    blue: Vec<u8>,
}

impl Palette {
    pub fn rgb(&self, index: i64) -> [u8; 3] {
        let last = self.red.len().saturating_sub(1) as i64;
        let at = index.saturating_sub(self.first_mapped).clamp(0, last) as usize;
        let get = |table: &[u8]| table.get(at).copied().unwrap_or(0);
        [get(&self.red), get(&self.green), get(&self.blue)]
    }
}

pub(super) fn read_palette(
    path: &Path,
    object: &InMemDicomObject,
    signed: bool,
    big_endian: bool,
) -> Result<Palette, ImageError> {
    let channels = [
        (
            "Red",
            tags::RED_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR,
            tags::RED_PALETTE_COLOR_LOOKUP_TABLE_DATA,
            tags::SEGMENTED_RED_PALETTE_COLOR_LOOKUP_TABLE_DATA,
        ),
        (
            "Green",
            tags::GREEN_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR,
            tags::GREEN_PALETTE_COLOR_LOOKUP_TABLE_DATA,
            tags::SEGMENTED_GREEN_PALETTE_COLOR_LOOKUP_TABLE_DATA,
        ),
        (
            "Blue",
            tags::BLUE_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR,
            tags::BLUE_PALETTE_COLOR_LOOKUP_TABLE_DATA,
            tags::SEGMENTED_BLUE_PALETTE_COLOR_LOOKUP_TABLE_DATA,
        ),
    ];
    let mut tables = Vec::with_capacity(3);
    let mut first_mapped = 0;
    for (colour, descriptor_tag, data_tag, segmented_tag) in channels {
        let table = format!("{colour} Palette Color Lookup Table");
        let (entries, first, bits) = descriptor(path, object, descriptor_tag, &table, signed)?;
        first_mapped = first;
        let expanded = if let Some(bytes) = element_bytes(object, data_tag, big_endian) {
            plain(path, &table, &bytes, entries, bits)?
        } else if let Some(bytes) = element_bytes(object, segmented_tag, big_endian) {
            segmented(path, &table, &bytes, entries, bits)?
        } else {
            return Err(ImageError::DicomAttribute {
                path: path.to_path_buf(),
                attribute: "Palette Color Lookup Table Data (0028,1201–1203 or 0028,1221–1223)",
            });
        };
        tables.push(expanded);
    }
    let [red, green, blue]: [Vec<u8>; 3] =
        tables.try_into().map_err(|_| ImageError::DicomAttribute {
            path: path.to_path_buf(),
            attribute: "Palette Color Lookup Table Data (0028,1201–1203)",
        })?;
    Ok(Palette {
        first_mapped,
        red,
        green,
        blue,
    })
}

/// Entries (0 means 65 536), first mapped value and bits per entry of a LUT descriptor.
pub(super) fn descriptor(
    path: &Path,
    object: &InMemDicomObject,
    tag: Tag,
    table: &str,
    signed: bool,
) -> Result<(usize, i64, u16), ImageError> {
    let values: Vec<i64> = object
        .element_opt(tag)
        .ok()
        .flatten()
        .and_then(|element| element.to_multi_int::<i64>().ok())
        .unwrap_or_default();
    let [entries, first, bits] = values[..] else {
        return Err(ImageError::LutOutOfRange {
            path: path.to_path_buf(),
            table: table.to_owned(),
            reason: format!("its descriptor has {} values instead of 3", values.len()),
        });
    };
    let entries = match entries {
        0 => 65_536,
        1..=65_535 => entries as usize,
        _ => 65_536,
    };
    // The first mapped value is US or SS as the pixels are; read as US it may need its sign.
    let first = if signed && first > 32_767 {
        first - 65_536
    } else {
        first
    };
    let bits = u16::try_from(bits)
        .ok()
        .filter(|bits| (8..=16).contains(bits))
        .ok_or_else(|| ImageError::LutOutOfRange {
            path: path.to_path_buf(),
            table: table.to_owned(),
            reason: format!("{bits} bits per entry; the standard allows 8 to 16"),
        })?;
    Ok((entries, first, bits))
}

/// The bytes of an element as stored in the file order, little endian.
fn element_bytes(object: &InMemDicomObject, tag: Tag, big_endian: bool) -> Option<Vec<u8>> {
    let element = object.element_opt(tag).ok().flatten()?;
    lut_words(element.value(), big_endian)
}

/// A plain table: 8-bit entries one per byte, or 16-bit entries (also for 8 bits per entry
/// in 16-bit words, as some writers do) reduced to their top byte when 16 bits are stated.
fn plain(
    path: &Path,
    table: &str,
    bytes: &[u8],
    entries: usize,
    bits: u16,
) -> Result<Vec<u8>, ImageError> {
    if bits == 8 && bytes.len() < entries * 2 && bytes.len() >= entries {
        return Ok(bytes[..entries].to_vec());
    }
    let words = bytes.len() / 2;
    if words < entries {
        return Err(ImageError::ShortLut {
            path: path.to_path_buf(),
            table: table.to_owned(),
            stated: entries as u64,
            actual: (if bits == 8 { bytes.len() } else { words }) as u64,
        });
    }
    let shift = bits.saturating_sub(8);
    Ok(bytes
        .chunks_exact(2)
        .take(entries)
        .map(|pair| (u16::from_le_bytes([pair[0], pair[1]]) >> shift).min(255) as u8)
        .collect())
}

/// A segmented table (PS3.3 C.7.9.2), expanded to at most `entries` entries.
fn segmented(
    path: &Path,
    table: &str,
    bytes: &[u8],
    entries: usize,
    bits: u16,
) -> Result<Vec<u8>, ImageError> {
    let words: Vec<u16> = if bits == 8 {
        bytes.iter().map(|byte| u16::from(*byte)).collect()
    } else {
        bytes
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect()
    };
    let out_of_range = |problem: SegmentProblem| ImageError::LutOutOfRange {
        path: path.to_path_buf(),
        table: format!("Segmented {table}"),
        reason: problem.to_string(),
    };
    let mut expanded: Vec<u16> = Vec::with_capacity(entries.min(65_536));
    expand_segments(&words, entries, &mut expanded, 0).map_err(out_of_range)?;
    if expanded.len() < entries {
        return Err(ImageError::ShortLut {
            path: path.to_path_buf(),
            table: format!("Segmented {table}"),
            stated: entries as u64,
            actual: expanded.len() as u64,
        });
    }
    let shift = bits.saturating_sub(8);
    Ok(expanded
        .iter()
        .map(|value| (value >> shift).min(255) as u8)
        .collect())
}

/// What is wrong with a segmented table (PS3.3 C.7.9.2).
#[derive(Debug, PartialEq, thiserror::Error)]
enum SegmentProblem {
    #[error("a segment without its length")]
    NoLength,
    #[error("a discrete segment longer than the data")]
    DiscreteTooLong,
    #[error("a linear segment without its end")]
    LinearWithoutEnd,
    #[error("a linear segment with nothing before it")]
    LinearFirst,
    #[error("an indirect segment pointing at another")]
    IndirectToIndirect,
    #[error("an indirect segment without its offset")]
    IndirectWithoutOffset,
    #[error("an indirect segment past the data")]
    IndirectPastData,
    #[error("segment type {0}; the standard has 0, 1 and 2")]
    UnknownType(u16),
}

fn expand_segments(
    words: &[u16],
    entries: usize,
    out: &mut Vec<u16>,
    depth: u8,
) -> Result<(), SegmentProblem> {
    let mut at = 0;
    while at < words.len() && out.len() < entries {
        let opcode = words[at];
        let length = usize::from(*words.get(at + 1).ok_or(SegmentProblem::NoLength)?);
        match opcode {
            0 => {
                let values = words
                    .get(at + 2..at + 2 + length)
                    .ok_or(SegmentProblem::DiscreteTooLong)?;
                out.extend_from_slice(values);
                at += 2 + length;
            }
            1 => {
                let end = *words.get(at + 2).ok_or(SegmentProblem::LinearWithoutEnd)?;
                let start = *out.last().ok_or(SegmentProblem::LinearFirst)?;
                out.extend(linear_segment(start, end, length.min(entries)));
                at += 3;
            }
            2 => {
                if depth > 0 {
                    return Err(SegmentProblem::IndirectToIndirect);
                }
                let low = *words
                    .get(at + 2)
                    .ok_or(SegmentProblem::IndirectWithoutOffset)?;
                let high = *words
                    .get(at + 3)
                    .ok_or(SegmentProblem::IndirectWithoutOffset)?;
                let offset = (usize::from(high) << 16) | usize::from(low);
                // Copy `length` segments starting `offset` words into the data.
                let mut start = offset;
                for _ in 0..length {
                    let segment =
                        segment_len(words, start).ok_or(SegmentProblem::IndirectPastData)?;
                    let slice = words
                        .get(start..start + segment)
                        .ok_or(SegmentProblem::IndirectPastData)?;
                    expand_segments(slice, entries, out, depth + 1)?;
                    start += segment;
                }
                at += 4;
            }
            other => return Err(SegmentProblem::UnknownType(other)),
        }
    }
    out.truncate(entries);
    Ok(())
}

/// The ramp after `start` to `end` in `length` steps, rounded as pydicom rounds it
/// (`numpy.around(numpy.linspace(start + step, end, length))`, ties to even), so both read the
/// same table.
fn linear_segment(start: u16, end: u16, length: usize) -> Vec<u16> {
    if start == end || length == 0 {
        return vec![end; length];
    }
    let (start, end) = (f64::from(start), f64::from(end));
    let first = start + (end - start) / length as f64;
    if length == 1 {
        return vec![first.round_ties_even() as u16];
    }
    let step = (end - first) / (length - 1) as f64;
    (0..length)
        .map(|index| {
            let value = if index == length - 1 {
                end
            } else {
                index as f64 * step + first
            };
            value.round_ties_even().clamp(0.0, 65_535.0) as u16
        })
        .collect()
}

/// Words taken by the segment at `at`.
fn segment_len(words: &[u16], at: usize) -> Option<usize> {
    let length = usize::from(*words.get(at + 1)?);
    match words.get(at)? {
        0 => Some(2 + length),
        1 => Some(3),
        2 => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_expand_discrete_linear_and_indirect() {
        // discrete [0, 10], linear to 30 over 2, indirect: 1 segment at offset 0.
        let words = [0, 2, 0, 10, 1, 2, 30, 2, 1, 0, 0];
        let mut out = Vec::new();
        expand_segments(&words, 100, &mut out, 0).unwrap();
        assert_eq!(out, vec![0, 10, 20, 30, 0, 10]);
    }

    #[test]
    fn a_short_plain_table_is_a_named_error() {
        let error = plain(
            Path::new("p.dcm"),
            "Red Palette Color Lookup Table",
            &[0; 100],
            256,
            16,
        )
        .unwrap_err();
        assert!(matches!(
            error,
            ImageError::ShortLut {
                stated: 256,
                actual: 50,
                ..
            }
        ));
        assert!(
            error
                .to_string()
                .contains("Red Palette Color Lookup Table holds 50 entries")
        );
    }

    #[test]
    fn expansion_stops_at_the_stated_entries() {
        // A linear segment claiming 65 535 steps, in a table of 4 entries.
        let mut out = Vec::new();
        expand_segments(&[0, 1, 5, 1, 65_535, 9], 4, &mut out, 0).unwrap();
        assert_eq!(out.len(), 4);
    }
}
