//! Benchmark of the trajectory view with dense monitor data:
//! `cargo run --release --example trajectory_bench`.
//!
//! Builds a synthetic 42-day stay with four one-second vital channels (14.5 million samples)
//! beside the reference case's lab markers, saves it as a case file with an Arrow IPC file,
//! loads it back, then runs the real trajectory view headlessly for a fixed sequence of frames
//! (fit, zoom in, pans, zoom out) and reports the median CPU time per frame — once with the
//! level-of-detail summary, once with every sample handed to egui_plot (the naive baseline).
//! Then a full lab panel: a case with 74 markers (every one shown, one plot each, as a
//! 74-analyte hospital export gives), beside the reference case's lab markers alone.

use std::path::Path;
use std::time::Instant;

use caselens::analysis::lod::IndexedChannel;
use caselens::app::messages::Messages;
use caselens::app::state::Workspace;
use caselens::app::trajectory::{DenseDrawing, trajectory_drawn_ui};
use caselens::io::bundled::PENG_2020;
use caselens::io::dense_file::write_dense_file;
use caselens::io::{load_case, save_case};
use caselens::model::marker::catalog;
use caselens::model::{
    CaseTime, DenseRef, PanelLayout, Provenance, Sample, Series, Timeline, TrajectoryLayout,
};

const DAYS: i64 = 42;
const SECONDS: i64 = DAYS * 86_400;
const CHANNELS: [(&str, f64, f64); 4] = [
    ("spo2", 93.0, 3.0),
    ("heart_rate", 92.0, 12.0),
    ("respiratory_rate", 24.0, 5.0),
    ("temperature", 37.2, 0.6),
];

fn main() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let case_path = folder.path().join("dense_stay.ron");
    let build_started = Instant::now();
    write_synthetic_stay(&case_path)?;
    println!(
        "wrote synthetic stay ({} samples) in {:.2} s",
        SECONDS * 4,
        build_started.elapsed().as_secs_f64()
    );

    // Loading from disk: case file, Arrow file, values.
    let load_started = Instant::now();
    let loaded = load_case(&case_path)?;
    let load_time = load_started.elapsed();
    println!(
        "load stay from disk: {:.0} ms",
        load_time.as_secs_f64() * 1000.0
    );

    // Building the level-of-detail pyramids, and their memory against the raw series.
    let pyramid_started = Instant::now();
    let channels: Vec<IndexedChannel> = loaded
        .dense
        .values()
        .map(|samples| IndexedChannel::new(samples.clone()))
        .collect();
    let pyramid_time = pyramid_started.elapsed();
    let raw_bytes: usize = channels
        .iter()
        .map(|channel| channel.samples.len() * 16)
        .sum();
    let pyramid_bytes: usize = channels
        .iter()
        .map(|channel| channel.pyramid.memory_bytes())
        .sum();
    println!(
        "build summaries: {:.0} ms for {} samples; memory {:.1} MB = {:.2} % of the raw series ({:.0} MB)",
        pyramid_time.as_secs_f64() * 1000.0,
        channels
            .iter()
            .map(|channel| channel.samples.len())
            .sum::<usize>(),
        pyramid_bytes as f64 / 1e6,
        100.0 * pyramid_bytes as f64 / raw_bytes as f64,
        raw_bytes as f64 / 1e6
    );
    drop(channels);

    let lod = frame_times(&case_path, false, &frame_sequence(), 3, CHANNELS.len())?;
    if std::env::var_os("CASELENS_PROFILE_LOD").is_some() {
        // For a profiler: many level-of-detail frames, no baseline.
        let many: Vec<(f64, f64)> = (0..20).flat_map(|_| frame_sequence()).collect();
        let times = frame_times(&case_path, false, &many, 3, CHANNELS.len())?;
        println!("profile run: lod median {:.2} ms", median(&times) * 1000.0);
        return Ok(());
    }
    let naive_sequence: Vec<(f64, f64)> = frame_sequence().into_iter().step_by(6).collect();
    let naive = frame_times(&case_path, true, &naive_sequence, 1, CHANNELS.len())?;
    let lod_median = median(&lod);
    let naive_median = median(&naive);
    println!("lod frames: {}, naive frames: {}", lod.len(), naive.len());
    println!(
        "frame median: lod {:.2} ms, naive {:.1} ms, ratio {:.0}",
        lod_median * 1000.0,
        naive_median * 1000.0,
        naive_median / lod_median
    );

    // A full lab panel: 74 markers, every one on screen.
    let wide_path = folder.path().join("wide_panel.ron");
    write_wide_case(&wide_path, WIDE_MARKERS)?;
    let reference_path = folder.path().join("reference_labs.ron");
    save_case(&reference_path, &PENG_2020.load()?.case)?;
    let wide = frame_times(&wide_path, false, &frame_sequence(), 3, 0)?;
    let reference = frame_times(&reference_path, false, &frame_sequence(), 3, 0)?;
    println!(
        "{WIDE_MARKERS}-marker frame median: {:.2} ms (reference case's labs alone: {:.2} ms)",
        median(&wide) * 1000.0,
        median(&reference) * 1000.0
    );
    Ok(())
}

