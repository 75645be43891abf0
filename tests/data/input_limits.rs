//! Limits on what a file can make CaseLens allocate: a hostile or corrupt file is refused with
//! a message before anything of the size it claims is allocated, and the process never aborts.
//! Every reader has its test here: case files (size, and the dense files they name), CSV and
//! FHIR JSON (size, width, nesting), workbooks (a sheet declaring every cell; the zip's
//! declared sizes are in `import_tables`, the sheet extent in `tests/fuzz_regressions/`),
//! DICOM (pixels, element lengths, a series' slices, DICOMDIR), PNG and JPEG (dimensions),
//! dense and cohort Arrow IPC files (a record batch claiming a trillion rows, file size). Each
//! checks the refusal names the file and the limit, and that it comes within seconds.

use crate::files::{crc32, dicom_file_header, long_element, short_element};
use std::fs;

use caselens::io::case_file::MAX_CASE_FILE_BYTES;
use caselens::io::image::{ImageError, MAX_DECODED_BYTES, load_image};
use caselens::io::import::{ExportFormat, ImportOptions, LoadedExport};
use caselens::io::{CaseFileError, load_case};

#[test]
fn a_case_file_over_the_size_limit_is_refused_before_it_is_read() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("huge.ron");
    // A sparse file: claims the size without taking the disk space.
    let file = fs::File::create(&path).expect("created");
    file.set_len(MAX_CASE_FILE_BYTES + 1).expect("sized");
    let error = load_case(&path).expect_err("refused");
    assert!(matches!(error, CaseFileError::TooLarge { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("huge.ron"), "{message}");
    assert!(
        message.contains("more than the 268435456 bytes"),
        "{message}"
    );
    assert!(
        message.contains("Arrow files"),
        "says where dense data belongs: {message}"
    );
}

#[test]
fn a_case_file_that_is_not_utf8_names_the_line() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("latin1.ron");
    fs::write(
        &path,
        b"(\n    format_version: 1,\n    metadata: (title: \"Fran\xe7ois\"),\n)",
    )
    .expect("written");
    let message = load_case(&path).expect_err("refused").to_string();
    assert!(
        message.contains("latin1.ron: line 3 is not UTF-8 text"),
        "{message}"
    );
}

/// A 160-byte DICOM file whose header claims 1000 frames of 65535 × 65535 pixels.
fn dicom_claiming_terabytes() -> Vec<u8> {
    let mut bytes = dicom_file_header("1.2.840.10008.5.1.4.1.1.7");
    bytes.extend(short_element(0x0008, 0x0060, b"CS", b"OT"));
    bytes.extend(short_element(0x0028, 0x0002, b"US", &1u16.to_le_bytes()));
    bytes.extend(short_element(0x0028, 0x0004, b"CS", b"MONOCHROME2 "));
    bytes.extend(short_element(0x0028, 0x0008, b"IS", b"1000"));
    bytes.extend(short_element(
        0x0028,
        0x0010,
        b"US",
        &u16::MAX.to_le_bytes(),
    ));
    bytes.extend(short_element(
        0x0028,
        0x0011,
        b"US",
        &u16::MAX.to_le_bytes(),
    ));
    bytes.extend(short_element(0x0028, 0x0100, b"US", &16u16.to_le_bytes()));
    bytes.extend(short_element(0x0028, 0x0101, b"US", &16u16.to_le_bytes()));
    bytes.extend(short_element(0x0028, 0x0102, b"US", &15u16.to_le_bytes()));
    bytes.extend(short_element(0x0028, 0x0103, b"US", &0u16.to_le_bytes()));
    bytes.extend(long_element(0x7FE0, 0x0010, b"OW", &[0, 0, 0, 0]));
    bytes
}

