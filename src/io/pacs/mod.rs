//! The hospital's archive (PACS) over DICOMweb: QIDO-RS searches studies and series, WADO-RS
//! retrieves a whole series into a folder inside the case folder.
//!
//! A retrieved series is written into `<series UID>.partial` and renamed to `<series UID>` only
//! when every instance the archive announced has arrived, so a folder without the suffix is
//! always a whole series; a broken transfer never passes for one. The password lives in
//! memory only ([`Secret`]); [`settings`] keeps the address and user, never a password.
//!
//! HTTP is `ureq` (blocking, no async runtime: a transfer runs on one worker thread or on the
//! command line's thread); the multipart/related answer of WADO-RS is parsed as it streams in
//! ([`multipart`]), so memory follows the largest instance, not the series.

mod answer;
mod http;
pub mod multipart;
mod qido;
mod retrieve;
pub mod settings;

use std::path::PathBuf;

pub use answer::{AnswerError, read_search_result};
pub use qido::{
    DateRange, DateRangeError, MAX_STUDIES, SeriesMatch, SeriesQuery, StudyMatch, find_series,
    read_series, read_studies,
};
pub use retrieve::{Progress, RetrievedSeries, retrieve_series};

use crate::io::WriteError;

/// One DICOMweb service: its base URL (`http://host:8042/dicom-web`), and a login if it
/// asks for one.
#[derive(Clone, Debug, Default)]
pub struct PacsServer {
    pub base_url: String,
    pub user: Option<String>,
    pub password: Option<Secret>,
}

/// A password: kept in memory for the session, never printed, never serialized.
#[derive(Clone, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Secret(…)")
    }
}

/// Why a search or a retrieval failed, in words that say what to do.
#[derive(Debug, thiserror::Error)]
pub enum PacsError {
    #[error(
        "`{url}` is not an archive address: {reason}; write it like http://pacs.example.org:8042/dicom-web"
    )]
    BadAddress { url: String, reason: String },
    #[error("could not find the host of {url}: check the server address (settings or --server)")]
    HostNotFound { url: String },
    #[error(
        "nothing answers at {url} ({detail}): check the address and port, and that the archive is running"
    )]
    Unreachable { url: String, detail: String },
    #[error(
        "the archive at {url} refused the login of user `{user}` (HTTP {status}): check the user name and password"
    )]
    LoginRefused {
        url: String,
        user: String,
        status: u16,
    },
    #[error(
        "the archive at {url} asks for a login (HTTP 401): give a user (settings or --user) and a password"
    )]
    LoginRequired { url: String },
    #[error(
        "the archive has nothing at {url} (HTTP 404): check the DICOMweb base path (often /dicom-web) and the UIDs"
    )]
    NotFound { url: String },
    #[error("the archive answered {url} with HTTP {status}: {body}")]
    Status {
        url: String,
        status: u16,
        body: String,
    },
    #[error("the archive's answer to {url} is not what DICOMweb promises: {reason}")]
    BadResponse { url: String, reason: String },
    #[error(
        "`{uid}` is not a DICOM UID (digits and dots, at most 64 characters): copy it from `caselens pacs find`"
    )]
    BadUid { uid: String },
    #[error(
        "the transfer of series {series_uid} broke after {received} of {expected} instances ({detail}); \
         the series was NOT accepted: what arrived is in {}, and retrieving again replaces it",
        partial.display()
    )]
    Interrupted {
        series_uid: String,
        received: usize,
        expected: usize,
        detail: String,
        partial: PathBuf,
    },
    #[error(
        "series {series_uid} is incomplete: the archive announced {expected} instances and sent {received}; \
         the series was NOT accepted: what arrived is in {}",
        partial.display()
    )]
    Incomplete {
        series_uid: String,
        received: usize,
        expected: usize,
        partial: PathBuf,
    },
    #[error("retrieval cancelled; nothing was kept")]
    Cancelled,
    #[error("{} already exists: this series was retrieved before; remove that folder to retrieve it again", path.display())]
    AlreadyRetrieved { path: PathBuf },
    #[error("could not prepare the folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Whether `uid` is a DICOM UID; retrieved folders and files are named by UIDs, so this also
/// keeps an archive's answer from naming a path outside the case folder.
pub fn is_valid_uid(uid: &str) -> bool {
    !uid.is_empty()
        && uid.len() <= 64
        && uid
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'.')
        && !uid.starts_with('.')
        && !uid.ends_with('.')
        && !uid.contains("..")
}

fn check_uid(uid: &str) -> Result<(), PacsError> {
    if is_valid_uid(uid) {
        Ok(())
    } else {
        Err(PacsError::BadUid {
            uid: uid.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_that_could_leave_the_folder_are_refused() {
        assert!(is_valid_uid("1.2.840.10008.5.1.4.1.1.2"));
        for bad in [
            "",
            "..",
            "../etc",
            "1.2/3",
            "1..2",
            ".1",
            "1.",
            &"1".repeat(65),
        ] {
            assert!(!is_valid_uid(bad), "{bad}");
        }
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let server = PacsServer {
            base_url: "http://x".into(),
            user: Some("u".into()),
            password: Some(Secret::new("hunter2")),
        };
        assert!(!format!("{server:?}").contains("hunter2"));
    }
}
