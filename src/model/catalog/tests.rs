//! The catalog's own invariants: what the importer and every view rely on.

use std::collections::HashMap;

use super::*;

#[test]
fn ids_are_unique_and_every_spelling_names_one_marker() {
    let mut owners: HashMap<String, &str> = HashMap::new();
    for definition in catalog() {
        let spellings = [definition.id, definition.name, definition.loinc]
            .into_iter()
            .chain(definition.other_loinc.iter().copied())
            .chain(definition.synonyms.iter().copied());
        let mut own: Vec<String> = spellings.map(|s| s.trim().to_lowercase()).collect();
        own.sort();
        own.dedup();
        for spelling in own {
            if let Some(other) = owners.insert(spelling.clone(), definition.id) {
                panic!("`{spelling}` names both {other} and {}", definition.id);
            }
        }
    }
}

#[test]
fn every_entry_is_complete() {
    for definition in catalog() {
        let id = definition.id;
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{id}"
        );
        assert!(!definition.name.is_empty(), "{id} has no name");
        assert!(!definition.unit.is_empty(), "{id} has no unit");
        assert!(definition.panel != Panel::Other, "{id} has no panel");
        assert!(
            !definition.interval_source.is_empty(),
            "{id}: the interval's source is not recorded"
        );
        for code in std::iter::once(definition.loinc).chain(definition.other_loinc.iter().copied())
        {
            let (number, check) = code.split_once('-').unwrap_or_default();
            assert!(
                !number.is_empty()
                    && number.chars().all(|c| c.is_ascii_digit())
                    && check.len() == 1,
                "{id}: `{code}` is not a LOINC code"
            );
        }
        let intervals = match definition.interval {
            CatalogInterval::None => vec![],
            CatalogInterval::Adult(interval) => vec![interval],
            CatalogInterval::BySex { male, female } => vec![male, female],
        };
        for interval in intervals {
            if let (Some(low), Some(high)) = (interval.low, interval.high) {
                assert!(low < high, "{id}: {low}–{high}");
            }
        }
    }
}

#[test]
fn the_issue_panels_are_all_there() {
    let wanted = [
        "neutrophils",
        "neutrophils_percent",
        "lymphocytes",
        "lymphocytes_percent",
        "monocytes_percent",
        "mcv",
        "platelets",
        "mpv",
        "pt",
        "inr",
        "aptt",
        "thrombin_time",
        "fibrinogen",
        "d_dimer",
        "d_dimer_ddu",
        "fdp",
        "antithrombin",
        "prothrombin_activity",
        "alt",
        "ast",
        "alp",
        "ggt",
        "bilirubin_total",
        "bilirubin_direct",
        "bilirubin_indirect",
        "total_protein",
        "albumin",
        "globulin",
        "urea",
        "creatinine",
        "egfr",
        "uric_acid",
        "sodium",
        "potassium",
        "chloride",
        "calcium",
        "calcium_corrected",
        "bicarbonate",
        "ph",
        "pao2",
        "paco2",
        "lactate",
        "pf_ratio",
        "hs_troponin_i",
        "hs_troponin_t",
        "nt_probnp",
        "ck",
        "ck_mb",
        "myoglobin",
        "crp",
        "hs_crp",
        "procalcitonin",
        "ferritin",
        "esr",
        "ldh",
        "il1b",
        "il2r",
        "il6",
        "il8",
        "il10",
        "tnf_alpha",
        "ifn_gamma",
        "glucose",
        "cholesterol_total",
        "triglycerides",
        "spo2",
        "heart_rate",
        "temperature",
    ];
    let missing: Vec<&str> = wanted
        .into_iter()
        .filter(|id| find_marker(id).is_none())
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
}

