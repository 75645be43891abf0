//! Turns a [`Batch`] into one validated [`Case`] per patient: values grouped into series,
//! units resolved once per marker across the whole export (see [`super::unit_plan`]),
//! samples sorted and de-duplicated, anchors and the outcome event set. Every case that
//! leaves here passes [`validate`] without errors.
//!
//! The export's patient id (an MRN, often) is kept only in `patient.source_id`: titles and the
//! default file names count patients by their position in the export instead, so that the id
//! does not travel with a file name or a title into places de-identification cannot reach.

use std::collections::HashMap;

use super::ImportError;
use super::batch::{Batch, PatientIdentity, PatientRecord};
use super::marker_group::{MarkerGroup, group_sources};
use super::series_build::{build_series, written_unit};
use super::time_parse::time_key;
use super::unit_plan::{UnitConflict, UnitPlan, UnitSeen, plan_units};
use crate::model::{
    CURRENT_FORMAT_VERSION, Case, CaseMetadata, ClinicalEvent, EventKind, Patient, TimeAnchors,
    validate,
};

/// One patient's case, with what the import dialog may show beside it.
#[derive(Clone, Debug)]
pub struct ImportedPatient {
    /// The patient id as the export gives it (empty when it has none); a running number for
    /// FHIR, whose identifier is in `case.patient.source_id`.
    pub key: String,
    pub case: Case,
    /// A file name (without extension) by the patient's position in the export, holding no
    /// identifier: `tongji_test_110_patient_012`.
    pub file_stem: String,
    /// A file name (without extension) by the patient's source id, for those who ask for it:
    /// `tongji_test_110_patient_12`, `bundle_patient_MRN-0042917`.
    pub id_file_stem: String,
    /// Name and identifiers from FHIR, for the reviewer's eyes only; not in `case`.
    pub identity: Option<PatientIdentity>,
}

/// Builds the cases. `label` starts each title (`Tongji` → `Tongji patient 12 of 110 (…)`).
pub fn build_cases(
    mut batch: Batch,
    label: Option<&str>,
) -> Result<(Vec<ImportedPatient>, super::ImportReport), ImportError> {
    let mut groups = group_sources(&batch.sources);
    let mut plans: Vec<Option<UnitPlan>> = Vec::with_capacity(groups.len());
    let seen = units_seen(
        &batch,
        &source_groups(&groups, batch.sources.len()),
        groups.len(),
    );
    for (group_index, seen) in seen.into_iter().enumerate() {
        let plan = plan_group(&mut batch, &mut groups, group_index, seen);
        if let (Some(plan), Some(group)) = (&plan, groups.get(group_index))
            && let Some(note) = plan.report_note(group)
        {
            batch.report.note(note);
        }
        plans.push(plan);
    }
    let source_group = source_groups(&groups, batch.sources.len());

    let origin_stem = file_stem_of(&batch.origin);
    let mut used_stems = HashMap::new();
    let mut used_id_stems = HashMap::new();
    let mut patients = Vec::with_capacity(batch.patients.len());
    let records = std::mem::take(&mut batch.patients);
    let count = records.len();
    for (index, record) in records.into_iter().enumerate() {
        let place = Place {
            ordinal: index + 1,
            count,
        };
        let mut case = base_case(&batch, &record, place, label);
        let mut values_by_group: Vec<Vec<&super::batch::RawValue>> = vec![Vec::new(); groups.len()];
        for value in &record.values {
            if let Some(Some(group_index)) = source_group.get(value.source)
                && let Some(bucket) = values_by_group.get_mut(*group_index)
            {
                bucket.push(value);
            }
        }
        for ((group, plan), values) in groups.iter().zip(&plans).zip(values_by_group) {
            let Some(plan) = plan else {
                continue;
            };
            if values.is_empty() {
                continue;
            }
            case.series.push(build_series(
                group,
                plan,
                &batch.sources,
                values,
                &mut batch.report,
            ));
        }
        anchors_and_outcome(&mut case, &record, &mut batch.report);
        case.view = crate::model::TrajectoryLayout::cytokine_storm(&case);
        if is_empty(&case) {
            batch.report.note(format!(
                "patient {}: no value, time or intervention to import; no case made",
                record.key
            ));
            continue;
        }
        let mut report = validate(&case);
        if report.has_errors() {
            drop_invalid_items(&mut case, &report, &record.key, &mut batch.report);
            report = validate(&case);
        }
        if report.has_errors() {
            return Err(ImportError::InvalidCase {
                origin: batch.origin.clone(),
                patient: record.key.clone(),
                errors: report.errors().map(ToString::to_string).collect(),
            });
        }
        let numbered = if record.key.is_empty() {
            String::new()
        } else {
            place.padded()
        };
        let file_stem = unique_stem(&origin_stem, &numbered, &mut used_stems);
        let id = record.source_id.as_deref().unwrap_or(&record.key);
        let id_file_stem = unique_stem(&origin_stem, id, &mut used_id_stems);
        patients.push(ImportedPatient {
            key: record.key,
            case,
            file_stem,
            id_file_stem,
            identity: record.identity,
        });
    }
    Ok((patients, batch.report))
}

