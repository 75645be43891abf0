//! The published rule on a whole cohort: each patient's last value of each analyte (as the
//! study did), a confusion matrix against the recorded outcomes, and the patients the rule
//! cannot assess, counted by outcome and by the value they lack.

use super::bands::match_analyte;
use super::rule::{Branch, Prediction, RuleAnalyte, RuleInputs, RuleResult, apply_rule};
use crate::model::{Cohort, CohortOutcome};

/// How the rule fared on a cohort.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CohortCheck {
    /// `matrix[actual][predicted]`, index 0 survival, 1 death.
    pub matrix: [[usize; 2]; 2],
    /// Patients the rule could not assess, by actual outcome (0 survived, 1 died).
    pub unassessable: [usize; 2],
    /// Unassessable patients by the value the tree lacked.
    pub missing: Vec<(RuleAnalyte, usize)>,
    /// Assessed patients by branch.
    pub branches: Vec<(Branch, usize)>,
    /// Analytes the cohort lacks in a usable unit (the rule cannot read them at all).
    pub absent_analytes: Vec<RuleAnalyte>,
}

impl CohortCheck {
    pub fn assessed(&self) -> usize {
        self.matrix.iter().flatten().sum()
    }

    /// Correct predictions over assessed patients; `None` when none was assessed.
    pub fn accuracy(&self) -> Option<f64> {
        let assessed = self.assessed();
        (assessed > 0).then(|| (self.matrix[0][0] + self.matrix[1][1]) as f64 / assessed as f64)
    }

    /// Deaths predicted as deaths over assessed deaths (sensitivity for death).
    pub fn death_sensitivity(&self) -> Option<f64> {
        let deaths = self.matrix[1][0] + self.matrix[1][1];
        (deaths > 0).then(|| self.matrix[1][1] as f64 / deaths as f64)
    }

    /// Survivors predicted to survive over assessed survivors (specificity for death).
    pub fn survival_specificity(&self) -> Option<f64> {
        let survivors = self.matrix[0][0] + self.matrix[0][1];
        (survivors > 0).then(|| self.matrix[0][0] as f64 / survivors as f64)
    }
}

fn slot_of_outcome(outcome: CohortOutcome) -> usize {
    match outcome {
        CohortOutcome::Survived => 0,
        CohortOutcome::Died => 1,
    }
}

fn slot_of_prediction(prediction: Prediction) -> usize {
    match prediction {
        Prediction::Survival => 0,
        Prediction::Death => 1,
    }
}

/// Applies the rule to every patient's last sample of each analyte.
/// Units convert only as the unit table says, exactly.
pub fn check_cohort(cohort: &Cohort) -> CohortCheck {
    let mut check = CohortCheck::default();
    // Per analyte, per patient: the last value, in the rule's unit.
    let mut last: Vec<Vec<Option<f64>>> = Vec::new();
    for analyte in RuleAnalyte::ALL {
        let mut values = vec![None; cohort.patients.len()];
        match match_analyte(cohort, analyte.marker(), analyte.unit()) {
            Some(found) => {
                let samples = &cohort.analytes[found.analyte].samples;
                for (patient, rows) in samples.patient_runs() {
                    let value = rows.clone().next_back().map(|row| samples.value[row]);
                    if let Some(slot) = values.get_mut(patient as usize) {
                        *slot = value.map(|value| value * found.factor);
                    }
                }
            }
            None => check.absent_analytes.push(analyte),
        }
        last.push(values);
    }
    for (index, patient) in cohort.patients.iter().enumerate() {
        let inputs = RuleInputs {
            ldh: last[0][index],
            hs_crp: last[1][index],
            lymphocytes_percent: last[2][index],
        };
        let actual = slot_of_outcome(patient.outcome);
        match apply_rule(inputs) {
            RuleResult::Reached(branch) => {
                check.matrix[actual][slot_of_prediction(branch.prediction())] += 1;
                bump(&mut check.branches, branch);
            }
            RuleResult::Unassessable { missing } => {
                check.unassessable[actual] += 1;
                bump(&mut check.missing, missing);
            }
        }
    }
    check
}

fn bump<T: PartialEq>(counts: &mut Vec<(T, usize)>, key: T) {
    match counts.iter_mut().find(|(existing, _)| *existing == key) {
        Some((_, count)) => *count += 1,
        None => counts.push((key, 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cohort::build_cohort;
    use crate::analysis::cohort::test_cases::{at, case};

    #[test]
    fn the_last_value_of_each_analyte_decides_and_gaps_are_counted() {
        let cases = vec![
            // Died; last LDH 400 → predicted death (right).
            case(
                "1",
                true,
                vec![("ldh", "U/L", vec![(at(2, 8), 200.0), (at(9, 8), 400.0)])],
            ),
            // Survived; LDH 200, hs-CRP 10 → survival (right).
            case(
                "2",
                false,
                vec![
                    ("ldh", "U/L", vec![(at(2, 8), 200.0)]),
                    ("hs_crp", "mg/L", vec![(at(2, 8), 10.0)]),
                ],
            ),
            // Died; LDH 200, hs-CRP 50, lymphocytes 20 % → survival (wrong).
            case(
                "3",
                true,
                vec![
                    ("ldh", "U/L", vec![(at(2, 8), 200.0)]),
                    ("hs_crp", "mg/L", vec![(at(2, 8), 50.0)]),
                    ("lymphocytes_percent", "%", vec![(at(2, 8), 20.0)]),
                ],
            ),
            // Survived; no LDH → unassessable.
            case("4", false, vec![("hs_crp", "mg/L", vec![(at(2, 8), 5.0)])]),
        ];
        let (cohort, _) = build_cohort(&cases, "t", "t");
        let check = check_cohort(&cohort);
        assert_eq!(check.matrix, [[1, 0], [1, 1]]);
        assert_eq!(check.unassessable, [1, 0]);
        assert_eq!(check.missing, vec![(RuleAnalyte::Ldh, 1)]);
        assert_eq!(check.accuracy(), Some(2.0 / 3.0));
        assert_eq!(check.death_sensitivity(), Some(0.5));
    }
}
