//! WADO-RS retrieval of a whole series into `<folder>/<series UID>`.
//!
//! The archive first says how many instances the series holds (QIDO-RS
//! NumberOfSeriesRelatedInstances, or the length of its instance list); the instances then
//! stream in as one multipart answer and each is written atomically, named by its
//! SOPInstanceUID, into `<series UID>.partial`. Only when every announced instance has
//! arrived, and the answer closed properly, is the folder renamed; a broken or short transfer
//! leaves the `.partial` folder and an error saying so.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use dicom_dictionary_std::tags;
use dicom_object::OpenFileOptions;
use dicom_object::file::ReadPreamble;

use super::http::Http;
use super::multipart::{MultipartReader, boundary_of};
use super::qido::list_series;
use super::{PacsError, PacsServer, check_uid, is_valid_uid};
use crate::io::write_atomic;

/// One instance larger than this is refused (an enhanced multi-frame CT of 1,000 slices of
/// 512×512 at 16 bits is about 0.5 GB).
pub const MAX_INSTANCE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Asks for the instances exactly as stored: no transcoding by the archive.
const ACCEPT_DICOM: &str = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

/// How far a retrieval has come; reported after each instance.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub received: usize,
    pub expected: usize,
    pub bytes: u64,
}

/// A whole series on disk.
#[derive(Clone, Debug, PartialEq)]
pub struct RetrievedSeries {
    pub folder: PathBuf,
    pub instances: usize,
    pub bytes: u64,
}

/// Retrieves series `series_uid` of study `study_uid` into `into/<series_uid>`, calling
/// `progress` after each instance; setting `cancel` stops it and removes what arrived.
pub fn retrieve_series(
    server: &PacsServer,
    study_uid: &str,
    series_uid: &str,
    into: &Path,
    progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<RetrievedSeries, PacsError> {
    check_uid(study_uid)?;
    check_uid(series_uid)?;
    let http = Http::new(server)?;
    let folder = into.join(series_uid);
    if folder.exists() {
        return Err(PacsError::AlreadyRetrieved { path: folder });
    }
    let expected = expected_count(&http, study_uid, series_uid)?;
    let partial = into.join(format!("{series_uid}.partial"));
    let folder_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PacsError::Folder { path, source }
    };
    if partial.exists() {
        // Left by an earlier attempt that did not complete; it is ours to replace.
        fs::remove_dir_all(&partial).map_err(folder_error(&partial))?;
    }
    fs::create_dir_all(&partial).map_err(folder_error(&partial))?;

    let mut state = Transfer {
        series_uid,
        partial: &partial,
        expected,
        received: BTreeSet::new(),
        bytes: 0,
    };
    let outcome = state.receive(&http, study_uid, progress, cancel);
    match outcome {
        Ok(()) if state.received.len() == expected => {}
        Ok(()) => return Err(state.incomplete()),
        Err(error @ (PacsError::Interrupted { .. } | PacsError::Incomplete { .. })) => {
            return Err(error);
        }
        Err(error) => {
            // Nothing trustworthy arrived, or the user asked to stop: keep nothing.
            let _ = fs::remove_dir_all(&partial);
            return Err(error);
        }
    }
    fs::rename(&partial, &folder).map_err(folder_error(&folder))?;
    if let Ok(parent) = fs::File::open(into) {
        // Makes the rename durable; the files themselves are already synced.
        let _ = parent.sync_all();
    }
    Ok(RetrievedSeries {
        folder,
        instances: expected,
        bytes: state.bytes,
    })
}

struct Transfer<'a> {
    series_uid: &'a str,
    partial: &'a Path,
    expected: usize,
    received: BTreeSet<String>,
    bytes: u64,
}

