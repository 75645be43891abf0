//! Blood gas: pH, PaO₂, PaCO₂, bicarbonate, lactate, base excess and PaO₂/FiO₂.

use super::sources::{BERLIN, COMMON, MARKERS_MD};
use super::{BASE, MarkerCategory, MarkerDefinition, Panel, at_least, between};

const GAS: MarkerDefinition = MarkerDefinition {
    panel: Panel::BloodGas,
    interval_source: COMMON,
    ..BASE
};

pub const MARKERS: &[MarkerDefinition] = &[
    MarkerDefinition {
        id: "bicarbonate",
        name: "HCO₃⁻",
        loinc: "1963-8",
        other_loinc: &["1959-6", "2028-9", "14627-4"],
        unit: "mmol/L",
        interval: between(22.0, 29.0),
        interval_source: COMMON,
        synonyms: &[
            "HCO3-",
            "HCO3",
            "bicarbonate",
            "total CO2",
            "TCO2",
            "standard bicarbonate",
        ],
        ..GAS
    },
    MarkerDefinition {
        id: "ph",
        name: "pH",
        loinc: "2744-1",
        other_loinc: &["11558-4"],
        unit: "[pH]",
        interval: between(7.35, 7.45),
        synonyms: &["PH value", "pH", "arterial pH", "blood pH"],
        ..GAS
    },
    MarkerDefinition {
        id: "pao2",
        name: "PaO₂",
        loinc: "2703-7",
        other_loinc: &["11556-8"],
        unit: "mm[Hg]",
        interval: between(80.0, 100.0),
        interval_source: MARKERS_MD,
        synonyms: &["PaO2", "arterial oxygen partial pressure", "pO2"],
        ..GAS
    },
    MarkerDefinition {
        id: "paco2",
        name: "PaCO₂",
        loinc: "2019-8",
        other_loinc: &["11557-6"],
        unit: "mm[Hg]",
        interval: between(35.0, 45.0),
        synonyms: &["PaCO2", "arterial carbon dioxide partial pressure", "pCO2"],
        ..GAS
    },
    MarkerDefinition {
        id: "lactate",
        name: "Lactate",
        loinc: "2524-7",
        other_loinc: &["32693-4", "2518-9"],
        unit: "mmol/L",
        interval: between(0.5, 2.2),
        synonyms: &["lactate", "lactic acid", "Lac", "blood lactate"],
        ..GAS
    },
    MarkerDefinition {
        id: "base_excess",
        name: "Base excess",
        loinc: "1925-7",
        other_loinc: &["11555-0"],
        unit: "mmol/L",
        interval: between(-3.0, 3.0),
        synonyms: &["base excess", "BE", "ABE", "SBE"],
        ..GAS
    },
    MarkerDefinition {
        id: "pf_ratio",
        name: "PaO₂/FiO₂",
        loinc: "50984-4",
        unit: "mm[Hg]",
        interval: at_least(400.0),
        interval_source: BERLIN,
        category: MarkerCategory::Derived,
        // Not "oxygenation index": Chinese reports use it for P/F, others for
        // FiO₂ × mean airway pressure × 100 / PaO₂; the importer asks.
        synonyms: &[
            "P/F",
            "PF ratio",
            "PaO2/FiO2",
            "Horowitz index",
            "P/F ratio",
        ],
        ..GAS
    },
];
