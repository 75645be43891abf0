//! Why an import did not happen. Each message names the file (and sheet, row, column, column
//! header or resource) and says what to do.

use std::fmt;
use std::path::PathBuf;

/// Why an import did not happen. Each message names the file (and sheet, row, column,
/// column header or resource) and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{}: CaseLens imports .csv, .tsv, .txt, .xlsx, .xlsm, .xls, .xlsb, .ods and FHIR Bundles in .json; rename the file if it is one of these",
        path.display()
    )]
    UnknownFormat { path: PathBuf },
    #[error(
        "{origin}: line {line} is not UTF-8 text (byte 0x{byte:02X}, `{}` in Windows-1252, the encoding of Excel's plain \"CSV\"); save the export as CSV UTF-8 and import it again",
        crate::io::text_encoding::windows_1252(*byte)
    )]
    NotUtf8 {
        origin: String,
        line: usize,
        /// The first byte that is not UTF-8.
        byte: u8,
    },
    #[error(
        "{origin}: the file looks like UTF-16 text without a byte-order mark (every other byte is zero); save the export as CSV UTF-8 (or UTF-8 JSON) and import it again"
    )]
    Utf16WithoutMark { origin: String },
    #[error(
        "{origin}: the file starts with a UTF-16 byte-order mark but is not valid UTF-16 text; save the export as CSV UTF-8 (or UTF-8 JSON) and import it again"
    )]
    BadUtf16 { origin: String },
    #[error("{origin}: line {line}: {message}")]
    Csv {
        origin: String,
        line: usize,
        message: String,
    },
    #[error("{origin}: cannot read the workbook: {message}")]
    Workbook { origin: String, message: String },
    #[error(
        "{origin} has no sheet `{sheet}`; its sheets are: {}; choose one with --sheet",
        Listed(available)
    )]
    NoSuchSheet {
        origin: String,
        sheet: String,
        available: Vec<String>,
    },
    #[error(
        "{origin}: every sheet is hidden ({}); unhide the sheet that holds the table in the spreadsheet program, or choose it with --sheet",
        Listed(hidden)
    )]
    OnlyHiddenSheets { origin: String, hidden: Vec<String> },
    #[error("--sheet applies to workbooks, and {origin} is a {format}; leave --sheet out")]
    SheetWithoutWorkbook {
        origin: String,
        format: &'static str,
    },
    #[error(
        "{origin}: {place} has {columns} columns, more than the {limit} CaseLens reads (a spreadsheet's own maximum); delete the columns that hold nothing to import, or export only the columns you need"
    )]
    TooManyColumns {
        origin: String,
        /// `line 3` or `the sheet`.
        place: String,
        columns: usize,
        limit: usize,
    },
    #[error(
        "{origin} has no encounter `{encounter}`; its encounters are: {}; choose one of them",
        Listed(listed)
    )]
    NoSuchEncounter {
        origin: String,
        encounter: String,
        listed: Vec<String>,
    },
    #[error("--encounter applies to FHIR Bundles, and {origin} is a {format}; leave it out")]
    EncounterWithoutBundle {
        origin: String,
        format: &'static str,
    },
    #[error("{origin}: no rows; is this the right file (or sheet)?")]
    EmptyTable { origin: String },
    #[error(
        "{origin}: no sample-time column among {}; name it `time` or `date`, or map one with --mapping 'COLUMN=time'{}",
        Listed(headers),
        OtherSheets(other_sheets)
    )]
    NoTimeColumn {
        origin: String,
        headers: Vec<String>,
        other_sheets: Vec<String>,
    },
    #[error(
        "{origin}: --mapping names `{key}`, but there is no such column, test name or code; there are: {}",
        Listed(keys)
    )]
    UnknownMappingKey {
        origin: String,
        key: String,
        keys: Vec<String>,
    },
    #[error(
        "{origin}: column `{header}` has dates such as `{example}` that could be day/month or month/day, and no date in it settles which; write dates as YYYY-MM-DD or give --date-order day-first (or month-first)"
    )]
    AmbiguousDates {
        origin: String,
        header: String,
        example: String,
    },
    #[error(
        "{origin}: column `{header}` has day-first dates (`{day_first}`) and month-first dates (`{month_first}`); correct the export, or give --date-order to read them all one way"
    )]
    ConflictingDateOrder {
        origin: String,
        header: String,
        day_first: String,
        month_first: String,
    },
    #[error("{0}")]
    MixedUnits(Box<MixedUnits>),
    #[error("{origin}:{line}:{column}: not a FHIR Bundle in JSON: {message}")]
    Json {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{origin}: the resource is a `{found}`, not a `Bundle`; export the patient's record as a FHIR R4 Bundle"
    )]
    NotABundle { origin: String, found: String },
    #[error(
        "{origin}: nothing to import: no patient has a value, an admission or an intervention; check the mapping (and the sheet){}",
        Unread(first_unread, *unread)
    )]
    NothingToImport {
        origin: String,
        /// The first few things that could not be read, with where they are: often the reason
        /// nothing was imported.
        first_unread: Vec<String>,
        /// How many could not be read.
        unread: usize,
    },
    #[error(
        "{origin}: patient {patient}: the imported case does not validate, which is a CaseLens bug; please report it with the export:\n{}",
        errors.join("\n")
    )]
    InvalidCase {
        origin: String,
        patient: String,
        errors: Vec<String>,
    },
    #[error("internal error while importing: {0}; please report it")]
    Internal(String),
}

/// `a`, `b`, `c`, or `(none)`.
struct Listed<'a>(&'a [String]);

impl fmt::Display for Listed<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return formatter.write_str("(none)");
        }
        let quoted: Vec<String> = self.0.iter().map(|item| format!("`{item}`")).collect();
        formatter.write_str(&quoted.join(", "))
    }
}

/// `; 2 items could not be read: A; B`: the first few listed, then how many more.
struct Unread<'a>(&'a [String], usize);

impl fmt::Display for Unread<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self(listed, count) = *self;
        if listed.is_empty() {
            return Ok(());
        }
        write!(
            formatter,
            "; {count} item{} could not be read: {}",
            if count == 1 { "" } else { "s" },
            listed.join("; ")
        )?;
        if count > listed.len() {
            write!(formatter, "; and {} more", count - listed.len())?;
        }
        Ok(())
    }
}

struct OtherSheets<'a>(&'a [String]);

impl fmt::Display for OtherSheets<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return Ok(());
        }
        write!(
            formatter,
            "; the workbook also has sheet{} {}: choose one with --sheet",
            if self.0.len() == 1 { "" } else { "s" },
            Listed(self.0)
        )
    }
}

/// A marker whose values come in units that do not convert into one another.
#[derive(Debug)]
pub struct MixedUnits {
    pub origin: String,
    pub marker: String,
    pub first_unit: String,
    pub first_location: String,
    pub other_unit: String,
    pub other_location: String,
}

impl fmt::Display for MixedUnits {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{}: {} has values in {} ({}) and in {} ({}), which CaseLens cannot convert into one unit; correct the export, or map the values to separate markers with --mapping",
            self.origin,
            self.marker,
            self.first_unit,
            self.first_location,
            self.other_unit,
            self.other_location
        )
    }
}
