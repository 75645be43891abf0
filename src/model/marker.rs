//! Reference intervals and units, and the catalog's entry points (the catalog itself lives in
//! [`super::catalog`], one file per group of panels).
//!
//! Reference intervals differ between laboratories, so the catalog's are defaults: a series'
//! own interval in the case file wins.

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

pub use super::catalog::{
    CatalogInterval, MarkerCategory, MarkerDefinition, Panel, catalog, find_marker,
    find_marker_by_name, panel_markers,
};

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
    shown = shown
        .replace("{FEU}", " FEU")
        .replace("{DDU}", " DDU")
        .replace("/{1.73_m2}", "/1.73 m²")
        .replace("{INR}", "")
        .replace("[pH]", "");
    shown
        .replace("ug", "µg")
        .replace("uL", "µL")
        .replace("umol", "µmol")
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
        let found = |name: &str| find_marker_by_name(name).map(|definition| definition.id);
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
        assert_eq!(display_unit("umol/L"), "µmol/L");
        assert_eq!(display_unit("mL/min/{1.73_m2}"), "mL/min/1.73 m²");
        assert_eq!(display_unit("{INR}"), "");
    }

    #[test]
    fn reference_interval_classifies_open_bounds() {
        let oxygenation = ReferenceInterval::at_least(400.0);
        assert_eq!(oxygenation.classify(243.0), RangeClass::Low);
        assert_eq!(oxygenation.classify(450.0), RangeClass::Normal);
        assert_eq!(oxygenation.describe(), "≥ 400");
    }
}
