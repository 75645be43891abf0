//! Output a command cannot write fails the command: a script that sends `caselens check` to
//! a full disk must see a non-zero exit and a message naming the file, never a zero exit
//! over an empty report. `/dev/full` is that disk: every write to it fails with ENOSPC.
//! (A read-only descriptor would not do: the standard library treats EBADF on standard
//! output as a closed stream and reports success.)

use std::process::{Command, Stdio};

use crate::files::text;

const FULL_DISK: &str = "/dev/full";

/// Runs `caselens` with standard output on a full disk.
fn run_with_stdout_on_a_full_disk(arguments: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open(FULL_DISK)
        .expect("/dev/full opens for writing");
    Command::new(env!("CARGO_BIN_EXE_caselens"))
        .args(arguments)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .expect("the caselens binary runs")
}

#[test]
#[cfg(target_os = "linux")]
fn teaching_and_cohort_commands_fail_when_their_output_cannot_be_written() {
    for arguments in [
        &["check", "assets/cases/peng2020.ron"][..],
        &["episodes", "assets/cases/peng2020.ron"],
        &["cohort", "info"],
        &["cohort", "check"],
        &["cohort", "rule", "assets/cases/peng2020.ron"],
    ] {
        let output = run_with_stdout_on_a_full_disk(arguments);
        let stderr = text(&output.stderr);
        assert!(
            !output.status.success(),
            "{arguments:?} exited 0 with its output lost; stderr: {stderr}"
        );
        assert!(
            stderr.contains("could not write the output to standard output (/dev/full)"),
            "{arguments:?} does not name the file: {stderr}"
        );
    }
}

#[test]
fn the_same_commands_succeed_when_their_output_is_written() {
    let output = crate::files::caselens(&["cohort", "info"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Patients:"));
}
