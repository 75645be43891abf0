//! Level of detail for dense series: draw only what the pixels can show.
//!
//! A monitor records SpO₂ every second: 3.6 million samples a channel over a 42-day stay,
//! far more than a plot has pixel columns. [`MinMaxPyramid`] is built once per series: the
//! minimum and maximum of every block of 16 samples, of every block of 16 blocks, and so on.
//! A query for one pixel column then costs a binary search for its sample range plus a
//! bounded number of block reads, so a frame's cost follows the plot's width, not the
//! sample count. Because each column keeps its minimum *and* maximum, a single spike
//! among millions of samples always reaches the screen.
//!
//! The same idea as the Rerun viewer's per-pixel min/max aggregation.

/// Samples per block at every level. Small blocks mean few reads at a column's ragged
/// edges; the pyramid then holds about 1/15 of the values' size in minima and maxima.
const FANOUT: usize = 16;

/// Block minima and maxima of a series' values, level by level.
#[derive(Clone, Debug, Default)]
pub struct MinMaxPyramid {
    /// `levels[0]` covers blocks of 16 samples, `levels[1]` blocks of 16² samples, …
    levels: Vec<Level>,
    sample_count: usize,
    /// The time of the first sample of every block of [`TIME_STRIDE`] samples (see
    /// [`MinMaxPyramid::index_times`]), so column edges are found in a small array read in
    /// order rather than by probing the whole time array once per column.
    block_starts: Vec<f64>,
}

/// Samples per entry of the pyramid's time index: blocks of the first level.
const TIME_STRIDE: usize = FANOUT;

#[derive(Clone, Debug, Default)]
struct Level {
    minima: Vec<f64>,
    maxima: Vec<f64>,
}

/// The extent of the finite values in a range; `None` when it has none (a gap).
pub type Extent = Option<(f64, f64)>;

impl MinMaxPyramid {
    /// Builds the pyramid in one pass per level. NaN values (gaps) are ignored.
    pub fn build(values: &[f64]) -> Self {
        let mut levels = Vec::new();
        let mut minima: Vec<f64> = Vec::new();
        let mut maxima: Vec<f64> = Vec::new();
        for block in values.chunks(FANOUT) {
            let (low, high) = block
                .iter()
                .fold(EMPTY, |extent, &value| widen(extent, value));
            minima.push(low);
            maxima.push(high);
        }
        while minima.len() > 1 {
            let next_minima: Vec<f64> = minima
                .chunks(FANOUT)
                .map(|chunk| chunk.iter().copied().fold(f64::INFINITY, f64::min))
                .collect();
            let next_maxima: Vec<f64> = maxima
                .chunks(FANOUT)
                .map(|chunk| chunk.iter().copied().fold(f64::NEG_INFINITY, f64::max))
                .collect();
            levels.push(Level { minima, maxima });
            minima = next_minima;
            maxima = next_maxima;
        }
        levels.push(Level { minima, maxima });
        Self {
            levels,
            sample_count: values.len(),
            block_starts: Vec::new(),
        }
    }

    /// Indexes the sample times (those of the values the pyramid was built from): columns
    /// wide enough to snap to blocks of [`TIME_STRIDE`] samples or more then find their edges
    /// in the index.
    pub fn index_times<T: TimeKey>(&mut self, times: &[T]) {
        if times.len() != self.sample_count {
            return;
        }
        self.block_starts = times
            .iter()
            .step_by(TIME_STRIDE)
            .map(|time| time.as_f64())
            .collect();
    }

    /// Bytes held by the pyramid (not counting the values themselves).
    pub fn memory_bytes(&self) -> usize {
        self.levels
            .iter()
            .map(|level| (level.minima.len() + level.maxima.len()) * std::mem::size_of::<f64>())
            .sum::<usize>()
            + self.block_starts.len() * std::mem::size_of::<f64>()
    }

    /// Minimum and maximum of `values[start..end]`, reading whole blocks where it can.
    /// `values` must be the slice the pyramid was built from.
    pub fn extent(&self, values: &[f64], start: usize, end: usize) -> Extent {
        let end = end.min(values.len()).min(self.sample_count);
        if start >= end {
            return None;
        }
        let (low, high) = self.fold_range(values, 0, start, end);
        (low <= high).then_some((low, high))
    }

