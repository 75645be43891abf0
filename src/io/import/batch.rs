//! What every importer produces before cases are built: patients with their raw values
//! (units not yet resolved), anchors, outcome and interventions, and the marker sources the
//! values came from. [`super::to_case`] turns a batch into validated cases the same way for
//! tables and FHIR.

use crate::model::{
    CaseTime, Censoring, ClinicalEvent, ImagingMilestone, Intervention, LabFlag, MarkerDefinition,
    ReferenceInterval, Sex,
};

use super::mapping::MarkerTarget;
use super::report::{ImportReport, Location};

/// A column, long-table test name or FHIR code that yields values of one marker.
#[derive(Clone, Debug)]
pub struct MarkerSource {
    /// The header, test name or code's display text.
    pub name: String,
    pub target: MarkerTarget,
    /// The unit the header, unit column or resource states for values without their own.
    pub unit: Option<String>,
    /// For `Series::imported_from`: `labs.xlsx, sheet Labs, column C \`CRP\``.
    pub described: String,
    /// The catalog entry, when the target is one.
    pub definition: Option<&'static MarkerDefinition>,
    /// A LOINC code the export gave for a custom marker.
    pub loinc: Option<String>,
    /// The mapping key (header, test name or code) that `--mapping KEY=…` changes.
    pub key: String,
}

/// One value before its unit is resolved.
#[derive(Clone, Debug)]
pub struct RawValue {
    /// Index into [`Batch::sources`].
    pub source: usize,
    pub time: CaseTime,
    pub value: f64,
    pub censored: Option<Censoring>,
    /// The unit written with this value (a cell or a unit column), else the source's.
    pub unit: Option<String>,
    pub location: Location,
    /// The flag the source printed beside the value (FHIR `interpretation`).
    pub flag: Option<LabFlag>,
    /// The source laboratory's reference interval for this value (FHIR `referenceRange`).
    pub reference: Option<SourceRange>,
}

/// A reference interval as the source gives it, with the unit it is written in.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceRange {
    pub interval: ReferenceInterval,
    pub unit: Option<String>,
}

/// How the stay ended, as the export says.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub died: bool,
    /// How the export said it, for the event text: `outcome 1 in the export`.
    pub stated_as: String,
}

/// Who the patient is, for the reviewer's eyes in the import dialog only. Never written to
/// a case file (only one identifier is kept, as `Patient::source_id`), and de-identified
/// exports must not carry it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatientIdentity {
    pub names: Vec<String>,
    pub identifiers: Vec<String>,
    pub birth_date: Option<String>,
}

/// Everything imported for one patient.
#[derive(Clone, Debug, Default)]
pub struct PatientRecord {
    /// The id as the export gives it (tables), or a running number (FHIR).
    pub key: String,
    /// The identifier kept in the case for the reviewer: the table's id, or the FHIR
    /// Patient's first identifier (else its resource id).
    pub source_id: Option<String>,
    pub admission: Option<CaseTime>,
    pub discharge: Option<CaseTime>,
    pub outcome: Option<Outcome>,
    pub age_years: Option<u32>,
    pub sex: Option<Sex>,
    pub values: Vec<RawValue>,
    pub interventions: Vec<Intervention>,
    pub milestones: Vec<ImagingMilestone>,
    pub events: Vec<ClinicalEvent>,
    pub identity: Option<PatientIdentity>,
    /// Body weight in kg from the source, for `Patient::weight_kg`.
    pub weight_kg: Option<f64>,
}

impl PatientRecord {
    pub fn new(key: String) -> Self {
        Self {
            key,
            ..Self::default()
        }
    }
}

/// An export read into patients, ready to become cases.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    /// The export's file name, as messages and titles show it.
    pub origin: String,
    pub sheet: Option<String>,
    pub sources: Vec<MarkerSource>,
    pub patients: Vec<PatientRecord>,
    pub report: ImportReport,
}
