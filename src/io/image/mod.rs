//! Image decoding for the viewer and for `caselens image`: PNG, JPEG and DICOM, with
//! window/level, region statistics and annotations burned into a PNG.
//!
//! A decoded image keeps its values as the modality defines them (Hounsfield units on CT,
//! stored values on radiographs, 0–255 on PNG/JPEG); a [`Window`] maps them to display grey
//! levels only when rendering, so statistics never see display values. Only the header facts
//! a reviewer needs to read the image ([`HeaderFacts`]) are taken from a DICOM file: names,
//! identifiers, birth dates and institutions are never read, so they cannot reach a case file
//! or an export.

mod burn_in;
mod dicom;
mod dicom_header;
mod dicom_scan;
mod overlay;
mod paths;
mod raster;
mod render;
pub mod series;
mod stats;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use burn_in::{BurnInError, burn_in_annotations, ellipse_outline, write_png};
pub use overlay::{Overlay, draw_overlays};
pub use paths::relative_path;
pub use render::{
    NamedWindow, RenderedImage, Voi, VoiFunction, VoiLut, VoiOptions, Window, WindowPreset,
    render_frame,
};
pub use stats::{RegionStats, length_mm, region_stats};

/// The most decoded pixel data one image may make us hold (all frames, after decoding):
/// 1 GiB. A header claiming more is refused before anything that size is allocated.
pub const MAX_DECODED_BYTES: u64 = 1 << 30;
/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 2 << 30;

/// Which decoder read the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Dicom,
}

impl ImageFormat {
    pub fn label(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
            Self::Dicom => "DICOM",
        }
    }
}

/// What the pixel values mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueUnit {
    /// Hounsfield units (CT after rescale slope and intercept).
    Hounsfield,
    /// Values as the modality stores them (after any rescale), without a physical unit.
    Stored,
    /// Display grey levels of a PNG or JPEG (0–255, or 0–65535 for 16-bit PNG).
    Gray,
}

impl ValueUnit {
    /// The unit as written after a number: `HU`, or nothing.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Hounsfield => " HU",
            Self::Stored | Self::Gray => "",
        }
    }
}

/// Where a pixel size comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpacingSource {
    /// Pixel Spacing (0028,0030): in the patient.
    PixelSpacing,
    /// Imager Pixel Spacing (0018,1164): at the detector of a projection radiograph, so
    /// lengths in the patient are overstated by the magnification (typically 5–15 %).
    ImagerPixelSpacing,
}

/// Physical size of a pixel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PixelSpacing {
    /// Distance between rows (vertical size of a pixel), mm.
    pub row_mm: f64,
    /// Distance between columns (horizontal size of a pixel), mm.
    pub column_mm: f64,
    pub source: SpacingSource,
}

/// The facts about an image a reviewer needs beside it. Deliberately nothing that
/// identifies the patient.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderFacts {
    pub format: ImageFormat,
    /// DICOM Modality (0008,0060): `CT`, `CR`, `DX`.
    pub modality: Option<String>,
    pub study_date: Option<NaiveDate>,
    pub width: u32,
    pub height: u32,
    pub frames: u32,
    pub pixel_spacing: Option<PixelSpacing>,
    /// `MONOCHROME1`, `MONOCHROME2`, `RGB`…
    pub photometric: String,
    pub bits_stored: u16,
    /// Transfer syntax name and UID, for DICOM.
    pub transfer_syntax: Option<String>,
    /// Rescale slope and intercept applied to the stored values.
    pub rescale: Option<(f64, f64)>,
    pub unit: ValueUnit,
    /// The first window the header gives, if any.
    pub header_window: Option<Window>,
    /// Burned In Annotation (0028,0301): `Some(true)` when the pixels themselves carry text
    /// (names, dates) that no de-identification of the header removes.
    pub burned_in_annotation: Option<bool>,
}

/// The pixels of one frame.
#[derive(Clone, Debug, PartialEq)]
pub enum FramePixels {
    /// One value per pixel, row by row, in the image's [`ValueUnit`]. NaN marks Pixel Padding
    /// (no value): drawn as background and left out of region statistics.
    Gray(Vec<f32>),
    /// Three bytes per pixel (R, G, B), row by row.
    Rgb(Vec<u8>),
}

