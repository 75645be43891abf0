//! Decoding every DICOM fixture (`tests/fixtures/dicom/`, and the radiograph in
//! `../shared/fixtures/dicom/`) and PNG/JPEG files made here:
//! sizes, photometric handling (the chest radiograph must show dark lungs and bright bone),
//! rescale to Hounsfield units, frames, and clear errors for broken or hostile files.

use crate::files::crc32;
use std::path::PathBuf;

use caselens::io::image::{
    DecodedImage, FramePixels, ImageError, SpacingSource, ValueUnit, Window, WindowPreset,
    load_image, render_frame,
};

/// The small DICOM fixtures kept in the repository.
fn fixtures() -> Option<PathBuf> {
    Some(crate::files::fixture("dicom"))
}

/// The 7 MB chest radiograph, from `../shared`.
fn radiograph() -> Option<PathBuf> {
    crate::support::shared::shared_fixture("fixtures/dicom/RG1_UNCR.dcm")
}

fn gray(image: &DecodedImage, frame: u32) -> &[f32] {
    match image.frame(frame) {
        Some(FramePixels::Gray(values)) => values,
        other => panic!("frame {frame} is not grey: {other:?}"),
    }
}

fn range(values: &[f32]) -> (f32, f32) {
    values
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(low, high), value| {
            (low.min(*value), high.max(*value))
        })
}

/// What each fixture must decode to: size, frames, colour.
const EXPECTED: [(&str, u32, u32, u32, bool); 7] = [
    ("RG1_UNCR.dcm", 1841, 1955, 1, false),
    ("eCT_Supplemental.dcm", 512, 512, 2, false),
    ("CT_small.dcm", 128, 128, 1, false),
    ("MR_small_RLE.dcm", 64, 64, 1, false),
    ("JPEG-LL.dcm", 256, 1024, 1, false),
    ("SC_rgb_jpeg_dcmtk.dcm", 100, 100, 1, true),
    ("MR_small_jp2klossless.dcm", 64, 64, 1, false),
];

#[test]
fn every_fixture_decodes_to_its_size_or_fails_with_a_clear_error() {
    let Some(folder) = fixtures() else { return };
    let reference = std::fs::read_to_string(folder.join("reference.json")).unwrap();
    let mut seen = 0;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.extend(radiograph());
    for path in paths {
        if path.extension().is_none_or(|extension| extension != "dcm") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let known =
            name == "MR_truncated.dcm" || EXPECTED.iter().any(|expected| expected.0 == name);
        if !known {
            // The encodings added for issue #19 are checked against pydicom instead.
            assert!(
                reference.contains(&format!("\"{name}\"")),
                "a new fixture {name}: run tests/support/dicom_reference.py"
            );
            continue;
        }
        seen += 1;
        if name == "MR_truncated.dcm" {
            let error = load_image(&path).unwrap_err();
            let message = error.to_string();
            assert!(matches!(error, ImageError::DicomRead { .. }), "{message}");
            assert!(
                message.starts_with(&path.display().to_string()),
                "{message}"
            );
            assert!(message.contains("truncated"), "{message}");
            assert!(
                message.contains("copy it again"),
                "says what to do: {message}"
            );
            continue;
        }
        let (_, width, height, frames, color) = EXPECTED
            .iter()
            .find(|expected| expected.0 == name)
            .unwrap_or_else(|| panic!("a new fixture {name}: add what it must decode to"));
        let image = load_image(&path).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            (image.width(), image.height(), image.facts.frames),
            (*width, *height, *frames),
            "{name}"
        );
        assert_eq!(image.frames.len() as u32, *frames, "{name}");
        assert_eq!(image.is_color(), *color, "{name}");
        let rendered = render_frame(&image, frames - 1, image.default_window).unwrap();
        let channels = if *color { 3 } else { 1 };
        assert_eq!(
            rendered.pixels.len(),
            (*width * *height * channels) as usize,
            "{name}"
        );
        // A decoded image is not blank.
        let distinct: std::collections::BTreeSet<u8> = rendered.pixels.iter().copied().collect();
        assert!(
            distinct.len() > 8,
            "{name} renders as {} levels",
            distinct.len()
        );
    }
    let expected = if radiograph().is_some() { 8 } else { 7 };
    assert_eq!(
        seen, expected,
        "7 DICOM files in the repository, the radiograph in ../shared"
    );
}

