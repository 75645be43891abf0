//! Coagulation: clotting times, fibrinogen, fibrinolysis markers (D-dimer in FEU and in DDU,
//! two markers that are never converted into each other), antithrombin.

use super::sources::{COMMON, MARKERS_MD};
use super::{BASE, MarkerDefinition, Panel, between};

const COAGULATION: MarkerDefinition = MarkerDefinition {
    panel: Panel::Coagulation,
    interval_source: COMMON,
    ..BASE
};

pub const MARKERS: &[MarkerDefinition] = &[
    MarkerDefinition {
        id: "pt",
        name: "Prothrombin time",
        loinc: "5902-2",
        unit: "s",
        interval: between(11.0, 14.5),
        synonyms: &["Prothrombin time", "PT"],
        ..COAGULATION
    },
    MarkerDefinition {
        id: "inr",
        name: "INR",
        loinc: "6301-6",
        other_loinc: &["34714-6"],
        unit: "{INR}",
        interval: between(0.8, 1.2),
        synonyms: &[
            "International standard ratio",
            "International normalized ratio",
            "international normalised ratio",
            "PT-INR",
        ],
        ..COAGULATION
    },
    MarkerDefinition {
        id: "prothrombin_activity",
        name: "Prothrombin activity",
        loinc: "5894-1",
        unit: "%",
        interval: between(70.0, 130.0),
        synonyms: &["Prothrombin activity", "PTA", "PT activity", "Quick value"],
        ..COAGULATION
    },
    MarkerDefinition {
        id: "aptt",
        name: "APTT",
        loinc: "3173-2",
        other_loinc: &["14979-9"],
        unit: "s",
        interval: between(25.0, 37.0),
        synonyms: &[
            "Activation of partial thromboplastin time",
            "activated partial thromboplastin time",
            "APTT",
            "PTT",
            "aPTT",
        ],
        ..COAGULATION
    },
    MarkerDefinition {
        id: "thrombin_time",
        name: "Thrombin time",
        loinc: "3243-3",
        unit: "s",
        interval: between(14.0, 21.0),
        synonyms: &["Thrombin time", "TT"],
        ..COAGULATION
    },
    MarkerDefinition {
        id: "fibrinogen",
        name: "Fibrinogen",
        loinc: "3255-7",
        unit: "g/L",
        interval: between(2.0, 4.0),
        synonyms: &["fibrinogen", "FIB", "FIB-C"],
        ..COAGULATION
    },
    MarkerDefinition {
        id: "d_dimer",
        name: "D-dimer",
        loinc: "48065-7",
        unit: "mg/L{FEU}",
        interval: between(0.0, 0.5),
        interval_source: MARKERS_MD,
        synonyms: &["D-D dimer", "D-dimer", "D dimer", "D-dimer FEU"],
        spans_decades: true,
        ..COAGULATION
    },
    MarkerDefinition {
        id: "d_dimer_ddu",
        name: "D-dimer (DDU)",
        loinc: "48066-5",
        unit: "mg/L{DDU}",
        interval: between(0.0, 0.25),
        interval_source: "about half the FEU cut-off; assay-specific, confirm against the reporting laboratory",
        synonyms: &["D-dimer DDU"],
        spans_decades: true,
        ..COAGULATION
    },
    MarkerDefinition {
        id: "fdp",
        name: "FDP",
        loinc: "3246-6",
        unit: "mg/L",
        interval: between(0.0, 5.0),
        synonyms: &[
            "Fibrin degradation products",
            "fibrin(ogen) degradation products",
            "FDP",
        ],
        spans_decades: true,
        ..COAGULATION
    },
    MarkerDefinition {
        id: "antithrombin",
        name: "Antithrombin",
        loinc: "27811-9",
        unit: "%",
        interval: between(80.0, 120.0),
        synonyms: &[
            "antithrombin",
            "antithrombin III",
            "AT-III",
            "AT III activity",
        ],
        ..COAGULATION
    },
];
