//! What each hostile input costs to read: peak memory and wall time, per file, measured.
//!
//! ```sh
//! cargo run --example corpus_cost            # every file of the three corpora
//! cargo run --example corpus_cost -- tests/hostile/dicom/empty.dcm   # some files only
//! ```
//!
//! Every file under `tests/hostile/*/`, `tests/fuzz_regressions/*/` and `tests/case_files/*/`
//! (the files of each reader's folder; subfolders hold what inputs refer to) is read in a child
//! process (this program again, with `--child FILE`) through the same public function the app
//! uses, so one file's peak cannot hide another's. The child prints its peak resident memory
//! (`VmHWM` in `/proc/self/status`, Linux only) after the read; the parent times the child and
//! prints a table sorted by peak memory, with a total line. An empty child (`--child` alone)
//! gives the baseline every row includes: the program's own code and libraries.
//!
//! A regression shows as a row whose peak rises above the baseline by more than the file's size
//! warrants, or whose time grows. docs/fuzzing.md ("Cost of each hostile input") keeps a
//! measured summary to compare with. Debug builds are slower and larger than release, but
//! each row is compared with the same build's baseline.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The corpora, relative to the repository.
const CORPORA: [&str; 3] = [
    "tests/hostile",
    "tests/fuzz_regressions",
    "tests/case_files",
];

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match arguments.first().map(String::as_str) {
        Some("--child") => child(arguments.get(1).map(Path::new)),
        _ => parent(&arguments),
    }
}

/// Reads one file (or nothing, for the baseline) and prints `outcome\tpeak kB`.
fn child(file: Option<&Path>) {
    let outcome = file.map_or_else(|| "baseline".to_owned(), read);
    let peak = peak_kilobytes().map_or_else(|| "?".to_owned(), |kb| kb.to_string());
    println!("{outcome}\t{peak}");
}

/// `VmHWM` (the peak resident set) of this process, in kB.
fn peak_kilobytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reads `path` as the app would, by its extension: `read` or `refused`.
fn read(path: &Path) -> String {
    use caselens::io::image::load_image;
    use caselens::io::import::{ImportOptions, import_file};
    let extension = path
        .extension()
        .map(|extension| extension.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let read = match extension.as_str() {
        // A case file, its dense files, then its study pictures as an export reads them.
        "ron" => match caselens::io::load_case(path) {
            Ok(loaded) => {
                let pictures =
                    caselens::report::images::load_milestone_images(&loaded.case, path.parent());
                let missing = pictures
                    .iter()
                    .filter(|picture| picture.thumbnail.is_err())
                    .count();
                return if missing == 0 {
                    "read".to_owned()
                } else {
                    format!("read, {missing} picture(s) not shown")
                };
            }
            Err(_) => false,
        },
        // The fuzz target's channel name; a file without it is refused like a damaged one.
        "arrow" => caselens::io::dense_file::read_dense_channel(path, "spo2").is_ok(),
        "dcm" | "png" | "jpg" | "jpeg" => load_image(path).is_ok(),
        _ => import_file(path, &ImportOptions::default()).is_ok(),
    };
    if read { "read" } else { "refused" }.to_owned()
}

/// One measured row.
struct Cost {
    file: String,
    bytes: u64,
    peak_kb: Option<u64>,
    time: Duration,
    outcome: String,
}

fn parent(files: &[String]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<PathBuf> = if files.is_empty() {
        CORPORA
            .iter()
            .flat_map(|corpus| inputs(&root.join(corpus)))
            .collect()
    } else {
        files.iter().map(PathBuf::from).collect()
    };
    let baseline = measure(None, root);
    let mut costs: Vec<Cost> = files.iter().map(|file| measure(Some(file), root)).collect();
    costs.sort_by(|a, b| b.peak_kb.cmp(&a.peak_kb).then(b.time.cmp(&a.time)));

    println!(
        "baseline (an empty child): peak {} MiB, {} ms\n",
        mib(baseline.peak_kb),
        baseline.time.as_millis()
    );
    println!(
        "{:>10} {:>12} {:>9} {:>10}  {:<30} file",
        "peak MiB", "above base", "ms", "bytes", "outcome"
    );
    for cost in &costs {
        println!(
            "{:>10} {:>12} {:>9} {:>10}  {:<30} {}",
            mib(cost.peak_kb),
            mib(cost
                .peak_kb
                .zip(baseline.peak_kb)
                .map(|(peak, base)| peak.saturating_sub(base))),
            cost.time.as_millis(),
            cost.bytes,
            cost.outcome,
            cost.file
        );
    }
    let total_time: Duration = costs.iter().map(|cost| cost.time).sum();
    let slowest = costs.iter().max_by_key(|cost| cost.time);
    println!(
        "\ntotal: {} files, {} bytes, {:.1} s; highest peak {} MiB ({}), slowest {} ms ({})",
        costs.len(),
        costs.iter().map(|cost| cost.bytes).sum::<u64>(),
        total_time.as_secs_f64(),
        mib(costs.first().and_then(|cost| cost.peak_kb)),
        costs.first().map_or("", |cost| cost.file.as_str()),
        slowest.map_or(0, |cost| cost.time.as_millis()),
        slowest.map_or("", |cost| cost.file.as_str()),
    );
}

/// The input files of a corpus: the files of each of its folders, sorted (`.expected` files,
/// subfolders and files at the top, such as a generator script, are not inputs).
fn inputs(corpus: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(folders) = std::fs::read_dir(corpus) else {
        eprintln!("{}: not found, skipped", corpus.display());
        return files;
    };
    for folder in folders.flatten().map(|entry| entry.path()) {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        files.extend(
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.is_file())
                .filter(|path| {
                    path.extension()
                        .is_none_or(|extension| extension != "expected")
                }),
        );
    }
    files.sort();
    files
}

