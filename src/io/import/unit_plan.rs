//! Decides, once per marker for the whole export, which unit its series hold and how each
//! unit the export used gets there.
//!
//! The catalog unit wins when every unit seen converts to it exactly (mass ↔ molar through the
//! catalog's molar mass); otherwise one unit seen throughout is kept as given (and flagged);
//! units that cannot be brought to one are a [`UnitConflict`] naming both places, which the
//! caller reports and resolves by leaving the conflicting column out, because a column mixing
//! them is usually two tests in one. When no unit is stated anywhere the catalog unit is
//! assumed, and the series says so.

use super::marker_group::MarkerGroup;
use super::report::Location;
use crate::model::{KnownUnit, conversion_factor_for, parse_unit, same_unit};

/// Units of custom markers whose export states none: an annotation, so the case is valid and
/// nobody mistakes it for a real unit.
pub const UNIT_NOT_STATED: &str = "{unit not stated}";

/// One unit as the export wrote it (`None`: not stated), where it first appeared, how often.
#[derive(Clone, Debug)]
pub struct UnitSeen {
    pub written: Option<String>,
    pub first: Location,
    /// The source (column, test name) of the first value in this unit.
    pub source: usize,
    pub count: usize,
}

/// Two units of one marker that do not convert into one another.
#[derive(Clone, Debug)]
pub struct UnitConflict {
    pub first: UnitSeen,
    pub other: UnitSeen,
}

/// How values of one marker reach the series unit.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitPlan {
    /// The unit the series holds (UCUM where known).
    pub target: String,
    /// Each written unit with its factor into `target` and whether it is a different unit
    /// (a conversion to record) rather than another spelling.
    pub factors: Vec<(Option<String>, f64, bool)>,
    /// No unit was stated anywhere: the catalog unit is assumed.
    pub assumed: bool,
    /// The one unit seen is not the catalog's and does not convert to it; kept as given.
    pub kept_unknown: bool,
}

impl UnitPlan {
    /// Which of `factors` applies to a written unit.
    pub fn factor_index(&self, written: Option<&str>) -> Option<usize> {
        self.factors
            .iter()
            .position(|(unit, ..)| unit.as_deref().map(str::trim) == written.map(str::trim))
    }

    /// A sentence for the import summary, when there is something to say.
    pub fn report_note(&self, group: &MarkerGroup) -> Option<String> {
        if self.assumed {
            return Some(if group.definition.is_some() {
                format!(
                    "{}: the export states no unit; the catalog unit {} is assumed",
                    group.id, self.target
                )
            } else {
                format!(
                    "{}: the export states no unit; the series is marked `{UNIT_NOT_STATED}`",
                    group.id
                )
            });
        }
        if self.kept_unknown
            && let Some(definition) = group.definition
        {
            return Some(format!(
                "{}: unit `{}` is not the catalog unit {} and CaseLens has no exact conversion; values kept as exported, without the catalog reference interval",
                group.id, self.target, definition.unit
            ));
        }
        let conversions: Vec<String> = self
            .factors
            .iter()
            .filter(|(_, _, converts)| *converts)
            .map(|(written, factor, _)| {
                format!(
                    "{} → {} (×{factor})",
                    written.as_deref().unwrap_or("?"),
                    self.target
                )
            })
            .collect();
        (!conversions.is_empty())
            .then(|| format!("{}: converted {}", group.id, conversions.join(", ")))
    }
}

/// Plans the units of one marker from the units its values were written in.
pub fn plan_units(group: &MarkerGroup, seen: &[UnitSeen]) -> Result<UnitPlan, Box<UnitConflict>> {
    let catalog_unit = group.definition.map(|definition| definition.unit);
    let molar_mass = group
        .definition
        .and_then(|definition| definition.molar_mass);
    let stated: Vec<&UnitSeen> = seen.iter().filter(|unit| unit.written.is_some()).collect();
    if stated.is_empty() {
        let target = catalog_unit.unwrap_or(UNIT_NOT_STATED).to_owned();
        return Ok(UnitPlan {
            factors: vec![(None, 1.0, false)],
            target,
            assumed: true,
            kept_unknown: false,
        });
    }
    if let (Some(unstated), Some(first_stated)) = (
        seen.iter().find(|unit| unit.written.is_none()),
        stated.first(),
    ) {
        return Err(Box::new(UnitConflict {
            first: (*first_stated).clone(),
            other: unstated.clone(),
        }));
    }
    let known: Vec<Option<KnownUnit>> = stated
        .iter()
        .map(|unit| unit.written.as_deref().and_then(parse_unit))
        .collect();
    if let Some(catalog) = catalog_unit.and_then(parse_unit)
        && let Some(factors) = factors_into(&stated, &known, &catalog, molar_mass)
    {
        return Ok(UnitPlan {
            target: catalog.ucum,
            factors,
            assumed: false,
            kept_unknown: false,
        });
    }
    let (Some(first), Some(first_known)) = (stated.first(), known.first()) else {
        // `stated` is not empty here; a plan that keeps the values as they are is the safe answer.
        return Ok(UnitPlan {
            target: UNIT_NOT_STATED.to_owned(),
            factors: vec![(None, 1.0, false)],
            assumed: true,
            kept_unknown: false,
        });
    };
    let first_written = first.written.as_deref().unwrap_or_default();
    if let Some(first_known) = first_known
        && let Some(factors) = factors_into(&stated, &known, first_known, molar_mass)
    {
        let kept_unknown = catalog_unit.is_some_and(|unit| unit != first_known.ucum);
        return Ok(UnitPlan {
            target: first_known.ucum.clone(),
            factors,
            assumed: false,
            kept_unknown,
        });
    }
    if let Some(other) = stated
        .iter()
        .find(|unit| !same_unit(unit.written.as_deref().unwrap_or_default(), first_written))
    {
        return Err(Box::new(UnitConflict {
            first: (*first).clone(),
            other: (*other).clone(),
        }));
    }
    Ok(UnitPlan {
        target: first_written.trim().to_owned(),
        factors: stated
            .iter()
            .map(|unit| (unit.written.clone(), 1.0, false))
            .collect(),
        assumed: false,
        kept_unknown: catalog_unit.is_some(),
    })
}

/// Factors from every stated unit into `target`, or `None` if one does not convert.
fn factors_into(
    stated: &[&UnitSeen],
    known: &[Option<KnownUnit>],
    target: &KnownUnit,
    molar_mass: Option<f64>,
) -> Option<Vec<(Option<String>, f64, bool)>> {
    stated
        .iter()
        .zip(known)
        .map(|(unit, known)| {
            let known = known.as_ref()?;
            let factor = conversion_factor_for(known, target, molar_mass)?;
            Some((unit.written.clone(), factor, known.ucum != target.ucum))
        })
        .collect()
}