#[test]
fn a_dicom_header_claiming_terabytes_of_pixels_is_refused() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("claims_terabytes.dcm");
    fs::write(&path, dicom_claiming_terabytes()).expect("written");
    let error = load_image(&path).expect_err("refused");
    assert!(matches!(error, ImageError::TooLarge { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("claims_terabytes.dcm"), "{message}");
    assert!(
        message.contains(&format!("more than the {MAX_DECODED_BYTES}-byte limit")),
        "{message}"
    );
}

/// A small DICOM file with a text element declaring 4 026 531 840 bytes: the parser would
/// reserve and zero that much before finding the file ends.
fn dicom_with_an_element_declaring_4_gb() -> Vec<u8> {
    let mut bytes = dicom_claiming_terabytes();
    let mut element = Vec::new();
    element.extend(0x0008u16.to_le_bytes());
    element.extend(0x0070u16.to_le_bytes());
    element.extend(b"UT\0\0");
    element.extend(0xF000_0000u32.to_le_bytes());
    element.extend(b"abcd");
    // Inserted in tag order, before the image pixel module.
    let position = 128 + 4 + 12 + meta_length(&bytes) + 10;
    bytes.splice(position..position, element);
    bytes
}

fn meta_length(bytes: &[u8]) -> usize {
    u32::from_le_bytes([bytes[140], bytes[141], bytes[142], bytes[143]]) as usize
}

#[test]
fn a_dicom_element_declaring_gigabytes_is_refused_before_the_parser_allocates_it() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("declares_4gb.dcm");
    fs::write(&path, dicom_with_an_element_declaring_4_gb()).expect("written");
    let error = load_image(&path).expect_err("refused");
    let message = error.to_string();
    assert!(matches!(error, ImageError::DicomRead { .. }), "{message}");
    assert!(message.contains("declares_4gb.dcm"), "{message}");
    assert!(
        message.contains("element (0008,0070) declares 4026531840 bytes"),
        "{message}"
    );
    assert!(
        message.contains("copy it again"),
        "says what to do: {message}"
    );
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend(data);
    chunk.extend(&body);
    chunk.extend(crc32(&body).to_be_bytes());
    chunk
}

/// A 70-byte PNG declaring 100 000 × 100 000 grey pixels (10 GB decoded, 40 GB as the
/// viewer's floats): what a decompression bomb looks like to the decoder before inflating.
fn png_claiming_ten_gigapixels() -> Vec<u8> {
    let mut header = Vec::new();
    header.extend(100_000u32.to_be_bytes());
    header.extend(100_000u32.to_be_bytes());
    header.extend([8, 0, 0, 0, 0]);
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend(png_chunk(b"IHDR", &header));
    // A zlib stream of highly compressed zero rows would follow; an empty one suffices here.
    bytes.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    bytes.extend(png_chunk(b"IEND", &[]));
    bytes
}

/// Writes `bytes` as `name` and checks the image is refused by the decoded-size check (not by
/// chance, nor by running out of data), naming the file, within seconds.
fn assert_refused_as_too_large(name: &str, bytes: Vec<u8>) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join(name);
    fs::write(&path, bytes).expect("written");
    let error = answered_quickly("decoding the image", || load_image(&path)).expect_err("refused");
    let message = error.to_string();
    assert!(message.contains(name), "{message}");
    assert!(
        matches!(error, ImageError::TooLarge { .. }),
        "refused by the size check: {error:?}"
    );
}

#[test]
fn a_png_declaring_gigapixels_is_refused_before_inflating() {
    assert_refused_as_too_large("bomb.png", png_claiming_ten_gigapixels());
}

#[test]
fn csv_and_fhir_exports_over_the_size_limit_are_refused_before_they_are_read() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for name in ["huge.csv", "huge.json"] {
        let path = folder.path().join(name);
        let file = fs::File::create(&path).expect("created");
        file.set_len(512 * 1024 * 1024 + 1).expect("sized (sparse)");
        let error = LoadedExport::read(&path, None).expect_err("refused");
        let message = error.to_string();
        assert!(message.contains(name), "{message}");
        assert!(
            message.contains("more than the 536870912 bytes CaseLens imports"),
            "{message}"
        );
    }
}

#[test]
fn a_csv_as_wide_as_a_spreadsheet_can_be_is_still_imported() {
    // 16,384 columns (Excel's maximum) is the limit: a table that wide is read and answered.
    let markers = 16_383;
    let mut text = String::from("time");
    for column in 0..markers {
        text.push_str(&format!(",marker {column} (mg/L)"));
    }
    text.push_str("\n2020-02-03");
    for column in 0..markers {
        text.push_str(&format!(",{}", column % 7));
    }
    text.push('\n');
    let export = LoadedExport::from_bytes(text.as_bytes(), "wide.csv", ExportFormat::Csv)
        .expect("a table at the column limit is read");
    let outcome = export
        .detect_mapping(&[])
        .and_then(|mapping| export.build(&mapping, &ImportOptions::default()));
    match outcome {
        Ok(imported) => assert_eq!(imported.patients.len(), 1),
        Err(error) => assert!(error.to_string().contains("wide.csv"), "{error}"),
    }
}

