//! Recovery files: unsaved edits written every few seconds outside the case file, so a
//! crash or power cut costs a reviewer seconds, not an afternoon.
//!
//! One file per open case with unsaved changes, in the user's data folder
//! (`$XDG_DATA_HOME/caselens/recovery`, or `~/.local/share/caselens/recovery`;
//! `CASELENS_RECOVERY_DIR` overrides it). Each names the process that wrote it, so a second
//! CaseLens running at the same time never offers to "recover" the first one's live work.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::{WriteError, write_atomic};
use crate::model::Case;

/// What a recovery file holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecoveryRecord {
    /// The case file the edits belong to, when the case has one.
    pub source_path: Option<PathBuf>,
    /// The bundled case the edits started from, when it has no file.
    pub bundled_name: Option<String>,
    /// The process that wrote the record.
    pub process_id: u32,
    /// Local time of the autosave, for the person choosing what to restore.
    pub written_at: String,
    /// The edit the case was at, for the list shown on restore.
    pub last_edit: Option<String>,
    pub case: Case,
}

impl RecoveryRecord {
    /// A name for the list: the file, or the bundled case.
    pub fn describe(&self) -> String {
        match (&self.source_path, &self.bundled_name) {
            (Some(path), _) => path.display().to_string(),
            (None, Some(name)) => format!("{name} (bundled)"),
            (None, None) => self.case.metadata.title.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("could not prepare the recovery folder {}: {source}; unsaved work is not being autosaved", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("could not write the recovery file: {0}")]
    Serialize(String),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// The folder recovery files live in.
pub fn recovery_folder() -> PathBuf {
    if let Some(folder) = std::env::var_os("CASELENS_RECOVERY_DIR") {
        return PathBuf::from(folder);
    }
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    data_home.join("caselens").join("recovery")
}

/// The recovery file for one open case of this process.
pub fn recovery_path(folder: &Path, key: &str) -> PathBuf {
    // The key is a path or a name: keep it readable but safe as a file name.
    let safe: String = key
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || character == '-' {
                character
            } else {
                '_'
            }
        })
        .collect();
    let tail: String = safe
        .chars()
        .rev()
        .take(80)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    folder.join(format!("{}-{tail}.recovery.ron", std::process::id()))
}

/// Writes a record atomically.
pub fn write_recovery(path: &Path, record: &RecoveryRecord) -> Result<(), RecoveryError> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|source| RecoveryError::Folder {
            path: folder.to_path_buf(),
            source,
        })?;
    }
    let text =
        ron::ser::to_string_pretty(record, ron::ser::PrettyConfig::new().escape_strings(false))
            .map_err(|error| RecoveryError::Serialize(error.to_string()))?;
    write_atomic(path, text.as_bytes())?;
    Ok(())
}

/// Why a recovery file left behind could not be read; offered for discarding with this.
#[derive(Debug, thiserror::Error)]
pub enum UnreadableRecovery {
    #[error(transparent)]
    Read(#[from] std::io::Error),
    #[error(transparent)]
    Parse(#[from] ron::error::SpannedError),
}

/// A recovery file found, with what it holds or why it could not be read.
pub type FoundRecovery = (PathBuf, Result<RecoveryRecord, UnreadableRecovery>);

/// Recovery files left by processes that are no longer running, with what they hold (or
/// why they could not be read).
pub fn orphaned_recoveries(folder: &Path) -> Vec<FoundRecovery> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<FoundRecovery> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().ends_with(".recovery.ron"))
        .map(|path| {
            let record = std::fs::read_to_string(&path)
                .map_err(UnreadableRecovery::from)
                .and_then(|text| Ok(ron::from_str::<RecoveryRecord>(&text)?));
            (path, record)
        })
        .filter(|(_, record)| match record {
            Ok(record) => !process_is_running(record.process_id),
            Err(_) => true,
        })
        .collect();
    found.sort_by(|left, right| left.0.cmp(&right.0));
    found
}

/// Removes a recovery file; a file already gone is fine.
pub fn remove_recovery(path: &Path) {
    // Nothing to report: either it is gone, or it will be offered again next start.
    let _ = std::fs::remove_file(path);
}

fn process_is_running(process_id: u32) -> bool {
    if process_id == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(process_id.to_string()).exists()
    } else {
        // Without a cheap check, offer the file: restoring twice beats losing work.
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled::LIANG_2020;

    #[test]
    fn a_record_from_a_dead_process_is_offered_and_ours_is_not()
    -> Result<(), Box<dyn std::error::Error>> {
        let folder = tempfile::tempdir()?;
        let case = LIANG_2020.load()?.case;
        let record = |process_id| RecoveryRecord {
            source_path: Some(PathBuf::from("/cases/liang.ron")),
            bundled_name: None,
            process_id,
            written_at: "2026-11-21 10:00".to_owned(),
            last_edit: Some("Add note".to_owned()),
            case: case.clone(),
        };
        let ours = recovery_path(folder.path(), "/cases/liang.ron");
        write_recovery(&ours, &record(std::process::id()))?;
        // Process ids wrap far below this on Linux: no process has it.
        let orphan = folder.path().join("4000000000-orphan.recovery.ron");
        write_recovery(&orphan, &record(4_000_000_000))?;

        let offered = orphaned_recoveries(folder.path());
        assert_eq!(offered.len(), 1);
        assert_eq!(offered[0].0, orphan);
        let restored = offered[0].1.as_ref().map_err(ToString::to_string)?;
        assert_eq!(restored.case, case);
        remove_recovery(&orphan);
        assert!(orphaned_recoveries(folder.path()).is_empty());
        Ok(())
    }
}
