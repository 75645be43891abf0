//! Cohort bands (median and IQR by hospital day, both outcomes, every analyte): the bundled
//! Tongji cohort (target < 100 ms) and a generated 10,000-patient cohort (target < 2 s), each
//! beside a naive per-patient baseline in the same run, whose results must be identical.
//! Then frames of the cohort view (every patient's course of three markers, the pointer
//! sweeping over the plots, layout and tessellation included) on both cohorts, its geometry
//! kept per (marker, filter) as in the app, beside a naive view that builds it every frame.
//!
//! `cargo run --release --example cohort_bench`

use std::collections::HashMap;
use std::time::{Duration, Instant};

use caselens::analysis::cohort::bands::{
    AnalyteBands, MIN_PATIENTS_PER_DAY, all_bands, hospital_day, quantile_of_sorted,
};
use caselens::app::cohort_view::{CohortViewState, cohort_ui};
use caselens::io::cohort_file::bundled_tongji;
use caselens::model::{AnalyteSamples, Cohort, CohortAnalyte, CohortOutcome, CohortPatient};

/// The baseline: each patient's samples gathered into a per-day map, then for every outcome
/// and day every patient asked for their value, and the values sorted.
fn naive_bands(cohort: &Cohort) -> Vec<AnalyteBands> {
    let mut result = Vec::new();
    for (index, analyte) in cohort.analytes.iter().enumerate() {
        let samples = &analyte.samples;
        let mut per_patient: Vec<HashMap<i32, (i64, f64)>> =
            vec![HashMap::new(); cohort.patients.len()];
        for row in 0..samples.len() {
            let seconds = samples.seconds_from_admission[row];
            let day = hospital_day(seconds);
            let days = &mut per_patient[samples.patient[row] as usize];
            let entry = days.entry(day).or_insert((seconds, samples.value[row]));
            if seconds >= entry.0 {
                *entry = (seconds, samples.value[row]);
            }
        }
        let mut all_days: Vec<i32> = per_patient
            .iter()
            .flat_map(|days| days.keys().copied())
            .collect();
        all_days.sort_unstable();
        all_days.dedup();
        let mut bands = AnalyteBands {
            analyte: index,
            ..AnalyteBands::default()
        };
        for outcome in CohortOutcome::BOTH {
            for &day in &all_days {
                let mut values: Vec<f64> = cohort
                    .patients
                    .iter()
                    .zip(&per_patient)
                    .filter(|(patient, _)| patient.outcome == outcome)
                    .filter_map(|(_, days)| days.get(&day).map(|(_, value)| *value))
                    .collect();
                if values.is_empty() {
                    continue;
                }
                values.sort_by(f64::total_cmp);
                let band = caselens::analysis::cohort::bands::DayBand {
                    hospital_day: day,
                    patients: values.len(),
                    lower_quartile: quantile_of_sorted(&values, 0.25),
                    median: quantile_of_sorted(&values, 0.5),
                    upper_quartile: quantile_of_sorted(&values, 0.75),
                    drawn: values.len() >= MIN_PATIENTS_PER_DAY,
                };
                match outcome {
                    CohortOutcome::Survived => bands.survived.push(band),
                    CohortOutcome::Died => bands.died.push(band),
                }
            }
        }
        result.push(bands);
    }
    result
}

/// A deterministic pseudo-random cohort: stays of 3–40 days, each analyte sampled every one
/// to three days with a second sample on some days.
fn generated_cohort(patients: usize, analytes: usize) -> Cohort {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let admission = chrono::NaiveDate::from_ymd_opt(2020, 2, 1)
        .and_then(|date| date.and_hms_opt(8, 0, 0))
        .unwrap_or_default();
    let cohort_patients: Vec<CohortPatient> = (0..patients)
        .map(|index| CohortPatient {
            id: format!("G{index}"),
            outcome: if next() % 2 == 0 {
                CohortOutcome::Survived
            } else {
                CohortOutcome::Died
            },
            age_years: Some(20 + (next() % 70) as u32),
            sex: None,
            admission,
            end: None,
        })
        .collect();
    let stays: Vec<i64> = (0..patients).map(|_| 3 + (next() % 38) as i64).collect();
    let cohort_analytes = (0..analytes)
        .map(|analyte| {
            let mut samples = AnalyteSamples::default();
            for (patient, &stay) in stays.iter().enumerate() {
                let mut seconds = (next() % 86_400) as i64 - 43_200;
                while seconds < stay * 86_400 {
                    let value = 10.0 + (next() % 10_000) as f64 / 10.0;
                    samples.push(patient as u32, seconds, value);
                    if next() % 4 == 0 {
                        samples.push(patient as u32, seconds + 3_600, value * 1.1);
                    }
                    seconds += 86_400 * (1 + (next() % 3) as i64) + (next() % 3_600) as i64;
                }
            }
            CohortAnalyte {
                // The first three are the markers the cohort view opens on.
                marker: ["ldh", "hs_crp", "lymphocytes_percent"]
                    .get(analyte)
                    .map_or_else(|| format!("analyte_{analyte}"), |id| (*id).to_owned()),
                name: format!("Analyte {analyte}"),
                unit: "U/L".to_owned(),
                samples,
            }
        })
        .collect();
    Cohort {
        name: "generated".to_owned(),
        attribution: "generated for the benchmark".to_owned(),
        patients: cohort_patients,
        analytes: cohort_analytes,
    }
}

