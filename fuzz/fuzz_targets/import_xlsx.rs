//! The workbook importer on arbitrary bytes. Workbooks are read from files, so each input is
//! written to a scratch file first; its extension, which decides the reader (XLSX, XLS, XLSB,
//! ODS), is chosen from the input's first byte when that byte is not part of a zip or OLE
//! signature, else XLSX.
#![no_main]

use caselens::io::import::{ImportOptions, LoadedExport};
use libfuzzer_sys::fuzz_target;

#[path = "scratch.rs"]
mod scratch;

fuzz_target!(|data: &[u8]| {
    // Real files start with `PK` (zip: XLSX, XLSB, ODS) or 0xD0 (OLE: XLS); other first bytes
    // choose the reader, so the seeds (all XLSX) reach every reader after a few mutations.
    let name = match data.first() {
        Some(b'x') => "input.xls",
        Some(b'b') => "input.xlsb",
        Some(b'o') => "input.ods",
        Some(0xD0) => "input.xls",
        _ => "input.xlsx",
    };
    let path = scratch::write(name, data);
    let Ok(export) = LoadedExport::read(&path, None) else {
        return;
    };
    let _ = export.preview(5);
    if let Ok(mapping) = export.detect_mapping(&[]) {
        let _ = export.build(&mapping, &ImportOptions::default());
    }
});
