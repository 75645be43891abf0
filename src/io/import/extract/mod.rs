//! Reads a table's rows under a mapping into a [`Batch`]: patient ids forward-filled across
//! merged cells, sample times, the values of marker columns (wide) or of the test named on
//! each row (long), and per-patient admission, discharge, outcome, age and sex. Cells that
//! cannot be read are reported with row and column and the rest of the row still counts.

use std::collections::HashMap;

mod patient_columns;

use super::ImportError;
use super::batch::{Batch, MarkerSource, PatientRecord, RawValue};
use super::mapping::{ColumnRole, EntryKind, ImportMapping, MarkerTarget};
use super::report::Location;
use super::table::{Cell, RawTable, format_number};
use super::time_parse::{
    DateOrder, excel_serial_to_time, is_slash_date, order_evidence, parse_time_text,
};
use super::values::{CellReading, read_qualitative, read_value_number, read_value_text};
use crate::model::marker::find_marker;
use crate::model::{CaseTime, ClinicalEvent, EventKind};

/// Marker columns of a wide table: (column, source).
type WideSources = Vec<(usize, usize)>;
/// Test names of a long table and their source (`None`: not imported).
type LongSources = HashMap<String, Option<usize>>;

/// Where each kind of column is.
struct Columns {
    time: usize,
    patient: Option<usize>,
    admission: Option<usize>,
    discharge: Option<usize>,
    outcome: Option<usize>,
    age: Option<usize>,
    sex: Option<usize>,
    /// Codes stated by hand for the sex and outcome columns.
    sex_codes: Option<super::mapping::ValueCodes>,
    outcome_codes: Option<super::mapping::ValueCodes>,
    /// Long tables: test name, value and unit columns.
    long: Option<(usize, usize, Option<usize>)>,
}

/// Reads every row of `table` under `mapping`.
pub fn extract(
    table: &RawTable,
    mapping: &ImportMapping,
    date_order: Option<DateOrder>,
) -> Result<Batch, ImportError> {
    let time = mapping
        .column_with(&ColumnRole::SampleTime)
        .ok_or_else(|| ImportError::Internal("no time column in a checked mapping".to_owned()))?;
    let long = match (
        mapping.column_with(&ColumnRole::MarkerName),
        mapping.column_with(&ColumnRole::Value),
    ) {
        (Some(name), Some(value)) => Some((name, value, mapping.column_with(&ColumnRole::Unit))),
        _ => None,
    };
    let columns = Columns {
        time,
        patient: mapping.column_with(&ColumnRole::PatientId),
        admission: mapping.column_with(&ColumnRole::Admission),
        discharge: mapping.column_with(&ColumnRole::Discharge),
        outcome: mapping.column_with(&ColumnRole::Outcome),
        age: mapping.column_with(&ColumnRole::Age),
        sex: mapping.column_with(&ColumnRole::Sex),
        sex_codes: mapping.codes_for(&ColumnRole::Sex).cloned(),
        outcome_codes: mapping.codes_for(&ColumnRole::Outcome).cloned(),
        long,
    };
    let mut orders = HashMap::new();
    for column in [Some(columns.time), columns.admission, columns.discharge]
        .into_iter()
        .flatten()
    {
        orders.insert(column, column_date_order(table, column, date_order)?);
    }
    let mut batch = Batch {
        origin: table.origin.clone(),
        sheet: table.sheet.clone(),
        ..Batch::default()
    };
    let (wide_sources, long_sources) = marker_sources(table, mapping, &mut batch);
    let mut reader = RowReader {
        table,
        columns: &columns,
        orders: &orders,
        wide_sources: &wide_sources,
        long_sources: &long_sources,
        patient_index: HashMap::new(),
        current_patient: None,
        unit_siblings: HashMap::new(),
    };
    for row in 0..table.row_count() {
        reader.read_row(row, &mut batch);
    }
    batch.report.rows_read = table.row_count();
    Ok(batch)
}

