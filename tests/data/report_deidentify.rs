//! De-identified exports: no calendar date and no identifying field anywhere in the output,
//! in every format, figures included; image headers stripped; and the report says it is
//! de-identified.

use crate::files::crc32;
use std::path::Path;

use caselens::io::bundled::PENG_2020;
use caselens::io::import::{ExportFormat, ImportOptions, LoadedExport};
use caselens::model::{Case, ImageRef, NoteKind, NoteTarget, ReviewerNote};
use caselens::report::{ReportFormat, ReportOptions, export_case};

const SECRET_NAME: &str = "Smithson";

/// The reference case plus every identifying field the model has, filled in.
fn case_with_identifiers(folder: &Path) -> Case {
    let mut case = PENG_2020.load().expect("loads").case;
    case.notes.push(ReviewerNote {
        kind: NoteKind::Comment,
        target: NoteTarget::Time(caselens::model::CaseTime::Date(
            chrono::NaiveDate::from_ymd_opt(2020, 2, 21).expect("date"),
        )),
        text: "Seen again on February 21, 2020 and on 22/02/2020 at Wuhan Union Hospital."
            .to_owned(),
        author: Some(format!("Dr {SECRET_NAME}")),
    });
    case.series[0].imported_from = Some(format!("{SECRET_NAME}_labs.xlsx, sheet 1"));
    case.patient.age_years = Some(93);
    write_png_with_text_header(&folder.join(format!("{SECRET_NAME}_b1.png")));
    let mut image = ImageRef::new(format!("{SECRET_NAME}_b1.png"));
    image.caption = Some("axial CT of 17 Feb".to_owned());
    if let Some(b1) = case
        .milestones
        .iter_mut()
        .find(|milestone| milestone.label == "B1")
    {
        b1.images.push(image);
    }
    case
}

