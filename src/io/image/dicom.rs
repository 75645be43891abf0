//! DICOM decoding: the header first (facts and a size check), then the pixel data through
//! `dicom-pixeldata`'s codecs (RLE, JPEG baseline/lossless, JPEG 2000), then our own
//! conversion of the native samples to modality values (bits stored, sign, rescale), which
//! checks every length against the header instead of trusting it.

use std::path::Path;

use dicom_dictionary_std::tags;
use dicom_object::{DefaultDicomObject, InMemDicomObject, OpenFileOptions};
use dicom_pixeldata::PixelDecoder;

use super::dicom_header::{
    header_window, integer, is_decodable, is_jpeg_family, is_native, parse_date, pixel_spacing,
    rescale, text, transfer_syntax_name,
};
use super::render::Window;
use super::{
    DecodedImage, FramePixels, HeaderFacts, ImageError, ImageFormat, ValueUnit, check_decoded_size,
};

/// The attributes that describe the pixel data, read once from the header.
struct PixelLayout {
    rows: u32,
    columns: u32,
    frames: u32,
    samples: u16,
    bits_allocated: u16,
    bits_stored: u16,
    signed: bool,
    planar: bool,
    /// As the header states it, for the facts and MONOCHROME1.
    photometric: String,
    /// What the decoded samples are in: the header's, or RGB after a JPEG codec.
    photometric_of_samples: String,
}

pub(super) fn load_dicom(path: &Path) -> Result<DecodedImage, ImageError> {
    // Declared element lengths first: the parser allocates them before reading.
    super::dicom_scan::check_declared_lengths(path)?;
    // The header alone first: a corrupt or hostile size is refused before the pixel data is
    // read or decoded.
    let header = OpenFileOptions::new()
        .read_until(tags::PIXEL_DATA)
        .open_file(path)
        .map_err(|error| read_error(path, &error))?;
    let mut layout = pixel_layout(path, &header)?;
    check_decoded_size(
        path,
        u64::from(layout.columns),
        u64::from(layout.rows),
        u64::from(layout.frames),
        u64::from(layout.samples),
    )?;
    drop(header);
    let object = OpenFileOptions::new()
        .open_file(path)
        .map_err(|error| read_error(path, &error))?;
    let transfer_syntax = object
        .meta()
        .transfer_syntax()
        .trim_end_matches('\0')
        .to_owned();
    let facts_window = header_window(&object);
    let rescales: Vec<(f64, f64)> = (0..layout.frames as usize)
        .map(|frame| rescale(&object, frame))
        .collect();
    let (slope, intercept) = rescales.first().copied().unwrap_or((1.0, 0.0));
    let modality = text(&object, tags::MODALITY);
    let unit = if modality.as_deref() == Some("CT") {
        ValueUnit::Hounsfield
    } else {
        ValueUnit::Stored
    };
    if is_jpeg_family(&transfer_syntax) {
        // The JPEG codecs hand back interleaved RGB whatever the header says.
        layout.photometric_of_samples = "RGB".to_owned();
        layout.planar = false;
    } else if !is_native(&transfer_syntax) {
        // Other codecs (RLE) keep the colour space but interleave the samples.
        layout.planar = false;
    }
    let frames = decode_native(path, &object, &transfer_syntax, |native| {
        to_frames(path, &layout, native, &rescales)
    })?;
    let color = layout.samples > 1;
    let default_window = match (facts_window, frames.first()) {
        (_, Some(FramePixels::Rgb(_))) => Window::IDENTITY_8BIT,
        (Some(window), _) => window,
        (None, Some(FramePixels::Gray(values))) => Window::spanning(values),
        (None, None) => Window::IDENTITY_8BIT,
    };
    let facts = HeaderFacts {
        format: ImageFormat::Dicom,
        modality,
        study_date: text(&object, tags::STUDY_DATE).and_then(|date| parse_date(&date)),
        width: layout.columns,
        height: layout.rows,
        frames: layout.frames,
        pixel_spacing: pixel_spacing(&object),
        photometric: if color && layout.photometric != "RGB" {
            format!("{} (shown as RGB)", layout.photometric)
        } else {
            layout.photometric.clone()
        },
        bits_stored: layout.bits_stored,
        transfer_syntax: Some(format!(
            "{} ({transfer_syntax})",
            transfer_syntax_name(&transfer_syntax).unwrap_or("unknown")
        )),
        rescale: (!color).then_some((slope, intercept)),
        unit: if color { ValueUnit::Gray } else { unit },
        header_window: facts_window,
    };
    Ok(DecodedImage {
        facts,
        frames,
        inverted: layout.photometric == "MONOCHROME1",
        default_window,
    })
}

pub(super) fn read_error(path: &Path, error: &(dyn std::error::Error + 'static)) -> ImageError {
    let mut reason = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        reason.push_str(": ");
        reason.push_str(&cause.to_string());
        source = cause.source();
    }
    if let Some(io_error) = find_io_error(error)
        && io_error.kind() == std::io::ErrorKind::NotFound
    {
        return ImageError::NotFound {
            path: path.to_path_buf(),
        };
    }
    ImageError::DicomRead {
        path: path.to_path_buf(),
        reason,
    }
}

