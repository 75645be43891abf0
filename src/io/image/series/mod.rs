//! CT series as stacks: a folder of single-frame DICOM files, a DICOMDIR, or an enhanced
//! multi-frame CT, scanned into series and loaded as one 16-bit volume in Hounsfield units.
//!
//! Two steps, so that listing a folder never decodes pixels:
//! - [`scan_series`] reads headers only (up to Pixel Data), groups slices by
//!   SeriesInstanceUID and orders each series along its slice normal
//!   (ImagePositionPatient · (row × column direction)); InstanceNumber orders only a series
//!   whose files give no position. What does not fit (a gap, a duplicate position, another
//!   orientation or matrix, a damaged file) becomes a [`SeriesProblem`] that names the file,
//!   and the rest of the series still opens.
//! - [`load_volume`] (or [`SeriesLoader`] on a worker thread, with progress and cancel)
//!   decodes the pixel data of a stack in parallel into [`Volume`], 2 bytes per voxel, after
//!   checking the size against [`VOLUME_BUDGET_BYTES`].
//!
//! [`planes`] cuts axial, coronal and sagittal images out of a volume with their physical
//! pixel size, and windows them to display pixels.

mod decode;
mod dicomdir;
mod headers;
mod loader;
mod order;
pub mod planes;
mod scan;
mod volume;

use std::path::PathBuf;

pub use loader::{LoadEvent, SeriesLoader};
pub use planes::{Plane, PlaneImage, WindowLut};
pub use scan::scan_series;
pub use volume::{VOLUME_BUDGET_BYTES, Volume, load_volume};

/// Series are refused beyond this many files in one scan (a folder of a whole archive).
pub const MAX_SCANNED_FILES: usize = 100_000;

/// One slice of a stack as its header describes it: which file (and frame) holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct SliceRef {
    pub path: PathBuf,
    /// The frame inside the file (0 for single-frame files).
    pub frame: u32,
    pub sop_instance_uid: String,
    pub instance_number: Option<i64>,
    /// ImagePositionPatient (mm, patient coordinates), if the header gives it.
    pub position_patient: Option<[f64; 3]>,
    /// ImagePositionPatient · slice normal, mm: where the slice lies along the stack. With no
    /// position in the header, the slice's index × spacing.
    pub position_mm: f64,
    /// Rescale slope and intercept to Hounsfield units (or stored values).
    pub rescale: (f64, f64),
}

/// One series, its slices in ascending position along the slice normal.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesStack {
    pub series_instance_uid: String,
    pub study_instance_uid: Option<String>,
    pub description: Option<String>,
    pub series_number: Option<i64>,
    pub modality: Option<String>,
    pub body_part: Option<String>,
    pub rows: u32,
    pub columns: u32,
    /// Pixel spacing (row, column), mm; `None` when the header gives none.
    pub pixel_spacing_mm: Option<(f64, f64)>,
    /// Slice Thickness (0018,0050), mm, as the header states it.
    pub slice_thickness_mm: Option<f64>,
    /// The median distance between neighbouring slices, mm (what reformats use).
    pub slice_spacing_mm: Option<f64>,
    /// Row direction × column direction: the direction of ascending slice index.
    pub normal: Option<[f64; 3]>,
    /// How the slices were ordered.
    pub ordered_by: SliceOrder,
    pub slices: Vec<SliceRef>,
    pub problems: Vec<SeriesProblem>,
}

impl SeriesStack {
    /// A human label: the description, else the series number, else the UID.
    pub fn label(&self) -> String {
        match (&self.description, self.series_number) {
            (Some(description), _) => description.clone(),
            (None, Some(number)) => format!("series {number}"),
            (None, None) => self.series_instance_uid.clone(),
        }
    }

    /// Whether the stack reads as a CT in Hounsfield units.
    pub fn is_ct(&self) -> bool {
        self.modality.as_deref() == Some("CT")
    }

    /// Decoded size of the whole stack, bytes (2 per voxel).
    pub fn volume_bytes(&self) -> u64 {
        u64::from(self.rows)
            .saturating_mul(u64::from(self.columns))
            .saturating_mul(self.slices.len() as u64)
            .saturating_mul(2)
    }
}

