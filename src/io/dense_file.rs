//! Dense series files: Apache Arrow IPC (Feather v2) with a `time` column (timestamp,
//! milliseconds, hospital local time) and one Float64 column per channel.
//!
//! `pandas.read_feather`, `polars.read_ipc` and R's `arrow::read_feather` open them as they are.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{Array, Float64Array, RecordBatch, TimestampMillisecondArray};
use arrow_ipc::reader::FileReader;
use arrow_ipc::writer::FileWriter;
use arrow_schema::{DataType, Field, Schema, TimeUnit};

use super::atomic::{WriteError, write_atomic};
use crate::model::DenseSamples;

/// The name of the time column.
pub const TIME_COLUMN: &str = "time";

/// Why a dense file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum DenseFileError {
    #[error("could not open dense series file {}: {source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not a readable Arrow IPC (Feather v2) file: {message}", path.display())]
    Format { path: PathBuf, message: String },
    #[error("{}: has no column `{column}`; its columns are: {available}", path.display())]
    MissingColumn {
        path: PathBuf,
        column: String,
        available: String,
    },
    #[error("{}: column `{column}` is {found}, expected {expected}", path.display())]
    WrongType {
        path: PathBuf,
        column: String,
        found: String,
        expected: &'static str,
    },
    #[error("{}: sample times must be strictly increasing, but row {row} is not after row {}", path.display(), row - 1)]
    Unsorted { path: PathBuf, row: usize },
    #[error("{}: row {row} has no time", path.display())]
    MissingTime { path: PathBuf, row: usize },
    #[error(
        "{}: lies outside the case folder, so it is not read; move the file into the case's folder and name it relative to the case file",
        path.display()
    )]
    OutsideCaseFolder { path: PathBuf },
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Reads one channel (and the shared time column) from a dense file.
pub fn read_dense_channel(path: &Path, column: &str) -> Result<DenseSamples, DenseFileError> {
    let mut file = File::open(path).map_err(|source| DenseFileError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let format_error = |error: arrow_schema::ArrowError| DenseFileError::Format {
        path: path.to_path_buf(),
        message: error.to_string(),
    };
    // Last resort, as for the DICOM codecs: arrow-ipc trusts the buffer offsets a file states
    // and panics on some impossible ones; a damaged file must give an error, not a crash.
    let malformed = || DenseFileError::Format {
        path: path.to_path_buf(),
        message:
            "its blocks or buffers point outside the file; the file is damaged: write it again"
                .to_owned(),
    };
    if !blocks_lie_within_the_file(&mut file) {
        return Err(malformed());
    }
    let mut reader = std::panic::catch_unwind(|| FileReader::try_new(file, None))
        .map_err(|_| malformed())?
        .map_err(format_error)?;
    let schema = reader.schema();
    for wanted in [TIME_COLUMN, column] {
        if schema.index_of(wanted).is_err() {
            let available: Vec<&str> = schema
                .fields()
                .iter()
                .map(|field| field.name().as_str())
                .collect();
            return Err(DenseFileError::MissingColumn {
                path: path.to_path_buf(),
                column: wanted.to_owned(),
                available: available.join(", "),
            });
        }
    }
    let mut samples = DenseSamples::default();
    while let Some(batch) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| reader.next()))
        .map_err(|_| malformed())?
    {
        let batch = batch.map_err(format_error)?;
        let times =
            typed_column::<TimestampMillisecondArray>(path, &batch, TIME_COLUMN, "timestamp[ms]")?;
        let values = typed_column::<Float64Array>(path, &batch, column, "float64")?;
        let first_row = samples.times_ms.len();
        for row in 0..batch.num_rows() {
            if times.is_null(row) {
                return Err(DenseFileError::MissingTime {
                    path: path.to_path_buf(),
                    row: first_row + row,
                });
            }
            let time = times.value(row);
            if samples
                .times_ms
                .last()
                .is_some_and(|&previous| time <= previous)
            {
                return Err(DenseFileError::Unsorted {
                    path: path.to_path_buf(),
                    row: first_row + row,
                });
            }
            samples.times_ms.push(time);
            // A null value is a gap, like NaN.
            samples.values.push(if values.is_null(row) {
                f64::NAN
            } else {
                values.value(row)
            });
        }
    }
    Ok(samples)
}

