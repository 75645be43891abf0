//! The vocabulary of export headers: which column holds the sample time, the patient id,
//! admission, discharge, outcome; which marker a column or a long-table test name means
//! (catalog name, synonym or LOINC code, plus the spellings below); and the unit a header
//! states, as in `CRP (mg/dL)`.
//!
//! Matching is on the header's words, never on a column's position.

use crate::model::MarkerDefinition;
use crate::model::marker::{catalog, find_marker_by_name};

use super::mapping::{ColumnRole, MatchedBy};
use crate::model::units::{Annotation, parse_unit};

/// Lower case, punctuation turned into single spaces; `%` and `#` kept as words.
pub fn normalise_header(text: &str) -> String {
    let mut normalised = String::with_capacity(text.len());
    for character in text.trim().chars() {
        let keep = character.is_alphanumeric() || character == '%' || character == '#';
        if keep {
            if character == '%' || character == '#' {
                normalised.push(' ');
                normalised.push(character);
                normalised.push(' ');
            } else {
                normalised.extend(character.to_lowercase());
            }
        } else {
            normalised.push(' ');
        }
    }
    normalised.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every catalog name and synonym, normalised once, in catalog order (the first marker that
/// has a spelling wins). A long table asks for a marker on every row; normalising the whole
/// catalog each time made that the importer's hottest loop.
fn normalised_spellings() -> &'static [(String, &'static MarkerDefinition)] {
    static SPELLINGS: std::sync::OnceLock<Vec<(String, &'static MarkerDefinition)>> =
        std::sync::OnceLock::new();
    SPELLINGS.get_or_init(|| {
        catalog()
            .iter()
            .flat_map(|definition| {
                std::iter::once(definition.name)
                    .chain(definition.synonyms.iter().copied())
                    .map(move |spelling| (normalise_header(spelling), definition))
            })
            .collect()
    })
}

const TIME_NAMES: &[&str] = &[
    "re date",
    "time",
    "date",
    "datetime",
    "date time",
    "sample time",
    "sampling time",
    "sample date",
    "collection time",
    "collection date",
    "collected",
    "collected at",
    "specimen time",
    "specimen date",
    "draw time",
    "result time",
    "result date",
    "report time",
    "effective",
    "effective date time",
    "timestamp",
    "measurement time",
    "observation time",
    "test time",
    "test date",
    "charttime",
    "chart time",
];
const PATIENT_NAMES: &[&str] = &[
    "patient id",
    "patient",
    "pid",
    "patient number",
    "patient no",
    "mrn",
    "subject",
    "subject id",
    "case id",
    "id",
    "study id",
    "patient code",
];
const OUTCOME_WORDS: &[&str] = &[
    "outcome",
    "mortality",
    "died",
    "death",
    "deceased",
    "survival",
    "expired",
];
const MARKER_NAME_NAMES: &[&str] = &[
    "test",
    "test name",
    "test code",
    "marker",
    "analyte",
    "item",
    "item name",
    "parameter",
    "lab test",
    "observation",
    "component",
    "name",
    "code",
    "loinc",
    "loinc code",
    "assay",
    "lab item",
    "test item",
];
const VALUE_NAMES: &[&str] = &[
    "value",
    "result",
    "result value",
    "value numeric",
    "numeric value",
    "valuenum",
    "measurement",
];
const UNIT_NAMES: &[&str] = &["unit", "units", "uom", "unit of measure", "valueuom"];
/// Columns that travel with results but are not results.
const IGNORED_NAMES: &[&str] = &[
    "reference range",
    "ref range",
    "normal range",
    "flag",
    "abnormal flag",
    "comment",
    "comments",
    "remark",
    "remarks",
    "note",
    "notes",
    "status",
];

/// The role a header names, if it names one other than a marker.
pub fn role_from_header(header: &str) -> Option<ColumnRole> {
    let name = normalise_header(header);
    let words: Vec<&str> = name.split(' ').collect();
    let has = |word: &str| words.contains(&word);
    if TIME_NAMES.contains(&name.as_str()) {
        return Some(ColumnRole::SampleTime);
    }
    if has("admission") || has("admit") || has("admitted") {
        return Some(ColumnRole::Admission);
    }
    if has("discharge") || has("discharged") {
        return Some(ColumnRole::Discharge);
    }
    if words.len() <= 2 && OUTCOME_WORDS.iter().any(|word| has(word)) {
        return Some(ColumnRole::Outcome);
    }
    let lists = [
        (PATIENT_NAMES, ColumnRole::PatientId),
        (MARKER_NAME_NAMES, ColumnRole::MarkerName),
        (VALUE_NAMES, ColumnRole::Value),
        (UNIT_NAMES, ColumnRole::Unit),
        (IGNORED_NAMES, ColumnRole::Ignored),
    ];
    for (names, role) in lists {
        if names.contains(&name.as_str()) {
            return Some(role);
        }
    }
    if has("patient") && (has("id") || has("no") || has("number")) {
        return Some(ColumnRole::PatientId);
    }
    match name.as_str() {
        "age" | "age years" | "age y" => return Some(ColumnRole::Age),
        "sex" | "gender" => return Some(ColumnRole::Sex),
        _ => {}
    }
    let names_a_time = has("time") || has("date") || has("datetime") || has("timestamp");
    let names_another_time = has("birth") || has("dob") || has("onset");
    // `Prothrombin time`, `Thrombin time`: analytes whose name says "time".
    (names_a_time && !names_another_time && marker_for_name(header).is_none())
        .then_some(ColumnRole::SampleTime)
}

/// Spellings seen in exports beyond the catalog's own synonyms (normalised form).
const EXTRA_SYNONYMS: &[(&str, &str)] = &[
    ("neutrophils absolute", "neutrophils"),
    ("absolute neutrophil count", "neutrophils"),
    ("neutrophil #", "neutrophils"),
    ("neutrophils #", "neutrophils"),
    ("lymphocytes absolute", "lymphocytes"),
    ("absolute lymphocyte count", "lymphocytes"),
    ("lymphocyte #", "lymphocytes"),
    ("lymphocytes #", "lymphocytes"),
    ("lymphocytes count", "lymphocytes"),
    ("lymphocyte %", "lymphocytes_percent"),
    ("lymphocytes %", "lymphocytes_percent"),
    ("lymphocyte percent", "lymphocytes_percent"),
    ("lym %", "lymphocytes_percent"),
    ("white blood cells", "leukocytes"),
    ("white blood cell", "leukocytes"),
    ("wbc count", "leukocytes"),
    ("leukocytes", "leukocytes"),
    ("leucocytes", "leukocytes"),
    ("leucocyte count", "leukocytes"),
    ("white cell count", "leukocytes"),
    ("c reactive protein crp", "crp"),
    ("high sensitivity crp", "hs_crp"),
    ("hypersensitive c reactive protein", "hs_crp"),
    ("high sensitive c reactive protein", "hs_crp"),
    ("il 6", "il6"),
    ("interleukin6", "il6"),
    ("d d dimer", "d_dimer"),
    ("ddimer", "d_dimer"),
    ("lactic dehydrogenase", "ldh"),
    ("lactate dehydrogenase ldh", "ldh"),
    ("arterial po2", "pao2"),
    ("partial pressure of oxygen", "pao2"),
    ("p f ratio", "pf_ratio"),
    ("pao2 fio2 ratio", "pf_ratio"),
    ("horowitz index", "pf_ratio"),
    ("pulse oximetry", "spo2"),
    ("o2 saturation", "spo2"),
    ("respiration rate", "respiratory_rate"),
    ("breathing rate", "respiratory_rate"),
    ("pulse rate", "heart_rate"),
];

/// Names that mean different quantities in different places: never mapped by name. The
/// text is the choice the person importing is asked to make.
pub fn ambiguous_name(name: &str) -> Option<&'static str> {
    let (without_unit, _) = split_header_unit(name);
    match normalise_header(without_unit).as_str() {
        "oxygenation index" | "oi" => Some(
            "Chinese reports call PaO₂/FiO₂ the oxygenation index, elsewhere it is FiO₂ × mean airway pressure × 100 / PaO₂",
        ),
        _ => None,
    }
}

