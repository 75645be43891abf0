//! A DICOMweb (WADO-RS) response body as the archive sends it: the first line of the input is
//! the Content-Type header, the rest the multipart body, read part by part with a small part
//! limit so that limit is reached too. No part may be longer than the limit, and the reader
//! must end (a body that never closes ends with an error, not a loop).
#![no_main]

use caselens::io::pacs::multipart::{MultipartReader, boundary_of};
use libfuzzer_sys::fuzz_target;

const MAX_PART_BYTES: u64 = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|byte| *byte == b'\n').unwrap_or(data.len());
    let (header, body) = data.split_at(split);
    let Some(boundary) = boundary_of(&String::from_utf8_lossy(header)) else {
        return;
    };
    let mut reader = MultipartReader::new(body, &boundary, MAX_PART_BYTES);
    // Each part takes at least the delimiter's bytes, so more parts than bytes is a loop.
    for _ in 0..=body.len() {
        match reader.next_part() {
            Ok(Some(part)) => assert!(part.body.len() as u64 <= MAX_PART_BYTES),
            Ok(None) | Err(_) => return,
        }
    }
    panic!("more parts than bytes in the body");
});
