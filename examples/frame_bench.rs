//! CPU time per frame of the trajectory view on the bundled reference case:
//! `cargo run --release --example frame_bench`.
//!
//! Runs the real view headlessly (a bare `egui::Context`, layout and tessellation included,
//! everything but the GPU upload) with the pointer sweeping across the plots, so the readout,
//! the guideline marks and the findings panel are all computed every frame. Reports the median
//! and the 90th percentile over the frames after a warm-up.

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
    let at = |quantile: f64| times[((times.len() - 1) as f64 * quantile) as usize] * 1000.0;
    println!(
        "reference case, trajectory view: frame median {:.2} ms, p90 {:.2} ms over {} frames",
        at(0.5),
        at(0.9),
        times.len()
    );
    Ok(())
}
