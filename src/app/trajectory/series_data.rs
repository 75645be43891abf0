//! One marker's data as the trajectory view needs it, whether its samples sit in the case
//! file (a few a day) or in a dense monitor file (one a second): what to draw for the
//! visible range, and the value at a cursor time.

use std::sync::Arc;

use crate::analysis::lod::{Decimated, IndexedChannel, decimate};
use crate::model::{DayPosition, Provenance, RangeClass, ReferenceInterval, Series, Timeline};

/// Where a series' samples come from.
pub enum SeriesSamples<'a> {
    Sparse(&'a Series),
    Dense(Arc<IndexedChannel>),
}

/// A series ready for plotting.
pub struct PlotSeries<'a> {
    pub series: &'a Series,
    pub samples: SeriesSamples<'a>,
    /// The reference interval for this patient (sex-specific where the marker's is).
    pub reference: Option<ReferenceInterval>,
}

/// A value at a time, with what the readout shows beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueAt {
    pub position: DayPosition,
    pub value: f64,
    pub previous_value: Option<f64>,
    pub range_class: RangeClass,
    pub provenance: Provenance,
}

/// One point of a sparse series, placed on the axis.
#[derive(Clone, Debug)]
pub struct PlacedSample {
    pub position: DayPosition,
    pub value: f64,
    pub range_class: RangeClass,
    pub provenance: Provenance,
}

/// What to draw for the visible range.
pub enum Geometry {
    /// Each sample, as placed; runs split at gaps (NaN).
    Samples(Vec<PlacedSample>),
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

    /// Sparse samples placed on the axis, in time order; unplaceable ones are left out (the
    /// validator has reported them).
    pub fn placed_samples(&self, timeline: &Timeline) -> Vec<PlacedSample> {
        let SeriesSamples::Sparse(series) = &self.samples else {
            return Vec::new();
        };
        series
            .samples
            .iter()
            .filter_map(|sample| {
                let position = timeline.position(sample.time).ok()?;
                Some(PlacedSample {
                    position,
                    value: sample.value,
                    range_class: self.classify(sample.value),
                    provenance: series.sample_provenance(sample),
                })
            })
            .collect()
    }

    /// What to draw between `x_range.0` and `x_range.1` over `columns` pixel columns.
    /// The lowest and highest value over `x_range` (unbounded ends for the whole stay), for
    /// the value axis; `None` when no value falls there.
    pub fn value_extent(&self, timeline: &Timeline, x_range: (f64, f64)) -> Option<(f64, f64)> {
        let inside = |position: f64| position >= x_range.0 && position <= x_range.1;
        let values: Vec<f64> = match self.geometry(timeline, x_range, 1) {
            Geometry::Samples(samples) => samples
                .iter()
                .filter(|sample| inside(sample.position))
                .map(|sample| sample.value)
                .collect(),
            Geometry::Envelope(runs) | Geometry::DenseExact(runs) => runs
                .iter()
                .flatten()
                .filter(|point| inside(point[0]))
                .map(|point| point[1])
                .collect(),
        };
        let finite = values.into_iter().filter(|value| value.is_finite());
        finite.fold(None, |extent, value| match extent {
            None => Some((value, value)),
            Some((low, high)) => Some((value.min(low), value.max(high))),
        })
    }

    pub fn geometry(&self, timeline: &Timeline, x_range: (f64, f64), columns: usize) -> Geometry {
        let channel = match &self.samples {
            SeriesSamples::Sparse(_) => return Geometry::Samples(self.placed_samples(timeline)),
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
            SeriesSamples::Sparse(_) => {
                let placed = self.placed_samples(timeline);
                let index = placed.partition_point(|sample| sample.position <= position);
                let current = placed.get(index.checked_sub(1)?)?;
                let previous_value = index
                    .checked_sub(2)
                    .and_then(|previous| placed.get(previous))
                    .map(|sample| sample.value);
                Some(ValueAt {
                    position: current.position,
                    value: current.value,
                    previous_value,
                    range_class: current.range_class,
                    provenance: current.provenance,
                })
            }
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

    /// Sample positions, for stepping the cursor from sample to sample.
    pub fn sample_positions(&self, timeline: &Timeline) -> Vec<DayPosition> {
        match &self.samples {
            SeriesSamples::Sparse(_) => self
                .placed_samples(timeline)
                .iter()
                .map(|sample| sample.position)
                .collect(),
            // Dense channels are stepped by events instead: a second at a time is no use.
            SeriesSamples::Dense(_) => Vec::new(),
        }
    }

    /// The time span the samples cover.
    pub fn extent(&self, timeline: &Timeline) -> Option<(DayPosition, DayPosition)> {
        match &self.samples {
            SeriesSamples::Sparse(_) => {
                let placed = self.placed_samples(timeline);
                Some((placed.first()?.position, placed.last()?.position))
            }
            SeriesSamples::Dense(channel) => {
                let times = &channel.samples.times_ms;
                Some((
                    timeline.position_of_epoch_ms(*times.first()?)?,
                    timeline.position_of_epoch_ms(*times.last()?)?,
                ))
            }
        }
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
