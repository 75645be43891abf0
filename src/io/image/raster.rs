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
