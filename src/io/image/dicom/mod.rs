//! DICOM decoding: the header first (facts and a size check), then the pixel data, then our
//! own conversion of the samples, which checks every length against the header instead of
//! trusting it. Uncompressed pixel data (little or big endian, deflated) is read in place;
//! RLE by our own decoder at every bit depth and 12-bit JPEG Extended by libjpeg-turbo-rs
//! (`jpeg12`), a frame at a time from the fragments (`fragments`); the other compressed
//! syntaxes (JPEG baseline, 8-bit extended and lossless, JPEG-LS, JPEG 2000, HTJ2K) through
//! `dicom-pixeldata`'s codecs, one frame at a time (`source`, `rle`), JPEG 2000 and HTJ2K
//! codestreams checked against the header first (`j2k`).
//! Grey samples become modality values (`gray`), colour samples 8-bit RGB (`photometric`,
//! `palette`); the header's VOI tables (`voi`) and overlays (`overlay`) travel with the image
//! to the renderer.

mod fragments;
mod gray;
mod j2k;
mod jpeg12;
mod layout;
mod overlay;
mod palette;
mod photometric;
mod rle;
mod source;
mod voi;

use std::cell::RefCell;
use std::path::Path;

use dicom_dictionary_std::tags;
use dicom_object::{InMemDicomObject, OpenFileOptions};

use super::dicom_header::{
    integer, is_jpeg_family, is_native, parse_date, pixel_spacing, rescale, text,
    transfer_syntax_name,
};
use super::render::{Voi, Window};
use super::{
    DecodedImage, FramePixels, HeaderFacts, ImageError, ImageFormat, ValueUnit, check_decoded_size,
};
use gray::{GrayMapping, gray_values};
use layout::{PixelLayout, SampleKind, pixel_layout};
use palette::{Palette, read_palette};
use source::{decode_frame, lut_words, native_frames, rle_frames};

pub(super) use source::decode_native;

const BIG_ENDIAN: &str = "1.2.840.10008.1.2.2";
const RLE_LOSSLESS: &str = "1.2.840.10008.1.2.5";
const JPEG_EXTENDED: &str = "1.2.840.10008.1.2.4.51";
const JPEG_LS: [&str; 2] = ["1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"];

