//! The document: one open case, where it came from, its undo history, its autosave
//! bookkeeping and the data derived from it. Views read it and change it only through
//! [`CaseDocument::edit`]; their own state lives with them (`app::views`), not here.

mod derived;
pub mod history;
mod view_data;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub use derived::{Derived, RecomputeCounts};
use history::History;
pub use view_data::PlacedNote;

use crate::analysis::case_timeline::TimelineRow;
use crate::analysis::episodes::StormSuggestions;
use crate::analysis::guidelines::{CriteriaSet, GuidelineFindings};
use crate::analysis::lod::IndexedChannel;
use crate::analysis::overlays::{GuidelineMarks, InterventionMark};
use crate::analysis::response::{InterventionResponse, ResponseWindow};
use crate::io::{CaseFileError, LoadedCase, save_case};
use crate::model::{Case, DenseRef, Finding, Timeline, validate};

/// Where an open case came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseSource {
    File(PathBuf),
    /// Embedded in the binary; read-only until saved somewhere else.
    Bundled(&'static str),
    /// A patient of a reference cohort, opened from the cohort view; no file until saved.
    Cohort {
        /// The cohort's name (`Tongji 375 (Yan et al. 2020)`).
        cohort: String,
        /// The patient's id in the cohort.
        patient: String,
    },
}

impl CaseSource {
    /// The full path, or the bundled name, for the status bar.
    pub fn full_name(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Bundled(name) => format!("{name} (bundled with CaseLens)"),
            Self::Cohort { cohort, patient } => {
                format!("patient {patient} of the reference cohort {cohort} (not saved)")
            }
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
            Self::Cohort { cohort, patient } => format!("Patient {patient} · {cohort}"),
        }
    }

    /// The folder relative paths in the case (images, dense files) are resolved against.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            Self::File(path) => path.parent(),
            Self::Bundled(_) | Self::Cohort { .. } => None,
        }
    }
}

/// One open case and everything that belongs to it rather than to a view of it.
///
/// The case is read through [`CaseDocument::case`] and changed only through
/// [`CaseDocument::edit`] (or undo and redo), so every change is validated, undoable,
/// marks the case unsaved and renews the derived data exactly once.
#[derive(Debug)]
pub struct CaseDocument {
    case: Case,
    /// Where the case came from; changed only by [`CaseDocument::save_as`].
    source: CaseSource,
    warnings: Vec<Finding>,
    migrated_from: Option<u32>,
    timeline: Timeline,
    history: History,
    /// Dense monitor channels with their level-of-detail pyramids, built once on load.
    dense: BTreeMap<DenseRef, Arc<IndexedChannel>>,
    derived: Derived,
    /// A number no other document opened in this run has (see [`CaseDocument::instance`]).
    instance: u64,
    /// A hash of the file's bytes as last loaded or saved, to notice changes made behind the
    /// reviewer's back before overwriting them.
    disk_fingerprint: Option<u64>,
    /// The autosave of this case's unsaved edits, and the generation it holds.
    recovery_file: Option<PathBuf>,
    autosaved_generation: Option<u64>,
}