/// As many markers as the Tongji training table has analytes.
const WIDE_MARKERS: usize = 74;

/// The reference case's stay with `count` catalog markers, each sampled daily for 40 days
/// (the shape of a 74-analyte export), every marker in a plot of its own.
fn write_wide_case(path: &Path, count: usize) -> anyhow::Result<()> {
    let mut case = PENG_2020.load()?.case;
    let timeline = Timeline::for_case(&case);
    let onset = timeline
        .date_time_at(timeline.onset().unwrap_or(0.0))
        .map(|time| time.date())
        .ok_or_else(|| anyhow::anyhow!("the reference case has calendar dates"))?;
    case.series.clear();
    for (index, definition) in catalog().iter().take(count).enumerate() {
        let (low, high) = match definition.reference_for(None) {
            Some(interval) => (
                interval.low.unwrap_or(0.0),
                interval.high.unwrap_or(interval.low.unwrap_or(1.0) * 2.0),
            ),
            None => (1.0, 10.0),
        };
        let samples = (0..40)
            .map(|day| {
                let swing = ((day as f64 + index as f64) * 0.4).sin();
                let value = low + (high - low) * (0.5 + 0.8 * swing);
                Sample::new(CaseTime::Date(onset + chrono::Days::new(day)), value)
            })
            .collect();
        case.series.push(Series {
            marker: definition.id.to_owned(),
            provenance: Provenance::Reconstructed,
            samples,
            ..Series::default()
        });
    }
    case.view = Some(TrajectoryLayout {
        panels: case
            .series
            .iter()
            .map(|series| PanelLayout {
                markers: vec![series.marker.clone()],
                log_scale: false,
            })
            .collect(),
    });
    case.metadata.title = format!("Synthetic {count}-marker panel (benchmark)");
    save_case(path, &case)?;
    Ok(())
}

/// The reference case with its bedside vitals replaced by one-second channels over 42 days
/// from illness day 1.
fn write_synthetic_stay(case_path: &Path) -> anyhow::Result<()> {
    let mut case = PENG_2020.load()?.case;
    let timeline = Timeline::for_case(&case);
    let start_ms = timeline
        .epoch_ms_at(timeline.onset().unwrap_or(0.0))
        .ok_or_else(|| anyhow::anyhow!("the reference case has calendar dates"))?;
    let times_ms: Vec<i64> = (0..SECONDS)
        .map(|second| start_ms + second * 1000)
        .collect();
    let mut columns: Vec<(&str, Vec<f64>)> = Vec::new();
    for (channel_index, (name, mean, swing)) in CHANNELS.into_iter().enumerate() {
        let values = (0..SECONDS)
            .map(|second| {
                let day = second as f64 / 86_400.0;
                let slow = (day * std::f64::consts::TAU / 6.0 + channel_index as f64).sin();
                let fast = ((second * (7 + channel_index as i64)) % 113) as f64 / 113.0 - 0.5;
                // A probe off the finger for ten minutes each day: a gap, not a value.
                if name == "spo2" && second % 86_400 < 600 {
                    f64::NAN
                } else {
                    mean + swing * (0.7 * slow + 0.3 * fast)
                }
            })
            .collect();
        columns.push((name, values));
    }
    let dense_file = "dense_stay_vitals.arrow";
    let channel_refs: Vec<(&str, &[f64])> = columns
        .iter()
        .map(|(name, values)| (*name, values.as_slice()))
        .collect();
    write_dense_file(
        &case_path.with_file_name(dense_file),
        &times_ms,
        &channel_refs,
    )?;
    case.series
        .retain(|series| !CHANNELS.iter().any(|(name, _, _)| *name == series.marker));
    for (name, _, _) in CHANNELS {
        case.series.push(Series {
            marker: name.to_owned(),
            provenance: Provenance::Reconstructed,
            note: Some("Synthetic one-second monitor data for the benchmark.".to_owned()),
            dense: Some(DenseRef {
                file: dense_file.into(),
                column: name.to_owned(),
            }),
            ..Series::default()
        });
    }
    case.metadata.title = "Synthetic dense stay (benchmark)".to_owned();
    save_case(case_path, &case)?;
    Ok(())
}

