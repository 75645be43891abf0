//! A pass over a DICOM file's element headers before the parser reads it. dicom-parser
//! reserves and zeroes an element's declared length before reading the value, so a 300-byte
//! file declaring a 4 GB element would make the viewer allocate 4 GB. Here every declared
//! length is compared with what is left of the file first, without reading any value.
//!
//! The walk (`walk.rs`) reads headers as dicom-object and dicom-parser 0.10 do: the meta
//! group explicit little endian up to its group length, the data set as its transfer syntax
//! says (implicit or explicit VR, little or big endian), following the parser's state from
//! element to sequence to item to pixel fragment. A number list whose length is not a
//! multiple of the number's size leaves its remainder unread, which puts the parser out of
//! step, so such an element is refused by name when anything follows it. A deflated data set
//! is inflated first, into memory and no further than a bound set by the file's size (a few
//! kilobytes of deflate stream can inflate to gigabytes, which the parser would hold whole),
//! then walked the same way. After upgrading dicom-*, run the `image_dicom` and `series_scan`
//! fuzz targets (docs/fuzzing.md), which report any allocation a file can still steer.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use flate2::bufread::DeflateDecoder;

use super::ImageError;

#[cfg(test)]
mod parity;
mod walk;

use walk::{Walk, value_size};

/// Declared lengths past the end of the file are refused from this size on; below it, the
/// parser's own "truncated" error is cheap and says the same.
const TOLERATED_OVERRUN: u64 = 1 << 20;
const IMPLICIT_VR_LITTLE_ENDIAN: &[u8] = b"1.2.840.10008.1.2";
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
