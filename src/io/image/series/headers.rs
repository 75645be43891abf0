//! One file's header, read up to Pixel Data and never past it: the facts that place its
//! slices (one per frame) in a series. Enhanced multi-frame objects keep position,
//! orientation, spacing and rescale per frame in functional groups, which
//! `dicom_header::frame_floats` looks up first.

use std::path::{Path, PathBuf};

use dicom_dictionary_std::tags;
use dicom_object::OpenFileOptions;

use super::super::ImageError;
use super::super::dicom_header::{frame_floats, integer, is_native, pixel_spacing, rescale, text};
use super::super::dicom_scan::check_declared_lengths;
use super::SeriesProblem;

/// The facts of one frame of one file.
#[derive(Clone, Debug)]
pub(super) struct FrameHeader {
    pub path: PathBuf,
    pub frame: u32,
    pub series_instance_uid: String,
    pub study_instance_uid: Option<String>,
    pub description: Option<String>,
    pub series_number: Option<i64>,
    pub modality: Option<String>,
    pub body_part: Option<String>,
    pub sop_instance_uid: String,
    pub instance_number: Option<i64>,
    pub rows: u32,
    pub columns: u32,
    pub pixel_spacing_mm: Option<(f64, f64)>,
    pub slice_thickness_mm: Option<f64>,
    pub position: Option<[f64; 3]>,
    pub orientation: Option<[f64; 6]>,
    pub rescale: (f64, f64),
}

/// What reading one file's header gave.
pub(super) enum FileHeader {
    /// Not DICOM by its first bytes and extension: skipped without a message.
    NotDicom,
    /// DICOM, but no image slices of a stack (a DICOMDIR, a report, a colour image…).
    NoSlices,
    Slices(Vec<FrameHeader>),
    Problem(SeriesProblem),
}

/// The least a compressed frame takes of a file: the header of the item holding its fragment.
const FRAGMENT_HEADER_BYTES: u64 = 8;

pub(super) fn read_file_header(path: &Path) -> FileHeader {
    match super::super::sniff_format(path) {
        Ok(super::super::ImageFormat::Dicom) => {}
        Ok(_) | Err(ImageError::UnknownFormat { .. }) => return FileHeader::NotDicom,
        Err(error) => return rejected(path, &error),
    }
    if let Err(error) = check_declared_lengths(path) {
        return rejected(path, &error);
    }
    let object = match OpenFileOptions::new()
        .read_until(tags::PIXEL_DATA)
        .open_file(path)
    {
        Ok(object) => object,
        Err(error) => return unreadable(path, format!("not readable as DICOM ({error})")),
    };
    let (Some(rows), Some(columns)) = (
        positive(integer(&object, tags::ROWS)),
        positive(integer(&object, tags::COLUMNS)),
    ) else {
        return FileHeader::NoSlices;
    };
    if integer(&object, tags::SAMPLES_PER_PIXEL).is_some_and(|samples| samples != 1) {
        return FileHeader::NoSlices;
    }
    let Some(series_instance_uid) = text(&object, tags::SERIES_INSTANCE_UID) else {
        return unreadable(
            path,
            "the header has no SeriesInstanceUID (0020,000E)".to_owned(),
        );
    };
    let frames = match integer(&object, tags::NUMBER_OF_FRAMES) {
        None => 1,
        Some(count) => match u32::try_from(count) {
            Ok(count) if count > 0 => count,
            _ => {
                return unreadable(path, format!("Number of Frames (0028,0008) is {count}"));
            }
        },
    };
    let bits_allocated = integer(&object, tags::BITS_ALLOCATED).unwrap_or(16);
    if !matches!(bits_allocated, 8 | 16) {
        return unreadable(
            path,
            format!("Bits Allocated {bits_allocated} is not a CT stack's 8 or 16"),
        );
    }
    let transfer_syntax = object.meta().transfer_syntax().trim_end_matches('\0');
    let size = std::fs::metadata(path).map_or(0, |metadata| metadata.len());
    if !is_native(transfer_syntax) && u64::from(frames) * FRAGMENT_HEADER_BYTES > size {
        // Each compressed frame takes at least one fragment (an 8-byte item header) of the file;
        // a count beyond that would have the scan list, and the loader try, frames that are not
        // there, in work that grows with the claim and not with the file.
        return unreadable(
            path,
            format!(
                "Number of Frames (0028,0008) is {frames}, more compressed frames than a file of {size} bytes can hold"
            ),
        );
    }
    if is_native(transfer_syntax) {
        // A cut-short native file is known from its size alone, before any decoding.
        let pixel_bytes =
            u64::from(rows) * u64::from(columns) * u64::from(frames) * (bits_allocated as u64 / 8);
        if size < pixel_bytes {
            return FileHeader::Problem(SeriesProblem::Truncated {
                path: path.to_path_buf(),
                rows,
                columns,
            });
        }
    }
    let sop_instance_uid = text(&object, tags::SOP_INSTANCE_UID).unwrap_or_default();
    let spacing = pixel_spacing(&object).map(|spacing| (spacing.row_mm, spacing.column_mm));
    let headers = (0..frames as usize)
        .map(|frame| {
            let position = frame_floats(
                &object,
                frame,
                tags::PLANE_POSITION_SEQUENCE,
                tags::IMAGE_POSITION_PATIENT,
            )
            .and_then(|values| <[f64; 3]>::try_from(values.get(..3)?).ok());
            let orientation = frame_floats(
                &object,
                frame,
                tags::PLANE_ORIENTATION_SEQUENCE,
                tags::IMAGE_ORIENTATION_PATIENT,
            )
            .and_then(|values| <[f64; 6]>::try_from(values.get(..6)?).ok());
            let thickness = frame_floats(
                &object,
                frame,
                tags::PIXEL_MEASURES_SEQUENCE,
                tags::SLICE_THICKNESS,
            )
            .and_then(|values| values.first().copied())
            .filter(|thickness| *thickness > 0.0);
            FrameHeader {
                path: path.to_path_buf(),
                frame: frame as u32,
                series_instance_uid: series_instance_uid.clone(),
                study_instance_uid: text(&object, tags::STUDY_INSTANCE_UID),
                description: text(&object, tags::SERIES_DESCRIPTION),
                series_number: integer(&object, tags::SERIES_NUMBER),
                modality: text(&object, tags::MODALITY),
                body_part: text(&object, tags::BODY_PART_EXAMINED),
                sop_instance_uid: sop_instance_uid.clone(),
                instance_number: integer(&object, tags::INSTANCE_NUMBER),
                rows,
                columns,
                pixel_spacing_mm: spacing,
                slice_thickness_mm: thickness,
                position,
                orientation,
                rescale: rescale(&object, frame),
            }
        })
        .collect();
    FileHeader::Slices(headers)
}

fn positive(value: Option<i64>) -> Option<u32> {
    value
        .and_then(|value| u16::try_from(value).ok())
        .filter(|value| *value > 0)
        .map(u32::from)
}

fn unreadable(path: &Path, reason: String) -> FileHeader {
    FileHeader::Problem(SeriesProblem::Unreadable {
        path: path.to_path_buf(),
        reason,
    })
}

fn rejected(path: &Path, error: &ImageError) -> FileHeader {
    FileHeader::Problem(SeriesProblem::Rejected {
        path: path.to_path_buf(),
        message: error.to_string(),
    })
}
