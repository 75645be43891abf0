//! Scanning: which files to read (a folder walked recursively, a DICOMDIR's records, or one
//! multi-frame file), their headers read in parallel, grouped by SeriesInstanceUID.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::headers::{FileHeader, FrameHeader, read_file_header};
use super::order::build_stack;
use super::{MAX_SCANNED_FILES, SeriesError, SeriesScan};

/// Folders deeper than this below the scanned one are not entered (PACS exports nest
/// patient/study/series, three or four levels).
const MAX_DEPTH: usize = 8;

/// Scans `path` (a folder, a DICOMDIR, or one DICOM file) into series, reading headers only.
/// Files that are not DICOM are counted and skipped; damaged ones are named in
/// [`SeriesScan::problems`] and the rest of their series still opens.
pub fn scan_series(path: &Path) -> Result<SeriesScan, SeriesError> {
    let metadata = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => SeriesError::NotFound {
            path: path.to_path_buf(),
        },
        _ => SeriesError::Read {
            path: path.to_path_buf(),
            source,
        },
    })?;
    let mut scan = SeriesScan::default();
    let files = if metadata.is_dir() {
        let dicomdir = path.join("DICOMDIR");
        if dicomdir.is_file() {
            from_dicomdir(&dicomdir, &mut scan)?
        } else {
            let mut files = Vec::new();
            walk(path, path, 0, &mut files)?;
            files
        }
    } else if is_dicomdir_name(path) {
        from_dicomdir(path, &mut scan)?
    } else {
        vec![path.to_path_buf()]
    };
    let headers = read_headers_in_parallel(&files);
    let mut by_series: BTreeMap<String, Vec<FrameHeader>> = BTreeMap::new();
    for header in headers {
        match header {
            FileHeader::NotDicom => scan.not_dicom += 1,
            FileHeader::NoSlices => {}
            FileHeader::Problem(problem) => scan.problems.push(problem),
            FileHeader::Slices(frames) => {
                for frame in frames {
                    by_series
                        .entry(frame.series_instance_uid.clone())
                        .or_default()
                        .push(frame);
                }
            }
        }
    }
    scan.series = by_series.into_values().filter_map(build_stack).collect();
    scan.series.sort_by(|a, b| {
        a.series_number
            .cmp(&b.series_number)
            .then_with(|| a.series_instance_uid.cmp(&b.series_instance_uid))
    });
    scan.problems.sort_by_key(ToString::to_string);
    Ok(scan)
}

fn is_dicomdir_name(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.eq_ignore_ascii_case("DICOMDIR"))
}

fn from_dicomdir(dicomdir: &Path, scan: &mut SeriesScan) -> Result<Vec<PathBuf>, SeriesError> {
    let (files, problems) = super::dicomdir::dicomdir_files(dicomdir)?;
    if files.len() > MAX_SCANNED_FILES {
        return Err(SeriesError::TooManyFiles {
            path: dicomdir.to_path_buf(),
            limit: MAX_SCANNED_FILES,
        });
    }
    scan.problems.extend(problems);
    Ok(files)
}

/// Regular files below `folder`, in name order; symbolic links are not followed, so a
/// link cannot lead the scan out of the folder or round in a loop.
fn walk(
    root: &Path,
    folder: &Path,
    depth: usize,
    files: &mut Vec<PathBuf>,
) -> Result<(), SeriesError> {
    let read_error = |source| SeriesError::Read {
        path: folder.to_path_buf(),
        source,
    };
    let mut entries: Vec<_> = std::fs::read_dir(folder)
        .map_err(read_error)?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && depth < MAX_DEPTH {
            walk(root, &entry.path(), depth + 1, files)?;
        } else if kind.is_file() {
            if files.len() >= MAX_SCANNED_FILES {
                return Err(SeriesError::TooManyFiles {
                    path: root.to_path_buf(),
                    limit: MAX_SCANNED_FILES,
                });
            }
            files.push(entry.path());
        }
    }
    Ok(())
}

/// Reads the headers on every core: opening hundreds of small files is most of a scan.
fn read_headers_in_parallel(files: &[PathBuf]) -> Vec<FileHeader> {
    let workers = super::volume::worker_count().min(files.len().max(1));
    let chunk = files.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|file| guarded_header(file)).collect()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_else(|_| Vec::<FileHeader>::new()))
            .collect()
    })
}

/// The parser is third-party code fed with bytes from the file: a panic in it names the file
/// instead of taking the scan down.
fn guarded_header(file: &Path) -> FileHeader {
    std::panic::catch_unwind(|| read_file_header(file)).unwrap_or_else(|_| {
        FileHeader::Problem(super::SeriesProblem::Unreadable {
            path: file.to_path_buf(),
            reason: "the DICOM parser failed on malformed data".to_owned(),
        })
    })
}