#[test]
fn a_csv_with_a_million_columns_is_refused_naming_the_file_and_line() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let million = "a,".repeat(1_000_000);
    // A wide header, and a narrow header over one wide data row: both are refused.
    for (name, text, line) in [
        (
            "wide_header.csv",
            format!("time,{million}\n2020-02-03,1\n"),
            1,
        ),
        (
            "wide_row.csv",
            format!("time,CRP (mg/L)\n\n2020-02-03,{million}\n"),
            3,
        ),
    ] {
        let path = folder.path().join(name);
        fs::write(&path, text).expect("written");
        let message = LoadedExport::read(&path, None)
            .expect_err("a million columns are refused")
            .to_string();
        assert!(message.contains(name), "{message}");
        assert!(
            message.contains(&format!("line {line} has 1000002 columns")),
            "{message}"
        );
        assert!(
            message.contains("more than the 16384 CaseLens reads"),
            "{message}"
        );
        assert!(
            message.contains("export only the columns you need"),
            "{message}"
        );
    }
}

/// A case in `case_folder` whose heart rate comes from `dense_file` (relative to the case).
fn case_with_dense_heart_rate(
    case_folder: &std::path::Path,
    dense_file: &str,
) -> std::path::PathBuf {
    use caselens::model::{DenseRef, Provenance, Series};
    let mut case = caselens::io::parse_case(caselens::io::bundled::PENG_2020.text, "peng")
        .expect("bundled case")
        .case;
    case.series.retain(|series| series.marker != "heart_rate");
    case.series.push(Series {
        marker: "heart_rate".to_owned(),
        provenance: Provenance::Reconstructed,
        dense: Some(DenseRef {
            file: dense_file.into(),
            column: "heart_rate".to_owned(),
        }),
        ..Series::default()
    });
    let case_path = case_folder.join("dense_case.ron");
    caselens::io::save_case(&case_path, &case).expect("saved");
    case_path
}

fn write_heart_rate(path: &std::path::Path) {
    // 3 Feb 2020 00:00 onwards, one sample a second for ten minutes.
    let start_ms = 1_580_688_000_000_i64;
    let times_ms: Vec<i64> = (0..600).map(|second| start_ms + second * 1000).collect();
    let values: Vec<f64> = (0..600)
        .map(|second| 80.0 + f64::from(second % 7))
        .collect();
    caselens::io::dense_file::write_dense_file(path, &times_ms, &[("heart_rate", &values)])
        .expect("dense file written");
}

#[test]
fn a_case_loads_its_dense_monitor_file_from_its_own_folder() {
    let folder = tempfile::tempdir().expect("tempdir");
    write_heart_rate(&folder.path().join("monitor.arrow"));
    let case_path = case_with_dense_heart_rate(folder.path(), "monitor.arrow");
    let loaded = load_case(&case_path).expect("the case and its dense file load");
    let channel = loaded
        .dense
        .values()
        .next()
        .expect("the dense channel is loaded");
    assert_eq!(channel.times_ms.len(), 600);
    assert_eq!(channel.values.get(3).copied(), Some(83.0));
}

#[test]
fn a_dense_file_outside_the_case_folder_is_not_read() {
    let outside = tempfile::tempdir().expect("tempdir");
    write_heart_rate(&outside.path().join("monitor.arrow"));
    let case_folder = outside.path().join("case");
    fs::create_dir(&case_folder).expect("case folder");
    let case_path = case_with_dense_heart_rate(&case_folder, "../monitor.arrow");
    let error = load_case(&case_path).expect_err("a file above the case folder is refused");
    let message = error.to_string();
    assert!(message.contains("series["), "{message}");
    assert!(
        message.contains("lies outside the case folder"),
        "{message}"
    );
    assert!(
        message.contains("move the file into the case's folder"),
        "{message}"
    );
}

/// Runs `call` and checks it answers within seconds: a refusal that first allocated or
/// inflated what the file claims would take far longer (or abort the process).
fn answered_quickly<T>(what: &str, call: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let outcome = call();
    let elapsed = started.elapsed();
    assert!(
        elapsed < std::time::Duration::from_secs(5),
        "{what} took {elapsed:?}: it did work proportional to what the file claims"
    );
    outcome
}

/// Replaces every little-endian `i64` equal to `rows` by `claimed`: an Arrow IPC file states
/// a record batch's row count (and each column's) that way, so the file then claims `claimed`
/// rows while holding the buffers of `rows`. `rows` is chosen to appear nowhere else.
fn claim_rows(bytes: &mut [u8], rows: i64, claimed: i64) {
    let (from, to) = (rows.to_le_bytes(), claimed.to_le_bytes());
    let mut replaced = 0;
    for start in 0..bytes.len().saturating_sub(7) {
        if bytes[start..start + 8] == from {
            bytes[start..start + 8].copy_from_slice(&to);
            replaced += 1;
        }
    }
    assert!(replaced >= 1, "the row count {rows} is stated in the file");
}

