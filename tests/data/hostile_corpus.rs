//! The hostile-input corpus (`tests/hostile/<reader>/`): files a reviewer may be handed (wrong
//! encodings, error cells, merged cells, hidden sheets, FHIR of the wrong shape, damaged DICOM,
//! paths that leave the case folder), each fed through the same public function the app uses
//! and compared with the exact outcome in `<file>.expected` beside it: the message the person
//! reads, or a short summary of what was read when the file is accepted on purpose.
//!
//! An input without `.expected`, an `.expected` without its input, an empty folder and a folder
//! no reader is assigned to all fail. Messages name files by name; the corpus folder is
//! stripped from any path, so expectations hold on every machine.
//!
//! After deliberately changing a message: `CASELENS_BLESS=1 cargo test --test data
//! hostile_corpus`, then review every changed `.expected` (a bad message is fixed in the
//! library, not blessed). How to add a file: docs/fuzzing.md, "The hostile corpus".

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use caselens::io::image::load_image;
use caselens::io::import::{ImportOptions, ImportOutcome, import_file};
use caselens::io::load_case;
use caselens::report::images::load_milestone_images;

use crate::files::blessing;

/// Reads one input and says what the person would see: the message, or what was read.
type Reader = fn(&Path) -> String;

/// Each folder of the corpus and the reader its files go through.
const READERS: [(&str, Reader); 8] = [
    ("case", case_file),
    ("csv", export),
    ("xlsx", export),
    ("fhir", export),
    ("dicom", image),
    ("raster", image),
    ("paths", case_with_its_files),
    ("cohort", cohort_file),
];

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

/// The inputs of one folder: its files, not its subfolders (which hold what inputs refer to).
fn inputs(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.is_file() && !is_expectation(path))
        .collect();
    files.sort();
    files
}

fn is_expectation(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "expected")
}

fn expectation_of(input: &Path) -> PathBuf {
    let mut name = input.file_name().expect("a file name").to_os_string();
    name.push(".expected");
    input.with_file_name(name)
}

/// A message as it reads on any machine: the corpus folder's path left out.
fn portable(text: &str, folder: &Path) -> String {
    let mut text = text.to_owned();
    let canonical = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    for prefix in [canonical.as_path(), folder] {
        text = text.replace(&format!("{}/", prefix.display()), "");
        text = text.replace(&prefix.display().to_string(), ".");
    }
    text
}