/// Fit, zoom into a day, pan through it, zoom into an hour, zoom out to a week, fit again.
fn frame_sequence() -> Vec<(f64, f64)> {
    let mut ranges = vec![(-1.0, 43.0), (-1.0, 43.0)];
    for step in 0..8 {
        let start = 20.0 + step as f64 * 0.125;
        ranges.push((start, start + 1.0));
    }
    for step in 0..8 {
        let start = 21.5 + step as f64 * 0.01;
        ranges.push((start, start + 1.0 / 24.0));
    }
    for step in 0..8 {
        let start = 14.0 + step as f64 * 0.5;
        ranges.push((start, start + 7.0));
    }
    ranges.extend([(-1.0, 43.0), (0.0, 42.0)]);
    ranges
}

/// CPU time of each frame of the real trajectory view showing the case, after `warmup`
/// frames: the view's own code, egui_plot, layout and tessellation into triangles — all the
/// CPU work of a frame but the GPU upload. A bare `egui::Context` runs it, as eframe would.
fn frame_times(
    case_path: &Path,
    naive: bool,
    ranges: &[(f64, f64)],
    warmup: usize,
    dense_channels: usize,
) -> anyhow::Result<Vec<f64>> {
    let mut workspace = Workspace::default();
    workspace.try_open_file(case_path)?;
    let Some(open) = workspace.active_case_mut() else {
        anyhow::bail!("the synthetic case did not open");
    };
    let drawing = if naive {
        DenseDrawing::EverySample
    } else {
        DenseDrawing::LevelOfDetail
    };
    let mut messages = Messages::default();
    anyhow::ensure!(
        open.document.dense().len() == dense_channels,
        "all dense channels loaded"
    );

    let ctx = egui::Context::default();
    caselens::app::fonts::install_fonts(&ctx);
    // Tall enough that every plot, the four dense channels included, is on screen and drawn:
    // plots scrolled out of view are not tessellated, which would flatter the figure.
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 2400.0));
    // The pointer rests over the plots, so the cursor readout is computed every frame too.
    let pointer = egui::Pos2::new(700.0, 500.0);
    let mut frame = |open: &mut caselens::app::state::OpenCase, time: f64| {
        let input = egui::RawInput {
            screen_rect: Some(screen),
            time: Some(time),
            events: vec![egui::Event::PointerMoved(pointer)],
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                trajectory_drawn_ui(
                    ui,
                    &mut open.document,
                    &mut open.views.trajectory,
                    &mut messages,
                    drawing,
                )
            });
        });
        // No GPU here to take the font atlas; egui insists the delta is handled.
        output.textures_delta.clear();
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        primitives
            .iter()
            .map(|primitive| match &primitive.primitive {
                egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum::<usize>()
    };
    let mut time = 0.0;
    for _ in 0..warmup {
        time += 1.0 / 60.0;
        frame(open, time);
    }
    let mut times = Vec::new();
    let mut vertices = 0;
    for range in ranges {
        open.views.trajectory.pending_x_range = Some(*range);
        time += 1.0 / 60.0;
        let started = Instant::now();
        vertices += frame(open, time);
        times.push(started.elapsed().as_secs_f64());
    }
    if std::env::var_os("CASELENS_BENCH_DEBUG").is_some() {
        eprintln!("{:?}", open.views.trajectory.plot_rects());
    }
    // What was drawn, so a fast frame is known to be a full one.
    println!(
        "{}: {} vertices per frame on average; plots on screen: {} of {}",
        if naive { "naive" } else { "lod" },
        vertices / ranges.len().max(1),
        open.views
            .trajectory
            .plot_rects()
            .iter()
            .filter(|rect| screen.contains_rect(**rect))
            .count(),
        open.views.trajectory.plot_rects().len()
    );
    Ok(times)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}
