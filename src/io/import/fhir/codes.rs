//! LOINC codes that real FHIR exports use for what CaseLens knows under another code, and
//! the vital signs and blood-gas analytes the built-in catalog does not (yet) hold.
//!
//! The catalog (`model::marker`) is asked first; this table only fills its gaps, so a code
//! the catalog learns later goes to the catalog marker without a change here. Entries whose
//! `catalog` id the catalog does not hold become custom markers named `name`, the unit taken
//! from the values themselves (never converted).

use super::types::{CodeableConcept, LOINC_SYSTEM};
use crate::model::LabFlag;
use crate::model::MarkerDefinition;
use crate::model::marker::{find_marker, find_marker_by_name};

/// One LOINC code and what it feeds.
#[derive(Clone, Copy, Debug)]
pub struct LoincAlias {
    pub loinc: &'static str,
    /// The catalog marker it measures, when the catalog holds one.
    pub catalog: Option<&'static str>,
    /// The name of the custom marker made when the catalog has no entry for it.
    pub name: &'static str,
}

const fn alias(
    loinc: &'static str,
    catalog: Option<&'static str>,
    name: &'static str,
) -> LoincAlias {
    LoincAlias {
        loinc,
        catalog,
        name,
    }
}

/// Codes seen in EHR and Synthea exports (LOINC 2.7x names, shortened).
pub const LOINC_ALIASES: &[LoincAlias] = &[
    // Oxygen saturation: arterial, by pulse oximetry, and the generic code.
    alias("2708-6", Some("spo2"), "Oxygen saturation"),
    alias("20564-1", Some("spo2"), "Oxygen saturation"),
    alias("59417-6", Some("spo2"), "Oxygen saturation"),
    alias("8889-8", Some("heart_rate"), "Heart rate by pulse oximetry"),
    alias("8331-1", Some("temperature"), "Oral temperature"),
    alias("11556-8", Some("pao2"), "Oxygen partial pressure"),
    alias("8480-6", None, "Systolic blood pressure"),
    alias("8462-4", None, "Diastolic blood pressure"),
    alias("8478-0", None, "Mean blood pressure"),
    alias("29463-7", None, "Body weight"),
    alias("3141-9", None, "Body weight"),
    alias("8302-2", None, "Body height"),
    alias("39156-5", None, "Body mass index"),
    alias("2019-8", None, "PaCO₂"),
    alias("11557-6", None, "PaCO₂"),
    alias("2744-1", None, "pH (arterial)"),
    alias("11558-4", None, "pH"),
    alias("1960-4", None, "Bicarbonate (arterial)"),
    alias("1925-7", None, "Base excess (arterial)"),
    alias("2524-7", None, "Lactate"),
    alias("3150-0", None, "Inhaled oxygen concentration"),
    alias("19994-3", None, "Inhaled oxygen concentration"),
    alias("3151-8", None, "Inhaled oxygen flow rate"),
];

/// Body weight codes; the latest weight before or on admission goes to `Patient::weight_kg`.
pub const BODY_WEIGHT_LOINC: &[&str] = &["29463-7", "3141-9"];

/// What an Observation code feeds: a catalog marker, or a named custom marker.
#[derive(Clone, Copy, Debug)]
pub enum CodeTarget {
    Catalog(&'static MarkerDefinition),
    Custom(&'static str),
}

/// Every LOINC code of the concept, in order, then the first that the catalog or the alias
/// table knows.
pub fn target_for_code(code: &CodeableConcept) -> Option<(&'static str, CodeTarget)> {
    let loinc_codes = code
        .coding
        .iter()
        .filter(|coding| coding.system.as_deref() == Some(LOINC_SYSTEM))
        .filter_map(|coding| coding.code.as_deref());
    let mut fallback = None;
    for loinc in loinc_codes {
        if let Some(definition) = find_marker_by_name(loinc).filter(|d| d.loinc == loinc) {
            return Some((definition.loinc, CodeTarget::Catalog(definition)));
        }
        let Some(entry) = LOINC_ALIASES.iter().find(|entry| entry.loinc == loinc) else {
            continue;
        };
        match entry.catalog.and_then(find_marker) {
            Some(definition) => return Some((entry.loinc, CodeTarget::Catalog(definition))),
            None if fallback.is_none() => {
                fallback = Some((entry.loinc, CodeTarget::Custom(entry.name)));
            }
            None => {}
        }
    }
    fallback
}

/// The flag of `Observation.interpretation` (v2-0078 / v3 ObservationInterpretation codes);
/// `N` and unknown codes give none.
pub fn interpretation_flag(interpretation: &[CodeableConcept]) -> Option<LabFlag> {
    interpretation
        .iter()
        .flat_map(|concept| &concept.coding)
        .filter_map(|coding| coding.code.as_deref())
        .find_map(|code| match code {
            "H" | "HU" | "H>" => Some(LabFlag::High),
            "L" | "LU" | "L<" => Some(LabFlag::Low),
            "HH" => Some(LabFlag::CriticalHigh),
            "LL" => Some(LabFlag::CriticalLow),
            "A" | "AA" | "POS" | "DET" | "R" => Some(LabFlag::Abnormal),
            _ => None,
        })
}

/// `Observation.interpretation` as words for an event's text: `high`, `Detected`.
pub fn interpretation_words(interpretation: &[CodeableConcept]) -> Option<String> {
    let words: Vec<String> = interpretation
        .iter()
        .filter_map(CodeableConcept::readable)
        .collect();
    (!words.is_empty()).then(|| words.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::fhir::types::Coding;

    fn loinc(codes: &[&str]) -> CodeableConcept {
        CodeableConcept {
            coding: codes
                .iter()
                .map(|code| Coding {
                    system: Some(LOINC_SYSTEM.to_owned()),
                    code: Some((*code).to_owned()),
                    display: None,
                })
                .collect(),
            text: None,
        }
    }

    fn id_of(target: Option<(&str, CodeTarget)>) -> Option<String> {
        target.map(|(_, target)| match target {
            CodeTarget::Catalog(definition) => definition.id.to_owned(),
            CodeTarget::Custom(name) => format!("custom {name}"),
        })
    }

    #[test]
    fn every_oxygen_saturation_code_feeds_the_one_spo2_series() {
        for code in ["59408-5", "2708-6", "20564-1"] {
            assert_eq!(
                id_of(target_for_code(&loinc(&[code]))).as_deref(),
                Some("spo2")
            );
        }
    }

    #[test]
    fn a_catalog_code_after_an_unknown_one_still_wins() {
        let code = loinc(&["99999-9", "59408-5"]);
        assert_eq!(id_of(target_for_code(&code)).as_deref(), Some("spo2"));
        // Systolic pressure is in the catalog now (it was an alias of this table's before).
        assert_eq!(
            id_of(target_for_code(&loinc(&["8480-6"]))).as_deref(),
            Some("systolic_bp")
        );
        assert_eq!(
            target_for_code(&loinc(&["99999-9"])).map(|(code, _)| code),
            None
        );
    }

    #[test]
    fn interpretation_codes_become_flags() {
        let concept = |code: &str| CodeableConcept {
            coding: vec![Coding {
                system: None,
                code: Some(code.to_owned()),
                display: None,
            }],
            text: None,
        };
        assert_eq!(interpretation_flag(&[concept("H")]), Some(LabFlag::High));
        assert_eq!(
            interpretation_flag(&[concept("LL")]),
            Some(LabFlag::CriticalLow)
        );
        assert_eq!(interpretation_flag(&[concept("N")]), None);
    }
}
