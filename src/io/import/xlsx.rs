//! Workbooks (XLSX, and the XLS, XLSB and ODS calamine also reads): one sheet, chosen by
//! name or the first visible one; its first non-empty row is the header (below a one-cell
//! title row). Date cells arrive as times, rounded to the second; a formula is read as the
//! value it last computed; row and column numbers in messages are the spreadsheet's own.

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
        // A hidden sheet is a lookup table or an old copy the person never sees: reading it
        // unasked would import data nobody meant to import.
        None => match first_visible_sheet(&workbook) {
            Some(name) => name,
            None if names.is_empty() => {
                return Err(ImportError::EmptyTable {
                    origin: origin.to_owned(),
                });
            }
            None => {
                return Err(ImportError::OnlyHiddenSheets {
                    origin: origin.to_owned(),
                    hidden: names.clone(),
                });
            }
        },
    };
    check_sheet_extent(&mut workbook, &chosen, origin)?;
    let mut range = workbook
        .worksheet_range(&chosen)
        .map_err(|error| ImportError::Workbook {
            origin: format!("{origin}, sheet {chosen}"),
            message: error.to_string(),
        })?;
    let uncomputed = formulas_of(&mut workbook, &chosen, |position| {
        matches!(
            range.get_value(position),
            None | Some(calamine::Data::Empty)
        )
    });
    keep_uncomputed_formulas(&mut range, uncomputed, &format!("{origin}, sheet {chosen}"))?;
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
    let filled = |row: usize| {
        (0..range.width())
            .filter(|column| {
                range
                    .get((row, *column))
                    .is_some_and(|data| !super::table::Cell::is_empty(&sheet_text_cell(data)))
            })
            .count()
    };
    let mut non_empty_rows = (0..range.height()).filter(|row| filled(*row) > 0);
    let first_row = non_empty_rows.next();
    // A title above the table ("Laboratory results, ward 5", often merged across it) is one
    // cell over a header of several: the header is the row below it.
    let header_index = match (first_row, non_empty_rows.next()) {
        (Some(title), Some(next)) if filled(title) == 1 && filled(next) > 1 => Some(next),
        (first, _) => first,
    }
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

/// The first sheet the spreadsheet program shows (not hidden, not "very hidden").
fn first_visible_sheet<RS: std::io::Read + std::io::Seek>(
    workbook: &calamine::Sheets<RS>,
) -> Option<String> {
    workbook
        .sheets_metadata()
        .iter()
        .find(|sheet| sheet.visible == calamine::SheetVisible::Visible)
        .map(|sheet| sheet.name.clone())
}

/// The formulas of a sheet at the absolute positions `keep` accepts (XLSX and XLSB; others:
/// none), streamed so that only those are held. This reads the sheet's XML once more; read
/// errors were reported by `worksheet_range` already.
fn formulas_of<RS: std::io::Read + std::io::Seek>(
    workbook: &mut calamine::Sheets<RS>,
    sheet: &str,
    keep: impl Fn((u32, u32)) -> bool,
) -> Vec<((u32, u32), String)> {
    let mut formulas = Vec::new();
    let mut add = |position: (u32, u32), formula: &String| {
        if !formula.trim().is_empty() && keep(position) {
            formulas.push((position, formula.clone()));
        }
    };
    match workbook {
        calamine::Sheets::Xlsx(xlsx) => {
            if let Ok(mut cells) = xlsx.worksheet_cells_reader(sheet) {
                while let Ok(Some(cell)) = cells.next_formula() {
                    add(cell.get_position(), cell.get_value());
                }
            }
        }
        calamine::Sheets::Xlsb(xlsb) => {
            if let Ok(mut cells) = xlsb.worksheet_cells_reader(sheet) {
                while let Ok(Some(cell)) = cells.next_formula() {
                    add(cell.get_position(), cell.get_value());
                }
            }
        }
        calamine::Sheets::Xls(_) | calamine::Sheets::Ods(_) => {}
    }
    formulas
}

