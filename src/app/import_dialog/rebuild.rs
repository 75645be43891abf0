//! The cases of the export under the reviewer's mapping choices: detected and built once
//! when the file is read (on its worker thread), and again on a worker thread
//! ([`crate::app::job`]) whenever a choice changes, so a long export never stalls the window.
//! A newer choice supersedes a rebuild still running; nothing is imported meanwhile.

use std::sync::Arc;

use crate::app::job::{Job, Polled};
use crate::io::import::{
    DateOrder, ImportError, ImportMapping, ImportOptions, ImportOutcome, LoadedExport,
    MappingOverride,
};

/// What the reviewer chose by hand.
#[derive(Clone, Debug, Default)]
pub(super) struct Choices {
    pub overrides: Vec<MappingOverride>,
    pub date_order: Option<DateOrder>,
    /// FHIR: the encounter whose stay to import; the latest inpatient stay when `None`.
    pub encounter: Option<String>,
}

/// Why no cases were built under the choices; shown in the dialog above its buttons.
#[derive(Debug, thiserror::Error)]
pub(super) enum BuildError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("building the cases stopped without an answer; change a choice to try again")]
    Lost,
}

/// The mapping detected under the choices and the cases it builds.
#[derive(Debug)]
pub(super) struct Built {
    pub mapping: Option<ImportMapping>,
    pub outcome: Result<ImportOutcome, BuildError>,
}

/// Detects the mapping under the hand-made changes and builds the cases.
pub(super) fn build(export: &LoadedExport, choices: &Choices) -> Built {
    let options = ImportOptions {
        sheet: export.sheet().map(str::to_owned),
        mapping: choices.overrides.clone(),
        date_order: choices.date_order,
        label: None,
        encounter: choices.encounter.clone(),
    };
    match export.detect_mapping(&choices.overrides) {
        Ok(mapping) => Built {
            outcome: export.build(&mapping, &options).map_err(BuildError::from),
            mapping: Some(mapping),
        },
        Err(error) => Built {
            mapping: None,
            outcome: Err(error.into()),
        },
    }
}

/// A rebuild running off the UI thread.
#[derive(Debug)]
pub(super) struct Rebuild(Job<Built>);

impl Rebuild {
    /// Starts building `export` under `choices`.
    ///
    /// # Errors
    /// When no thread could be started.
    pub fn start(
        ctx: &egui::Context,
        export: &Arc<LoadedExport>,
        choices: Choices,
    ) -> std::io::Result<Self> {
        let export = Arc::clone(export);
        Job::spawn(ctx, "import-mapping", "Building the cases…", move |_| {
            build(&export, &choices)
        })
        .map(Self)
    }

    /// The built cases once done; a worker that stopped without an answer says so.
    pub fn poll(&mut self) -> Option<Built> {
        match self.0.poll() {
            Polled::Running => None,
            Polled::Done(built) => Some(built),
            Polled::Lost => Some(Built {
                mapping: None,
                outcome: Err(BuildError::Lost),
            }),
        }
    }

    pub fn what(&self) -> &str {
        self.0.what()
    }
}
