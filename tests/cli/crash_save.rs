//! Crash test for saving: a child process saves a case in a loop (alternating two versions,
//! through `caselens::io::save_case`) while this test kills it with SIGKILL at random
//! moments. After every kill the case file must be, byte for byte, either the version on disk
//! before the interrupted save or the one it was writing, and must load; a temporary file left
//! beside it must be a hidden `.tmp` file, never the case, and its presence means the rename
//! had not happened yet, so the case must still be the old version.
//!
//! The child is this same test binary, run with `--ignored` on [`crash_writer_child`]; it
//! prints `start N` before and `done N` after each save, which tells where a kill landed.
//! Reproduce a run with `CASELENS_CRASH_SEED=<seed printed by the test>`.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use caselens::io::bundled::PENG_2020;
use caselens::io::{load_case, save_case, to_canonical_text};
use caselens::model::{Case, NoteKind, NoteTarget, ReviewerNote};

/// Rounds in `cargo test`; the documented long run sets `CASELENS_CRASH_ROUNDS=1000`.
const DEFAULT_ROUNDS: usize = 240;
/// Kills land uniformly within this long after the child reports ready.
const MAX_KILL_DELAY_MICROS: u64 = 30_000;
const TARGET_ENV: &str = "CASELENS_CRASH_WRITER_TARGET";
const FIRST_VERSION_ENV: &str = "CASELENS_CRASH_WRITER_FIRST";
const CASE_NAME: &str = "case.ron";

/// The two versions saved in turn: the bundled Peng case and a reviewed copy of it.
fn versions() -> [Case; 2] {
    let original = PENG_2020.load().expect("the bundled Peng case loads").case;
    let mut reviewed = original.clone();
    reviewed.metadata.title.push_str(" — reviewed");
    reviewed.notes.push(ReviewerNote {
        kind: NoteKind::Comment,
        target: NoteTarget::Milestone("B2".to_owned()),
        text: "Ground-glass opacities regress after the second MSC infusion; 磨玻璃影吸收."
            .repeat(40),
        author: Some("Crash test".to_owned()),
    });
    [original, reviewed]
}

/// The helper process: saves the two versions in turn, forever, until killed.
#[test]
#[ignore = "helper process of `saves_killed_at_random_moments_leave_old_or_new_file`, which starts it"]
fn crash_writer_child() {
    let Some(target) = std::env::var_os(TARGET_ENV) else {
        panic!("run by the crash test only: {TARGET_ENV} is not set");
    };
    let first: usize = std::env::var(FIRST_VERSION_ENV)
        .ok()
        .and_then(|value| value.parse().ok())
        .expect("the first version to save");
    let versions = versions();
    let mut out = std::io::stdout().lock();
    // On a line of its own: the test harness has just printed `test crash_writer_child ... `.
    writeln!(out, "\nready")
        .and_then(|()| out.flush())
        .expect("stdout");
    for save in 0.. {
        writeln!(out, "start {save}")
            .and_then(|()| out.flush())
            .expect("stdout");
        save_case(Path::new(&target), &versions[(first + save) % 2]).expect("the save succeeds");
        writeln!(out, "done {save}")
            .and_then(|()| out.flush())
            .expect("stdout");
    }
}

/// Where one kill landed, as far as the outcome shows.
#[derive(Debug, Default)]
struct Figures {
    rounds: usize,
    saves_completed: usize,
    between_saves: usize,
    mid_save_before_temporary: usize,
    mid_save_temporary_partial: usize,
    mid_save_temporary_complete: usize,
    mid_save_after_rename: usize,
}

