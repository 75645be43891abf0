//! Full blood count: leukocytes and the differential (as absolute counts and as percentages,
//! always separate markers), red cells and their indices, platelets and platelet indices.

use super::sources::{COMMON, MARKERS_MD, WS_T_405};
use super::{BASE, MarkerDefinition, Panel, between, by_sex};

const COUNT: MarkerDefinition = MarkerDefinition {
    unit: "10*9/L",
    panel: Panel::BloodCount,
    interval_source: WS_T_405,
    ..BASE
};
const PERCENT: MarkerDefinition = MarkerDefinition {
    unit: "%",
    panel: Panel::BloodCount,
    interval_source: WS_T_405,
    ..BASE
};
const RED: MarkerDefinition = MarkerDefinition {
    panel: Panel::RedCells,
    interval_source: WS_T_405,
    ..BASE
};
const PLATELET: MarkerDefinition = MarkerDefinition {
    panel: Panel::Platelets,
    interval_source: COMMON,
    ..BASE
};

pub const MARKERS: &[MarkerDefinition] = &[
    MarkerDefinition {
        id: "leukocytes",
        name: "Leukocytes",
        loinc: "6690-2",
        other_loinc: &["26464-8", "804-5"],
        interval: between(3.5, 9.5),
        synonyms: &["White blood cell count", "WBC", "leukocyte count"],
        ..COUNT
    },
    MarkerDefinition {
        id: "neutrophils",
        name: "Neutrophils",
        loinc: "751-8",
        other_loinc: &["26499-4", "753-4"],
        interval: between(1.8, 6.3),
        interval_source: MARKERS_MD,
        synonyms: &["neutrophils count", "neutrophil count", "NEUT#", "ANC"],
        ..COUNT
    },
    MarkerDefinition {
        id: "lymphocytes",
        name: "Lymphocytes",
        loinc: "731-0",
        other_loinc: &["26474-7", "732-8"],
        interval: between(1.1, 3.2),
        interval_source: MARKERS_MD,
        synonyms: &["lymphocyte count", "LYMPH#", "ALC"],
        ..COUNT
    },
    MarkerDefinition {
        id: "monocytes",
        name: "Monocytes",
        loinc: "742-7",
        other_loinc: &["26484-6"],
        interval: between(0.1, 0.6),
        synonyms: &["monocytes count", "monocyte count", "MONO#"],
        ..COUNT
    },
    MarkerDefinition {
        id: "eosinophils",
        name: "Eosinophils",
        loinc: "711-2",
        other_loinc: &["26449-9"],
        interval: between(0.02, 0.52),
        synonyms: &["Eosinophil count", "eosinophils count", "EOS#"],
        ..COUNT
    },
    MarkerDefinition {
        id: "basophils",
        name: "Basophils",
        loinc: "704-7",
        other_loinc: &["26444-0"],
        interval: between(0.0, 0.06),
        synonyms: &[
            "basophil count(#)",
            "basophil count",
            "basophils count",
            "BASO#",
        ],
        ..COUNT
    },
    MarkerDefinition {
        id: "neutrophils_percent",
        name: "Neutrophils (%)",
        loinc: "770-8",
        other_loinc: &["26511-6"],
        interval: between(40.0, 75.0),
        synonyms: &[
            "neutrophils(%)",
            "NEUT%",
            "neutrophil percentage",
            "(%)neutrophil",
        ],
        ..PERCENT
    },
    MarkerDefinition {
        id: "lymphocytes_percent",
        name: "Lymphocytes (%)",
        loinc: "736-9",
        other_loinc: &["26478-8"],
        interval: between(20.0, 50.0),
        interval_source: MARKERS_MD,
        synonyms: &[
            "(%)lymphocyte",
            "LYMPH%",
            "lymphocyte percentage",
            "lymphocytes(%)",
        ],
        ..PERCENT
    },
    MarkerDefinition {
        id: "monocytes_percent",
        name: "Monocytes (%)",
        loinc: "5905-5",
        other_loinc: &["26485-3"],
        interval: between(3.0, 10.0),
        synonyms: &[
            "monocytes(%)",
            "MONO%",
            "monocyte percentage",
            "(%)monocyte",
        ],
        ..PERCENT
    },
    MarkerDefinition {
        id: "eosinophils_percent",
        name: "Eosinophils (%)",
        loinc: "713-8",
        other_loinc: &["26450-7"],
        interval: between(0.4, 8.0),
        synonyms: &[
            "eosinophils(%)",
            "EOS%",
            "eosinophil percentage",
            "(%)eosinophil",
        ],
        ..PERCENT
    },
    MarkerDefinition {
        id: "basophils_percent",
        name: "Basophils (%)",
        loinc: "706-2",
        other_loinc: &["30180-4"],
        interval: between(0.0, 1.0),
        synonyms: &["basophil(%)", "BASO%", "basophil percentage", "(%)basophil"],
        ..PERCENT
    },
    MarkerDefinition {
        id: "erythrocytes",
        name: "Red blood cells",
        loinc: "789-8",
        other_loinc: &["26453-1"],
        unit: "10*12/L",
        interval: by_sex((4.3, 5.8), (3.8, 5.1)),
        synonyms: &["Red blood cell count", "RBC", "erythrocyte count"],
        ..RED
    },
    MarkerDefinition {
        id: "hemoglobin",
        name: "Haemoglobin",
        loinc: "718-7",
        other_loinc: &["20509-6"],
        unit: "g/L",
        interval: by_sex((130.0, 175.0), (115.0, 150.0)),
        synonyms: &["hemoglobin", "haemoglobin", "HGB", "Hb"],
        ..RED
    },
    MarkerDefinition {
        id: "hematocrit",
        name: "Haematocrit",
        loinc: "4544-3",
        other_loinc: &["20570-8"],
        unit: "%",
        interval: by_sex((40.0, 50.0), (35.0, 45.0)),
        synonyms: &[
            "hematocrit",
            "haematocrit",
            "HCT",
            "packed cell volume",
            "PCV",
        ],
        ..RED
    },
    MarkerDefinition {
        id: "mcv",
        name: "MCV",
        loinc: "787-2",
        other_loinc: &["30428-7"],
        unit: "fL",
        interval: between(82.0, 100.0),
        synonyms: &["mean corpuscular volume", "mean cell volume"],
        ..RED
    },
    MarkerDefinition {
        id: "mch",
        name: "MCH",
        loinc: "785-6",
        unit: "pg",
        interval: between(27.0, 34.0),
        synonyms: &[
            "mean corpuscular hemoglobin",
            "mean cell haemoglobin",
            "mean corpuscular haemoglobin",
        ],
        ..RED
    },
    MarkerDefinition {
        id: "mchc",
        name: "MCHC",
        loinc: "786-4",
        other_loinc: &["28540-3"],
        unit: "g/L",
        interval: between(316.0, 354.0),
        synonyms: &[
            "mean corpuscular hemoglobin concentration",
            "mean cell haemoglobin concentration",
        ],
        ..RED
    },
    MarkerDefinition {
        id: "rdw_cv",
        name: "RDW-CV",
        loinc: "788-0",
        unit: "%",
        interval: between(11.5, 14.5),
        interval_source: COMMON,
        synonyms: &[
            "Red blood cell distribution width",
            "RDW",
            "RDW-CV",
            "red cell distribution width",
        ],
        ..RED
    },
    MarkerDefinition {
        id: "rdw_sd",
        name: "RDW-SD",
        loinc: "21000-5",
        unit: "fL",
        interval: between(39.0, 46.0),
        interval_source: COMMON,
        synonyms: &["RBC distribution width SD", "RDW-SD"],
        ..RED
    },
    MarkerDefinition {
        id: "platelets",
        name: "Platelets",
        loinc: "777-3",
        other_loinc: &["26515-7"],
        unit: "10*9/L",
        interval: between(125.0, 350.0),
        interval_source: WS_T_405,
        synonyms: &["Platelet count", "PLT", "thrombocytes"],
        ..PLATELET
    },
    MarkerDefinition {
        id: "mpv",
        name: "MPV",
        loinc: "32623-1",
        unit: "fL",
        interval: between(9.4, 12.5),
        synonyms: &["Mean platelet volume"],
        ..PLATELET
    },
    MarkerDefinition {
        id: "pdw",
        name: "PDW",
        loinc: "32207-3",
        unit: "fL",
        interval: between(9.8, 16.2),
        synonyms: &["PLT distribution width", "platelet distribution width"],
        ..PLATELET
    },
    MarkerDefinition {
        id: "p_lcr",
        name: "P-LCR",
        loinc: "48386-7",
        unit: "%",
        interval: between(19.1, 46.6),
        synonyms: &["platelet large cell ratio", "P-LCR"],
        ..PLATELET
    },
    MarkerDefinition {
        id: "plateletcrit",
        name: "Plateletcrit",
        loinc: "51637-7",
        unit: "%",
        interval: between(0.17, 0.35),
        synonyms: &["thrombocytocrit", "PCT (plateletcrit)", "plateletcrit"],
        ..PLATELET
    },
];
