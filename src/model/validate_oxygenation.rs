//! Oxygenation coherence: PaO₂, FiO₂ and PaO₂/FiO₂ recorded on the same day must fit
//! together, because P/F *is* PaO₂ divided by FiO₂.
//!
//! FiO₂ comes from a sample's `oxygen` field (room air is 0.21). For each day that has both a
//! PaO₂ and a P/F value (in mmHg), the checker warns when
//! - the FiO₂ is known and PaO₂/FiO₂ differs from the recorded P/F by more than
//!   [`PF_TOLERANCE_SHARE`] (or [`PF_TOLERANCE_MMHG`], whichever is larger: rounding);
//! - the FiO₂ is not recorded and the pair implies an FiO₂ below room air or above 1.0, which
//!   no patient breathes;
//! - the FiO₂ is not recorded, another value of that day (an SpO₂, say) was on room air, and
//!   the pair implies a different FiO₂: the values cannot all be right if the blood gas was
//!   drawn on room air too.
//!
//! These are warnings, not errors: a late-day change of oxygen can explain a mismatch, and the
//! reviewer decides. A FiO₂ outside 0.21–1.0 is an error (it is given as a fraction).

use std::collections::BTreeMap;

use super::case::Case;
use super::series::{Oxygen, ROOM_AIR_FIO2, Sample, Series};
use super::timeline::Timeline;
use super::validate::{Finding, Severity};

/// P/F may differ from PaO₂/FiO₂ by this share before a warning.
pub const PF_TOLERANCE_SHARE: f64 = 0.05;
/// …or by this many mmHg, whichever is larger (integer PaO₂ at low FiO₂ rounds by ~2.5).
pub const PF_TOLERANCE_MMHG: f64 = 5.0;
/// An implied FiO₂ may differ from room air's by this much before a warning.
const FIO2_TOLERANCE: f64 = 0.02;

const MMHG: &str = "mm[Hg]";

/// A sample with its field path.
struct Located<'case> {
    path: String,
    sample: &'case Sample,
}

/// Every oxygenation finding of a case.
pub(super) fn oxygenation_findings(case: &Case, timeline: &Timeline) -> Vec<Finding> {
    let mut findings = fio2_range_errors(case);
    let pao2 = by_day(case, timeline, "pao2");
    let pf = by_day(case, timeline, "pf_ratio");
    let room_air = room_air_days(case, timeline);
    for (day, pf_samples) in &pf {
        let (Some(pf_sample), Some(pao2_sample)) = (
            pf_samples.first(),
            pao2.get(day).and_then(|samples| samples.first()),
        ) else {
            continue;
        };
        if let Some(finding) = check_pair(pao2_sample, pf_sample, room_air.get(day)) {
            findings.push(finding);
        }
    }
    findings
}

fn warning(path: &str, message: String) -> Finding {
    Finding {
        severity: Severity::Warning,
        path: path.to_owned(),
        message,
    }
}

fn check_pair(pao2: &Located, pf: &Located, room_air: Option<&String>) -> Option<Finding> {
    let (pao2_value, pf_value) = (pao2.sample.value, pf.sample.value);
    if !(pao2_value.is_finite() && pf_value.is_finite()) || pf_value <= 0.0 {
        return None;
    }
    let time = pf.sample.time;
    let pao2_fio2 = pao2.sample.oxygen.and_then(Oxygen::fio2);
    let pf_fio2 = pf.sample.oxygen.and_then(Oxygen::fio2);
    if let (Some(left), Some(right)) = (pao2_fio2, pf_fio2)
        && (left - right).abs() > 0.005
    {
        return Some(warning(
            &pf.path,
            format!(
                "P/F on {time} is recorded at FiO₂ {right}, but PaO₂ ({}) at FiO₂ {left}; give both the FiO₂ the blood gas was drawn at",
                pao2.path
            ),
        ));
    }
    if let Some(fio2) = pao2_fio2.or(pf_fio2) {
        let expected = pao2_value / fio2;
        let tolerance = (pf_value * PF_TOLERANCE_SHARE).max(PF_TOLERANCE_MMHG);
        return ((expected - pf_value).abs() > tolerance).then(|| {
            warning(
                &pf.path,
                format!(
                    "P/F {pf_value} mmHg on {time} disagrees with PaO₂ {pao2_value} mmHg ({}) at FiO₂ {fio2}, which gives {expected:.0} mmHg; correct one of the three values or the FiO₂",
                    pao2.path
                ),
            )
        });
    }
    let implied = pao2_value / pf_value;
    if !(ROOM_AIR_FIO2 - FIO2_TOLERANCE..=1.0 + FIO2_TOLERANCE).contains(&implied) {
        return Some(warning(
            &pf.path,
            format!(
                "P/F {pf_value} mmHg and PaO₂ {pao2_value} mmHg ({}) on {time} imply FiO₂ {implied:.2}, outside room air (0.21) to pure oxygen (1.0); correct one of the two values",
                pao2.path
            ),
        ));
    }
    let room_air = room_air?;
    ((implied - ROOM_AIR_FIO2).abs() > FIO2_TOLERANCE).then(|| {
        warning(
            &pf.path,
            format!(
                "P/F {pf_value} mmHg and PaO₂ {pao2_value} mmHg ({}) on {time} imply FiO₂ {implied:.2}, but {room_air} was on room air that day, where PaO₂ {pao2_value} mmHg gives P/F {:.0} mmHg; record the blood gas's `oxygen` or make the values agree",
                pao2.path,
                pao2_value / ROOM_AIR_FIO2
            ),
        )
    })
}

