//! Drawing one series' geometry in a plot: a sparse series as a line with its samples marked
//! (coloured by their flag, diamonds for published values, small circles for illustrative
//! ones), a dense channel as its per-column envelope or exact samples; and splitting what is
//! drawn at the playback time.
//!
//! Samples are drawn as one plot item per look (flag × provenance), not one per sample: a
//! plot item costs egui_plot a name, a bounds pass and a hover test, whatever it holds.

use egui::Color32;
use egui_plot::{Line, LineStyle, MarkerShape, PlotPoints, Points};

use super::series_data::{Geometry, PlacedSample, PlotSeries};
use crate::app::theme::range_color;
use crate::model::{Provenance, RangeClass, Timeline};

/// Splits what to draw at the playback time `until`: sparse samples by time (the samples
/// around `x_range`), dense channels by range.
pub(super) fn split_at<'a>(
    plot_series: &PlotSeries<'a>,
    timeline: &Timeline,
    until: f64,
    x_range: (f64, f64),
    columns: usize,
) -> (Geometry<'a>, Option<Geometry<'a>>) {
    if !plot_series.is_dense() {
        let Geometry::Samples(samples) = plot_series.geometry(timeline, x_range, columns) else {
            return (Geometry::Samples(&[]), None);
        };
        let split = samples.partition_point(|sample| sample.position <= until);
        let (past, future) = samples.split_at(split);
        return (Geometry::Samples(past), Some(Geometry::Samples(future)));
    }
    let past = plot_series.geometry(timeline, (x_range.0, until.min(x_range.1)), columns);
    let future =
        (x_range.1 > until).then(|| plot_series.geometry(timeline, (until, x_range.1), columns));
    (past, future)
}

/// The looks a sample can take: its flag and whether it is published or illustrative.
const LOOKS: [(RangeClass, bool); 6] = [
    (RangeClass::Normal, true),
    (RangeClass::Low, true),
    (RangeClass::High, true),
    (RangeClass::Normal, false),
    (RangeClass::Low, false),
    (RangeClass::High, false),
];

fn is_published(sample: &PlacedSample) -> bool {
    sample.provenance != Provenance::Reconstructed
}

pub(super) fn draw_geometry(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    name: &str,
    color: Color32,
    dashed: bool,
    geometry: Geometry<'_>,
    transform_value: &dyn Fn(f64) -> f64,
) {
    let style = if dashed {
        LineStyle::dashed_loose()
    } else {
        LineStyle::Solid
    };
    let transformed = |points: &mut dyn Iterator<Item = [f64; 2]>| -> Vec<[f64; 2]> {
        points
            .map(|[x, y]| [x, transform_value(y)])
            .filter(|[_, y]| y.is_finite())
            .collect()
    };
    match geometry {
        Geometry::Samples(samples) => {
            let line = transformed(&mut samples.iter().map(|s| [s.position, s.value]));
            plot_ui.line(
                Line::new(name, PlotPoints::from(line))
                    .color(color)
                    .style(style)
                    .width(1.5),
            );
            for (range_class, published) in LOOKS {
                let points = transformed(
                    &mut samples
                        .iter()
                        .filter(|s| s.range_class == range_class && is_published(s) == published)
                        .map(|s| [s.position, s.value]),
                );
                if points.is_empty() {
                    continue;
                }
                plot_ui.points(
                    Points::new(name, PlotPoints::from(points))
                        .color(range_color(range_class, color))
                        .radius(if published { 4.0 } else { 2.8 })
                        .filled(published)
                        .shape(if published {
                            MarkerShape::Diamond
                        } else {
                            MarkerShape::Circle
                        }),
                );
            }
        }
        Geometry::Envelope(runs) | Geometry::DenseExact(runs) => {
            for run in runs {
                plot_ui.line(
                    Line::new(name, PlotPoints::from(transformed(&mut run.into_iter())))
                        .color(color)
                        .width(1.0),
                );
            }
        }
    }
}

/// `text` cut to `limit` characters, with an ellipsis when cut.
pub(super) fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(limit.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
