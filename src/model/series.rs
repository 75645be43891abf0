//! Lab and vital-sign series: one marker, its unit, and its samples in time order.

use serde::{Deserialize, Serialize};

use super::case::Sex;
use super::marker::{MarkerDefinition, ReferenceInterval, display_unit, find_marker};
use super::time::CaseTime;

/// How far a value can be trusted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Provenance {
    /// Measured and recorded by the hospital (an export or a chart).
    #[default]
    Measured,
    /// Stated in the publication's text, so exact as published.
    Published,
    /// Stated in the publication's text, exact as published, but the publication does not
    /// date it: the reviewer chose the day it is placed on.
    PublishedDayPlaced,
    /// Filled in to follow a described course; illustrative, not a measurement.
    Reconstructed,
}

impl Provenance {
    pub fn label(self) -> &'static str {
        match self {
            Self::Measured => "measured",
            Self::Published => "published value",
            Self::PublishedDayPlaced => "published value; day placed by the reviewer",
            Self::Reconstructed => "illustrative reconstruction",
        }
    }

    /// Whether the number itself is the publication's, wherever its day came from.
    pub fn is_published(self) -> bool {
        matches!(self, Self::Published | Self::PublishedDayPlaced)
    }
}

/// How many values of a count or summary carry each provenance, so that every count can say
/// what it rests on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProvenanceCounts {
    pub measured: usize,
    /// Published values, including those whose day the reviewer placed.
    pub published: usize,
    /// Of `published`, those whose day the reviewer placed.
    pub published_day_placed: usize,
    pub reconstructed: usize,
}

impl ProvenanceCounts {
    pub fn of(provenances: impl IntoIterator<Item = Provenance>) -> Self {
        let mut counts = Self::default();
        for provenance in provenances {
            counts.add(provenance);
        }
        counts
    }

    pub fn add(&mut self, provenance: Provenance) {
        match provenance {
            Provenance::Measured => self.measured += 1,
            Provenance::Published => self.published += 1,
            Provenance::PublishedDayPlaced => {
                self.published += 1;
                self.published_day_placed += 1;
            }
            Provenance::Reconstructed => self.reconstructed += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.measured + self.published + self.reconstructed
    }
}

impl std::fmt::Display for ProvenanceCounts {
    /// `2 measured, 3 published (1 with the day placed by the reviewer), 15 reconstructed`;
    /// kinds with no value are left out, and `no values` when there are none.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if self.measured > 0 {
            parts.push(format!("{} measured", self.measured));
        }
        if self.published > 0 {
            let placed = match self.published_day_placed {
                0 => String::new(),
                placed if placed == self.published => " (day placed by the reviewer)".to_owned(),
                placed => format!(" ({placed} with the day placed by the reviewer)"),
            };
            parts.push(format!("{} published{placed}", self.published));
        }
        if self.reconstructed > 0 {
            parts.push(format!("{} reconstructed", self.reconstructed));
        }
        if parts.is_empty() {
            formatter.write_str("no values")
        } else {
            formatter.write_str(&parts.join(", "))
        }
    }
}

/// A flag as laboratories print it next to a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LabFlag {
    Low,
    High,
    CriticalLow,
    CriticalHigh,
    Abnormal,
}

/// A result reported as a bound rather than a number, such as `<0.5` or `>1000`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Censoring {
    /// The true value is below the stated one (below the detection limit).
    Below,
    /// The true value is above the stated one (above the measuring range).
    Above,
}

/// One value at one time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    pub time: CaseTime,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub censored: Option<Censoring>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<LabFlag>,
    /// Overrides the series' provenance for this one value (a published number inside a
    /// reconstructed series, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// At rest or on exertion, when the source says; resting criteria use resting values only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Activity>,
    /// Room air or supplemental oxygen (with its FiO₂ when known), when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oxygen: Option<Oxygen>,
}

/// What the patient was doing when a value was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Activity {
    AtRest,
    /// During or right after exercise: not comparable with resting values.
    OnExertion,
}

/// FiO₂ of room air, as a fraction.
pub const ROOM_AIR_FIO2: f64 = 0.21;

/// What the patient was breathing when a value was taken.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Oxygen {
    /// Room air: FiO₂ 0.21.
    RoomAir,
    /// Supplemental oxygen; `fio2` as a fraction (0.21–1.0) when known.
    Supplemental { fio2: Option<f64> },
}

impl Oxygen {
    /// The fraction of inspired oxygen, when known.
    pub fn fio2(self) -> Option<f64> {
        match self {
            Self::RoomAir => Some(ROOM_AIR_FIO2),
            Self::Supplemental { fio2 } => fio2,
        }
    }
}

impl Sample {
    /// The conditions of the value as a reader writes them: `at rest, on room air`,
    /// `on exertion`, `on oxygen (FiO₂ 0.4)`; empty when the source says nothing.
    pub fn conditions(&self) -> String {
        conditions_text(self.activity, self.oxygen)
    }
}

/// See [`Sample::conditions`].
pub fn conditions_text(activity: Option<Activity>, oxygen: Option<Oxygen>) -> String {
    let activity = activity.map(|activity| match activity {
        Activity::AtRest => "at rest".to_owned(),
        Activity::OnExertion => "on exertion".to_owned(),
    });
    let oxygen = oxygen.map(|oxygen| match oxygen {
        Oxygen::RoomAir => "on room air".to_owned(),
        Oxygen::Supplemental { fio2: Some(fio2) } => format!("on oxygen (FiO₂ {fio2})"),
        Oxygen::Supplemental { fio2: None } => "on oxygen".to_owned(),
    });
    [activity, oxygen]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

impl Sample {
    pub fn new(time: CaseTime, value: f64) -> Self {
        Self {
            time,
            value,
            censored: None,
            flag: None,
            provenance: None,
            comment: None,
            activity: None,
            oxygen: None,
        }
    }
}

/// A marker that is not in the catalog, described in full by the case file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomMarker {
    pub name: String,
    #[serde(default)]
    pub loinc: Option<String>,
    #[serde(default)]
    pub reference: Option<ReferenceInterval>,
}