/// The catalog marker a header or test name means, and how it was recognised, with the
/// unit the header (or its long-table unit) states taken into account: `%` never lands on an
/// absolute count, nor a count on a percentage, nor DDU on FEU.
pub fn marker_for_name(name: &str) -> Option<(&'static MarkerDefinition, MatchedBy)> {
    let (definition, matched_by) = marker_by_name_alone(name)?;
    match split_header_unit(name).1 {
        Some(unit) => sibling_for_unit(definition, &unit).map(|sibling| (sibling, matched_by)),
        None => Some((definition, matched_by)),
    }
}

/// The marker of `definition`'s family that values in `unit` belong to: itself, its `%` or
/// count sibling, its FEU or DDU sibling; `None` when `unit` is a percentage and the family
/// has no percentage marker (or the reverse), so that the values are kept apart.
pub fn sibling_for_unit(
    definition: &'static MarkerDefinition,
    unit: &str,
) -> Option<&'static MarkerDefinition> {
    let Some(known) = parse_unit(unit) else {
        return Some(definition);
    };
    let is_percent = known.ucum == "%";
    let catalog_percent = definition.unit == "%";
    let family = definition
        .id
        .strip_suffix("_percent")
        .unwrap_or(definition.id);
    let family = family.strip_suffix("_ddu").unwrap_or(family);
    let find = |id: String| catalog().iter().find(|candidate| candidate.id == id);
    if is_percent && !catalog_percent {
        return find(format!("{family}_percent"));
    }
    if !is_percent && catalog_percent && known.ucum.contains("10*") {
        return find(family.to_owned());
    }
    match known.annotation {
        Annotation::Ddu if !definition.unit.contains("{DDU}") => find(format!("{family}_ddu")),
        Annotation::Feu if definition.unit.contains("{DDU}") => find(family.to_owned()),
        _ => Some(definition),
    }
}