/// The samples of the first series of `marker` in mmHg, by whole day on the case axis.
fn by_day<'case>(
    case: &'case Case,
    timeline: &Timeline,
    marker: &str,
) -> BTreeMap<i64, Vec<Located<'case>>> {
    let mut days: BTreeMap<i64, Vec<Located>> = BTreeMap::new();
    let Some((index, series)) = case
        .series
        .iter()
        .enumerate()
        .find(|(_, series)| series.marker == marker && series.unit() == Some(MMHG))
    else {
        return days;
    };
    for (sample_index, sample, day) in placed(series, timeline) {
        days.entry(day).or_default().push(Located {
            path: format!("series[{index}].samples[{sample_index}]"),
            sample,
        });
    }
    days
}

/// Days on which some value was recorded on room air, with that value's path.
fn room_air_days(case: &Case, timeline: &Timeline) -> BTreeMap<i64, String> {
    let mut days = BTreeMap::new();
    for (index, series) in case.series.iter().enumerate() {
        for (sample_index, sample, day) in placed(series, timeline) {
            if sample.oxygen == Some(Oxygen::RoomAir) {
                days.entry(day)
                    .or_insert_with(|| format!("series[{index}].samples[{sample_index}]"));
            }
        }
    }
    days
}

fn placed<'series>(
    series: &'series Series,
    timeline: &Timeline,
) -> impl Iterator<Item = (usize, &'series Sample, i64)> {
    series
        .samples
        .iter()
        .enumerate()
        .filter_map(move |(index, sample)| {
            let position = timeline.position(sample.time).ok()?;
            // Positions come from dates in one stay; the clamp only guards against nonsense.
            Some((index, sample, position.floor().clamp(-1.0e9, 1.0e9) as i64))
        })
}

fn fio2_range_errors(case: &Case) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, series) in case.series.iter().enumerate() {
        for (sample_index, sample) in series.samples.iter().enumerate() {
            if let Some(Oxygen::Supplemental { fio2: Some(fio2) }) = sample.oxygen
                && !(ROOM_AIR_FIO2..=1.0).contains(&fio2)
            {
                findings.push(Finding {
                    severity: Severity::Error,
                    path: format!("series[{index}].samples[{sample_index}].oxygen"),
                    message: format!(
                        "FiO₂ {fio2} is outside 0.21–1.0; give FiO₂ as a fraction (40 % is 0.4)"
                    ),
                });
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate;

    /// Peng's admission day as the issue found it, and variants of it.
    fn case(pao2: Sample, pf: Sample, spo2: Option<Sample>) -> Case {
        let mut text = String::from(
            "(format_version: 1, metadata: (title: \"t\"), patient: (), \
             anchors: (admission: Some(Date(\"2020-02-03\"))), series: [",
        );
        let mut add = |marker: &str, sample: Sample| {
            let sample = ron::to_string(&sample).unwrap();
            text.push_str(&format!("(marker: \"{marker}\", samples: [{sample}]),"));
        };
        add("pao2", pao2);
        add("pf_ratio", pf);
        if let Some(spo2) = spo2 {
            add("spo2", spo2);
        }
        text.push_str("])");
        ron::from_str(&text).unwrap()
    }

    fn sample(value: f64, oxygen: Option<Oxygen>) -> Sample {
        let time =
            crate::model::CaseTime::Date(chrono::NaiveDate::from_ymd_opt(2020, 2, 3).unwrap());
        let mut sample = Sample::new(time, value);
        sample.oxygen = oxygen;
        sample
    }

    fn warnings(case: &Case) -> Vec<String> {
        validate(case)
            .findings
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn pao2_71_with_pf_243_beside_an_spo2_on_room_air_is_flagged() {
        let found = warnings(&case(
            sample(71.0, None),
            sample(243.0, None),
            Some(sample(90.0, Some(Oxygen::RoomAir))),
        ));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].starts_with("series[1].samples[0]: "), "{found:?}");
        assert!(
            found[0].contains("imply FiO₂ 0.29")
                && found[0].contains("series[2].samples[0] was on room air")
                && found[0].contains("gives P/F 338 mmHg"),
            "{found:?}"
        );
    }

    #[test]
    fn a_coherent_room_air_blood_gas_passes() {
        let found = warnings(&case(
            sample(51.0, Some(Oxygen::RoomAir)),
            sample(243.0, None),
            Some(sample(90.0, Some(Oxygen::RoomAir))),
        ));
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn a_stated_fio2_that_does_not_give_the_pf_is_flagged() {
        let on_forty_percent = Some(Oxygen::Supplemental { fio2: Some(0.4) });
        let found = warnings(&case(
            sample(68.0, on_forty_percent),
            sample(171.0, None),
            None,
        ));
        assert!(found.is_empty(), "68 / 0.4 = 170: {found:#?}");
        let found = warnings(&case(
            sample(88.0, on_forty_percent),
            sample(171.0, None),
            None,
        ));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("which gives 220 mmHg"), "{found:?}");
    }

    #[test]
    fn an_impossible_implied_fio2_is_flagged_without_any_oxygen_stated() {
        let found = warnings(&case(sample(40.0, None), sample(300.0, None), None));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("imply FiO₂ 0.13"), "{found:?}");
        let plausible = warnings(&case(sample(90.0, None), sample(300.0, None), None));
        assert!(plausible.is_empty(), "FiO₂ 0.3 is possible: {plausible:#?}");
    }

    #[test]
    fn a_percentage_given_as_fio2_is_an_error() {
        let report = validate(&case(
            sample(90.0, Some(Oxygen::Supplemental { fio2: Some(40.0) })),
            sample(225.0, None),
            None,
        ));
        assert!(report.has_errors());
        assert!(
            report.findings[0]
                .to_string()
                .contains("samples[0].oxygen: FiO₂ 40 is outside 0.21–1.0"),
            "{:?}",
            report.findings
        );
    }
}
