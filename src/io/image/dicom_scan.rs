//! A pass over a DICOM file's element headers before the parser reads it. dicom-parser
//! reserves and zeroes an element's declared length before reading the value, so a 300-byte
//! file declaring a 4 GB element would make the viewer allocate 4 GB. Here every declared
//! length is compared with what is left of the file first, without reading any value.
//!
//! The walk reads headers as dicom-parser does (explicit and implicit VR little endian; the
//! file meta group is always explicit little endian and ends where its group length says; an
//! unknown VR has a 4-byte length, like UN; an undefined length opens a sequence; a number
//! list whose length is not a multiple of the number's size leaves its remainder unread,
//! which puts the parser out of step, so such an element is refused by name when anything
//! follows it). A deflated data set is inflated
//! first, into memory and no further than a bound set by the file's size (a few kilobytes of
//! deflate stream can inflate to gigabytes, which the parser would hold whole), then walked
//! the same way, as is an explicit VR big-endian one. It mirrors dicom-parser
//! 0.10: after upgrading dicom-*, run the `image_dicom` fuzz target (docs/fuzzing.md), which
//! reports any allocation a file can still steer.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use flate2::bufread::DeflateDecoder;

use super::ImageError;

/// Declared lengths past the end of the file are refused from this size on; below it, the
/// parser's own "truncated" error is cheap and says the same.
const TOLERATED_OVERRUN: u64 = 1 << 20;
const UNDEFINED_LENGTH: u32 = u32::MAX;
const IMPLICIT_VR_LITTLE_ENDIAN: &[u8] = b"1.2.840.10008.1.2";
const ITEM: (u16, u16) = (0xFFFE, 0xE000);
const SEQUENCE_DELIMITER: (u16, u16) = (0xFFFE, 0xE0DD);
const PIXEL_DATA: (u16, u16) = (0x7FE0, 0x0010);
const DEFLATED: &[u8] = b"1.2.840.10008.1.2.1.99";
const BIG_ENDIAN: &[u8] = b"1.2.840.10008.1.2.2";

/// A deflated data set may inflate to this much whatever the file's size: a mostly black
/// image deflates a hundredfold and more.
const INFLATED_FLOOR: u64 = 64 << 20;
/// Above the floor, a data set may inflate to this many times the file's size …
const INFLATION_RATIO: u64 = 100;
/// … and never past this (the decoded-pixel limit).
const INFLATED_CEILING: u64 = 1 << 30;

/// How far a deflated data set in a file of `file_size` bytes may inflate.
fn inflated_limit(file_size: u64) -> u64 {
    file_size
        .saturating_mul(INFLATION_RATIO)
        .clamp(INFLATED_FLOOR, INFLATED_CEILING)
}

/// Refuses a file with an element whose declared length runs far past the end of the file.
pub(super) fn check_declared_lengths(path: &Path) -> Result<(), ImageError> {
    match scan(path) {
        Ok(()) | Err(Stop::CannotFollow | Stop::Deflated { .. }) => Ok(()),
        Err(Stop::DeflateBroken { reason }) => Err(ImageError::DicomRead {
            path: path.to_path_buf(),
            reason: format!("its deflated data set cannot be inflated ({reason})"),
        }),
        Err(Stop::InflatesTooFar { limit }) => Err(ImageError::DicomRead {
            path: path.to_path_buf(),
            reason: format!(
                "its deflated data set inflates to more than {} MB, more than a file of its size can hold (a deflate bomb?); it is not read",
                limit >> 20
            ),
        }),
        Err(Stop::Overrun {
            tag,
            declared,
            remaining,
        }) => Err(ImageError::DicomRead {
            path: path.to_path_buf(),
            reason: format!(
                "element ({:04X},{:04X}) declares {declared} bytes, but only {remaining} remain in the file",
                tag.0, tag.1
            ),
        }),
        Err(Stop::Misaligned { tag, vr, declared }) => Err(ImageError::DicomRead {
            path: path.to_path_buf(),
            reason: format!(
                "element ({:04X},{:04X}) of VR {} declares {declared} byte(s), not a whole number of its {}-byte values, so everything after it is out of step",
                tag.0,
                tag.1,
                String::from_utf8_lossy(&vr),
                value_size(vr)
            ),
        }),
    }
}