fn marker_by_name_alone(name: &str) -> Option<(&'static MarkerDefinition, MatchedBy)> {
    let (without_unit, _) = split_header_unit(name);
    for candidate in [name.trim(), without_unit] {
        if let Some(definition) = find_marker_by_name(candidate) {
            let matched_by = if definition.has_loinc(candidate) {
                MatchedBy::Loinc
            } else if definition.id.eq_ignore_ascii_case(candidate.trim())
                || definition.name.eq_ignore_ascii_case(candidate.trim())
            {
                MatchedBy::Name
            } else {
                MatchedBy::Synonym
            };
            return Some((definition, matched_by));
        }
    }
    let normalised = normalise_header(without_unit);
    if let Some((_, definition)) = normalised_spellings()
        .iter()
        .find(|(spelling, _)| *spelling == normalised)
    {
        return Some((definition, MatchedBy::Synonym));
    }
    if let Some((_, id)) = EXTRA_SYNONYMS
        .iter()
        .find(|(spelling, _)| *spelling == normalised)
        && let Some(definition) = catalog().iter().find(|definition| definition.id == *id)
    {
        return Some((definition, MatchedBy::Synonym));
    }
    loinc_in(name).and_then(|code| {
        find_marker_by_name(code)
            .filter(|definition| definition.has_loinc(code))
            .map(|definition| (definition, MatchedBy::Loinc))
    })
}

/// A LOINC code written inside a header, as in `CRP [1988-5]`.
fn loinc_in(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .find(|part| {
            let mut halves = part.split('-');
            let (Some(number), Some(check), None) = (halves.next(), halves.next(), halves.next())
            else {
                return false;
            };
            (1..=7).contains(&number.len()) && check.len() == 1
        })
}

