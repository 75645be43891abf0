//! One cohort patient as a case, so the cohort view can open a patient like any case file.
//!
//! The case holds what the cohort holds and nothing more: admission, end of stay and outcome,
//! age and sex, and every analyte's samples in the cohort's units, at admission plus the
//! stored seconds. Its title says which cohort it is from, and its source is the cohort's
//! attribution, so every view and export of it names where it came from.

use chrono::Duration;

use crate::model::marker::find_marker;
use crate::model::{
    CURRENT_FORMAT_VERSION, Case, CaseMetadata, CaseTime, ClinicalEvent, Cohort, CohortOutcome,
    CustomMarker, EventKind, Patient, Sample, Series, TimeAnchors,
};

/// The title of a cohort patient's case: `Patient 17 of Tongji 375 (Yan et al. 2020)`.
pub fn patient_title(cohort: &Cohort, patient: usize) -> Option<String> {
    let entry = cohort.patients.get(patient)?;
    Some(format!("Patient {} of {}", entry.id, cohort.name))
}

/// The case of patient `patient` (an index into [`Cohort::patients`]); `None` when there is
/// no such patient.
pub fn patient_case(cohort: &Cohort, patient: usize) -> Option<Case> {
    let entry = cohort.patients.get(patient)?;
    let index = u32::try_from(patient).ok()?;
    let at = |seconds: i64| CaseTime::DateTime(entry.admission + Duration::seconds(seconds));
    let series = cohort
        .analytes
        .iter()
        .filter_map(|analyte| {
            let samples = &analyte.samples;
            let rows = samples.patient_runs().find(|(owner, _)| *owner == index)?.1;
            let custom = find_marker(&analyte.marker)
                .is_none()
                .then(|| CustomMarker {
                    name: analyte.name.clone(),
                    loinc: None,
                    reference: None,
                });
            Some(Series {
                marker: analyte.marker.clone(),
                unit: Some(analyte.unit.clone()),
                custom,
                imported_from: Some(format!("{}, patient {}", cohort.name, entry.id)),
                samples: rows
                    .map(|row| {
                        Sample::new(at(samples.seconds_from_admission[row]), samples.value[row])
                    })
                    .collect(),
                ..Series::default()
            })
        })
        .collect();
    let end = entry.end.map(CaseTime::DateTime);
    let outcome_text = match entry.outcome {
        CohortOutcome::Survived => "Discharged alive",
        CohortOutcome::Died => "Died",
    };
    let events = end
        .map(|time| ClinicalEvent {
            time,
            kind: match entry.outcome {
                CohortOutcome::Survived => EventKind::Discharge,
                CohortOutcome::Died => EventKind::Death,
            },
            text: format!("{outcome_text} (as the cohort records)"),
            stated_illness_day: None,
            end: None,
        })
        .into_iter()
        .collect();
    Some(Case {
        format_version: CURRENT_FORMAT_VERSION,
        metadata: CaseMetadata {
            title: patient_title(cohort, patient)?,
            source: Some(cohort.attribution.clone()),
            keywords: vec!["reference cohort".to_owned(), cohort.name.clone()],
            ..CaseMetadata::default()
        },
        patient: Patient {
            source_id: Some(entry.id.clone()),
            age_years: entry.age_years,
            sex: entry.sex,
            summary: Some(format!(
                "{outcome_text}. A patient of the reference cohort {}: laboratory values only, \
                 as the cohort holds them.",
                cohort.name
            )),
            ..Patient::default()
        },
        anchors: TimeAnchors {
            symptom_onset: None,
            admission: Some(CaseTime::DateTime(entry.admission)),
            discharge: end,
        },
        series,
        interventions: Vec::new(),
        events,
        milestones: Vec::new(),
        episodes: Vec::new(),
        notes: Vec::new(),
        view: None,
        narrative: Default::default(),
        teaching: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cohort::build_cohort;
    use crate::analysis::cohort::test_cases::{at, case};

    #[test]
    fn a_patient_case_holds_the_cohort_samples_outcome_and_attribution() {
        let cases = vec![
            case("a", false, vec![("ldh", "U/L", vec![(at(2, 8), 310.0)])]),
            case(
                "b",
                true,
                vec![
                    ("ldh", "U/L", vec![(at(1, 20), 400.0), (at(3, 8), 650.0)]),
                    ("odd", "{unit not stated}", vec![(at(2, 8), 1.5)]),
                ],
            ),
        ];
        let (cohort, _) = build_cohort(&cases, "Test cohort", "Made up, CC0");
        let case = patient_case(&cohort, 1).expect("patient b exists");
        assert_eq!(case.metadata.title, "Patient b of Test cohort");
        assert_eq!(case.metadata.source.as_deref(), Some("Made up, CC0"));
        assert_eq!(case.patient.source_id.as_deref(), Some("b"));
        assert_eq!(
            case.events.first().map(|event| event.kind),
            Some(EventKind::Death)
        );
        let ldh = case
            .series
            .iter()
            .find(|series| series.marker == "ldh")
            .expect("LDH");
        let values: Vec<_> = ldh
            .samples
            .iter()
            .map(|sample| (sample.time, sample.value))
            .collect();
        assert_eq!(values, vec![(at(1, 20), 400.0), (at(3, 8), 650.0)]);
        let odd = case
            .series
            .iter()
            .find(|series| series.marker == "odd")
            .expect("custom");
        assert!(
            odd.custom.is_some(),
            "a marker the catalog lacks is described"
        );
        let findings = crate::model::validate(&case);
        assert_eq!(findings.errors().count(), 0, "{findings:?}");
        assert!(patient_case(&cohort, 2).is_none());
    }
}
