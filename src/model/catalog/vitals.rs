//! Vital signs and bedside oxygen therapy.

use super::sources::{MARKERS_MD, VITALS};
use super::{BASE, MarkerCategory, MarkerDefinition, Panel, between};

const VITAL: MarkerDefinition = MarkerDefinition {
    unit: "/min",
    panel: Panel::VitalSigns,
    category: MarkerCategory::VitalSign,
    interval_source: MARKERS_MD,
    ..BASE
};

pub const MARKERS: &[MarkerDefinition] = &[
    MarkerDefinition {
        id: "spo2",
        name: "SpO₂",
        loinc: "59408-5",
        other_loinc: &["2708-6", "20564-1", "59417-6"],
        unit: "%",
        interval: between(95.0, 100.0),
        synonyms: &["SpO2", "oxygen saturation", "pulse oximetry", "O2 sat"],
        ..VITAL
    },
    MarkerDefinition {
        id: "respiratory_rate",
        name: "Respiratory rate",
        loinc: "9279-1",
        interval: between(12.0, 20.0),
        synonyms: &["RR", "respiratory rate", "resp rate"],
        ..VITAL
    },
    MarkerDefinition {
        id: "heart_rate",
        name: "Heart rate",
        loinc: "8867-4",
        other_loinc: &["8889-8"],
        interval: between(60.0, 100.0),
        synonyms: &["HR", "heart rate", "pulse"],
        ..VITAL
    },
    MarkerDefinition {
        id: "temperature",
        name: "Body temperature",
        loinc: "8310-5",
        other_loinc: &["8331-1"],
        unit: "Cel",
        interval: between(36.1, 37.2),
        synonyms: &["T", "temp", "temperature", "body temperature"],
        ..VITAL
    },
    MarkerDefinition {
        id: "systolic_bp",
        name: "Systolic blood pressure",
        loinc: "8480-6",
        unit: "mm[Hg]",
        interval: between(90.0, 139.0),
        interval_source: VITALS,
        synonyms: &["systolic blood pressure", "SBP", "systolic BP", "systolic"],
        ..VITAL
    },
    MarkerDefinition {
        id: "diastolic_bp",
        name: "Diastolic blood pressure",
        loinc: "8462-4",
        unit: "mm[Hg]",
        interval: between(60.0, 89.0),
        interval_source: VITALS,
        synonyms: &[
            "diastolic blood pressure",
            "DBP",
            "diastolic BP",
            "diastolic",
        ],
        ..VITAL
    },
    MarkerDefinition {
        id: "mean_arterial_pressure",
        name: "Mean arterial pressure",
        loinc: "8478-0",
        unit: "mm[Hg]",
        interval: between(70.0, 105.0),
        interval_source: VITALS,
        synonyms: &["mean arterial pressure", "MAP"],
        ..VITAL
    },
    MarkerDefinition {
        id: "fio2",
        name: "FiO₂",
        loinc: "3150-0",
        other_loinc: &["19996-8"],
        unit: "%",
        interval: super::CatalogInterval::None,
        interval_source: "a setting, not a measurement: no reference interval",
        synonyms: &[
            "FiO2",
            "inspired oxygen fraction",
            "fraction of inspired oxygen",
        ],
        ..VITAL
    },
];
