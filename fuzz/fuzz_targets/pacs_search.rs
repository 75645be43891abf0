//! A DICOMweb search (QIDO-RS) answer as the archive sends it: the JSON list is read, then
//! read as studies and as series, as `caselens pacs search` and the app's archive window do.
//! A study the reader accepts has a valid UID (its series are asked for by it); every series
//! kept has one too (it is retrieved by it), and series come in series-number order. The
//! first line is also read as the date range a reviewer types.
#![no_main]

use caselens::io::pacs::{DateRange, is_valid_uid, read_search_result, read_series, read_studies};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let first_line = data.split(|byte| *byte == b'\n').next().unwrap_or_default();
    if let Ok(range) = DateRange::parse(&String::from_utf8_lossy(first_line))
        && let (Some(from), Some(to)) = (range.from, range.to)
    {
        assert!(
            from <= to,
            "a range that ends before it starts was accepted"
        );
    }
    let Ok(items) = read_search_result(data) else {
        return;
    };
    if let Ok(studies) = read_studies(&items) {
        assert_eq!(studies.len(), items.len());
        assert!(studies.iter().all(|study| is_valid_uid(&study.study_uid)));
    }
    let series = read_series(&items);
    assert!(series.iter().all(|series| is_valid_uid(&series.series_uid)));
    assert!(
        series
            .windows(2)
            .all(|pair| pair[0].number <= pair[1].number)
    );
});
