//! What an import did besides making cases: values it could not take (with row and column or
//! resource), columns and codes it did not map, resources it skipped, and notes on every
//! assumption and conversion. The CLI prints it; the dialog shows it.

use std::fmt;
use std::sync::Arc;

/// Where in the export something was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A table cell; `row` is the 1-based spreadsheet row (CSV line), `column` 0-based.
    Cell {
        row: usize,
        column: usize,
        /// Shared by every cell of the column: a large export has many.
        header: Arc<str>,
    },
    /// A whole table row.
    Row { row: usize },
    /// A FHIR resource, as `Observation/abc` or its `fullUrl`.
    Resource { reference: Arc<str> },
}

impl fmt::Display for Location {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cell {
                row,
                column,
                header,
            } => write!(
                formatter,
                "row {row}, column {} (`{header}`)",
                column_letters(*column)
            ),
            Self::Row { row } => write!(formatter, "row {row}"),
            Self::Resource { reference } => write!(formatter, "{reference}"),
        }
    }
}

/// Spreadsheet column letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(column: usize) -> String {
    let mut letters = Vec::new();
    let mut remaining = column + 1;
    while remaining > 0 {
        let digit = (remaining - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        remaining = (remaining - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A value or row that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub location: Location,
    pub reason: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.location, self.reason)
    }
}

/// Everything an import reports besides the cases.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReport {
    /// Data rows read (tables) or resources read (FHIR).
    pub rows_read: usize,
    pub rejected: Vec<Rejected>,
    /// Empty result cells, which are normal in wide tables and only counted.
    pub empty_cells: usize,
    /// Rows whose patient id was taken from the row above (merged cells in the export).
    pub forward_filled_ids: usize,
    /// Identical repeated results (same patient, marker, time and value) kept once.
    pub merged_duplicates: usize,
    /// Qualitative results (positive, not detected, …) kept as test-result events.
    pub qualitative_results: usize,
    /// FHIR resources of kinds CaseLens does not use, by `resourceType`, sorted by name.
    pub skipped_resources: Vec<(String, usize)>,
    /// Assumptions, conversions and dropped items, one sentence each.
    pub notes: Vec<String>,
}

impl ImportReport {
    pub fn reject(&mut self, location: Location, reason: impl Into<String>) {
        self.rejected.push(Rejected {
            location,
            reason: reason.into(),
        });
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    pub fn skipped_total(&self) -> usize {
        self.skipped_resources.iter().map(|(_, count)| count).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
