//! Inputs that once crashed a fuzz target (or that probe a limit), replayed through the same
//! public function the target calls: each must load or be refused with a message that names
//! the file, never panic or abort. An input with a `.expected` file beside it must be refused
//! with a message containing that text.
//!
//! Add a crash found by `cargo fuzz` by copying it from `fuzz/artifacts/<target>/` to
//! `tests/fuzz_regressions/<target>/` under a name that says what it is (docs/fuzzing.md).

use std::fs;
use std::path::{Path, PathBuf};

use caselens::io::dense_file::read_dense_channel;
use caselens::io::image::series::scan_series;
use caselens::io::image::{load_image, region_stats, render_frame};
use caselens::io::import::{ExportFormat, ImportError, ImportOptions, LoadedExport};
use caselens::io::{parse_case, to_canonical_text};
use caselens::model::{PixelPoint, Shape};

fn inputs(target: &str) -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    // A missing or empty folder would make its test pass on nothing.
    let entries = fs::read_dir(&folder).unwrap_or_else(|error| {
        panic!(
            "{}: {error}; every fuzz target keeps its regression inputs there",
            folder.display()
        )
    });
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| {
            path.extension()
                .is_none_or(|extension| extension != "expected")
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} holds no input; a regression folder must not be empty",
        folder.display()
    );
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// Checks one outcome: an error must name the input and contain the `.expected` text, if any.
fn check(path: &Path, outcome: Result<(), String>) {
    let expected = fs::read_to_string(path.with_extension(format!(
        "{}.expected",
        path.extension()
            .map(|extension| extension.to_string_lossy().into_owned())
            .unwrap_or_default()
    )))
    .ok();
    match (outcome, expected) {
        (Ok(()), None) => {}
        (Ok(()), Some(expected)) => panic!(
            "{} loaded, but should be refused with `{}`",
            path.display(),
            expected.trim()
        ),
        (Err(message), expected) => {
            assert!(
                message.contains(&file_name(path)),
                "{}: the message does not name the file: {message}",
                path.display()
            );
            if let Some(expected) = expected {
                assert!(
                    message.contains(expected.trim()),
                    "{}: expected a message containing `{}`, got: {message}",
                    path.display(),
                    expected.trim()
                );
            }
        }
    }
}

#[test]
fn case_file_inputs_load_or_are_refused_with_a_message() {
    for path in inputs("case_file") {
        let bytes = fs::read(&path).expect("a readable input");
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let outcome = parse_case(&text, &file_name(&path)).map(|loaded| {
            let saved = to_canonical_text(&loaded.case).expect("a loaded case can be written");
            let reloaded = parse_case(&saved, "saved").expect("the saved text loads");
            assert_eq!(
                reloaded.case,
                loaded.case,
                "{} changed in save → load",
                path.display()
            );
        });
        check(&path, outcome.map_err(|error| error.to_string()));
    }
}

fn import(export: Result<LoadedExport, ImportError>) -> Result<(), String> {
    let export = export.map_err(|error| error.to_string())?;
    let _ = export.preview(5);
    let mapping = export
        .detect_mapping(&[])
        .map_err(|error| error.to_string())?;
    export
        .build(&mapping, &ImportOptions::default())
        .map(|_| ())
        .map_err(|error| error.to_string())
}

#[test]
fn import_inputs_are_read_or_refused_with_a_message() {
    for (target, format) in [
        ("import_csv", ExportFormat::Csv),
        ("import_fhir", ExportFormat::FhirBundle),
    ] {
        for path in inputs(target) {
            let bytes = fs::read(&path).expect("a readable input");
            let outcome = import(LoadedExport::from_bytes(&bytes, &file_name(&path), format));
            check(&path, outcome);
        }
    }
    for path in inputs("import_xlsx") {
        check(&path, import(LoadedExport::read(&path, None)));
    }
}

#[test]
fn image_inputs_decode_or_are_refused_with_a_message() {
    for path in inputs("image_dicom")
        .into_iter()
        .chain(inputs("image_raster"))
    {
        let outcome = load_image(&path).map(|image| {
            // What the viewer does next must not fail on what the decoder accepted.
            let region = Shape::Rectangle {
                corner_a: PixelPoint::new(0.0, 0.0),
                corner_b: PixelPoint::new(f64::from(image.width()), f64::from(image.height())),
            };
            for frame in 0..image.facts.frames.min(3) {
                assert!(render_frame(&image, frame, image.default_window).is_some());
                let _ = region_stats(&image, frame, &region);
            }
        });
        check(&path, outcome.map_err(|error| error.to_string()));
    }
}

/// Each input is one slice of a series (the `series_scan` target splits its input into such
/// files); a folder holding it alone is scanned, within seconds, as the CT viewer does.
#[test]
fn series_inputs_are_scanned_or_left_out_with_a_message() {
    for path in inputs("series_scan") {
        let folder = tempfile::tempdir().expect("a temporary folder");
        fs::copy(&path, folder.path().join(file_name(&path))).expect("copied");
        let started = std::time::Instant::now();
        let scan = scan_series(folder.path()).map_err(|error| error.to_string());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{}: scanning took {:?}",
            path.display(),
            started.elapsed()
        );
        let outcome = scan.and_then(|scan| match scan.problems.first() {
            Some(problem) => Err(problem.to_string()),
            None => Ok(()),
        });
        check(&path, outcome);
    }
}

#[test]
fn dense_file_inputs_are_read_or_refused_with_a_message() {
    for path in inputs("dense_file") {
        let outcome = read_dense_channel(&path, "spo2").map(|_| ());
        check(&path, outcome.map_err(|error| error.to_string()));
    }
}
