//! Importers for lab exports: CSV and XLSX tables (wide or long), FHIR R4 Bundles.
//!
//! An import goes in three steps, so that a person can look between them: the export is read
//! ([`LoadedExport::read`]), its mapping detected ([`LoadedExport::detect_mapping`]: which
//! column or code is the time, the patient, which marker), then cases are built under that
//! mapping, possibly changed by hand ([`LoadedExport::build`]). [`import_file`] does all three.
//!
//! Nothing is dropped: a column or test name no catalog marker matches is kept as a custom
//! marker named by its header (`MatchedBy::Kept`), qualitative results become test-result
//! events, a column whose units conflict with its marker's is left out alone and reported
//! with the `--mapping` that resolves it; values that cannot be read are listed with row and
//! column (or resource) in the [`ImportReport`], unit conversions are recorded on each series,
//! and assumptions are stated in the report's notes. Coded sex and outcome columns are read
//! only with the codes the person importing states.
//! Patient names (FHIR) stay in [`PatientIdentity`] and never enter a case; the export's
//! patient id enters only `Patient::source_id`, which de-identified exports leave out, and
//! never a title or a default file name ([`ImportedPatient::file_stem`] counts patients).

mod batch;
mod csv;
mod detect;
mod error;
mod extract;
mod fhir;
mod headers;
mod mapping;
mod marker_group;
mod merge;
mod report;
mod series_build;
mod table;
mod time_parse;
mod to_case;
mod unit_plan;
mod values;
mod xlsx;

use std::path::Path;

pub use batch::PatientIdentity;
pub use error::{ImportError, MixedUnits};
pub use fhir::EncounterSummary;
pub use headers::ambiguous_name;
pub use mapping::{
    CodedValue, ColumnRole, EntryKind, ImportMapping, MappingEntry, MappingError, MappingOverride,
    MarkerTarget, MatchedBy, ValueCodes,
};
pub use merge::{MergeSummary, merge_into};
pub use report::{ImportReport, Location, Rejected, column_letters};
pub use time_parse::DateOrder;
pub use to_case::ImportedPatient;
pub use unit_plan::UNIT_NOT_STATED;

use fhir::FhirBundle;
use table::RawTable;

/// The kinds of export CaseLens reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-, semicolon- or tab-separated text.
    Csv,
    /// XLSX (and XLS, XLSB, ODS).
    Workbook,
    /// A FHIR R4 Bundle in JSON.
    FhirBundle,
}

impl ExportFormat {
    /// The format a file name's extension announces.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_lowercase();
        match extension.as_str() {
            "csv" | "tsv" | "txt" => Some(Self::Csv),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Some(Self::Workbook),
            "json" => Some(Self::FhirBundle),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Csv => "CSV table",
            Self::Workbook => "workbook",
            Self::FhirBundle => "FHIR R4 Bundle",
        }
    }
}

/// Choices made before an import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The worksheet to read; the first when `None`.
    pub sheet: Option<String>,
    /// Changes to the detected mapping.
    pub mapping: Vec<MappingOverride>,
    /// Day/month order of slash dates no value settles.
    pub date_order: Option<DateOrder>,
    /// Starts each case title: `Tongji` gives `Tongji patient 12 of 110 (imported from …)`.
    pub label: Option<String>,
    /// FHIR: the encounter whose stay to import (`Encounter/id`, or its id), when a patient
    /// has several; the latest inpatient stay otherwise.
    pub encounter: Option<String>,
}

/// The cases made from an export, and everything said about it.
#[derive(Clone, Debug)]
pub struct ImportOutcome {
    /// The export's file name.
    pub origin: String,
    pub format: ExportFormat,
    pub sheet: Option<String>,
    /// The FHIR Bundle's `type`, for bundles.
    pub bundle_type: Option<String>,
    pub mapping: ImportMapping,
    pub patients: Vec<ImportedPatient>,
    pub report: ImportReport,
}

// One per loaded export, built once and never moved in a loop: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum Contents {
    Table(RawTable),
    Fhir(FhirBundle),
}

/// An export read into memory, before its mapping is decided.
#[derive(Debug)]
pub struct LoadedExport {
    pub origin: String,
    pub format: ExportFormat,
    contents: Contents,
}

impl LoadedExport {
    /// Reads a file; `sheet` chooses a worksheet of a workbook.
    pub fn read(path: &Path, sheet: Option<&str>) -> Result<Self, ImportError> {
        let format = ExportFormat::from_path(path).ok_or_else(|| ImportError::UnknownFormat {
            path: path.to_path_buf(),
        })?;
        let origin = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        if sheet.is_some() && format != ExportFormat::Workbook {
            return Err(ImportError::SheetWithoutWorkbook {
                origin,
                format: format.label(),
            });
        }
        let contents = match format {
            ExportFormat::Csv => Contents::Table(csv::read_csv(path, &origin)?),
            ExportFormat::Workbook => Contents::Table(xlsx::read_workbook(path, &origin, sheet)?),
            ExportFormat::FhirBundle => Contents::Fhir(fhir::read_fhir(path, &origin)?),
        };
        Ok(Self {
            origin,
            format,
            contents,
        })
    }

    /// Reads delimited text or a FHIR Bundle already in memory (tests, pasted data).
    pub fn from_bytes(
        bytes: &[u8],
        origin: &str,
        format: ExportFormat,
    ) -> Result<Self, ImportError> {
        let contents = match format {
            ExportFormat::Csv => Contents::Table(csv::parse_csv(bytes, origin)?),
            ExportFormat::FhirBundle => Contents::Fhir(fhir::parse_fhir(bytes, origin)?),
            ExportFormat::Workbook => {
                return Err(ImportError::Workbook {
                    origin: origin.to_owned(),
                    message: "workbooks are read from files".to_owned(),
                });
            }
        };
        Ok(Self {
            origin: origin.to_owned(),
            format,
            contents,
        })
    }