/// 2^40 rows: 8 TiB of float64 values.
const CLAIMED_ROWS: i64 = 1 << 40;

#[test]
fn a_dense_file_whose_record_batch_claims_a_trillion_rows_is_refused() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("claims_rows.arrow");
    let rows: i64 = 777;
    let times_ms: Vec<i64> = (0..rows)
        .map(|row| 1_580_688_000_000 + row * 1000)
        .collect();
    let values: Vec<f64> = (0..rows).map(|row| row as f64).collect();
    caselens::io::dense_file::write_dense_file(&path, &times_ms, &[("spo2", &values)])
        .expect("written");
    let mut bytes = fs::read(&path).expect("readable");
    claim_rows(&mut bytes, rows, CLAIMED_ROWS);
    fs::write(&path, &bytes).expect("rewritten");
    assert!(bytes.len() < 32 * 1024, "the file stays small");
    let error = answered_quickly("reading the dense file", || {
        caselens::io::dense_file::read_dense_channel(&path, "spo2")
    })
    .expect_err("refused");
    // Refused as a damaged file, naming it.
    assert_mentions(
        &error.to_string(),
        &["claims_rows.arrow", "not a readable Arrow IPC"],
    );
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "`{part}` is missing from: {message}"
        );
    }
}

#[test]
fn a_case_naming_a_dense_file_that_declares_exabytes_is_refused_with_its_series() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fuzz_regressions/dense_file/block_declaring_exabytes.arrow"),
        folder.path().join("monitor.arrow"),
    )
    .expect("copied");
    let case_path = case_with_dense_heart_rate(folder.path(), "monitor.arrow");
    let message = answered_quickly("loading the case", || load_case(&case_path))
        .expect_err("refused")
        .to_string();
    // Names the case and the series, refused before the claimed block is allocated.
    assert_mentions(
        &message,
        &["dense_case.ron", ".dense: ", "point outside the file"],
    );
}

fn small_cohort(samples: usize) -> caselens::model::Cohort {
    use caselens::model::{AnalyteSamples, Cohort, CohortAnalyte, CohortOutcome, CohortPatient};
    let admission = chrono::NaiveDate::from_ymd_opt(2020, 2, 3)
        .and_then(|date| date.and_hms_opt(8, 0, 0))
        .expect("a date");
    Cohort {
        name: "hostile".to_owned(),
        attribution: "made up for a test".to_owned(),
        patients: vec![CohortPatient {
            id: "1".to_owned(),
            outcome: CohortOutcome::Survived,
            age_years: None,
            sex: None,
            admission,
            end: None,
        }],
        analytes: vec![CohortAnalyte {
            marker: "crp".to_owned(),
            name: "CRP".to_owned(),
            unit: "mg/L".to_owned(),
            samples: AnalyteSamples {
                patient: vec![0; samples],
                seconds_from_admission: (0..samples as i64).map(|second| second * 60).collect(),
                value: (0..samples).map(|sample| sample as f64).collect(),
            },
        }],
    }
}

#[test]
fn a_cohort_file_whose_record_batch_claims_a_trillion_rows_is_refused() {
    use caselens::io::cohort_file::{cohort_to_bytes, read_cohort_file};
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("claims_rows.arrow");
    let rows = 777;
    let mut bytes = cohort_to_bytes(&small_cohort(rows), &path).expect("a cohort file");
    claim_rows(&mut bytes, rows as i64, CLAIMED_ROWS);
    fs::write(&path, &bytes).expect("written");
    let error =
        answered_quickly("reading the cohort", || read_cohort_file(&path)).expect_err("refused");
    let message = error.to_string();
    assert!(message.contains("claims_rows.arrow"), "{message}");
}

#[test]
fn a_cohort_file_over_the_size_limit_is_refused_before_it_is_read() {
    use caselens::io::cohort_file::{MAX_COHORT_FILE_BYTES, read_cohort_file};
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("huge_cohort.arrow");
    let file = fs::File::create(&path).expect("created");
    file.set_len(MAX_COHORT_FILE_BYTES + 1)
        .expect("sized (sparse)");
    let message = answered_quickly("reading the cohort", || read_cohort_file(&path))
        .expect_err("refused")
        .to_string();
    assert_mentions(
        &message,
        &[
            "huge_cohort.arrow",
            &format!("more than the {MAX_COHORT_FILE_BYTES}"),
        ],
    );
}

