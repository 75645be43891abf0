//! One marker's data as the trajectory view needs it, whether its samples sit in the case
//! file (a few a day) or in a dense monitor file (one a second): what to draw for the
//! visible range, and the value at a cursor time.

use std::sync::Arc;

use crate::analysis::lod::{Decimated, IndexedChannel, decimate};
use crate::analysis::placed::PlacedSeries;
pub use crate::analysis::placed::{PlacedSample, ValueAt};
use crate::model::{DayPosition, RangeClass, ReferenceInterval, Series, Timeline};

/// Where a series' samples come from.
pub enum SeriesSamples {
    /// The case file's samples, placed once per edit (`CaseDocument::placed_series`).
    Sparse,
    Dense(Arc<IndexedChannel>),
}

/// A series ready for plotting: the case's series, its placed samples, names and interval
/// (all computed once per edit), and its dense channel if it has one.
pub struct PlotSeries<'a> {
    pub series: &'a Series,
    pub placed: &'a PlacedSeries,
    pub samples: SeriesSamples,
    /// The reference interval for this patient (sex-specific where the marker's is).
    pub reference: Option<ReferenceInterval>,
}

/// What to draw for the visible range.
pub enum Geometry<'a> {
    /// Each sample, as placed.
    Samples(&'a [PlacedSample]),
    /// Polylines through per-column minima and maxima: each run is one unbroken stretch.
    Envelope(Vec<Vec<[f64; 2]>>),
    /// Exact dense samples at high zoom, as runs split at gaps.
    DenseExact(Vec<Vec<[f64; 2]>>),
}

impl<'a> PlotSeries<'a> {
    pub fn is_dense(&self) -> bool {
        matches!(self.samples, SeriesSamples::Dense(_))
    }

    fn classify(&self, value: f64) -> RangeClass {
        self.reference
            .map_or(RangeClass::Normal, |reference| reference.classify(value))
    }

