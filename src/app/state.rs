//! The workspace: which cases are open, which one is in front, the recent-files list and
//! the message channel. Plain data and logic, driven by the panels.

use std::path::{Path, PathBuf};

use super::document::canonical_or_given;
pub use super::document::{CaseDocument, CaseSource, SaveError, file_fingerprint};
use super::messages::Messages;
use super::views::CaseViews;
use crate::analysis::cohort::patient_case::patient_case;
use crate::io::bundled::BundledCase;
use crate::io::{CaseFileError, LoadedCase, load_case};
use crate::model::{Case, Cohort, validate};

/// How many files the recent list remembers.
pub const RECENT_FILES_LIMIT: usize = 10;

/// A case in the workspace: the document and the state of its views, apart.
#[derive(Debug)]
pub struct OpenCase {
    pub document: CaseDocument,
    pub views: CaseViews,
}

impl OpenCase {
    pub fn new(loaded: LoadedCase, source: CaseSource) -> Self {
        let document = CaseDocument::new(loaded, source);
        let views = CaseViews::for_document(&document);
        Self { document, views }
    }
}

/// An import into a new case, for the workspace to open: the case starts as `shell` (the
/// patient without data) and the import is its first edit, so it shows as unsaved, can be
/// undone, and asks to be saved before closing.
#[derive(Debug)]
pub struct NewImportedCase {
    pub shell: Case,
    pub imported: Case,
    pub source: CaseSource,
    /// The edit's description: `Import patient 12 from labs.csv`.
    pub description: String,
    /// What the status bar says once it is open.
    pub status: String,
}

/// All open cases and what surrounds them.
#[derive(Debug, Default)]
pub struct Workspace {
    pub cases: Vec<OpenCase>,
    pub active: Option<usize>,
    /// Most recent first.
    pub recent_files: Vec<PathBuf>,
    pub messages: Messages,
}

impl Workspace {
    pub fn active_case(&self) -> Option<&OpenCase> {
        self.active.and_then(|index| self.cases.get(index))
    }

    pub fn active_case_mut(&mut self) -> Option<&mut OpenCase> {
        self.active.and_then(|index| self.cases.get_mut(index))
    }

    /// Opens a case file, or brings it to the front if it is open already. A file that does
    /// not load leaves every open case as it was; the error goes to the message channel, and
    /// the return value only says whether the case is now open.
    pub fn open_file(&mut self, path: &Path) -> bool {
        match self.try_open_file(path) {
            Ok(()) => true,
            Err(error) => {
                self.messages.error(error.to_string());
                false
            }
        }
    }

    /// Like [`Workspace::open_file`], returning the error to a caller that reports it itself
    /// (the command line, a recovery that falls back to another way).
    pub fn try_open_file(&mut self, path: &Path) -> Result<(), CaseFileError> {
        let source = CaseSource::File(canonical_or_given(path));
        if let Some(index) = self
            .cases
            .iter()
            .position(|open| *open.document.source() == source)
        {
            self.active = Some(index);
            return Ok(());
        }
        let loaded = load_case(path)?;
        self.remember_recent(path);
        self.add(loaded, source);
        if let Some(open) = self.cases.last_mut() {
            open.document.remember_file_state(path);
        }
        Ok(())
    }

    /// Opens a case shipped inside the binary; a failure (a bug) goes to the message channel.
    pub fn open_bundled(&mut self, bundled: &BundledCase) -> bool {
        let source = CaseSource::Bundled(bundled.file_name);
        if let Some(index) = self
            .cases
            .iter()
            .position(|open| *open.document.source() == source)
        {
            self.active = Some(index);
            return true;
        }
        match bundled.load() {
            Ok(loaded) => {
                self.add(loaded, source);
                true
            }
            Err(error) => {
                self.messages.error(error.to_string());
                false
            }
        }
    }

    /// Opens patient `patient` (an index into the cohort's patients) of a reference cohort as
    /// a case in a new tab, or brings it to the front if it is open already. The case says
    /// it is from the cohort, with the cohort's attribution as its source.
    pub fn open_cohort_patient(&mut self, cohort: &Cohort, patient: usize) -> bool {
        let Some(entry) = cohort.patients.get(patient) else {
            self.messages.error(format!(
                "{} has no patient number {}; nothing was opened",
                cohort.name,
                patient + 1
            ));
            return false;
        };
        let source = CaseSource::Cohort {
            cohort: cohort.name.clone(),
            patient: entry.id.clone(),
        };
        if let Some(index) = self
            .cases
            .iter()
            .position(|open| *open.document.source() == source)
        {
            self.active = Some(index);
            return true;
        }
        let Some(case) = patient_case(cohort, patient) else {
            return false;
        };
        self.add_case(case, source);
        self.messages.set_status(format!(
            "Opened patient {} of {} as a case; save it to keep it",
            entry.id, cohort.name
        ));
        true
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

    /// Opens an imported case in front: the empty shell first, then the import as its first
    /// edit. A refused edit leaves the empty case open and goes to the message channel.
    pub fn open_imported(&mut self, new_case: NewImportedCase) {
        let NewImportedCase {
            shell,
            imported,
            source,
            description,
            status,
        } = new_case;
        self.add_case(shell, source);
        let Some(open) = self.active_case_mut() else {
            return;
        };
        let outcome = open.document.edit(description, |case| *case = imported);
        if outcome.is_ok() {
            open.views = CaseViews::for_document(&open.document);
        }
        if self.messages.edit_outcome(outcome) {
            self.messages.set_status(status);
        }
    }

    fn add(&mut self, loaded: LoadedCase, source: CaseSource) {
        let open = OpenCase::new(loaded, source);
        if let Some(version) = open.document.migrated_from() {
            self.messages.info(format!(
                "{} was written in case format version {version}; it is shown in the current format and will be saved in it",
                open.document.source().short_name()
            ));
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

    pub fn remember_recent(&mut self, path: &Path) {
        let path = canonical_or_given(path);
        self.recent_files.retain(|known| known != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(RECENT_FILES_LIMIT);
    }
}