#[test]
fn saves_killed_at_random_moments_leave_old_or_new_file() {
    let texts = versions().map(|case| to_canonical_text(&case).expect("serializable"));
    assert_ne!(texts[0], texts[1]);
    let folder = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temporary folder");
    let target = folder.path().join(CASE_NAME);
    let mut on_disk = 0;
    std::fs::write(&target, &texts[on_disk]).expect("the first version is written");

    let mut random = XorShift::from_env();
    let mut figures = Figures::default();
    let started = Instant::now();

    let rounds = crash_rounds(DEFAULT_ROUNDS);
    for round in 0..rounds {
        let first = 1 - on_disk;
        let mut child = spawn_writer(&target, first);
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        wait_for_ready(&mut stdout, &mut child, round);
        std::thread::sleep(Duration::from_micros(random.next() % MAX_KILL_DELAY_MICROS));
        child.kill().expect("SIGKILL is delivered");
        let status = child.wait().expect("the child is reaped");
        let mut rest = String::new();
        stdout
            .read_to_string(&mut rest)
            .expect("the child's output");
        assert_eq!(
            status.signal(),
            Some(9),
            "round {round}: the writer ended by itself ({status}) instead of being killed: {}",
            child_stderr(&mut child)
        );

        let (done, in_flight) = progress(&rest);
        figures.saves_completed += done;
        // Every completed save flips the file; an interrupted one may or may not have.
        let before_interrupted = (on_disk + done) % 2;
        let contents = std::fs::read(&target).expect("the case file exists after every kill");
        let now_on_disk = texts
            .iter()
            .position(|text| text.as_bytes() == contents.as_slice())
            .unwrap_or_else(|| {
                panic!(
                    "round {round}: after {done} completed saves the case file is neither version \
                     ({} bytes, starts {:?})",
                    contents.len(),
                    String::from_utf8_lossy(&contents[..contents.len().min(80)])
                )
            });
        let leftovers = leftover_temporaries(folder.path(), child.id());
        if !in_flight {
            assert_eq!(
                now_on_disk, before_interrupted,
                "round {round}: killed between saves, the file must be the last saved version"
            );
            assert!(
                leftovers.is_empty(),
                "round {round}: temporary files {leftovers:?} after a completed save"
            );
            figures.between_saves += 1;
        } else if now_on_disk == before_interrupted {
            let interrupted_text = &texts[1 - before_interrupted];
            match leftovers.as_slice() {
                [] => figures.mid_save_before_temporary += 1,
                [(_, bytes)] if bytes == interrupted_text.as_bytes() => {
                    figures.mid_save_temporary_complete += 1
                }
                [(name, bytes)] => {
                    assert!(
                        interrupted_text.as_bytes().starts_with(bytes),
                        "round {round}: {name} is not a prefix of the version being saved"
                    );
                    figures.mid_save_temporary_partial += 1;
                }
                more => panic!("round {round}: several temporary files: {more:?}"),
            }
        } else {
            assert!(
                leftovers.is_empty(),
                "round {round}: the rename happened, so no temporary file may remain: {leftovers:?}"
            );
            figures.mid_save_after_rename += 1;
        }
        let loaded = load_case(&target)
            .unwrap_or_else(|error| panic!("round {round}: the case file does not load: {error}"));
        assert_eq!(
            to_canonical_text(&loaded.case).expect("serializable"),
            texts[now_on_disk]
        );
        for (name, _) in &leftovers {
            std::fs::remove_file(folder.path().join(name)).expect("the temporary file is removed");
        }
        on_disk = now_on_disk;
        figures.rounds += 1;
    }

    println!(
        "crash test: {} rounds in {:.1} s, {} saves completed; kills landed: {} between saves, \
         {} mid-save before the temporary file existed, {} while writing the temporary file \
         (partial), {} after it was complete but before the rename, {} after the rename; \
         every time the file was the old or the new version byte for byte and loaded",
        figures.rounds,
        started.elapsed().as_secs_f64(),
        figures.saves_completed,
        figures.between_saves,
        figures.mid_save_before_temporary,
        figures.mid_save_temporary_partial,
        figures.mid_save_temporary_complete,
        figures.mid_save_after_rename,
    );
    assert_eq!(figures.rounds, rounds);
    assert!(
        figures.saves_completed > 0,
        "no save ever completed: {figures:?}"
    );
    let mid_save = figures.rounds - figures.between_saves;
    assert!(
        mid_save > rounds / 2,
        "too few kills landed during a save: {figures:?}"
    );
}