/// The sources of a mapping: marker columns (wide) and mapped test names (long).
fn marker_sources(
    table: &RawTable,
    mapping: &ImportMapping,
    batch: &mut Batch,
) -> (WideSources, LongSources) {
    let mut wide = Vec::new();
    let mut long = HashMap::new();
    for entry in &mapping.entries {
        let target = match &entry.role {
            ColumnRole::Marker(target) => Some(target),
            ColumnRole::Ignored | ColumnRole::Unmapped => None,
            _ => continue,
        };
        let described = match entry.kind {
            EntryKind::Column(column) => format!(
                "{}, column {} `{}`",
                table.describe_origin(),
                super::report::column_letters(column + table.column_offset),
                entry.label
            ),
            _ => format!("{}, test `{}`", table.describe_origin(), entry.label),
        };
        let source_index = target.map(|target| {
            let (name, header_unit) = super::headers::split_header_unit(&entry.key);
            let unit = match target {
                MarkerTarget::Custom { unit: Some(unit) } => Some(unit.clone()),
                _ => header_unit,
            };
            let definition = match target {
                MarkerTarget::Catalog(id) => find_marker(id),
                MarkerTarget::Custom { .. } => None,
            };
            batch.sources.push(MarkerSource {
                name: name.to_owned(),
                target: target.clone(),
                unit,
                described,
                definition,
                loinc: None,
                key: entry.key.clone(),
            });
            batch.sources.len() - 1
        });
        match entry.kind {
            EntryKind::Column(column) => {
                if let Some(source) = source_index {
                    wide.push((column, source));
                }
            }
            EntryKind::LongMarker => {
                long.insert(entry.key.clone(), source_index);
            }
            EntryKind::FhirCode => {}
        }
    }
    (wide, long)
}

/// Settles the day/month order of a column's slash dates, or says why it cannot.
fn column_date_order(
    table: &RawTable,
    column: usize,
    given: Option<DateOrder>,
) -> Result<Option<DateOrder>, ImportError> {
    let mut day_first: Option<String> = None;
    let mut month_first: Option<String> = None;
    let mut ambiguous: Option<String> = None;
    for row in 0..table.row_count() {
        let Cell::Text(text) = table.cell(row, column) else {
            continue;
        };
        if !is_slash_date(text) {
            continue;
        }
        match order_evidence(text) {
            Some(DateOrder::DayFirst) => {
                day_first.get_or_insert_with(|| text.trim().to_owned());
            }
            Some(DateOrder::MonthFirst) => {
                month_first.get_or_insert_with(|| text.trim().to_owned());
            }
            None => {
                ambiguous.get_or_insert_with(|| text.trim().to_owned());
            }
        }
    }
    let header = table.header(column).to_owned();
    match (day_first, month_first) {
        (Some(day_first), Some(month_first)) if given.is_none() => {
            Err(ImportError::ConflictingDateOrder {
                origin: table.describe_origin(),
                header,
                day_first,
                month_first,
            })
        }
        (Some(_), None) => Ok(Some(DateOrder::DayFirst)),
        (None, Some(_)) => Ok(Some(DateOrder::MonthFirst)),
        _ => match (ambiguous, given) {
            (Some(example), None) => Err(ImportError::AmbiguousDates {
                origin: table.describe_origin(),
                header,
                example,
            }),
            _ => Ok(given),
        },
    }
}

struct RowReader<'a> {
    table: &'a RawTable,
    columns: &'a Columns,
    orders: &'a HashMap<usize, Option<DateOrder>>,
    wide_sources: &'a [(usize, usize)],
    long_sources: &'a HashMap<String, Option<usize>>,
    patient_index: HashMap<String, usize>,
    /// The patient of the row above, for ids left blank under merged cells.
    current_patient: Option<usize>,
    /// Long tables: the source taking a test's values written in another unit family (`%`
    /// beside counts, DDU beside FEU), by (test source, unit).
    unit_siblings: HashMap<(usize, String), usize>,
}

