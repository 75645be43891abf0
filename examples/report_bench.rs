//! How long exporting the reference case as one self-contained HTML report with both figures
//! takes: `cargo run --release --example report_bench`.
//!
//! Measured against a naive baseline in the same run: the same report with its figures drawn
//! as 300 DPI PNGs and embedded as base64, the obvious way to make an HTML file self-contained.
//! Beside them, the journal formats from the same case: the PDF report with vector figures
//! (target < 300 ms) and the Word report with 300 DPI figures (target < 200 ms).

use std::hint::black_box;
use std::time::{Duration, Instant};

use caselens::io::bundled::PENG_2020;
use caselens::report::figures::{self, FigureFormat, FigureKind, FigureOptions};
use caselens::report::images::png_data_uri;
use caselens::report::journal::{JournalFormat, export_journal};
use caselens::report::pdf::Paper;
use caselens::report::{ReportFormat, ReportOptions, export_case};

const RUNS: u32 = 20;

fn main() {
    let case = match PENG_2020.load() {
        Ok(loaded) => loaded.case,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    };
    let options = ReportOptions::default();

    let (ours, ours_size) = time(|| {
        export_case(&case, None, ReportFormat::Html, &options, "report")
            .map(|rendered| rendered.text.len())
            .unwrap_or(0)
    });

    let without_figures = ReportOptions {
        include_figures: false,
        ..ReportOptions::default()
    };
    let (naive, naive_size) = time(|| {
        let text = export_case(&case, None, ReportFormat::Html, &without_figures, "report")
            .map(|rendered| rendered.text)
            .unwrap_or_default();
        let mut size = text.len();
        for kind in [FigureKind::Trajectory, FigureKind::Imaging] {
            let png = figures::render_figure(
                &case,
                &[],
                kind,
                FigureFormat::Png,
                &FigureOptions::default(),
            )
            .unwrap_or_default();
            size += png_data_uri(&png).len();
        }
        size
    });

    let journal = |format| {
        time(|| {
            export_journal(&case, None, format, Paper::A4, &options)
                .map(|document| document.bytes.len())
                .unwrap_or(0)
        })
    };
    let (pdf, pdf_size) = journal(JournalFormat::Pdf);
    let (docx, docx_size) = journal(JournalFormat::Docx);

    println!(
        "reference case (Peng 2020), HTML report with trajectory and imaging figures, {RUNS} runs each"
    );
    println!(
        "  CaseLens (inline SVG figures):        median {:>7.1} ms, {:>8} bytes",
        millis(ours),
        ours_size
    );
    println!(
        "  naive baseline (300 DPI PNG, base64): median {:>7.1} ms, {:>8} bytes",
        millis(naive),
        naive_size
    );
    println!(
        "  PDF/A-2b report (vector figures):     median {:>7.1} ms, {:>8} bytes (target < 300 ms)",
        millis(pdf),
        pdf_size
    );
    println!(
        "  Word report (300 DPI figures):        median {:>7.1} ms, {:>8} bytes (target < 200 ms)",
        millis(docx),
        docx_size
    );
}

/// The median of `RUNS` timed runs after one warm-up run, and the last run's result.
fn time(mut run: impl FnMut() -> usize) -> (Duration, usize) {
    let mut result = black_box(run());
    let mut durations: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            result = black_box(run());
            start.elapsed()
        })
        .collect();
    durations.sort();
    (durations[durations.len() / 2], result)
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