/// How a stack's slices were put in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliceOrder {
    /// ImagePositionPatient projected on the slice normal: the true order.
    Position,
    /// InstanceNumber, because the headers give no position or orientation.
    InstanceNumber,
}

/// What a scan found in a folder.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeriesScan {
    pub series: Vec<SeriesStack>,
    /// Files that could not be read as image slices, each named.
    pub problems: Vec<SeriesProblem>,
    /// Files skipped because they are not DICOM (by their first bytes and extension).
    pub not_dicom: usize,
}

/// Something a scan or a load could not take, naming the file, and what the stack does
/// about it. None of them stops the rest of the series from opening.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SeriesProblem {
    #[error("{}: {reason}; the file is left out of the series", path.display())]
    Unreadable { path: PathBuf, reason: String },
    /// An image error whose message already names the file.
    #[error("{message}; the file is left out of the series")]
    Rejected { path: PathBuf, message: String },
    #[error(
        "{}: the pixel data is shorter than the header's {rows}×{columns} slice(s) need: the file is truncated; it is left out, copy it again from the archive", path.display()
    )]
    Truncated {
        path: PathBuf,
        rows: u32,
        columns: u32,
    },
    #[error(
        "gap in series {series}: {:.2} mm between {} ({from_mm:.2} mm) and {} ({to_mm:.2} mm), where slices are {spacing_mm:.2} mm apart: about {missing} slice(s) missing; reformats join the slices across the gap", to_mm - from_mm, before.display(), after.display()
    )]
    Gap {
        series: String,
        before: PathBuf,
        after: PathBuf,
        from_mm: f64,
        to_mm: f64,
        spacing_mm: f64,
        missing: usize,
    },
    #[error(
        "{}: same position ({position_mm:.2} mm) as {}; the duplicate is left out", duplicate.display(), kept.display()
    )]
    DuplicatePosition {
        kept: PathBuf,
        duplicate: PathBuf,
        position_mm: f64,
    },
    #[error(
        "{}: {what} differs from the rest of series {series}; the slice is left out (open it on its own)", path.display()
    )]
    Mismatch {
        path: PathBuf,
        series: String,
        what: &'static str,
    },
    #[error(
        "series {series}: the headers give no slice position, so slices are ordered by InstanceNumber; check the order before measuring along the stack"
    )]
    OrderedByInstanceNumber { series: String },
    /// `reason` is the decoder's message, which names the file.
    #[error("{reason}; the slice shows no data")]
    NotDecoded { path: PathBuf, reason: String },
    #[error("{}: DICOMDIR entry {reason}; the entry is skipped", path.display())]
    DicomDirEntry { path: PathBuf, reason: String },
}

/// Why a folder or a series could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum SeriesError {
    #[error("{}: folder or DICOMDIR not found; give the folder that holds the series' files", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: cannot read ({source}); check that you may read it", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: more than {limit} files; give the folder of one study or series, not a whole archive", path.display()
    )]
    TooManyFiles { path: PathBuf, limit: usize },
    #[error("{}: cannot read the DICOMDIR ({reason}); give the folder of the series instead", path.display())]
    DicomDir { path: PathBuf, reason: String },
    #[error(
        "series {series}: {slices} slices of {columns}×{rows} need {bytes} bytes in memory, more than the {budget}-byte budget; open a thinner reconstruction or a part of the series"
    )]
    OverBudget {
        series: String,
        slices: usize,
        rows: u32,
        columns: u32,
        bytes: u64,
        budget: u64,
    },
    #[error(
        "series {series}: the headers describe {bytes} bytes of pixels, but the files hold only {file_bytes} bytes, more than any compression explains: the headers are corrupt; export the series again"
    )]
    ClaimsTooMuch {
        series: String,
        bytes: u64,
        file_bytes: u64,
    },
    #[error("series {series}: no slice could be decoded; the first failure was: {first}")]
    NothingDecoded { series: String, first: String },
    #[error("series {series} has no slices")]
    Empty { series: String },
    #[error("loading was cancelled")]
    Cancelled,
}
