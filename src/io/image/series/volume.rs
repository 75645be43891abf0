//! A stack decoded into memory: one `i16` per voxel (Hounsfield units on CT, rounded to
//! 1 HU), slices in ascending position along the normal.
//!
//! Memory: exactly rows × columns × slices × 2 bytes, checked against
//! [`VOLUME_BUDGET_BYTES`] (1 GiB: 2,048 slices of 512×512) before anything is allocated.
//! Files are decoded in parallel, one worker per core, each file straight into its slices.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::decode::{FrameTarget, decode_frames};
use super::{SeriesError, SeriesProblem, SeriesStack, SliceRef};

/// The most memory one decoded series may take, bytes. A stack beyond it is refused with a
/// message saying how much it would need.
pub const VOLUME_BUDGET_BYTES: u64 = 1 << 30;

/// Compressed files may decode to at most this many times their size (lossless CT
/// compresses 2–3×, an empty padded slice a few hundred times), and any stack to at least
/// [`ALWAYS_ALLOWED_BYTES`]: a few small files claiming a huge matrix cannot make us
/// allocate memory their contents could never fill.
const MAX_EXPANSION: u64 = 1000;
const ALWAYS_ALLOWED_BYTES: u64 = 64 << 20;

/// The value of voxels in slices that could not be decoded (shown black, read as no data).
pub const NO_DATA: i16 = i16::MIN;

/// A decoded stack.
#[derive(Clone, Debug)]
pub struct Volume {
    pub series_instance_uid: String,
    pub label: String,
    /// Whether voxels are Hounsfield units (a CT) or stored values.
    pub hounsfield: bool,
    pub columns: usize,
    pub rows: usize,
    /// Pixel size within a slice, mm (1 when the header gives none: see `spacing_known`).
    pub column_mm: f64,
    pub row_mm: f64,
    /// Distance between slices used by reformats, mm (the median step).
    pub slice_spacing_mm: f64,
    /// Whether the header gave the pixel spacing; without it, no length is in mm.
    pub spacing_known: bool,
    /// Direction of ascending slice index in patient coordinates (LPS), if known.
    pub normal: Option<[f64; 3]>,
    /// The slices in order: file, SOPInstanceUID, position along the normal.
    pub slices: Vec<SliceRef>,
    /// Slices that could not be decoded (their voxels are [`NO_DATA`]), each named.
    pub problems: Vec<SeriesProblem>,
    pub(super) failed: Vec<bool>,
    pub(super) voxels: Vec<i16>,
}

impl Volume {
    pub fn slice_count(&self) -> usize {
        self.slices.len()
    }

    fn slice_len(&self) -> usize {
        self.rows * self.columns
    }

    /// The values of axial slice `index`, row by row.
    pub fn slice(&self, index: usize) -> Option<&[i16]> {
        let len = self.slice_len();
        self.voxels
            .get(index.checked_mul(len)?..(index + 1).checked_mul(len)?)
    }

    /// The value of one voxel, `None` outside the volume or in a slice that was not decoded.
    pub fn value(&self, column: usize, row: usize, slice: usize) -> Option<i16> {
        if column >= self.columns || row >= self.rows || *self.failed.get(slice)? {
            return None;
        }
        self.slice(slice)?.get(row * self.columns + column).copied()
    }

    /// Whether slice `index` was decoded.
    pub fn is_decoded(&self, index: usize) -> bool {
        self.failed.get(index).is_some_and(|failed| !failed)
    }

    /// The slice whose position along the normal is nearest `position_mm`.
    pub fn nearest_slice(&self, position_mm: f64) -> Option<usize> {
        self.slices
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| {
                (a.position_mm - position_mm)
                    .abs()
                    .total_cmp(&(b.position_mm - position_mm).abs())
            })
            .map(|(index, _)| index)
    }

    /// Decoded size, bytes.
    pub fn memory_bytes(&self) -> usize {
        self.voxels.len() * std::mem::size_of::<i16>()
    }
}

/// Workers for decoding: one per core, at most 8.
pub(super) fn worker_count() -> usize {
    std::thread::available_parallelism().map_or(2, |count| count.get().clamp(1, 8))
}