#[test]
fn sex_specific_analytes_differ_by_sex() {
    for id in [
        "ferritin",
        "hemoglobin",
        "creatinine",
        "uric_acid",
        "hematocrit",
        "hs_troponin_i",
    ] {
        let definition = find_marker(id).unwrap();
        assert!(definition.is_sex_specific(), "{id}");
        assert_ne!(
            definition.reference_for(Some(Sex::Male)),
            definition.reference_for(Some(Sex::Female)),
            "{id}"
        );
    }
    let hemoglobin = find_marker("hemoglobin").unwrap();
    assert_eq!(
        hemoglobin.reference_for(Some(Sex::Female)),
        Some(ReferenceInterval::between(115.0, 150.0))
    );
    assert_eq!(
        hemoglobin.reference_for(None),
        Some(ReferenceInterval::between(115.0, 175.0)),
        "unknown sex: the span of both"
    );
}

#[test]
fn markers_are_found_by_any_of_their_loinc_codes() {
    for code in ["59408-5", "2708-6", "20564-1"] {
        let found = find_marker_by_name(code).map(|definition| definition.id);
        assert_eq!(found, Some("spo2"), "{code}");
    }
    assert!(find_marker("spo2").unwrap().has_loinc("2708-6"));
    assert_eq!(find_marker_by_name("48066-5").unwrap().id, "d_dimer_ddu");
}

#[test]
fn oxygenation_index_is_never_a_synonym() {
    assert!(find_marker_by_name("oxygenation index").is_none());
    assert!(find_marker_by_name("OI").is_none());
}

#[test]
fn percentages_and_counts_are_separate_markers() {
    let percent = find_marker_by_name("neutrophils(%)").unwrap();
    let count = find_marker_by_name("neutrophils count").unwrap();
    assert_eq!((percent.unit, count.unit), ("%", "10*9/L"));
    assert_ne!(percent.id, count.id);
}

#[test]
fn panels_list_every_marker_once() {
    let listed: usize = Panel::ALL
        .iter()
        .map(|panel| panel_markers(*panel).count())
        .sum();
    assert_eq!(listed, catalog().len());
}

/// `docs/catalog.md` as the catalog gives it.
fn catalog_markdown() -> String {
    use std::fmt::Write as _;
    let mut text = String::from(
        "# Marker catalog\n\n\
         Generated from `src/model/catalog/` by its tests (`CASELENS_BLESS=1 cargo test --lib \
         model::catalog` rewrites it after a change). Use the **id** in a series' `marker`. \
         Intervals are adult defaults in the catalog unit; laboratories differ, so give \
         `reference` in the series when the source has its own. Where men and women differ, \
         the patient's recorded sex chooses; with no sex recorded the span covering both is \
         used, so that only values abnormal for either sex are flagged. Every interval names \
         its source.\n",
    );
    for panel in Panel::ALL {
        let markers: Vec<_> = panel_markers(panel).collect();
        if markers.is_empty() {
            continue;
        }
        let _ = write!(
            text,
            "\n## {}\n\n| id | Name | LOINC | Unit (UCUM) | Shown as | Reference interval | Source |\n|---|---|---|---|---|---|---|\n",
            panel.label()
        );
        for definition in markers {
            let loinc = std::iter::once(definition.loinc)
                .chain(definition.other_loinc.iter().copied())
                .collect::<Vec<_>>()
                .join(", ");
            let interval = match definition.interval {
                CatalogInterval::None => "none".to_owned(),
                CatalogInterval::Adult(interval) => interval.describe(),
                CatalogInterval::BySex { male, female } => {
                    format!("men {}, women {}", male.describe(), female.describe())
                }
            };
            let _ = writeln!(
                text,
                "| `{}` | {} | {loinc} | `{}` | {} | {interval} | {} |",
                definition.id,
                definition.name,
                definition.unit,
                crate::model::marker::display_unit(definition.unit),
                definition.interval_source
            );
        }
    }
    text
}

#[test]
fn the_documented_catalog_is_the_catalog() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/catalog.md");
    let generated = catalog_markdown();
    if std::env::var_os("CASELENS_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let documented = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        documented == generated,
        "docs/catalog.md is out of date; run CASELENS_BLESS=1 cargo test --lib model::catalog"
    );
}