fn scan(path: &Path) -> Result<(), Stop> {
    // The parser reports why a file cannot be opened.
    let file = File::open(path).map_err(|_| Stop::CannotFollow)?;
    let size = file.metadata().map_err(|_| Stop::CannotFollow)?.len();
    let outcome = Walk::new(BufReader::new(file), size).run(true);
    let Err(Stop::Deflated { data_set_start }) = outcome else {
        return outcome;
    };
    let data_set = inflate(path, data_set_start, inflated_limit(size))?;
    let inflated = data_set.len() as u64;
    Walk::new(Cursor::new(data_set), inflated).run(false)
}

/// The deflated data set from `start` on, inflated up to `limit` bytes; refused beyond.
fn inflate(path: &Path, start: u64, limit: u64) -> Result<Vec<u8>, Stop> {
    let mut file = File::open(path).map_err(|_| Stop::CannotFollow)?;
    file.seek(SeekFrom::Start(start))
        .map_err(|_| Stop::CannotFollow)?;
    let mut data_set = Vec::new();
    // A broken stream is refused here: what it inflated to before the break can end inside
    // an element whose declared length the parser would then reserve.
    DeflateDecoder::new(BufReader::new(file))
        .take(limit.saturating_add(1))
        .read_to_end(&mut data_set)
        .map_err(|error| Stop::DeflateBroken {
            reason: error.to_string(),
        })?;
    if data_set.len() as u64 > limit {
        return Err(Stop::InflatesTooFar { limit });
    }
    Ok(data_set)
}

/// A data element's tag (group, element), value representation and value length.
type ElementHeader = ((u16, u16), [u8; 2], u32);

#[derive(Debug, PartialEq)]
enum Stop {
    /// The walk cannot go on with certainty; the parser decides.
    CannotFollow,
    /// The data set from this offset on is deflated: inflate it, then walk it.
    Deflated {
        data_set_start: u64,
    },
    InflatesTooFar {
        limit: u64,
    },
    DeflateBroken {
        reason: String,
    },
    Overrun {
        tag: (u16, u16),
        declared: u32,
        remaining: u64,
    },
    /// A number list whose length is not a whole number of its numbers.
    Misaligned {
        tag: (u16, u16),
        vr: [u8; 2],
        declared: u32,
    },
}

struct Walk<R> {
    reader: R,
    position: u64,
    size: u64,
    /// Explicit VR (the meta group always is; the data set as its transfer syntax says).
    explicit: bool,
    /// The data set is explicit VR big endian (the meta group never is).
    big_endian: bool,
    /// Inside encapsulated pixel data, whose items are compressed fragments, not data sets.
    fragments: bool,
}

impl<R: Read + Seek> Walk<R> {
    fn new(reader: R, size: u64) -> Self {
        Self {
            reader,
            position: 0,
            size,
            explicit: true,
            big_endian: false,
            fragments: false,
        }
    }

    /// Walks a file (preamble and meta group first) or an inflated data set alone.
    fn run(&mut self, file: bool) -> Result<(), Stop> {
        if file {
            self.meta_group()?;
        }
        while self.position.saturating_add(8) <= self.size {
            let (tag, vr, length) = self.header()?;
            self.value(tag, vr, length)?;
        }
        Ok(())
    }