/// Whether the footer and every block it lists lie within the file. The Arrow reader reserves
/// a footer's or block's stated size before reading it, so a small file stating gigabytes
/// would make it allocate them. A file whose footer cannot be read at all is left to the
/// reader, which says why.
fn blocks_lie_within_the_file(file: &mut File) -> bool {
    let Ok(size) = file.metadata().map(|metadata| metadata.len()) else {
        return true;
    };
    blocks_lie_within(file, size)
}

/// Whether every block an Arrow IPC file's footer lists lies within its `size` bytes; leaves
/// the reader at the start. Shared with cohort files.
pub(crate) fn blocks_lie_within<R: std::io::Read + std::io::Seek>(file: &mut R, size: u64) -> bool {
    use std::io::SeekFrom;
    let mut tail = [0u8; 10];
    let footer = (|| {
        file.seek(SeekFrom::End(-10)).ok()?;
        file.read_exact(&mut tail).ok()?;
        let footer_length = arrow_ipc::reader::read_footer_length(tail).ok()? as u64;
        Some(footer_length)
    })();
    let Some(footer_length) = footer else {
        return file.seek(SeekFrom::Start(0)).is_ok();
    };
    if footer_length + 10 > size {
        return false;
    }
    let mut footer_bytes = vec![0u8; footer_length as usize];
    let read = file
        .seek(SeekFrom::Start(size - 10 - footer_length))
        .and_then(|_| file.read_exact(&mut footer_bytes));
    let within = match (read, arrow_ipc::root_as_footer(&footer_bytes)) {
        (Ok(()), Ok(footer)) => {
            let blocks: Vec<arrow_ipc::Block> = footer
                .recordBatches()
                .into_iter()
                .chain(footer.dictionaries())
                .flat_map(|blocks| blocks.iter().copied())
                .collect();
            blocks.iter().all(|block| {
                let end = i128::from(block.offset())
                    + i128::from(block.metaDataLength())
                    + i128::from(block.bodyLength());
                block.offset() >= 0
                    && block.metaDataLength() >= 0
                    && block.bodyLength() >= 0
                    && end <= i128::from(size)
            }) && blocks
                .iter()
                .all(|block| buffers_lie_within_the_body(file, block))
        }
        _ => true,
    };
    within && file.seek(SeekFrom::Start(0)).is_ok()
}

/// Whether every buffer a record batch's message places in its body lies within that body.
/// arrow-buffer slices them as stated and panics on one past the end (a panic the readers
/// catch as a last resort, but should not have to). The block itself is already known to lie
/// within the file, so its message is read at the size the file holds. A message that cannot
/// be read is left to the reader, which says why.
fn buffers_lie_within_the_body<R: std::io::Read + std::io::Seek>(
    file: &mut R,
    block: &arrow_ipc::Block,
) -> bool {
    use std::io::SeekFrom;
    let (Ok(offset), Ok(length)) = (
        u64::try_from(block.offset()),
        usize::try_from(block.metaDataLength()),
    ) else {
        return true;
    };
    let mut metadata = vec![0u8; length];
    if file.seek(SeekFrom::Start(offset)).is_err() || file.read_exact(&mut metadata).is_err() {
        return true;
    }
    // The encapsulated message: an optional continuation marker, its length, the flatbuffer.
    let start = if metadata.get(..4) == Some(&[0xFF; 4][..]) {
        8
    } else {
        4
    };
    let Some(Ok(message)) = metadata.get(start..).map(arrow_ipc::root_as_message) else {
        return true;
    };
    let Some(buffers) = message
        .header_as_record_batch()
        .and_then(|batch| batch.buffers())
    else {
        return true;
    };
    buffers.iter().all(|buffer| {
        buffer.offset() >= 0
            && buffer.length() >= 0
            && i128::from(buffer.offset()) + i128::from(buffer.length())
                <= i128::from(block.bodyLength())
    })
}

fn typed_column<'batch, T: 'static>(
    path: &Path,
    batch: &'batch RecordBatch,
    column: &str,
    expected: &'static str,
) -> Result<&'batch T, DenseFileError> {
    let array = batch
        .column_by_name(column)
        .ok_or_else(|| DenseFileError::MissingColumn {
            path: path.to_path_buf(),
            column: column.to_owned(),
            available: String::new(),
        })?;
    array
        .as_any()
        .downcast_ref::<T>()
        .ok_or_else(|| DenseFileError::WrongType {
            path: path.to_path_buf(),
            column: column.to_owned(),
            found: array.data_type().to_string(),
            expected,
        })
}