impl CaseDocument {
    pub fn new(loaded: LoadedCase, source: CaseSource) -> Self {
        let timeline = Timeline::for_case(&loaded.case);
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
        let history = History::default();
        static NEXT_INSTANCE: AtomicU64 = AtomicU64::new(0);
        Self {
            derived: Derived::new(history.generation(), None),
            instance: NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed),
            dense,
            disk_fingerprint: None,
            recovery_file: None,
            autosaved_generation: None,
            case: loaded.case,
            source,
            warnings: loaded.warnings,
            migrated_from: loaded.migrated_from,
            timeline,
            history,
        }
    }

    pub fn case(&self) -> &Case {
        &self.case
    }

    /// Where the case came from: its file, or the bundled case or cohort patient it is.
    pub fn source(&self) -> &CaseSource {
        &self.source
    }

    /// The case format version the file was written in, when it was migrated on load.
    pub fn migrated_from(&self) -> Option<u32> {
        self.migrated_from
    }

    /// Remembers the file's bytes as they are now (just loaded from `path`), so a later save
    /// notices changes made behind the reviewer's back.
    pub fn remember_file_state(&mut self, path: &Path) {
        self.disk_fingerprint = file_fingerprint(path);
    }

    /// The autosave file of this case's unsaved edits, if one was written.
    pub fn recovery_file(&self) -> Option<&Path> {
        self.recovery_file.as_deref()
    }

    /// Whether generation `generation` of the case is the one autosaved.
    pub fn is_autosaved(&self, generation: u64) -> bool {
        self.autosaved_generation == Some(generation)
    }

    /// Records that `path` now holds the autosave of generation `generation`.
    pub fn note_autosaved(&mut self, path: PathBuf, generation: u64) {
        self.recovery_file = Some(path);
        self.autosaved_generation = Some(generation);
    }

    /// Forgets the autosave (saved, or thrown away), returning its file to remove.
    pub fn forget_autosave(&mut self) -> Option<PathBuf> {
        self.autosaved_generation = None;
        self.recovery_file.take()
    }

    /// Every time of the case placed on one axis; renewed with each edit.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The validator's warnings for the case as it is now.
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Dense monitor channels by their reference in the case.
    pub fn dense(&self) -> &BTreeMap<DenseRef, Arc<IndexedChannel>> {
        &self.dense
    }

    /// What the views and the report derive from the case, computed at most once per edit.
    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    /// Every dated dose and course, placed on the time axis.
    pub fn intervention_marks(&self) -> &[InterventionMark] {
        self.derived.intervention_marks(&self.case, &self.timeline)
    }

    /// The case checked against one named set of criteria for severe illness.
    pub fn guideline_findings(&self, set: CriteriaSet) -> &GuidelineFindings {
        self.derived.guideline_findings(&self.case, set)
    }

    /// The guideline findings of one criteria set placed on the time axis.
    pub fn guideline_marks(&self, set: CriteriaSet) -> &GuidelineMarks {
        self.derived
            .guideline_marks(&self.case, &self.timeline, set)
    }

    /// What the cytokine-storm rule suggests, with its evidence.
    pub fn suggested_episodes(&self) -> &StormSuggestions {
        self.derived.suggested_episodes(&self.case)
    }

    /// Anchors, events, interventions and imaging in one chronological list.
    pub fn case_timeline(&self) -> &[TimelineRow] {
        self.derived.case_timeline(&self.case)
    }

    /// Each intervention's markers before and after it, over `window`.
    pub fn intervention_responses(&self, window: ResponseWindow) -> Arc<Vec<InterventionResponse>> {
        self.derived.intervention_responses(&self.case, window)
    }

    /// A number that changes with every edit, undo and redo, and never repeats.
    pub fn generation(&self) -> u64 {
        self.history.generation()
    }

    /// Which open document this is: with [`CaseDocument::generation`] it names one version
    /// of one case, for caches that span several documents (the compare view's alignment).
    pub fn instance(&self) -> u64 {
        self.instance
    }

    /// Applies one undoable edit. The edited case is validated first: an edit that would
    /// make the case invalid is refused with the validator's errors and changes nothing.
    pub fn edit(
        &mut self,
        description: impl Into<String>,
        change: impl FnOnce(&mut Case),
    ) -> Result<(), EditRefused> {
        let description = description.into();
        let mut edited = self.case.clone();
        change(&mut edited);
        let report = validate(&edited);
        if report.has_errors() {
            return Err(EditRefused {
                description,
                reasons: report.errors().cloned().collect(),
            });
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

    /// Puts the file's version in place of the reviewer's, as one undoable edit (the
    /// reviewer's version stays in Undo), and marks the document as matching the file.
    pub fn replace_with_file_version(
        &mut self,
        on_disk: Case,
        fingerprint: Option<u64>,
    ) -> Result<(), EditRefused> {
        self.edit("Reload from disk", |case| *case = on_disk)?;
        self.disk_fingerprint = fingerprint;
        self.history.mark_saved();
        Ok(())
    }

    /// Marks the case as differing from any file (a recovered case whose file is gone).
    pub fn mark_unsaved(&mut self) {
        self.history.mark_unsaved();
    }

    fn refresh_derived(&mut self) {
        self.timeline = Timeline::for_case(&self.case);
        self.warnings = validate(&self.case).warnings().cloned().collect();
        self.derived = Derived::new(self.history.generation(), Some(&self.derived));
    }

    /// Writes the case to its file atomically. Bundled cases have no file: use
    /// [`CaseDocument::save_as`].
    pub fn save(&mut self) -> Result<(), SaveError> {
        match &self.source {
            CaseSource::File(path) => {
                let path = path.clone();
                self.save_as(&path)
            }
            CaseSource::Bundled(_) | CaseSource::Cohort { .. } => Err(SaveError::NeedsPath),
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
            CaseSource::Bundled(_) | CaseSource::Cohort { .. } => false,
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

/// An edit the validator refused: what was tried and why, for the message channel.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{description} was not applied: {}", reasons_text(.reasons))]
pub struct EditRefused {
    pub description: String,
    pub reasons: Vec<Finding>,
}

fn reasons_text(reasons: &[Finding]) -> String {
    let texts: Vec<String> = reasons.iter().map(ToString::to_string).collect();
    texts.join("; ")
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("this case is bundled with CaseLens and has no file yet; use Save as… to choose one")]
    NeedsPath,
    #[error(transparent)]
    File(CaseFileError),
}

/// A hash of a file's bytes; `None` when it cannot be read (deleted, say).
pub fn file_fingerprint(path: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let bytes = std::fs::read(path).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    Some(hasher.finish())
}

pub(crate) fn canonical_or_given(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
