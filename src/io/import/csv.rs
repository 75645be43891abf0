//! CSV (and tab- or semicolon-separated) exports: UTF-8 text (or UTF-16 with its byte-order
//! mark), the first non-empty line is the header, the separator is whichever of `,` `;` tab
//! the header uses most. A semicolon file is read with decimal commas, as the locales that
//! write such files do.

use std::path::Path;
use std::sync::Arc;

use super::ImportError;
use super::table::{MAX_TABLE_COLUMNS, RawTable, Rows};

/// Text exports (CSV, FHIR JSON) larger than this are refused before they are read: lab
/// exports are kilobytes to tens of megabytes, and parsing needs a few times the file's size.
pub const MAX_EXPORT_BYTES: u64 = 512 * 1024 * 1024;

/// Reads a delimited text export.
pub fn read_csv(path: &Path, origin: &str) -> Result<RawTable, ImportError> {
    parse_csv(&read_export_bytes(path)?, origin)
}

/// Reads a text export whole, refusing one over [`MAX_EXPORT_BYTES`] (checked before reading,
/// and again while reading, for streams whose size is unknown).
pub(super) fn read_export_bytes(path: &Path) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    let read_error = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let too_large = |size: u64| {
        read_error(std::io::Error::other(format!(
            "the file is {size} bytes, more than the {MAX_EXPORT_BYTES} bytes CaseLens imports; export fewer patients or a shorter period per file"
        )))
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let size = file.metadata().map_err(read_error)?.len();
    if size > MAX_EXPORT_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_EXPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_EXPORT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// An export's bytes as text. UTF-8 is read with or without its byte-order mark, and UTF-16
/// with one (Excel's "Unicode Text", some FHIR servers): the mark says unambiguously how to
/// read it. Anything else is refused with the line and the byte, and how to save it as UTF-8:
/// a guessed code page (Windows-1252? Latin-9? GB 18030?) could silently turn `µmol/L` into
/// another unit or a patient's name into another name.
pub(super) fn decode_text<'a>(
    bytes: &'a [u8],
    origin: &str,
) -> Result<std::borrow::Cow<'a, str>, ImportError> {
    use crate::io::text_encoding::{TextEncoding, detect};
    match detect(bytes) {
        TextEncoding::Utf8 { mark } => {
            let bytes = bytes.get(mark..).unwrap_or_default();
            std::str::from_utf8(bytes)
                .map(std::borrow::Cow::Borrowed)
                .map_err(|error| {
                    let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
                    ImportError::NotUtf8 {
                        origin: origin.to_owned(),
                        line: valid.iter().filter(|byte| **byte == b'\n').count() + 1,
                        byte: bytes.get(error.valid_up_to()).copied().unwrap_or(0),
                    }
                })
        }
        TextEncoding::Utf16 { big_endian } => {
            crate::io::text_encoding::decode_utf16(bytes.get(2..).unwrap_or_default(), big_endian)
                .map(std::borrow::Cow::Owned)
                .ok_or_else(|| ImportError::BadUtf16 {
                    origin: origin.to_owned(),
                })
        }
        TextEncoding::Utf16WithoutMark => Err(ImportError::Utf16WithoutMark {
            origin: origin.to_owned(),
        }),
    }
}

/// Reads delimited text already in memory; `origin` names it in messages.
pub fn parse_csv(bytes: &[u8], origin: &str) -> Result<RawTable, ImportError> {
    let text = decode_text(bytes, origin)?;
    let text = text.as_ref();
    let delimiter = detect_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut headers: Option<(Vec<String>, usize)> = None;
    let mut records = Vec::new();
    let mut lines = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut line = 1;
    let mut counted_to = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map(|position| position.line() as usize);
                return Err(ImportError::Csv {
                    origin: origin.to_owned(),
                    line: line.unwrap_or(0),
                    message: error.to_string(),
                });
            }
        }
        // The reader's own line count skips blank lines; count newlines up to the record.
        let mut byte = record
            .position()
            .map(|position| position.byte() as usize)
            .unwrap_or(counted_to);
        // The position is where reading started, before the blank lines it skipped.
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        let skipped = text.as_bytes().get(counted_to..byte).unwrap_or_default();
        line += skipped.iter().filter(|b| **b == b'\n').count();
        counted_to = counted_to.max(byte);
        // Every record is checked, not only the header: one wide data row is as costly.
        if record.len() > MAX_TABLE_COLUMNS {
            return Err(ImportError::TooManyColumns {
                origin: origin.to_owned(),
                place: format!("line {line}"),
                columns: record.len(),
                limit: MAX_TABLE_COLUMNS,
            });
        }
        if headers.is_none() {
            if record.iter().all(|field| field.trim().is_empty()) {
                continue;
            }
            let names = record.iter().map(|field| field.trim().to_owned()).collect();
            headers = Some((names, line));
            continue;
        }
        lines.push(line);
        records.push(record.clone());
    }
    let Some((headers, _header_line)) = headers else {
        return Err(ImportError::EmptyTable {
            origin: origin.to_owned(),
        });
    };
    Ok(RawTable {
        origin: origin.to_owned(),
        sheet: None,
        other_sheets: Vec::new(),
        sheet_names: Vec::new(),
        shared_headers: headers
            .iter()
            .map(|header| Arc::from(header.as_str()))
            .collect(),
        headers,
        column_offset: 0,
        decimal_comma: delimiter == b';',
        rows: Rows::Text { records, lines },
    })
}

/// The separator the first non-empty line uses most (outside quotes), comma by default.
fn detect_delimiter(text: &str) -> u8 {
    let first_line = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in first_line.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(entry) = counts.iter_mut().find(|(d, _)| *d == byte) {
            entry.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(delimiter, count)| (*count, *delimiter == b','))
        .filter(|(_, count)| *count > 0)
        .map(|(delimiter, _)| *delimiter)
        .unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::table::Cell;

    #[test]
    fn separators_bom_and_line_numbers() {
        let table = parse_csv(
            "\u{feff}\ntime;CRP\n2020-02-01;5,1\n\n2020-02-02;\"7,2\"\n".as_bytes(),
            "labs.csv",
        )
        .unwrap();
        assert_eq!(table.headers, ["time", "CRP"]);
        assert!(table.decimal_comma);
        assert_eq!(table.row_count(), 2);
        assert_eq!(
            (table.row_number(0), table.row_number(1)),
            (3, 5),
            "blank lines still count"
        );
        assert_eq!(table.cell(1, 1), Cell::Text("7,2"));
        assert_eq!(table.cell(1, 5), Cell::Empty);
    }

    #[test]
    fn text_that_is_not_utf8_names_its_line() {
        let error = parse_csv(b"time,CRP\n2020-02-01,5\n\xff,1\n", "labs.csv").unwrap_err();
        assert_eq!(
            error.to_string(),
            "labs.csv: line 3 is not UTF-8 text (byte 0xFF, `ÿ` in Windows-1252, the encoding of Excel's plain \"CSV\"); save the export as CSV UTF-8 and import it again"
        );
    }
}
