//! Detects a table's mapping: each header's role or marker (by name, synonym or LOINC code,
//! never by position), a time column found by content when no header names one, the test
//! names of a long table, and the hand-made changes applied on top.

use std::collections::HashMap;

use super::ImportError;
use super::headers::{
    ambiguous_name, marker_for_name, role_from_header, sibling_for_unit, split_header_unit,
};
use super::mapping::{
    ColumnRole, EntryKind, ImportMapping, MappingEntry, MappingOverride, MarkerTarget, MatchedBy,
    ValueCodes,
};
use super::table::{Cell, RawTable};
use super::time_parse::parse_time_text;
use super::values::{CellReading, read_qualitative, read_value_text};

/// Detects the mapping and applies `overrides`.
pub fn detect_mapping(
    table: &RawTable,
    overrides: &[MappingOverride],
) -> Result<ImportMapping, ImportError> {
    let counts = non_empty_counts(table);
    let mut entries: Vec<MappingEntry> = table
        .headers
        .iter()
        .enumerate()
        .map(|(index, header)| column_entry(table, index, header, counts.get(index).copied()))
        .collect();
    keep_one_per_role(&mut entries);
    let mut mapping = ImportMapping {
        entries,
        value_codes: overrides
            .iter()
            .filter(|change| !change.codes.is_empty())
            .map(|change| ValueCodes {
                key: change.key.clone(),
                codes: change.codes.clone(),
            })
            .collect(),
    };
    let mut left_over = Vec::new();
    for change in overrides {
        if !mapping.set_role(&change.key, change.role.clone()) {
            left_over.push(change);
        }
    }
    if mapping.column_with(&ColumnRole::SampleTime).is_none() {
        find_time_column_by_content(table, &mut mapping);
    }
    let Some(_) = mapping.column_with(&ColumnRole::SampleTime) else {
        return Err(no_time_column(table));
    };
    if mapping.is_long() {
        add_long_markers(table, &mut mapping);
    } else {
        for entry in &mut mapping.entries {
            if matches!(
                entry.role,
                ColumnRole::MarkerName | ColumnRole::Value | ColumnRole::Unit
            ) {
                entry.role = ColumnRole::Unmapped;
                entry.matched_by = MatchedBy::Nothing;
            }
        }
    }
    for change in left_over {
        if !mapping.set_role(&change.key, change.role.clone()) {
            return Err(ImportError::UnknownMappingKey {
                origin: table.describe_origin(),
                key: change.key.clone(),
                keys: mapping
                    .entries
                    .iter()
                    .map(|entry| entry.key.clone())
                    .collect(),
            });
        }
    }
    Ok(mapping)
}

/// What a column matching no role and no catalog marker becomes: a custom marker named by its
/// header when it holds results (numbers or qualitative results), else it is listed unmapped.
fn unmatched(table: &RawTable, column: usize, header: &str) -> (ColumnRole, MatchedBy) {
    if ambiguous_name(header).is_some() {
        return (ColumnRole::Unmapped, MatchedBy::Ambiguous);
    }
    if column_has_results(table, column) {
        (
            ColumnRole::Marker(MarkerTarget::Custom { unit: None }),
            MatchedBy::Kept,
        )
    } else {
        (ColumnRole::Unmapped, MatchedBy::Nothing)
    }
}

fn column_has_results(table: &RawTable, column: usize) -> bool {
    (0..table.row_count()).any(|row| match table.cell(row, column) {
        Cell::Number(_) => true,
        Cell::Text(text) => {
            matches!(
                read_value_text(text, table.decimal_comma),
                CellReading::Value(_)
            ) || read_qualitative(text).is_some()
        }
        _ => false,
    })
}

fn column_entry(
    table: &RawTable,
    index: usize,
    header: &str,
    values: Option<usize>,
) -> MappingEntry {
    let label = if header.is_empty() {
        format!("column {}", super::report::column_letters(index))
    } else {
        header.to_owned()
    };
    let (role, matched_by) = if header.is_empty() {
        (ColumnRole::Unmapped, MatchedBy::Nothing)
    } else if let Some(role) = role_from_header(header) {
        (role, MatchedBy::Name)
    } else if let Some((definition, matched_by)) = marker_for_name(header) {
        (
            ColumnRole::Marker(MarkerTarget::Catalog(definition.id)),
            matched_by,
        )
    } else {
        unmatched(table, index, header)
    };
    MappingEntry {
        key: if header.is_empty() {
            label.clone()
        } else {
            header.to_owned()
        },
        label,
        kind: EntryKind::Column(index),
        role,
        unit: split_header_unit(header).1,
        matched_by,
        values: values.unwrap_or(0),
    }
}

