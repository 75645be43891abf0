//! CT series speed: scan + parallel decode of a stack into 16-bit HU (through the worker
//! thread the viewer uses), first slice on screen, slice change (window/level to RGBA) and
//! coronal/sagittal reformats, beside a naive single-threaded loader (each file through the
//! single-image decoder, in file order, sorted afterwards, f32 values) in the same run.
//!
//! ```sh
//! cargo run --release --example series_bench
//! ```
//! Series: the bundled LIDC-IDRI 133-slice chest CT (when `../shared` is present) and
//! generated 300- and 600-slice 512×512 phantoms (written to a temporary folder first).

#[path = "../tests/support/ct_phantom.rs"]
mod ct_phantom;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use caselens::io::image::series::{LoadEvent, Plane, SeriesLoader, Volume, WindowLut, scan_series};
use caselens::io::image::{FramePixels, WindowPreset, load_image, render_frame};

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/dicom/ct_series/lidc_idri_0001");
    if shared.exists() {
        bench("LIDC-IDRI-0001 (133 slices, real)", &shared);
    } else {
        println!("skipped the real series: {} not found", shared.display());
    }
    let scratch = tempfile::tempdir().expect("a temporary folder");
    for slices in [300, 600] {
        let folder = scratch.path().join(format!("phantom-{slices}"));
        let phantom =
            ct_phantom::Phantom::new(512, slices, &format!("1.2.826.0.1.3680043.10.{slices}"));
        let started = Instant::now();
        phantom.write_all(&folder);
        println!(
            "generated {slices} slices of 512×512 in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        // Drop the page cache's advantage of having just written them? Not possible without
        // root tools; both loaders below read the same cached files, so the comparison holds.
        bench(&format!("phantom ({slices} slices, generated)"), &folder);
    }
}

fn bench(name: &str, folder: &Path) {
    println!("\n== {name}");
    // CaseLens: scan headers, then decode on the worker thread.
    let started = Instant::now();
    let scan = scan_series(folder).expect("the folder scans");
    let scanned = started.elapsed();
    let stack = scan
        .series
        .into_iter()
        .max_by_key(|series| series.slices.len())
        .expect("a series");
    let slices = stack.slices.len();
    let loader = SeriesLoader::start(stack, slices / 2);
    let mut first = None;
    let volume = loop {
        match loader.wait_event() {
            Some(LoadEvent::FirstSlice { .. }) => first = Some(started.elapsed()),
            Some(LoadEvent::Finished(outcome)) => break outcome.expect("the series loads"),
            None => panic!("the loader stopped"),
        }
    };
    let ready = started.elapsed();
    println!(
        "caselens: scan {} ms, first slice {} ms, ready {} ms ({} MB in memory)",
        ms(scanned),
        first.map_or("-".to_owned(), ms),
        ms(ready),
        volume.memory_bytes() / 1_000_000
    );

    // Naive: every file through the single-image decoder, one after another, then sorted.
    let started = Instant::now();
    let naive = naive_load(folder);
    let naive_first = naive.first_slice;
    let naive_ready = started.elapsed();
    println!(
        "naive:    first slice {} ms, ready {} ms ({} MB in memory)",
        ms(naive_first),
        ms(naive_ready),
        naive.bytes / 1_000_000
    );

    // Slice change: window/level of one slice to RGBA, the viewer's per-slice CPU work.
    let lut = WindowLut::new(WindowPreset::Lung.window());
    let mut rgba = Vec::new();
    let change = median_of(slices.min(60), |index| {
        let values = volume
            .slice(index * slices / slices.min(60))
            .expect("a slice");
        lut.to_rgba_into(values, &mut rgba);
    });
    let naive_change = median_of(slices.min(60), |index| {
        let frame = &naive.frames[index * slices / slices.min(60)];
        let rendered = render_frame(frame, 0, WindowPreset::Lung.window()).expect("renders");
        std::hint::black_box(rendered.to_rgba());
    });
    println!(
        "slice change: caselens {:.2} ms, naive {:.2} ms",
        change.as_secs_f64() * 1e3,
        naive_change.as_secs_f64() * 1e3
    );

    for plane in [Plane::Coronal, Plane::Sagittal] {
        let reformat = median_of(5, |run| {
            let index = volume.plane_count(plane) / 2 + run;
            std::hint::black_box(volume.plane_image(plane, index));
        });
        let naive_reformat = median_of(5, |run| {
            std::hint::black_box(naive_reformat(
                &naive,
                &volume,
                plane,
                volume.plane_count(plane) / 2 + run,
            ));
        });
        println!(
            "{} reformat: caselens {:.2} ms, naive {:.2} ms",
            plane.label(),
            reformat.as_secs_f64() * 1e3,
            naive_reformat.as_secs_f64() * 1e3
        );
    }
    println!(
        "summary {name}: ready {} ms (naive {} ms), first slice {} ms, slice change {:.2} ms",
        ms(ready),
        ms(naive_ready),
        first.map_or("-".to_owned(), ms),
        change.as_secs_f64() * 1e3
    );
}

struct NaiveStack {
    frames: Vec<caselens::io::image::DecodedImage>,
    first_slice: Duration,
    bytes: usize,
}

fn naive_load(folder: &Path) -> NaiveStack {
    let started = Instant::now();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("the folder reads")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    paths.sort();
    let mut first_slice = None;
    let mut decoded = Vec::new();
    for path in paths {
        let Ok(image) = load_image(&path) else {
            continue;
        };
        first_slice.get_or_insert_with(|| started.elapsed());
        let z = header_z(&path);
        decoded.push((z, image));
    }
    decoded.sort_by(|a, b| a.0.total_cmp(&b.0));
    let bytes = decoded
        .iter()
        .map(|(_, image)| image.width() as usize * image.height() as usize * 4)
        .sum();
    NaiveStack {
        frames: decoded.into_iter().map(|(_, image)| image).collect(),
        first_slice: first_slice.unwrap_or_default(),
        bytes,
    }
}

/// The naive loader's order: the z of ImagePositionPatient, read again per file.
fn header_z(path: &Path) -> f64 {
    use dicom_dictionary_std::tags;
    dicom_object::OpenFileOptions::new()
        .read_until(tags::PIXEL_DATA)
        .open_file(path)
        .ok()
        .and_then(|object| {
            object
                .element(tags::IMAGE_POSITION_PATIENT)
                .ok()?
                .to_multi_float64()
                .ok()
        })
        .and_then(|position| position.get(2).copied())
        .unwrap_or(0.0)
}

/// A reformat gathered voxel by voxel from the per-file f32 frames, bounds-checked.
fn naive_reformat(naive: &NaiveStack, volume: &Volume, plane: Plane, index: usize) -> Vec<f32> {
    let (columns, rows) = (volume.columns, volume.rows);
    let mut out = Vec::new();
    for frame in naive.frames.iter().rev() {
        let Some(FramePixels::Gray(values)) = frame.frame(0) else {
            continue;
        };
        match plane {
            Plane::Coronal => (0..columns)
                .for_each(|x| out.push(values.get(index * columns + x).copied().unwrap_or(0.0))),
            _ => (0..rows)
                .for_each(|y| out.push(values.get(y * columns + index).copied().unwrap_or(0.0))),
        }
    }
    out
}

fn median_of(runs: usize, mut run: impl FnMut(usize)) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|index| {
            let started = Instant::now();
            run(index);
            started.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.0}", duration.as_secs_f64() * 1e3)
}