impl FramePixels {
    /// The value at a pixel, for statistics: the grey value, or the luma of a colour pixel.
    pub fn value_at(&self, index: usize) -> Option<f32> {
        match self {
            Self::Gray(values) => values.get(index).copied(),
            Self::Rgb(bytes) => {
                let start = index.checked_mul(3)?;
                let pixel = bytes.get(start..start + 3)?;
                Some(
                    0.299 * f32::from(pixel[0])
                        + 0.587 * f32::from(pixel[1])
                        + 0.114 * f32::from(pixel[2]),
                )
            }
        }
    }
}

/// A decoded image: its header facts and every frame.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedImage {
    pub facts: HeaderFacts,
    pub frames: Vec<FramePixels>,
    /// MONOCHROME1: low values are white, so the display is inverted after windowing.
    pub inverted: bool,
    /// The window the viewer opens with: the header's, else one spanning the values of the
    /// first frame, else identity for 8-bit images.
    pub default_window: Window,
    /// What the viewer opens with: `default_window`, or the header's VOI LUT when it gives
    /// one and no window.
    pub default_voi: Voi,
    /// The header's windows (with their explanations), VOI LUTs and VOI LUT Function.
    pub voi: VoiOptions,
    /// Overlay planes (60xx groups), drawn over the image when the viewer shows them.
    pub overlays: Vec<Overlay>,
}

impl DecodedImage {
    pub fn width(&self) -> u32 {
        self.facts.width
    }

    pub fn height(&self) -> u32 {
        self.facts.height
    }

    pub fn frame(&self, index: u32) -> Option<&FramePixels> {
        self.frames.get(index as usize)
    }

    pub fn is_color(&self) -> bool {
        matches!(self.frames.first(), Some(FramePixels::Rgb(_)))
    }
}

