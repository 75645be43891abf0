//! Every series of a case placed on the time axis once: each sample's position, its flag
//! against the patient's reference interval and its provenance, in time order, with the
//! series' display name, unit and extents. The trajectory view, its readout, the samples
//! table and playback read these instead of placing and classifying samples every frame;
//! the document keeps them per generation (`app::document::Derived`).

use crate::model::{
    Case, DayPosition, Provenance, RangeClass, ReferenceInterval, Series, Timeline,
};

/// One sample of a case-file series, placed on the axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlacedSample {
    pub position: DayPosition,
    pub value: f64,
    pub range_class: RangeClass,
    pub provenance: Provenance,
}

/// A value at a time, with the previous sample's value (for the readout's change).
#[derive(Clone, Debug, PartialEq)]
pub struct ValueAt {
    pub position: DayPosition,
    pub value: f64,
    pub previous_value: Option<f64>,
    pub range_class: RangeClass,
    pub provenance: Provenance,
}

/// One series of a case as every view draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedSeries {
    /// The marker key, as in the case file.
    pub marker: String,
    /// The name with proper symbols (`Series::display_name`).
    pub name: String,
    /// The unit as clinicians write it, or empty when unknown (`Series::display_unit`).
    pub unit: String,
    /// The interval for this patient (sex-specific where the marker's is).
    pub reference: Option<ReferenceInterval>,
    /// The case file's samples in time order; unplaceable ones are left out (the validator
    /// has reported them). Empty for a series whose samples live in a dense file.
    pub samples: Vec<PlacedSample>,
    /// The lowest and highest finite value over the whole stay.
    pub value_extent: Option<(f64, f64)>,
}

impl PlacedSeries {
    /// Places one series of `case`.
    pub fn place(case: &Case, series: &Series, timeline: &Timeline) -> Self {
        let reference = case.reference_interval(series);
        let classify = |value: f64| reference.map_or(RangeClass::Normal, |r| r.classify(value));
        let mut samples: Vec<PlacedSample> = series
            .samples
            .iter()
            .filter_map(|sample| {
                let position = timeline.position(sample.time).ok()?;
                Some(PlacedSample {
                    position,
                    value: sample.value,
                    range_class: classify(sample.value),
                    provenance: series.sample_provenance(sample),
                })
            })
            .collect();
        // Stable: samples at one time keep the file's order.
        samples.sort_by(|left, right| left.position.total_cmp(&right.position));
        let value_extent = extent(samples.iter().map(|sample| sample.value));
        Self {
            marker: series.marker.clone(),
            name: series.display_name(),
            unit: series.display_unit(),
            reference,
            samples,
            value_extent,
        }
    }

    /// The samples between `start` and `end` (inclusive), found by binary search.
    pub fn samples_within(&self, start: DayPosition, end: DayPosition) -> &[PlacedSample] {
        let first = self
            .samples
            .partition_point(|sample| sample.position < start);
        let last = self
            .samples
            .partition_point(|sample| sample.position <= end);
        self.samples.get(first..last.max(first)).unwrap_or(&[])
    }

    /// The lowest and highest finite value between `x_range.0` and `x_range.1`; the whole
    /// stay's for an unbounded range.
    pub fn value_extent_within(&self, x_range: (f64, f64)) -> Option<(f64, f64)> {
        if x_range.0 == f64::NEG_INFINITY && x_range.1 == f64::INFINITY {
            return self.value_extent;
        }
        extent(
            self.samples_within(x_range.0, x_range.1)
                .iter()
                .map(|sample| sample.value),
        )
    }

    /// The sample at `position`, or the nearest one before it.
    pub fn value_at_or_before(&self, position: DayPosition) -> Option<ValueAt> {
        let index = self
            .samples
            .partition_point(|sample| sample.position <= position);
        let current = self.samples.get(index.checked_sub(1)?)?;
        let previous_value = index
            .checked_sub(2)
            .and_then(|previous| self.samples.get(previous))
            .map(|sample| sample.value);
        Some(ValueAt {
            position: current.position,
            value: current.value,
            previous_value,
            range_class: current.range_class,
            provenance: current.provenance,
        })
    }

    /// The time span the samples cover.
    pub fn time_extent(&self) -> Option<(DayPosition, DayPosition)> {
        Some((
            self.samples.first()?.position,
            self.samples.last()?.position,
        ))
    }
}

/// Every series of the case, in the case's order.
pub fn place_case(case: &Case, timeline: &Timeline) -> Vec<PlacedSeries> {
    case.series
        .iter()
        .map(|series| PlacedSeries::place(case, series, timeline))
        .collect()
}