    /// The name with proper symbols, computed once per edit.
    pub fn name(&self) -> &'a str {
        &self.placed.name
    }

    /// The unit as clinicians write it, computed once per edit.
    pub fn unit(&self) -> &'a str {
        &self.placed.unit
    }

    /// Sparse samples placed on the axis, in time order.
    pub fn placed_samples(&self) -> &'a [PlacedSample] {
        &self.placed.samples
    }

    /// The lowest and highest value over `x_range` (unbounded ends for the whole stay), for
    /// the value axis; `None` when no value falls there.
    pub fn value_extent(&self, timeline: &Timeline, x_range: (f64, f64)) -> Option<(f64, f64)> {
        if !self.is_dense() {
            return self.placed.value_extent_within(x_range);
        }
        let inside = |position: f64| position >= x_range.0 && position <= x_range.1;
        let (Geometry::Envelope(runs) | Geometry::DenseExact(runs)) =
            self.geometry(timeline, x_range, 1)
        else {
            return None;
        };
        crate::analysis::placed::extent(
            runs.iter()
                .flatten()
                .filter(|point| inside(point[0]))
                .map(|point| point[1]),
        )
    }

    /// What to draw between `x_range.0` and `x_range.1` over `columns` pixel columns: a
    /// sparse series' samples in that range (with one more on each side, so lines run to the
    /// edges), a dense channel's per-column extremes or exact samples.
    pub fn geometry(
        &self,
        timeline: &Timeline,
        x_range: (f64, f64),
        columns: usize,
    ) -> Geometry<'a> {
        let channel = match &self.samples {
            SeriesSamples::Sparse => return Geometry::Samples(self.samples_around(x_range)),
            SeriesSamples::Dense(channel) => channel,
        };
        let Some(origin) = timeline.position_of_epoch_ms(0) else {
            return Geometry::DenseExact(Vec::new());
        };
        let time_of = |epoch_ms: i64| origin + epoch_ms as f64 / 86_400_000.0;
        // Positions outside what an i64 of milliseconds holds saturate, which keeps order.
        let epoch_ms_of = |position: f64| ((position - origin) * 86_400_000.0) as i64;
        let samples = &channel.samples;
        match decimate(
            &samples.times_ms,
            &samples.values,
            &channel.pyramid,
            epoch_ms_of,
            x_range,
            columns,
        ) {
            Decimated::Exact { start, end } => {
                let times = samples.times_ms.get(start..end).unwrap_or(&[]);
                let values = samples.values.get(start..end).unwrap_or(&[]);
                let points = times
                    .iter()
                    .zip(values)
                    .map(|(&time, &value)| [time_of(time), value]);
                Geometry::DenseExact(split_at_gaps(points))
            }
            Decimated::Columns {
                x_min,
                column_width,
                extents,
            } => {
                let mut runs = Vec::new();
                let mut run: Vec<[f64; 2]> = Vec::new();
                for (column, extent) in extents.iter().enumerate() {
                    match extent {
                        Some((low, high)) => {
                            let x = x_min + (column as f64 + 0.5) * column_width;
                            // Zig-zag through each column's extremes so one polyline
                            // covers every pixel the samples touch.
                            if column % 2 == 0 {
                                run.extend([[x, *low], [x, *high]]);
                            } else {
                                run.extend([[x, *high], [x, *low]]);
                            }
                        }
                        None => {
                            if !run.is_empty() {
                                runs.push(std::mem::take(&mut run));
                            }
                        }
                    }
                }
                if !run.is_empty() {
                    runs.push(run);
                }
                Geometry::Envelope(runs)
            }
        }
    }

    /// The value at `position`, or the nearest sample before it.
    pub fn value_at_or_before(
        &self,
        timeline: &Timeline,
        position: DayPosition,
    ) -> Option<ValueAt> {
        match &self.samples {
            SeriesSamples::Sparse => self.placed.value_at_or_before(position),
            SeriesSamples::Dense(channel) => {
                let epoch_ms = timeline.epoch_ms_at(position)?;
                let samples = &channel.samples;
                let index = samples.times_ms.partition_point(|&time| time <= epoch_ms);
                // Skip back over gaps to the last real value.
                let found = (0..index).rev().take(3600).find(|&candidate| {
                    samples
                        .values
                        .get(candidate)
                        .is_some_and(|value| !value.is_nan())
                })?;
                let value = *samples.values.get(found)?;
                let previous_value = found
                    .checked_sub(1)
                    .and_then(|previous| samples.values.get(previous))
                    .copied()
                    .filter(|value| !value.is_nan());
                Some(ValueAt {
                    position: timeline.position_of_epoch_ms(*samples.times_ms.get(found)?)?,
                    value,
                    previous_value,
                    range_class: self.classify(value),
                    provenance: self.series.provenance,
                })
            }
        }
    }

    /// Sample positions, for stepping the cursor from sample to sample (dense channels are
    /// stepped by events instead: a second at a time is no use).
    pub fn sample_positions(&self) -> impl Iterator<Item = DayPosition> + 'a {
        self.placed.samples.iter().map(|sample| sample.position)
    }

    /// The samples inside `x_range` and the nearest one outside it on each side, so the
    /// line between them crosses the plot's edge.
    fn samples_around(&self, x_range: (f64, f64)) -> &'a [PlacedSample] {
        let samples = &self.placed.samples;
        let first = samples
            .partition_point(|sample| sample.position < x_range.0)
            .saturating_sub(1);
        let last =
            (samples.partition_point(|sample| sample.position <= x_range.1) + 1).min(samples.len());
        samples.get(first..last.max(first)).unwrap_or(&[])
    }
}

fn split_at_gaps(points: impl Iterator<Item = [f64; 2]>) -> Vec<Vec<[f64; 2]>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for point in points {
        if point[1].is_nan() {
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        } else {
            run.push(point);
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}