/// A formula saved without its computed value (a workbook written by a script, never opened
/// in a spreadsheet program) reads as an empty cell, and its result would vanish without a
/// word. Such cells are given the formula's text, `=B2*2`, so the value is rejected with its
/// row and column and the reason (`values::read_value_text`) instead.
fn keep_uncomputed_formulas(
    range: &mut calamine::Range<calamine::Data>,
    uncomputed: Vec<((u32, u32), String)>,
    origin: &str,
) -> Result<(), ImportError> {
    if uncomputed.is_empty() {
        return Ok(());
    }
    // Placing a formula outside the range grows it: checked against the same cell limit.
    let (mut first, mut last) = (
        range.start().unwrap_or((u32::MAX, u32::MAX)),
        range.end().unwrap_or((0, 0)),
    );
    for ((row, column), _) in &uncomputed {
        first = (first.0.min(*row), first.1.min(*column));
        last = (last.0.max(*row), last.1.max(*column));
    }
    if let Some(refusal) = extent_refusal(first, last, origin) {
        return Err(refusal);
    }
    // Rebuilt at the grown extent: calamine's own growing panics for cells before the start.
    if range.start() != Some(first) || range.end() != Some(last) {
        let mut grown = calamine::Range::new(first, last);
        let start = range.start().unwrap_or(first);
        for (row, column, value) in range.used_cells() {
            grown.set_value(
                (start.0 + row as u32, start.1 + column as u32),
                value.clone(),
            );
        }
        *range = grown;
    }
    for (position, formula) in uncomputed {
        range.set_value(position, calamine::Data::String(format!("={formula}")));
    }
    Ok(())
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

/// The first bytes of an OLE compound file (XLS).
const OLE_MAGIC: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

/// Refuses a zipped workbook (XLSX, XLSB, ODS) whose parts would inflate beyond
/// [`MAX_WORKBOOK_INFLATED_BYTES`], or beyond [`MAX_WORKBOOK_INFLATION_RATIO`] times its size,
/// from the sizes its table of contents declares, before anything is inflated. The zip
/// reader stops each part at its declared size, so a part cannot inflate further than this
/// check allowed. OLE files (XLS) are left to calamine; anything else is not a workbook.
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
    let read = std::io::Read::read(&mut file, &mut magic).unwrap_or(0);
    if magic == OLE_MAGIC {
        // An .xls, read whole by calamine.
        return Ok(());
    }
    if read < 4 || magic != *b"PK\x03\x04" {
        return Err(refuse(
            "it is neither a zip archive (as .xlsx, .xlsb and .ods files are) nor an OLE file (as .xls files are), perhaps a text or HTML export given a workbook's name; open it in the spreadsheet program and save it as .xlsx, or rename a CSV export to .csv".to_owned(),
        ));
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
    match extent_refusal(first, last, &format!("{origin}, sheet {sheet}")) {
        Some(refusal) => Err(refusal),
        None => Ok(()),
    }
}

/// The refusal of a used area from `first` to `last` (row, column) over [`MAX_SHEET_CELLS`].
fn extent_refusal(first: (u32, u32), last: (u32, u32), origin: &str) -> Option<ImportError> {
    if first.0 > last.0 || first.1 > last.1 {
        return None;
    }
    let rows = u64::from(last.0 - first.0) + 1;
    let columns = u64::from(last.1 - first.1) + 1;
    (rows.saturating_mul(columns) > MAX_SHEET_CELLS).then(|| ImportError::Workbook {
        origin: origin.to_owned(),
        message: format!(
            "its cells span {rows} rows × {columns} columns ({} cells), more than the {MAX_SHEET_CELLS} CaseLens reads; delete stray cells far from the table (press Ctrl+End in the spreadsheet to find the last one) or export the table as CSV",
            rows * columns
        ),
    })
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
