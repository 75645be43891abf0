//! The malformed-input corpus: every file in `tests/case_files/invalid/` must be refused with
//! exactly the message in its `.expected` file, and every file in `valid/` must load and
//! survive save → load unchanged.
//!
//! After deliberately changing a message, regenerate the expectations with
//! `CASELENS_BLESS=1 cargo test --test case_files` and review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use caselens::io::{parse_case, to_canonical_text};

fn corpus(folder: &str) -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/case_files")
        .join(folder);
    let mut files: Vec<PathBuf> = fs::read_dir(&folder)
        .expect("the corpus folder exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "ron"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no case files in {}", folder.display());
    files
}

fn origin(path: &Path) -> String {
    let name = path.file_name().expect("file name").to_string_lossy();
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .expect("folder")
        .to_string_lossy();
    format!("{folder}/{name}")
}

#[test]
fn every_malformed_file_gets_its_exact_message() {
    let bless = std::env::var_os("CASELENS_BLESS").is_some();
    let mut mismatches = Vec::new();
    for path in corpus("invalid") {
        let text = fs::read_to_string(&path).expect("readable corpus file");
        let message = match parse_case(&text, &origin(&path)) {
            Ok(_) => "(loaded without error)".to_owned(),
            Err(error) => error.to_string(),
        };
        let expected_path = path.with_extension("expected");
        if bless {
            fs::write(&expected_path, format!("{message}\n")).expect("writable expectation");
            continue;
        }
        let expected = fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no .expected file", path.display()));
        if expected.trim_end() != message {
            mismatches.push(format!(
                "{}\n  expected: {}\n  got:      {message}",
                path.display(),
                expected.trim_end()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn valid_files_load_and_round_trip_exactly() {
    for path in corpus("valid") {
        let text = fs::read_to_string(&path).expect("readable corpus file");
        let loaded = parse_case(&text, &origin(&path))
            .unwrap_or_else(|error| panic!("{} should load: {error}", path.display()));
        let saved = to_canonical_text(&loaded.case).expect("serializable");
        let reloaded = parse_case(&saved, "saved").expect("the saved text loads");
        assert_eq!(
            reloaded.case,
            loaded.case,
            "{} changed in a round trip",
            path.display()
        );
        let saved_again = to_canonical_text(&reloaded.case).expect("serializable");
        assert_eq!(saved, saved_again, "canonical text is stable");
    }
}

#[test]
fn the_example_in_the_format_documentation_loads_without_warnings() {
    let documentation =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/case-format.md"))
            .expect("docs/case-format.md exists");
    let example = documentation
        .split("```ron\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("format_version"))
        .expect("the documentation has a complete example");
    let loaded = parse_case(example, "docs/case-format.md example")
        .unwrap_or_else(|error| panic!("the documented example must load: {error}"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn a_version_1_file_loads_through_the_migration_and_fmt_writes_version_2() {
    // The reference case as it was written in format version 1.
    let old = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/case_files/v1/peng2020.ron");
    let loaded = caselens::io::load_case(&old).expect("a version-1 file loads");
    assert_eq!(loaded.migrated_from, Some(1));
    assert_eq!(
        loaded.case.format_version,
        caselens::model::CURRENT_FORMAT_VERSION
    );
    let bundled = caselens::io::bundled::PENG_2020
        .load()
        .expect("the bundled case loads");
    assert_eq!(bundled.migrated_from, None, "the bundled case is current");
    assert_eq!(
        loaded.case, bundled.case,
        "nothing is lost in the migration"
    );

    let folder = tempfile::tempdir().expect("a temporary folder");
    let copy = folder.path().join("peng2020.ron");
    fs::copy(&old, &copy).expect("copied");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_caselens"))
        .arg("fmt")
        .arg(&copy)
        .status()
        .expect("caselens runs");
    assert!(status.success());
    let rewritten = fs::read_to_string(&copy).expect("readable");
    assert!(
        rewritten.contains("format_version: 2,"),
        "{}",
        &rewritten[..200]
    );
    let reloaded = caselens::io::load_case(&copy).expect("the rewritten file loads");
    assert_eq!(reloaded.migrated_from, None);
    assert_eq!(reloaded.case, bundled.case);
}
