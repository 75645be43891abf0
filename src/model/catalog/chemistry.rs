//! Clinical chemistry: liver, kidney, electrolytes, glucose and lipids (blood gas is in
//! [`super::blood_gas`]). Urea, creatinine, uric acid and glucose carry their molar mass, so
//! mass units convert exactly.

use super::sources::{COMMON, GLUCOSE, KDIGO, LIPIDS, WS_T_404};
use super::{BASE, MarkerDefinition, Panel, at_least, between, by_sex};

const LIVER: MarkerDefinition = MarkerDefinition {
    panel: Panel::Liver,
    interval_source: WS_T_404,
    ..BASE
};
const KIDNEY: MarkerDefinition = MarkerDefinition {
    panel: Panel::Kidney,
    interval_source: WS_T_404,
    ..BASE
};
const ELECTROLYTE: MarkerDefinition = MarkerDefinition {
    unit: "mmol/L",
    panel: Panel::Electrolytes,
    interval_source: WS_T_404,
    ..BASE
};
const METABOLIC: MarkerDefinition = MarkerDefinition {
    unit: "mmol/L",
    panel: Panel::Metabolic,
    interval_source: LIPIDS,
    ..BASE
};

pub const MARKERS: &[MarkerDefinition] = &[
    MarkerDefinition {
        id: "alt",
        name: "ALT",
        loinc: "1742-6",
        other_loinc: &["1743-4"],
        unit: "U/L",
        interval: by_sex((9.0, 50.0), (7.0, 40.0)),
        synonyms: &[
            "glutamic-pyruvic transaminase",
            "alanine aminotransferase",
            "ALT",
            "GPT",
            "SGPT",
        ],
        ..LIVER
    },
    MarkerDefinition {
        id: "ast",
        name: "AST",
        loinc: "1920-8",
        other_loinc: &["30239-8"],
        unit: "U/L",
        interval: by_sex((15.0, 40.0), (13.0, 35.0)),
        synonyms: &[
            "aspartate aminotransferase",
            "glutamic-oxaloacetic transaminase",
            "AST",
            "GOT",
            "SGOT",
        ],
        ..LIVER
    },
    MarkerDefinition {
        id: "alp",
        name: "ALP",
        loinc: "6768-6",
        unit: "U/L",
        interval: by_sex((45.0, 125.0), (35.0, 100.0)),
        synonyms: &["Alkaline phosphatase", "ALP", "AKP"],
        ..LIVER
    },
    MarkerDefinition {
        id: "ggt",
        name: "GGT",
        loinc: "2324-2",
        unit: "U/L",
        interval: by_sex((10.0, 60.0), (7.0, 45.0)),
        synonyms: &[
            "γ-glutamyl transpeptidase",
            "gamma-glutamyl transferase",
            "gamma-glutamyl transpeptidase",
            "GGT",
            "γ-GT",
            "GGTP",
        ],
        ..LIVER
    },
    MarkerDefinition {
        id: "bilirubin_total",
        name: "Total bilirubin",
        loinc: "14631-6",
        other_loinc: &["1975-2"],
        unit: "umol/L",
        interval: between(0.0, 21.0),
        interval_source: COMMON,
        synonyms: &["Total bilirubin", "TBIL", "T-BIL", "bilirubin"],
        ..LIVER
    },
    MarkerDefinition {
        id: "bilirubin_direct",
        name: "Direct bilirubin",
        loinc: "14629-0",
        other_loinc: &["1968-7"],
        unit: "umol/L",
        interval: between(0.0, 8.0),
        interval_source: COMMON,
        synonyms: &["Direct bilirubin", "DBIL", "D-BIL", "conjugated bilirubin"],
        ..LIVER
    },
    MarkerDefinition {
        id: "bilirubin_indirect",
        name: "Indirect bilirubin",
        loinc: "14630-8",
        other_loinc: &["1971-1"],
        unit: "umol/L",
        interval: between(0.0, 14.0),
        interval_source: COMMON,
        synonyms: &[
            "indirect bilirubin",
            "IBIL",
            "I-BIL",
            "unconjugated bilirubin",
        ],
        ..LIVER
    },
    MarkerDefinition {
        id: "total_protein",
        name: "Total protein",
        loinc: "2885-2",
        unit: "g/L",
        interval: between(65.0, 85.0),
        synonyms: &["total protein", "TP"],
        ..LIVER
    },
    MarkerDefinition {
        id: "albumin",
        name: "Albumin",
        loinc: "1751-7",
        unit: "g/L",
        interval: between(40.0, 55.0),
        synonyms: &["albumin", "ALB"],
        ..LIVER
    },
    MarkerDefinition {
        id: "globulin",
        name: "Globulin",
        loinc: "10834-0",
        unit: "g/L",
        interval: between(20.0, 40.0),
        synonyms: &["globulin", "GLB", "GLO"],
        ..LIVER
    },
    MarkerDefinition {
        id: "urea",
        name: "Urea",
        loinc: "22664-7",
        other_loinc: &["3094-0", "14937-7"],
        unit: "mmol/L",
        interval: by_sex((3.1, 8.0), (2.6, 7.5)),
        synonyms: &[
            "Urea",
            "blood urea",
            "serum urea",
            "BUN",
            "blood urea nitrogen",
            "urea nitrogen",
        ],
        // Counted as urea's two nitrogen atoms: BUN in mg/dL × 0.357 = urea in mmol/L.
        molar_mass: Some(28.014),
        ..KIDNEY
    },
    MarkerDefinition {
        id: "creatinine",
        name: "Creatinine",
        loinc: "14682-9",
        other_loinc: &["2160-0"],
        unit: "umol/L",
        interval: by_sex((57.0, 97.0), (41.0, 73.0)),
        synonyms: &["creatinine", "Cr", "CREA", "serum creatinine"],
        molar_mass: Some(113.12),
        ..KIDNEY
    },
    MarkerDefinition {
        id: "egfr",
        name: "eGFR",
        loinc: "62238-1",
        other_loinc: &["33914-3", "48642-3", "48643-1"],
        unit: "mL/min/{1.73_m2}",
        interval: at_least(90.0),
        interval_source: KDIGO,
        synonyms: &["eGFR", "estimated glomerular filtration rate", "GFR"],
        ..KIDNEY
    },
    MarkerDefinition {
        id: "uric_acid",
        name: "Uric acid",
        loinc: "14933-6",
        other_loinc: &["3084-1"],
        unit: "umol/L",
        interval: by_sex((208.0, 428.0), (155.0, 357.0)),
        interval_source: COMMON,
        synonyms: &["Uric acid", "UA", "urate"],
        molar_mass: Some(168.11),
        ..KIDNEY
    },
    MarkerDefinition {
        id: "sodium",
        name: "Sodium",
        loinc: "2951-2",
        other_loinc: &["2947-0"],
        interval: between(137.0, 147.0),
        synonyms: &["serum sodium", "sodium", "Na", "Na+"],
        ..ELECTROLYTE
    },
    MarkerDefinition {
        id: "potassium",
        name: "Potassium",
        loinc: "2823-3",
        other_loinc: &["6298-4"],
        interval: between(3.5, 5.3),
        synonyms: &["Serum potassium", "potassium", "K", "K+"],
        ..ELECTROLYTE
    },
    MarkerDefinition {
        id: "chloride",
        name: "Chloride",
        loinc: "2075-0",
        other_loinc: &["2069-3"],
        interval: between(99.0, 110.0),
        synonyms: &["Serum chloride", "chloride", "Cl", "Cl-"],
        ..ELECTROLYTE
    },
    MarkerDefinition {
        id: "calcium",
        name: "Calcium",
        loinc: "2000-8",
        other_loinc: &["17861-6"],
        interval: between(2.11, 2.52),
        synonyms: &["calcium", "serum calcium", "Ca", "total calcium"],
        ..ELECTROLYTE
    },
    MarkerDefinition {
        id: "calcium_corrected",
        name: "Corrected calcium",
        loinc: "29265-6",
        interval: between(2.11, 2.52),
        synonyms: &[
            "Corrected calcium",
            "albumin-corrected calcium",
            "adjusted calcium",
        ],
        ..ELECTROLYTE
    },
    MarkerDefinition {
        id: "calcium_ionized",
        name: "Ionised calcium",
        loinc: "1994-3",
        interval: between(1.15, 1.33),
        interval_source: COMMON,
        synonyms: &["ionized calcium", "ionised calcium", "iCa", "Ca2+"],
        ..ELECTROLYTE
    },
    MarkerDefinition {
        id: "magnesium",
        name: "Magnesium",
        loinc: "19123-9",
        other_loinc: &["2601-3"],
        interval: between(0.75, 1.02),
        synonyms: &["magnesium", "Mg", "serum magnesium"],
        ..ELECTROLYTE
    },
    MarkerDefinition {
        id: "phosphate",
        name: "Phosphate",
        loinc: "14879-1",
        other_loinc: &["2777-1"],
        interval: between(0.85, 1.51),
        synonyms: &["phosphate", "phosphorus", "inorganic phosphorus"],
        ..ELECTROLYTE
    },
    MarkerDefinition {
        id: "glucose",
        name: "Glucose",
        loinc: "15074-8",
        other_loinc: &["2345-7", "2339-0", "14749-6"],
        unit: "mmol/L",
        interval: between(3.9, 6.1),
        interval_source: GLUCOSE,
        synonyms: &[
            "glucose",
            "GLU",
            "blood glucose",
            "fasting glucose",
            "serum glucose",
        ],
        molar_mass: Some(180.16),
        ..METABOLIC
    },
    MarkerDefinition {
        id: "cholesterol_total",
        name: "Total cholesterol",
        loinc: "14647-2",
        other_loinc: &["2093-3"],
        interval: between(0.0, 5.2),
        synonyms: &["Total cholesterol", "TC", "CHOL", "cholesterol"],
        ..METABOLIC
    },
    MarkerDefinition {
        id: "triglycerides",
        name: "Triglycerides",
        loinc: "14927-8",
        other_loinc: &["2571-8"],
        interval: between(0.0, 1.7),
        synonyms: &["triglycerides", "triglyceride", "TG"],
        ..METABOLIC
    },
    MarkerDefinition {
        id: "hdl",
        name: "HDL cholesterol",
        loinc: "14646-4",
        other_loinc: &["2085-9"],
        interval: at_least(1.04),
        synonyms: &[
            "HDL cholesterol",
            "HDL-C",
            "high density lipoprotein cholesterol",
        ],
        ..METABOLIC
    },
    MarkerDefinition {
        id: "ldl",
        name: "LDL cholesterol",
        loinc: "22748-8",
        other_loinc: &["2089-1", "13457-7"],
        interval: between(0.0, 3.4),
        synonyms: &[
            "LDL cholesterol",
            "LDL-C",
            "low density lipoprotein cholesterol",
        ],
        ..METABOLIC
    },
];