fn find_io_error<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = current {
        if let Some(io_error) = error.downcast_ref::<std::io::Error>() {
            return Some(io_error);
        }
        current = error.source();
    }
    None
}

fn pixel_layout(path: &Path, object: &InMemDicomObject) -> Result<PixelLayout, ImageError> {
    let missing = |attribute| ImageError::DicomAttribute {
        path: path.to_path_buf(),
        attribute,
    };
    let positive_u16 = |tag, attribute| {
        integer(object, tag)
            .and_then(|value| u16::try_from(value).ok())
            .filter(|value| *value > 0)
            .ok_or_else(|| missing(attribute))
    };
    let rows = positive_u16(tags::ROWS, "Rows (0028,0010)")?;
    let columns = positive_u16(tags::COLUMNS, "Columns (0028,0011)")?;
    let bits_allocated = positive_u16(tags::BITS_ALLOCATED, "Bits Allocated (0028,0100)")?;
    let bits_stored = integer(object, tags::BITS_STORED)
        .and_then(|value| u16::try_from(value).ok())
        .filter(|value| (1..=bits_allocated).contains(value))
        .unwrap_or(bits_allocated);
    let samples = integer(object, tags::SAMPLES_PER_PIXEL)
        .and_then(|value| u16::try_from(value).ok())
        .unwrap_or(1);
    let frames = match integer(object, tags::NUMBER_OF_FRAMES) {
        None => 1,
        Some(value) => u32::try_from(value)
            .ok()
            .filter(|value| *value > 0)
            .ok_or_else(|| missing("Number of Frames (0028,0008)"))?,
    };
    let photometric = text(object, tags::PHOTOMETRIC_INTERPRETATION)
        .unwrap_or_else(|| "MONOCHROME2".to_owned())
        .to_uppercase();
    let unsupported = |what: String| ImageError::Unsupported {
        path: path.to_path_buf(),
        what,
    };
    if !matches!(samples, 1 | 3) {
        return Err(unsupported(format!("{samples} samples per pixel")));
    }
    if !matches!(bits_allocated, 8 | 16 | 32) {
        return Err(unsupported(format!("Bits Allocated {bits_allocated}")));
    }
    if photometric.starts_with("PALETTE") {
        return Err(unsupported(
            "PALETTE COLOR (a colour lookup table)".to_owned(),
        ));
    }
    Ok(PixelLayout {
        rows: u32::from(rows),
        columns: u32::from(columns),
        frames,
        samples,
        bits_allocated,
        bits_stored,
        signed: integer(object, tags::PIXEL_REPRESENTATION) == Some(1),
        planar: integer(object, tags::PLANAR_CONFIGURATION) == Some(1),
        photometric_of_samples: photometric.clone(),
        photometric,
    })
}

/// Decodes the pixel data to native form (one sample after another), whatever the transfer
/// syntax, and hands it to `convert` without copying it.
pub(super) fn decode_native<T>(
    path: &Path,
    object: &DefaultDicomObject,
    transfer_syntax: &str,
    convert: impl FnOnce(&[u8]) -> Result<T, ImageError>,
) -> Result<T, ImageError> {
    // Last resort: the codecs behind `decode_pixel_data` (RLE, JPEG, JPEG 2000) are third-party
    // code fed with bytes from the file. They return errors for the damage we have tried, but
    // a panic in one of them must not take the viewer or the CLI down, so it becomes an error.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        object
            .decode_pixel_data()
            .map(|decoded| convert(decoded.data()))
    }));
    match outcome {
        Ok(Ok(converted)) => converted,
        Ok(Err(_)) if !is_decodable(transfer_syntax) => {
            Err(ImageError::UnsupportedTransferSyntax {
                path: path.to_path_buf(),
                name: transfer_syntax_name(transfer_syntax)
                    .unwrap_or("unknown")
                    .to_owned(),
                uid: transfer_syntax.to_owned(),
            })
        }
        Ok(Err(error)) => Err(ImageError::PixelData {
            path: path.to_path_buf(),
            reason: error.to_string(),
        }),
        Err(_) => Err(ImageError::PixelData {
            path: path.to_path_buf(),
            reason: "the decoder failed on malformed data".to_owned(),
        }),
    }
}

