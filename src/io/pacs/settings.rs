//! Where the archive is: its address and the user name, in `pacs.ron` in the platform's
//! configuration folder (`~/.config/caselens` on Linux; `CASELENS_CONFIG_DIR` overrides it).
//! Never in a case file, which travels with the case; never a password, which is asked for
//! each session.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::io::{WriteError, write_atomic};

/// The saved archive settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PacsSettings {
    /// The DICOMweb base URL, e.g. `http://pacs.example.org:8042/dicom-web`.
    #[serde(default)]
    pub server: String,
    /// The user name for basic authentication; empty when the archive asks for none.
    #[serde(default)]
    pub user: String,
}

/// Why the settings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("could not read the archive settings {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the archive settings {} are not valid ({detail}); fix or delete the file and set them again",
        path.display()
    )]
    Parse { path: PathBuf, detail: String },
    #[error("could not create the settings folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("no configuration folder is known on this system; set CASELENS_CONFIG_DIR")]
    NoFolder,
}

/// The settings file's path.
pub fn settings_path() -> Result<PathBuf, SettingsError> {
    if let Some(folder) = std::env::var_os("CASELENS_CONFIG_DIR") {
        return Ok(PathBuf::from(folder).join("pacs.ron"));
    }
    directories::ProjectDirs::from("org", "CaseLens", "CaseLens")
        .map(|dirs| dirs.config_dir().join("pacs.ron"))
        .ok_or(SettingsError::NoFolder)
}

/// Reads the settings; a missing file means nothing is set yet.
pub fn load_settings(path: &Path) -> Result<PacsSettings, SettingsError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(PacsSettings::default());
        }
        Err(source) => {
            return Err(SettingsError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    ron::from_str(&text).map_err(|error| SettingsError::Parse {
        path: path.to_path_buf(),
        detail: error.to_string(),
    })
}

/// Writes the settings atomically, creating the folder if needed.
pub fn save_settings(path: &Path, settings: &PacsSettings) -> Result<(), SettingsError> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|source| SettingsError::Folder {
            path: folder.to_path_buf(),
            source,
        })?;
    }
    let text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default()).map_err(
        |error| SettingsError::Parse {
            path: path.to_path_buf(),
            detail: error.to_string(),
        },
    )?;
    write_atomic(path, format!("{text}\n").as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_a_round_trip_and_hold_no_password() -> Result<(), Box<dyn std::error::Error>>
    {
        let folder = tempfile::tempdir()?;
        let path = folder.path().join("nested").join("pacs.ron");
        assert_eq!(load_settings(&path)?, PacsSettings::default());
        let settings = PacsSettings {
            server: "http://127.0.0.1:8042/dicom-web".into(),
            user: "radiology".into(),
        };
        save_settings(&path, &settings)?;
        assert_eq!(load_settings(&path)?, settings);
        let text = std::fs::read_to_string(&path)?;
        assert!(!text.to_ascii_lowercase().contains("password"), "{text}");
        Ok(())
    }

    #[test]
    fn a_password_written_into_the_file_by_hand_is_refused()
    -> Result<(), Box<dyn std::error::Error>> {
        let folder = tempfile::tempdir()?;
        let path = folder.path().join("pacs.ron");
        std::fs::write(
            &path,
            "(server: \"http://x\", user: \"u\", password: \"p\")",
        )?;
        let message = load_settings(&path)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            message.contains("pacs.ron") && message.contains("password"),
            "{message}"
        );
        Ok(())
    }
}