    /// The coarsest level whose blocks hold at most `most` samples, with its block size;
    /// `None` when even the finest blocks are larger.
    fn snapping_block(&self, most: usize) -> Option<(usize, usize)> {
        let mut found = None;
        let mut size = FANOUT;
        for level in 0..self.levels.len() {
            if size > most {
                break;
            }
            found = Some((level, size));
            size = size.saturating_mul(FANOUT);
        }
        found
    }

    /// The extent of whole blocks `start..end` of `level`.
    fn block_extent(&self, level: usize, start: usize, end: usize) -> Extent {
        let level = self.levels.get(level)?;
        let low = level.minima.get(start..end)?.iter().copied();
        let high = level.maxima.get(start..end)?.iter().copied();
        let (low, high) = (
            low.fold(f64::INFINITY, f64::min),
            high.fold(f64::NEG_INFINITY, f64::max),
        );
        (low <= high).then_some((low, high))
    }

    /// Folds `[start, end)` in units of `level_unit` samples per element: level 0 is raw.
    fn fold_range(&self, values: &[f64], depth: usize, start: usize, end: usize) -> (f64, f64) {
        // depth 0: raw samples; depth d ≥ 1: elements of levels[d - 1].
        let scan = |start: usize, end: usize| -> (f64, f64) {
            if depth == 0 {
                values
                    .get(start..end)
                    .unwrap_or(&[])
                    .iter()
                    .fold(EMPTY, |extent, &value| widen(extent, value))
            } else {
                let level = &self.levels[depth - 1];
                let minima = level.minima.get(start..end).unwrap_or(&[]);
                let maxima = level.maxima.get(start..end).unwrap_or(&[]);
                (
                    minima.iter().copied().fold(f64::INFINITY, f64::min),
                    maxima.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                )
            }
        };
        let first_full_block = start.div_ceil(FANOUT);
        let last_full_block = end / FANOUT;
        if depth >= self.levels.len() || last_full_block <= first_full_block + 1 {
            return scan(start, end);
        }
        let head = scan(start, first_full_block * FANOUT);
        let tail = scan(last_full_block * FANOUT, end);
        let middle = self.fold_range(values, depth + 1, first_full_block, last_full_block);
        merge(merge(head, tail), middle)
    }
}

const EMPTY: (f64, f64) = (f64::INFINITY, f64::NEG_INFINITY);

fn widen((low, high): (f64, f64), value: f64) -> (f64, f64) {
    if value.is_nan() {
        (low, high)
    } else {
        (low.min(value), high.max(value))
    }
}

fn merge(left: (f64, f64), right: (f64, f64)) -> (f64, f64) {
    (left.0.min(right.0), left.1.max(right.1))
}

/// What to draw for a visible time range.
#[derive(Clone, Debug, PartialEq)]
pub enum Decimated {
    /// Few enough samples to draw each one: indices `start..end` into the series, widened
    /// by one sample on each side so lines run to the plot edges.
    Exact { start: usize, end: usize },
    /// One extent per pixel column; column `i` spans `x_min + i·column_width` onward.
    Columns {
        x_min: f64,
        column_width: f64,
        extents: Vec<Extent>,
    },
}

/// A stored sample time: seconds as `f64`, or milliseconds as `i64` in dense files.
pub trait TimeKey: Copy + PartialOrd {
    /// The time as a number, for interpolating where a time lies between two others.
    fn as_f64(self) -> f64;
}

impl TimeKey for f64 {
    fn as_f64(self) -> f64 {
        self
    }
}

impl TimeKey for i64 {
    fn as_f64(self) -> f64 {
        self as f64
    }
}

