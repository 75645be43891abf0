//! How long a large radiograph takes to open: decode + window + texture-ready RGBA buffer,
//! the work between "open image" and the first picture in the viewer.
//! `cargo run --release --example image_bench` (needs `../shared/fixtures/dicom`).
//!
//! Measured against a naive baseline in the same run: dicom-pixeldata's own route to a
//! picture (`decode_pixel_data` → `to_vec_frame_with_options` with its VOI LUT → RGBA), which is what
//! one would write without our decoder; and decoding alone against the library's decoding to
//! modality values (`to_vec_frame` as f32, rescale applied). Also a 2000×2000 16-bit PNG.

use std::path::Path;
use std::time::{Duration, Instant};

use caselens::app::imaging::color_image;
use caselens::io::image::{load_image, render_frame};
use dicom_pixeldata::{ConvertOptions, PixelDecoder, VoiLutOption};

const RUNS: usize = 15;
/// A common texture limit; larger images are shrunk for display.
const MAX_TEXTURE_SIDE: usize = 8192;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(mut run: impl FnMut() -> usize) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        size = run();
        times.push(start.elapsed());
    }
    (median(times), size)
}

/// Ours: what the viewer's decoding thread does before the UI gets a texture.
fn caselens_open(path: &Path) -> usize {
    let image = load_image(path).unwrap_or_else(|error| panic!("{error}"));
    let rendered = render_frame(&image, 0, image.default_voi).expect("frame 0");
    let texture = color_image(&rendered, MAX_TEXTURE_SIDE);
    texture.pixels.len()
}

/// Ours, decoding only: modality values of every frame.
fn caselens_decode(path: &Path) -> usize {
    let image = load_image(path).unwrap_or_else(|error| panic!("{error}"));
    image.frames.len()
}

/// The library's own decoding to modality values (rescale applied), as 32-bit floats like ours.
fn library_decode(path: &Path) -> usize {
    let object = dicom_object::open_file(path).expect("opens");
    let decoded = object.decode_pixel_data().expect("decodes");
    let options = ConvertOptions::new().with_voi_lut(VoiLutOption::Identity);
    let values: Vec<f32> = decoded
        .to_vec_frame_with_options(0, &options)
        .expect("converts");
    values.len()
}

/// The baseline: the DICOM library's generic path to an RGBA picture.
fn library_open(path: &Path) -> usize {
    let object = dicom_object::open_file(path).expect("opens");
    let decoded = object.decode_pixel_data().expect("decodes");
    let options = ConvertOptions::new().with_voi_lut(VoiLutOption::First);
    // 16-bit output: the library's window LUT into u8 fails on this file's window.
    let gray: Vec<u16> = decoded
        .to_vec_frame_with_options(0, &options)
        .expect("converts");
    let rgba: Vec<u8> = gray
        .iter()
        .flat_map(|level| {
            let level = (level >> 8) as u8;
            [level, level, level, 255]
        })
        .collect();
    let texture = egui::ColorImage::from_rgba_unmultiplied(
        [decoded.columns() as usize, decoded.rows() as usize],
        &rgba,
    );
    texture.pixels.len()
}

fn main() {
    if cfg!(debug_assertions) {
        eprintln!("note: a debug build; run with --release for the figures that count");
    }
    let radiograph =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/dicom/RG1_UNCR.dcm");
    if !radiograph.exists() {
        eprintln!("skipped: ../shared not found");
        return;
    }
    println!("median of {RUNS} runs, decode + window + texture-ready RGBA");
    let (ours, pixels) = time(|| caselens_open(&radiograph));
    println!("RG1_UNCR.dcm 1841×1955 16-bit CR  caselens:  {ours:>10.1?}  ({pixels} px)");
    let (baseline, pixels) = time(|| library_open(&radiograph));
    println!("RG1_UNCR.dcm 1841×1955 16-bit CR  baseline:  {baseline:>10.1?}  ({pixels} px)");
    println!("median of {RUNS} runs, decode only (modality values as f32)");
    let (ours, _) = time(|| caselens_decode(&radiograph));
    println!("RG1_UNCR.dcm 1841×1955 16-bit CR  caselens:  {ours:>10.1?}");
    let (baseline, _) = time(|| library_decode(&radiograph));
    println!("RG1_UNCR.dcm 1841×1955 16-bit CR  baseline:  {baseline:>10.1?}");

    let folder = tempfile::tempdir().expect("temporary folder");
    let png = folder.path().join("ramp16.png");
    image::ImageBuffer::<image::Luma<u16>, Vec<u16>>::from_fn(2000, 2000, |x, y| {
        image::Luma([((x * 31 + y * 17) % 65536) as u16])
    })
    .save(&png)
    .expect("writes the PNG");
    let (ours, pixels) = time(|| caselens_open(&png));
    println!("2000×2000 16-bit PNG              caselens:  {ours:>10.1?}  ({pixels} px)");
}