#[test]
fn the_chest_radiograph_is_monochrome1_and_shows_dark_lungs_and_bright_bone() {
    let Some(radiograph) = radiograph() else {
        return;
    };
    let image = load_image(&radiograph).unwrap();
    assert!(image.inverted, "MONOCHROME1 is shown inverted");
    assert_eq!(image.facts.photometric, "MONOCHROME1");
    assert_eq!(image.facts.modality.as_deref(), Some("CR"));
    assert_eq!(
        image.default_window,
        Window {
            center: 15000.0,
            width: 30000.0
        },
        "the header's window"
    );
    let rendered = render_frame(&image, 0, image.default_window).unwrap();
    // Regions checked on the rendered PNG (1841×1955): the right lung (image left) at
    // mid-height, the spine/mediastinum in the middle, and the same right lung mirrored.
    let right_lung = rendered.mean_level(400, 600, 650, 900).unwrap();
    let left_lung = rendered.mean_level(1200, 600, 1450, 900).unwrap();
    let mediastinum = rendered.mean_level(850, 700, 1000, 1100).unwrap();
    assert!(
        right_lung + 25.0 < mediastinum && left_lung + 25.0 < mediastinum,
        "lungs ({right_lung:.0}, {left_lung:.0}) must be darker than the spine/mediastinum ({mediastinum:.0})"
    );
    // Without the inversion the same regions would be the other way round.
    let mut raw = image.clone();
    raw.inverted = false;
    let uninverted = render_frame(&raw, 0, raw.default_window).unwrap();
    assert!(
        uninverted.mean_level(400, 600, 650, 900).unwrap()
            > uninverted.mean_level(850, 700, 1000, 1100).unwrap()
    );
}

#[test]
fn ct_values_are_rescaled_to_hounsfield_units_in_both_frames() {
    let Some(folder) = fixtures() else { return };
    let small = load_image(&folder.join("CT_small.dcm")).unwrap();
    assert_eq!(small.facts.unit, ValueUnit::Hounsfield);
    assert_eq!(small.facts.rescale, Some((1.0, -1024.0)));
    let (low, high) = range(gray(&small, 0));
    assert!(low < -800.0 && high > 1000.0, "HU range {low}..{high}");
    let spacing = small.facts.pixel_spacing.unwrap();
    assert_eq!(spacing.source, SpacingSource::PixelSpacing);
    assert!((spacing.row_mm - 0.661468).abs() < 1e-6);

    // Enhanced CT keeps rescale, window and spacing in functional groups.
    let enhanced = load_image(&folder.join("eCT_Supplemental.dcm")).unwrap();
    assert_eq!(enhanced.facts.rescale, Some((1.0, -1024.0)));
    assert!(enhanced.facts.pixel_spacing.is_some());
    assert_eq!(
        enhanced.facts.header_window,
        Some(Window {
            center: 49.0,
            width: 102.0
        })
    );
    let first = gray(&enhanced, 0);
    let second = gray(&enhanced, 1);
    assert_eq!(range(first).0, -1024.0, "air outside the head is -1024 HU");
    assert_ne!(first, second, "two different slices");
    // Air (-1024 HU) is black in the mediastinal window and dark grey in the lung window.
    let mediastinum = render_frame(&enhanced, 1, WindowPreset::Mediastinum.window()).unwrap();
    assert_eq!(mediastinum.pixels[0], 0, "the corner is air");
    let lung = render_frame(&enhanced, 1, WindowPreset::Lung.window()).unwrap();
    assert_eq!(lung.pixels[0], 55, "-1024 HU in C -600 / W 1500");
}

#[test]
fn lossless_codecs_agree_and_colour_jpeg_comes_out_as_rgb() {
    let Some(folder) = fixtures() else { return };
    let rle = load_image(&folder.join("MR_small_RLE.dcm")).unwrap();
    let jpeg2000 = load_image(&folder.join("MR_small_jp2klossless.dcm")).unwrap();
    assert_eq!(
        gray(&rle, 0),
        gray(&jpeg2000, 0),
        "RLE and JPEG 2000 lossless give the same pixels"
    );
    let lossless = load_image(&folder.join("JPEG-LL.dcm")).unwrap();
    assert_eq!(lossless.facts.bits_stored, 16);
    assert!(
        lossless
            .facts
            .transfer_syntax
            .as_deref()
            .unwrap()
            .contains("JPEG Lossless")
    );

    let colour = load_image(&folder.join("SC_rgb_jpeg_dcmtk.dcm")).unwrap();
    let FramePixels::Rgb(bytes) = colour.frame(0).unwrap() else {
        panic!("colour");
    };
    // The top band of this test image is pure red (lossy JPEG: nearly).
    let pixel = &bytes[(5 * 100 + 50) * 3..(5 * 100 + 50) * 3 + 3];
    assert!(
        pixel[0] > 200 && pixel[1] < 40 && pixel[2] < 40,
        "{pixel:?}"
    );
}

