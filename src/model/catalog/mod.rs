//! The marker catalog: every analyte a COVID-19 inpatient panel reports, with its LOINC codes,
//! UCUM unit, display name, panel, export spellings and adult reference interval (by sex where
//! the analyte's differs), each interval with its source.
//!
//! One file per group of panels keeps each table readable. Reference intervals differ between
//! laboratories, so these are defaults: a series' own interval in the case file wins, and the
//! source named beside each interval says where the default comes from.

mod blood_count;
mod blood_gas;
mod chemistry;
mod coagulation;
mod inflammation;
mod vitals;

use std::collections::HashMap;
use std::sync::LazyLock;

use super::case::Sex;
use super::marker::ReferenceInterval;

/// Whether a marker comes from the laboratory or from bedside monitoring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerCategory {
    Laboratory,
    VitalSign,
    /// A value derived from others, such as PaO₂/FiO₂.
    Derived,
}

/// The panel a marker belongs to, in the order panels are listed (pickers, reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Panel {
    BloodCount,
    RedCells,
    Platelets,
    Coagulation,
    Liver,
    Kidney,
    Electrolytes,
    BloodGas,
    Cardiac,
    Inflammation,
    Cytokines,
    Metabolic,
    VitalSigns,
    /// Markers a case describes itself (`custom`), which no catalog panel holds.
    Other,
}

impl Panel {
    pub const ALL: [Panel; 14] = [
        Panel::BloodCount,
        Panel::RedCells,
        Panel::Platelets,
        Panel::Coagulation,
        Panel::Liver,
        Panel::Kidney,
        Panel::Electrolytes,
        Panel::BloodGas,
        Panel::Cardiac,
        Panel::Inflammation,
        Panel::Cytokines,
        Panel::Metabolic,
        Panel::VitalSigns,
        Panel::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::BloodCount => "Blood count and differential",
            Self::RedCells => "Red cells",
            Self::Platelets => "Platelets",
            Self::Coagulation => "Coagulation",
            Self::Liver => "Liver",
            Self::Kidney => "Kidney",
            Self::Electrolytes => "Electrolytes",
            Self::BloodGas => "Blood gas",
            Self::Cardiac => "Cardiac",
            Self::Inflammation => "Inflammation",
            Self::Cytokines => "Cytokines",
            Self::Metabolic => "Glucose and lipids",
            Self::VitalSigns => "Vital signs",
            Self::Other => "Other markers",
        }
    }
}

/// A catalog marker's default adult reference interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CatalogInterval {
    /// No default: intervals are assay-specific (or there is no normal, as for FiO₂).
    None,
    /// One interval for adults of either sex.
    Adult(ReferenceInterval),
    /// Men and women differ (ferritin, haemoglobin, creatinine, uric acid, …).
    BySex {
        male: ReferenceInterval,
        female: ReferenceInterval,
    },
}

/// One entry of the built-in catalog.
#[derive(Clone, Debug)]
pub struct MarkerDefinition {
    /// Stable identifier used in case files, such as `lymphocytes`.
    pub id: &'static str,
    /// Display name with proper symbols, such as `PaO₂/FiO₂`.
    pub name: &'static str,
    /// The LOINC code CaseLens writes; `other_loinc` lists codes other systems use for the
    /// same analyte (SpO₂: 59408-5, 2708-6, 20564-1).
    pub loinc: &'static str,
    pub other_loinc: &'static [&'static str],
    /// UCUM unit code, such as `10*9/L`.
    pub unit: &'static str,
    /// The adult interval in `unit`.
    pub interval: CatalogInterval,
    /// Where `interval` comes from.
    pub interval_source: &'static str,
    pub category: MarkerCategory,
    pub panel: Panel,
    /// Column headers and abbreviations seen in hospital exports.
    pub synonyms: &'static [&'static str],
    /// Values span orders of magnitude during a cytokine storm; a log axis reads better.
    pub spans_decades: bool,
    /// Grams per mole of the quantity a molar unit counts, for exact mass ↔ molar conversion
    /// (creatinine 113.12; glucose 180.16; urea counted as its nitrogen, 28.014, so that BUN in
    /// mg/dL converts to urea in mmol/L).
    pub molar_mass: Option<f64>,
}

/// Fields most entries share; each entry states the rest.
const BASE: MarkerDefinition = MarkerDefinition {
    id: "",
    name: "",
    loinc: "",
    other_loinc: &[],
    unit: "",
    interval: CatalogInterval::None,
    interval_source: "",
    category: MarkerCategory::Laboratory,
    panel: Panel::Other,
    synonyms: &[],
    spans_decades: false,
    molar_mass: None,
};

