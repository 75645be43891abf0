//! A table read from a CSV file or a worksheet, before anything is made of it: the header
//! row and the data rows, with each row's number as the person sees it in the file, and typed
//! access to cells. Rows are kept as the readers produce them (CSV records, a calamine
//! range), so a large export is not copied cell by cell.

use std::sync::Arc;

use calamine::Data;

use super::report::Location;
use super::time_parse::round_to_second;
use crate::model::CaseTime;

/// The most columns a table may have. Excel's own maximum (column XFD), so every sheet a
/// spreadsheet can save fits; a wider table is a malformed or hostile file, and the import's
/// per-column work (mapping, unit detection, the mapping editor's rows) would otherwise grow
/// without bound.
pub const MAX_TABLE_COLUMNS: usize = 16_384;

/// One cell as the table holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    /// A spreadsheet date-time cell.
    Time(CaseTime),
    Bool(bool),
    /// A spreadsheet error such as `#N/A`.
    Error(String),
}

impl Cell<'_> {
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, for ids, names and messages: `12` for the number 12.0.
    pub fn to_text(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(text) => text.trim().to_owned(),
            Self::Number(number) => format_number(*number),
            Self::Time(time) => time.to_string(),
            Self::Bool(value) => value.to_string(),
            Self::Error(error) => error.clone(),
        }
    }
}

/// Whole numbers without `.0`; others as Rust prints them (shortest round-trip form).
pub fn format_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

/// The data rows, as the reader produced them.
#[derive(Debug)]
pub enum Rows {
    /// CSV records and the line each starts on.
    Text {
        records: Vec<csv::StringRecord>,
        lines: Vec<usize>,
    },
    /// A worksheet range; data rows start at `first_data_row` within it, which is
    /// spreadsheet row `first_row_number`.
    Sheet {
        range: calamine::Range<Data>,
        first_data_row: usize,
        first_row_number: usize,
    },
}

/// A table read from an export.
#[derive(Debug)]
pub struct RawTable {
    /// The file name, for messages.
    pub origin: String,
    /// The worksheet read, for workbooks.
    pub sheet: Option<String>,
    /// The workbook's other sheets, to suggest when this one holds no table.
    pub other_sheets: Vec<String>,
    /// All the workbook's sheets, in workbook order.
    pub sheet_names: Vec<String>,
    pub headers: Vec<String>,
    /// The headers again, shared by the locations of the column's cells.
    pub shared_headers: Vec<Arc<str>>,
    /// Added to column indexes in messages, for sheets whose used range does not start at A.
    pub column_offset: usize,
    /// Read `5,1` as 5.1 (semicolon-separated exports).
    pub decimal_comma: bool,
    pub rows: Rows,
}

impl RawTable {
    pub fn row_count(&self) -> usize {
        match &self.rows {
            Rows::Text { records, .. } => records.len(),
            Rows::Sheet {
                range,
                first_data_row,
                ..
            } => range.height().saturating_sub(*first_data_row),
        }
    }

    /// The row number a person sees for data row `row` (0-based).
    pub fn row_number(&self, row: usize) -> usize {
        match &self.rows {
            Rows::Text { lines, .. } => lines.get(row).copied().unwrap_or(row + 2),
            Rows::Sheet {
                first_row_number, ..
            } => first_row_number + row,
        }
    }

    pub fn cell(&self, row: usize, column: usize) -> Cell<'_> {
        match &self.rows {
            Rows::Text { records, .. } => match records.get(row).and_then(|r| r.get(column)) {
                Some(text) if !text.trim().is_empty() => Cell::Text(text),
                _ => Cell::Empty,
            },
            Rows::Sheet {
                range,
                first_data_row,
                ..
            } => match range.get((first_data_row + row, column)) {
                Some(data) => sheet_cell(data),
                None => Cell::Empty,
            },
        }
    }

    pub fn header(&self, column: usize) -> &str {
        self.headers.get(column).map(String::as_str).unwrap_or("")
    }

    pub fn location(&self, row: usize, column: usize) -> Location {
        Location::Cell {
            row: self.row_number(row),
            column: column + self.column_offset,
            header: self
                .shared_headers
                .get(column)
                .cloned()
                .unwrap_or_else(|| Arc::from("")),
        }
    }

    /// `labs.xlsx, sheet Labs` or `labs.csv`.
    pub fn describe_origin(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("{}, sheet {sheet}", self.origin),
            None => self.origin.clone(),
        }
    }
}

fn sheet_cell(data: &Data) -> Cell<'_> {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) if text.trim().is_empty() => Cell::Empty,
        Data::String(text) => Cell::Text(text),
        Data::Int(number) => Cell::Number(*number as f64),
        Data::Float(number) => Cell::Number(*number),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(excel) if excel.is_duration() => Cell::Number(excel.as_f64()),
        Data::DateTime(excel) => match excel.as_datetime() {
            Some(_) if excel.as_f64().fract() == 0.0 => excel
                .as_datetime()
                .map(|value| Cell::Time(CaseTime::Date(value.date())))
                .unwrap_or(Cell::Empty),
            Some(value) => Cell::Time(CaseTime::DateTime(round_to_second(value))),
            None => Cell::Error(format!("unreadable date {}", excel.as_f64())),
        },
        Data::DateTimeIso(text) | Data::DurationIso(text) => Cell::Text(text),
        Data::Error(error) => Cell::Error(format!("{error}")),
    }
}
