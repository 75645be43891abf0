//! Cohort files: one Apache Arrow IPC (Feather v2) file per cohort.
//!
//! The table has one row per sample: `patient` (uint32, index into the patient list),
//! `analyte` (uint16, index into the analyte list), `seconds_from_admission` (int32) and
//! `value` (float64). The patient list (id, outcome, age, sex, admission, end) and the analyte
//! list (marker, name, unit) travel as JSON in the schema metadata, with the cohort's name and
//! attribution; `docs/cohort.md` describes every key. pandas, polars and R read the table as
//! it is. The bundled Tongji cohort ([`BUNDLED_TONGJI`]) is one such file inside the binary.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{Array, Float64Array, Int32Array, RecordBatch, UInt16Array, UInt32Array};
use arrow_ipc::reader::FileReader;
use arrow_ipc::writer::FileWriter;
use arrow_schema::{DataType, Field, Schema};
use serde::{Deserialize, Serialize};

use super::atomic::{WriteError, write_atomic};
use crate::model::{Cohort, CohortAnalyte, CohortPatient};

/// The cohort-file version this build writes and reads.
pub const COHORT_FORMAT_VERSION: u32 = 1;

/// A cohort file larger than this is refused before it is read (the bundled one is ~1 MB).
pub const MAX_COHORT_FILE_BYTES: u64 = 1 << 30;

const KEY_VERSION: &str = "caselens.cohort.version";
const KEY_NAME: &str = "caselens.cohort.name";
const KEY_ATTRIBUTION: &str = "caselens.cohort.attribution";
const KEY_PATIENTS: &str = "caselens.cohort.patients";
const KEY_ANALYTES: &str = "caselens.cohort.analytes";

/// The Tongji training cohort (375 patients, Yan et al. 2020, MIT licence), built by
/// `caselens cohort build` from `tongji_train_375.xlsx`.
pub const BUNDLED_TONGJI: &[u8] = include_bytes!("../../assets/cohorts/tongji_375.arrow");

/// Why a cohort file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CohortFileError {
    #[error("could not read cohort file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: is {size} bytes, more than the {MAX_COHORT_FILE_BYTES} a cohort file may be; is it a cohort file?", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}: not a readable Arrow IPC (Feather v2) file: {message}", path.display())]
    Format { path: PathBuf, message: String },
    #[error("{}: schema metadata `{key}` is missing or unreadable ({message}); write the file again with `caselens cohort build`", path.display())]
    Metadata {
        path: PathBuf,
        key: &'static str,
        message: String,
    },
    #[error("{}: cohort format version {found}, but this CaseLens reads version {COHORT_FORMAT_VERSION}; use a newer CaseLens or build the cohort again", path.display())]
    Version { path: PathBuf, found: String },
    #[error("{}: column `{column}` is missing or not {expected}", path.display())]
    Column {
        path: PathBuf,
        column: &'static str,
        expected: &'static str,
    },
    #[error("{}: row {row}: {message}", path.display())]
    Row {
        path: PathBuf,
        row: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    TooMany { path: PathBuf, message: String },
    #[error(transparent)]
    Write(#[from] WriteError),
}

#[derive(Serialize, Deserialize)]
struct AnalyteEntry {
    marker: String,
    name: String,
    unit: String,
}

/// Reads a cohort file.
pub fn read_cohort_file(path: &Path) -> Result<Cohort, CohortFileError> {
    let size = std::fs::metadata(path)
        .map_err(|source| CohortFileError::Read {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    if size > MAX_COHORT_FILE_BYTES {
        return Err(CohortFileError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| CohortFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_cohort(&bytes, path)
}

/// The bundled Tongji cohort.
pub fn bundled_tongji() -> Result<Cohort, CohortFileError> {
    parse_cohort(BUNDLED_TONGJI, Path::new("assets/cohorts/tongji_375.arrow"))
}

/// Reads a cohort from the bytes of a cohort file; `path` names it in messages.
pub fn parse_cohort(bytes: &[u8], path: &Path) -> Result<Cohort, CohortFileError> {
    let format = |message: String| CohortFileError::Format {
        path: path.to_path_buf(),
        message,
    };
    let mut cursor = Cursor::new(bytes);
    // arrow-ipc trusts the block offsets a file states and panics on some impossible ones.
    if !super::dense_file::blocks_lie_within(&mut cursor, bytes.len() as u64) {
        return Err(format(
            "its blocks point outside the file; the file is damaged: build it again".to_owned(),
        ));
    }
    let reader = std::panic::catch_unwind(|| FileReader::try_new(Cursor::new(bytes), None))
        .map_err(|_| format("its footer is damaged; build it again".to_owned()))?
        .map_err(|error| format(error.to_string()))?;
    let schema = reader.schema();
    let metadata = schema.metadata();
    let text = |key: &'static str| {
        metadata
            .get(key)
            .cloned()
            .ok_or_else(|| CohortFileError::Metadata {
                path: path.to_path_buf(),
                key,
                message: "missing".to_owned(),
            })
    };
    let version = text(KEY_VERSION)?;
    if version != COHORT_FORMAT_VERSION.to_string() {
        return Err(CohortFileError::Version {
            path: path.to_path_buf(),
            found: version,
        });
    }
    let json_error = |key: &'static str| {
        move |error: serde_json::Error| CohortFileError::Metadata {
            path: path.to_path_buf(),
            key,
            message: error.to_string(),
        }
    };
    let patients: Vec<CohortPatient> =
        serde_json::from_str(&text(KEY_PATIENTS)?).map_err(json_error(KEY_PATIENTS))?;
    let analytes: Vec<AnalyteEntry> =
        serde_json::from_str(&text(KEY_ANALYTES)?).map_err(json_error(KEY_ANALYTES))?;
    let mut cohort = Cohort {
        name: text(KEY_NAME)?,
        attribution: text(KEY_ATTRIBUTION)?,
        patients,
        analytes: analytes
            .into_iter()
            .map(|entry| CohortAnalyte {
                marker: entry.marker,
                name: entry.name,
                unit: entry.unit,
                samples: Default::default(),
            })
            .collect(),
    };
    let mut row_offset = 0;
    let mut batches = reader;
    loop {
        let next = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| batches.next()))
            .map_err(|_| format("a record batch is damaged; build it again".to_owned()))?;
        let Some(batch) = next else { break };
        let batch = batch.map_err(|error| format(error.to_string()))?;
        add_rows(&mut cohort, &batch, row_offset, path)?;
        row_offset += batch.num_rows();
    }
    for analyte in &mut cohort.analytes {
        analyte.samples.sort();
    }
    Ok(cohort)
}

fn column<'a, T: 'static>(
    batch: &'a RecordBatch,
    name: &'static str,
    expected: &'static str,
    path: &Path,
) -> Result<&'a T, CohortFileError> {
    batch
        .column_by_name(name)
        .and_then(|array| array.as_any().downcast_ref::<T>())
        .ok_or_else(|| CohortFileError::Column {
            path: path.to_path_buf(),
            column: name,
            expected,
        })
}

