//! Import speed: the real 375-patient Tongji training workbook (74 analytes) imported and its
//! 375 case files written (the target: under 0.5 s, with peak memory reported), the
//! 110-patient Tongji workbook and a generated 1,000-patient, 100,000-row CSV, each through
//! the full importer (read, detect, convert, build and validate every case), against a naive
//! baseline measured in the same run.
//!
//! The baseline is the straightforward importer one writes first: every cell copied into a
//! `String`, and for each patient a pass over all rows to find theirs, then a sort. It does
//! less than the real importer (no mapping, units, censoring or validation) and still loses
//! on the large table, because its work grows with patients × rows.
//!
//! Run with `cargo run --release --example import_bench`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use caselens::io::import::{ImportOptions, LoadedExport, import_file};
use caselens::io::to_canonical_text;

const PATIENTS: usize = 1_000;
const ROWS_PER_PATIENT: usize = 100;

fn main() {
    let tongji = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/tables/tongji_test_110.xlsx");
    let folder = std::env::temp_dir().join(format!("caselens-import-bench-{}", std::process::id()));
    if let Err(error) = std::fs::create_dir_all(&folder) {
        eprintln!("cannot create {}: {error}", folder.display());
        return;
    }
    let generated = folder.join("generated_1000_patients.csv");
    if let Err(error) = std::fs::write(&generated, generate_table()) {
        eprintln!("cannot write {}: {error}", generated.display());
        return;
    }

    println!("import benchmark (release build expected; times are the median of several runs)");
    let training = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/tables/tongji_train_375.xlsx");
    if training.exists() {
        bench_import_and_write(&training, &folder);
    } else {
        println!("skipped Tongji training workbook: ../shared not found");
    }
    if tongji.exists() {
        bench(
            "Tongji workbook, 110 patients, 757 rows",
            &tongji,
            20,
            Some(naive_workbook),
        );
    } else {
        println!("skipped Tongji workbook: ../shared not found");
    }
    bench(
        "generated CSV, 1,000 patients, 100,000 rows",
        &generated,
        5,
        Some(naive_csv),
    );
    let _ = std::fs::remove_dir_all(&folder);
}

/// The 375-patient workbook to 375 case files on disk, as `caselens import` does it, beside
/// the naive importer writing the same number of files; then the process's peak memory.
fn bench_import_and_write(path: &Path, folder: &Path) {
    const RUNS: usize = 5;
    let out = folder.join("cases");
    let options = ImportOptions {
        mapping: vec![
            "gender=sex:1=male,2=female"
                .parse()
                .expect("a valid mapping"),
        ],
        ..ImportOptions::default()
    };
    let mut times = Vec::new();
    let mut written = 0;
    let mut markers = 0;
    for _ in 0..RUNS {
        let _ = std::fs::remove_dir_all(&out);
        let start = Instant::now();
        let outcome = match import_file(path, &options) {
            Ok(outcome) => outcome,
            Err(error) => {
                println!("Tongji training workbook: {error}");
                return;
            }
        };
        match write_cases(&outcome.patients, &out) {
            Ok(count) => written = count,
            Err(error) => {
                println!("Tongji training workbook: {error}");
                return;
            }
        }
        times.push(start.elapsed());
        markers = outcome
            .patients
            .iter()
            .map(|patient| patient.case.series.len())
            .max()
            .unwrap_or(0);
    }
    let mut naive_times = Vec::new();
    let mut naive_files = 0;
    for _ in 0..RUNS.min(3) {
        let _ = std::fs::remove_dir_all(&out);
        let start = Instant::now();
        naive_files = naive_import_and_write(path, &out);
        naive_times.push(start.elapsed());
    }
    let _ = std::fs::remove_dir_all(&out);
    println!(
        "Tongji training workbook, 375 patients, 6,120 rows × 81 columns, imported and written:"
    );
    println!(
        "  CaseLens importer + atomic case files: {} ({written} case files, up to {markers} markers a case; target < 500 ms)",
        show(median(times))
    );
    println!(
        "  naive baseline (strings, one pass over all rows per patient, atomic files): {} ({naive_files} files)",
        show(median(naive_times))
    );
    println!("  peak memory so far (VmHWM): {}", peak_memory());
}

