//! The FHIR R4 Bundle importer on arbitrary bytes: read, detect the mapping, build cases.
#![no_main]

use caselens::io::import::{ExportFormat, ImportOptions, LoadedExport};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(export) = LoadedExport::from_bytes(data, "fuzz.json", ExportFormat::FhirBundle) else {
        return;
    };
    let _ = export.preview(5);
    if let Ok(mapping) = export.detect_mapping(&[]) {
        let _ = export.build(&mapping, &ImportOptions::default());
    }
});
