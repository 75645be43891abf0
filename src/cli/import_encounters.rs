//! `caselens import FILE --list-encounters`: the encounters of a FHIR Bundle, one a line,
//! inpatient stays marked, so that one can be chosen with `--encounter`.

use std::io::Write;
use std::path::Path;

use crate::io::import::LoadedExport;

pub fn list(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let export = match LoadedExport::read(path, None) {
        Ok(export) => export,
        Err(error) => {
            let _ = writeln!(err, "{error}");
            return false;
        }
    };
    let encounters = export.encounters();
    if encounters.is_empty() {
        let _ = writeln!(out, "{}: no encounters", export.origin);
        return true;
    }
    let _ = writeln!(
        out,
        "{}: {} encounters (* inpatient); choose a stay with --encounter REFERENCE",
        export.origin,
        encounters.len()
    );
    for encounter in encounters {
        let mark = if encounter.inpatient { '*' } else { ' ' };
        let _ = writeln!(out, "{mark} {}", encounter.describe());
    }
    true
}