fn keep_one_per_role(entries: &mut [MappingEntry]) {
    for role in ColumnRole::SINGLE_COLUMN {
        let mut holders: Vec<usize> = entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| entry.role == role)
            .map(|(index, _)| index)
            .collect();
        if role == ColumnRole::SampleTime {
            // `Collection time` beats `Report time`: the sample's time is what is plotted.
            holders.sort_by_key(|index| entries.get(*index).map(|e| time_priority(&e.key)));
        }
        for index in holders.into_iter().skip(1) {
            if let Some(entry) = entries.get_mut(index) {
                entry.role = ColumnRole::Unmapped;
                entry.matched_by = MatchedBy::Nothing;
            }
        }
    }
}

fn time_priority(header: &str) -> u8 {
    let name = super::headers::normalise_header(header);
    if ["sample", "specimen", "collect", "draw", "re date"]
        .iter()
        .any(|word| name.contains(word))
    {
        0
    } else if ["time", "date", "datetime"].contains(&name.as_str()) {
        1
    } else if name.contains("result") || name.contains("report") {
        3
    } else {
        2
    }
}

fn non_empty_counts(table: &RawTable) -> Vec<usize> {
    let mut counts = vec![0; table.headers.len()];
    for row in 0..table.row_count() {
        for (column, count) in counts.iter_mut().enumerate() {
            if !table.cell(row, column).is_empty() {
                *count += 1;
            }
        }
    }
    counts
}

/// A column whose every filled cell (of the first 200 rows) is a date or date-time.
fn find_time_column_by_content(table: &RawTable, mapping: &mut ImportMapping) {
    let sample_rows = table.row_count().min(200);
    for entry in &mut mapping.entries {
        let EntryKind::Column(column) = entry.kind else {
            continue;
        };
        if entry.role != ColumnRole::Unmapped {
            continue;
        }
        let mut filled = 0;
        let all_times = (0..sample_rows).all(|row| match table.cell(row, column) {
            Cell::Empty => true,
            Cell::Time(_) => {
                filled += 1;
                true
            }
            Cell::Text(text) if text.trim().is_empty() => true,
            Cell::Text(text) => {
                filled += 1;
                text.chars().any(|c| !c.is_ascii_digit() && c != '.')
                    && parse_time_text(text, None).is_ok()
            }
            _ => false,
        });
        if all_times && filled > 0 {
            entry.role = ColumnRole::SampleTime;
            entry.matched_by = MatchedBy::Content;
            return;
        }
    }
}

fn no_time_column(table: &RawTable) -> ImportError {
    ImportError::NoTimeColumn {
        origin: table.describe_origin(),
        headers: table
            .headers
            .iter()
            .filter(|header| !header.is_empty())
            .cloned()
            .collect(),
        other_sheets: table.other_sheets.clone(),
    }
}

/// One entry per distinct test name of a long table, in order of first appearance.
fn add_long_markers(table: &RawTable, mapping: &mut ImportMapping) {
    let Some(name_column) = mapping.column_with(&ColumnRole::MarkerName) else {
        return;
    };
    let unit_column = mapping.column_with(&ColumnRole::Unit);
    let mut order: Vec<(String, usize, Option<String>)> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for row in 0..table.row_count() {
        let name = table.cell(row, name_column).to_text();
        if name.is_empty() {
            continue;
        }
        match index_of.get(&name) {
            Some(index) => {
                if let Some(entry) = order.get_mut(*index) {
                    entry.1 += 1;
                }
            }
            None => {
                let unit = unit_column
                    .map(|column| table.cell(row, column).to_text())
                    .filter(|unit| !unit.is_empty());
                index_of.insert(name.clone(), order.len());
                order.push((name, 1, unit));
            }
        }
    }
    for (name, rows, unit) in order {
        let found = marker_for_name(&name).and_then(|(definition, matched_by)| match &unit {
            Some(unit) => sibling_for_unit(definition, unit).map(|sibling| (sibling, matched_by)),
            None => Some((definition, matched_by)),
        });
        let (role, matched_by) = match found {
            Some((definition, matched_by)) => (
                ColumnRole::Marker(MarkerTarget::Catalog(definition.id)),
                matched_by,
            ),
            None if ambiguous_name(&name).is_some() => (ColumnRole::Unmapped, MatchedBy::Ambiguous),
            // A test name is a result by definition: kept under its own name.
            None => (
                ColumnRole::Marker(MarkerTarget::Custom { unit: None }),
                MatchedBy::Kept,
            ),
        };
        mapping.entries.push(MappingEntry {
            key: name.clone(),
            label: name,
            kind: EntryKind::LongMarker,
            role,
            unit,
            matched_by,
            values: rows,
        });
    }
}