    /// The preamble, `DICM` and the file meta group, read as dicom-object reads them: the
    /// group ends where its group length (0002,0000) says, not where the group-2 tags end.
    /// Elements past that length belong to the data set and are read in its encoding, which
    /// in a big-endian file turns their lengths into other numbers; the walk must agree.
    /// Leaves the walk at the data set, set to the transfer syntax's encoding.
    fn meta_group(&mut self) -> Result<(), Stop> {
        let mut start = vec![0u8; usize::try_from(self.size.min(132)).unwrap_or(132)];
        self.read(&mut start)?;
        let magic_end = if start.get(128..132) == Some(b"DICM") {
            132
        } else if start.get(..4) == Some(b"DICM") {
            4
        } else {
            // Not a DICOM file: the parser says so.
            return Err(Stop::CannotFollow);
        };
        self.seek_to(magic_end)?;
        let (tag, _, length) = self.header()?;
        if tag != (0x0002, 0x0000) || length != 4 {
            // The parser refuses a meta group that does not open with its length.
            return Err(Stop::CannotFollow);
        }
        let mut group_length = [0u8; 4];
        self.read(&mut group_length)?;
        let group_length = u64::from(u32::from_le_bytes(group_length));
        let meta_start = self.position;
        let mut transfer_syntax = Vec::new();
        while self.position - meta_start < group_length {
            let (tag, _, length) = self.header()?;
            if length == UNDEFINED_LENGTH {
                return Err(Stop::CannotFollow);
            }
            self.fits(tag, length)?;
            if tag == (0x0002, 0x0010) {
                let read_bytes = usize::try_from(length).unwrap_or(usize::MAX).min(64);
                transfer_syntax = vec![0u8; read_bytes];
                self.read(&mut transfer_syntax)?;
                self.skip(u64::from(length).saturating_sub(read_bytes as u64))?;
            } else {
                self.skip(u64::from(length))?;
            }
        }
        let uid = trim_uid(&transfer_syntax);
        if uid == DEFLATED {
            return Err(Stop::Deflated {
                data_set_start: self.position,
            });
        }
        self.big_endian = uid == BIG_ENDIAN;
        self.explicit = uid != IMPLICIT_VR_LITTLE_ENDIAN;
        Ok(())
    }

    /// Skips or enters one element's value.
    fn value(&mut self, tag: (u16, u16), vr: [u8; 2], length: u32) -> Result<(), Stop> {
        if tag == SEQUENCE_DELIMITER {
            self.fragments = false;
            return Ok(());
        }
        if length == UNDEFINED_LENGTH {
            // A sequence, item or encapsulated pixel data: its contents follow as elements.
            if tag == PIXEL_DATA {
                self.fragments = true;
            }
            return Ok(());
        }
        self.fits(tag, length)?;
        let enters = if tag == ITEM {
            !self.fragments
        } else {
            &vr == b"SQ" || (!self.explicit && self.starts_with_item()?)
        };
        if !enters {
            let consumed = consumed(vr, length);
            // The parser would read the next header from inside this value and wander through
            // the rest of the file out of step (the first element it then trips on is noise):
            // name the element that caused it instead, unless nothing follows it.
            if consumed != u64::from(length)
                && tag != PIXEL_DATA
                && self.position.saturating_add(u64::from(length)) < self.size
            {
                return Err(Stop::Misaligned {
                    tag,
                    vr,
                    declared: length,
                });
            }
            self.skip(consumed)?;
        }
        Ok(())
    }

    /// Refuses a defined length that runs far past the end of the file.
    fn fits(&self, tag: (u16, u16), length: u32) -> Result<(), Stop> {
        let remaining = self.size.saturating_sub(self.position);
        if length != UNDEFINED_LENGTH
            && u64::from(length) > remaining.saturating_add(TOLERATED_OVERRUN)
        {
            return Err(Stop::Overrun {
                tag,
                declared: length,
                remaining,
            });
        }
        Ok(())
    }

    /// Reads an element header: tag, VR (explicit data sets) and length.
    fn header(&mut self) -> Result<ElementHeader, Stop> {
        let mut head = [0u8; 8];
        self.read(&mut head)?;
        let big_endian = self.big_endian;
        let u16_at = |at: usize| {
            let bytes = [head[at], head[at + 1]];
            if big_endian {
                u16::from_be_bytes(bytes)
            } else {
                u16::from_le_bytes(bytes)
            }
        };
        let u32_of = |bytes: [u8; 4]| {
            if big_endian {
                u32::from_be_bytes(bytes)
            } else {
                u32::from_le_bytes(bytes)
            }
        };
        let tag = (u16_at(0), u16_at(2));
        let four_byte_length = u32_of([head[4], head[5], head[6], head[7]]);
        if tag.0 == 0xFFFE || !self.explicit && tag.0 != 0x0002 {
            return Ok((tag, [0, 0], four_byte_length));
        }
        let vr = [head[4], head[5]];
        // As dicom-encoding reads it: these VRs have a 2-byte length; every other VR, an
        // unknown one included (read as UN), has 2 reserved bytes and a 4-byte length.
        const SHORT: [&[u8; 2]; 21] = [
            b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FL", b"FD", b"IS", b"LO", b"LT",
            b"PN", b"SH", b"SL", b"SS", b"ST", b"TM", b"UI", b"UL", b"US",
        ];
        if SHORT.contains(&&vr) {
            Ok((tag, vr, u32::from(u16_at(6))))
        } else {
            let mut length = [0u8; 4];
            self.read(&mut length)?;
            Ok((tag, vr, u32_of(length)))
        }
    }