impl RowReader<'_> {
    fn read_row(&mut self, row: usize, batch: &mut Batch) {
        let Some(patient) = self.patient_for(row, batch) else {
            return;
        };
        let time = self.time_at(row, self.columns.time, batch);
        self.read_patient_columns(row, patient, batch);
        match self.columns.long {
            Some((name_column, value_column, unit_column)) => self.read_long(
                row,
                patient,
                time,
                (name_column, value_column, unit_column),
                batch,
            ),
            None => self.read_wide(row, patient, time, batch),
        }
    }

    fn patient_for(&mut self, row: usize, batch: &mut Batch) -> Option<usize> {
        let Some(column) = self.columns.patient else {
            if batch.patients.is_empty() {
                batch.patients.push(PatientRecord::new(String::new()));
            }
            return Some(0);
        };
        let cell = self.table.cell(row, column);
        // Long tables repeat the id on every row: compare before allocating.
        if let (Cell::Text(text), Some(current)) = (&cell, self.current_patient)
            && batch
                .patients
                .get(current)
                .is_some_and(|patient| patient.key == text.trim())
        {
            return Some(current);
        }
        let id = cell.to_text();
        if id.is_empty() {
            if self.current_patient.is_some() {
                batch.report.forward_filled_ids += 1;
            } else if self.row_has_data(row) {
                batch.report.reject(
                    Location::Row {
                        row: self.table.row_number(row),
                    },
                    format!(
                        "no patient id in column `{}` and no row above to take it from; the row was not imported",
                        self.table.header(column)
                    ),
                );
            }
            return self.current_patient;
        }
        let index = *self.patient_index.entry(id.clone()).or_insert_with(|| {
            batch.patients.push(PatientRecord {
                source_id: Some(id.clone()),
                ..PatientRecord::new(id)
            });
            batch.patients.len() - 1
        });
        self.current_patient = Some(index);
        Some(index)
    }

    fn row_has_data(&self, row: usize) -> bool {
        (0..self.table.headers.len()).any(|column| !self.table.cell(row, column).is_empty())
    }

    /// A time cell, or `None` (with the cell reported) when it does not read.
    fn time_at(&self, row: usize, column: usize, batch: &mut Batch) -> Option<CaseTime> {
        let order = self.orders.get(&column).copied().flatten();
        let result = match self.table.cell(row, column) {
            Cell::Empty => return None,
            Cell::Time(time) => Ok(time),
            Cell::Text(text) => parse_time_text(text, order).map_err(|problem| {
                format!("`{}` {}", text.trim(), problem.describe())
            }),
            Cell::Number(serial) => excel_serial_to_time(serial).ok_or_else(|| {
                format!(
                    "`{}` is a number, not a date (Excel serial dates lie between 10000 and 100000)",
                    format_number(serial)
                )
            }),
            other => Err(format!("`{}` is not a date or time", other.to_text())),
        };
        match result {
            Ok(time) => Some(time),
            Err(reason) => {
                batch
                    .report
                    .reject(self.table.location(row, column), reason);
                None
            }
        }
    }

    fn read_wide(&self, row: usize, patient: usize, time: Option<CaseTime>, batch: &mut Batch) {
        for &(column, source) in self.wide_sources {
            self.read_value(row, column, source, None, patient, time, batch);
        }
    }

    fn read_long(
        &mut self,
        row: usize,
        patient: usize,
        time: Option<CaseTime>,
        (name_column, value_column, unit_column): (usize, usize, Option<usize>),
        batch: &mut Batch,
    ) {
        let name = self.table.cell(row, name_column).to_text();
        let Some(Some(source)) = self.long_sources.get(&name) else {
            return;
        };
        let unit = unit_column
            .map(|column| self.table.cell(row, column).to_text())
            .filter(|unit| !unit.is_empty());
        let source = match &unit {
            Some(unit) => self.source_for_unit(*source, unit, batch),
            None => *source,
        };
        self.read_value(row, value_column, source, unit, patient, time, batch);
    }

    /// The source for a long-table value written in `unit`: the test's own, or a sibling
    /// marker's (`Lymphocytes` in `%` → `lymphocytes_percent`), or a custom marker named with
    /// the unit when the catalog has no sibling, so that `%` and counts never share a series.
    fn source_for_unit(&mut self, source: usize, unit: &str, batch: &mut Batch) -> usize {
        let Some(original) = batch.sources.get(source) else {
            return source;
        };
        let Some(definition) = original.definition else {
            return source;
        };
        let sibling = super::headers::sibling_for_unit(definition, unit);
        if sibling.is_some_and(|sibling| sibling.id == definition.id) {
            return source;
        }
        let cache_key = (source, unit.trim().to_owned());
        if let Some(existing) = self.unit_siblings.get(&cache_key) {
            return *existing;
        }
        let mut routed = original.clone();
        match sibling {
            Some(sibling) => {
                routed.target = MarkerTarget::Catalog(sibling.id);
                routed.definition = Some(sibling);
            }
            None => {
                routed.target = MarkerTarget::Custom { unit: None };
                routed.definition = None;
                routed.name = format!("{} ({})", original.name, unit.trim());
            }
        }
        batch.sources.push(routed);
        let index = batch.sources.len() - 1;
        self.unit_siblings.insert(cache_key, index);
        index
    }

    /// A qualitative result, kept as a test-result event at the sample time.
    fn keep_qualitative(
        &self,
        source: usize,
        result: &str,
        time: CaseTime,
        patient: usize,
        batch: &mut Batch,
    ) {
        let name = batch
            .sources
            .get(source)
            .map(|source| source.name.clone())
            .unwrap_or_default();
        let Some(record) = batch.patients.get_mut(patient) else {
            return;
        };
        record.events.push(ClinicalEvent {
            time,
            kind: EventKind::TestResult,
            text: format!("{name}: {result}"),
            stated_illness_day: None,
            end: None,
        });
        batch.report.qualitative_results += 1;
    }

    #[allow(clippy::too_many_arguments)] // one cell, with everything that places it
    fn read_value(
        &self,
        row: usize,
        column: usize,
        source: usize,
        unit_column_text: Option<String>,
        patient: usize,
        time: Option<CaseTime>,
        batch: &mut Batch,
    ) {
        let reading = match self.table.cell(row, column) {
            Cell::Empty => CellReading::Empty,
            Cell::Number(number) => read_value_number(number),
            Cell::Text(text) => read_value_text(text, self.table.decimal_comma),
            Cell::Time(time) => CellReading::Rejected(format!("`{time}` is a date, not a result")),
            Cell::Bool(value) => CellReading::Rejected(format!("`{value}` is not a number")),
            Cell::Error(error) => CellReading::Rejected(format!(
                "spreadsheet error `{error}`: the export holds the error, not a result; correct the formula in the spreadsheet and export again"
            )),
        };
        let location = self.table.location(row, column);
        let value = match reading {
            CellReading::Empty => {
                batch.report.empty_cells += 1;
                return;
            }
            CellReading::Rejected(reason) => {
                let text = self.table.cell(row, column).to_text();
                match (read_qualitative(&text), time) {
                    (Some(result), Some(time)) => {
                        self.keep_qualitative(source, result, time, patient, batch)
                    }
                    _ => batch.report.reject(location, reason),
                }
                return;
            }
            CellReading::Value(value) => value,
        };
        let Some(time) = time else {
            let header = self.table.header(self.columns.time);
            batch.report.reject(
                location,
                format!("no readable sample time in column `{header}` on this row; the value was not imported"),
            );
            return;
        };
        let Some(record) = batch.patients.get_mut(patient) else {
            return;
        };
        record.values.push(RawValue {
            source,
            time,
            value: value.value,
            censored: value.censored,
            unit: value.unit.or(unit_column_text),
            location,
            flag: None,
            reference: None,
        });
    }
}