fn add_rows(
    cohort: &mut Cohort,
    batch: &RecordBatch,
    row_offset: usize,
    path: &Path,
) -> Result<(), CohortFileError> {
    let patients = column::<UInt32Array>(batch, "patient", "uint32", path)?;
    let analytes = column::<UInt16Array>(batch, "analyte", "uint16", path)?;
    let seconds = column::<Int32Array>(batch, "seconds_from_admission", "int32", path)?;
    let values = column::<Float64Array>(batch, "value", "float64", path)?;
    let patient_count = cohort.patients.len();
    for row in 0..batch.num_rows() {
        let bad = |message: String| CohortFileError::Row {
            path: path.to_path_buf(),
            row: row_offset + row,
            message,
        };
        if patients.is_null(row) || analytes.is_null(row) || seconds.is_null(row) {
            return Err(bad("patient, analyte and time must all be given".to_owned()));
        }
        let patient = patients.value(row);
        if patient as usize >= patient_count {
            return Err(bad(format!(
                "patient {patient} is not in the list of {patient_count} patients"
            )));
        }
        let analyte = usize::from(analytes.value(row));
        let analyte_count = cohort.analytes.len();
        let Some(entry) = cohort.analytes.get_mut(analyte) else {
            return Err(bad(format!(
                "analyte {analyte} is not in the list of {analyte_count} analytes"
            )));
        };
        let value = if values.is_null(row) {
            f64::NAN
        } else {
            values.value(row)
        };
        if !value.is_finite() {
            return Err(bad(format!(
                "the value of {} is not a finite number",
                entry.name
            )));
        }
        entry
            .samples
            .push(patient, i64::from(seconds.value(row)), value);
    }
    Ok(())
}

/// Writes a cohort file, atomically.
pub fn write_cohort_file(path: &Path, cohort: &Cohort) -> Result<(), CohortFileError> {
    let bytes = cohort_to_bytes(cohort, path)?;
    write_atomic(path, &bytes)?;
    Ok(())
}

