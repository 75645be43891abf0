//! Builds one patient's series of one marker (grouped by [`super::marker_group`]): values
//! converted by the unit plan, sorted by time, repeated results merged, conflicting ones
//! reported, every conversion recorded on the series.

use crate::model::{CustomMarker, Provenance, Sample, Series, UnitConversion};

use super::batch::{MarkerSource, RawValue};
use super::marker_group::MarkerGroup;
use super::report::ImportReport;
use super::time_parse::time_key;
use super::unit_plan::UnitPlan;
use crate::model::convert_value;

/// The unit a value was written in: its own, else its source's.
pub fn written_unit<'a>(value: &'a RawValue, sources: &'a [MarkerSource]) -> Option<&'a str> {
    value.unit.as_deref().or_else(|| {
        sources
            .get(value.source)
            .and_then(|source| source.unit.as_deref())
    })
}

/// Builds one patient's series of one marker.
pub fn build_series(
    group: &MarkerGroup,
    plan: &UnitPlan,
    sources: &[MarkerSource],
    mut values: Vec<&RawValue>,
    report: &mut ImportReport,
) -> Series {
    // Stable: equal times keep export order, so the first of two conflicting values stays.
    values.sort_by_key(|value| time_key(&value.time));
    let mut samples: Vec<Sample> = Vec::with_capacity(values.len());
    let mut kept: Vec<&RawValue> = Vec::with_capacity(values.len());
    let mut converted = vec![0usize; plan.factors.len()];
    let mixed_units = plan.factors.len() > 1;
    for value in values {
        let written = written_unit(value, sources);
        let index = plan.factor_index(written);
        let (factor, converts) = index
            .and_then(|index| plan.factors.get(index))
            .map_or((1.0, false), |(_, factor, converts)| (*factor, *converts));
        let number = if factor == 1.0 {
            value.value
        } else {
            convert_value(value.value, factor)
        };
        if let (Some(previous), Some(previous_value)) = (samples.last(), kept.last())
            && time_key(&previous.time) == time_key(&value.time)
        {
            if previous.value == number && previous.censored == value.censored {
                report.merged_duplicates += 1;
            } else {
                report.reject(
                    value.location.clone(),
                    format!(
                        "{} has another value ({}) at the same time ({}) at {}; that one was kept",
                        group.name, previous.value, previous.time, previous_value.location
                    ),
                );
            }
            continue;
        }
        let mut sample = Sample::new(value.time, number);
        sample.censored = value.censored;
        sample.flag = value.flag;
        if converts {
            if let Some(count) = index.and_then(|index| converted.get_mut(index)) {
                *count += 1;
            }
            if mixed_units {
                sample.comment = Some(format!(
                    "exported as {} {}",
                    value.value,
                    written.unwrap_or_default().trim()
                ));
            }
        }
        samples.push(sample);
        kept.push(value);
    }
    let total = samples.len();
    let conversions = plan
        .factors
        .iter()
        .zip(&converted)
        .filter(|((_, _, converts), count)| *converts && **count > 0)
        .map(|((written, factor, _), count)| UnitConversion {
            from_unit: written.clone().unwrap_or_default().trim().to_owned(),
            to_unit: plan.target.clone(),
            factor: *factor,
            note: (*count < total).then(|| format!("applied to {count} of {total} samples")),
        })
        .collect();
    let note = if plan.assumed && group.definition.is_some() {
        Some("The export states no unit; the catalog unit is assumed.".to_owned())
    } else if plan.assumed {
        Some("The export states no unit.".to_owned())
    } else if plan.kept_unknown {
        Some(format!(
            "Unit as exported; CaseLens has no exact conversion from `{}` to the catalog unit.",
            plan.target
        ))
    } else {
        None
    };
    let described: Vec<&str> = group
        .sources
        .iter()
        .filter_map(|index| sources.get(*index))
        .map(|source| source.described.as_str())
        .collect();
    Series {
        marker: group.id.clone(),
        unit: Some(plan.target.clone()),
        custom: group.definition.is_none().then(|| CustomMarker {
            name: group.name.clone(),
            loinc: group.loinc.clone(),
            reference: None,
        }),
        reference: source_reference(group, plan, &kept, report),
        provenance: Provenance::Measured,
        note,
        imported_from: Some(described.join("; ")),
        conversions,
        samples,
        dense: None,
    }
}

/// The source laboratory's own interval (FHIR `referenceRange`), kept as the series'
/// interval when every value that gives one gives the same, in the unit the series holds;
/// the catalog's stays in the catalog. A range in another unit is never converted.
fn source_reference(
    group: &MarkerGroup,
    plan: &UnitPlan,
    kept: &[&RawValue],
    report: &mut ImportReport,
) -> Option<crate::model::ReferenceInterval> {
    let ranges: Vec<&super::batch::SourceRange> = kept
        .iter()
        .filter_map(|value| value.reference.as_ref())
        .collect();
    let first = ranges.first()?;
    let in_series_unit = |range: &super::batch::SourceRange| {
        range.unit.as_deref().map(str::trim) == Some(plan.target.as_str())
    };
    if ranges
        .iter()
        .any(|range| range.interval != first.interval || range.unit != first.unit)
    {
        report.note(format!(
            "{}: the export gives different reference ranges from one result to another; none was kept as the series' interval",
            group.name
        ));
        return None;
    }
    if !in_series_unit(first) {
        report.note(format!(
            "{}: the export's reference range ({} {}) is not in the series' unit ({}); it was not kept",
            group.name,
            first.interval.describe(),
            first.unit.as_deref().unwrap_or("without a unit"),
            plan.target
        ));
        return None;
    }
    Some(first.interval)
}