/// Decodes a stack into memory, in parallel. `progress` counts decoded slices; setting
/// `cancel` stops the workers after their current file. `first` is decoded before any other
/// slice and handed to `on_first` as soon as it is ready, so a viewer can show it at once.
pub fn load_volume(
    stack: &SeriesStack,
    first: usize,
    progress: &AtomicUsize,
    cancel: &AtomicBool,
    on_first: &(dyn Fn(usize, &[i16]) + Sync),
) -> Result<Volume, SeriesError> {
    let label = stack.label();
    if stack.slices.is_empty() {
        return Err(SeriesError::Empty { series: label });
    }
    let bytes = stack.volume_bytes();
    if bytes > VOLUME_BUDGET_BYTES {
        return Err(SeriesError::OverBudget {
            series: label,
            slices: stack.slices.len(),
            rows: stack.rows,
            columns: stack.columns,
            bytes,
            budget: VOLUME_BUDGET_BYTES,
        });
    }
    let files: std::collections::BTreeSet<&std::path::Path> = stack
        .slices
        .iter()
        .map(|slice| slice.path.as_path())
        .collect();
    let file_bytes: u64 = files
        .iter()
        .map(|path| std::fs::metadata(path).map_or(0, |metadata| metadata.len()))
        .sum();
    if bytes > ALWAYS_ALLOWED_BYTES.max(file_bytes.saturating_mul(MAX_EXPANSION)) {
        return Err(SeriesError::ClaimsTooMuch {
            series: label,
            bytes,
            file_bytes,
        });
    }
    let slice_len = stack.rows as usize * stack.columns as usize;
    // Zeroed memory comes from the allocator untouched; pages are filled as slices decode.
    let mut voxels = vec![0i16; slice_len * stack.slices.len()];
    let first = first.min(stack.slices.len() - 1);
    let jobs = file_jobs(stack, first, &mut voxels, slice_len);
    let queue = Mutex::new(jobs);
    let failures = Mutex::new(Vec::<(Vec<usize>, SeriesProblem)>::new());
    let work = || {
        loop {
            if cancel.load(Ordering::Relaxed) {
                return;
            }
            // A poisoned lock still holds every job and failure: recover them, lose none.
            let job = queue.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let Some(mut job) = job else { return };
            let outcome = decode_frames(&job.path, stack.rows, stack.columns, &mut job.targets);
            let indices: Vec<usize> = job.indices.clone();
            match outcome {
                Ok(()) => {
                    if let Some(position) = indices.iter().position(|index| *index == first) {
                        on_first(first, job.targets[position].out);
                    }
                }
                Err(error) => {
                    failures
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push((
                            indices.clone(),
                            SeriesProblem::NotDecoded {
                                path: job.path.clone(),
                                reason: error.to_string(),
                            },
                        ));
                }
            }
            progress.fetch_add(indices.len(), Ordering::Relaxed);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..worker_count() {
            scope.spawn(work);
        }
        work();
    });
    if cancel.load(Ordering::Relaxed) {
        return Err(SeriesError::Cancelled);
    }
    let mut failed = vec![false; stack.slices.len()];
    let mut problems = Vec::new();
    let failures = failures
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    for (indices, problem) in failures {
        for index in indices {
            failed[index] = true;
            if let Some(slice) = voxels.get_mut(index * slice_len..(index + 1) * slice_len) {
                slice.fill(NO_DATA);
            }
        }
        problems.push(problem);
    }
    // Workers finish in any order; sorted, the messages (each led by its file) read the same
    // every time.
    problems.sort_by_key(ToString::to_string);
    if failed.iter().all(|failed| *failed) {
        return Err(SeriesError::NothingDecoded {
            series: label,
            first: problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default(),
        });
    }
    let (row_mm, column_mm) = stack.pixel_spacing_mm.unwrap_or((1.0, 1.0));
    Ok(Volume {
        series_instance_uid: stack.series_instance_uid.clone(),
        label,
        hounsfield: stack.is_ct(),
        columns: stack.columns as usize,
        rows: stack.rows as usize,
        column_mm,
        row_mm,
        slice_spacing_mm: stack
            .slice_spacing_mm
            .or(stack.slice_thickness_mm)
            .unwrap_or(1.0),
        spacing_known: stack.pixel_spacing_mm.is_some(),
        normal: stack.normal,
        slices: stack.slices.clone(),
        problems,
        failed,
        voxels,
    })
}

