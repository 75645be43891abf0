//! The workspace: which cases are open, which one is in front, the recent-files list and
//! the messages waiting for the user. Plain data and logic, driven by the panels.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::case_view::CaseView;
use super::history::History;
use crate::analysis::lod::IndexedChannel;
use crate::io::bundled::BundledCase;
use crate::io::{CaseFileError, LoadedCase, load_case, save_case};
use crate::model::{Case, DenseRef, Finding, Timeline, validate};

/// How many files the recent list remembers.
pub const RECENT_FILES_LIMIT: usize = 10;

/// Where an open case came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseSource {
    File(PathBuf),
    /// Embedded in the binary; read-only until saved somewhere else.
    Bundled(&'static str),
}

impl CaseSource {
    /// The full path, or the bundled name, for the status bar.
    pub fn full_name(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Bundled(name) => format!("{name} (bundled with CaseLens)"),
        }
    }

    /// A short name for tabs.
    pub fn short_name(&self) -> String {
        match self {
            Self::File(path) => path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            Self::Bundled(name) => format!("{name} (bundled)"),
        }
    }
}

/// A case in the workspace: the data, where it came from, its edit history and the state of
/// its views.
///
/// `case` is read freely but changed only through [`OpenCase::edit`], so that every change
/// is validated, undoable and marks the case unsaved.
#[derive(Debug)]
pub struct OpenCase {
    pub case: Case,
    pub source: CaseSource,
    pub warnings: Vec<Finding>,
    pub migrated_from: Option<u32>,
    pub timeline: Timeline,
    pub history: History,
    pub view: CaseView,
    /// Dense monitor channels with their level-of-detail pyramids, built once on load.
    pub dense: BTreeMap<DenseRef, Arc<IndexedChannel>>,
    /// A hash of the file's bytes as last loaded or saved, to notice changes made behind the
    /// reviewer's back before overwriting them.
    pub disk_fingerprint: Option<u64>,
    /// The autosave of this case's unsaved edits, and the revision it holds.
    pub recovery_file: Option<PathBuf>,
    pub autosaved_revision: Option<u64>,
}

impl OpenCase {
    pub fn new(loaded: LoadedCase, source: CaseSource) -> Self {
        let timeline = Timeline::for_case(&loaded.case);
        let view = CaseView::for_case(&loaded.case, &timeline);
        let dense = loaded
            .dense
            .iter()
            .map(|(reference, samples)| {
                (
                    reference.clone(),
                    Arc::new(IndexedChannel::new(samples.clone())),
                )
            })
            .collect();
        Self {
            dense,
            disk_fingerprint: None,
            recovery_file: None,
            autosaved_revision: None,
            case: loaded.case,
            source,
            warnings: loaded.warnings,
            migrated_from: loaded.migrated_from,
            timeline,
            history: History::default(),
            view,
        }
    }

    /// Applies one undoable edit. The edited case is validated first: an edit that would
    /// make the case invalid is refused with the validator's errors and changes nothing.
    pub fn edit(
        &mut self,
        description: impl Into<String>,
        change: impl FnOnce(&mut Case),
    ) -> Result<(), Vec<Finding>> {
        let mut edited = self.case.clone();
        change(&mut edited);
        let report = validate(&edited);
        if report.has_errors() {
            return Err(report.errors().cloned().collect());
        }
        let before = std::mem::replace(&mut self.case, edited);
        self.history.record(description, before, self.case.clone());
        self.refresh_derived();
        Ok(())
    }

    /// Undoes the last edit; returns its description.
    pub fn undo(&mut self) -> Option<String> {
        let description = self.history.undo_description()?.to_owned();
        let case = self.history.undo()?;
        self.case = case;
        self.refresh_derived();
        Some(description)
    }

    /// Redoes the last undone edit; returns its description.
    pub fn redo(&mut self) -> Option<String> {
        let description = self.history.redo_description()?.to_owned();
        let case = self.history.redo()?;
        self.case = case;
        self.refresh_derived();
        Some(description)
    }

    fn refresh_derived(&mut self) {
        self.timeline = Timeline::for_case(&self.case);
        self.warnings = validate(&self.case).warnings().cloned().collect();
    }

    /// Writes the case to its file atomically. Bundled cases have no file: use
    /// [`OpenCase::save_as`].
    pub fn save(&mut self) -> Result<(), SaveError> {
        match &self.source {
            CaseSource::File(path) => {
                let path = path.clone();
                self.save_as(&path)
            }
            CaseSource::Bundled(_) => Err(SaveError::NeedsPath),
        }
    }

    /// Writes the case to `path` atomically; the case then belongs to that file.
    pub fn save_as(&mut self, path: &Path) -> Result<(), SaveError> {
        save_case(path, &self.case).map_err(SaveError::File)?;
        self.source = CaseSource::File(canonical_or_given(path));
        self.disk_fingerprint = file_fingerprint(path);
        self.history.mark_saved();
        Ok(())
    }