/// Which group each source feeds (`None`: a source left out for a unit conflict).
fn source_groups(groups: &[MarkerGroup], sources: usize) -> Vec<Option<usize>> {
    let mut source_group: Vec<Option<usize>> = vec![None; sources];
    for (group_index, group) in groups.iter().enumerate() {
        for source in &group.sources {
            if let Some(slot) = source_group.get_mut(*source) {
                *slot = Some(group_index);
            }
        }
    }
    source_group
}

/// Plans one marker's units. A source whose unit conflicts with the others' is taken out of
/// the marker and reported (row, column, both units, the `--mapping` that resolves it), then
/// the rest is planned again; a single source in two units is left out whole. Either way the
/// rest of the export imports.
fn plan_group(
    batch: &mut Batch,
    groups: &mut [MarkerGroup],
    group_index: usize,
    mut seen: Vec<UnitSeen>,
) -> Option<UnitPlan> {
    loop {
        let group = groups.get(group_index)?;
        let conflict = match plan_units(group, &seen) {
            Ok(plan) => return Some(plan),
            Err(conflict) => conflict,
        };
        let splits_off = conflict.other.source != conflict.first.source && group.sources.len() > 1;
        report_conflict(batch, group, &conflict, splits_off);
        let group = groups.get_mut(group_index)?;
        if splits_off {
            group
                .sources
                .retain(|source| *source != conflict.other.source);
            let source_group = source_groups(groups, batch.sources.len());
            seen = units_seen(batch, &source_group, groups.len())
                .into_iter()
                .nth(group_index)?;
        } else {
            group.sources.clear();
            return None;
        }
    }
}

fn report_conflict(
    batch: &mut Batch,
    group: &MarkerGroup,
    conflict: &UnitConflict,
    splits_off: bool,
) {
    let UnitConflict { first, other } = conflict;
    let describe = |unit: &UnitSeen| match &unit.written {
        Some(written) => format!("`{}`", written.trim()),
        None => "no unit".to_owned(),
    };
    let key = batch
        .sources
        .get(other.source)
        .map(|source| source.key.clone())
        .unwrap_or_default();
    let resolution = resolution_for(group, other, &key);
    let left_out = if splits_off {
        format!("the values of `{key}` were not imported")
    } else {
        format!("{} was not imported", group.name)
    };
    let message = format!(
        "{} has values in {} (first at {}) and in {} (first at {}), which do not convert into one unit; {left_out}: import them with {resolution}, or leave them out with --mapping '{key}=ignore'",
        group.name,
        describe(first),
        first.first,
        describe(other),
        other.first,
    );
    batch.report.reject(other.first.clone(), message);
}