fn spawn_writer(target: &Path, first: usize) -> Child {
    // The child test's name as the harness knows it: its module path without the crate.
    let child_test = match module_path!().split_once("::") {
        Some((_, module)) => format!("{module}::crash_writer_child"),
        None => "crash_writer_child".to_owned(),
    };
    spawn_child_test(
        &child_test,
        &[
            (TARGET_ENV, target.as_os_str()),
            (FIRST_VERSION_ENV, std::ffi::OsStr::new(&first.to_string())),
        ],
    )
}

/// Rounds to run: `CASELENS_CRASH_ROUNDS` when set (the long run), else `default`.
pub(crate) fn crash_rounds(default: usize) -> usize {
    std::env::var("CASELENS_CRASH_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(default)
}

/// Starts this test binary on one ignored child test, its output piped.
pub(crate) fn spawn_child_test(child_test: &str, envs: &[(&str, &std::ffi::OsStr)]) -> Child {
    let this_test_binary = std::env::current_exe().expect("the test binary's path");
    let mut command = Command::new(this_test_binary);
    command
        .args([
            child_test,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in envs {
        command.env(name, value);
    }
    command.spawn().expect("the writer process starts")
}

pub(crate) fn wait_for_ready(stdout: &mut impl BufRead, child: &mut Child, round: usize) {
    let mut line = String::new();
    loop {
        line.clear();
        let read = stdout.read_line(&mut line).expect("the child's output");
        if read == 0 {
            panic!(
                "round {round}: the writer stopped before it was ready: {}",
                child_stderr(child)
            );
        }
        if line.trim_end() == "ready" {
            return;
        }
    }
}

pub(crate) fn child_stderr(child: &mut Child) -> String {
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    stderr
}

/// How many saves the child completed, and whether it was killed inside one.
pub(crate) fn progress(output: &str) -> (usize, bool) {
    let mut done = 0;
    let mut in_flight = false;
    for line in output.lines() {
        if line.starts_with("start ") {
            in_flight = true;
        } else if line.starts_with("done ") {
            in_flight = false;
            done += 1;
        }
    }
    (done, in_flight)
}

/// Files beside the case other than the case itself, checked to be the writer's hidden
/// temporary file: never a `.ron` a folder scan could take for a case.
fn leftover_temporaries(folder: &Path, child_pid: u32) -> Vec<(String, Vec<u8>)> {
    let expected_name = format!(".{CASE_NAME}.{child_pid}.tmp");
    let mut leftovers = Vec::new();
    for entry in std::fs::read_dir(folder).expect("the folder is readable") {
        let entry = entry.expect("a folder entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == CASE_NAME {
            continue;
        }
        assert_eq!(name, expected_name, "an unexpected file beside the case");
        assert!(
            !name.ends_with(".ron"),
            "a temporary file could be taken for a case"
        );
        let bytes = std::fs::read(entry.path()).expect("the temporary file is readable");
        leftovers.push((name, bytes));
    }
    leftovers
}

/// Kill delays only need to be spread out and repeatable from a seed.
pub(crate) struct XorShift(u64);

impl XorShift {
    /// Seeded from `CASELENS_CRASH_SEED`, or from the clock (and the seed printed).
    pub(crate) fn from_env() -> Self {
        let seed = std::env::var("CASELENS_CRASH_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or_else(|| {
                let since_epoch =
                    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
                since_epoch.map(|time| time.as_nanos() as u64).unwrap_or(1) | 1
            });
        println!("crash test seed: {seed} (CASELENS_CRASH_SEED={seed} repeats the kill delays)");
        Self(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
