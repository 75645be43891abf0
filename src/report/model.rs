//! The structured report as data: what every format (Markdown, HTML, JSON) renders, so all
//! three carry the same content. Serialized as-is for JSON; `docs/report-schema.md`
//! documents every field.

use serde::Serialize;

/// Identifies the JSON layout; bumped when a field changes meaning or disappears.
pub const REPORT_SCHEMA: &str = "caselens-report/1";

/// A structured case report following the CARE checklist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseReport {
    pub schema: &'static str,
    pub generator: String,
    pub title: String,
    /// Present when the export is de-identified: what was removed and how times are given.
    pub deidentification: Option<Deidentification>,
    /// Present when some data are illustrative reconstructions rather than measurements.
    pub illustrative: Option<IllustrativeNotice>,
    /// Where the case comes from; left out of de-identified exports.
    pub source: Option<SourceSection>,
    pub keywords: Vec<String>,
    #[serde(rename = "abstract")]
    pub abstract_text: Option<String>,
    pub introduction: Option<String>,
    pub patient: PatientSection,
    pub clinical_findings: Vec<TimedText>,
    pub timeline: Vec<TimelineEntry>,
    pub diagnostic_assessment: DiagnosticSection,
    pub interventions: Vec<InterventionEntry>,
    pub imaging: Vec<ImagingEntry>,
    pub follow_up: FollowUpSection,
    /// The case measured against the review's criteria for severe illness and plasma timing.
    pub guideline_checks: GuidelineChecks,
    pub discussion: Option<String>,
    pub take_away_lessons: Option<String>,
    pub patient_perspective: Option<String>,
    pub informed_consent: Option<String>,
    pub reviewer_notes: Vec<NoteEntry>,
    pub care_checklist: Vec<CareItem>,
    pub figures: Vec<FigureEntry>,
}

