//! PNG and JPEG through the `image` crate: dimensions read and checked first, then decoded
//! under an allocation limit. Grey images keep their values (0–255 or 0–65535) so that
//! window/level and statistics work on them as on DICOM; colour images stay RGB.

use std::path::Path;

use image::{DynamicImage, ImageReader, Limits};

use super::render::Window;
use super::{
    DecodedImage, FramePixels, HeaderFacts, ImageError, ImageFormat, MAX_DECODED_BYTES, ValueUnit,
    check_decoded_size,
};

pub(super) fn load_raster(path: &Path, format: ImageFormat) -> Result<DecodedImage, ImageError> {
    let format_label = format.label();
    let raster_error = |reason: String| ImageError::Raster {
        path: path.to_path_buf(),
        format: format_label,
        reason,
    };
    let open = || -> Result<ImageReader<_>, ImageError> {
        ImageReader::open(path)
            .and_then(ImageReader::with_guessed_format)
            .map_err(|source| ImageError::Read {
                path: path.to_path_buf(),
                source,
            })
    };
    let (width, height) = open()?
        .into_dimensions()
        .map_err(|error| raster_error(error.to_string()))?;
    check_decoded_size(path, u64::from(width), u64::from(height), 1, 1)?;
    check_jpeg_holds_its_blocks(path, width, height)
        .map_err(|problem| raster_error(problem.to_string()))?;
    let mut reader = open()?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let decoded = reader
        .decode()
        .map_err(|error| raster_error(error.to_string()))?;
    let (frame, bits, photometric, default_window) = match decoded {
        DynamicImage::ImageLuma8(gray) => (
            FramePixels::Gray(gray.into_raw().into_iter().map(f32::from).collect()),
            8,
            "grey",
            Window::IDENTITY_8BIT,
        ),
        DynamicImage::ImageLuma16(gray) => {
            let values: Vec<f32> = gray.into_raw().into_iter().map(f32::from).collect();
            let window = Window::spanning(&values);
            (FramePixels::Gray(values), 16, "grey", window)
        }
        DynamicImage::ImageLumaA8(_) | DynamicImage::ImageLumaA16(_) => {
            // Transparency means nothing on a radiograph: flatten to grey.
            let gray = decoded.to_luma8();
            (
                FramePixels::Gray(gray.into_raw().into_iter().map(f32::from).collect()),
                8,
                "grey",
                Window::IDENTITY_8BIT,
            )
        }
        other => (
            FramePixels::Rgb(other.to_rgb8().into_raw()),
            8,
            "RGB",
            Window::IDENTITY_8BIT,
        ),
    };
    let facts = HeaderFacts {
        format,
        modality: None,
        study_date: None,
        width,
        height,
        frames: 1,
        pixel_spacing: None,
        photometric: photometric.to_owned(),
        bits_stored: bits,
        transfer_syntax: None,
        rescale: None,
        unit: ValueUnit::Gray,
        header_window: None,
        burned_in_annotation: None,
    };
    Ok(DecodedImage {
        facts,
        frames: vec![frame],
        inverted: false,
        default_window,
        default_voi: default_window.into(),
        voi: Default::default(),
        overlays: Vec::new(),
    })
}

/// A JPEG too short to encode the pixels it declares.
#[derive(Debug, thiserror::Error)]
#[error(
    "it declares {width} × {height} pixels but holds only {bytes} bytes, too few to encode them (a JPEG needs at least one bit per 8 × 8 block); the file is truncated or damaged, so export the image again"
)]
struct TooFewBytes {
    width: u32,
    height: u32,
    bytes: u64,
}

/// Refuses a JPEG too short to encode the pixels it declares. Every 8×8 block of the first
/// component costs at least one bit (its DC code), so a JPEG of `n` bytes holds at most `8n`
/// blocks; a decoder given fewer fills the rest in, and a few hundred bytes declaring a
/// hundred megapixels would take seconds to fill. A factor of four leaves room for any real
/// file (arithmetic coding, which could go below a bit a block, is not decoded anyway).
fn check_jpeg_holds_its_blocks(path: &Path, width: u32, height: u32) -> Result<(), TooFewBytes> {
    let mut magic = [0u8; 2];
    let is_jpeg = std::fs::File::open(path)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut magic))
        .is_ok()
        && magic == [0xFF, 0xD8];
    if !is_jpeg {
        return Ok(());
    }
    let bytes = std::fs::metadata(path).map_or(0, |metadata| metadata.len());
    let blocks = u64::from(width.div_ceil(8)) * u64::from(height.div_ceil(8));
    if bytes.saturating_mul(8 * 4) < blocks {
        return Err(TooFewBytes {
            width,
            height,
            bytes,
        });
    }
    Ok(())
}