    /// Whether the value ahead begins with an item tag: how an implicit-VR sequence looks.
    fn starts_with_item(&mut self) -> Result<bool, Stop> {
        let mut next = [0u8; 4];
        if self.position.saturating_add(4) > self.size {
            return Ok(false);
        }
        self.read(&mut next)?;
        self.seek_to(self.position - 4)?;
        Ok(next == [0xFE, 0xFF, 0x00, 0xE0])
    }

    fn read(&mut self, buffer: &mut [u8]) -> Result<(), Stop> {
        self.reader
            .read_exact(buffer)
            .map_err(|_| Stop::CannotFollow)?;
        self.position += buffer.len() as u64;
        Ok(())
    }

    fn skip(&mut self, bytes: u64) -> Result<(), Stop> {
        self.seek_to(self.position.saturating_add(bytes))
    }

    fn seek_to(&mut self, position: u64) -> Result<(), Stop> {
        self.reader
            .seek(SeekFrom::Start(position))
            .map_err(|_| Stop::CannotFollow)?;
        self.position = position;
        Ok(())
    }
}

/// The bytes dicom-parser consumes for a value: numbers are read whole, so a length that is
/// not a multiple of the number's size leaves the remainder unread (and the parser reads the
/// next header from there). The walk must land where the parser does.
fn consumed(vr: [u8; 2], length: u32) -> u64 {
    let size = value_size(vr);
    u64::from(length - length % size)
}

/// The size of one value of a number VR (1 for text and bytes).
fn value_size(vr: [u8; 2]) -> u32 {
    match &vr {
        b"US" | b"OW" | b"SS" => 2,
        b"AT" | b"FL" | b"OF" | b"SL" | b"OL" | b"UL" => 4,
        b"FD" | b"OD" | b"SV" | b"OV" | b"UV" => 8,
        _ => 1,
    }
}

