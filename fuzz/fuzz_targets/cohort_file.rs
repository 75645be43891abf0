//! Cohort files (Arrow IPC with JSON in the schema metadata) on arbitrary bytes: read, then
//! the day-by-day bands the cohort view and figures draw from them. A file the reader
//! accepts must not make the bands panic.
#![no_main]

use std::path::Path;

use caselens::analysis::cohort::bands::all_bands;
use caselens::io::cohort_file::parse_cohort;
use libfuzzer_sys::fuzz_target;

#[path = "scratch.rs"]
mod scratch;

fuzz_target!(|data: &[u8]| {
    scratch::tolerate_handled_panics();
    let Ok(cohort) = parse_cohort(data, Path::new("fuzz.arrow")) else {
        return;
    };
    let _ = all_bands(&cohort, 1);
});