/// Orders positions in time, the undated (`None`) last.
pub fn dated_first(left: Option<f64>, right: Option<f64>) -> std::cmp::Ordering {
    match (left, right) {
        (Some(left), Some(right)) => left.total_cmp(&right),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// The lowest and highest finite value, if any.
pub fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|value| value.is_finite())
        .fold(None, |extent, value| match extent {
            None => Some((value, value)),
            Some((low, high)) => Some((value.min(low), value.max(high))),
        })
}

/// The whole stay on the time axis: admission to the end of the discharge day, widened to
/// every sample span in `spans` (case-file and dense series alike) and every event or
/// intervention position in `positions` (a case may record treatment long after its last
/// sample: the Liang case has two samples and three weeks of treatment), with a margin.
pub fn stay_range(
    timeline: &Timeline,
    spans: impl IntoIterator<Item = (DayPosition, DayPosition)>,
    positions: impl IntoIterator<Item = DayPosition>,
) -> (f64, f64) {
    let mut low = f64::INFINITY;
    let mut high = f64::NEG_INFINITY;
    let anchors = [
        timeline.admission(),
        timeline.discharge().map(|discharge| discharge + 1.0),
    ];
    for position in anchors.into_iter().flatten() {
        low = low.min(position);
        high = high.max(position);
    }
    for (first, last) in spans {
        low = low.min(first);
        high = high.max(last);
    }
    for position in positions {
        low = low.min(position);
        high = high.max(position + 1.0);
    }
    if !(low.is_finite() && high.is_finite()) {
        return (0.0, 14.0);
    }
    let margin = ((high - low) * 0.02).max(0.25);
    (low - margin, high + margin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled::PENG_2020;

    fn reference_case() -> Case {
        match PENG_2020.load() {
            Ok(loaded) => loaded.case,
            Err(error) => panic!("the bundled case loads: {error}"),
        }
    }

    #[test]
    fn placed_series_are_in_time_order_and_flagged_for_the_patient() {
        let case = reference_case();
        let timeline = Timeline::for_case(&case);
        let placed = place_case(&case, &timeline);
        assert_eq!(placed.len(), case.series.len());
        for (series, placed) in case.series.iter().zip(&placed) {
            assert!(
                placed
                    .samples
                    .windows(2)
                    .all(|pair| pair[0].position <= pair[1].position)
            );
            let reference = case.reference_interval(series);
            for sample in &placed.samples {
                let expected = reference.map_or(RangeClass::Normal, |r| r.classify(sample.value));
                assert_eq!(sample.range_class, expected, "{}", series.marker);
            }
        }
        let flagged = placed
            .iter()
            .flat_map(|series| &series.samples)
            .filter(|sample| sample.range_class != RangeClass::Normal)
            .count();
        assert!(flagged > 0, "the reference case has out-of-range values");
    }

    #[test]
    fn ranges_and_cursor_lookups_use_the_sorted_samples() {
        let sample = |position: f64, value: f64| PlacedSample {
            position,
            value,
            range_class: RangeClass::Normal,
            provenance: Provenance::Published,
        };
        let series = PlacedSeries {
            marker: "crp".into(),
            name: "CRP".into(),
            unit: "mg/L".into(),
            reference: None,
            samples: vec![sample(1.0, 5.0), sample(2.0, 50.0), sample(4.0, f64::NAN)],
            value_extent: Some((5.0, 50.0)),
        };
        assert_eq!(series.value_extent_within((1.5, 3.0)), Some((50.0, 50.0)));
        assert_eq!(series.value_extent_within((2.5, 3.0)), None);
        assert_eq!(
            series.value_extent_within((3.0, 9.0)),
            None,
            "NaN is no value"
        );
        assert_eq!(series.samples_within(1.0, 2.0).len(), 2);
        assert_eq!(series.samples_within(3.0, 1.0).len(), 0);
        let at = series.value_at_or_before(2.5);
        assert_eq!(at.as_ref().map(|at| at.value), Some(50.0));
        assert_eq!(at.and_then(|at| at.previous_value), Some(5.0));
        assert_eq!(series.value_at_or_before(0.5), None);
    }

    #[test]
    fn the_stay_runs_from_admission_to_the_end_of_discharge_day_with_a_margin() {
        let case = reference_case();
        let timeline = Timeline::for_case(&case);
        let (low, high) = stay_range(&timeline, [], []);
        let (Some(admission), Some(discharge)) = (timeline.admission(), timeline.discharge())
        else {
            panic!("the reference case has both anchors");
        };
        let margin = ((discharge + 1.0 - admission) * 0.02).max(0.25);
        assert!((low - (admission - margin)).abs() < 1e-9);
        assert!((high - (discharge + 1.0 + margin)).abs() < 1e-9);
        let (_, later) = stay_range(&timeline, [(admission, discharge + 30.0)], []);
        assert!(later > discharge + 30.0);
    }
}
