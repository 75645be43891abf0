//! Helpers for tests that run the `caselens` binary or check bytes of written files.
#![allow(dead_code)] // each test crate uses a different part

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the real `caselens` binary from the repository root.
pub fn caselens(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caselens"))
        .args(arguments)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the caselens binary runs")
}

/// A program's output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A small fixture kept in the repository, under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// CRC-32 (IEEE), as PNG chunks and ZIP entries use it, for building test files by hand.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// Whether expected output files are to be rewritten from what the code produces now:
/// `CASELENS_BLESS=1 cargo test`, then review the diff.
pub fn blessing() -> bool {
    std::env::var_os("CASELENS_BLESS").is_some()
}

/// A DICOM element, explicit VR little endian, with a 2-byte length (most VRs).
pub fn short_element(group: u16, element: u16, vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend(group.to_le_bytes());
    bytes.extend(element.to_le_bytes());
    bytes.extend(vr);
    bytes.extend((value.len() as u16).to_le_bytes());
    bytes.extend(value);
    bytes
}

/// A DICOM element, explicit VR little endian, with a 4-byte length (OB, OW, SQ, UT…).
pub fn long_element(group: u16, element: u16, vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend(group.to_le_bytes());
    bytes.extend(element.to_le_bytes());
    bytes.extend(vr);
    bytes.extend([0, 0]);
    bytes.extend((value.len() as u32).to_le_bytes());
    bytes.extend(value);
    bytes
}

/// The start of a DICOM file: the 128-byte preamble, `DICM` and the file meta group for
/// `sop_class`, explicit VR little endian; the data set follows. Its group length is at bytes
/// 140..144.
pub fn dicom_file_header(sop_class: &str) -> Vec<u8> {
    let uid = |text: &str| {
        let mut bytes = text.as_bytes().to_vec();
        if bytes.len() % 2 == 1 {
            bytes.push(0);
        }
        bytes
    };
    let mut meta = long_element(0x0002, 0x0001, b"OB", &[0, 1]);
    meta.extend(short_element(0x0002, 0x0002, b"UI", &uid(sop_class)));
    meta.extend(short_element(0x0002, 0x0003, b"UI", &uid("1.2.3.4")));
    meta.extend(short_element(
        0x0002,
        0x0010,
        b"UI",
        &uid("1.2.840.10008.1.2.1"),
    ));
    meta.extend(short_element(0x0002, 0x0012, b"UI", &uid("1.2.3")));
    let mut bytes = vec![0; 128];
    bytes.extend(b"DICM");
    bytes.extend(short_element(
        0x0002,
        0x0000,
        b"UL",
        &(meta.len() as u32).to_le_bytes(),
    ));
    bytes.extend(meta);
    bytes
}
