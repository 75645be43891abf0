//! Atomic file replacement: the one way CaseLens writes a user's file.
//!
//! The new contents go to a temporary file in the target's folder, are flushed to disk, and
//! the temporary file is renamed over the target; the folder is then synced so the rename
//! itself survives a power cut. At every moment the target is either the old file or the new
//! one, never a mix, and a failure leaves the old file as it was.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("could not save {}: {reason} ({source}); the previous version of the file is unchanged", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    /// What the user can do about it, in plain words.
    pub reason: &'static str,
    #[source]
    pub source: std::io::Error,
}

/// Replaces `path` with `contents` atomically.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "case".to_owned());
    let temporary = folder.join(format!(".{file_name}.{}.tmp", std::process::id()));

    let fail = |source: std::io::Error| WriteError {
        path: path.to_path_buf(),
        reason: explain(&source),
        source,
    };

    let written = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        if let Ok(metadata) = fs::metadata(path) {
            // Keep the permissions the user gave the file.
            fs::set_permissions(&temporary, metadata.permissions())?;
        }
        fs::rename(&temporary, path)
    })();
    if let Err(source) = written {
        // Best effort: the temporary file is ours and useless now.
        let _ = fs::remove_file(&temporary);
        return Err(fail(source));
    }
    sync_folder(&folder);
    Ok(())
}

#[cfg(unix)]
fn sync_folder(folder: &Path) {
    // Makes the rename durable. A failure here cannot un-write the file, and the data itself
    // is already on disk, so it is not reported.
    if let Ok(directory) = File::open(folder) {
        let _ = directory.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) {}

fn explain(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::PermissionDenied => {
            "permission denied: choose another folder or fix the permissions"
        }
        ErrorKind::NotFound => "the folder does not exist",
        ErrorKind::StorageFull => "the disk is full: free some space and save again",
        ErrorKind::ReadOnlyFilesystem => "the medium is read-only: save to another folder",
        _ => "the system refused the write",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_and_leaves_no_temporary_file() -> Result<(), Box<dyn std::error::Error>> {
        let folder = tempfile::tempdir()?;
        let target = folder.path().join("case.ron");
        fs::write(&target, "old")?;
        write_atomic(&target, b"new")?;
        assert_eq!(fs::read_to_string(&target)?, "new");
        let leftovers = fs::read_dir(folder.path())?.count();
        assert_eq!(leftovers, 1, "only the case file remains");
        Ok(())
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_says_why() -> Result<(), Box<dyn std::error::Error>> {
        let folder = tempfile::tempdir()?;
        let missing_folder = folder.path().join("no-such-folder").join("case.ron");
        let error = write_atomic(&missing_folder, b"new").err();
        let message = error.map(|error| error.to_string()).unwrap_or_default();
        assert!(message.contains("folder does not exist"), "{message}");
        assert!(message.contains("previous version of the file is unchanged"));
        Ok(())
    }
}
