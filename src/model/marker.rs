//! The marker catalog: what a lab or vital-sign series measures, in which unit, and what is
//! normal for an adult.
//!
//! Seeded from `shared/domain/markers.md`. Reference intervals differ between laboratories, so
//! these are defaults: a series' own interval in the case file wins.

use serde::{Deserialize, Serialize};

/// An adult reference interval; either bound may be open (for example PaO₂/FiO₂ ≥ 400).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceInterval {
    #[serde(default)]
    pub low: Option<f64>,
    #[serde(default)]
    pub high: Option<f64>,
}

impl ReferenceInterval {
    pub const fn between(low: f64, high: f64) -> Self {
        Self {
            low: Some(low),
            high: Some(high),
        }
    }

    pub const fn at_least(low: f64) -> Self {
        Self {
            low: Some(low),
            high: None,
        }
    }

    /// Where a value lies against the interval.
    pub fn classify(&self, value: f64) -> RangeClass {
        match (self.low, self.high) {
            (Some(low), _) if value < low => RangeClass::Low,
            (_, Some(high)) if value > high => RangeClass::High,
            _ => RangeClass::Normal,
        }
    }

    /// Human-readable form, such as `1.1–3.2` or `≥ 400`.
    pub fn describe(&self) -> String {
        match (self.low, self.high) {
            (Some(low), Some(high)) => format!("{low}–{high}"),
            (Some(low), None) => format!("≥ {low}"),
            (None, Some(high)) => format!("≤ {high}"),
            (None, None) => "none".to_owned(),
        }
    }
}

/// A value's place against its reference interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeClass {
    Low,
    Normal,
    High,
}

/// Whether a marker comes from the laboratory or from bedside monitoring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerCategory {
    Laboratory,
    VitalSign,
    /// A value derived from others, such as the oxygenation index.
    Derived,
}

/// One entry of the built-in catalog.
#[derive(Clone, Debug)]
pub struct MarkerDefinition {
    /// Stable identifier used in case files, such as `lymphocytes`.
    pub id: &'static str,
    /// Display name with proper symbols, such as `PaO₂/FiO₂`.
    pub name: &'static str,
    pub loinc: &'static str,
    /// UCUM unit code, such as `10*9/L`.
    pub unit: &'static str,
    pub reference: ReferenceInterval,
    pub category: MarkerCategory,
    /// Column headers and abbreviations seen in hospital exports.
    pub synonyms: &'static [&'static str],
    /// Values span orders of magnitude during a cytokine storm; a log axis reads better.
    pub spans_decades: bool,
}

#[allow(clippy::too_many_arguments)] // a table row reads best as one call
const fn marker(
    id: &'static str,
    name: &'static str,
    loinc: &'static str,
    unit: &'static str,
    reference: ReferenceInterval,
    category: MarkerCategory,
    synonyms: &'static [&'static str],
    spans_decades: bool,
) -> MarkerDefinition {
    MarkerDefinition {
        id,
        name,
        loinc,
        unit,
        reference,
        category,
        synonyms,
        spans_decades,
    }
}

use MarkerCategory::{Derived, Laboratory, VitalSign};

static CATALOG: [MarkerDefinition; 17] = [
    marker(
        "neutrophils",
        "Neutrophils",
        "751-8",
        "10*9/L",
        ReferenceInterval::between(1.8, 6.3),
        Laboratory,
        &["neutrophils count", "neutrophil count", "NEUT#", "ANC"],
        false,
    ),
    marker(
        "lymphocytes",
        "Lymphocytes",
        "731-0",
        "10*9/L",
        ReferenceInterval::between(1.1, 3.2),
        Laboratory,
        &["lymphocyte count", "LYMPH#", "ALC"],
        false,
    ),
    marker(
        "lymphocytes_percent",
        "Lymphocytes (%)",
        "736-9",
        "%",
        ReferenceInterval::between(20.0, 50.0),
        Laboratory,
        &["(%)lymphocyte", "LYMPH%", "lymphocyte percentage"],
        false,
    ),
    marker(
        "leukocytes",
        "Leukocytes",
        "6690-2",
        "10*9/L",
        ReferenceInterval::between(3.5, 9.5),
        Laboratory,
        &["White blood cell count", "WBC", "leukocyte count"],
        false,
    ),
    marker(
        "crp",
        "CRP",
        "1988-5",
        "mg/L",
        ReferenceInterval::between(0.0, 10.0),
        Laboratory,
        &["C-reactive protein", "CRP"],
        true,
    ),
    marker(
        "hs_crp",
        "hs-CRP",
        "30522-7",
        "mg/L",
        ReferenceInterval::between(0.0, 3.0),
        Laboratory,
        &["High sensitivity C-reactive protein", "hs-CRP", "hsCRP"],
        true,
    ),
    marker(
        "il6",
        "IL-6",
        "26881-3",
        "pg/mL",
        ReferenceInterval::between(0.0, 7.0),
        Laboratory,
        &["Interleukin 6", "Interleukin-6", "IL-6", "IL6"],
        true,
    ),
    marker(
        "d_dimer",
        "D-dimer",
        "48065-7",
        "mg/L{FEU}",
        ReferenceInterval::between(0.0, 0.5),
        Laboratory,
        &["D-D dimer", "D-dimer", "D dimer"],
        true,
    ),
    marker(
        "ferritin",
        "Ferritin",
        "2276-4",
        "ng/mL",
        ReferenceInterval::between(30.0, 400.0),
        Laboratory,
        &["ferritin", "serum ferritin"],
        true,
    ),
    marker(
        "ldh",
        "LDH",
        "2532-0",
        "U/L",
        ReferenceInterval::between(120.0, 250.0),
        Laboratory,
        &["Lactate dehydrogenase", "LDH"],
        false,
    ),
    marker(
        "procalcitonin",
        "Procalcitonin",
        "33959-8",
        "ng/mL",
        ReferenceInterval::between(0.0, 0.05),
        Laboratory,
        &["procalcitonin", "PCT"],
        true,
    ),
    marker(
        "pao2",
        "PaO₂",
        "2703-7",
        "mm[Hg]",
        ReferenceInterval::between(80.0, 100.0),
        Laboratory,
        &["PaO2", "arterial oxygen partial pressure"],
        false,
    ),
    marker(
        "pf_ratio",
        "PaO₂/FiO₂",
        "50984-4",
        "mm[Hg]",
        ReferenceInterval::at_least(400.0),
        Derived,
        &["P/F", "PF ratio", "oxygenation index", "PaO2/FiO2"],
        false,
    ),
    marker(
        "spo2",
        "SpO₂",
        "59408-5",
        "%",
        ReferenceInterval::between(95.0, 100.0),
        VitalSign,
        &["SpO2", "oxygen saturation"],
        false,
    ),
    marker(
        "respiratory_rate",
        "Respiratory rate",
        "9279-1",
        "/min",
        ReferenceInterval::between(12.0, 20.0),
        VitalSign,
        &["RR", "respiratory rate", "resp rate"],
        false,
    ),
    marker(
        "heart_rate",
        "Heart rate",
        "8867-4",
        "/min",
        ReferenceInterval::between(60.0, 100.0),
        VitalSign,
        &["HR", "heart rate", "pulse"],
        false,
    ),
    marker(
        "temperature",
        "Body temperature",
        "8310-5",
        "Cel",
        ReferenceInterval::between(36.1, 37.2),
        VitalSign,
        &["T", "temp", "temperature", "body temperature"],
        false,
    ),
];

