//! Crash tests for the two other writers that hold a reviewer's work: the autosave (a child
//! process writes recovery records through `io::recovery::write_recovery`, as the app's
//! autosave does) and `caselens import` writing a whole export's case files at once (the
//! real binary). Each is killed with SIGKILL at random moments, as in `crash_save`.
//!
//! After every kill: the recovery folder offers exactly one record, and it is the last
//! completed autosave or the one being written, never a half-written one; every case file
//! in the import's folder is, byte for byte, the previous import's version or the new one.
//! `CASELENS_CRASH_ROUNDS` and `CASELENS_CRASH_SEED` work as for `crash_save`.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use caselens::io::bundled::PENG_2020;
use caselens::io::recovery::{RecoveryRecord, orphaned_recoveries, recovery_path, write_recovery};

use crate::crash_save::{
    XorShift, child_stderr, crash_rounds, progress, spawn_child_test, wait_for_ready,
};

const FOLDER_ENV: &str = "CASELENS_CRASH_AUTOSAVE_FOLDER";
const AUTOSAVE_ROUNDS: usize = 120;
const IMPORT_ROUNDS: usize = 24;

/// The record of autosave number `save`: each differs from the last in its edit and title.
fn autosave_record(save: u64) -> RecoveryRecord {
    let mut case = PENG_2020.load().expect("the bundled Peng case loads").case;
    case.metadata.title = format!("{} — autosave {save}", case.metadata.title);
    RecoveryRecord {
        source_path: Some(PathBuf::from("/reviews/peng2020.ron")),
        bundled_name: None,
        process_id: std::process::id(),
        written_at: format!("autosave {save}"),
        last_edit: Some(format!("Edit number {save}")),
        case,
    }
}

/// The helper process: autosaves one open case again and again, until killed.
#[test]
#[ignore = "helper process of `autosaves_killed_at_random_moments_offer_the_last_or_the_new_record`"]
fn autosave_writer_child() {
    let Some(folder) = std::env::var_os(FOLDER_ENV) else {
        panic!("run by the crash test only: {FOLDER_ENV} is not set");
    };
    let path = recovery_path(Path::new(&folder), "/reviews/peng2020.ron");
    let mut out = std::io::stdout().lock();
    writeln!(out, "\nready")
        .and_then(|()| out.flush())
        .expect("stdout");
    for save in 0.. {
        writeln!(out, "start {save}")
            .and_then(|()| out.flush())
            .expect("stdout");
        write_recovery(&path, &autosave_record(save)).expect("the autosave succeeds");
        writeln!(out, "done {save}")
            .and_then(|()| out.flush())
            .expect("stdout");
    }
}

#[test]
fn autosaves_killed_at_random_moments_offer_the_last_or_the_new_record() {
    let rounds = crash_rounds(AUTOSAVE_ROUNDS);
    let whole = PENG_2020.load().expect("the bundled Peng case loads").case;
    let mut random = XorShift::from_env();
    let started = Instant::now();
    let (mut mid_write, mut between) = (0, 0);
    let child_test = match module_path!().split_once("::") {
        Some((_, module)) => format!("{module}::autosave_writer_child"),
        None => "autosave_writer_child".to_owned(),
    };
    for round in 0..rounds {
        // A fresh folder each round: a record's process id is the child's, so an old one
        // would be a second orphan.
        let folder = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a folder");
        let mut child = spawn_child_test(&child_test, &[(FOLDER_ENV, folder.path().as_os_str())]);
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        wait_for_ready(&mut stdout, &mut child, round);
        std::thread::sleep(Duration::from_micros(random.next() % 30_000));
        child.kill().expect("SIGKILL is delivered");
        let status = child.wait().expect("the child is reaped");
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).expect("the output");
        assert_eq!(
            status.signal(),
            Some(9),
            "round {round}: the autosave ended by itself: {}",
            child_stderr(&mut child)
        );
        let (done, in_flight) = progress(&rest);
        let offered = orphaned_recoveries(folder.path());
        let edits: Vec<String> = offered
            .iter()
            .map(|(path, record)| match record {
                Ok(record) => record.last_edit.clone().unwrap_or_default(),
                Err(error) => panic!(
                    "round {round}: {} is offered but cannot be read: {error}",
                    path.display()
                ),
            })
            .collect();
        // `done` saves completed: the last is number done - 1; the one in flight is `done`.
        let last = done
            .checked_sub(1)
            .map(|save| format!("Edit number {save}"));
        let new = format!("Edit number {done}");
        match (edits.as_slice(), in_flight) {
            ([], true) if done == 0 => mid_write += 1,
            ([], false) if done == 0 => between += 1,
            ([edit], false) if Some(edit) == last.as_ref() => between += 1,
            ([edit], true) if Some(edit) == last.as_ref() || *edit == new => mid_write += 1,
            _ => panic!(
                "round {round}: after {done} autosaves (one in flight: {in_flight}) the \
                 recovery offers {edits:?}"
            ),
        }
        if let Some((_, Ok(record))) = offered.first() {
            assert_eq!(
                record.case.series, whole.series,
                "round {round}: the whole case"
            );
        }
    }
    println!(
        "autosave crash test: {rounds} rounds in {:.1} s; kills landed {mid_write} times during \
         an autosave and {between} times between two; each time the recovery offered exactly \
         the last completed autosave or the one being written",
        started.elapsed().as_secs_f64()
    );
    assert!(mid_write > rounds / 2, "too few kills landed mid-write");
}

