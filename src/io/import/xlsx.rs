//! Workbooks (XLSX, and the XLS, XLSB and ODS calamine also reads): one sheet, chosen by
//! name or the first; its first non-empty row is the header. Date cells arrive as times,
//! rounded to the second; row and column numbers in messages are the spreadsheet's own.

use std::path::Path;
use std::sync::Arc;

use calamine::{Reader, open_workbook_auto};

use super::ImportError;
use super::table::{Cell, MAX_TABLE_COLUMNS, RawTable, Rows};

/// Reads one sheet of a workbook.
pub fn read_workbook(
    path: &Path,
    origin: &str,
    sheet: Option<&str>,
) -> Result<RawTable, ImportError> {
    check_inflated_size(path, origin)?;
    let mut workbook = open_workbook_auto(path).map_err(|error| ImportError::Workbook {
        origin: origin.to_owned(),
        message: error.to_string(),
    })?;
    let names = workbook.sheet_names();
    let chosen = match sheet {
        Some(wanted) => names
            .iter()
            .find(|name| name.as_str() == wanted)
            .or_else(|| {
                names
                    .iter()
                    .find(|name| name.trim().eq_ignore_ascii_case(wanted.trim()))
            })
            .cloned()
            .ok_or_else(|| ImportError::NoSuchSheet {
                origin: origin.to_owned(),
                sheet: wanted.to_owned(),
                available: names.clone(),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| ImportError::EmptyTable {
                origin: origin.to_owned(),
            })?,
    };
    check_sheet_extent(&mut workbook, &chosen, origin)?;
    let range = workbook
        .worksheet_range(&chosen)
        .map_err(|error| ImportError::Workbook {
            origin: format!("{origin}, sheet {chosen}"),
            message: error.to_string(),
        })?;
    // Checked on the range so XLS and ODS, which `check_sheet_extent` cannot stream, are too.
    if range.width() > MAX_TABLE_COLUMNS {
        return Err(ImportError::TooManyColumns {
            origin: format!("{origin}, sheet {chosen}"),
            place: "the sheet".to_owned(),
            columns: range.width(),
            limit: MAX_TABLE_COLUMNS,
        });
    }
    let other_sheets = names
        .iter()
        .filter(|name| **name != chosen)
        .cloned()
        .collect();
    let Some((start_row, start_column)) = range.start() else {
        return Err(ImportError::EmptyTable {
            origin: format!("{origin}, sheet {chosen}"),
        });
    };
    let header_index = (0..range.height())
        .find(|row| {
            (0..range.width()).any(|column| {
                range
                    .get((*row, column))
                    .is_some_and(|data| !super::table::Cell::is_empty(&sheet_text_cell(data)))
            })
        })
        .ok_or_else(|| ImportError::EmptyTable {
            origin: format!("{origin}, sheet {chosen}"),
        })?;
    let headers: Vec<String> = (0..range.width())
        .map(|column| {
            range
                .get((header_index, column))
                .map(|data| sheet_text_cell(data).to_text())
                .unwrap_or_default()
        })
        .collect();
    let header_row = start_row as usize + header_index + 1;
    Ok(RawTable {
        origin: origin.to_owned(),
        sheet: Some(chosen),
        other_sheets,
        sheet_names: names,
        shared_headers: headers
            .iter()
            .map(|header: &String| Arc::from(header.as_str()))
            .collect(),
        headers,
        column_offset: start_column as usize,
        decimal_comma: false,
        rows: Rows::Sheet {
            range,
            first_data_row: header_index + 1,
            first_row_number: header_row + 1,
        },
    })
}

/// The most a workbook's parts may inflate to in all. A sheet at [`MAX_SHEET_CELLS`] is
/// under a gigabyte of XML.
pub const MAX_WORKBOOK_INFLATED_BYTES: u64 = 1 << 30;

/// How much more than its file size a workbook may inflate to. Spreadsheet XML compresses
/// five to twenty times (the Tongji workbooks: 5.5); a part that inflates a thousandfold is
/// a zip bomb, not data.
pub const MAX_WORKBOOK_INFLATION_RATIO: u64 = 100;

/// Workbooks smaller than this when inflated are read whatever their ratio.
const INFLATION_RATIO_FLOOR: u64 = 64 << 20;

/// Refuses a zipped workbook (XLSX, XLSB, ODS) whose parts would inflate beyond
/// [`MAX_WORKBOOK_INFLATED_BYTES`], or beyond [`MAX_WORKBOOK_INFLATION_RATIO`] times its size,
/// from the sizes its table of contents declares, before anything is inflated. The zip
/// reader stops each part at its declared size, so a part cannot inflate further than this
/// check allowed. Files that are not zips (XLS) are left to calamine.
fn check_inflated_size(path: &Path, origin: &str) -> Result<(), ImportError> {
    let refuse = |message: String| ImportError::Workbook {
        origin: origin.to_owned(),
        message,
    };
    let Ok(mut file) = std::fs::File::open(path) else {
        // Left for calamine, which names the error.
        return Ok(());
    };
    let mut magic = [0u8; 4];
    if std::io::Read::read_exact(&mut file, &mut magic).is_err() || magic != *b"PK\x03\x04" {
        return Ok(());
    }
    let file_size = file.metadata().map_or(0, |metadata| metadata.len());
    let mut archive = zip::ZipArchive::new(file)
        .map_err(|error| refuse(format!("it is not a readable workbook ({error}); open it in the spreadsheet program and save it again")))?;
    let mut inflated: u64 = 0;
    for index in 0..archive.len() {
        let part = archive
            .by_index_raw(index)
            .map_err(|error| refuse(format!("part {index} cannot be read ({error})")))?;
        inflated = inflated.saturating_add(part.size());
    }
    let limit = MAX_WORKBOOK_INFLATED_BYTES.min(
        file_size
            .saturating_mul(MAX_WORKBOOK_INFLATION_RATIO)
            .max(INFLATION_RATIO_FLOOR),
    );
    if inflated > limit {
        return Err(refuse(format!(
            "it is {} on disk but its parts would inflate to {}, more than the {} CaseLens reads from a workbook of this size; a lab export does not compress that far, so the file is damaged or hostile. Export the table again, or as CSV",
            byte_size(file_size),
            byte_size(inflated),
            byte_size(limit)
        )));
    }
    Ok(())
}

/// A size for messages: `1.0 GiB`, `512 KiB`.
fn byte_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The most cells a sheet's used area (the box from its first to its last non-empty cell) may
/// span. calamine holds every cell of that box, so one stray cell at XFD1048576 in a small
/// file would ask for 17 billion; a lab export has thousands to a few million.
pub const MAX_SHEET_CELLS: u64 = 20_000_000;

/// Refuses a sheet whose used area exceeds [`MAX_SHEET_CELLS`], by streaming its cells before
/// calamine builds the range. XLS and ODS are read whole when opened and are not checked.
fn check_sheet_extent<RS: std::io::Read + std::io::Seek>(
    workbook: &mut calamine::Sheets<RS>,
    sheet: &str,
    origin: &str,
) -> Result<(), ImportError> {
    let mut first = (u32::MAX, u32::MAX);
    let mut last = (0u32, 0u32);
    let mut add = |(row, column): (u32, u32)| {
        first = (first.0.min(row), first.1.min(column));
        last = (last.0.max(row), last.1.max(column));
    };
    // Read errors are left for `worksheet_range`, which reports them.
    match workbook {
        calamine::Sheets::Xlsx(xlsx) => {
            let Ok(mut cells) = xlsx.worksheet_cells_reader(sheet) else {
                return Ok(());
            };
            while let Ok(Some(cell)) = cells.next_cell() {
                if *cell.get_value() != calamine::DataRef::Empty {
                    add(cell.get_position());
                }
            }
        }
        calamine::Sheets::Xlsb(xlsb) => {
            let Ok(mut cells) = xlsb.worksheet_cells_reader(sheet) else {
                return Ok(());
            };
            while let Ok(Some(cell)) = cells.next_cell() {
                if *cell.get_value() != calamine::DataRef::Empty {
                    add(cell.get_position());
                }
            }
        }
        calamine::Sheets::Xls(_) | calamine::Sheets::Ods(_) => return Ok(()),
    }
    if first.0 > last.0 {
        return Ok(());
    }
    let rows = u64::from(last.0 - first.0) + 1;
    let columns = u64::from(last.1 - first.1) + 1;
    if rows.saturating_mul(columns) > MAX_SHEET_CELLS {
        return Err(ImportError::Workbook {
            origin: format!("{origin}, sheet {sheet}"),
            message: format!(
                "its cells span {rows} rows × {columns} columns ({} cells), more than the {MAX_SHEET_CELLS} CaseLens reads; delete stray cells far from the table (press Ctrl+End in the spreadsheet to find the last one) or export the table as CSV",
                rows * columns
            ),
        });
    }
    Ok(())
}

/// A header cell as text (headers are read before the table exists).
fn sheet_text_cell(data: &calamine::Data) -> Cell<'_> {
    match data {
        calamine::Data::String(text) if !text.trim().is_empty() => Cell::Text(text),
        calamine::Data::Float(number) => Cell::Number(*number),
        calamine::Data::Int(number) => Cell::Number(*number as f64),
        calamine::Data::Empty | calamine::Data::String(_) => Cell::Empty,
        other => Cell::Error(other.to_string()),
    }
}