/// Writes every case as `caselens import` does: atomically, on as many threads as there are
/// cores, since each file's fsyncs are what take the time.
fn write_cases(
    patients: &[caselens::io::import::ImportedPatient],
    out: &Path,
) -> Result<usize, String> {
    std::fs::create_dir_all(out).map_err(|error| error.to_string())?;
    let jobs: Vec<_> = patients
        .iter()
        .map(|patient| {
            (
                out.join(format!("{}.ron", patient.file_stem)),
                &patient.case,
            )
        })
        .collect();
    caselens::io::save_many::save_cases(&jobs).map_err(|failure| failure.error.to_string())
}

/// The naive importer, then one atomic file per patient holding its values as debug text.
fn naive_import_and_write(path: &Path, out: &Path) -> usize {
    use calamine::{Reader, open_workbook_auto};
    let Ok(mut workbook) = open_workbook_auto(path) else {
        return 0;
    };
    let Some(Ok(range)) = workbook.worksheet_range_at(0) else {
        return 0;
    };
    let rows: Vec<Vec<String>> = range
        .rows()
        .skip(1)
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect();
    let _ = std::fs::create_dir_all(out);
    let mut ids: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut filled = rows;
    for row in &mut filled {
        match row.first_mut() {
            Some(id) if id.is_empty() => id.clone_from(&current),
            Some(id) => current.clone_from(id),
            None => {}
        }
        if let Some(id) = row.first()
            && !ids.contains(id)
        {
            ids.push(id.clone());
        }
    }
    for (index, id) in ids.iter().enumerate() {
        let mine: Vec<&Vec<String>> = filled
            .iter()
            .filter(|row| row.first() == Some(id))
            .collect();
        let text = format!("{mine:?}");
        let file = out.join(format!("naive_{index:03}.txt"));
        if caselens::io::atomic::write_atomic(&file, text.as_bytes()).is_err() {
            return index;
        }
    }
    ids.len()
}

/// Peak resident memory of this process, from /proc/self/status (Linux).
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .map(|line| line.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "not available".to_owned())
}

fn bench(name: &str, path: &Path, runs: usize, naive: Option<fn(&Path) -> usize>) {
    let options = ImportOptions::default();
    let mut import_times = Vec::new();
    let mut patients = 0;
    let mut samples = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let outcome = match import_file(path, &options) {
            Ok(outcome) => outcome,
            Err(error) => {
                println!("{name}: {error}");
                return;
            }
        };
        import_times.push(start.elapsed());
        patients = outcome.patients.len();
        samples = outcome
            .patients
            .iter()
            .flat_map(|patient| &patient.case.series)
            .map(|series| series.samples.len())
            .sum();
    }
    let (read, detect, build) = phases(path, &options);
    let serialise_start = Instant::now();
    if let Ok(outcome) = import_file(path, &options) {
        for patient in &outcome.patients {
            let _ = to_canonical_text(&patient.case);
        }
    }
    let serialise = serialise_start.elapsed();
    println!("{name}:");
    println!(
        "  CaseLens importer: {} ({patients} validated cases, {samples} samples)",
        show(median(import_times))
    );
    println!(
        "    of which read {}, detect mapping {}, build and validate cases {}",
        show(read),
        show(detect),
        show(build)
    );
    println!("  + case-file text for every case: {}", show(serialise));
    if let Some(naive) = naive {
        let mut naive_times = Vec::new();
        let mut naive_samples = 0;
        for _ in 0..runs.min(3) {
            let start = Instant::now();
            naive_samples = naive(path);
            naive_times.push(start.elapsed());
        }
        println!(
            "  naive baseline (strings, one pass over all rows per patient): {} ({naive_samples} values)",
            show(median(naive_times))
        );
    }
}