/// The `--mapping` that gives values in `other`'s unit a marker of their own.
fn resolution_for(group: &MarkerGroup, other: &UnitSeen, key: &str) -> String {
    let sibling = match (group.definition, other.written.as_deref()) {
        (Some(definition), Some(unit)) => super::headers::sibling_for_unit(definition, unit)
            .filter(|sibling| sibling.id != definition.id),
        _ => None,
    };
    match (sibling, other.written.as_deref()) {
        (Some(sibling), _) => format!("--mapping '{key}={}'", sibling.id),
        (None, Some(unit)) => format!("--mapping '{key}=custom:{}'", unit.trim()),
        (None, None) => format!("--mapping '{key}=custom'"),
    }
}

/// A patient's 1-based position among the export's patients.
#[derive(Clone, Copy, Debug)]
struct Place {
    ordinal: usize,
    count: usize,
}

impl Place {
    /// `012` of 110: zero-padded to the count's width, so file names sort in export order.
    fn padded(self) -> String {
        let width = self.count.to_string().len();
        format!("{:0width$}", self.ordinal)
    }
}

fn base_case(batch: &Batch, record: &PatientRecord, place: Place, label: Option<&str>) -> Case {
    let Place { ordinal, count } = place;
    let title = match (label, record.key.is_empty()) {
        (Some(label), false) => format!(
            "{label} patient {ordinal} of {count} (imported from {})",
            batch.origin
        ),
        (None, false) => format!(
            "Patient {ordinal} of {count} (imported from {})",
            batch.origin
        ),
        (Some(label), true) => format!("{label} (imported from {})", batch.origin),
        (None, true) => format!("Imported from {}", batch.origin),
    };
    let source = match &batch.sheet {
        Some(sheet) => format!("{}, sheet {sheet}; imported by CaseLens", batch.origin),
        None => format!("{}; imported by CaseLens", batch.origin),
    };
    let mut interventions = record.interventions.clone();
    interventions
        .sort_by_key(|intervention| intervention.timing.first_time().map(|time| time_key(&time)));
    let mut events = record.events.clone();
    events.sort_by_key(|event| time_key(&event.time));
    let mut milestones = record.milestones.clone();
    milestones.sort_by_key(|milestone| milestone.time.map(|time| time_key(&time)));
    Case {
        format_version: CURRENT_FORMAT_VERSION,
        metadata: CaseMetadata {
            title,
            source: Some(source),
            keywords: vec!["imported".to_owned()],
            ..CaseMetadata::default()
        },
        patient: Patient {
            source_id: record.source_id.clone(),
            age_years: record.age_years,
            sex: record.sex,
            weight_kg: record.weight_kg,
            ..Patient::default()
        },
        anchors: TimeAnchors::default(),
        series: Vec::new(),
        interventions,
        events,
        milestones,
        episodes: Vec::new(),
        notes: Vec::new(),
        view: None,
        teaching: Default::default(),
        narrative: Default::default(),
    }
}

fn anchors_and_outcome(case: &mut Case, record: &PatientRecord, report: &mut super::ImportReport) {
    case.anchors.admission = record.admission;
    case.anchors.discharge = record.discharge;
    if let (Some(admission), Some(discharge)) = (record.admission, record.discharge)
        && time_key(&discharge) < time_key(&admission)
    {
        report.note(format!(
            "patient {}: discharge ({discharge}) is before admission ({admission}); the discharge time was not imported",
            record.key
        ));
        case.anchors.discharge = None;
    }
    let Some(outcome) = &record.outcome else {
        return;
    };
    let Some(end) = case.anchors.discharge else {
        report.note(format!(
            "patient {}: the outcome ({}) has no discharge time to place it at; it was not imported",
            record.key, outcome.stated_as
        ));
        return;
    };
    let (kind, text) = if outcome.died {
        (EventKind::Death, format!("Died ({})", outcome.stated_as))
    } else {
        (
            EventKind::Discharge,
            format!("Discharged alive ({})", outcome.stated_as),
        )
    };
    case.events.push(ClinicalEvent {
        time: end,
        kind,
        text,
        stated_illness_day: None,
        end: None,
    });
}

