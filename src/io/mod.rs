//! Files in and out: case files (RON, versioned, atomic), dense monitor files (Arrow IPC),
//! cohort files (Arrow IPC with JSON metadata, the bundled Tongji cohort), autosave records,
//! bundled cases, many case files written at once, the lab importers (CSV, XLSX, FHIR R4
//! bundles), the image decoders (PNG, JPEG, DICOM, CT series) and the archive (`pacs`: a
//! DICOMweb client, QIDO-RS and WADO-RS, and its settings file). Everything here returns
//! typed errors that name the file and say what to do; nothing here knows about the user
//! interface.

pub mod atomic;
pub mod bundled;
pub mod case_file;
pub mod cohort_file;
pub mod dense_file;
pub mod image;
pub mod import;
pub mod pacs;
pub mod recovery;
pub mod save_many;
pub mod text_encoding;

pub use atomic::{WriteError, write_atomic};
pub use case_file::{
    CaseFileError, LoadedCase, load_case, parse_case, save_case, to_canonical_text,
};