/// Decodes a DICOM file; `first_frame`, if given, receives the image with only its first
/// frame as soon as that is decoded, when more frames follow.
pub(super) fn load_dicom(
    path: &Path,
    mut first_frame: Option<&mut dyn FnMut(DecodedImage)>,
) -> Result<DecodedImage, ImageError> {
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
    let big_endian = transfer_syntax == BIG_ENDIAN;
    let color = layout.samples > 1 || layout.photometric == "PALETTE COLOR";
    let modality_lut = if color {
        None
    } else {
        voi::modality_lut(path, &object, layout.signed, big_endian)?
    };
    let voi_options = if color {
        Default::default()
    } else {
        voi::voi_options(
            path,
            &object,
            layout.signed && modality_lut.is_none(),
            big_endian,
        )?
    };
    let palette = if layout.photometric == "PALETTE COLOR" {
        Some(read_palette(path, &object, layout.signed, big_endian)?)
    } else {
        None
    };
    let overlays = overlay::read_overlays(path, &object, big_endian)?;
    let rescales: Vec<(f64, f64)> = (0..layout.frames as usize)
        .map(|frame| rescale(&object, frame))
        .collect();
    let (slope, intercept) = rescales.first().copied().unwrap_or((1.0, 0.0));
    let padding = (!color).then(|| pixel_padding(&object, &layout)).flatten();
    let modality = text(&object, tags::MODALITY);
    let unit = if modality.as_deref() == Some("CT") && modality_lut.is_none() {
        ValueUnit::Hounsfield
    } else {
        ValueUnit::Stored
    };
    if cfg!(not(feature = "jpeg-ls")) && JPEG_LS.contains(&transfer_syntax.as_str()) {
        return Err(ImageError::Unsupported {
            path: path.to_path_buf(),
            what: "JPEG-LS in this build (build CaseLens with `--features jpeg-ls`, which needs cmake and a C++ compiler)".to_owned(),
        });
    }
    let native = is_native(&transfer_syntax) || layout.kind != SampleKind::Integer;
    if !native {
        // The codecs interleave the samples, and all but RLE and JPEG-LS hand back RGB
        // whatever colour space the header names.
        layout.planar = false;
        if layout.samples == 3
            && transfer_syntax != RLE_LOSSLESS
            && !JPEG_LS.contains(&transfer_syntax.as_str())
            && is_jpeg_family(&transfer_syntax)
        {
            layout.photometric_of_samples = "RGB".to_owned();
        }
    }
    let header_window = voi_options.windows.first().map(|named| named.window);
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
        rescale: (!color && modality_lut.is_none()).then_some((slope, intercept)),
        unit: if color { ValueUnit::Gray } else { unit },
        header_window,
        burned_in_annotation: match text(&object, tags::BURNED_IN_ANNOTATION).as_deref() {
            Some("YES") => Some(true),
            Some("NO") => Some(false),
            _ => None,
        },
    };
    let shell = DecodedImage {
        facts,
        frames: Vec::new(),
        inverted: layout.photometric == "MONOCHROME1" || voi::presentation_inverse(&object),
        default_window: Window::IDENTITY_8BIT,
        default_voi: Voi::Window(Window::IDENTITY_8BIT),
        voi: voi_options,
        overlays,
    };
    // The first frame of several is handed on as soon as it is decoded, so a viewer shows it
    // while the others decode.
    let mut hand_on = |first: &FramePixels| {
        if let Some(callback) = first_frame.as_mut() {
            callback(with_frames(shell.clone(), vec![first.clone()]));
        }
    };
    let convert = FrameConverter {
        path,
        layout: &layout,
        palette: palette.as_ref(),
        modality_lut: modality_lut.as_ref(),
        padding,
        rescales: &rescales,
        first: RefCell::new((layout.frames > 1).then_some(&mut hand_on)),
    };
    let frames = if native {
        native_frames(path, &object, &layout, big_endian, &convert)?
    } else if transfer_syntax == RLE_LOSSLESS {
        rle_frames(path, &object, &layout, &convert)?
    } else if jpeg12::decodes(&transfer_syntax, &layout) {
        jpeg12::frames(path, &object, &layout, &convert)?
    } else if let Some(codec) = j2k::codec(&transfer_syntax) {
        j2k::frames(path, &object, &layout, &transfer_syntax, codec, &convert)?
    } else {
        (0..layout.frames)
            .map(|frame| {
                decode_frame(path, &object, &transfer_syntax, frame, |data| {
                    convert.frame(frame, data, 0)
                })
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    Ok(with_frames(shell, frames))
}

/// The image with its frames, and the defaults that depend on them: the header's window, else
/// its VOI LUT, else a window spanning the first frame's values; identity for colour.
fn with_frames(mut image: DecodedImage, frames: Vec<FramePixels>) -> DecodedImage {
    let header_window = image.voi.windows.first().map(|named| named.window);
    image.default_window = match (header_window, frames.first()) {
        (_, Some(FramePixels::Rgb(_))) => Window::IDENTITY_8BIT,
        (Some(window), _) => window,
        (None, Some(FramePixels::Gray(values))) => Window::spanning(values),
        (None, None) => Window::IDENTITY_8BIT,
    };
    image.default_voi = if header_window.is_none() && !image.voi.luts.is_empty() {
        Voi::Lut(0)
    } else {
        Voi::Window(image.default_window)
    };
    image.frames = frames;
    image
}

/// Pixel Padding Value (0028,0120) and Pixel Padding Range Limit (0028,0121) as a range of
/// stored values.
fn pixel_padding(object: &InMemDicomObject, layout: &PixelLayout) -> Option<(i64, i64)> {
    let as_stored = |value: i64| {
        // US or SS as the pixels are; read as US a negative value needs its sign back.
        if layout.signed && value > i64::from(i16::MAX) && layout.bits_allocated <= 16 {
            value - 65_536
        } else {
            value
        }
    };
    let value = as_stored(integer(object, tags::PIXEL_PADDING_VALUE)?);
    let limit = integer(object, tags::PIXEL_PADDING_RANGE_LIMIT).map_or(value, as_stored);
    Some((value.min(limit), value.max(limit)))
}

type FirstFrame<'a> = RefCell<Option<&'a mut dyn FnMut(&FramePixels)>>;

/// Converts one frame's samples, whatever their source, to what the image keeps.
struct FrameConverter<'a> {
    path: &'a Path,
    layout: &'a PixelLayout,
    palette: Option<&'a Palette>,
    modality_lut: Option<&'a gray::ModalityLut>,
    padding: Option<(i64, i64)>,
    rescales: &'a [(f64, f64)],
    /// Called with the first frame, once.
    first: FirstFrame<'a>,
}

impl FrameConverter<'_> {
    fn convert(
        &self,
        index: u32,
        chunk: &[u8],
        bit_offset: usize,
    ) -> Result<FramePixels, ImageError> {
        let needed = if self.layout.bits_allocated == 1 {
            (bit_offset + self.layout.pixels()).div_ceil(8)
        } else {
            self.layout.frame_bytes()
        };
        if chunk.len() < needed {
            return Err(ImageError::ShortPixelData {
                path: self.path.to_path_buf(),
                expected: needed as u64,
                actual: chunk.len() as u64,
            });
        }
        if let Some(palette) = self.palette {
            return Ok(FramePixels::Rgb(photometric::palette_frame(
                self.layout,
                chunk,
                palette,
            )));
        }
        if self.layout.samples == 3 {
            return photometric::rgb_frame(self.layout, chunk)
                .map(FramePixels::Rgb)
                .ok_or_else(|| ImageError::Unsupported {
                    path: self.path.to_path_buf(),
                    what: format!(
                        "photometric interpretation {}",
                        self.layout.photometric_of_samples
                    ),
                });
        }
        let (slope, intercept) = self
            .rescales
            .get(index as usize)
            .copied()
            .unwrap_or((1.0, 0.0));
        let mapping = GrayMapping {
            slope,
            intercept,
            lut: self.modality_lut,
            padding: self.padding,
        };
        Ok(FramePixels::Gray(gray_values(
            self.layout,
            chunk,
            bit_offset,
            mapping,
        )))
    }

    fn frame(
        &self,
        index: u32,
        chunk: &[u8],
        bit_offset: usize,
    ) -> Result<FramePixels, ImageError> {
        let pixels = self.convert(index, chunk, bit_offset)?;
        if index == 0
            && let Some(callback) = self.first.borrow_mut().take()
        {
            callback(&pixels);
        }
        Ok(pixels)
    }
}

/// An error's message followed by its causes': the codecs' top message alone ("Could not
/// decode pixel data") does not say what is wrong.
pub(super) fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut reason = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        reason.push_str(": ");
        reason.push_str(&cause.to_string());
        source = cause.source();
    }
    reason
}

pub(super) fn read_error(path: &Path, error: &(dyn std::error::Error + 'static)) -> ImageError {
    let reason = with_causes(error);
    if let Some(io_error) = find_io_error(error)
        && io_error.kind() == std::io::ErrorKind::NotFound
    {
        return ImageError::NotFound {
            path: path.to_path_buf(),
        };
    }
    // dicom-parser names a UID it does not know only in its message (no typed error reaches
    // here): not damage, so not the "copy it again" advice of a truncated file.
    if let Some(uid) = reason
        .split_once("Unrecognized transfer syntax `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(uid, _)| uid.to_owned())
    {
        return ImageError::UnknownTransferSyntax {
            path: path.to_path_buf(),
            uid,
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
