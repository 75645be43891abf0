//! The values of numeric Observations: the number with its comparator and unit, the source's
//! reference range, and the body weight that goes into the patient's details.

use super::types::observation::Observation;
use crate::io::import::batch::{Batch, SourceRange};
use crate::io::import::time_parse::time_key;
use crate::io::import::values::{CellReading, ReadValue, read_value_text};
use crate::model::{CaseTime, Censoring, ReferenceInterval};

pub fn numeric_value(observation: &Observation) -> CellReading {
    if let Some(quantity) = &observation.value_quantity {
        let Some(value) = quantity.value.filter(|value| value.is_finite()) else {
            return CellReading::Rejected("valueQuantity has no value".to_owned());
        };
        let censored = match quantity.comparator.as_deref() {
            None => None,
            Some("<" | "<=") => Some(Censoring::Below),
            Some(">" | ">=") => Some(Censoring::Above),
            Some(other) => {
                return CellReading::Rejected(format!(
                    "valueQuantity.comparator `{other}` is not one FHIR defines"
                ));
            }
        };
        return CellReading::Value(ReadValue {
            value,
            censored,
            unit: quantity.unit_text(),
        });
    }
    if let Some(number) = observation.value_integer {
        return CellReading::Value(ReadValue {
            value: number as f64,
            censored: None,
            unit: None,
        });
    }
    match &observation.value_string {
        Some(text) => read_value_text(text, false),
        None => CellReading::Empty,
    }
}

/// The first `referenceRange` with a bound, in the unit its bounds are written in.
pub fn source_range(observation: &Observation) -> Option<SourceRange> {
    observation.reference_range.iter().find_map(|range| {
        let low = range.low.as_ref().and_then(|q| q.value);
        let high = range.high.as_ref().and_then(|q| q.value);
        if low.is_none() && high.is_none() {
            return None;
        }
        let unit = [&range.low, &range.high]
            .into_iter()
            .flatten()
            .find_map(|quantity| quantity.unit_text());
        Some(SourceRange {
            interval: ReferenceInterval { low, high },
            unit,
        })
    })
}

/// The patient's weight: the last one measured up to the day of admission, else the first.
pub fn set_weights(mut weights: Vec<(usize, CaseTime, f64)>, batch: &mut Batch) {
    weights.sort_by_key(|(patient, time, _)| (*patient, time_key(time)));
    for (index, record) in batch.patients.iter_mut().enumerate() {
        let own: Vec<&(usize, CaseTime, f64)> = weights
            .iter()
            .filter(|(patient, ..)| *patient == index)
            .collect();
        let admitted = record
            .admission
            .and_then(|time| time.calendar_date())
            .map(|date| date.and_time(chrono::NaiveTime::MIN) + chrono::Duration::days(1));
        let before = own
            .iter()
            .rev()
            .find(|(_, time, _)| admitted.is_some_and(|limit| time_key(time) < limit));
        if let Some((_, _, kg)) = before.or(own.first()) {
            record.weight_kg = Some(*kg);
        }
    }
}
