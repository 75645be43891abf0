//! Why a headless command failed: what it prints on standard error before exiting non-zero.
//! The library's own errors pass through with their messages; a message the command itself
//! composes (an argument it cannot read, a file outside the case folder) names the file and
//! says what to do, like theirs.

use crate::io::WriteError;
use crate::io::case_file::CaseFileError;
use crate::io::cohort_file::CohortFileError;
use crate::io::image::ImageError;
use crate::io::image::series::SeriesError;
use crate::io::pacs::PacsError;
use crate::io::pacs::settings::SettingsError;
use crate::report::ReportError;
use crate::report::journal::JournalError;

/// A failed command, its message as the person running it reads it.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Image(#[from] ImageError),
    #[error(transparent)]
    Series(#[from] SeriesError),
    #[error(transparent)]
    CaseFile(#[from] CaseFileError),
    #[error(transparent)]
    CohortFile(#[from] CohortFileError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Pacs(#[from] PacsError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// A message the command composed: names the file or argument and what to do.
    #[error("{0}")]
    Refused(String),
}

impl From<String> for CliError {
    fn from(message: String) -> Self {
        Self::Refused(message)
    }
}
