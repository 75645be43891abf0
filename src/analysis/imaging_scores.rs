//! The severity scores of successive imaging studies as series for the trajectory view: one
//! series per score kind (CT 0–25, Brixia 0–18), in time order, with each study's label.
//! Studies without a date or a score are left out (they cannot be placed or have no value).

use crate::model::{Case, CaseTime, DayPosition, Modality, Timeline};

/// One scored study.
#[derive(Clone, Debug, PartialEq)]
pub struct SeverityPoint {
    pub time: CaseTime,
    /// Where `time` falls on the case's day axis.
    pub position: DayPosition,
    /// The total score: CT 0–25, Brixia 0–18.
    pub score: f64,
    /// The highest total of this kind of score, for the axis.
    pub max_score: f64,
    pub label: String,
    pub modality: Modality,
}

/// Every dated, scored study of the case, ordered by modality then time. Consecutive points
/// of the same modality form one series: a CT series and a chest X-ray series never mix
/// (their scales differ).
pub fn severity_points(case: &Case) -> Vec<SeverityPoint> {
    let timeline = Timeline::for_case(case);
    let mut points: Vec<SeverityPoint> = case
        .milestones
        .iter()
        .filter_map(|milestone| {
            let score = milestone.severity?;
            // A score of another modality's kind is a validation error; never plot it.
            if score.modality() != milestone.modality {
                return None;
            }
            let time = milestone.time?;
            let position = timeline.position(time).ok()?;
            Some(SeverityPoint {
                time,
                position,
                score: f64::from(score.total()),
                max_score: f64::from(score.max_total()),
                label: milestone.label.clone(),
                modality: milestone.modality,
            })
        })
        .collect();
    points.sort_by(|a, b| {
        (a.modality as u8)
            .cmp(&(b.modality as u8))
            .then(a.position.total_cmp(&b.position))
    });
    points
}

/// The points of one modality, in time order.
pub fn severity_series(case: &Case, modality: Modality) -> Vec<SeverityPoint> {
    severity_points(case)
        .into_iter()
        .filter(|point| point.modality == modality)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ImagingMilestone, SeverityScore};

    fn scored(label: &str, modality: Modality, day: u32, parts: &[u8]) -> ImagingMilestone {
        let mut milestone = ImagingMilestone::new(label, modality);
        milestone.time = Some(CaseTime::Date(
            chrono::NaiveDate::from_ymd_opt(2020, 2, day).unwrap(),
        ));
        let mut score = SeverityScore::zero_for(modality).unwrap();
        for (part, value) in score.parts_mut().into_iter().zip(parts) {
            *part = *value;
        }
        milestone.severity = Some(score);
        milestone
    }

    #[test]
    fn scored_studies_become_one_series_per_modality_in_time_order() {
        let text = "(format_version: 1, metadata: (title: \"t\"), patient: ())";
        let mut case: Case = ron::from_str(text).unwrap();
        case.milestones = vec![
            scored("B2", Modality::Ct, 20, &[3, 2, 4, 3, 4]),
            scored("A1", Modality::ChestXray, 10, &[1, 1, 2, 1, 1, 2]),
            scored("B1", Modality::Ct, 17, &[3, 2, 3, 3, 3]),
            ImagingMilestone::new("B3", Modality::Ct),
        ];
        let ct = severity_series(&case, Modality::Ct);
        let labels: Vec<&str> = ct.iter().map(|point| point.label.as_str()).collect();
        assert_eq!(labels, vec!["B1", "B2"]);
        assert_eq!(ct[0].score, 14.0);
        assert_eq!(ct[1].score, 16.0);
        assert_eq!(ct[0].max_score, 25.0);
        assert!(ct[0].position < ct[1].position);
        let xray = severity_series(&case, Modality::ChestXray);
        assert_eq!(
            (xray.len(), xray[0].score, xray[0].max_score),
            (1, 8.0, 18.0)
        );
    }
}