/// A point in time as the report gives it. De-identified reports leave `date` empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct When {
    /// ISO 8601 calendar date (`2020-02-20`) or date and time (`2020-02-20T14:30`).
    pub date: Option<String>,
    pub illness_day: Option<i32>,
    pub hospital_day: Option<i32>,
    /// Everything known, for reading: `20 Feb 2020 · illness day 27 · hospital day 18`.
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deidentification {
    pub statement: String,
    /// `illness day` or `hospital day`: what replaces calendar dates.
    pub time_basis: String,
    pub removed: Vec<String>,
    /// What the reviewer must still check by reading.
    pub caveats: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IllustrativeNotice {
    pub statement: String,
    /// The case's own account of what is reconstructed (`metadata.illustrative_note`).
    pub note: Option<String>,
    /// Display names of series holding reconstructed values.
    pub reconstructed_series: Vec<String>,
    /// Interventions whose dates the reviewer reconstructed.
    pub reconstructed_dates: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceSection {
    pub citation: Option<String>,
    pub doi: Option<String>,
    pub licence: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PatientSection {
    /// The export's patient id, for the reviewer; absent (not even `null`) when de-identified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// `Female, 66 years, 65 kg`.
    pub description: String,
    pub age_years: Option<u32>,
    pub sex: Option<String>,
    pub weight_kg: Option<f64>,
    pub summary: Option<String>,
}

/// A dated piece of text: a finding, an outcome, a test result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimedText {
    pub when: When,
    pub kind: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub when: When,
    /// `anchor`, `event`, `intervention` or `imaging`.
    pub kind: String,
    pub what: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DiagnosticSection {
    pub test_results: Vec<TimedText>,
    pub laboratory: Vec<MarkerCourse>,
    pub episodes: Vec<EpisodeEntry>,
    pub responses: Vec<ResponseTable>,
}

/// A value at a time, with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueAt {
    pub value: f64,
    /// `below` (`<0.5`) or `above` (`>1000`) when the laboratory reported a bound.
    pub censored: Option<String>,
    pub when: When,
    /// `measured`, `published value` or `illustrative reconstruction`.
    pub provenance: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MarkerCourse {
    /// The catalog panel (`Cytokines`, `Coagulation`, …; `Other markers` for custom ones):
    /// the laboratory course is listed panel by panel.
    pub panel: String,
    pub marker: String,
    pub name: String,
    /// As clinicians write it (`×10⁹/L`); every value is in this unit, unconverted.
    pub unit: String,
    pub loinc: Option<String>,
    /// `1.1–3.2`, `≥ 400`; `None` when the case and catalog give none in this unit.
    pub reference: Option<String>,
    /// Where that interval comes from and whom it is for (`Case::reference_source`).
    pub reference_source: Option<String>,
    /// `measured`, `published value`, `illustrative reconstruction` or `mixed: …`.
    pub provenance: String,
    pub sample_count: usize,
    pub first: Option<ValueAt>,
    pub peaks: Vec<ValueAt>,
    pub troughs: Vec<ValueAt>,
    pub highest: Option<ValueAt>,
    pub lowest: Option<ValueAt>,
    pub last: Option<ValueAt>,
    pub days_sampled: usize,
    pub days_outside_reference: Option<usize>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpisodeEntry {
    pub label: String,
    pub kind: String,
    pub start: When,
    pub end: When,
    /// `publication` or `reviewer`.
    pub origin: String,
    /// The illness days the source states, when they differ from the dates.
    pub stated_illness_days: Option<(i32, i32)>,
    pub note: Option<String>,
}

/// Each marker's value just before and just after one intervention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseTable {
    pub intervention: String,
    pub first_dose: When,
    pub last_dose: When,
    pub rows: Vec<ResponseRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseRow {
    pub marker: String,
    pub name: String,
    pub unit: String,
    pub before: Option<ValueAt>,
    pub after: Option<ValueAt>,
    /// `after − before`, in the marker's unit.
    pub change: Option<f64>,
    /// The change as a percentage of the value before.
    pub change_percent: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InterventionEntry {
    pub kind: String,
    pub name: String,
    pub dose: Option<String>,
    pub route: Option<String>,
    /// `illness days 27 and 28`, `course, illness days 10–37`, `undated: …`.
    pub timing: String,
    /// Each stated dose (or a course's start and end) in time order.
    pub times: Vec<When>,
    pub dates_reconstructed: bool,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImagingEntry {
    pub label: String,
    pub modality: String,
    pub when: Option<When>,
    pub findings: String,
    /// Structured reading: distribution, patterns, change, score.
    pub reading: Vec<String>,
    pub note: Option<String>,
    pub images: Vec<ImageEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImageEntry {
    pub caption: Option<String>,
    /// The path relative to the case folder; left out of de-identified exports.
    pub file: Option<String>,
    pub annotation_count: usize,
    /// The annotated thumbnail as a PNG data URI (pixels only, no header).
    pub thumbnail: Option<String>,
    /// Why there is no thumbnail.
    pub problem: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FollowUpSection {
    pub discharge: Option<When>,
    pub length_of_stay_days: Option<i32>,
    pub outcome_events: Vec<TimedText>,
    /// Each marker's last value against its reference interval.
    pub last_values: Vec<LastValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LastValue {
    pub name: String,
    pub unit: String,
    pub value: ValueAt,
    /// `within`, `below` or `above` the reference interval; `None` without one.
    pub against_reference: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NoteEntry {
    /// `comment` or `source inconsistency`.
    pub kind: String,
    /// What the note is pinned to: `case`, a time, a sample, a milestone.
    pub target: String,
    pub text: String,
    /// Left out of de-identified exports.
    pub author: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CareStatus {
    Filled,
    Partial,
    Missing,
}

impl CareStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Filled => "filled",
            Self::Partial => "partly filled",
            Self::Missing => "missing",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CareItem {
    pub number: u8,
    pub item: String,
    pub status: CareStatus,
    /// What is there or what is missing, in a sentence.
    pub detail: String,
    /// The report section that holds the item.
    pub section: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureEntry {
    /// `figure-1`.
    pub id: String,
    pub kind: crate::report::figures::FigureKind,
    pub title: String,
    pub caption: String,
    /// The figure as SVG text; `None` when it could not be drawn (then `problem` says why).
    pub svg: Option<String>,
    pub problem: Option<String>,
}

/// The case against the review's criteria for severe illness and its advice on the timing of
/// convalescent plasma. Silent data give "not assessable" with the reason, never "not met".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GuidelineChecks {
    /// The first criteria set chosen; its fields sit at the top level of the JSON object.
    #[serde(flatten)]
    pub severe_illness: SevereIllnessChecks,
    /// The other criteria sets chosen, each in the same form; empty when only one was.
    pub other_criteria_sets: Vec<SevereIllnessChecks>,
    /// The review's plasma window, in words.
    pub plasma_rule: String,
    /// One per convalescent-plasma intervention; empty when the case has none.
    pub plasma: Vec<PlasmaCheck>,
}

/// The case against one named set of criteria for severe illness.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SevereIllnessChecks {
    /// `review` or `chinese-guideline`.
    pub criteria_set: String,
    /// Where the thresholds come from.
    pub source: String,
    /// The first day meeting the criteria for severe illness; `None` when no day did (or no
    /// respiratory criterion could be assessed: see `criteria`).
    pub first_severe_day: Option<SevereDayEntry>,
    /// How many days met the criteria for severe illness.
    pub severe_day_count: usize,
    /// Of those, the days on which only reconstructed values met a respiratory criterion.
    pub severe_days_on_reconstructed_only: usize,
    /// The respiratory values behind those days, by provenance (`3 published, 30 reconstructed`).
    pub severe_days_rest_on: String,
    /// Every criterion of the set over the whole stay, in the set's order.
    pub criteria: Vec<CriterionEntry>,
    /// What the check cannot see, and how it reads the data.
    pub limitations: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SevereDayEntry {
    pub when: When,
    /// Every criterion met that day (respiratory and laboratory), with the value that met it.
    pub met: Vec<CriterionValue>,
}

/// One value that met a criterion, in its series' unit, unconverted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriterionValue {
    /// The criterion as the review words it: `respiratory rate > 30/min`.
    pub criterion: String,
    pub marker: String,
    pub name: String,
    pub unit: String,
    pub value: ValueAt,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriterionEntry {
    pub criterion: String,
    /// The limit applied, in the series' unit (`< 1.1 ×10⁹/L`); `None` when not assessable.
    pub applied_limit: Option<String>,
    /// `met`, `not met` or `not assessable`.
    pub outcome: String,
    /// How many values met the criterion.
    pub values_met: usize,
    /// How many values were checked, given when the criterion was not met.
    pub values_checked: Option<usize>,
    /// The values checked, by provenance (`1 published, 9 reconstructed`).
    pub values_rest_on: String,
    /// Values not checked against the criterion, each with the reason (a reading on exertion).
    pub left_out: Vec<String>,
    /// The first value that met it.
    pub first_met: Option<CriterionValue>,
    /// Why the criterion cannot be judged, when `outcome` is `not assessable`.
    pub reason: Option<String>,
}

/// The timing of one convalescent-plasma intervention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlasmaCheck {
    pub intervention: String,
    pub dates_reconstructed: bool,
    /// The symptom-onset anchor illness days count from; `None` when not assessable.
    pub onset: Option<When>,
    pub doses: Vec<PlasmaDoseEntry>,
    /// Why the timing cannot be judged; then `doses` is empty.
    pub not_assessable: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlasmaDoseEntry {
    pub when: When,
    pub illness_day: i32,
    /// `first_week`, `by_day_14` or `after_day_14`.
    pub window: String,
    /// `within the first week of illness`, `after the first week, by illness day 14`,
    /// `after illness day 14`.
    pub window_label: String,
}