/// Splits `CRP (mg/dL)`, `CRP [mg/dL]` or `CRP, mg/dL` into name and unit. A bracket that
/// does not hold something unit-like (`CRP (repeat)`) stays part of the name; `(%)` anywhere
/// (as in `(%)lymphocyte`) states a percentage.
pub fn split_header_unit(header: &str) -> (&str, Option<String>) {
    let trimmed = header.trim();
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(without_close) = trimmed.strip_suffix(close)
            && let Some(open_at) = without_close.rfind(open)
        {
            let inner = without_close.get(open_at + 1..).unwrap_or_default().trim();
            let name = without_close.get(..open_at).unwrap_or_default().trim();
            if !name.is_empty() && looks_like_unit(inner) {
                return (name, Some(inner.to_owned()));
            }
        }
    }
    if let Some((name, unit)) = trimmed.rsplit_once(',') {
        let unit = unit.trim();
        if !name.trim().is_empty() && looks_like_unit(unit) {
            return (name.trim(), Some(unit.to_owned()));
        }
    }
    if trimmed.contains("(%)") {
        return (trimmed, Some("%".to_owned()));
    }
    (trimmed, None)
}

fn looks_like_unit(text: &str) -> bool {
    !text.is_empty()
        && (parse_unit(text).is_some()
            || (text.contains('/') && !text.contains(' '))
            || text.starts_with("10^")
            || text.starts_with("10*"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(name: &str) -> Option<&'static str> {
        marker_for_name(name).map(|(definition, _)| definition.id)
    }

    #[test]
    fn roles_are_recognised_by_name() {
        assert_eq!(role_from_header("RE_DATE"), Some(ColumnRole::SampleTime));
        assert_eq!(role_from_header("PATIENT_ID"), Some(ColumnRole::PatientId));
        assert_eq!(
            role_from_header("Admission time"),
            Some(ColumnRole::Admission)
        );
        assert_eq!(
            role_from_header("Discharge time"),
            Some(ColumnRole::Discharge)
        );
        assert_eq!(role_from_header("outcome"), Some(ColumnRole::Outcome));
        assert_eq!(
            role_from_header("Specimen collection time"),
            Some(ColumnRole::SampleTime)
        );
        assert_eq!(role_from_header("Date of birth"), None);
        assert_eq!(role_from_header("Test name"), Some(ColumnRole::MarkerName));
        assert_eq!(role_from_header("Result"), Some(ColumnRole::Value));
        assert_eq!(role_from_header("UNITS"), Some(ColumnRole::Unit));
        assert_eq!(role_from_header("Lactate dehydrogenase"), None);
        assert_eq!(role_from_header("Prothrombin time"), None);
        assert_eq!(
            role_from_header("Activation of partial thromboplastin time"),
            None
        );
    }

    #[test]
    fn markers_are_found_by_name_synonym_or_loinc() {
        assert_eq!(marker("(%)lymphocyte"), Some("lymphocytes_percent"));
        assert_eq!(
            marker("High sensitivity C-reactive protein"),
            Some("hs_crp")
        );
        assert_eq!(marker("CRP (mg/dL)"), Some("crp"));
        assert_eq!(marker("C-reactive protein [mg/L]"), Some("crp"));
        assert_eq!(marker("D-dimer, ng/mL FEU"), Some("d_dimer"));
        assert_eq!(marker("Lymphocytes absolute"), Some("lymphocytes"));
        assert_eq!(marker("Interleukin-6"), Some("il6"));
        assert_eq!(marker("Ferritin [2276-4]"), Some("ferritin"));
        assert_eq!(marker("fibrinogen"), Some("fibrinogen"));
        assert_eq!(marker("Galectin-3"), None);
    }

    #[test]
    fn percentages_never_land_on_counts() {
        assert_eq!(marker("neutrophils(%)"), Some("neutrophils_percent"));
        assert_eq!(marker("Neutrophils (%)"), Some("neutrophils_percent"));
        assert_eq!(marker("Lymphocytes (%)"), Some("lymphocytes_percent"));
        assert_eq!(marker("Lymphocytes (10^9/L)"), Some("lymphocytes"));
        assert_eq!(marker("D-dimer (ng/mL DDU)"), Some("d_dimer_ddu"));
        assert_eq!(
            marker("Platelets (%)"),
            None,
            "no percentage marker: kept apart"
        );
        assert_eq!(marker("Oxygenation index"), None);
        assert!(ambiguous_name("Oxygenation index (mmHg)").is_some());
    }

    #[test]
    fn every_tongji_header_is_recognised() {
        // The 74 analyte headers of tongji_train_375.xlsx as the sheet spells them, less the
        // five serology columns the catalog does not hold (kept as custom on import).
        let headers = [
            "Hypersensitive cardiac troponinI",
            "hemoglobin",
            "Serum chloride",
            "Prothrombin time",
            "procalcitonin",
            "eosinophils(%)",
            "Interleukin 2 receptor",
            "Alkaline phosphatase",
            "albumin",
            "basophil(%)",
            "Interleukin 10",
            "Total bilirubin",
            "Platelet count",
            "monocytes(%)",
            "antithrombin",
            "Interleukin 8",
            "indirect bilirubin",
            "Red blood cell distribution width ",
            "neutrophils(%)",
            "total protein",
            "Prothrombin activity",
            "mean corpuscular volume",
            "hematocrit",
            "White blood cell count",
            "Tumor necrosis factorα",
            "mean corpuscular hemoglobin concentration",
            "fibrinogen",
            "Interleukin 1β",
            "Urea",
            "lymphocyte count",
            "PH value",
            "Red blood cell count",
            "Eosinophil count",
            "Corrected calcium",
            "Serum potassium",
            "glucose",
            "neutrophils count",
            "Direct bilirubin",
            "Mean platelet volume",
            "ferritin",
            "RBC distribution width SD",
            "Thrombin time",
            "(%)lymphocyte",
            "D-D dimer",
            "Total cholesterol",
            "aspartate aminotransferase",
            "Uric acid",
            "HCO3-",
            "calcium",
            "Amino-terminal brain natriuretic peptide precursor(NT-proBNP)",
            "Lactate dehydrogenase",
            "platelet large cell ratio ",
            "Interleukin 6",
            "Fibrin degradation products",
            "monocytes count",
            "PLT distribution width",
            "globulin",
            "γ-glutamyl transpeptidase",
            "International standard ratio",
            "basophil count(#)",
            "mean corpuscular hemoglobin ",
            "Activation of partial thromboplastin time",
            "serum sodium",
            "thrombocytocrit",
            "ESR",
            "glutamic-pyruvic transaminase",
            "eGFR",
            "creatinine",
            "High sensitivity C-reactive protein",
        ];
        let mut ids = Vec::new();
        for header in headers {
            assert_eq!(role_from_header(header), None, "{header}");
            ids.push(marker(header).unwrap_or_else(|| panic!("{header} is not recognised")));
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), headers.len(), "two headers share a marker");
    }

    #[test]
    fn units_come_out_of_headers() {
        assert_eq!(
            split_header_unit("CRP (mg/dL)"),
            ("CRP", Some("mg/dL".to_owned()))
        );
        assert_eq!(
            split_header_unit("D-dimer, ng/mL FEU"),
            ("D-dimer", Some("ng/mL FEU".to_owned()))
        );
        assert_eq!(split_header_unit("CRP (repeat)"), ("CRP (repeat)", None));
        assert_eq!(
            split_header_unit("(%)lymphocyte"),
            ("(%)lymphocyte", Some("%".to_owned()))
        );
        assert_eq!(split_header_unit("Ferritin"), ("Ferritin", None));
    }
}