fn trim_uid(uid: &[u8]) -> &[u8] {
    let end = uid
        .iter()
        .rposition(|byte| *byte != 0 && *byte != b' ')
        .map_or(0, |last| last + 1);
    uid.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_follows_real_files_to_their_end() {
        // The real DICOM files kept in the repository (tests/fixtures/README.md).
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dicom");
        let entries = std::fs::read_dir(&folder).expect("the repository's DICOM fixtures");
        let mut walked = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_file() {
                continue;
            }
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned());
            if path.extension().is_none_or(|extension| extension != "dcm") {
                continue;
            }
            // MR_truncated.dcm too: its pixel data runs past the end, within the tolerance.
            assert_eq!(scan(&path), Ok(()), "{name:?}");
            walked += 1;
        }
        assert!(walked >= 5, "only {walked} fixtures");
    }

    /// The preamble, `DICM` and a meta group holding its length and the transfer syntax `uid`.
    fn file_start(uid: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0u8; 128];
        bytes.extend(b"DICM");
        let length = u8::try_from(uid.len()).unwrap();
        bytes.extend([0x02, 0x00, 0x00, 0x00, b'U', b'L', 4, 0]);
        bytes.extend((8 + u32::from(length)).to_le_bytes());
        bytes.extend([0x02, 0x00, 0x10, 0x00, b'U', b'I', length, 0]);
        bytes.extend(uid);
        bytes
    }

    #[test]
    fn the_meta_group_ends_where_its_length_says_and_what_follows_is_read_as_the_data_set() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("short_meta_group.dcm");
        // A group-2 element past the group length, written little endian as meta elements
        // are: dicom-object reads it as the first element of the big-endian data set, where
        // its 4-byte length 4 reads as 64 MB.
        let mut bytes = file_start(b"1.2.840.10008.1.2.2\0");
        bytes.extend([0x02, 0x00, 0x02, 0x01, b'O', b'B', 0, 0]);
        bytes.extend(4u32.to_le_bytes());
        bytes.extend(b"abcd");
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(
            scan(&path),
            Err(Stop::Overrun {
                tag: (0x0200, 0x0201),
                declared: 0x0400_0000,
                remaining: 4
            })
        );
        // With the element inside the group length, it is a meta element of 4 bytes.
        let group_length_at = 132 + 8;
        bytes[group_length_at..group_length_at + 4].copy_from_slice(&(28u32 + 16).to_le_bytes());
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(scan(&path), Ok(()));
        // Without `DICM` it is not a DICOM file, which the parser says.
        std::fs::write(&path, &bytes[132..]).unwrap();
        assert_eq!(scan(&path), Err(Stop::CannotFollow));
    }

    #[test]
    fn a_length_far_past_the_end_is_refused_with_what_remains() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("overrun.dcm");
        let mut bytes = file_start(b"1.2.840.10008.1.2.1\0");
        bytes.extend([0x08, 0x00, 0x70, 0x00, b'U', b'T', 0, 0]);
        bytes.extend(0x1000_0000u32.to_le_bytes());
        bytes.extend(b"abcd");
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(
            scan(&path),
            Err(Stop::Overrun {
                tag: (0x0008, 0x0070),
                declared: 0x1000_0000,
                remaining: 4
            })
        );
    }

    /// A file whose meta group announces a deflated data set, and that data set deflated.
    fn deflated_file(data_set: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut bytes = file_start(DEFLATED);
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(data_set).unwrap();
        bytes.extend(encoder.finish().unwrap());
        bytes
    }

    #[test]
    fn a_big_endian_data_set_is_walked_in_its_byte_order() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("big_endian.dcm");
        let mut bytes = file_start(b"1.2.840.10008.1.2.2\0");
        // (0008,0070) UT, 256 MB declared, big endian.
        bytes.extend([0x00, 0x08, 0x00, 0x70, b'U', b'T', 0, 0]);
        bytes.extend(0x1000_0000u32.to_be_bytes());
        bytes.extend(b"abcd");
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(
            scan(&path),
            Err(Stop::Overrun {
                tag: (0x0008, 0x0070),
                declared: 0x1000_0000,
                remaining: 4
            })
        );
        // The same length read in the wrong byte order would be 16 bytes and pass.
        let length_at = bytes.len() - 8;
        bytes[length_at..length_at + 4].copy_from_slice(&4u32.to_be_bytes());
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(scan(&path), Ok(()));
    }

    #[test]
    fn a_deflated_data_set_is_walked_once_inflated_and_refused_past_its_bound() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("deflated.dcm");

        // An element declaring 256 MB inside the inflated data set: refused as in a plain one.
        let mut data_set = vec![0x08, 0x00, 0x70, 0x00, b'U', b'T', 0, 0];
        data_set.extend(0x1000_0000u32.to_le_bytes());
        data_set.extend(b"abcd");
        std::fs::write(&path, deflated_file(&data_set)).unwrap();
        assert_eq!(
            scan(&path),
            Err(Stop::Overrun {
                tag: (0x0008, 0x0070),
                declared: 0x1000_0000,
                remaining: 4
            })
        );

        // 70 MB of one byte deflates to some 70 kB: past what a file that small may hold.
        let mut bomb = vec![0x09, 0x00, 0x10, 0x00, b'U', b'N', 0, 0];
        bomb.extend(70_000_000u32.to_le_bytes());
        bomb.resize(70_000_012, 0xBC);
        let bytes = deflated_file(&bomb);
        assert!(bytes.len() < 200_000, "{}", bytes.len());
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(
            scan(&path),
            Err(Stop::InflatesTooFar {
                limit: INFLATED_FLOOR
            })
        );
        let refusal = check_declared_lengths(&path).unwrap_err().to_string();
        assert!(refusal.contains("inflates to more than 64 MB"), "{refusal}");
    }
}