/// Converts native samples to frames of modality values (grey) or RGB bytes (colour).
fn to_frames(
    path: &Path,
    layout: &PixelLayout,
    native: &[u8],
    rescales: &[(f64, f64)],
) -> Result<Vec<FramePixels>, ImageError> {
    let pixels = layout.rows as usize * layout.columns as usize;
    let bytes_per_sample = usize::from(layout.bits_allocated / 8);
    let frame_bytes = pixels * usize::from(layout.samples) * bytes_per_sample;
    let expected = (frame_bytes as u64).saturating_mul(u64::from(layout.frames));
    if (native.len() as u64) < expected {
        return Err(ImageError::ShortPixelData {
            path: path.to_path_buf(),
            expected,
            actual: native.len() as u64,
        });
    }
    let mut frames = Vec::with_capacity(layout.frames as usize);
    for (index, chunk) in native
        .chunks_exact(frame_bytes)
        .take(layout.frames as usize)
        .enumerate()
    {
        let (slope, intercept) = rescales.get(index).copied().unwrap_or((1.0, 0.0));
        frames.push(if layout.samples == 1 {
            FramePixels::Gray(gray_values(layout, chunk, slope, intercept))
        } else {
            FramePixels::Rgb(rgb_bytes(path, layout, chunk)?)
        });
    }
    Ok(frames)
}

fn gray_values(layout: &PixelLayout, chunk: &[u8], slope: f64, intercept: f64) -> Vec<f32> {
    let bits = u32::from(layout.bits_stored);
    let mask: u32 = if bits >= 32 {
        u32::MAX
    } else {
        (1 << bits) - 1
    };
    let sign_shift = 32 - bits.min(32);
    let signed = layout.signed;
    let stored = |raw: u32| -> f64 {
        let stored = raw & mask;
        if signed {
            // Sign-extend from the highest stored bit.
            f64::from(((stored << sign_shift) as i32) >> sign_shift)
        } else {
            f64::from(stored)
        }
    };
    let to_value = |raw: u32| (stored(raw) * slope + intercept) as f32;
    match layout.bits_allocated {
        8 => chunk
            .iter()
            .map(|byte| to_value(u32::from(*byte)))
            .collect(),
        16 => {
            // Every 16-bit sample has one of 65 536 values: look them up instead of
            // computing each (a 2000×2000 radiograph is 4 million samples).
            let table: Vec<f32> = (0..=u32::from(u16::MAX)).map(to_value).collect();
            chunk
                .chunks_exact(2)
                .map(|pair| {
                    let raw = usize::from(u16::from_le_bytes([pair[0], pair[1]]));
                    table.get(raw).copied().unwrap_or(f32::NAN)
                })
                .collect()
        }
        _ => chunk
            .chunks_exact(4)
            .map(|quad| to_value(u32::from_le_bytes([quad[0], quad[1], quad[2], quad[3]])))
            .collect(),
    }
}

fn rgb_bytes(path: &Path, layout: &PixelLayout, chunk: &[u8]) -> Result<Vec<u8>, ImageError> {
    if layout.bits_allocated != 8 {
        return Err(ImageError::Unsupported {
            path: path.to_path_buf(),
            what: format!("colour with {} bits per sample", layout.bits_allocated),
        });
    }
    let pixels = chunk.len() / 3;
    let interleaved: Vec<u8> = if layout.planar {
        let (red, rest) = chunk.split_at(pixels);
        let (green, blue) = rest.split_at(pixels);
        red.iter()
            .zip(green)
            .zip(blue)
            .flat_map(|((red, green), blue)| [*red, *green, *blue])
            .collect()
    } else {
        chunk.to_vec()
    };
    // Codecs hand back RGB; native YBR_FULL is converted here (PS3.3 C.7.6.3.1.2).
    match layout.photometric_of_samples.as_str() {
        "YBR_FULL" => Ok(interleaved.chunks_exact(3).flat_map(ybr_to_rgb).collect()),
        "RGB" => Ok(interleaved),
        other => Err(ImageError::Unsupported {
            path: path.to_path_buf(),
            what: format!("photometric interpretation {other}"),
        }),
    }
}

fn ybr_to_rgb(pixel: &[u8]) -> [u8; 3] {
    let (luma, blue, red) = match pixel {
        [luma, blue, red] => (
            f32::from(*luma),
            f32::from(*blue) - 128.0,
            f32::from(*red) - 128.0,
        ),
        _ => return [0, 0, 0],
    };
    let clamp = |value: f32| value.round().clamp(0.0, 255.0) as u8;
    [
        clamp(luma + 1.402 * red),
        clamp(luma - 0.344_136 * blue - 0.714_136 * red),
        clamp(luma + 1.772 * blue),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_12_bit_samples_are_sign_extended_and_rescaled() {
        let layout = PixelLayout {
            rows: 1,
            columns: 3,
            frames: 1,
            samples: 1,
            bits_allocated: 16,
            bits_stored: 12,
            signed: true,
            planar: false,
            photometric: "MONOCHROME2".to_owned(),
            photometric_of_samples: "MONOCHROME2".to_owned(),
        };
        // 0x0FFF is -1 in 12 bits; the high nibble is unused and must be ignored.
        let chunk = [0xFF, 0xFF, 0x00, 0x08, 0x10, 0x00];
        assert_eq!(
            gray_values(&layout, &chunk, 1.0, -1024.0),
            vec![-1025.0, -3072.0, -1008.0]
        );
    }
}