    /// Whether the case file differs from what was loaded or last saved (changed by another
    /// program or person, or deleted).
    pub fn changed_on_disk(&self) -> bool {
        match &self.source {
            CaseSource::File(path) => file_fingerprint(path) != self.disk_fingerprint,
            CaseSource::Bundled(_) => false,
        }
    }

    pub fn has_unsaved_changes(&self) -> bool {
        self.history.has_unsaved_changes()
    }

    pub fn sample_count(&self) -> usize {
        self.case
            .series
            .iter()
            .map(|series| series.samples.len())
            .sum()
    }
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("this case is bundled with CaseLens and has no file yet; use Save as… to choose one")]
    NeedsPath,
    #[error(transparent)]
    File(CaseFileError),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageLevel {
    Info,
    Error,
}

/// Something the user should read: a load error, a note that a file was migrated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub level: MessageLevel,
    pub text: String,
}

/// All open cases and what surrounds them.
#[derive(Debug, Default)]
pub struct Workspace {
    pub cases: Vec<OpenCase>,
    pub active: Option<usize>,
    /// Most recent first.
    pub recent_files: Vec<PathBuf>,
    pub messages: Vec<Message>,
    /// The last thing done, for the status bar: `Saved case.ron`, `Undid: Add milestone B5`.
    pub status: Option<String>,
}

impl Workspace {
    pub fn active_case(&self) -> Option<&OpenCase> {
        self.active.and_then(|index| self.cases.get(index))
    }

    pub fn active_case_mut(&mut self) -> Option<&mut OpenCase> {
        self.active.and_then(|index| self.cases.get_mut(index))
    }

    /// Opens a case file, or brings it to the front if it is open already. A file that does
    /// not load leaves every open case as it was and adds an error message.
    pub fn open_file(&mut self, path: &Path) -> Result<(), CaseFileError> {
        let source = CaseSource::File(canonical_or_given(path));
        if let Some(index) = self.cases.iter().position(|open| open.source == source) {
            self.active = Some(index);
            return Ok(());
        }
        match load_case(path) {
            Ok(loaded) => {
                self.remember_recent(path);
                self.add(loaded, source);
                if let Some(open) = self.cases.last_mut() {
                    open.disk_fingerprint = file_fingerprint(path);
                }
                Ok(())
            }
            Err(error) => {
                self.push_message(MessageLevel::Error, error.to_string());
                Err(error)
            }
        }
    }

    /// Opens a case shipped inside the binary.
    pub fn open_bundled(&mut self, bundled: &BundledCase) -> Result<(), CaseFileError> {
        let source = CaseSource::Bundled(bundled.file_name);
        if let Some(index) = self.cases.iter().position(|open| open.source == source) {
            self.active = Some(index);
            return Ok(());
        }
        match bundled.load() {
            Ok(loaded) => {
                self.add(loaded, source);
                Ok(())
            }
            Err(error) => {
                self.push_message(MessageLevel::Error, error.to_string());
                Err(error)
            }
        }
    }

    /// Adds a case made in the app (an imported lab export) as a new open case, in front.
    pub fn add_case(&mut self, case: Case, source: CaseSource) {
        let warnings = validate(&case).warnings().cloned().collect();
        let loaded = LoadedCase {
            case,
            warnings,
            migrated_from: None,
            dense: Default::default(),
        };
        self.add(loaded, source);
    }

    fn add(&mut self, loaded: LoadedCase, source: CaseSource) {
        let open = OpenCase::new(loaded, source);
        if let Some(version) = open.migrated_from {
            self.push_message(
                MessageLevel::Info,
                format!(
                    "{} was written in case format version {version}; it is shown in the current format and will be saved in it",
                    open.source.short_name()
                ),
            );
        }
        self.cases.push(open);
        self.active = Some(self.cases.len() - 1);
    }

    /// Closes a case; the neighbour to its left (or the new first case) comes to the front.
    pub fn close(&mut self, index: usize) {
        if index >= self.cases.len() {
            return;
        }
        self.cases.remove(index);
        self.active = match self.active {
            _ if self.cases.is_empty() => None,
            Some(active) if active > index => Some(active - 1),
            Some(active) if active == index => Some(index.saturating_sub(1)),
            other => other,
        };
    }

    /// Brings the next open case to the front, wrapping around.
    pub fn cycle_active(&mut self, forward: bool) {
        let count = self.cases.len();
        if count == 0 {
            return;
        }
        let current = self.active.unwrap_or(0);
        self.active = Some(if forward {
            (current + 1) % count
        } else {
            (current + count - 1) % count
        });
    }

    pub fn push_message(&mut self, level: MessageLevel, text: String) {
        self.messages.push(Message { level, text });
    }

    pub fn push_status(&mut self, text: String) {
        self.status = Some(text);
    }

    pub fn remember_recent(&mut self, path: &Path) {
        let path = canonical_or_given(path);
        self.recent_files.retain(|known| known != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(RECENT_FILES_LIMIT);
    }
}

/// A hash of a file's bytes; `None` when it cannot be read (deleted, say).
pub fn file_fingerprint(path: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let bytes = std::fs::read(path).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    Some(hasher.finish())
}

fn canonical_or_given(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
