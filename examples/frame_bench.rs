//! CPU time per frame of the trajectory view on the bundled reference case:
//! `cargo run --release --example frame_bench`.
//!
//! Runs the real view headlessly (a bare `egui::Context`, layout and tessellation included,
//! everything but the GPU upload) with the pointer sweeping across the plots, so the readout,
//! the guideline marks and the findings panel are all computed every frame. Reports the median
//! and the 90th percentile over the frames after a warm-up, beside the naive baseline in the
//! same run: the same frames with the document's derived data (placed series, ranges, layout,
//! stops, notes, scores) computed within the frame, as the view did before `Derived` held
//! them — an undo and a redo before each frame start a new generation.
//! `CASELENS_PROFILE_FRAME=1` runs many frames without the baseline, for a profiler.

use std::time::Instant;

use caselens::app::state::Workspace;
use caselens::io::bundled::PENG_2020;

const WARMUP: usize = 20;
const FRAMES: usize = 400;

fn main() -> anyhow::Result<()> {
    let mut workspace = Workspace::default();
    workspace.open_bundled(&PENG_2020);
    let caselens::app::state::Workspace {
        cases,
        active,
        messages,
        ..
    } = &mut workspace;
    let Some(open) = active.and_then(|index| cases.get_mut(index)) else {
        anyhow::bail!("the reference case did not open: {:?}", messages.waiting());
    };
    // One edit that changes nothing visible, so undo and redo have something to swap.
    open.document
        .edit("benchmark: start a history", |case| {
            case.metadata.title = format!("{} ", case.metadata.title.trim_end());
        })
        .map_err(|refused| anyhow::anyhow!("the benchmark edit was refused: {refused:?}"))?;
    let cached = frame_times(open, messages, false);
    if std::env::var_os("CASELENS_PROFILE_FRAME").is_some() {
        // For a profiler: many frames, no baseline.
        for _ in 0..10 {
            frame_times(open, messages, false);
        }
        return Ok(());
    }
    let naive = frame_times(open, messages, true);
    let at = |times: &[f64], quantile: f64| {
        times[((times.len() - 1) as f64 * quantile) as usize] * 1000.0
    };
    println!(
        "reference case, trajectory view: frame median {:.2} ms, p90 {:.2} ms over {} frames; \
         naive (derived within the frame) median {:.2} ms, p90 {:.2} ms",
        at(&cached, 0.5),
        at(&cached, 0.9),
        cached.len(),
        at(&naive, 0.5),
        at(&naive, 0.9),
    );
    Ok(())
}

/// Sorted CPU times (s) of the frames after the warm-up; `naive` starts a new document
/// generation before each frame, so nothing derived survives from one frame to the next.
fn frame_times(
    open: &mut caselens::app::state::OpenCase,
    messages: &mut caselens::app::messages::Messages,
    naive: bool,
) -> Vec<f64> {
    let ctx = egui::Context::default();
    caselens::app::fonts::install_fonts(&ctx);
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0));
    let mut times = Vec::with_capacity(FRAMES);
    for frame in 0..WARMUP + FRAMES {
        // The pointer sweeps across the plots, as a reviewer's hover does.
        let x = 100.0 + (frame % 100) as f32 * 9.0;
        let input = egui::RawInput {
            screen_rect: Some(screen),
            time: Some(frame as f64 / 60.0),
            events: vec![egui::Event::PointerMoved(egui::Pos2::new(x, 300.0))],
            ..Default::default()
        };
        let started = Instant::now();
        if naive {
            open.document.undo();
            open.document.redo();
        }
        let mut output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                open.views.main_view_ui(ui, &mut open.document, messages)
            });
        });
        // No GPU here to take the font atlas; egui insists the delta is handled.
        output.textures_delta.clear();
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        let elapsed = started.elapsed().as_secs_f64();
        std::hint::black_box(primitives);
        if frame >= WARMUP {
            times.push(elapsed);
        }
    }
    times.sort_by(f64::total_cmp);
    times
}
