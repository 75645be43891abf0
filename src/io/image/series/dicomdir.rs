//! DICOMDIR (PS3.10 media directory): the files its IMAGE records refer to. The records'
//! Referenced File IDs are path components relative to the DICOMDIR's folder; one that
//! would leave that folder (`..`, an absolute path, a symbolic link pointing out of it) is
//! skipped and named, so a directory on a received disc cannot make CaseLens read a file
//! elsewhere.

use std::path::{Component, Path, PathBuf};

use dicom_dictionary_std::tags;
use dicom_object::OpenFileOptions;

use super::super::dicom_scan::check_declared_lengths;
use super::{SeriesError, SeriesProblem};

/// The image files a DICOMDIR lists (as paths beside it), and the entries it could not use.
pub(super) fn dicomdir_files(
    dicomdir: &Path,
) -> Result<(Vec<PathBuf>, Vec<SeriesProblem>), SeriesError> {
    let error = |reason: String| SeriesError::DicomDir {
        path: dicomdir.to_path_buf(),
        reason,
    };
    check_declared_lengths(dicomdir).map_err(|problem| error(problem.to_string()))?;
    let object = OpenFileOptions::new()
        .open_file(dicomdir)
        .map_err(|problem| error(problem.to_string()))?;
    let folder = dicomdir.parent().unwrap_or(Path::new("."));
    let real_folder = folder.canonicalize().ok();
    let records = object
        .element_opt(tags::DIRECTORY_RECORD_SEQUENCE)
        .ok()
        .flatten()
        .and_then(|element| element.items())
        .ok_or_else(|| error("it has no Directory Record Sequence (0004,1220)".to_owned()))?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for record in records {
        let record_type = record
            .element_opt(tags::DIRECTORY_RECORD_TYPE)
            .ok()
            .flatten()
            .and_then(|element| element.to_str().ok())
            .map(|text| text.trim().to_uppercase());
        if record_type.as_deref() != Some("IMAGE") {
            continue;
        }
        let Some(components) = record
            .element_opt(tags::REFERENCED_FILE_ID)
            .ok()
            .flatten()
            .and_then(|element| element.value().to_multi_str().ok())
        else {
            problems.push(SeriesProblem::DicomDirEntry {
                path: dicomdir.to_path_buf(),
                reason: "an IMAGE record has no Referenced File ID".to_owned(),
            });
            continue;
        };
        match relative_file(&components) {
            // A symbolic link on the disc may point anywhere: the walk of a folder does not
            // follow links, and a DICOMDIR's record may not lead through one out of it either.
            Some(relative)
                if real_folder.as_ref().is_some_and(|real_folder| {
                    folder
                        .join(&relative)
                        .canonicalize()
                        .is_ok_and(|real| !real.starts_with(real_folder))
                }) =>
            {
                problems.push(SeriesProblem::DicomDirEntry {
                    path: dicomdir.to_path_buf(),
                    reason: format!(
                        "`{}` is a link to a file outside the DICOMDIR's folder, which is not read; copy the file itself onto the disc or into the folder",
                        components.join("\\")
                    ),
                });
            }
            Some(relative) => files.push(folder.join(relative)),
            None => problems.push(SeriesProblem::DicomDirEntry {
                path: dicomdir.to_path_buf(),
                reason: format!("`{}` leaves the DICOMDIR's folder", components.join("\\")),
            }),
        }
    }
    Ok((files, problems))
}

/// Joins the components of a Referenced File ID, refusing any that leaves the folder.
fn relative_file(components: &[String]) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for component in components {
        // A single value sometimes arrives with backslashes left in.
        for part in component.split(['\\', '/']) {
            let part = part.trim_matches(|character: char| character == ' ' || character == '\0');
            if part.is_empty() {
                continue;
            }
            let mut parsed = Path::new(part).components();
            match (parsed.next(), parsed.next()) {
                (Some(Component::Normal(name)), None) => relative.push(name),
                _ => return None,
            }
        }
    }
    (!relative.as_os_str().is_empty()).then_some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_ids_join_beside_the_dicomdir_and_never_leave_it() {
        let parts = |parts: &[&str]| {
            parts
                .iter()
                .map(|part| (*part).to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            relative_file(&parts(&["DICOM", "ST0", "IM1 "])),
            Some(PathBuf::from("DICOM/ST0/IM1"))
        );
        assert_eq!(relative_file(&parts(&["..", "etc", "passwd"])), None);
        // A leading separator does not make the ID absolute: it stays inside the folder.
        assert_eq!(
            relative_file(&parts(&["/etc/passwd"])),
            Some(PathBuf::from("etc/passwd"))
        );
        assert_eq!(relative_file(&parts(&[""])), None);
    }
}