/// The built-in catalog, in display order.
pub fn catalog() -> &'static [MarkerDefinition] {
    &CATALOG
}

/// Looks a marker up by its catalog id.
pub fn find_marker(id: &str) -> Option<&'static MarkerDefinition> {
    CATALOG.iter().find(|definition| definition.id == id)
}

/// Looks a marker up by a column header or abbreviation, ignoring case and surrounding space,
/// or by LOINC code.
pub fn find_marker_by_name(name: &str) -> Option<&'static MarkerDefinition> {
    let wanted = name.trim();
    CATALOG.iter().find(|definition| {
        definition.id.eq_ignore_ascii_case(wanted)
            || definition.loinc == wanted
            || definition.name.eq_ignore_ascii_case(wanted)
            || definition
                .synonyms
                .iter()
                .any(|synonym| synonym.eq_ignore_ascii_case(wanted))
    })
}

/// Renders a UCUM unit code the way clinicians write it: `10*9/L` → `×10⁹/L`, `mm[Hg]` →
/// `mmHg`, `Cel` → `°C`. The stored unit is never changed; this is display only.
pub fn display_unit(ucum: &str) -> String {
    match ucum {
        "Cel" => return "°C".to_owned(),
        "mm[Hg]" => return "mmHg".to_owned(),
        "%" | "/min" => return ucum.to_owned(),
        _ => {}
    }
    let mut shown = ucum.replace("mm[Hg]", "mmHg");
    for (code, text) in [
        ("10*12", "×10¹²"),
        ("10*9", "×10⁹"),
        ("10*6", "×10⁶"),
        ("10*3", "×10³"),
    ] {
        shown = shown.replace(code, text);
    }
    shown = shown.replace("{FEU}", " FEU").replace("{DDU}", " DDU");
    shown.replace("ug", "µg").replace("uL", "µL")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_id_is_unique() {
        let mut ids: Vec<_> = catalog().iter().map(|definition| definition.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), catalog().len());
    }

    #[test]
    fn export_names_from_the_tongji_table_resolve() {
        let found = |name| find_marker_by_name(name).map(|definition| definition.id);
        assert_eq!(found("(%)lymphocyte"), Some("lymphocytes_percent"));
        assert_eq!(found("High sensitivity C-reactive protein"), Some("hs_crp"));
        assert_eq!(found(" lactate dehydrogenase "), Some("ldh"));
        assert_eq!(found("48065-7"), Some("d_dimer"));
        assert_eq!(found("unheard of"), None);
    }

    #[test]
    fn units_display_with_clinical_symbols() {
        assert_eq!(display_unit("10*9/L"), "×10⁹/L");
        assert_eq!(display_unit("mm[Hg]"), "mmHg");
        assert_eq!(display_unit("Cel"), "°C");
        assert_eq!(display_unit("mg/L{FEU}"), "mg/L FEU");
        assert_eq!(display_unit("pg/mL"), "pg/mL");
    }

    #[test]
    fn reference_interval_classifies_open_bounds() {
        let oxygenation = ReferenceInterval::at_least(400.0);
        assert_eq!(oxygenation.classify(243.0), RangeClass::Low);
        assert_eq!(oxygenation.classify(450.0), RangeClass::Normal);
        assert_eq!(oxygenation.describe(), "≥ 400");
    }
}