/// A small PNG whose tEXt chunk names the patient, like a header a scanner writes.
fn write_png_with_text_header(path: &Path) {
    let mut png = Vec::new();
    image::RgbImage::from_pixel(32, 24, image::Rgb([90, 90, 90]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encodes");
    let body = [b"tEXt".as_slice(), b"PatientName\0", SECRET_NAME.as_bytes()].concat();
    let mut chunk = ((body.len() - 4) as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32(&body).to_be_bytes());
    let with_header = [&png[..33], &chunk[..], &png[33..]].concat();
    std::fs::write(path, with_header).expect("written");
    assert!(image::load_from_memory(&std::fs::read(path).expect("read")).is_ok());
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Every calendar date in the text: `3 Feb`, `February 21`, `2020-02-20`, `22/02/2020`.
fn calendar_dates(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let is_day = |word: &str| {
        let digits: String = word.chars().filter(char::is_ascii_digit).collect();
        !digits.is_empty()
            && digits.len() <= 4
            && word
                .trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .chars()
                .all(|c| c.is_ascii_digit())
    };
    let is_month = |word: &str| {
        let trimmed = word.trim_matches(|c: char| !c.is_alphabetic());
        trimmed.len() >= 3
            && MONTHS.iter().any(|month| trimmed.starts_with(month))
            && (trimmed.len() == 3 || trimmed.chars().all(char::is_alphabetic))
            && [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
                "Sept",
            ]
            .iter()
            .chain(MONTHS.iter())
            .any(|name| *name == trimmed)
    };
    let mut found = Vec::new();
    for (index, word) in words.iter().enumerate() {
        if is_month(word) {
            let before = index
                .checked_sub(1)
                .and_then(|previous| words.get(previous));
            let after = words.get(index + 1);
            if before.is_some_and(|word| is_day(word)) || after.is_some_and(|word| is_day(word)) {
                found.push(format!(
                    "{} {word} {}",
                    before.unwrap_or(&""),
                    after.unwrap_or(&"")
                ));
            }
        }
    }
    let bytes = text.as_bytes();
    for start in 0..bytes.len().saturating_sub(9) {
        let window = &bytes[start..start + 10];
        let digit = |index: usize| window[index].is_ascii_digit();
        let iso = (0..4).all(digit)
            && window[4] == b'-'
            && digit(5)
            && digit(6)
            && window[7] == b'-'
            && digit(8)
            && digit(9);
        let numeric = digit(0)
            && digit(1)
            && window[2] == b'/'
            && digit(3)
            && digit(4)
            && window[5] == b'/'
            && (6..10).all(digit);
        if iso || numeric {
            found.push(String::from_utf8_lossy(window).into_owned());
        }
    }
    found
}

#[test]
fn the_date_detector_used_below_finds_dates() {
    let dates = calendar_dates("on 3 Feb 2020, February 21, at 2020-02-20 and 22/02/2020; May be");
    assert_eq!(dates.len(), 4, "{dates:?}");
    assert!(
        calendar_dates("illness day 27 · hospital day 18; title (Peng et al. 2020)").is_empty()
    );
}

#[test]
fn no_calendar_date_or_identifying_field_in_any_format() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let case = case_with_identifiers(folder.path());
    let options = ReportOptions {
        deidentify: true,
        ..ReportOptions::default()
    };
    for format in ReportFormat::ALL {
        let rendered = export_case(&case, Some(folder.path()), format, &options, "deidentified")
            .expect("exports");
        let mut everything = rendered.text.clone();
        for (name, bytes) in &rendered.attachments {
            everything.push_str(name);
            everything.push_str(&String::from_utf8_lossy(bytes));
        }
        let label = format.label();
        let dates = calendar_dates(&everything);
        assert!(dates.is_empty(), "{label}: calendar dates left: {dates:?}");
        for identifying in [
            SECRET_NAME,
            "10.1186/s13287-020-01802-8",
            "Peng H, Gong T",
            "Loudi",
            "Wuhan Union Hospital",
            "93 years",
        ] {
            assert!(
                !everything.contains(identifying),
                "{label}: {identifying:?} is still in the output"
            );
        }
        assert!(
            everything.contains("De-identified"),
            "{label}: the report says it is de-identified"
        );
        assert!(
            everything.contains("illness day 27"),
            "{label}: dates became illness days"
        );
        assert!(
            everything.contains("90 years or older"),
            "{label}: a very old age is given as a band"
        );
        if format == ReportFormat::Html || format == ReportFormat::Json {
            assert!(
                everything.contains("data:image/png;base64,"),
                "{label}: the thumbnail is embedded"
            );
            for thumbnail in data_uris(&everything) {
                let bytes = decode_base64(&thumbnail);
                assert!(image::load_from_memory(&bytes).is_ok());
                assert!(
                    !String::from_utf8_lossy(&bytes).contains(SECRET_NAME),
                    "{label}: image header stripped"
                );
                assert!(
                    !has_chunk(&bytes, b"tEXt")
                        && !has_chunk(&bytes, b"iTXt")
                        && !has_chunk(&bytes, b"eXIf")
                );
            }
        }
    }
}

#[test]
fn the_same_case_without_de_identification_keeps_its_dates() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let case = case_with_identifiers(folder.path());
    let rendered = export_case(
        &case,
        Some(folder.path()),
        ReportFormat::Markdown,
        &ReportOptions::default(),
        "plain",
    )
    .expect("exports");
    assert!(!calendar_dates(&rendered.text).is_empty());
    assert!(rendered.text.contains("10.1186/s13287-020-01802-8"));
    assert!(!rendered.text.contains("De-identified"));
}

const MRN: &str = "MRN-0048213";

/// A case imported from an export keyed by MRN, then given a title and history that repeat
/// the MRN (as a title written by hand, or by an older import, would).
fn case_imported_by_mrn() -> Case {
    let export = format!(
        "MRN,Sample time,CRP (mg/L),Admission date,Discharge date\n\
         {MRN},2020-02-10 08:00,41,2020-02-09 21:40,2020-02-28 10:00\n\
         {MRN},2020-02-12 08:30,96,,\n"
    );
    let loaded = LoadedExport::from_bytes(export.as_bytes(), "ward_labs.csv", ExportFormat::Csv)
        .expect("reads");
    let mapping = loaded.detect_mapping(&[]).expect("mapping detected");
    let mut outcome = loaded
        .build(&mapping, &ImportOptions::default())
        .expect("imports");
    let mut case = outcome.patients.remove(0).case;
    assert_eq!(case.patient.source_id.as_deref(), Some(MRN));
    assert!(
        !case.metadata.title.contains(MRN),
        "the import names no MRN"
    );
    case.metadata.title = format!("Patient {MRN} (imported from {MRN}.csv)");
    case.patient.summary = Some(format!("Record mrn-0048213 ({MRN}): fever for nine days."));
    case.metadata.keywords.push(MRN.to_owned());
    case
}

#[test]
fn a_de_identified_export_names_the_source_id_nowhere() {
    let case = case_imported_by_mrn();
    let options = ReportOptions {
        deidentify: true,
        ..ReportOptions::default()
    };
    for format in ReportFormat::ALL {
        let rendered = export_case(&case, None, format, &options, "deidentified").expect("exports");
        let mut everything = rendered.text.clone();
        for (name, bytes) in &rendered.attachments {
            everything.push_str(name);
            everything.push_str(&String::from_utf8_lossy(bytes));
        }
        let label = format.label();
        assert!(
            !everything.to_lowercase().contains(&MRN.to_lowercase()),
            "{label}: the MRN is still in the output"
        );
        assert!(
            !everything.contains("source_id") && !everything.contains("Source id"),
            "{label}: the source id field is left out"
        );
        assert!(
            everything.contains("fever for nine days"),
            "{label}: the history itself stays"
        );
    }
    let json =
        export_case(&case, None, ReportFormat::Json, &options, "deidentified").expect("exports");
    let report: serde_json::Value = serde_json::from_str(&json.text).expect("valid JSON");
    assert_eq!(
        report["title"], "Case",
        "a title naming the MRN is replaced"
    );
    assert_eq!(
        report["patient"]["summary"],
        "Record [identifier removed] ([identifier removed]): fever for nine days."
    );
}

#[test]
fn the_identified_report_shows_the_source_id_to_the_reviewer() {
    let case = case_imported_by_mrn();
    let markdown = export_case(
        &case,
        None,
        ReportFormat::Markdown,
        &ReportOptions::default(),
        "plain",
    )
    .expect("exports");
    assert!(markdown.text.contains(MRN), "{}", markdown.text);
    assert!(markdown.text.contains("Source id"), "{}", markdown.text);
    let json = export_case(
        &case,
        None,
        ReportFormat::Json,
        &ReportOptions::default(),
        "plain",
    )
    .expect("exports");
    let report: serde_json::Value = serde_json::from_str(&json.text).expect("valid JSON");
    assert_eq!(report["patient"]["source_id"], MRN);
}

fn data_uris(text: &str) -> Vec<String> {
    text.match_indices("data:image/png;base64,")
        .map(|(start, prefix)| {
            text[start + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/' || *c == '=')
                .collect()
        })
        .collect()
}

fn decode_base64(text: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for symbol in text.bytes().filter(|byte| *byte != b'=') {
        let value = match symbol {
            b'A'..=b'Z' => symbol - b'A',
            b'a'..=b'z' => symbol - b'a' + 26,
            b'0'..=b'9' => symbol - b'0' + 52,
            b'+' => 62,
            _ => 63,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
        }
    }
    bytes
}

fn has_chunk(png: &[u8], kind: &[u8; 4]) -> bool {
    png.windows(4).any(|window| window == kind)
}

#[test]
fn an_image_whose_header_says_text_is_burned_in_is_named_in_the_de_identified_report() {
    use dicom_core::value::PrimitiveValue;
    use dicom_core::{DataElement, VR};
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut object =
        dicom_object::open_file(crate::files::fixture("dicom/CT_small.dcm")).expect("opens");
    object.put(DataElement::new(
        dicom_dictionary_std::tags::BURNED_IN_ANNOTATION,
        VR::CS,
        PrimitiveValue::from("YES"),
    ));
    object
        .write_to_file(folder.path().join("b1.dcm"))
        .expect("written");
    let mut case = PENG_2020.load().expect("loads").case;
    let b1 = case
        .milestones
        .iter_mut()
        .find(|milestone| milestone.label == "B1")
        .expect("B1");
    b1.images.push(ImageRef::new("b1.dcm"));
    let deidentified = ReportOptions {
        deidentify: true,
        ..ReportOptions::default()
    };
    let rendered = export_case(
        &case,
        Some(folder.path()),
        ReportFormat::Markdown,
        &deidentified,
        "r",
    )
    .expect("exports");
    assert!(
        rendered
            .text
            .contains("B1 image 1 states Burned In Annotation: YES"),
        "{}",
        rendered.text
    );
    let identified = export_case(
        &case,
        Some(folder.path()),
        ReportFormat::Markdown,
        &ReportOptions::default(),
        "r",
    )
    .expect("exports");
    assert!(!identified.text.contains("Burned In Annotation"));
}