/// Runs `caselens import` of the 110-patient workbook with titles starting `label`.
fn import_command(out_dir: &Path, label: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_caselens"));
    command
        .args([
            "import",
            "tests/fixtures/tables/tongji_test_110.xlsx",
            "--out-dir",
        ])
        .arg(out_dir)
        .args(["--label", label])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// The files of a folder by name, hidden temporaries left out (and removed).
fn case_files(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(folder).expect("the folder is readable") {
        let entry = entry.expect("an entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".tmp") {
            std::fs::remove_file(entry.path()).expect("the temporary is removed");
            continue;
        }
        files.insert(name, std::fs::read(entry.path()).expect("readable"));
    }
    files
}

#[test]
fn an_import_killed_at_random_moments_leaves_every_case_file_old_or_new() {
    let work = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a folder");
    let labels = ["Before", "After"];
    // The two complete versions, and how long an import takes.
    let mut versions = Vec::new();
    let mut slowest = Duration::ZERO;
    for label in labels {
        let folder = work.path().join(label);
        let started = Instant::now();
        let status = import_command(&folder, label).status().expect("runs");
        slowest = slowest.max(started.elapsed());
        assert!(status.success(), "the {label} import succeeds");
        versions.push(case_files(&folder));
    }
    assert_eq!(versions[0].len(), 110);
    assert_eq!(
        versions[0].keys().collect::<Vec<_>>(),
        versions[1].keys().collect::<Vec<_>>()
    );
    let target = work.path().join("reviewed");
    assert!(
        import_command(&target, labels[0])
            .status()
            .expect("runs")
            .success()
    );

    let rounds = crash_rounds(IMPORT_ROUNDS);
    let mut random = XorShift::from_env();
    let window = slowest.as_micros() as u64 + 1;
    let (mut mixed, mut completed) = (0, 0);
    for round in 0..rounds {
        let label = labels[(round + 1) % 2];
        let mut child = import_command(&target, label).spawn().expect("starts");
        std::thread::sleep(Duration::from_micros(random.next() % window));
        // The import may have finished: then it is simply the new version.
        let _ = child.kill();
        let status = child.wait().expect("reaped");
        if status.success() {
            completed += 1;
        }
        let files = case_files(&target);
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            versions[0].keys().collect::<Vec<_>>(),
            "round {round}: the folder holds other files than the cases"
        );
        let mut new_files = 0;
        for (name, bytes) in &files {
            if *bytes == versions[(round + 1) % 2][name] {
                new_files += 1;
            } else {
                assert!(
                    *bytes == versions[round % 2][name],
                    "round {round}: {name} is neither the old nor the new version"
                );
            }
        }
        if (1..files.len()).contains(&new_files) {
            mixed += 1;
        }
        // The next round starts from a complete version, as a re-run import would.
        assert!(
            import_command(&target, label)
                .status()
                .expect("runs")
                .success()
        );
    }
    println!(
        "import crash test: {rounds} imports of 110 case files killed at random moments: \
         {mixed} killed part-way (some files new, some old), {completed} finished before the \
         kill; every case file was the old or the new version byte for byte"
    );
    assert!(mixed > 0, "no kill landed while the import was writing");
}
