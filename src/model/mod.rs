//! Case data and its invariants.
//!
//! Plain data with serde derives: a [`Case`] is what a case file holds, nothing more. Times
//! are kept as the source states them ([`CaseTime`]) and placed on one axis by
//! [`Timeline`]; [`validate`] checks everything a loaded file must satisfy. [`units`] is the
//! table of units CaseLens recognises and the exact conversions between them.

mod case;
pub mod catalog;
mod clinical;
mod cohort;
mod dense;
mod imaging;
pub mod marker;
mod narrative;
mod series;
mod teaching;
mod time;
mod timeline;
pub mod units;
mod validate;
mod validate_oxygenation;
mod view;

pub use case::{CURRENT_FORMAT_VERSION, Case, CaseMetadata, Patient, Sex, TimeAnchors};
pub use clinical::{
    ClinicalEvent, EpisodeKind, EpisodeOrigin, EpisodeSpan, EventKind, Intervention,
    InterventionKind, NoteKind, NoteTarget, ReviewerNote, Timing,
};
pub use cohort::{AnalyteSamples, Cohort, CohortAnalyte, CohortOutcome, CohortPatient};
pub use dense::{DenseRef, DenseSamples};
mod validate_imaging;
pub use imaging::{
    Annotation, BRIXIA_ZONE_MAX, CT_LOBE_MAX, Change, Distribution, ImageRef, ImagingMilestone,
    KeySlice, Laterality, Lobe, Modality, Pattern, PixelPoint, SeriesRef, SeverityScore, Shape,
    suggest_label,
};
pub use marker::{MarkerDefinition, Panel, RangeClass, ReferenceInterval};
pub use narrative::{CaseNarrative, NarrativeSection};
pub use series::{
    Activity, Censoring, CustomMarker, LabFlag, Oxygen, Provenance, ProvenanceCounts,
    ROOM_AIR_FIO2, Sample, Series, UnitConversion, conditions_text,
};
pub use teaching::{TeachingScript, TeachingStop};
pub use time::{CaseTime, TimeSpan};
pub use timeline::{DayPosition, PlacementError, Timeline};
pub use units::{
    KnownUnit, conversion_factor, conversion_factor_for, convert_value, exact_unit_factor,
    parse_unit, same_unit,
};
pub use validate::{Finding, Severity, ValidationReport, validate};
pub use view::{CYTOKINE_STORM_PANELS, PanelLayout, TrajectoryLayout};