#[test]
fn every_hostile_input_gets_its_exact_outcome() {
    let root = corpus_root();
    let mut folders: Vec<String> = fs::read_dir(&root)
        .expect("tests/hostile exists")
        .map(|entry| entry.expect("a readable entry"))
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut assigned: Vec<String> = READERS.iter().map(|(name, _)| (*name).to_owned()).collect();
    assigned.sort();
    assert_eq!(
        folders, assigned,
        "every folder of tests/hostile has a reader in READERS, and every reader a folder"
    );

    let bless = blessing();
    let mut failures = Vec::new();
    for (name, read) in READERS {
        let folder = root.join(name);
        let files = inputs(&folder);
        if files.is_empty() {
            failures.push(format!(
                "{}: no input; a corpus folder must not be empty",
                folder.display()
            ));
        }
        for expectation in fs::read_dir(&folder).expect("readable").flatten() {
            let path = expectation.path();
            let input = path.with_extension("");
            if is_expectation(&path) && !input.is_file() {
                failures.push(format!(
                    "{}: its input {} is missing",
                    path.display(),
                    input.display()
                ));
            }
        }
        for input in files {
            let outcome = portable(&read(&input), &folder);
            let expected_path = expectation_of(&input);
            if bless {
                fs::write(&expected_path, format!("{outcome}\n")).expect("writable expectation");
                continue;
            }
            match fs::read_to_string(&expected_path) {
                Err(_) => failures.push(format!(
                    "{}: no {} (CASELENS_BLESS=1 writes it; review it); the outcome is:\n{outcome}",
                    input.display(),
                    expected_path.display()
                )),
                Ok(expected) if expected.trim_end() != outcome => failures.push(format!(
                    "{}\n  expected: {}\n  got:      {outcome}",
                    input.display(),
                    expected.trim_end()
                )),
                Ok(_) => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A case file, as File ▸ Open reads it.
fn case_file(path: &Path) -> String {
    match load_case(path) {
        Ok(loaded) => format!(
            "loaded: `{}`, {} series, {} warning(s)",
            loaded.case.metadata.title,
            loaded.case.series.len(),
            loaded.warnings.len()
        ),
        Err(error) => error.to_string(),
    }
}

/// A reference cohort, as View ▸ Cohort and `--cohort` read it.
fn cohort_file(path: &Path) -> String {
    match caselens::io::cohort_file::read_cohort_file(path) {
        Ok(cohort) => format!(
            "loaded: `{}`, {} patient(s), {} analyte(s)",
            cohort.name,
            cohort.patients.len(),
            cohort.analytes.len()
        ),
        Err(error) => error.to_string(),
    }
}

/// A lab export, as the import dialog and `caselens import` read it (default options).
fn export(path: &Path) -> String {
    match import_file(path, &ImportOptions::default()) {
        Ok(outcome) => summary(&outcome),
        Err(error) => error.to_string(),
    }
}

/// What an accepted export became: patients and values per marker, then every column left
/// unmapped, rejected value and note, so a silently wrong reading (a formula's text taken as a
/// value, a column dropped) shows.
fn summary(outcome: &ImportOutcome) -> String {
    let mut text = format!("imported {} patient(s)", outcome.patients.len());
    if let Some(sheet) = &outcome.sheet {
        let _ = write!(text, " from sheet `{sheet}`");
    }
    for (number, patient) in outcome.patients.iter().enumerate() {
        let series: Vec<String> = patient
            .case
            .series
            .iter()
            .map(|series| {
                let values: Vec<String> = series
                    .samples
                    .iter()
                    .map(|sample| format!("{} at {}", sample.value, sample.time))
                    .collect();
                format!("{} [{}]", series.marker, values.join(", "))
            })
            .collect();
        let _ = write!(
            text,
            "\npatient {} (`{}`): {}",
            number + 1,
            patient.key,
            series.join("; ")
        );
        if !patient.case.events.is_empty() {
            let _ = write!(text, "; {} event(s)", patient.case.events.len());
        }
    }
    for entry in outcome.mapping.unmapped() {
        let _ = write!(
            text,
            "\nnot mapped: `{}` ({} values)",
            entry.label, entry.values
        );
    }
    for rejected in &outcome.report.rejected {
        let _ = write!(text, "\nrejected: {rejected}");
    }
    for note in &outcome.report.notes {
        let _ = write!(text, "\nnote: {note}");
    }
    text
}

/// An image, as the viewer opens it.
fn image(path: &Path) -> String {
    match load_image(path) {
        Ok(image) => {
            let facts = &image.facts;
            format!(
                "decoded: {} {}×{}, {} frame(s), {} {}-bit{}",
                facts.format.label(),
                facts.width,
                facts.height,
                facts.frames,
                facts.photometric,
                facts.bits_stored,
                facts
                    .transfer_syntax
                    .as_deref()
                    .map(|syntax| format!(", {syntax}"))
                    .unwrap_or_default()
            )
        }
        Err(error) => error.to_string(),
    }
}

/// A case file and every file it names (dense series, study images, series folders), as File ▸
/// Open and then an export read them: a name that leaves the case folder must be refused.
fn case_with_its_files(path: &Path) -> String {
    let loaded = match load_case(path) {
        Ok(loaded) => loaded,
        Err(error) => return error.to_string(),
    };
    let mut text = format!("loaded, with {} dense channel(s)", loaded.dense.len());
    for picture in load_milestone_images(&loaded.case, path.parent()) {
        let shown = match &picture.thumbnail {
            Ok(thumbnail) => format!("shown, {}×{}", thumbnail.width(), thumbnail.height()),
            Err(problem) => problem.to_string(),
        };
        let _ = write!(
            text,
            "\nstudy {} picture {}: {shown}",
            picture.milestone, picture.image_index
        );
    }
    text
}

/// A DICOMDIR (explicit VR little endian) whose IMAGE records name `files`, each a Referenced
/// File ID whose components are separated by backslashes.
fn dicomdir(files: &[&str]) -> Vec<u8> {
    use crate::files::{dicom_file_header, short_element};
    let even = |text: &str| {
        let mut bytes = text.as_bytes().to_vec();
        if bytes.len() % 2 == 1 {
            bytes.push(b' ');
        }
        bytes
    };
    let mut bytes = dicom_file_header("1.2.840.10008.1.3.10");
    // The Directory Record Sequence, of undefined length, one item per file.
    bytes.extend([0x04, 0x00, 0x20, 0x12]);
    bytes.extend(b"SQ\0\0");
    bytes.extend(u32::MAX.to_le_bytes());
    for file in files {
        let mut item = short_element(0x0004, 0x1430, b"CS", &even("IMAGE"));
        item.extend(short_element(0x0004, 0x1500, b"CS", &even(file)));
        bytes.extend([0xFE, 0xFF, 0x00, 0xE0]);
        bytes.extend((item.len() as u32).to_le_bytes());
        bytes.extend(item);
    }
    bytes.extend([0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]);
    bytes
}

/// A DICOMDIR names files too: a record may not lead the scan out of its folder, by `..` or
/// through a symbolic link on the disc (a folder's own walk does not follow links either).
#[cfg(unix)]
#[test]
fn a_dicomdir_cannot_lead_the_scan_out_of_its_folder() {
    use caselens::io::image::series::scan_series;
    let slice = corpus_root().join("dicom/valid_16x16_ct.dcm");
    let root = tempfile::tempdir().expect("a temporary folder");
    let (disc, outside) = (root.path().join("disc"), root.path().join("outside"));
    fs::create_dir(&disc).expect("disc");
    fs::create_dir(&outside).expect("outside");
    fs::copy(&slice, outside.join("secret.dcm")).expect("copied");
    fs::copy(&slice, disc.join("IM_IN")).expect("copied");
    std::os::unix::fs::symlink(outside.join("secret.dcm"), disc.join("IM_LINK")).expect("linked");
    fs::write(
        disc.join("DICOMDIR"),
        dicomdir(&["IM_IN", "IM_LINK", "..\\outside\\secret.dcm"]),
    )
    .expect("written");

    let scan = scan_series(&disc).expect("the disc is scanned");
    let slices: Vec<PathBuf> = scan
        .series
        .iter()
        .flat_map(|series| series.slices.iter().map(|slice| slice.path.clone()))
        .collect();
    assert_eq!(slices, [disc.join("IM_IN")], "only the file inside is read");
    let problems: Vec<String> = scan
        .problems
        .iter()
        .map(|problem| portable(&problem.to_string(), &disc))
        .collect();
    assert_eq!(
        problems,
        [
            "DICOMDIR: DICOMDIR entry `..\\outside\\secret.dcm` leaves the DICOMDIR's folder; the entry is skipped",
            "DICOMDIR: DICOMDIR entry `IM_LINK` is a link to a file outside the DICOMDIR's folder, which is not read; copy the file itself onto the disc or into the folder; the entry is skipped",
        ]
    );
}