impl Transfer<'_> {
    fn receive(
        &mut self,
        http: &Http,
        study_uid: &str,
        progress: &mut dyn FnMut(&Progress),
        cancel: &AtomicBool,
    ) -> Result<(), PacsError> {
        let url = http.url(&format!("/studies/{study_uid}/series/{}", self.series_uid));
        let (content_type, _, body) = http.get(&url, &[], ACCEPT_DICOM)?;
        let bad = |reason: String| PacsError::BadResponse {
            url: url.clone(),
            reason,
        };
        let content_type = content_type.unwrap_or_default();
        let boundary = boundary_of(&content_type).ok_or_else(|| {
            bad(format!(
                "a series is sent as multipart/related, not as `{content_type}`"
            ))
        })?;
        let reader = CancelReader {
            inner: body.into_reader(),
            cancel,
        };
        let mut parts = MultipartReader::new(reader, &boundary, MAX_INSTANCE_BYTES);
        let mut count = 0usize;
        loop {
            let part = match parts.next_part() {
                Ok(Some(part)) => part,
                Ok(None) => return Ok(()),
                Err(_) if cancel.load(Ordering::Relaxed) => return Err(PacsError::Cancelled),
                Err(error) => return Err(self.interrupted(error.to_string())),
            };
            count += 1;
            let (sop_uid, series_of_part) = instance_uids(&part.body)
                .ok_or_else(|| bad(format!("part {count} is not a DICOM instance")))?;
            if !is_valid_uid(&sop_uid) {
                return Err(bad(format!("part {count} has no valid SOPInstanceUID")));
            }
            if series_of_part != self.series_uid {
                return Err(bad(format!(
                    "part {count} belongs to series {series_of_part}, not {}",
                    self.series_uid
                )));
            }
            write_atomic(&self.partial.join(format!("{sop_uid}.dcm")), &part.body)?;
            if self.received.insert(sop_uid) {
                self.bytes += part.body.len() as u64;
            }
            progress(&Progress {
                received: self.received.len(),
                expected: self.expected,
                bytes: self.bytes,
            });
            if cancel.load(Ordering::Relaxed) {
                return Err(PacsError::Cancelled);
            }
        }
    }

    fn interrupted(&self, detail: String) -> PacsError {
        PacsError::Interrupted {
            series_uid: self.series_uid.to_owned(),
            received: self.received.len(),
            expected: self.expected,
            detail,
            partial: self.partial.to_path_buf(),
        }
    }

    fn incomplete(&self) -> PacsError {
        PacsError::Incomplete {
            series_uid: self.series_uid.to_owned(),
            received: self.received.len(),
            expected: self.expected,
            partial: self.partial.to_path_buf(),
        }
    }
}

/// How many instances the archive says the series holds.
fn expected_count(http: &Http, study_uid: &str, series_uid: &str) -> Result<usize, PacsError> {
    let series = list_series(http, study_uid, "", Some(series_uid))?;
    let Some(found) = series.iter().find(|series| series.series_uid == series_uid) else {
        return Err(PacsError::NotFound {
            url: http.url(&format!("/studies/{study_uid}/series/{series_uid}")),
        });
    };
    if let Some(count) = found.instances.filter(|count| *count > 0) {
        return Ok(count as usize);
    }
    // The count is optional in QIDO-RS; the instance list says the same thing.
    let url = http.url(&format!(
        "/studies/{study_uid}/series/{series_uid}/instances"
    ));
    let instances = http.get_json_list(&url, &[("includefield", "00080018".to_owned())])?;
    if instances.is_empty() {
        return Err(PacsError::BadResponse {
            url,
            reason: "the archive lists no instances for this series, so its completeness cannot be checked"
                .to_owned(),
        });
    }
    Ok(instances.len())
}

/// SOPInstanceUID and SeriesInstanceUID of a DICOM file held in memory.
fn instance_uids(bytes: &[u8]) -> Option<(String, String)> {
    let preamble = if bytes.get(128..132) == Some(b"DICM".as_slice()) {
        ReadPreamble::Always
    } else {
        ReadPreamble::Never
    };
    let object = OpenFileOptions::new()
        .read_preamble(preamble)
        .read_until(tags::PIXEL_DATA)
        .from_reader(bytes)
        .ok()?;
    let read = |tag| {
        object
            .element(tag)
            .ok()
            .and_then(|element| element.to_str().ok())
            .map(|text| text.trim_end_matches(['\0', ' ']).to_owned())
    };
    let sop = read(tags::SOP_INSTANCE_UID)
        .unwrap_or_else(|| object.meta().media_storage_sop_instance_uid().to_owned());
    Some((sop, read(tags::SERIES_INSTANCE_UID)?))
}

/// Stops a transfer mid-read when the user cancels.
struct CancelReader<'a, R> {
    inner: R,
    cancel: &'a AtomicBool,
}

impl<R: Read> Read for CancelReader<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("cancelled"));
        }
        self.inner.read(out)
    }
}
