//! Shared by the UI tests and the screenshot example.
#![allow(dead_code)] // each test crate uses a different part

pub mod shared;

use std::path::PathBuf;

use caselens::app::CaseLensApp;
use egui_kittest::Harness;

/// The window size screenshots and UI tests use.
pub const WINDOW_SIZE: [f32; 2] = [1280.0, 800.0];

/// A harness driving the real app, opened on `files` (the reference case when empty).
/// Autosave is off, so tests neither write to nor read from the user's recovery folder.
pub fn app_harness(files: Vec<PathBuf>) -> Harness<'static, CaseLensApp> {
    app_harness_sized(files, WINDOW_SIZE)
}

/// [`app_harness`] with a window of `size` points: a tall one keeps every plot in view, as
/// plots scrolled out of view are not laid out.
pub fn app_harness_sized(files: Vec<PathBuf>, size: [f32; 2]) -> Harness<'static, CaseLensApp> {
    Harness::builder()
        .with_size(size)
        .build_eframe(move |creation| CaseLensApp::with_options(creation, files, None))
}

/// A harness that can also render pixels, or `None` (with the reason printed) where this
/// machine has no GPU and no software Vulkan (install `mesa-vulkan-drivers` for lavapipe).
pub fn rendering_harness(files: Vec<PathBuf>) -> Option<Harness<'static, CaseLensApp>> {
    rendering_harness_sized(files, WINDOW_SIZE)
}

/// [`rendering_harness`] with a window of `size` points (a projector's 1280×720, say).
pub fn rendering_harness_sized(
    files: Vec<PathBuf>,
    size: [f32; 2],
) -> Option<Harness<'static, CaseLensApp>> {
    if let Err(reason) = probe_adapter() {
        // CI installs lavapipe (`.ci/run`): there a missing adapter is a failure, not a skip,
        // or the rendering tests would pass without drawing a pixel.
        if std::env::var("CI").is_ok_and(|value| value == "true") {
            panic!(
                "no GPU or software Vulkan adapter under CI ({reason}); .ci/run installs mesa-vulkan-drivers, so rendering tests must draw"
            );
        }
        eprintln!(
            "skipped: no GPU or software Vulkan adapter ({reason}); install mesa-vulkan-drivers"
        );
        return None;
    }
    Some(
        Harness::builder()
            .with_size(size)
            .with_pixels_per_point(1.0)
            .wgpu()
            .build_eframe(move |creation| CaseLensApp::with_options(creation, files, None)),
    )
}

fn probe_adapter() -> Result<(), String> {
    use eframe::wgpu;
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle());
    let adapters = pollster::block_on(instance.enumerate_adapters(wgpu::Backends::all()));
    if adapters.is_empty() {
        Err("wgpu found no adapter".to_owned())
    } else {
        Ok(())
    }
}

/// Path of a file in the repository.
pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Renders the app into `screenshots/NAME.png` (the screenshot examples).
pub fn save_screenshot(
    harness: &mut Harness<'static, CaseLensApp>,
    name: &str,
) -> Result<(), String> {
    let path = repo_path(&format!("screenshots/{name}.png"));
    let image = harness
        .render()
        .map_err(|error| format!("could not render {name}: {error}"))?;
    image
        .save(&path)
        .map_err(|error| format!("could not write {}: {error}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}