/// Runs the child on `file` (or on nothing) and times it.
fn measure(file: Option<&PathBuf>, root: &Path) -> Cost {
    let mut command =
        Command::new(std::env::current_exe().unwrap_or_else(|_| "corpus_cost".into()));
    command.arg("--child");
    if let Some(file) = file {
        command.arg(file);
    }
    // Without this, a panic a reader catches (docs/fuzzing.md) symbolises a backtrace when the
    // caller's environment asks for one, and the row would show the debugger's 70 MB, not the
    // reader's.
    command.env("RUST_BACKTRACE", "0");
    let started = Instant::now();
    let output = command.output();
    let time = started.elapsed();
    let (outcome, peak_kb) = match &output {
        Ok(output) if output.status.success() => {
            let text = String::from_utf8_lossy(&output.stdout);
            let mut fields = text.trim().split('\t');
            let mut outcome = fields.next().unwrap_or("?").to_owned();
            // A third-party decoder's panic, caught by the reader: worth reporting upstream.
            if String::from_utf8_lossy(&output.stderr).contains("panicked at") {
                outcome.push_str(" (caught a panic)");
            }
            (outcome, fields.next().and_then(|peak| peak.parse().ok()))
        }
        // A crash (or an abort on a failed allocation) is what this table exists to show.
        Ok(output) => (format!("CRASHED ({})", output.status), None),
        Err(error) => (format!("not run ({error})"), None),
    };
    Cost {
        file: file.map_or_else(String::new, |file| {
            file.strip_prefix(root)
                .unwrap_or(file)
                .display()
                .to_string()
        }),
        bytes: file
            .and_then(|file| std::fs::metadata(file).ok())
            .map_or(0, |metadata| metadata.len()),
        peak_kb,
        time,
        outcome,
    }
}

fn mib(kilobytes: Option<u64>) -> String {
    kilobytes.map_or_else(|| "?".to_owned(), |kb| format!("{:.1}", kb as f64 / 1024.0))
}
