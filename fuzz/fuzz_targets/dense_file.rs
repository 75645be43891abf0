//! The dense-series reader (Arrow IPC files a case refers to, read by `load_case`). An input
//! is either raw file bytes (first byte even) or, so that mutations start from a well-formed
//! file without a seed corpus, a valid file written by CaseLens and then overwritten at the
//! offsets the input gives (first byte odd).
#![no_main]

use caselens::io::dense_file::{read_dense_channel, write_dense_file};
use libfuzzer_sys::fuzz_target;

#[path = "scratch.rs"]
mod scratch;

fuzz_target!(|data: &[u8]| {
    scratch::tolerate_handled_panics();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let path = if mode % 2 == 0 {
        scratch::write("dense.arrow", rest)
    } else {
        let Some((&rows, edits)) = rest.split_first() else {
            return;
        };
        let path = scratch::write("dense.arrow", &[]);
        let times: Vec<i64> = (0..i64::from(rows)).map(|row| row * 1000).collect();
        let values: Vec<f64> = (0..rows).map(f64::from).collect();
        write_dense_file(&path, &times, &[("spo2", &values)]).expect("a valid file is written");
        let mut bytes = std::fs::read(&path).expect("the file is read back");
        for edit in edits.chunks_exact(3) {
            let offset = usize::from(u16::from_le_bytes([edit[0], edit[1]])) % bytes.len();
            bytes[offset] = edit[2];
        }
        scratch::write("dense.arrow", &bytes)
    };
    let _ = read_dense_channel(&path, "spo2");
});