/// Why an image could not be shown. Each message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error(
        "{}: image file not found; image paths are relative to the case file's folder: put the file back there or attach it again", path.display()
    )]
    NotFound { path: PathBuf },
    #[error("{}: cannot read the image file: {source}; check that you may read it", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: not a PNG, JPEG or DICOM file (its first bytes match none of them); attach the image in one of these formats", path.display()
    )]
    UnknownFormat { path: PathBuf },
    #[error(
        "{}: the file is {size} bytes, more than the {limit} bytes CaseLens opens; export a smaller image or fewer frames", path.display()
    )]
    FileTooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "{}: the header describes {width}×{height} pixels × {frames} frame(s) × {samples} sample(s), {claimed} bytes once decoded, more than the {limit}-byte limit; the header is corrupt or the series must be split", path.display()
    )]
    TooLarge {
        path: PathBuf,
        width: u64,
        height: u64,
        frames: u64,
        samples: u64,
        claimed: u64,
        limit: u64,
    },
    #[error(
        "{}: truncated or malformed DICOM ({reason}); the file is incomplete or damaged: copy it again from the archive", path.display()
    )]
    DicomRead { path: PathBuf, reason: String },
    #[error(
        "{}: the DICOM header lacks or garbles {attribute}; the file cannot be shown: export it again from the archive", path.display()
    )]
    DicomAttribute {
        path: PathBuf,
        attribute: &'static str,
    },
    #[error(
        "{}: transfer syntax {name} ({uid}) is not supported; convert the file to an uncompressed one (for example `dcmconv +te IN OUT` or `gdcmconv --raw IN OUT`) and attach the converted file", path.display()
    )]
    UnsupportedTransferSyntax {
        path: PathBuf,
        name: String,
        uid: String,
    },
    #[error(
        "{}: transfer syntax {uid} is not one the DICOM standard defines (a private or mistyped UID); ask the sender for the image in a standard transfer syntax, or convert it where their tools read it to an uncompressed one (`dcmconv +te IN OUT`, `gdcmconv --raw IN OUT`)", path.display()
    )]
    UnknownTransferSyntax { path: PathBuf, uid: String },
    #[error(
        "{}: the file is empty (0 bytes); copy it again from where it came from", path.display()
    )]
    Empty { path: PathBuf },
    #[error(
        "{}: no DICOM file header (a 128-byte preamble, then `DICM`): it is a bare data set, as some old scanners and exports write, which does not say how its pixels are encoded; export the image again as a DICOM file (Part 10), or convert it with `dcmconv` (DCMTK)", path.display()
    )]
    NoDicomHeader { path: PathBuf },
    #[error("{}: {what} is not supported; convert the image to PNG or to an uncompressed DICOM", path.display())]
    Unsupported { path: PathBuf, what: String },
    #[error(
        "{}: the pixel data holds {actual} bytes but the header describes {expected}: the file is truncated; copy it again from the archive", path.display()
    )]
    ShortPixelData {
        path: PathBuf,
        expected: u64,
        actual: u64,
    },
    #[error(
        "{}: cannot decode the pixel data ({reason}); the file may be damaged: open it in another viewer to check", path.display()
    )]
    PixelData { path: PathBuf, reason: String },
    #[error(
        "{}: frame {frame} of the {codec} pixel data cannot be decoded ({reason}); the file is truncated or damaged: copy it again from the archive", path.display()
    )]
    DamagedFrame {
        path: PathBuf,
        /// Numbered from 0, as `NoSuchFrame` and the CLI number frames.
        frame: u32,
        codec: &'static str,
        reason: String,
    },
    #[error(
        "{}: the {table} holds {actual} entries but its descriptor states {stated}: the table is truncated; export the image again from the archive", path.display()
    )]
    ShortLut {
        path: PathBuf,
        table: String,
        stated: u64,
        actual: u64,
    },
    #[error(
        "{}: the {table} is out of range ({reason}); the header is damaged or not conformant: export the image again from the archive", path.display()
    )]
    LutOutOfRange {
        path: PathBuf,
        table: String,
        reason: String,
    },
    #[error(
        "{}: overlay {group:04X} holds {actual} bytes but describes {expected}: the overlay is truncated; export the image again from the archive", path.display()
    )]
    ShortOverlay {
        path: PathBuf,
        group: u16,
        expected: u64,
        actual: u64,
    },
    #[error("{}: cannot decode the {format} image ({}); the file may be damaged: open it in another viewer to check, or copy it again", path.display(), reason.trim())]
    Raster {
        path: PathBuf,
        format: &'static str,
        reason: String,
    },
    #[error("{}: frame {frame} does not exist; the image has {count} frame(s), numbered from 0", path.display())]
    NoSuchFrame {
        path: PathBuf,
        frame: u32,
        count: u32,
    },
    #[error("{}: could not write the PNG ({reason}); check that the folder exists and is writable", path.display())]
    Write { path: PathBuf, reason: String },
}

impl ImageError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::NotFound { path }
            | Self::Read { path, .. }
            | Self::UnknownFormat { path }
            | Self::FileTooLarge { path, .. }
            | Self::TooLarge { path, .. }
            | Self::DicomRead { path, .. }
            | Self::DicomAttribute { path, .. }
            | Self::UnsupportedTransferSyntax { path, .. }
            | Self::Unsupported { path, .. }
            | Self::UnknownTransferSyntax { path, .. }
            | Self::Empty { path }
            | Self::NoDicomHeader { path }
            | Self::ShortPixelData { path, .. }
            | Self::PixelData { path, .. }
            | Self::DamagedFrame { path, .. }
            | Self::ShortLut { path, .. }
            | Self::LutOutOfRange { path, .. }
            | Self::ShortOverlay { path, .. }
            | Self::Raster { path, .. }
            | Self::NoSuchFrame { path, .. }
            | Self::Write { path, .. } => path,
        }
    }
}

/// Decodes a PNG, JPEG or DICOM file, whatever its extension says.
pub fn load_image(path: &Path) -> Result<DecodedImage, ImageError> {
    let format = sniff_format(path)?;
    match format {
        ImageFormat::Dicom => dicom::load_dicom(path, None),
        ImageFormat::Png | ImageFormat::Jpeg => raster::load_raster(path, format),
    }
}

