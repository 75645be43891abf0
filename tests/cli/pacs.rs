//! The archive round trip against a real Orthanc with its DICOMweb plugin (Debian packages
//! `orthanc` and `orthanc-dicomweb`): each test starts its own Orthanc on free loopback ports
//! with a temporary storage folder and authentication on, uploads DICOM files through the
//! REST API, then searches and retrieves with CaseLens (library and the real binary). The
//! expected values are the uploaded files themselves. Without Orthanc the tests print
//! `skipped`; under CI=true they fail instead.

use crate::orthanc;
use crate::support::shared;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::AtomicBool;

use std::time::{Duration, Instant};

use caselens::app::pacs_dialog::PacsDialog;
use caselens::app::state::Workspace;
use caselens::io::pacs::settings::PacsSettings;
use caselens::io::pacs::{
    DateRange, PacsError, PacsServer, SeriesQuery, find_series, retrieve_series,
};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use orthanc::{Orthanc, PASSWORD, USER, free_port, synthetic_series};

fn caselens(arguments: &[&str], config_dir: &Path, password: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caselens"))
        .args(arguments)
        .env("CASELENS_CONFIG_DIR", config_dir)
        .env("CASELENS_PACS_PASSWORD", password)
        .stdin(Stdio::null())
        .output()
        .expect("the caselens binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The files of a folder by name, with their bytes.
fn folder_files(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(folder)
        .expect("the folder exists")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            let name = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            (name, fs::read(&path).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_generated_series_is_found_and_retrieved_whole_byte_for_byte() {
    let Some(orthanc) = Orthanc::start() else {
        return;
    };
    let series = synthetic_series("1.2.826.0.1.3680043.10.77", "PACS-TEST-1", 6, 16);
    for (_, bytes) in &series.files {
        orthanc.upload(bytes);
    }
    let server = orthanc.server(PASSWORD);

    let query = SeriesQuery {
        patient_id: "PACS-TEST-*".into(),
        dates: DateRange::parse("2020-02-01..2020-02-29").expect("a range"),
        modality: "CT".into(),
        ..Default::default()
    };
    let (studies, truncated) = find_series(&server, &query).expect("the search succeeds");
    assert!(!truncated);
    assert_eq!(studies.len(), 1, "{studies:?}");
    assert_eq!(studies[0].study_uid, series.study_uid);
    assert_eq!(studies[0].patient_name, "Phantom^Chest");
    assert_eq!(studies[0].accession, "ACC-B2");
    assert_eq!(studies[0].series.len(), 1);
    assert_eq!(studies[0].series[0].series_uid, series.series_uid);
    assert_eq!(studies[0].series[0].instances, Some(6));

    let outside = SeriesQuery {
        dates: DateRange::parse("2021-01-01..2021-12-31").expect("a range"),
        ..Default::default()
    };
    assert!(
        find_series(&server, &outside)
            .expect("searches")
            .0
            .is_empty()
    );

    let case_folder = tempfile::tempdir().expect("a case folder");
    let mut seen = Vec::new();
    let retrieved = retrieve_series(
        &server,
        &series.study_uid,
        &series.series_uid,
        case_folder.path(),
        &mut |progress| seen.push(progress.received),
        &AtomicBool::new(false),
    )
    .expect("the series is retrieved");
    assert_eq!(retrieved.instances, 6);
    assert_eq!(seen, vec![1, 2, 3, 4, 5, 6], "progress after each instance");
    let mut expected: Vec<(String, Vec<u8>)> = series
        .files
        .iter()
        .map(|(sop, bytes)| (format!("{sop}.dcm"), bytes.clone()))
        .collect();
    expected.sort();
    assert!(
        folder_files(&retrieved.folder) == expected,
        "files named by SOPInstanceUID, byte for byte"
    );
    assert_eq!(
        retrieved.folder,
        case_folder.path().join(&series.series_uid)
    );

    let again = retrieve_series(
        &server,
        &series.study_uid,
        &series.series_uid,
        case_folder.path(),
        &mut |_| {},
        &AtomicBool::new(false),
    );
    assert!(
        matches!(again, Err(PacsError::AlreadyRetrieved { .. })),
        "{again:?}"
    );
}

#[test]
fn the_command_line_finds_and_gets_with_saved_settings_and_says_why_it_fails() {
    let Some(orthanc) = Orthanc::start() else {
        return;
    };
    let series = synthetic_series("1.2.826.0.1.3680043.10.78", "PACS-TEST-2", 3, 8);
    for (_, bytes) in &series.files {
        orthanc.upload(bytes);
    }
    let config = tempfile::tempdir().expect("a config folder");
    let saved = caselens(
        &[
            "pacs",
            "settings",
            "--server",
            &orthanc.dicomweb(),
            "--user",
            USER,
        ],
        config.path(),
        "",
    );
    assert!(saved.status.success(), "{}", text(&saved.stderr));
    let settings_text = fs::read_to_string(config.path().join("pacs.ron")).expect("settings saved");
    assert!(settings_text.contains(&orthanc.dicomweb()) && !settings_text.contains(PASSWORD));

    let found = caselens(
        &[
            "pacs",
            "find",
            "--patient",
            "PACS-TEST-2",
            "--modality",
            "CT",
        ],
        config.path(),
        PASSWORD,
    );
    let stdout = text(&found.stdout);
    assert!(found.status.success(), "{}", text(&found.stderr));
    assert!(
        stdout.contains(&series.study_uid) && stdout.contains(&series.series_uid),
        "{stdout}"
    );
    assert!(
        stdout.contains("3 instances") && stdout.contains("1 study, 1 series"),
        "{stdout}"
    );

    let out_dir = tempfile::tempdir().expect("an output folder");
    let out = out_dir.path().to_str().expect("utf-8");
    let got = caselens(
        &[
            "pacs",
            "get",
            &series.study_uid,
            &series.series_uid,
            "--out-dir",
            out,
        ],
        config.path(),
        PASSWORD,
    );
    assert!(got.status.success(), "{}", text(&got.stderr));
    assert!(
        text(&got.stderr).contains("received 3/3 instances"),
        "{}",
        text(&got.stderr)
    );
    assert_eq!(
        folder_files(&out_dir.path().join(&series.series_uid)).len(),
        3
    );

    let refused = caselens(&["pacs", "find"], config.path(), "wrong password");
    assert!(!refused.status.success());
    let message = text(&refused.stderr);
    assert!(
        message.contains("refused the login of user `reader`") && message.contains("password"),
        "{message}"
    );

    let nobody = format!("http://127.0.0.1:{}/dicom-web", free_port());
    let unreachable = caselens(
        &["pacs", "find", "--server", &nobody, "--user", USER],
        config.path(),
        PASSWORD,
    );
    assert!(!unreachable.status.success());
    let message = text(&unreachable.stderr);
    assert!(
        message.contains("nothing answers at") && message.contains(&nobody),
        "{message}"
    );

    let no_scheme = caselens(
        &[
            "pacs",
            "find",
            "--server",
            "pacs.example.org",
            "--user",
            USER,
        ],
        config.path(),
        PASSWORD,
    );
    assert!(
        text(&no_scheme.stderr).contains("must start with http://"),
        "{}",
        text(&no_scheme.stderr)
    );

    let anonymous = find_series(
        &PacsServer {
            base_url: orthanc.dicomweb(),
            ..Default::default()
        },
        &SeriesQuery::default(),
    );
    assert!(
        matches!(anonymous, Err(PacsError::LoginRequired { .. })),
        "{anonymous:?}"
    );
}

#[test]
fn a_server_killed_mid_transfer_leaves_a_partial_folder_never_a_series() {
    let Some(mut orthanc) = Orthanc::start() else {
        return;
    };
    // 60 slices of 512×512: about 31 MB, far more than the sockets buffer, so the transfer
    // is still running when the server dies.
    let series = synthetic_series("1.2.826.0.1.3680043.10.79", "PACS-TEST-3", 60, 512);
    for (_, bytes) in &series.files {
        orthanc.upload(bytes);
    }
    let server = orthanc.server(PASSWORD);
    let case_folder = tempfile::tempdir().expect("a case folder");
    let result = retrieve_series(
        &server,
        &series.study_uid,
        &series.series_uid,
        case_folder.path(),
        &mut |progress| {
            if progress.received == 2 {
                orthanc.stop();
            }
        },
        &AtomicBool::new(false),
    );
    let error = result.expect_err("a broken transfer is not a series");
    assert!(
        matches!(error, PacsError::Interrupted { expected: 60, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("NOT accepted") && message.contains(".partial"),
        "{message}"
    );
    assert!(!case_folder.path().join(&series.series_uid).exists());
    let partial = case_folder
        .path()
        .join(format!("{}.partial", series.series_uid));
    let kept = folder_files(&partial).len();
    assert!(
        (2..60).contains(&kept),
        "{kept} instances kept in the partial folder"
    );
}

#[test]
fn a_cancelled_transfer_keeps_nothing() {
    let Some(orthanc) = Orthanc::start() else {
        return;
    };
    let series = synthetic_series("1.2.826.0.1.3680043.10.80", "PACS-TEST-4", 5, 8);
    for (_, bytes) in &series.files {
        orthanc.upload(bytes);
    }
    let case_folder = tempfile::tempdir().expect("a case folder");
    let cancel = AtomicBool::new(false);
    let result = retrieve_series(
        &orthanc.server(PASSWORD),
        &series.study_uid,
        &series.series_uid,
        case_folder.path(),
        &mut |_| cancel.store(true, std::sync::atomic::Ordering::Relaxed),
        &cancel,
    );
    assert!(matches!(result, Err(PacsError::Cancelled)), "{result:?}");
    assert_eq!(
        fs::read_dir(case_folder.path()).expect("listable").count(),
        0
    );
}

#[test]
fn the_real_chest_ct_comes_back_whole_through_the_command_line() {
    let Some(source) = shared::shared_fixture("fixtures/dicom/ct_series/lidc_idri_0001") else {
        return;
    };
    let Some(orthanc) = Orthanc::start() else {
        return;
    };
    let mut originals: Vec<Vec<u8>> = fs::read_dir(&source)
        .expect("the series folder")
        .map(|entry| fs::read(entry.expect("an entry").path()).expect("readable"))
        .collect();
    for bytes in &originals {
        orthanc.upload(bytes);
    }
    let config = tempfile::tempdir().expect("a config folder");
    let server = orthanc.dicomweb();
    let found = caselens(
        &[
            "pacs",
            "find",
            "--server",
            &server,
            "--user",
            USER,
            "--patient",
            "LIDC-IDRI-0001",
        ],
        config.path(),
        PASSWORD,
    );
    let stdout = text(&found.stdout);
    assert!(found.status.success(), "{}", text(&found.stderr));
    let count = format!("{} instances", originals.len());
    assert!(
        stdout.contains(&count),
        "the archive's count is the folder's: {stdout}"
    );
    let study_uid = uid_after(&stdout, "study  ");
    let series_uid = uid_after(&stdout, "  series  ");

    let out_dir = tempfile::tempdir().expect("an output folder");
    let out = out_dir.path().to_str().expect("utf-8");
    let got = caselens(
        &[
            "pacs",
            "get",
            "--server",
            &server,
            "--user",
            USER,
            &study_uid,
            &series_uid,
            "--out-dir",
            out,
        ],
        config.path(),
        PASSWORD,
    );
    assert!(got.status.success(), "{}", text(&got.stderr));
    let retrieved = folder_files(&out_dir.path().join(&series_uid));
    for (name, bytes) in retrieved.iter().take(5) {
        let object = dicom_object::from_reader(&bytes[128..]).expect("a DICOM file");
        let sop = object.meta().media_storage_sop_instance_uid();
        assert_eq!(name, &format!("{sop}.dcm"));
    }
    let mut retrieved: Vec<Vec<u8>> = retrieved.into_iter().map(|(_, bytes)| bytes).collect();
    retrieved.sort();
    originals.sort();
    assert!(
        retrieved == originals,
        "all {} slices come back byte for byte",
        originals.len()
    );
}

fn uid_after(listing: &str, prefix: &str) -> String {
    listing
        .lines()
        .find_map(|line| line.strip_prefix(prefix))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a UID in the listing")
        .to_owned()
}

type DialogHarness = Harness<'static, (PacsDialog, Workspace)>;

/// Runs frames until `done` holds (the dialog works on another thread), at most 30 s.
fn run_until(harness: &mut DialogHarness, what: &str, done: impl Fn(&DialogHarness) -> bool) {
    let start = Instant::now();
    while !done(harness) {
        let status = harness
            .state()
            .0
            .status_text()
            .unwrap_or_default()
            .to_owned();
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}; the dialog says: {status}"
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
}

fn type_into(harness: &mut DialogHarness, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.step();
    harness.get_by_label(label).type_text(text);
    harness.step();
}

#[test]
fn the_dialog_searches_and_retrieves_into_the_case_folder() {
    let Some(orthanc) = Orthanc::start() else {
        return;
    };
    let series = synthetic_series("1.2.826.0.1.3680043.10.81", "PACS-TEST-5", 4, 8);
    for (_, bytes) in &series.files {
        orthanc.upload(bytes);
    }
    let case_folder = tempfile::tempdir().expect("a case folder");
    let case_path = case_folder.path().join("case.ron");
    fs::write(&case_path, caselens::io::bundled::PENG_2020.text).expect("case written");
    let mut workspace = Workspace::default();
    assert!(workspace.open_file(&case_path), "the case opens");
    let mut dialog = PacsDialog::default();
    dialog.open_with(PacsSettings {
        server: orthanc.dicomweb(),
        user: USER.to_owned(),
    });
    let mut harness = Harness::builder().with_size([900.0, 800.0]).build_ui_state(
        |ui, (dialog, workspace): &mut (PacsDialog, Workspace)| {
            let ctx = ui.ctx().clone();
            let folder = workspace
                .active_case()
                .and_then(|open| open.document.source().folder())
                .map(std::path::Path::to_path_buf);
            dialog.ui(&ctx, folder.as_deref(), &mut workspace.messages);
        },
        (dialog, workspace),
    );
    harness.step();
    type_into(&mut harness, "Password (this session only)", PASSWORD);
    type_into(&mut harness, "Patient ID", "PACS-TEST-5");
    harness.get_by_label("Search").click();
    run_until(&mut harness, "the search", |h| {
        h.query_by_label_contains("4 instances").is_some()
    });
    harness.get_by_label_contains("4 instances").click();
    harness.step();
    harness.get_by_label("Retrieve series").click();
    run_until(&mut harness, "the transfer", |h| {
        h.query_by_label_contains("Retrieved 4 instances").is_some()
    });
    let retrieved = case_folder.path().join("imaging").join(&series.series_uid);
    assert_eq!(
        folder_files(&retrieved).len(),
        4,
        "into <case folder>/imaging/<series UID>"
    );
    let password_on_disk = fs::read_dir(case_folder.path())
        .expect("listable")
        .filter_map(|entry| fs::read(entry.ok()?.path()).ok())
        .any(|bytes| String::from_utf8_lossy(&bytes).contains(PASSWORD));
    assert!(
        !password_on_disk,
        "the password is written nowhere in the case folder"
    );
}
