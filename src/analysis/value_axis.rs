//! The value (y) axis of a marker's plot: which range it shows and where its ticks go.
//!
//! Two promises a reader relies on: an axis of a quantity that cannot be negative (a count, a
//! concentration, a saturation: every value and the reference interval at or above zero)
//! never runs below zero, and every axis carries at least three labelled ticks, whatever the
//! plot's height. During playback the range is that of the whole stay, so curves grow into a
//! fixed frame instead of the axis jumping as each day is revealed.

/// The share of the data's span added above and below, so points do not sit on the frame.
const MARGIN: f64 = 0.08;

/// The range to show for `values` (already on the axis's scale; NaN and infinities are
/// ignored), widened to the finite bounds of the reference interval. `non_negative` clamps the
/// lower end at zero when nothing shown is negative; it is ignored on a log axis.
pub fn value_range(
    values: impl IntoIterator<Item = f64>,
    reference: (Option<f64>, Option<f64>),
    log_scale: bool,
) -> Option<(f64, f64)> {
    let mut low = f64::INFINITY;
    let mut high = f64::NEG_INFINITY;
    for value in values
        .into_iter()
        .chain([reference.0, reference.1].into_iter().flatten())
    {
        if value.is_finite() {
            low = low.min(value);
            high = high.max(value);
        }
    }
    if !(low.is_finite() && high.is_finite()) {
        return None;
    }
    let span = high - low;
    let pad = if span > 0.0 {
        span * MARGIN
    } else {
        (high.abs() * 0.1).max(if log_scale { 0.1 } else { 1.0 })
    };
    let mut start = low - pad;
    if !log_scale && low >= 0.0 {
        start = start.max(0.0);
    }
    Some((start, high + pad))
}

/// At least three round tick values inside `[low, high]`: the widest round step (1, 2, 2.5 or
/// 5 times a power of ten) that gives three, so labels stay apart on a short plot. `min_step`
/// (the spacing a label needs, in values) only widens the first step tried.
pub fn value_ticks(low: f64, high: f64, min_step: f64) -> Vec<f64> {
    if !(low.is_finite() && high.is_finite()) || high <= low {
        return Vec::new();
    }
    // The widest round step that still gives three ticks, never closer than `min_step` if
    // three fit at all.
    let mut step = nice_step(((high - low) / 2.0).max(min_step));
    loop {
        let ticks = ticks_with_step(low, high, step);
        if ticks.len() >= 3 || step <= f64::MIN_POSITIVE {
            return ticks;
        }
        step = smaller_nice_step(step);
    }
}

/// The step between ticks `value_ticks` chose: the difference of two neighbours.
pub fn tick_step(ticks: &[f64]) -> f64 {
    match ticks {
        [first, second, ..] => second - first,
        _ => 1.0,
    }
}

fn ticks_with_step(low: f64, high: f64, step: f64) -> Vec<f64> {
    let first = (low / step).ceil();
    let last = (high / step).floor();
    if !(first.is_finite() && last.is_finite()) || last - first > 1000.0 {
        return Vec::new();
    }
    let mut ticks = Vec::new();
    let mut index = first;
    while index <= last {
        let value = index * step;
        // `-0.0` reads as "-0" on an axis.
        ticks.push(if value == 0.0 { 0.0 } else { value });
        index += 1.0;
    }
    ticks
}

/// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|candidate| *candidate >= fraction - 1e-9)
        .unwrap_or(10.0);
    nice * magnitude
}

/// The next smaller step of the 1–2–2.5–5 series.
fn smaller_nice_step(step: f64) -> f64 {
    let magnitude = 10f64.powf(step.log10().floor());
    let fraction = step / magnitude;
    if fraction > 5.0 - 1e-9 {
        2.5 * magnitude
    } else if fraction > 2.5 - 1e-9 {
        2.0 * magnitude
    } else if fraction > 2.0 - 1e-9 {
        magnitude
    } else {
        0.5 * magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_never_get_a_negative_axis() {
        // Lymphocytes on the first day of playback: one low value.
        let (low, high) = value_range([0.44], (Some(1.1), Some(3.2)), false).unwrap();
        assert!(low >= 0.0, "{low}");
        assert!(high > 3.2);
        let (low, _) = value_range([0.0, 0.1], (None, None), false).unwrap();
        assert_eq!(low, 0.0);
        // A quantity that does go negative (base excess) keeps its negative range.
        let (low, _) = value_range([-4.0, 2.0], (None, None), false).unwrap();
        assert!(low < -4.0);
    }

    #[test]
    fn a_single_value_still_gets_a_frame() {
        let (low, high) = value_range([37.0], (None, None), false).unwrap();
        assert!(low < 37.0 && high > 37.0);
        assert_eq!(value_range([f64::NAN], (None, None), false), None);
    }

    #[test]
    fn ticks_keep_their_labels_apart_when_three_fit() {
        // Neutrophils 1–14 ×10⁹/L on a short plot: 0.2 per point, labels 26 points apart.
        // 0–14 on a short plot: the widest round step that gives three ticks, not 2 apart.
        assert_eq!(value_ticks(0.0, 14.0, 0.2 * 26.0), [0.0, 5.0, 10.0]);
        // A tall plot (0.02 per point) has room for labels 1 apart... but round steps stay
        // the widest that give three ticks.
        assert_eq!(value_ticks(0.0, 14.0, 0.02 * 26.0), [0.0, 5.0, 10.0]);
        // In 1–14 they do not: three ticks all the same, as wide apart as round steps allow.
        let ticks = value_ticks(1.0, 14.0, 0.2 * 26.0);
        assert_eq!(ticks, [2.5, 5.0, 7.5, 10.0, 12.5]);
    }

    #[test]
    fn every_range_gets_at_least_three_round_ticks() {
        for (low, high) in [
            (0.0, 1.0),
            (0.0, 0.3),
            (0.0, 187.0),
            (0.0, 12.5),
            (88.0, 101.0),
            (36.2, 39.1),
            (0.0, 12_000.0),
            (-1.2, 0.4),
            (0.001, 0.0042),
            (243.0, 243.5),
        ] {
            let ticks = value_ticks(low, high, 0.0);
            assert!(ticks.len() >= 3, "{low}..{high}: {ticks:?}");
            assert!(ticks.len() <= 9, "{low}..{high}: {ticks:?}");
            assert!(
                ticks.iter().all(|tick| *tick >= low && *tick <= high),
                "{low}..{high}: {ticks:?}"
            );
            let step = tick_step(&ticks);
            let scaled = step / 10f64.powf(step.log10().floor());
            assert!(
                [1.0, 2.0, 2.5, 5.0]
                    .iter()
                    .any(|nice| (scaled - nice).abs() < 1e-6),
                "{low}..{high}: step {step}"
            );
        }
    }
}
