//! FHIR R4 Bundles (JSON) of any type (`collection`, `batch`, `transaction`, `searchset`, …),
//! from servers and from generators such as Synthea.
//!
//! Observations become samples (numeric values by LOINC through the catalog, panels split
//! into their components) or test-result events (coded, text and yes/no results); Conditions
//! and Immunizations become events; Encounters give admission, discharge and outcome (one
//! stay, chosen when there are several); MedicationAdministrations, MedicationRequests,
//! MedicationStatements and Procedures become interventions; laboratory DiagnosticReports
//! become test-result events with their conclusion; ImagingStudies and imaging reports become
//! imaging milestones. Billing and administration resources are counted and skipped without
//! being read further. Patient names and identifiers are kept in [`PatientIdentity`](crate::io::import::PatientIdentity) for the
//! dialog only.

mod bundle;
mod codes;
mod encounters;
mod events;
mod imaging;
mod interventions;
mod medications;
mod observation_values;
mod observations;
mod patients;
mod shared;
mod types;

pub use bundle::{FhirBundle, parse_fhir, read_fhir};
pub use encounters::{EncounterSummary, list_encounters, names_encounter};

use encounters::add_encounters;
use events::{add_conditions, add_immunizations, add_lab_reports};
use imaging::add_imaging;
use interventions::add_interventions;
use observations::{add_observations, detect_observation_mapping};
use patients::{PatientIndex, ages_at_admission, describe_patient};

use crate::io::import::ImportError;
use crate::io::import::batch::Batch;
use crate::io::import::mapping::{ImportMapping, MappingOverride};

impl FhirBundle {
    /// The mapping of Observation codes to markers, with `overrides` applied.
    pub fn detect_mapping(
        &self,
        overrides: &[MappingOverride],
    ) -> Result<ImportMapping, ImportError> {
        detect_observation_mapping(self, overrides)
    }

    /// Reads every used resource under `mapping` into a batch; `encounter` picks the stay
    /// when the bundle holds several (see [`encounters`]).
    pub fn extract(&self, mapping: &ImportMapping, encounter: Option<&str>) -> Batch {
        let mut batch = Batch {
            origin: self.origin.clone(),
            ..Batch::default()
        };
        batch.report.rows_read = self.resources;
        batch
            .report
            .rejected
            .extend(self.unreadable.iter().cloned());
        let mut patients = PatientIndex::default();
        patients.know_kinds(&self.kinds);
        for patient in &self.patients {
            let index = patients.add(&mut batch, &patient.keys);
            if let Some(record) = batch.patients.get_mut(index) {
                describe_patient(record, &patient.resource);
            }
        }
        add_encounters(self, encounter, &mut patients, &mut batch);
        add_observations(self, mapping, &mut patients, &mut batch);
        add_conditions(self, &mut patients, &mut batch);
        add_immunizations(self, &mut patients, &mut batch);
        add_interventions(self, &mut patients, &mut batch);
        add_imaging(self, &mut patients, &mut batch);
        add_lab_reports(self, &mut patients, &mut batch);
        ages_at_admission(self, &patients, &mut batch);
        let mut skipped: Vec<(String, usize)> = self.skipped.clone().into_iter().collect();
        skipped.sort();
        batch.report.skipped_resources = skipped;
        batch
    }
}