#[test]
fn header_facts_hold_no_patient_identifiers() {
    let Some(folder) = fixtures() else { return };
    let image = load_image(&folder.join("CT_small.dcm")).unwrap();
    let facts = format!("{:?}", image.facts);
    // CT_small's Patient's Name and ID (pydicom test data).
    for identifier in ["CompressedSamples", "CT1", "1CT1"] {
        assert!(!facts.contains(identifier), "{identifier} leaked: {facts}");
    }
    assert!(image.facts.study_date.is_some(), "the study date is shown");
}

#[test]
fn a_header_claiming_gigabytes_is_refused_without_allocating_them() {
    let Some(folder) = fixtures() else { return };
    let mut bytes = std::fs::read(folder.join("CT_small.dcm")).unwrap();
    // Explicit VR little endian: (0028,0010) US 2 rows, (0028,0011) US 2 columns.
    for tag in [[0x28, 0x00, 0x10, 0x00], [0x28, 0x00, 0x11, 0x00]] {
        let at = bytes
            .windows(6)
            .position(|window| window[..4] == tag && &window[4..6] == b"US")
            .expect("the tag is in the file");
        bytes[at + 8] = 0xFF;
        bytes[at + 9] = 0xFF;
    }
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("huge.dcm");
    std::fs::write(&path, bytes).unwrap();
    let error = load_image(&path).unwrap_err();
    assert!(matches!(error, ImageError::TooLarge { .. }), "{error}");
    assert!(error.to_string().contains("65535×65535"), "{error}");
}

#[test]
fn png_and_jpeg_decode_grey_and_colour_and_a_corrupt_png_is_an_error() {
    let temp = tempfile::tempdir().unwrap();
    let gray_path = temp.path().join("ramp.png");
    let ramp = image::GrayImage::from_fn(256, 8, |x, _| image::Luma([x as u8]));
    ramp.save(&gray_path).unwrap();
    let decoded = load_image(&gray_path).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (256, 8));
    let rendered = render_frame(&decoded, 0, decoded.default_window).unwrap();
    assert_eq!(
        rendered.pixels[..256],
        ramp.as_raw()[..256],
        "8-bit grey shows as stored"
    );

    let jpeg_path = temp.path().join("colour.jpg");
    image::RgbImage::from_pixel(32, 16, image::Rgb([200, 30, 30]))
        .save(&jpeg_path)
        .unwrap();
    let colour = load_image(&jpeg_path).unwrap();
    assert!(colour.is_color());

    let corrupt = temp.path().join("corrupt.png");
    let mut bytes = std::fs::read(&gray_path).unwrap();
    bytes.truncate(60);
    std::fs::write(&corrupt, bytes).unwrap();
    let error = load_image(&corrupt).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with(&corrupt.display().to_string()),
        "{error}"
    );

    // A PNG whose header claims 60000×60000 pixels.
    let huge = temp.path().join("huge.png");
    std::fs::write(&huge, png_header(60_000, 60_000)).unwrap();
    let error = load_image(&huge).unwrap_err();
    assert!(matches!(error, ImageError::TooLarge { .. }), "{error}");
}

/// A PNG signature and IHDR chunk (8-bit grey) and nothing else.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut chunk = b"IHDR".to_vec();
    chunk.extend(width.to_be_bytes());
    chunk.extend(height.to_be_bytes());
    chunk.extend([8, 0, 0, 0, 0]);
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend(13u32.to_be_bytes());
    bytes.extend(&chunk);
    bytes.extend(crc32(&chunk).to_be_bytes());
    // An empty IDAT and IEND, so the header is read to the end.
    for name in [b"IDAT", b"IEND"] {
        bytes.extend(0u32.to_be_bytes());
        bytes.extend(name);
        bytes.extend(crc32(name).to_be_bytes());
    }
    bytes
}