/// Writes channels sharing one time axis to a dense file, atomically.
pub fn write_dense_file(
    path: &Path,
    times_ms: &[i64],
    channels: &[(&str, &[f64])],
) -> Result<(), DenseFileError> {
    let format_error = |error: arrow_schema::ArrowError| DenseFileError::Format {
        path: path.to_path_buf(),
        message: error.to_string(),
    };
    let mut fields = vec![Field::new(
        TIME_COLUMN,
        DataType::Timestamp(TimeUnit::Millisecond, None),
        false,
    )];
    fields.extend(
        channels
            .iter()
            .map(|(name, _)| Field::new(*name, DataType::Float64, true)),
    );
    let schema = Arc::new(Schema::new(fields));
    let mut buffer = Vec::new();
    {
        let mut writer = FileWriter::try_new(&mut buffer, &schema).map_err(format_error)?;
        // Batches of a million rows keep memory flat while writing and reading.
        const BATCH_ROWS: usize = 1 << 20;
        let mut start = 0;
        while start < times_ms.len() || (start == 0 && times_ms.is_empty()) {
            let end = (start + BATCH_ROWS).min(times_ms.len());
            let mut columns: Vec<Arc<dyn Array>> = vec![Arc::new(TimestampMillisecondArray::from(
                times_ms.get(start..end).unwrap_or(&[]).to_vec(),
            ))];
            for (_, values) in channels {
                columns.push(Arc::new(Float64Array::from(
                    values.get(start..end).unwrap_or(&[]).to_vec(),
                )));
            }
            let batch = RecordBatch::try_new(schema.clone(), columns).map_err(format_error)?;
            writer.write(&batch).map_err(format_error)?;
            if end == times_ms.len() {
                break;
            }
            start = end;
        }
        writer.finish().map_err(format_error)?;
    }
    write_atomic(path, &buffer)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_past_its_body_is_refused_before_arrow_slices_it() {
        // A file CaseLens wrote, with a buffer's stated length overwritten (a fuzz find):
        // arrow-buffer panics slicing it; the check must refuse it first.
        let hostile = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fuzz_regressions/dense_file/buffer_offset_outside_the_file.arrow");
        let mut file = File::open(hostile).unwrap();
        assert!(!blocks_lie_within_the_file(&mut file));

        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("fine.arrow");
        write_dense_file(&path, &[1, 2, 3], &[("spo2", &[97.0, 96.0, 98.0])]).unwrap();
        assert!(blocks_lie_within_the_file(&mut File::open(&path).unwrap()));
    }

    #[test]
    fn channels_round_trip_with_gaps() -> Result<(), Box<dyn std::error::Error>> {
        let folder = tempfile::tempdir()?;
        let path = folder.path().join("monitor.arrow");
        let times: Vec<i64> = (0..5)
            .map(|second| 1_580_688_000_000 + second * 1000)
            .collect();
        let spo2 = [91.0, f64::NAN, 93.0, 94.0, 90.0];
        let heart_rate = [88.0, 90.0, 91.0, 89.0, 87.0];
        write_dense_file(
            &path,
            &times,
            &[("spo2", &spo2), ("heart_rate", &heart_rate)],
        )?;
        let read = read_dense_channel(&path, "spo2")?;
        assert_eq!(read.times_ms, times);
        assert_eq!(read.values[0], 91.0);
        assert!(read.values[1].is_nan());
        let missing = read_dense_channel(&path, "temperature")
            .err()
            .map(|error| error.to_string());
        assert!(
            missing.as_deref().is_some_and(|message| message
                .contains("has no column `temperature`; its columns are: time, spo2, heart_rate")),
            "{missing:?}"
        );
        Ok(())
    }

    #[test]
    fn a_file_that_is_not_arrow_is_named_in_the_error() -> Result<(), Box<dyn std::error::Error>> {
        let folder = tempfile::tempdir()?;
        let path = folder.path().join("monitor.arrow");
        std::fs::write(&path, b"time,spo2\n1,2\n")?;
        let message = read_dense_channel(&path, "spo2")
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(
            message.contains("not a readable Arrow IPC (Feather v2) file"),
            "{message}"
        );
        Ok(())
    }
}
