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
