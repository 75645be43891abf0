//! Output a command cannot write fails the command: a script that sends `caselens check` to
//! a full disk or a file it may not write must see a non-zero exit and a message naming the
//! file, never a zero exit over an empty report.

use std::process::{Command, Stdio};

use crate::files::text;

/// Runs `caselens` with standard output on a file opened read-only, so every write fails.
fn run_with_unwritable_stdout(arguments: &[&str]) -> (std::process::Output, std::path::PathBuf) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("report.txt");
    std::fs::write(&path, b"").expect("file created");
    let read_only = std::fs::File::open(&path).expect("file opened");
    let output = Command::new(env!("CARGO_BIN_EXE_caselens"))
        .args(arguments)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::from(read_only))
        .stderr(Stdio::piped())
        .output()
        .expect("the caselens binary runs");
    // The folder goes with this function; the path is kept only to look for in messages.
    (output, path)
}

#[test]
fn teaching_and_cohort_commands_fail_when_their_output_cannot_be_written() {
    for arguments in [
        &["check", "assets/cases/peng2020.ron"][..],
        &["episodes", "assets/cases/peng2020.ron"],
        &["cohort", "info"],
        &["cohort", "check"],
        &["cohort", "rule", "assets/cases/peng2020.ron"],
    ] {
        let (output, path) = run_with_unwritable_stdout(arguments);
        let stderr = text(&output.stderr);
        assert!(
            !output.status.success(),
            "{arguments:?} exited 0 with its output lost; stderr: {stderr}"
        );
        assert!(
            stderr.contains("could not write the output to standard output"),
            "{arguments:?}: {stderr}"
        );
        if cfg!(target_os = "linux") {
            assert!(
                stderr.contains(&path.display().to_string()),
                "{arguments:?} does not name {}: {stderr}",
                path.display()
            );
        }
    }
}

#[test]
fn the_same_commands_succeed_when_their_output_is_written() {
    let output = crate::files::caselens(&["cohort", "info"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Patients:"));
}