/// One import timed step by step.
fn phases(path: &Path, options: &ImportOptions) -> (Duration, Duration, Duration) {
    let start = Instant::now();
    let Ok(export) = LoadedExport::read(path, None) else {
        return Default::default();
    };
    let read = start.elapsed();
    let start = Instant::now();
    let Ok(mapping) = export.detect_mapping(&[]) else {
        return Default::default();
    };
    let detect = start.elapsed();
    let start = Instant::now();
    let _ = export.build(&mapping, options);
    (read, detect, start.elapsed())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn show(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// A deterministic wide export: ids only on each patient's first row, units in headers,
/// a few censored values and placeholders, as real exports have.
fn generate_table() -> String {
    let mut text = String::from(
        "PATIENT_ID,RE_DATE,CRP (mg/dL),Lactate dehydrogenase,Lymphocytes (cells/uL),D-dimer (ng/mL FEU),IL-6 (pg/mL),Admission time,Discharge time,outcome\n",
    );
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as f64 / f64::from(u32::MAX >> 1)
    };
    for patient in 1..=PATIENTS {
        let admission_day = 1 + patient % 28;
        for row in 0..ROWS_PER_PATIENT {
            let id = if row == 0 {
                patient.to_string()
            } else {
                String::new()
            };
            let minutes = row * 173;
            let (day, hour, minute) = (
                admission_day + minutes / 1440,
                (minutes / 60) % 24,
                minutes % 60,
            );
            let month_day = (day - 1) % 28 + 1;
            let month = 2 + (day - 1) / 28;
            let crp = if next() < 0.02 {
                "<0.5".to_owned()
            } else {
                format!("{:.1}", next() * 30.0)
            };
            let il6 = if next() < 0.01 {
                ">5000".to_owned()
            } else {
                format!("{:.1}", next() * 300.0)
            };
            let ldh = if next() < 0.01 {
                "-".to_owned()
            } else {
                format!("{:.0}", 150.0 + next() * 800.0)
            };
            let _ = writeln!(
                text,
                "{id},2020-{month:02}-{month_day:02} {hour:02}:{minute:02}:00,{crp},{ldh},{:.0},{:.0},{il6},2020-02-{admission_day:02} 08:00:00,2020-05-{:02} 12:00:00,{}",
                200.0 + next() * 2000.0,
                100.0 + next() * 5000.0,
                1 + patient % 28,
                u8::from(patient % 9 == 0)
            );
        }
    }
    text
}

/// The straightforward importer: strings everywhere, and one pass over all rows per patient.
fn naive_csv(path: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(path) else {
        return 0;
    };
    let rows: Vec<Vec<String>> = text
        .lines()
        .skip(1)
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect();
    naive_cases(rows, 5)
}

fn naive_workbook(path: &Path) -> usize {
    use calamine::{Reader, open_workbook_auto};
    let Ok(mut workbook) = open_workbook_auto(path) else {
        return 0;
    };
    let Some(Ok(range)) = workbook.worksheet_range_at(0) else {
        return 0;
    };
    let rows = range
        .rows()
        .skip(1)
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect();
    naive_cases(rows, 3)
}

/// `markers` columns after the id and time columns hold values.
fn naive_cases(mut rows: Vec<Vec<String>>, markers: usize) -> usize {
    let mut current = String::new();
    for row in &mut rows {
        match row.first_mut() {
            Some(id) if id.is_empty() => id.clone_from(&current),
            Some(id) => current.clone_from(id),
            None => {}
        }
    }
    let mut ids: Vec<String> = Vec::new();
    for row in &rows {
        if let Some(id) = row.first()
            && !ids.contains(id)
        {
            ids.push(id.clone());
        }
    }
    let mut values = 0;
    for id in &ids {
        let mut series: HashMap<usize, Vec<(String, f64)>> = HashMap::new();
        for row in rows.iter().filter(|row| row.first() == Some(id)) {
            let time = row.get(1).cloned().unwrap_or_default();
            for (column, cell) in row.iter().enumerate().skip(2).take(markers) {
                if let Ok(value) = cell.trim_start_matches(['<', '>']).parse::<f64>() {
                    series
                        .entry(column)
                        .or_default()
                        .push((time.clone(), value));
                }
            }
        }
        for samples in series.values_mut() {
            samples.sort_by(|a, b| a.0.cmp(&b.0));
            values += samples.len();
        }
    }
    values
}
