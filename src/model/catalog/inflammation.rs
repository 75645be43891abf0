//! Cardiac markers, inflammation markers and the cytokine panel of a cytokine-storm workup.

use super::sources::{
    BNP, COMMON, HS_TNI, HS_TNT, MARKERS_MD, NT_PROBNP, TONGJI_CYTOKINES, WS_T_404,
};
use super::{BASE, CatalogInterval, MarkerDefinition, Panel, between, by_sex};
use crate::model::marker::ReferenceInterval;

const CARDIAC: MarkerDefinition = MarkerDefinition {
    panel: Panel::Cardiac,
    interval_source: COMMON,
    ..BASE
};
const INFLAMMATION: MarkerDefinition = MarkerDefinition {
    panel: Panel::Inflammation,
    interval_source: MARKERS_MD,
    ..BASE
};
const CYTOKINE: MarkerDefinition = MarkerDefinition {
    unit: "pg/mL",
    panel: Panel::Cytokines,
    interval_source: TONGJI_CYTOKINES,
    spans_decades: true,
    ..BASE
};

pub const MARKERS: &[MarkerDefinition] = &[
    MarkerDefinition {
        id: "hs_troponin_i",
        name: "hs-Troponin I",
        loinc: "89579-7",
        other_loinc: &["10839-9", "42757-5"],
        unit: "ng/L",
        interval: CatalogInterval::BySex {
            male: ReferenceInterval::between(0.0, 34.2),
            female: ReferenceInterval::between(0.0, 15.6),
        },
        interval_source: HS_TNI,
        synonyms: &[
            "Hypersensitive cardiac troponinI",
            "Hypersensitive cardiac troponin I",
            "high sensitivity troponin I",
            "hs-cTnI",
            "hs-TnI",
            "cTnI",
            "troponin I",
        ],
        spans_decades: true,
        ..CARDIAC
    },
    MarkerDefinition {
        id: "hs_troponin_t",
        name: "hs-Troponin T",
        loinc: "67151-1",
        other_loinc: &["6598-7", "48425-3"],
        unit: "ng/L",
        interval: between(0.0, 14.0),
        interval_source: HS_TNT,
        synonyms: &[
            "Hypersensitive cardiac troponinT",
            "Hypersensitive cardiac troponin T",
            "high sensitivity troponin T",
            "hs-cTnT",
            "hs-TnT",
            "cTnT",
            "troponin T",
        ],
        spans_decades: true,
        ..CARDIAC
    },
    MarkerDefinition {
        id: "nt_probnp",
        name: "NT-proBNP",
        loinc: "33762-6",
        other_loinc: &["71425-3"],
        unit: "pg/mL",
        interval: between(0.0, 125.0),
        interval_source: NT_PROBNP,
        synonyms: &[
            "Amino-terminal brain natriuretic peptide precursor(NT-proBNP)",
            "Amino-terminal brain natriuretic peptide precursor",
            "NT-proBNP",
            "NTproBNP",
            "N-terminal pro-BNP",
            "N-terminal pro-brain natriuretic peptide",
        ],
        spans_decades: true,
        ..CARDIAC
    },
    MarkerDefinition {
        id: "bnp",
        name: "BNP",
        loinc: "30934-4",
        other_loinc: &["42637-9"],
        unit: "pg/mL",
        interval: between(0.0, 100.0),
        interval_source: BNP,
        synonyms: &[
            "BNP",
            "brain natriuretic peptide",
            "B-type natriuretic peptide",
        ],
        spans_decades: true,
        ..CARDIAC
    },
    MarkerDefinition {
        id: "ck",
        name: "CK",
        loinc: "2157-6",
        unit: "U/L",
        interval: by_sex((50.0, 310.0), (40.0, 200.0)),
        interval_source: WS_T_404,
        synonyms: &["creatine kinase", "CK", "CPK", "creatine phosphokinase"],
        ..CARDIAC
    },
    MarkerDefinition {
        id: "ck_mb",
        name: "CK-MB",
        loinc: "13969-1",
        other_loinc: &["32673-6"],
        unit: "ng/mL",
        interval: between(0.0, 5.0),
        synonyms: &[
            "CK-MB",
            "CKMB",
            "creatine kinase MB",
            "creatine kinase-MB mass",
            "CK-MB mass",
        ],
        ..CARDIAC
    },
    MarkerDefinition {
        id: "myoglobin",
        name: "Myoglobin",
        loinc: "2639-3",
        other_loinc: &["30088-9"],
        unit: "ng/mL",
        interval: between(0.0, 70.0),
        synonyms: &["myoglobin", "MYO", "Mb"],
        spans_decades: true,
        ..CARDIAC
    },
    MarkerDefinition {
        id: "crp",
        name: "CRP",
        loinc: "1988-5",
        unit: "mg/L",
        interval: between(0.0, 10.0),
        synonyms: &["C-reactive protein", "CRP"],
        spans_decades: true,
        ..INFLAMMATION
    },
    MarkerDefinition {
        id: "hs_crp",
        name: "hs-CRP",
        loinc: "30522-7",
        unit: "mg/L",
        interval: between(0.0, 3.0),
        synonyms: &[
            "High sensitivity C-reactive protein",
            "hs-CRP",
            "hsCRP",
            "Hypersensitive C-reactive protein",
        ],
        spans_decades: true,
        ..INFLAMMATION
    },
    MarkerDefinition {
        id: "procalcitonin",
        name: "Procalcitonin",
        loinc: "33959-8",
        other_loinc: &["75241-0"],
        unit: "ng/mL",
        interval: between(0.0, 0.05),
        synonyms: &["procalcitonin", "PCT"],
        spans_decades: true,
        ..INFLAMMATION
    },
    MarkerDefinition {
        id: "ferritin",
        name: "Ferritin",
        loinc: "2276-4",
        other_loinc: &["20567-4", "24373-3"],
        unit: "ng/mL",
        interval: by_sex((30.0, 400.0), (13.0, 150.0)),
        synonyms: &["ferritin", "serum ferritin", "FER"],
        spans_decades: true,
        ..INFLAMMATION
    },
    MarkerDefinition {
        id: "esr",
        name: "ESR",
        loinc: "4537-7",
        other_loinc: &["30341-2"],
        unit: "mm/h",
        interval: by_sex((0.0, 15.0), (0.0, 20.0)),
        interval_source: COMMON,
        synonyms: &[
            "ESR",
            "erythrocyte sedimentation rate",
            "sedimentation rate",
        ],
        ..INFLAMMATION
    },
    MarkerDefinition {
        id: "ldh",
        name: "LDH",
        loinc: "2532-0",
        other_loinc: &["14804-9"],
        unit: "U/L",
        interval: between(120.0, 250.0),
        synonyms: &["Lactate dehydrogenase", "LDH", "lactic dehydrogenase", "LD"],
        ..INFLAMMATION
    },
    MarkerDefinition {
        id: "il1b",
        name: "IL-1β",
        loinc: "26855-7",
        interval: between(0.0, 5.0),
        synonyms: &[
            "Interleukin 1β",
            "Interleukin-1β",
            "Interleukin 1 beta",
            "Interleukin-1 beta",
            "IL-1β",
            "IL-1b",
            "IL1B",
            "IL-1beta",
        ],
        ..CYTOKINE
    },
    MarkerDefinition {
        id: "il2r",
        name: "IL-2R",
        loinc: "33943-2",
        unit: "U/mL",
        interval: between(223.0, 710.0),
        synonyms: &[
            "Interleukin 2 receptor",
            "Interleukin-2 receptor",
            "soluble interleukin 2 receptor",
            "sIL-2R",
            "IL-2R",
            "IL2R",
            "sCD25",
        ],
        ..CYTOKINE
    },
    MarkerDefinition {
        id: "il6",
        name: "IL-6",
        loinc: "26881-3",
        interval: between(0.0, 7.0),
        interval_source: MARKERS_MD,
        synonyms: &["Interleukin 6", "Interleukin-6", "IL-6", "IL6"],
        ..CYTOKINE
    },
    MarkerDefinition {
        id: "il8",
        name: "IL-8",
        loinc: "33211-4",
        interval: between(0.0, 62.0),
        synonyms: &["Interleukin 8", "Interleukin-8", "IL-8", "IL8", "CXCL8"],
        ..CYTOKINE
    },
    MarkerDefinition {
        id: "il10",
        name: "IL-10",
        loinc: "26848-2",
        interval: between(0.0, 9.1),
        synonyms: &["Interleukin 10", "Interleukin-10", "IL-10", "IL10"],
        ..CYTOKINE
    },
    MarkerDefinition {
        id: "tnf_alpha",
        name: "TNF-α",
        loinc: "3074-2",
        interval: between(0.0, 8.1),
        synonyms: &[
            "Tumor necrosis factorα",
            "Tumor necrosis factor α",
            "Tumor necrosis factor alpha",
            "Tumour necrosis factor alpha",
            "TNF-α",
            "TNF-a",
            "TNFa",
            "TNF alpha",
            "TNF",
        ],
        ..CYTOKINE
    },
    MarkerDefinition {
        id: "ifn_gamma",
        name: "IFN-γ",
        loinc: "27415-9",
        interval: CatalogInterval::None,
        interval_source: "no agreed adult default (assay-specific); give the laboratory's interval on the series",
        synonyms: &[
            "Interferon gamma",
            "Interferon-γ",
            "Interferon γ",
            "IFN-γ",
            "IFN-g",
            "IFNG",
            "IFN gamma",
        ],
        ..CYTOKINE
    },
];