fn median_time(
    runs: usize,
    mut work: impl FnMut() -> Vec<AnalyteBands>,
) -> (Duration, Vec<AnalyteBands>) {
    let mut times = Vec::new();
    let mut last = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        last = work();
        times.push(start.elapsed());
    }
    times.sort();
    (times[times.len() / 2], last)
}

fn report(label: &str, cohort: &Cohort, runs: usize, naive_runs: usize) {
    let (fast, fast_bands) = median_time(runs, || all_bands(cohort, MIN_PATIENTS_PER_DAY));
    let (naive, naive_bands) = median_time(naive_runs, || naive_bands(cohort));
    assert_eq!(
        fast_bands, naive_bands,
        "the baseline and the real bands differ"
    );
    let days: usize = fast_bands
        .iter()
        .map(|bands| bands.survived.len() + bands.died.len())
        .sum();
    println!(
        "{label}: {} patients, {} analytes, {} samples, {days} day bands: bands {:.2} ms, naive {:.2} ms, ratio {:.1}",
        cohort.patients.len(),
        cohort.analytes.len(),
        cohort.sample_count(),
        fast.as_secs_f64() * 1000.0,
        naive.as_secs_f64() * 1000.0,
        naive.as_secs_f64() / fast.as_secs_f64()
    );
}

fn main() {
    let start = Instant::now();
    let bundled = match bundled_tongji() {
        Ok(cohort) => cohort,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    };
    println!(
        "bundled cohort parsed in {:.2} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    report("bundled Tongji", &bundled, 21, 5);
    let start = Instant::now();
    let generated = generated_cohort(10_000, 74);
    println!(
        "generated cohort built in {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    report("generated", &generated, 3, 1);
    frames("bundled Tongji", &bundled, 120);
    frames("generated", &generated, 12);
}

const WARMUP_FRAMES: usize = 5;

/// Median CPU time of a frame of the cohort view, and how often its geometry was built.
fn view_frames(cohort: &Cohort, frames: usize, naive: bool) -> (Duration, u64) {
    let ctx = egui::Context::default();
    caselens::app::fonts::install_fonts(&ctx);
    let mut state = CohortViewState::rebuilding_every_frame(naive);
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0));
    let mut times = Vec::with_capacity(frames);
    for frame in 0..WARMUP_FRAMES + frames {
        // The pointer sweeps across the plots, as a reviewer looking for a patient does.
        let x = 300.0 + (frame % 100) as f32 * 9.0;
        let input = egui::RawInput {
            screen_rect: Some(screen),
            time: Some(frame as f64 / 60.0),
            events: vec![egui::Event::PointerMoved(egui::Pos2::new(x, 400.0))],
            ..Default::default()
        };
        let started = Instant::now();
        let mut output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                cohort_ui(ui, cohort, None, &mut state);
            });
        });
        // No GPU here to take the font atlas; egui insists the delta is handled.
        output.textures_delta.clear();
        std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
        if frame >= WARMUP_FRAMES {
            times.push(started.elapsed());
        }
    }
    times.sort();
    (times[times.len() / 2], state.geometry_builds())
}

fn frames(label: &str, cohort: &Cohort, count: usize) {
    let (kept, kept_builds) = view_frames(cohort, count, false);
    let (naive, naive_builds) = view_frames(cohort, count, true);
    println!(
        "cohort view, {label}: {} patients, frame median {:.2} ms (geometry built {kept_builds} times), naive {:.2} ms (built {naive_builds} times), ratio {:.1}",
        cohort.patients.len(),
        kept.as_secs_f64() * 1000.0,
        naive.as_secs_f64() * 1000.0,
        naive.as_secs_f64() / kept.as_secs_f64()
    );
}
