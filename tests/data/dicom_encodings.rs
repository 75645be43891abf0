//! Every encoding and photometric interpretation in `tests/fixtures/dicom/` decoded as an
//! independent decoder (pydicom) decodes it: `tests/fixtures/dicom/reference.json`, written by
//! `tests/support/dicom_reference.py`, holds per frame the CRC-32 of the modality values (grey)
//! or 8-bit RGB (colour), values at fixed pixels, the display levels of the header's windows
//! and VOI LUTs, and the overlays; for lossy JPEG, whose decoders may differ in the last bit,
//! each frame whole as a PNG in `reference/`, compared sample by sample within the file's
//! tolerance. Then the named errors for damaged tables and pixel data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use caselens::io::image::{
    DecodedImage, FramePixels, ImageError, Voi, VoiFunction, draw_overlays, load_image,
    render_frame,
};
use dicom_core::value::{DataSetSequence, PixelFragmentSequence, PrimitiveValue};
use dicom_core::{DataElement, VR};
use dicom_dictionary_std::tags;
use serde_json::Value;

use crate::files::crc32;

fn folder() -> PathBuf {
    crate::files::fixture("dicom")
}

fn reference() -> BTreeMap<String, Value> {
    let text = std::fs::read_to_string(folder().join("reference.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    json["files"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, entry)| (name.clone(), entry.clone()))
        .collect()
}

fn frame_bytes(frame: &FramePixels) -> Vec<u8> {
    match frame {
        FramePixels::Gray(values) => values
            .iter()
            .flat_map(|value| value.to_le_bytes())
            .collect(),
        FramePixels::Rgb(bytes) => bytes.clone(),
    }
}

fn sample_values(frame: &FramePixels, index: usize) -> Vec<Option<f64>> {
    match frame {
        FramePixels::Gray(values) => {
            let value = values[index];
            vec![(!value.is_nan()).then_some(f64::from(value))]
        }
        FramePixels::Rgb(bytes) => bytes[index * 3..index * 3 + 3]
            .iter()
            .map(|byte| Some(f64::from(*byte)))
            .collect(),
    }
}

/// What differs between our decoding of `name` and pydicom's, one line per difference.
fn differences(name: &str, image: &DecodedImage, expected: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let size = (image.width(), image.height(), image.facts.frames);
    let expected_size = (
        expected["columns"].as_u64().unwrap() as u32,
        expected["rows"].as_u64().unwrap() as u32,
        expected["frames"].as_u64().unwrap() as u32,
    );
    if size != expected_size || image.frames.len() != expected_size.2 as usize {
        return vec![format!("{name}: size {size:?}, pydicom {expected_size:?}")];
    }
    let color = expected["kind"] == "rgb";
    if image.is_color() != color {
        return vec![format!(
            "{name}: colour {} but pydicom {color}",
            image.is_color()
        )];
    }
    let tolerance = expected["tolerance"].as_f64().unwrap();
    if let Some(pngs) = expected.get("frame_png").and_then(Value::as_array) {
        // Lossy: every sample of every frame, within the tolerance, against pydicom's frame.
        for (index, (frame, png)) in image.frames.iter().zip(pngs).enumerate() {
            let reference = image::open(folder().join(png.as_str().unwrap())).unwrap();
            let (ours, theirs): (Vec<f64>, Vec<f64>) = match frame {
                FramePixels::Gray(values) => (
                    values.iter().map(|value| f64::from(*value)).collect(),
                    reference
                        .to_luma16()
                        .pixels()
                        .map(|pixel| f64::from(pixel.0[0]))
                        .collect(),
                ),
                FramePixels::Rgb(bytes) => (
                    bytes.iter().map(|byte| f64::from(*byte)).collect(),
                    reference
                        .to_rgb8()
                        .iter()
                        .map(|byte| f64::from(*byte))
                        .collect(),
                ),
            };
            let beyond = ours
                .iter()
                .zip(&theirs)
                .filter(|(ours, theirs)| (*ours - *theirs).abs() > tolerance + 1e-3)
                .count();
            if ours.len() != theirs.len() || beyond > 0 {
                found.push(format!(
                    "{name}: frame {index}: {beyond} of {} samples differ from pydicom's by more than {tolerance}",
                    theirs.len()
                ));
            }
        }
    }
    if tolerance == 0.0 {
        for (index, (frame, crc)) in image
            .frames
            .iter()
            .zip(expected["frame_crc32"].as_array().unwrap())
            .enumerate()
        {
            let ours = crc32(&frame_bytes(frame));
            if u64::from(ours) != crc.as_u64().unwrap() {
                found.push(format!(
                    "{name}: frame {index} CRC-32 {ours}, pydicom {crc}"
                ));
            }
        }
    }
    for sample in expected["samples"].as_array().unwrap() {
        let sample = sample.as_array().unwrap();
        let index = sample[0].as_u64().unwrap() as usize;
        let ours = sample_values(&image.frames[0], index);
        let theirs: Vec<Option<f64>> = sample[1..].iter().map(Value::as_f64).collect();
        let close = ours.len() == theirs.len()
            && ours.iter().zip(&theirs).all(|pair| match pair {
                (Some(ours), Some(theirs)) => (ours - theirs).abs() <= tolerance + 1e-3,
                (None, None) => true,
                _ => false,
            });
        if !close {
            found.push(format!(
                "{name}: pixel {index} is {ours:?}, pydicom {theirs:?}"
            ));
        }
    }
    found
}

/// The JPEG-LS fixtures: decoded with the `jpeg-ls` feature (CharLS), refused by name without.
const JPEG_LS_FILES: [&str; 4] = [
    "JPEGLSNearLossless_16.dcm",
    "MR_small_jpeg_ls_lossless.dcm",
    "SC_rgb_jls_lossy_line.dcm",
    "emri_small_jpeg_ls_lossless.dcm",
];

/// Fixtures pydicom decodes and this build refuses, by name, with what the error must say.
fn refused_here() -> Vec<(&'static str, &'static str)> {
    if cfg!(feature = "jpeg-ls") {
        return Vec::new();
    }
    JPEG_LS_FILES
        .map(|name| (name, "JPEG-LS in this build"))
        .to_vec()
}

fn refused(name: &str) -> bool {
    refused_here().iter().any(|(refused, _)| *refused == name)
}

#[test]
fn what_this_build_cannot_decode_is_refused_by_name() {
    for (name, what) in refused_here() {
        let path = folder().join(name);
        let (error, message) = named_error(&path);
        assert!(matches!(error, ImageError::Unsupported { .. }), "{message}");
        assert!(message.contains(what), "{message}");
    }
}

#[test]
fn every_encoding_decodes_as_pydicom_decodes_it() {
    let mut failures = Vec::new();
    let reference = reference();
    assert!(reference.len() >= 35, "the reference covers the fixtures");
    for (name, expected) in reference.iter().filter(|(name, _)| !refused(name)) {
        match load_image(&folder().join(name)) {
            Ok(image) => failures.extend(differences(name, &image, expected)),
            Err(error) => failures.push(format!("{name}: {error}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The display level (0–255, before inversion) at a pixel.
fn level(image: &DecodedImage, voi: Voi, index: usize) -> f64 {
    let rendered = render_frame(image, 0, voi).unwrap();
    let level = f64::from(rendered.pixels[index]);
    if image.inverted { 255.0 - level } else { level }
}

#[test]
fn windows_functions_and_voi_luts_give_pydicoms_levels() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, expected) in reference().iter().filter(|(name, _)| !refused(name)) {
        let Some(levels) = expected.get("voi").and_then(Value::as_object) else {
            continue;
        };
        let image = load_image(&folder().join(name)).unwrap();
        for (key, points) in levels {
            let voi = match key.as_str() {
                "window0_LINEAR_EXACT" => {
                    Voi::Shaped(image.voi.windows[0].window, VoiFunction::LinearExact)
                }
                "window0_SIGMOID" => Voi::Shaped(image.voi.windows[0].window, VoiFunction::Sigmoid),
                key if key.starts_with("window") => {
                    let index: usize = key["window".len()..].parse().unwrap();
                    Voi::Window(image.voi.windows[index].window)
                }
                key => Voi::Lut(key["lut".len()..].parse().unwrap()),
            };
            for point in points.as_array().unwrap() {
                let index = point[0].as_u64().unwrap() as usize;
                let theirs = point[1].as_f64().unwrap();
                if theirs.is_nan() {
                    continue;
                }
                let ours = level(&image, voi, index);
                checked += 1;
                // Levels are truncated to whole display values: within one of pydicom's.
                if (ours - theirs).abs() > 1.0 + 1e-6 {
                    failures.push(format!(
                        "{name} {key}: pixel {index} level {ours}, pydicom {theirs:.3}"
                    ));
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} levels checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_default_view_of_a_voi_lut_image_is_its_lut() {
    let image = load_image(&folder().join("vlut_04.dcm")).unwrap();
    assert_eq!(image.voi.luts.len(), 1);
    assert_eq!(image.default_voi, Voi::Lut(0));
    let explained = load_image(&folder().join("examples_overlay.dcm")).unwrap();
    let explanations: Vec<_> = explained
        .voi
        .windows
        .iter()
        .map(|named| named.explanation.as_deref())
        .collect();
    assert_eq!(explanations, [Some("WINDOW1"), Some("WINDOW2")]);
}

#[test]
fn overlays_are_read_as_pydicom_reads_them_and_drawn_on_request() {
    for (name, expected) in reference().iter().filter(|(name, _)| !refused(name)) {
        let image = load_image(&folder().join(name)).unwrap();
        let overlays = expected["overlays"].as_array().unwrap();
        assert_eq!(image.overlays.len(), overlays.len(), "{name}");
        for (ours, theirs) in image.overlays.iter().zip(overlays) {
            assert_eq!(u64::from(ours.group), theirs["group"].as_u64().unwrap());
            assert_eq!(
                (ours.rows, ours.columns),
                (
                    theirs["rows"].as_u64().unwrap() as u32,
                    theirs["columns"].as_u64().unwrap() as u32
                )
            );
            let set = (0..ours.rows)
                .flat_map(|row| (0..ours.columns).map(move |column| (row, column)))
                .filter(|(row, column)| {
                    ours.is_set(0, row + ours.origin.0 as u32, column + ours.origin.1 as u32)
                })
                .count();
            assert_eq!(set as u64, theirs["set_bits"].as_u64().unwrap(), "{name}");
        }
    }
    let image = load_image(&folder().join("examples_overlay.dcm")).unwrap();
    let plain = render_frame(&image, 0, image.default_voi).unwrap();
    let mut drawn = plain.clone();
    draw_overlays(&mut drawn, &image, 0);
    let changed = plain
        .pixels
        .iter()
        .zip(&drawn.pixels)
        .filter(|(a, b)| a != b)
        .count();
    assert!(changed > 0 && changed <= 222, "{changed} pixels changed");
}

#[test]
fn padding_is_background_and_not_a_value() {
    let image = load_image(&folder().join("693_J2KR.dcm")).unwrap();
    let FramePixels::Gray(values) = &image.frames[0] else {
        panic!("grey")
    };
    let padding = values.iter().filter(|value| value.is_nan()).count();
    assert_eq!(padding, 55_772, "pydicom counts 55 772 pixels of -2000");
    let rendered = render_frame(&image, 0, image.default_voi).unwrap();
    let first = values.iter().position(|value| value.is_nan()).unwrap();
    assert_eq!(rendered.pixels[first], 0);
}

#[test]
fn burned_in_annotation_is_a_header_fact() {
    let image = load_image(&folder().join("eCT_Supplemental.dcm")).unwrap();
    assert_eq!(image.facts.burned_in_annotation, Some(false));
}

/// A copy of a fixture changed by `change`, written to a temporary folder.
fn altered(
    name: &str,
    change: impl FnOnce(&mut dicom_object::DefaultDicomObject),
) -> (tempfile::TempDir, PathBuf) {
    let mut object = dicom_object::open_file(folder().join(name)).unwrap();
    change(&mut object);
    let temporary = tempfile::tempdir().unwrap();
    let path = temporary.path().join(name);
    object.write_to_file(&path).unwrap();
    (temporary, path)
}

fn replace_item(
    object: &mut dicom_object::DefaultDicomObject,
    sequence: dicom_object::Tag,
    change: impl FnOnce(&mut dicom_object::InMemDicomObject),
) {
    let mut item = object.element(sequence).unwrap().items().unwrap()[0].clone();
    change(&mut item);
    object.put(DataElement::new(
        sequence,
        VR::SQ,
        DataSetSequence::from(vec![item]),
    ));
}

fn named_error(path: &Path) -> (ImageError, String) {
    let error = load_image(path).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with(&path.display().to_string()),
        "{message}"
    );
    (error, message)
}

#[test]
fn pixel_data_shorter_than_the_header_says_is_a_named_error() {
    let (_folder, path) = altered("SC_rgb_16bit.dcm", |object| {
        object.put(DataElement::new(
            tags::ROWS,
            VR::US,
            PrimitiveValue::from(101_u16),
        ));
    });
    let (error, message) = named_error(&path);
    assert!(
        matches!(error, ImageError::ShortPixelData { .. }),
        "{message}"
    );
    assert!(message.contains("copy it again"), "{message}");
}

#[test]
fn a_palette_shorter_than_its_descriptor_is_a_named_error() {
    let (_folder, path) = altered("examples_palette.dcm", |object| {
        object.put(DataElement::new(
            tags::GREEN_PALETTE_COLOR_LOOKUP_TABLE_DATA,
            VR::OW,
            PrimitiveValue::U16(vec![0_u16; 100].into()),
        ));
    });
    let (error, message) = named_error(&path);
    assert!(
        matches!(
            error,
            ImageError::ShortLut {
                stated: 256,
                actual: 100,
                ..
            }
        ),
        "{message}"
    );
    assert!(
        message.contains("Green Palette Color Lookup Table"),
        "{message}"
    );
}

#[test]
fn a_voi_lut_out_of_range_is_a_named_error() {
    // The LUT's entries are 16-bit; a descriptor claiming 8 bits puts them out of range.
    let (_folder, path) = altered("vlut_04.dcm", |object| {
        replace_item(object, tags::VOILUT_SEQUENCE, |item| {
            item.put(DataElement::new(
                tags::LUT_DESCRIPTOR,
                VR::US,
                PrimitiveValue::U16(vec![256_u16, 0, 8].into()),
            ));
        });
    });
    let (error, message) = named_error(&path);
    assert!(
        matches!(error, ImageError::LutOutOfRange { .. }),
        "{message}"
    );
    assert!(message.contains("VOI LUT"), "{message}");
    // And one claiming more entries than it holds.
    let (_folder, path) = altered("vlut_04.dcm", |object| {
        replace_item(object, tags::VOILUT_SEQUENCE, |item| {
            item.put(DataElement::new(
                tags::LUT_DESCRIPTOR,
                VR::US,
                PrimitiveValue::U16(vec![4096_u16, 0, 16].into()),
            ));
        });
    });
    let (error, message) = named_error(&path);
    assert!(
        matches!(error, ImageError::ShortLut { stated: 4096, .. }),
        "{message}"
    );
}

#[test]
fn a_truncated_overlay_is_a_named_error() {
    let (_folder, path) = altered("examples_overlay.dcm", |object| {
        object.put(DataElement::new(
            dicom_object::Tag(0x6000, 0x3000),
            VR::OW,
            PrimitiveValue::U16(vec![0_u16; 10].into()),
        ));
    });
    let (error, message) = named_error(&path);
    assert!(
        matches!(error, ImageError::ShortOverlay { group: 0x6000, .. }),
        "{message}"
    );
}

#[test]
fn presentation_lut_shape_inverse_inverts_the_display() {
    let (_folder, path) = altered("CT_small.dcm", |object| {
        object.put(DataElement::new(
            tags::PRESENTATION_LUT_SHAPE,
            VR::CS,
            PrimitiveValue::from("INVERSE"),
        ));
    });
    let inverse = load_image(&path).unwrap();
    let identity = load_image(&folder().join("CT_small.dcm")).unwrap();
    assert!(inverse.inverted && !identity.inverted);
    let a = render_frame(&inverse, 0, identity.default_window).unwrap();
    let b = render_frame(&identity, 0, identity.default_window).unwrap();
    assert!(a.pixels.iter().zip(&b.pixels).all(|(a, b)| *a == 255 - *b));
}

#[test]
fn a_multi_frame_image_hands_on_its_first_frame_before_the_rest() {
    let jpeg_ls = cfg!(feature = "jpeg-ls").then_some("emri_small_jpeg_ls_lossless.dcm");
    for name in ["emri_small_RLE.dcm", "rtdose.dcm"]
        .into_iter()
        .chain(jpeg_ls)
    {
        let mut early = Vec::new();
        let image = caselens::io::image::load_image_progressively(&folder().join(name), |first| {
            early.push(first)
        })
        .unwrap();
        assert_eq!(early.len(), 1, "{name}");
        assert_eq!(early[0].frames.len(), 1);
        assert_eq!(early[0].facts.frames, image.facts.frames);
        assert_eq!(early[0].frames[0], image.frames[0]);
        assert_eq!(early[0].default_voi, image.default_voi);
    }
    let mut called = false;
    caselens::io::image::load_image_progressively(&folder().join("CT_small.dcm"), |_| {
        called = true
    })
    .unwrap();
    assert!(!called, "a single frame is handed on once, complete");
}

/// A two-frame copy of the 12-bit JPEG Extended fixture whose second frame's stream is
/// `change`d from the first's.
fn two_12_bit_frames(change: impl FnOnce(&mut Vec<u8>)) -> (tempfile::TempDir, PathBuf) {
    altered("JPGExtended.dcm", |object| {
        let stream = object
            .element(tags::PIXEL_DATA)
            .unwrap()
            .fragments()
            .unwrap()[0]
            .clone();
        let mut second = stream.clone();
        change(&mut second);
        object.put(DataElement::new(
            tags::NUMBER_OF_FRAMES,
            VR::IS,
            PrimitiveValue::from("2"),
        ));
        object.put(DataElement::new(
            tags::PIXEL_DATA,
            VR::OB,
            PixelFragmentSequence::new(Vec::<u32>::new(), vec![stream, second]),
        ));
    })
}

/// `path` fails to load with `DamagedFrame` for frame `frame` of `codec`, saying `reason`.
fn assert_damaged_frame(path: &Path, frame: u32, codec: &str, reason: &str) {
    let (error, message) = named_error(path);
    assert!(
        matches!(
            &error,
            ImageError::DamagedFrame { frame: ours, codec: theirs, .. }
                if *ours == frame && *theirs == codec
        ),
        "{message}"
    );
    assert!(
        message.contains(&format!("frame {frame} of the {codec}")),
        "{message}"
    );
    assert!(message.contains(reason), "{message}");
    assert!(message.contains("copy it again"), "{message}");
}

fn assert_damaged_frame_1(path: &Path, reason: &str) {
    assert_damaged_frame(path, 1, "12-bit JPEG Extended", reason);
}

#[test]
fn twelve_bit_jpeg_frames_decode_one_after_another() {
    let (_folder, path) = two_12_bit_frames(|_| {});
    let mut early = Vec::new();
    let image =
        caselens::io::image::load_image_progressively(&path, |first| early.push(first)).unwrap();
    assert_eq!(image.frames.len(), 2);
    assert_eq!(image.frames[0], image.frames[1]);
    assert_eq!(
        early.len(),
        1,
        "the first frame is handed on before the second decodes"
    );
    assert_eq!(early[0].frames[0], image.frames[0]);
}

#[test]
fn a_truncated_12_bit_jpeg_stream_is_a_named_error_naming_its_frame() {
    // The last 40 % of the second frame's entropy-coded data and its end-of-image marker are
    // gone, as when a transfer stops early (an even length, as fragments have).
    let (_folder, path) = two_12_bit_frames(|stream| stream.truncate((stream.len() * 3 / 5) & !1));
    assert_damaged_frame_1(&path, "unexpected end of data");
}

#[test]
fn a_12_bit_jpeg_stream_larger_than_its_header_is_refused_before_it_is_decoded() {
    // The second frame's SOF1 claims 65 000 × 65 000 pixels (8 GB of samples) where the DICOM
    // header says 256 × 1024: refused by the decoder's limits before it sizes anything.
    let (_folder, path) = two_12_bit_frames(|stream| {
        let sof = stream
            .windows(2)
            .position(|marker| marker == [0xFF, 0xC1])
            .unwrap();
        stream[sof + 5..sof + 9].copy_from_slice(&[0xFD, 0xE8, 0xFD, 0xE8]);
    });
    assert_damaged_frame_1(&path, "exceeds limit");
}

#[test]
fn htj2k_lossless_decodes_to_its_source_pixels_exactly() {
    for (name, source, syntax) in [
        (
            "htj2k_lossless.dcm",
            "CT_small.dcm",
            "HTJ2K Lossless (1.2.840.10008.1.2.4.201)",
        ),
        (
            "htj2k_rgb.dcm",
            "ExplVR_BigEnd.dcm",
            "HTJ2K Lossless (1.2.840.10008.1.2.4.201)",
        ),
    ] {
        let image = load_image(&folder().join(name)).unwrap();
        let original = load_image(&folder().join(source)).unwrap();
        assert_eq!(image.facts.transfer_syntax.as_deref(), Some(syntax));
        assert_eq!(image.frames.len(), original.frames.len(), "{name}");
        for (ours, theirs) in image.frames.iter().zip(&original.frames) {
            // Bit for bit, so that a padding NaN would compare too.
            assert_eq!(frame_bytes(ours), frame_bytes(theirs), "{name}");
        }
    }
}

/// The largest difference between two grey images' values, over every frame.
fn largest_difference(a: &DecodedImage, b: &DecodedImage) -> f32 {
    a.frames
        .iter()
        .zip(&b.frames)
        .flat_map(|pair| match pair {
            (FramePixels::Gray(a), FramePixels::Gray(b)) => {
                a.iter().zip(b).map(|(a, b)| (a - b).abs()).collect()
            }
            _ => vec![f32::INFINITY],
        })
        .fold(0.0, f32::max)
}

#[test]
fn htj2k_lossy_decodes_within_its_tolerance() {
    let image = load_image(&folder().join("htj2k_lossy.dcm")).unwrap();
    assert_eq!(
        image.facts.transfer_syntax.as_deref(),
        Some("HTJ2K (1.2.840.10008.1.2.4.203)")
    );
    assert_eq!(image.frames.len(), 10);
    // Against pydicom's decode (OpenJPEG 2.5 in C) of the same codestreams: within 1, as
    // `reference.json` states (the 9/7 wavelet is floating point); every sample is compared.
    // Measured when the fixture was made: all 40 960 samples equal.
    let expected = &reference()["htj2k_lossy.dcm"];
    assert_eq!(expected["tolerance"].as_f64(), Some(1.0));
    assert!(differences("htj2k_lossy.dcm", &image, expected).is_empty());
    // Against the source: the coding error OpenJPH's own decoder also shows (at most 16 of
    // the 12-bit range, qstep 0.002).
    let source = load_image(&folder().join("emri_small_RLE.dcm")).unwrap();
    let error = largest_difference(&image, &source);
    assert!(error > 0.0 && error <= 16.0, "{error}");
}

#[test]
fn every_htj2k_transfer_syntax_decodes_the_same_codestream() {
    // 1.2.840.10008.1.2.4.202 (RPCL options) differs from .201 only in the options the
    // encoder must use (OpenJPH 0.9 writes no TLM marker, so no conformant file is made); the
    // decoder reads either, and so must CaseLens.
    let lossless = load_image(&folder().join("htj2k_lossless.dcm")).unwrap();
    for (uid, name) in [
        ("1.2.840.10008.1.2.4.202", "HTJ2K Lossless RPCL"),
        ("1.2.840.10008.1.2.4.203", "HTJ2K"),
    ] {
        let (_folder, path) = altered("htj2k_lossless.dcm", |object| {
            object.meta_mut().transfer_syntax = uid.to_owned();
            object.meta_mut().update_information_group_length();
        });
        let image = load_image(&path).unwrap();
        assert_eq!(image.facts.transfer_syntax, Some(format!("{name} ({uid})")));
        assert_eq!(image.frames, lossless.frames, "{uid}");
    }
}

/// The CT stack's volume (16-bit HU) of the one slice in `file`, copied alone into a folder.
fn one_slice_volume(file: &str) -> Vec<i16> {
    let temporary = tempfile::tempdir().unwrap();
    std::fs::copy(folder().join(file), temporary.path().join(file)).unwrap();
    let scan = caselens::io::image::series::scan_series(temporary.path()).unwrap();
    assert!(scan.problems.is_empty(), "{file}: {:?}", scan.problems);
    let volume = caselens::io::image::series::load_volume(
        &scan.series[0],
        0,
        &std::sync::atomic::AtomicUsize::new(0),
        &std::sync::atomic::AtomicBool::new(false),
        &|_, _| {},
    )
    .unwrap();
    assert!(volume.is_decoded(0), "{file}");
    volume.slice(0).unwrap().to_vec()
}

#[test]
fn an_htj2k_ct_slice_opens_in_the_ct_stack_as_its_source_does() {
    assert_eq!(
        one_slice_volume("htj2k_lossless.dcm"),
        one_slice_volume("CT_small.dcm")
    );
}

/// A copy of the HTJ2K lossless fixture whose codestream is `change`d.
fn htj2k_changed(change: impl FnOnce(&mut Vec<u8>)) -> (tempfile::TempDir, PathBuf) {
    altered("htj2k_lossless.dcm", |object| {
        let mut stream = object
            .element(tags::PIXEL_DATA)
            .unwrap()
            .fragments()
            .unwrap()[0]
            .clone();
        change(&mut stream);
        object.put(DataElement::new(
            tags::PIXEL_DATA,
            VR::OB,
            PixelFragmentSequence::new(vec![0_u32], vec![stream]),
        ));
    })
}

fn assert_damaged_htj2k(path: &Path, reason: &str) {
    assert_damaged_frame(path, 0, "HTJ2K", reason);
}

#[test]
fn a_truncated_htj2k_stream_is_a_named_error() {
    // The last 40 % of the codestream and its EOC marker are gone, as when a transfer stops
    // early (an even length, as fragments have).
    let (_folder, path) = htj2k_changed(|stream| stream.truncate((stream.len() * 3 / 5) & !1));
    assert_damaged_htj2k(&path, "EOC");
    // And cut inside its main header, before any tile.
    let (_folder, path) = htj2k_changed(|stream| stream.truncate(60));
    assert_damaged_htj2k(&path, "EOC");
}

#[test]
fn an_htj2k_stream_larger_than_its_header_is_refused_before_it_is_decoded() {
    // The SIZ marker claims 65 000 × 65 000 pixels where the DICOM header says 128 × 128:
    // refused before the codec sizes anything from it.
    let (_folder, path) = htj2k_changed(|stream| {
        stream[8..16].copy_from_slice(&[0, 0, 0xFD, 0xE8, 0, 0, 0xFD, 0xE8]);
    });
    assert_damaged_htj2k(&path, "65000×65000");
    // Tiles of one pixel: 16 384 sets of the codec's per-tile parameters (185 MB) for a
    // codestream of 14 506 bytes.
    let (_folder, path) = htj2k_changed(|stream| {
        stream[24..32].copy_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1]);
    });
    assert_damaged_htj2k(&path, "16384 tiles");
}