/// The samples of one marker over the stay.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// A catalog id such as `lymphocytes`, or the case's own id for a custom marker.
    pub marker: String,
    /// UCUM unit of the values. May be left out for catalog markers, which then use the
    /// catalog unit; required for custom markers. Values are never converted on load.
    #[serde(default)]
    pub unit: Option<String>,
    /// Describes a marker the catalog does not have.
    #[serde(default)]
    pub custom: Option<CustomMarker>,
    /// This case's laboratory interval; wins over the catalog's.
    #[serde(default)]
    pub reference: Option<ReferenceInterval>,
    #[serde(default)]
    pub provenance: Provenance,
    #[serde(default)]
    pub note: Option<String>,
    /// Where the values were imported from (file, sheet, column), when they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
    /// Unit conversions applied on import, in order; empty when the values are as exported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conversions: Vec<UnitConversion>,
    #[serde(default)]
    pub samples: Vec<Sample>,
    /// Samples stored in an Arrow IPC file beside the case file instead of `samples`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dense: Option<super::dense::DenseRef>,
}

/// A unit conversion applied to a series on import, kept so it is never silent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitConversion {
    /// The unit the export gave, as written there.
    pub from_unit: String,
    /// The unit the series now holds (UCUM).
    pub to_unit: String,
    /// Every value was multiplied by this.
    pub factor: f64,
    #[serde(default)]
    pub note: Option<String>,
}

impl Series {
    /// The catalog entry, when the marker id names one.
    pub fn definition(&self) -> Option<&'static MarkerDefinition> {
        find_marker(&self.marker)
    }

    /// The unit the values are in: the series' own, else the catalog's.
    pub fn unit(&self) -> Option<&str> {
        self.unit
            .as_deref()
            .or_else(|| self.definition().map(|definition| definition.unit))
    }

    /// Display name with proper symbols.
    pub fn display_name(&self) -> String {
        if let Some(custom) = &self.custom {
            return custom.name.clone();
        }
        match self.definition() {
            Some(definition) => definition.name.to_owned(),
            None => self.marker.clone(),
        }
    }

    /// The unit as clinicians write it (`×10⁹/L`), or an empty string when unknown.
    pub fn display_unit(&self) -> String {
        self.unit().map(display_unit).unwrap_or_default()
    }

    /// The interval to shade and flag against when the patient's sex is not at hand; for a
    /// sex-specific catalog marker, the span covering both sexes (see
    /// [`MarkerDefinition::reference_for`]). Prefer [`Self::reference_interval_for`].
    pub fn reference_interval(&self) -> Option<ReferenceInterval> {
        self.reference_interval_for(None)
    }

    /// The interval to shade and flag against for a patient of this sex. The catalog interval
    /// only applies when the series is in the catalog unit: an interval in another unit would
    /// mislead.
    pub fn reference_interval_for(&self, sex: Option<Sex>) -> Option<ReferenceInterval> {
        if let Some(reference) = self.reference {
            return Some(reference);
        }
        if let Some(reference) = self.custom.as_ref().and_then(|custom| custom.reference) {
            return Some(reference);
        }
        let definition = self.definition()?;
        if self.unit() != Some(definition.unit) {
            return None;
        }
        definition.reference_for(sex)
    }

    /// The provenance of one sample, falling back to the series'.
    pub fn sample_provenance(&self, sample: &Sample) -> Provenance {
        sample.provenance.unwrap_or(self.provenance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(marker: &str, unit: Option<&str>) -> Series {
        Series {
            marker: marker.to_owned(),
            unit: unit.map(str::to_owned),
            custom: None,
            reference: None,
            provenance: Provenance::Measured,
            note: None,
            imported_from: None,
            conversions: Vec::new(),
            samples: Vec::new(),
            dense: None,
        }
    }

    #[test]
    fn catalog_series_take_the_catalog_unit_and_interval() {
        let lymphocytes = series("lymphocytes", None);
        assert_eq!(lymphocytes.unit(), Some("10*9/L"));
        assert_eq!(lymphocytes.display_unit(), "×10⁹/L");
        assert_eq!(
            lymphocytes.reference_interval(),
            Some(ReferenceInterval::between(1.1, 3.2))
        );
    }

    #[test]
    fn sex_specific_markers_take_the_patients_interval() {
        let ferritin = series("ferritin", None);
        let female = ferritin.reference_interval_for(Some(Sex::Female));
        let male = ferritin.reference_interval_for(Some(Sex::Male));
        assert_eq!(female, Some(ReferenceInterval::between(13.0, 150.0)));
        assert_eq!(male, Some(ReferenceInterval::between(30.0, 400.0)));
        // Sex not recorded: only what is abnormal for both sexes is flagged.
        assert_eq!(
            ferritin.reference_interval(),
            Some(ReferenceInterval::between(13.0, 400.0))
        );
    }

    #[test]
    fn a_series_in_another_unit_does_not_borrow_the_catalog_interval() {
        let crp_in_mg_per_dl = series("crp", Some("mg/dL"));
        assert_eq!(crp_in_mg_per_dl.unit(), Some("mg/dL"));
        assert_eq!(crp_in_mg_per_dl.reference_interval(), None);
    }
}