    /// Every worksheet of a workbook, in workbook order (empty for other formats).
    pub fn sheet_names(&self) -> &[String] {
        match &self.contents {
            Contents::Table(table) => &table.sheet_names,
            Contents::Fhir(_) => &[],
        }
    }

    /// The worksheet read, for workbooks.
    pub fn sheet(&self) -> Option<&str> {
        match &self.contents {
            Contents::Table(table) => table.sheet.as_deref(),
            Contents::Fhir(_) => None,
        }
    }

    /// The encounters of a FHIR Bundle, for picking the stay (empty for tables).
    pub fn encounters(&self) -> Vec<EncounterSummary> {
        match &self.contents {
            Contents::Table(_) => Vec::new(),
            Contents::Fhir(bundle) => fhir::list_encounters(bundle),
        }
    }

    /// Detects the mapping and applies hand-made changes.
    pub fn detect_mapping(
        &self,
        overrides: &[MappingOverride],
    ) -> Result<ImportMapping, ImportError> {
        match &self.contents {
            Contents::Table(table) => detect::detect_mapping(table, overrides),
            Contents::Fhir(bundle) => bundle.detect_mapping(overrides),
        }
    }

    /// The header and the first `count` rows as text, for a preview (FHIR: one row per
    /// resource kind with its count).
    pub fn preview(&self, count: usize) -> (Vec<String>, Vec<Vec<String>>) {
        match &self.contents {
            Contents::Table(table) => {
                let rows = (0..table.row_count().min(count))
                    .map(|row| {
                        (0..table.headers.len())
                            .map(|column| table.cell(row, column).to_text())
                            .collect()
                    })
                    .collect();
                (table.headers.clone(), rows)
            }
            Contents::Fhir(bundle) => {
                let used = [
                    ("Patient", bundle.patients.len()),
                    ("Observation", bundle.observations.len()),
                    ("Encounter", bundle.encounters.len()),
                    ("MedicationAdministration", bundle.administrations.len()),
                    ("MedicationRequest", bundle.requests.len()),
                    ("MedicationStatement", bundle.statements.len()),
                    ("Procedure", bundle.procedures.len()),
                    ("Condition", bundle.conditions.len()),
                    ("Immunization", bundle.immunizations.len()),
                    ("ImagingStudy", bundle.studies.len()),
                    ("DiagnosticReport", bundle.reports.len()),
                ];
                let mut rows: Vec<Vec<String>> = used
                    .iter()
                    .filter(|(_, count)| *count > 0)
                    .map(|(kind, count)| {
                        vec![(*kind).to_owned(), count.to_string(), "read".to_owned()]
                    })
                    .collect();
                rows.extend(bundle.skipped.iter().map(|(kind, count)| {
                    vec![kind.clone(), count.to_string(), "skipped".to_owned()]
                }));
                rows.truncate(count);
                let headers = ["resource", "count", ""].map(str::to_owned).to_vec();
                (headers, rows)
            }
        }
    }

    /// Builds the cases under `mapping`.
    pub fn build(
        &self,
        mapping: &ImportMapping,
        options: &ImportOptions,
    ) -> Result<ImportOutcome, ImportError> {
        let (batch, bundle_type) = match &self.contents {
            Contents::Table(_) if options.encounter.is_some() => {
                return Err(ImportError::EncounterWithoutBundle {
                    origin: self.origin.clone(),
                    format: self.format.label(),
                });
            }
            Contents::Table(table) => (extract::extract(table, mapping, options.date_order)?, None),
            Contents::Fhir(bundle) => {
                if let Some(wanted) = &options.encounter
                    && !bundle
                        .encounters
                        .iter()
                        .any(|located| fhir::names_encounter(located, wanted))
                {
                    return Err(ImportError::NoSuchEncounter {
                        origin: self.origin.clone(),
                        encounter: wanted.clone(),
                        listed: self
                            .encounters()
                            .into_iter()
                            .map(|encounter| encounter.reference)
                            .collect(),
                    });
                }
                (
                    bundle.extract(mapping, options.encounter.as_deref()),
                    Some(bundle.bundle_type.clone()),
                )
            }
        };
        let sheet = batch.sheet.clone();
        let (patients, report) = to_case::build_cases(batch, options.label.as_deref())?;
        if patients.is_empty() {
            return Err(ImportError::NothingToImport {
                origin: match &sheet {
                    Some(sheet) => format!("{}, sheet {sheet}", self.origin),
                    None => self.origin.clone(),
                },
                first_unread: report
                    .rejected
                    .iter()
                    .take(3)
                    .map(ToString::to_string)
                    .collect(),
                unread: report.rejected.len(),
            });
        }
        Ok(ImportOutcome {
            origin: self.origin.clone(),
            format: self.format,
            sheet,
            bundle_type,
            mapping: mapping.clone(),
            patients,
            report,
        })
    }
}

/// Reads an export, detects its mapping, applies `options` and builds the cases.
pub fn import_file(path: &Path, options: &ImportOptions) -> Result<ImportOutcome, ImportError> {
    let export = LoadedExport::read(path, options.sheet.as_deref())?;
    let mapping = export.detect_mapping(&options.mapping)?;
    export.build(&mapping, options)
}
