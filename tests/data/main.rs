//! The library on files: case files and their malformed corpus, imports, images, reports, teaching analyses, hostile inputs and property tests.

#[path = "../support/files.rs"]
mod files;
#[path = "../support/mod.rs"]
mod support;
mod teaching_common;

mod bundled_cases;
mod case_files;
mod cohort;
mod cohort_figures;
mod dicom_encodings;
mod fhir;
mod fidelity;
mod fuzz_regressions;
mod hostile_corpus;
mod imaging_decode;
mod import_fhir;
mod import_tables;
mod import_tongji;
mod input_limits;
mod lab;
mod proptest_roundtrip;
mod report_deidentify;
mod report_escaping;
mod report_figures;
mod report_formats;
mod report_guidelines;
mod structure;
mod teaching_compare;
mod teaching_episodes;
mod teaching_guidelines;