#[test]
fn a_fhir_bundle_nested_a_hundred_thousand_levels_deep_is_refused_at_128() {
    // What a recursive reader would overflow its stack on, in 200 kB.
    let depth = 100_000;
    let text = format!(
        "{{\"resourceType\":\"Bundle\",\"entry\":[{{\"resource\":{}{}}}]}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let message = answered_quickly("reading the bundle", || {
        LoadedExport::from_bytes(text.as_bytes(), "deep.json", ExportFormat::FhirBundle)
    })
    .expect_err("refused")
    .to_string();
    assert_mentions(&message, &["deep.json:1:", "recursion limit exceeded"]);
}

/// The seed JPEG (16 × 16 grey) with its frame header claiming 65 535 × 65 535 pixels.
fn jpeg_claiming_four_gigapixels() -> Vec<u8> {
    let mut bytes = fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/raster/gray.jpg"),
    )
    .expect("the seed JPEG");
    let frame = bytes
        .windows(2)
        .position(|pair| pair == [0xFF, 0xC0])
        .expect("a baseline frame header");
    // Marker, length (2), precision (1), then height and width.
    bytes[frame + 5..frame + 9].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    bytes
}

#[test]
fn a_jpeg_declaring_four_gigapixels_is_refused_before_decoding() {
    assert_refused_as_too_large("claims.jpg", jpeg_claiming_four_gigapixels());
}

#[test]
fn a_workbook_whose_sheet_claims_every_cell_of_a_spreadsheet_is_read_at_its_real_size() {
    // `<dimension ref="A1:XFD1048576"/>` (17 billion cells) over two rows of data: what the
    // sheet declares must not size anything, what it holds is read.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile/xlsx/dimension_claiming_every_cell.xlsx");
    let outcome = answered_quickly("importing the workbook", || {
        caselens::io::import::import_file(&path, &ImportOptions::default())
    })
    .expect("imported");
    assert_eq!(outcome.patients.len(), 1);
}

/// The terabyte-claiming DICOM of [`dicom_claiming_terabytes`], given a SeriesInstanceUID
/// (inserted in tag order, after the Modality) so that it scans as a slice of a series.
fn series_slice_claiming_terabytes() -> Vec<u8> {
    let mut bytes = dicom_claiming_terabytes();
    let modality = short_element(0x0008, 0x0060, b"CS", b"OT");
    let position = bytes
        .windows(modality.len())
        .position(|window| window == modality.as_slice())
        .expect("the modality element")
        + modality.len();
    let uid = short_element(0x0020, 0x000E, b"UI", b"1.2.3.4.5\0");
    bytes.splice(position..position, uid);
    bytes
}

/// Scans (within seconds) a folder holding one file, `name`, as the CT stack viewer does.
fn scan_folder_holding(
    name: &str,
    bytes: Vec<u8>,
) -> Result<caselens::io::image::series::SeriesScan, caselens::io::image::series::SeriesError> {
    let folder = tempfile::tempdir().expect("a temporary folder");
    fs::write(folder.path().join(name), bytes).expect("written");
    answered_quickly("scanning the folder", || {
        caselens::io::image::series::scan_series(folder.path())
    })
}

#[test]
fn a_series_whose_slice_claims_terabytes_is_left_out_from_its_header_alone() {
    // The scan compares the pixel data a header claims with what the file holds, reading
    // headers only; the volume's own budget (`VOLUME_BUDGET_BYTES`, checked in
    // `series::volume`'s tests) is never reached by a slice that cannot hold its claim.
    let scan = scan_folder_holding("slice.dcm", series_slice_claiming_terabytes())
        .expect("the folder is scanned");
    assert!(scan.series.is_empty(), "no series is offered to load");
    let problems: Vec<String> = scan.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("slice.dcm: the pixel data is shorter than the header's 65535×65535"),
        "{problems:?}"
    );
}

#[test]
fn a_dicomdir_with_an_element_declaring_gigabytes_is_refused_before_it_is_parsed() {
    let message = scan_folder_holding("DICOMDIR", dicom_with_an_element_declaring_4_gb())
        .expect_err("refused")
        .to_string();
    assert_mentions(
        &message,
        &["DICOMDIR", "element (0008,0070) declares 4026531840 bytes"],
    );
}