/// Interventions and imaging studies outside the stay make a case invalid; they are taken
/// out, each with a note, rather than losing the whole patient.
fn drop_invalid_items(
    case: &mut Case,
    findings: &crate::model::ValidationReport,
    patient: &str,
    report: &mut super::ImportReport,
) {
    let mut interventions = Vec::new();
    let mut milestones = Vec::new();
    for finding in findings.errors() {
        if let Some(index) = index_after(&finding.path, "interventions[") {
            interventions.push((index, finding.message.clone()));
        } else if let Some(index) = index_after(&finding.path, "milestones[") {
            milestones.push((index, finding.message.clone()));
        }
    }
    interventions.sort_by_key(|(index, _)| std::cmp::Reverse(*index));
    interventions.dedup_by_key(|(index, _)| *index);
    for (listed, (index, message)) in interventions.into_iter().enumerate() {
        if index < case.interventions.len() {
            let removed = case.interventions.remove(index);
            note_dropped(
                report,
                patient,
                listed,
                format!("intervention `{}`", removed.name),
                &message,
            );
        }
    }
    milestones.sort_by_key(|(index, _)| std::cmp::Reverse(*index));
    milestones.dedup_by_key(|(index, _)| *index);
    for (listed, (index, message)) in milestones.into_iter().enumerate() {
        if index < case.milestones.len() {
            let removed = case.milestones.remove(index);
            note_dropped(
                report,
                patient,
                listed,
                format!("imaging study {}", removed.label),
                &message,
            );
        }
    }
}

/// Notes for dropped items; beyond a few per patient (a generator's decades of visits), only
/// a count, so the summary stays readable.
const DROPPED_LISTED: usize = 5;

fn note_dropped(
    report: &mut super::ImportReport,
    patient: &str,
    listed: usize,
    what: String,
    message: &str,
) {
    if listed < DROPPED_LISTED {
        report.note(format!("patient {patient}: {what} not imported: {message}"));
    } else if listed == DROPPED_LISTED {
        report.note(format!(
            "patient {patient}: more items outside the stay not imported, for the same reasons"
        ));
    }
}

fn is_empty(case: &Case) -> bool {
    case.series.is_empty()
        && case.anchors == TimeAnchors::default()
        && case.interventions.is_empty()
        && case.milestones.is_empty()
        && case.events.is_empty()
}

fn index_after(path: &str, prefix: &str) -> Option<usize> {
    let rest = path.strip_prefix(prefix)?;
    rest.split(']').next()?.parse().ok()
}

fn file_stem_of(origin: &str) -> String {
    let stem = std::path::Path::new(origin)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".to_owned());
    sanitise(&stem)
}

fn unique_stem(origin_stem: &str, key: &str, used: &mut HashMap<String, usize>) -> String {
    let base = if key.is_empty() {
        origin_stem.to_owned()
    } else {
        format!("{origin_stem}_patient_{}", sanitise(key))
    };
    let count = used.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base
    } else {
        format!("{base}_{count}")
    }
}

/// Keeps letters, digits, `-` and `_`; anything else becomes `_`.
pub fn sanitise(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "_".to_owned()
    } else {
        cleaned
    }
}

/// The units each marker's values were written in, in order of first appearance.
fn units_seen(
    batch: &Batch,
    source_group: &[Option<usize>],
    group_count: usize,
) -> Vec<Vec<UnitSeen>> {
    let mut seen: Vec<Vec<UnitSeen>> = vec![Vec::new(); group_count];
    for value in batch.patients.iter().flat_map(|patient| &patient.values) {
        let Some(units) = source_group
            .get(value.source)
            .copied()
            .flatten()
            .and_then(|group_index| seen.get_mut(group_index))
        else {
            continue;
        };
        let written = written_unit(value, &batch.sources).map(str::trim);
        match units
            .iter_mut()
            .find(|unit| unit.written.as_deref() == written)
        {
            Some(unit) => unit.count += 1,
            None => units.push(UnitSeen {
                written: written.map(str::to_owned),
                first: value.location.clone(),
                source: value.source,
                count: 1,
            }),
        }
    }
    seen
}
