//! The archive dialog's state, what its worker answers and why it may fail: below the
//! dialog (`mod.rs`) and its panels, which both read it.

use std::path::PathBuf;

use crate::app::job::Job;
use crate::io::pacs::{PacsError, Progress, RetrievedSeries, StudyMatch};

/// State of the archive dialog; closed by default.
#[derive(Default)]
pub struct PacsDialog {
    pub(super) open: bool,
    pub(super) settings_read: bool,
    pub(super) server: String,
    pub(super) user: String,
    /// Asked for each session; never written anywhere.
    pub(super) password: String,
    pub(super) patient_id: String,
    pub(super) patient_name: String,
    pub(super) dates: String,
    pub(super) modality: String,
    pub(super) accession: String,
    pub(super) studies: Vec<StudyMatch>,
    pub(super) truncated: bool,
    /// (study index, series index) in `studies`.
    pub(super) selected: Option<(usize, usize)>,
    /// A folder chosen instead of the case folder.
    pub(super) chosen_folder: Option<PathBuf>,
    /// The search or transfer running on the worker thread.
    pub(super) task: Option<Job<Outcome, Progress>>,
    /// The last outcome: (is an error, text).
    pub(super) status: Option<(bool, String)>,
}

/// What the worker thread answers.
pub(super) enum Outcome {
    Found(Result<(Vec<StudyMatch>, bool), ArchiveError>),
    Retrieved(Result<RetrievedSeries, ArchiveError>),
}

/// Why a search or transfer did not finish; shown under the buttons.
#[derive(Debug, thiserror::Error)]
pub(super) enum ArchiveError {
    #[error(transparent)]
    Pacs(#[from] PacsError),
    #[error("could not create {}: {source}; choose another folder", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{what} stopped without an answer; try again")]
    Lost { what: String },
}
