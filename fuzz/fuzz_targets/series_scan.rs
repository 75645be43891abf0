//! The CT series scanner and DICOMDIR reader on arbitrary bytes: the input is split at
//! `#SLICE#` into up to 8 files of one scratch folder (with an odd first byte, the first
//! part is the folder's DICOMDIR and the others are `IM0`, `IM1`…, the names the seeds'
//! DICOMDIR refers to); the folder is scanned, every stack found is loaded, and a slice and a
//! coronal reformat of it are windowed.
#![no_main]

use std::sync::atomic::{AtomicBool, AtomicUsize};

use caselens::io::image::series::{Plane, WindowLut, load_volume, scan_series};
use caselens::io::image::WindowPreset;
use libfuzzer_sys::fuzz_target;

#[path = "scratch.rs"]
mod scratch;

const SEPARATOR: &[u8] = b"#SLICE#";

fuzz_target!(|data: &[u8]| {
    scratch::tolerate_handled_panics();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let marker = scratch::write("marker", b"");
    let folder = marker.with_file_name("series");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("the scratch series folder");
    let with_dicomdir = mode & 1 == 1;
    for (index, part) in split(rest).into_iter().take(8).enumerate() {
        let name = match (with_dicomdir, index) {
            (true, 0) => "DICOMDIR".to_owned(),
            (true, _) => format!("IM{}", index - 1),
            (false, _) => format!("slice{index}.dcm"),
        };
        std::fs::write(folder.join(name), part).expect("a scratch slice");
    }
    let Ok(scan) = scan_series(&folder) else {
        return;
    };
    let lut = WindowLut::new(WindowPreset::Lung.window());
    for stack in &scan.series {
        let Ok(volume) = load_volume(stack, 0, &AtomicUsize::new(0), &AtomicBool::new(false), &|_, _| {}) else {
            continue;
        };
        let mut rgba = Vec::new();
        if let Some(slice) = volume.slice(0) {
            lut.to_rgba_into(slice, &mut rgba);
        }
        if let Some(coronal) = volume.plane_image(Plane::Coronal, volume.rows / 2) {
            let _ = coronal.to_square_pixels().render(&lut);
        }
    }
});

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest
        .windows(SEPARATOR.len())
        .position(|window| window == SEPARATOR)
    {
        parts.push(&rest[..at]);
        rest = &rest[at + SEPARATOR.len()..];
    }
    parts.push(rest);
    parts
}