/// Decides between exact samples and per-column extents for `x_min..x_max` drawn over
/// `columns` pixel columns. `times` must be sorted; `key_of` maps a position on the plot's x
/// axis to the stored time type (a linear, order-keeping map), so searches compare stored
/// times directly.
pub fn decimate<T: TimeKey>(
    times: &[T],
    values: &[f64],
    pyramid: &MinMaxPyramid,
    key_of: impl Fn(f64) -> T,
    (x_min, x_max): (f64, f64),
    columns: usize,
) -> Decimated {
    let first_visible = seek(times, 0, times.len(), key_of(x_min));
    let end_visible = seek_after(times, first_visible, times.len(), key_of(x_max));
    let visible = end_visible.saturating_sub(first_visible);
    let columns = columns.max(1);
    if visible <= 2 * columns || x_max <= x_min {
        return Decimated::Exact {
            start: first_visible.saturating_sub(1),
            end: (end_visible + 1).min(times.len()),
        };
    }
    let column_width = (x_max - x_min) / columns as f64;
    // Column edges snap to the coarsest blocks at most an eighth of a column wide, so a
    // column reads whole blocks in order (no ragged edges down to the raw samples), and wide
    // columns find their edges in the pyramid's time index: a sample near an edge may fall in
    // the neighbouring column, under a fifth of a pixel away. The first and last columns keep
    // the exact visible ends.
    let snap = pyramid.snapping_block(visible / columns / 8);
    let snapped = |index: usize| match snap {
        Some((_, size)) => ((index + size / 2) / size * size).clamp(first_visible, end_visible),
        None => index,
    };
    let mut extents = Vec::with_capacity(columns);
    let mut column_start = first_visible;
    let mut search_from = first_visible;
    let indexed = pyramid.block_starts.len() == times.len().div_ceil(TIME_STRIDE);
    for column in 0..columns {
        let column_end = if column + 1 == columns {
            end_visible
        } else {
            let target = key_of(x_min + (column + 1) as f64 * column_width);
            search_from = match snap {
                // Wide columns: the first indexed block starting at or after the edge.
                Some((_, size)) if size >= TIME_STRIDE && indexed => {
                    let block = search_from / TIME_STRIDE;
                    let starts = &pyramid.block_starts;
                    let found = seek(starts, block, starts.len(), target.as_f64());
                    (found * TIME_STRIDE).clamp(search_from, end_visible)
                }
                _ => seek(times, search_from, end_visible, target),
            };
            snapped(search_from).max(column_start)
        };
        extents.push(match snap {
            Some((level, size))
                if column_start.is_multiple_of(size) && column_end.is_multiple_of(size) =>
            {
                pyramid.block_extent(level, column_start / size, column_end / size)
            }
            _ => pyramid.extent(values, column_start, column_end),
        });
        column_start = column_end;
    }
    Decimated::Columns {
        x_min,
        column_width,
        extents,
    }
}

/// The first index in `low..high` whose time is not before `target` (`high` if none).
///
/// Monitor data are nearly evenly spaced, so the index is first guessed by interpolation and
/// then found by galloping from the guess: a few probes close together instead of a binary
/// search whose every probe misses the cache on a 30 MB array.
fn seek<T: TimeKey>(times: &[T], low: usize, high: usize, target: T) -> usize {
    seek_by(times, low, high, |time| time < target, target.as_f64())
}

/// The first index in `low..high` whose time is after `target`.
fn seek_after<T: TimeKey>(times: &[T], low: usize, high: usize, target: T) -> usize {
    seek_by(times, low, high, |time| time <= target, target.as_f64())
}