/// Sources of the default intervals, named once so that entries cite them alike.
mod sources {
    pub const WS_T_405: &str = "WS/T 405-2012, adult blood-cell reference intervals (China)";
    pub const WS_T_404: &str =
        "WS/T 404 (2012–2015), adult clinical-chemistry reference intervals (China)";
    pub const MARKERS_MD: &str = "shared/domain/markers.md (common adult interval)";
    pub const COMMON: &str =
        "common adult interval of hospital laboratories; confirm against the reporting laboratory";
    pub const TONGJI_CYTOKINES: &str = "Tongji Hospital laboratory, as published in Chen G. et al., J Clin Invest 2020;130:2620–2629";
    pub const HS_TNI: &str =
        "99th-percentile upper reference limit by sex, Abbott ARCHITECT hs-cTnI (IFCC C-CB table)";
    pub const HS_TNT: &str = "99th-percentile upper reference limit, Roche Elecsys hs-cTnT";
    pub const NT_PROBNP: &str =
        "ESC 2021 heart-failure guideline: heart failure unlikely below 125 pg/mL (non-acute)";
    pub const BNP: &str =
        "ESC 2021 heart-failure guideline: acute heart failure unlikely below 100 pg/mL";
    pub const KDIGO: &str = "KDIGO 2012: GFR category G1 (normal) is ≥ 90 mL/min/1.73 m²";
    pub const BERLIN: &str =
        "Berlin ARDS definition (2012): normal ≥ 400 mmHg; ARDS ≤ 300 mmHg with PEEP ≥ 5 cmH₂O";
    pub const LIPIDS: &str = "NCEP ATP III desirable levels";
    pub const GLUCOSE: &str = "WHO: normal fasting plasma glucose below 6.1 mmol/L";
    pub const VITALS: &str = "common adult resting values (NEWS2 scores outside them)";
}

static CATALOG: LazyLock<Vec<MarkerDefinition>> = LazyLock::new(|| {
    [
        blood_count::MARKERS,
        coagulation::MARKERS,
        chemistry::MARKERS,
        blood_gas::MARKERS,
        inflammation::MARKERS,
        vitals::MARKERS,
    ]
    .concat()
});

/// Lookups by id and by every spelling (lower case), built once.
struct Index {
    by_id: HashMap<&'static str, usize>,
    by_spelling: HashMap<String, usize>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut by_id = HashMap::new();
    let mut by_spelling = HashMap::new();
    for (position, definition) in CATALOG.iter().enumerate() {
        by_id.insert(definition.id, position);
        let spellings = [definition.id, definition.name, definition.loinc]
            .into_iter()
            .chain(definition.other_loinc.iter().copied())
            .chain(definition.synonyms.iter().copied());
        for spelling in spellings {
            // The first marker to claim a spelling keeps it (entries are checked unique by a test).
            by_spelling
                .entry(spelling.trim().to_lowercase())
                .or_insert(position);
        }
    }
    Index { by_id, by_spelling }
});

/// The built-in catalog, in display order (panel by panel).
pub fn catalog() -> &'static [MarkerDefinition] {
    &CATALOG
}

/// Looks a marker up by its catalog id.
pub fn find_marker(id: &str) -> Option<&'static MarkerDefinition> {
    INDEX
        .by_id
        .get(id)
        .and_then(|position| CATALOG.get(*position))
}

/// Looks a marker up by id, name, synonym or any of its LOINC codes, ignoring case and
/// surrounding space.
pub fn find_marker_by_name(name: &str) -> Option<&'static MarkerDefinition> {
    INDEX
        .by_spelling
        .get(&name.trim().to_lowercase())
        .and_then(|position| CATALOG.get(*position))
}

/// The markers of one panel, in catalog order.
pub fn panel_markers(panel: Panel) -> impl Iterator<Item = &'static MarkerDefinition> {
    catalog()
        .iter()
        .filter(move |definition| definition.panel == panel)
}

impl MarkerDefinition {
    /// Whether `code` is one of the marker's LOINC codes.
    pub fn has_loinc(&self, code: &str) -> bool {
        let code = code.trim();
        self.loinc == code || self.other_loinc.contains(&code)
    }

    /// The default interval for a patient of this sex. For a sex-specific marker and a
    /// patient whose sex is not recorded (or is neither), the span covering both: it flags
    /// only what is abnormal for either sex, so that nothing normal is shown as abnormal.
    pub fn reference_for(&self, sex: Option<Sex>) -> Option<ReferenceInterval> {
        match self.interval {
            CatalogInterval::None => None,
            CatalogInterval::Adult(interval) => Some(interval),
            CatalogInterval::BySex { male, female } => match sex {
                Some(Sex::Male) => Some(male),
                Some(Sex::Female) => Some(female),
                _ => Some(ReferenceInterval {
                    low: lower_bound(male.low, female.low),
                    high: upper_bound(male.high, female.high),
                }),
            },
        }
    }

    /// Whether men and women have different default intervals.
    pub fn is_sex_specific(&self) -> bool {
        matches!(self.interval, CatalogInterval::BySex { .. })
    }
}

fn lower_bound(first: Option<f64>, second: Option<f64>) -> Option<f64> {
    Some(first?.min(second?))
}

fn upper_bound(first: Option<f64>, second: Option<f64>) -> Option<f64> {
    Some(first?.max(second?))
}

/// Shorthands for the tables.
const fn between(low: f64, high: f64) -> CatalogInterval {
    CatalogInterval::Adult(ReferenceInterval::between(low, high))
}

const fn at_least(low: f64) -> CatalogInterval {
    CatalogInterval::Adult(ReferenceInterval::at_least(low))
}

const fn by_sex(male: (f64, f64), female: (f64, f64)) -> CatalogInterval {
    CatalogInterval::BySex {
        male: ReferenceInterval::between(male.0, male.1),
        female: ReferenceInterval::between(female.0, female.1),
    }
}

#[cfg(test)]
mod tests;
