//! The real `caselens` binary run on real files, and the crash test that kills a saving process.

#[path = "../support/files.rs"]
mod files;
#[path = "../support/orthanc.rs"]
mod orthanc;
#[path = "../support/mod.rs"]
mod support;

mod cli;
mod crash_autosave_import;
mod crash_save;
mod imaging_cli;
mod import_cli;
mod journal;
mod pacs;
mod report_cli;
mod teaching_cli;
mod unwritable_output;