/// The bytes of a cohort file; `path` names it in messages.
pub fn cohort_to_bytes(cohort: &Cohort, path: &Path) -> Result<Vec<u8>, CohortFileError> {
    let too_many = |message: String| CohortFileError::TooMany {
        path: path.to_path_buf(),
        message,
    };
    if u32::try_from(cohort.patients.len()).is_err() {
        return Err(too_many("more than 4,294,967,295 patients".to_owned()));
    }
    if u16::try_from(cohort.analytes.len()).is_err() {
        return Err(too_many(format!(
            "{} analytes; a cohort file holds at most 65,535",
            cohort.analytes.len()
        )));
    }
    let format = |error: arrow_schema::ArrowError| CohortFileError::Format {
        path: path.to_path_buf(),
        message: error.to_string(),
    };
    let json = |value: serde_json::Result<String>, key: &'static str| {
        value.map_err(|error| CohortFileError::Metadata {
            path: path.to_path_buf(),
            key,
            message: error.to_string(),
        })
    };
    let analyte_entries: Vec<AnalyteEntry> = cohort
        .analytes
        .iter()
        .map(|analyte| AnalyteEntry {
            marker: analyte.marker.clone(),
            name: analyte.name.clone(),
            unit: analyte.unit.clone(),
        })
        .collect();
    let metadata = HashMap::from([
        (KEY_VERSION.to_owned(), COHORT_FORMAT_VERSION.to_string()),
        (KEY_NAME.to_owned(), cohort.name.clone()),
        (KEY_ATTRIBUTION.to_owned(), cohort.attribution.clone()),
        (
            KEY_PATIENTS.to_owned(),
            json(serde_json::to_string(&cohort.patients), KEY_PATIENTS)?,
        ),
        (
            KEY_ANALYTES.to_owned(),
            json(serde_json::to_string(&analyte_entries), KEY_ANALYTES)?,
        ),
    ]);
    let schema = Arc::new(Schema::new_with_metadata(
        vec![
            Field::new("patient", DataType::UInt32, false),
            Field::new("analyte", DataType::UInt16, false),
            Field::new("seconds_from_admission", DataType::Int32, false),
            Field::new("value", DataType::Float64, false),
        ],
        metadata,
    ));
    let mut patients = Vec::new();
    let mut analytes = Vec::new();
    let mut seconds = Vec::new();
    let mut values = Vec::new();
    for (index, analyte) in cohort.analytes.iter().enumerate() {
        let samples = &analyte.samples;
        for row in 0..samples.len() {
            let offset = i32::try_from(samples.seconds_from_admission[row]).map_err(|_| {
                too_many(format!(
                    "a sample of {} lies more than 68 years from admission",
                    analyte.name
                ))
            })?;
            patients.push(samples.patient[row]);
            analytes.push(index as u16);
            seconds.push(offset);
            values.push(samples.value[row]);
        }
    }
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(UInt32Array::from(patients)),
            Arc::new(UInt16Array::from(analytes)),
            Arc::new(Int32Array::from(seconds)),
            Arc::new(Float64Array::from(values)),
        ],
    )
    .map_err(format)?;
    let mut buffer = Vec::new();
    {
        let mut writer = FileWriter::try_new(&mut buffer, &schema).map_err(format)?;
        writer.write(&batch).map_err(format)?;
        writer.finish().map_err(format)?;
    }
    Ok(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnalyteSamples, CohortOutcome, Sex};

    fn small_cohort() -> Cohort {
        let admission = chrono::NaiveDate::from_ymd_opt(2020, 2, 1)
            .and_then(|date| date.and_hms_opt(8, 0, 0))
            .unwrap_or_default();
        Cohort {
            name: "small".to_owned(),
            attribution: "made up for a test".to_owned(),
            patients: vec![CohortPatient {
                id: "17".to_owned(),
                outcome: CohortOutcome::Died,
                age_years: Some(71),
                sex: Some(Sex::Female),
                admission,
                end: None,
            }],
            analytes: vec![CohortAnalyte {
                marker: "ldh".to_owned(),
                name: "LDH".to_owned(),
                unit: "U/L".to_owned(),
                samples: AnalyteSamples {
                    patient: vec![0, 0],
                    seconds_from_admission: vec![-3600, 90_000],
                    value: vec![310.5, 14.7],
                },
            }],
        }
    }

    #[test]
    fn a_cohort_survives_a_round_trip_through_its_file() -> Result<(), Box<dyn std::error::Error>> {
        let folder = tempfile::tempdir()?;
        let path = folder.path().join("small.arrow");
        let cohort = small_cohort();
        write_cohort_file(&path, &cohort)?;
        assert_eq!(read_cohort_file(&path)?, cohort);
        Ok(())
    }

    #[test]
    fn a_damaged_file_gives_an_error_naming_it() -> Result<(), Box<dyn std::error::Error>> {
        let bytes = cohort_to_bytes(&small_cohort(), Path::new("x"))?;
        for cut in [10, bytes.len() / 2, bytes.len() - 3] {
            let result = parse_cohort(&bytes[..cut], Path::new("cut.arrow"));
            let message = result.err().map(|error| error.to_string());
            assert!(
                message
                    .as_deref()
                    .is_some_and(|text| text.starts_with("cut.arrow")),
                "{message:?}"
            );
        }
        Ok(())
    }

    #[test]
    fn the_bundled_cohort_loads() -> Result<(), CohortFileError> {
        let cohort = bundled_tongji()?;
        assert_eq!(cohort.patients.len(), 375);
        assert!(cohort.attribution.contains("MIT"));
        Ok(())
    }
}