fn seek_by<T: TimeKey>(
    times: &[T],
    low: usize,
    high: usize,
    is_before: impl Fn(T) -> bool,
    target: f64,
) -> usize {
    let high = high.min(times.len());
    if low >= high {
        return low.min(high);
    }
    let (Some(&first), Some(&last)) = (times.get(low), times.get(high - 1)) else {
        return low;
    };
    if !is_before(first) {
        return low;
    }
    if is_before(last) {
        return high;
    }
    let (first, last) = (first.as_f64(), last.as_f64());
    let fraction = if last > first {
        (target - first) / (last - first)
    } else {
        0.0
    };
    let span = (high - 1 - low) as f64;
    let guess = low + (fraction.clamp(0.0, 1.0) * span) as usize;
    let guess = guess.clamp(low, high - 1);
    // Gallop from the guess towards the answer, then bisect the bracket.
    let (mut below, mut above) = if times.get(guess).is_some_and(|&time| is_before(time)) {
        let mut step = 1;
        let mut below = guess;
        loop {
            let probe = (guess + step).min(high);
            if probe == high || times.get(probe).is_some_and(|&time| !is_before(time)) {
                break (below, probe);
            }
            below = probe;
            step *= 2;
        }
    } else {
        let mut step = 1;
        let mut above = guess;
        loop {
            let probe = guess.saturating_sub(step).max(low);
            if probe == low || times.get(probe).is_some_and(|&time| is_before(time)) {
                break (probe, above);
            }
            above = probe;
            step *= 2;
        }
    };
    // Invariant: times[below] is before (or below == low and unknown), times[above] is not.
    while above - below > 1 {
        let middle = below + (above - below) / 2;
        if times.get(middle).is_some_and(|&time| is_before(time)) {
            below = middle;
        } else {
            above = middle;
        }
    }
    if times.get(below).is_some_and(|&time| is_before(time)) {
        above
    } else {
        below
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute_extent(values: &[f64]) -> Extent {
        let finite: Vec<f64> = values
            .iter()
            .copied()
            .filter(|value| !value.is_nan())
            .collect();
        let low = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let high = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (!finite.is_empty()).then_some((low, high))
    }

    #[test]
    fn extents_match_a_full_scan_for_ranges_across_levels() {
        let values: Vec<f64> = (0..300_000)
            .map(|index| ((index as f64) * 0.37).sin() * 50.0 + (index % 977) as f64 * 0.01)
            .collect();
        let pyramid = MinMaxPyramid::build(&values);
        for (start, end) in [
            (0, 1),
            (5, 70),
            (63, 4097),
            (1000, 299_999),
            (0, 300_000),
            (4096, 8192),
        ] {
            assert_eq!(
                pyramid.extent(&values, start, end),
                brute_extent(&values[start..end]),
                "range {start}..{end}"
            );
        }
    }

    #[test]
    fn a_single_spike_among_a_million_samples_survives_every_zoom() {
        let mut values = vec![95.0; 1_000_000];
        values[777_777] = 40.0;
        let times: Vec<f64> = (0..values.len()).map(|index| index as f64).collect();
        let pyramid = MinMaxPyramid::build(&values);
        for columns in [100, 640, 1920] {
            let Decimated::Columns { extents, .. } = decimate(
                &times,
                &values,
                &pyramid,
                |time| time,
                (0.0, 1_000_000.0),
                columns,
            ) else {
                panic!("a million samples over {columns} columns must be summarized");
            };
            let lowest = extents
                .iter()
                .flatten()
                .map(|&(low, _)| low)
                .fold(f64::INFINITY, f64::min);
            assert_eq!(lowest, 40.0, "{columns} columns");
        }
    }

    #[test]
    fn every_sample_is_drawn_in_its_column_or_a_fifth_of_a_pixel_away() {
        // Distinct values, so each one tells which column drew it.
        let count = 2_000_003;
        let values: Vec<f64> = (0..count).map(|index| index as f64).collect();
        let times = values.clone();
        let mut indexed = MinMaxPyramid::build(&values);
        indexed.index_times(&times);
        let plain = MinMaxPyramid::build(&values);
        for (pyramid, columns, range) in [
            // Blocks of 16 and of 256, each without and with the time index, of 4096 with it,
            // and columns too narrow to snap.
            (&plain, 1280, (0.0, 2e6)),
            (&indexed, 1280, (0.0, 2e6)),
            (&plain, 200, (12_345.5, 1_700_000.0)),
            (&indexed, 200, (12_345.5, 1_700_000.0)),
            (&indexed, 31, (0.0, 2e6)),
            (&indexed, 1500, (1e6, 1.1e6)),
        ] {
            let Decimated::Columns {
                x_min,
                column_width,
                extents,
            } = decimate(&times, &values, pyramid, |x| x, range, columns)
            else {
                panic!("summarized");
            };
            let mut previous_high = f64::NEG_INFINITY;
            for (column, extent) in extents.iter().enumerate() {
                let (low, high) = extent.expect("no gaps");
                // Columns tile the samples: each starts right after the previous one ends.
                if previous_high.is_finite() {
                    assert_eq!(low, previous_high + 1.0, "column {column}");
                }
                previous_high = high;
                let start = x_min + column as f64 * column_width;
                let slack = column_width / 5.0 + 1.0;
                assert!(low >= start - slack && high <= start + column_width + slack);
            }
        }
    }

    #[test]
    fn zoomed_in_far_enough_the_exact_samples_come_back() {
        let values: Vec<f64> = (0..1_000_000).map(|index| index as f64).collect();
        let times = values.clone();
        let pyramid = MinMaxPyramid::build(&values);
        let decimated = decimate(&times, &values, &pyramid, |x| x, (500.0, 900.0), 800);
        assert_eq!(
            decimated,
            Decimated::Exact {
                start: 499,
                end: 902
            }
        );
    }

    #[test]
    fn empty_single_and_gapped_series_behave() {
        let empty = MinMaxPyramid::build(&[]);
        assert_eq!(empty.extent(&[], 0, 0), None);
        assert_eq!(
            decimate::<f64>(&[], &[], &empty, |x| x, (0.0, 1.0), 100),
            Decimated::Exact { start: 0, end: 0 }
        );

        let single = MinMaxPyramid::build(&[7.0]);
        assert_eq!(single.extent(&[7.0], 0, 1), Some((7.0, 7.0)));

        // A stretch of NaN (a probe off the finger) is a gap, not a value.
        let mut values = vec![90.0; 10_000];
        values[2_000..6_000].fill(f64::NAN);
        let times: Vec<f64> = (0..values.len()).map(|index| index as f64).collect();
        let pyramid = MinMaxPyramid::build(&values);
        let Decimated::Columns { extents, .. } =
            decimate(&times, &values, &pyramid, |x| x, (0.0, 10_000.0), 100)
        else {
            panic!("10,000 samples over 100 columns must be summarized");
        };
        assert_eq!(extents[10], Some((90.0, 90.0)));
        assert_eq!(extents[40], None, "inside the gap");
        assert_eq!(extents[80], Some((90.0, 90.0)));
    }

    #[test]
    fn seeking_agrees_with_a_binary_search_on_irregular_times() {
        // Bursts and gaps, like a monitor that was unplugged now and then.
        let mut times: Vec<f64> = Vec::new();
        let mut time = 0.0;
        for index in 0..50_000 {
            time += if index % 997 == 0 {
                5_000.0
            } else {
                1.0 + (index % 7) as f64
            };
            times.push(time);
        }
        for target in [-1.0, 0.0, 3.0, 12_345.5, 100_000.0, time, time + 1.0] {
            let expected = times.partition_point(|&value| value < target);
            assert_eq!(
                seek(&times, 0, times.len(), target),
                expected,
                "target {target}"
            );
            let expected_after = times.partition_point(|&value| value <= target);
            assert_eq!(seek_after(&times, 0, times.len(), target), expected_after);
            let from_middle = times.partition_point(|&value| value < target).max(20_000);
            assert_eq!(seek(&times, 20_000, times.len(), target), from_middle);
        }
    }

    #[test]
    fn the_pyramid_is_small_beside_the_values() {
        let values = vec![1.0; 3_600_000];
        let pyramid = MinMaxPyramid::build(&values);
        // A raw sample is a time and a value, 16 bytes; the target is at most 25 % of that.
        let raw_bytes = values.len() * 16;
        assert!(pyramid.memory_bytes() * 10 < raw_bytes);
    }
}

/// A dense channel with its pyramid, ready to draw.
#[derive(Debug)]
pub struct IndexedChannel {
    pub samples: std::sync::Arc<crate::model::DenseSamples>,
    pub pyramid: MinMaxPyramid,
}

impl IndexedChannel {
    pub fn new(samples: std::sync::Arc<crate::model::DenseSamples>) -> Self {
        let mut pyramid = MinMaxPyramid::build(&samples.values);
        pyramid.index_times(&samples.times_ms);
        Self { samples, pyramid }
    }
}
