//! The bundled reference cohort (Tongji 375, Yan et al. 2020) and its bands, loaded once per
//! run, on a worker thread, and shared by the trajectory's bands and the cohort view.
//!
//! Parsing the cohort and summarising 74 analytes is too slow for a frame in a debug build,
//! so the first view that asks starts the worker and draws without the cohort until it is
//! ready; the worker asks for a repaint when done. Tests and benchmarks call [`load_now`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::analysis::cohort::bands::{AnalyteBands, MIN_PATIENTS_PER_DAY, all_bands};
use crate::io::cohort_file::{CohortFileError, bundled_tongji};
use crate::model::Cohort;

/// The cohort and what is derived from it once.
#[derive(Debug)]
pub struct CohortReference {
    /// Shared with figure exports, which draw its bands too.
    pub cohort: Arc<Cohort>,
    /// Bands of every analyte, by index into `cohort.analytes`.
    pub bands: Vec<AnalyteBands>,
    /// Patients who survived and who died, counted once for every label that says so.
    pub outcome_counts: (usize, usize),
}

/// Why the cohort is not there: a bundled file that does not read is a bug, shown as such.
pub type Loaded = Result<CohortReference, CohortFileError>;

static REFERENCE: OnceLock<Loaded> = OnceLock::new();
static STARTED: AtomicBool = AtomicBool::new(false);

fn load() -> Loaded {
    let cohort = bundled_tongji()?;
    let bands = all_bands(&cohort, MIN_PATIENTS_PER_DAY);
    Ok(CohortReference {
        outcome_counts: cohort.outcome_counts(),
        cohort: Arc::new(cohort),
        bands,
    })
}

/// The cohort if it is loaded; otherwise starts loading it (once) and returns `None`.
pub fn ready_or_start(ctx: &egui::Context) -> Option<&'static Loaded> {
    if let Some(loaded) = REFERENCE.get() {
        return Some(loaded);
    }
    if !STARTED.swap(true, Ordering::AcqRel) {
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("cohort-load".to_owned())
            .spawn(move || {
                REFERENCE.get_or_init(load);
                ctx.request_repaint();
            });
        if spawned.is_err() {
            // No thread to be had: load here rather than never.
            return Some(load_now());
        }
    }
    None
}

/// The cohort, loading it on this thread if need be (tests, benchmarks).
pub fn load_now() -> &'static Loaded {
    REFERENCE.get_or_init(load)
}

/// The cohort if it has been loaded, without starting anything.
pub fn if_loaded() -> Option<&'static CohortReference> {
    REFERENCE.get().and_then(|loaded| loaded.as_ref().ok())
}

/// The loaded cohort, if loading has finished and succeeded.
pub fn loaded(ctx: &egui::Context) -> Option<&'static CohortReference> {
    ready_or_start(ctx).and_then(|loaded| loaded.as_ref().ok())
}