/// The frames of one file and their places in the volume.
struct FileJob<'volume> {
    path: std::path::PathBuf,
    indices: Vec<usize>,
    targets: Vec<FrameTarget<'volume>>,
}

/// One job per file (a multi-frame file is opened once for all its frames), ordered so that
/// the file holding `first` is taken first (the queue pops from the end).
fn file_jobs<'volume>(
    stack: &SeriesStack,
    first: usize,
    voxels: &'volume mut [i16],
    slice_len: usize,
) -> Vec<FileJob<'volume>> {
    let mut jobs: Vec<FileJob<'volume>> = Vec::new();
    let mut by_path: std::collections::HashMap<&std::path::Path, usize> =
        std::collections::HashMap::new();
    for (index, (slice, out)) in stack
        .slices
        .iter()
        .zip(voxels.chunks_mut(slice_len.max(1)))
        .enumerate()
    {
        let target = FrameTarget {
            frame: slice.frame,
            rescale: slice.rescale,
            out,
        };
        match by_path.get(slice.path.as_path()) {
            Some(job) => {
                jobs[*job].indices.push(index);
                jobs[*job].targets.push(target);
            }
            None => {
                by_path.insert(slice.path.as_path(), jobs.len());
                jobs.push(FileJob {
                    path: slice.path.clone(),
                    indices: vec![index],
                    targets: vec![target],
                });
            }
        }
    }
    // Outward from the first slice, so the slices near it are ready soonest.
    jobs.sort_by_key(|job| {
        let nearest = job
            .indices
            .iter()
            .map(|index| index.abs_diff(first))
            .min()
            .unwrap_or(usize::MAX);
        std::cmp::Reverse(nearest)
    });
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::image::series::SliceOrder;

    fn stack(rows: u32, columns: u32, slices: usize) -> SeriesStack {
        SeriesStack {
            series_instance_uid: "1.2.3".to_owned(),
            study_instance_uid: None,
            description: Some("huge".to_owned()),
            series_number: None,
            modality: Some("CT".to_owned()),
            body_part: None,
            rows,
            columns,
            pixel_spacing_mm: None,
            slice_thickness_mm: None,
            slice_spacing_mm: None,
            normal: None,
            ordered_by: SliceOrder::InstanceNumber,
            slices: (0..slices)
                .map(|index| SliceRef {
                    path: format!("missing-{index}.dcm").into(),
                    frame: 0,
                    sop_instance_uid: String::new(),
                    instance_number: None,
                    position_patient: None,
                    position_mm: index as f64,
                    rescale: (1.0, 0.0),
                })
                .collect(),
            problems: Vec::new(),
        }
    }

    fn load(stack: &SeriesStack, cancel: bool) -> Result<Volume, SeriesError> {
        load_volume(
            stack,
            0,
            &AtomicUsize::new(0),
            &AtomicBool::new(cancel),
            &|_, _| {},
        )
    }

    #[test]
    fn a_series_over_the_budget_is_refused_with_its_size_before_allocation() {
        // 4,000 slices of 512×512: 2 GB, twice the budget.
        let error = load(&stack(512, 512, 4000), false).unwrap_err();
        assert_eq!(
            error.to_string(),
            "series huge: 4000 slices of 512×512 need 2097152000 bytes in memory, more than the \
             1073741824-byte budget; open a thinner reconstruction or a part of the series"
        );
    }

    #[test]
    fn headers_claiming_more_than_their_files_hold_are_refused() {
        // Within the budget, but the files do not exist: 0 bytes could never fill 400 MB.
        let error = load(&stack(512, 512, 800), false).unwrap_err();
        assert!(
            matches!(error, SeriesError::ClaimsTooMuch { file_bytes: 0, .. }),
            "{error}"
        );
    }

    #[test]
    fn a_cancelled_load_stops_and_says_so() {
        let error = load(&stack(4, 4, 3), true).unwrap_err();
        assert!(matches!(error, SeriesError::Cancelled));
        // Nothing decodes: the first failure, by file, is named.
        let error = load(&stack(4, 4, 3), false).unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(error, SeriesError::NothingDecoded { .. }),
            "{message}"
        );
        assert!(
            message.contains("first failure was: missing-0.dcm"),
            "{message}"
        );
    }
}