/// Decodes like [`load_image`]; for a multi-frame image, `first_frame` receives the image with
/// only its first frame as soon as that is decoded (its `facts.frames` tells how many follow),
/// so a viewer can show it while the rest decode.
pub fn load_image_progressively(
    path: &Path,
    mut first_frame: impl FnMut(DecodedImage),
) -> Result<DecodedImage, ImageError> {
    let format = sniff_format(path)?;
    match format {
        ImageFormat::Dicom => dicom::load_dicom(path, Some(&mut first_frame)),
        ImageFormat::Png | ImageFormat::Jpeg => raster::load_raster(path, format),
    }
}

/// Reads the first bytes and checks the size: DICOM has `DICM` after a 128-byte preamble,
/// PNG and JPEG have their signatures.
fn sniff_format(path: &Path) -> Result<ImageFormat, ImageError> {
    use std::io::Read;
    let read_error = |source: std::io::Error| {
        if source.kind() == std::io::ErrorKind::NotFound {
            ImageError::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            ImageError::Read {
                path: path.to_path_buf(),
                source,
            }
        }
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let size = file.metadata().map_err(read_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ImageError::FileTooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    if size == 0 {
        return Err(ImageError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut head = Vec::with_capacity(132);
    file.take(132).read_to_end(&mut head).map_err(read_error)?;
    if head.get(128..132) == Some(b"DICM") {
        Ok(ImageFormat::Dicom)
    } else if head.starts_with(&[0x89, b'P', b'N', b'G']) {
        Ok(ImageFormat::Png)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(ImageFormat::Jpeg)
    } else if has_dicom_extension(path) {
        // Named DICOM, but without the file header that says how to read the rest.
        Err(ImageError::NoDicomHeader {
            path: path.to_path_buf(),
        })
    } else {
        Err(ImageError::UnknownFormat {
            path: path.to_path_buf(),
        })
    }
}

fn has_dicom_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extension.eq_ignore_ascii_case("dcm") || extension.eq_ignore_ascii_case("dicom")
        })
}

/// Checks what decoding would allocate against [`MAX_DECODED_BYTES`] before anything is
/// allocated. Values are kept as 4-byte floats (grey) or 3 bytes (colour) per pixel.
fn check_decoded_size(
    path: &Path,
    width: u64,
    height: u64,
    frames: u64,
    samples: u64,
) -> Result<(), ImageError> {
    let bytes_per_pixel = if samples == 1 { 4 } else { samples };
    check_buffer_size(path, width, height, frames, samples, bytes_per_pixel)
}

/// Checks a buffer of `bytes_per_pixel` for every pixel of every frame (a decoder's own
/// samples) against [`MAX_DECODED_BYTES`], before it is allocated.
fn check_buffer_size(
    path: &Path,
    width: u64,
    height: u64,
    frames: u64,
    samples: u64,
    bytes_per_pixel: u64,
) -> Result<(), ImageError> {
    let claimed = width
        .saturating_mul(height)
        .saturating_mul(frames)
        .saturating_mul(bytes_per_pixel);
    if claimed > MAX_DECODED_BYTES {
        return Err(ImageError::TooLarge {
            path: path.to_path_buf(),
            width,
            height,
            frames,
            samples,
            claimed,
            limit: MAX_DECODED_BYTES,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_says_where_paths_are_relative_to() {
        let error = load_image(Path::new("no/such/image.png")).unwrap_err();
        assert!(matches!(error, ImageError::NotFound { .. }));
        let message = error.to_string();
        assert!(message.starts_with("no/such/image.png: image file not found"));
        assert!(message.contains("relative to the case file's folder"));
    }

    #[test]
    fn a_text_file_is_not_taken_for_an_image() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("notes.png");
        std::fs::write(&path, "not an image").unwrap();
        assert!(matches!(
            load_image(&path),
            Err(ImageError::UnknownFormat { .. })
        ));
    }

    #[test]
    fn a_header_claiming_gigabytes_is_refused_before_allocation() {
        let error = check_decoded_size(Path::new("big.dcm"), 65535, 65535, 1000, 1).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("more than the 1073741824-byte limit")
        );
        assert!(check_decoded_size(Path::new("ok.dcm"), 2000, 2000, 1, 1).is_ok());
    }
}
