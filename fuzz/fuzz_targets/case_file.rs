//! The case-file loader on arbitrary text: it must refuse with an error, never panic, and a
//! case it accepts must survive save → load unchanged with a stable canonical text.
#![no_main]

use caselens::io::{parse_case, to_canonical_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = parse_case(text, "fuzz.ron") else {
        return;
    };
    let saved = to_canonical_text(&loaded.case).expect("a loaded case can be written");
    let reloaded = parse_case(&saved, "saved.ron").expect("the saved text loads");
    assert!(
        reloaded.case == loaded.case,
        "the case changed in save → load:\n{saved}"
    );
    let saved_again = to_canonical_text(&reloaded.case).expect("serializable");
    assert_eq!(saved, saved_again, "canonical text is not stable");
});
