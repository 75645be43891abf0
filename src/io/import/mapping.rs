//! The mapping from an export's columns (or long-table test names, or FHIR codes) to what
//! CaseLens makes of them. It is detected, shown, and can be changed by hand (`--mapping` on
//! the command line, the import dialog in the app) before the cases are built.

use std::fmt;

use crate::model::marker::{find_marker, find_marker_by_name};

/// What a marker column, test name or code becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkerTarget {
    /// A catalog marker, by id.
    Catalog(&'static str),
    /// A marker the catalog lacks, named after the column; `unit` overrides the unit the
    /// export states.
    Custom { unit: Option<String> },
}

/// What one column (or test name, or code) holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnRole {
    SampleTime,
    PatientId,
    Admission,
    Discharge,
    /// Survived or died, written as 0/1 or words.
    Outcome,
    Age,
    Sex,
    /// Long tables: the column naming each row's test.
    MarkerName,
    /// Long tables: the result column.
    Value,
    /// Long tables: the unit column.
    Unit,
    Marker(MarkerTarget),
    /// Deliberately left out.
    Ignored,
    /// Not recognised; listed so it is never dropped silently.
    Unmapped,
}

impl ColumnRole {
    /// The roles a table has at most one column of (the importer keeps the best match and
    /// reports the others; the dialog offers them for columns).
    pub const SINGLE_COLUMN: [ColumnRole; 10] = [
        ColumnRole::SampleTime,
        ColumnRole::PatientId,
        ColumnRole::Admission,
        ColumnRole::Discharge,
        ColumnRole::Outcome,
        ColumnRole::Age,
        ColumnRole::Sex,
        ColumnRole::MarkerName,
        ColumnRole::Value,
        ColumnRole::Unit,
    ];

    /// A short description for summaries and the dialog.
    pub fn describe(&self) -> String {
        match self {
            Self::SampleTime => "sample time".to_owned(),
            Self::PatientId => "patient id".to_owned(),
            Self::Admission => "admission time".to_owned(),
            Self::Discharge => "discharge time".to_owned(),
            Self::Outcome => "outcome".to_owned(),
            Self::Age => "age".to_owned(),
            Self::Sex => "sex".to_owned(),
            Self::MarkerName => "test name (long table)".to_owned(),
            Self::Value => "result value (long table)".to_owned(),
            Self::Unit => "unit (long table)".to_owned(),
            Self::Marker(MarkerTarget::Catalog(id)) => match find_marker(id) {
                Some(definition) => format!("{} (`{id}`)", definition.name),
                None => format!("`{id}`"),
            },
            Self::Marker(MarkerTarget::Custom { unit: Some(unit) }) => {
                format!("custom marker in {unit}")
            }
            Self::Marker(MarkerTarget::Custom { unit: None }) => "custom marker".to_owned(),
            Self::Ignored => "ignored".to_owned(),
            Self::Unmapped => "not mapped".to_owned(),
        }
    }

    /// Reads a choice given by hand: a role word (`time`, `patient`, `admission`,
    /// `discharge`, `outcome`, `age`, `sex`, `test`, `value`, `unit`, `ignore`), `custom`,
    /// `custom:UNIT`, or a catalog marker by id, name, synonym or LOINC code.
    pub fn parse_choice(text: &str) -> Result<Self, String> {
        let choice = text.trim();
        let role = match choice.to_lowercase().as_str() {
            "time" | "sample-time" | "date" => Self::SampleTime,
            "patient" | "patient-id" | "id" => Self::PatientId,
            "admission" => Self::Admission,
            "discharge" => Self::Discharge,
            "outcome" => Self::Outcome,
            "age" => Self::Age,
            "sex" | "gender" => Self::Sex,
            "test" | "marker-name" => Self::MarkerName,
            "value" | "result" => Self::Value,
            "unit" => Self::Unit,
            "ignore" | "ignored" | "skip" => Self::Ignored,
            "custom" => Self::Marker(MarkerTarget::Custom { unit: None }),
            lower => {
                if let Some(unit) = lower.strip_prefix("custom:") {
                    let unit = choice.get(choice.len() - unit.len()..).unwrap_or(unit);
                    return Ok(Self::Marker(MarkerTarget::Custom {
                        unit: Some(unit.trim().to_owned()),
                    }));
                }
                match find_marker_by_name(choice) {
                    Some(definition) => Self::Marker(MarkerTarget::Catalog(definition.id)),
                    None => {
                        return Err(format!(
                            "`{choice}` is neither a catalog marker nor one of time, patient, admission, discharge, outcome, age, sex, test, value, unit, ignore, custom, custom:UNIT"
                        ));
                    }
                }
            }
        };
        Ok(role)
    }
}

/// How a mapping was arrived at, shown beside it so a person can judge it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchedBy {
    /// The header is the marker's id or name, or names a role.
    Name,
    Synonym,
    Loinc,
    /// The column's contents (all date-times) gave it away.
    Content,
    /// Chosen by the person importing.
    Hand,
    Nothing,
}

impl fmt::Display for MatchedBy {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Self::Name => "by name",
            Self::Synonym => "by synonym",
            Self::Loinc => "by LOINC code",
            Self::Content => "by content",
            Self::Hand => "by hand",
            Self::Nothing => "no match",
        })
    }
}

/// What a mapping entry stands for in the export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A table column, 0-based.
    Column(usize),
    /// A test name found in a long table's test-name column.
    LongMarker,
    /// A FHIR Observation code.
    FhirCode,
}

/// One column, test name or code and what it becomes.
#[derive(Clone, Debug, PartialEq)]
pub struct MappingEntry {
    /// The header, test name or code as the export writes it; `--mapping KEY=…` names it.
    pub key: String,
    /// How to show it: the header, or a code with its display text.
    pub label: String,
    pub kind: EntryKind,
    pub role: ColumnRole,
    /// The unit the header states (tables) or the first unit seen (FHIR).
    pub unit: Option<String>,
    pub matched_by: MatchedBy,
    /// Non-empty values (cells, rows or observations) behind the entry.
    pub values: usize,
}

/// The whole mapping of one export.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportMapping {
    pub entries: Vec<MappingEntry>,
}

impl ImportMapping {
    /// The first column with a role.
    pub fn column_with(&self, role: &ColumnRole) -> Option<usize> {
        self.entries.iter().find_map(|entry| match entry.kind {
            EntryKind::Column(index) if &entry.role == role => Some(index),
            _ => None,
        })
    }

    /// Whether rows name their test in a column (a long table).
    pub fn is_long(&self) -> bool {
        self.column_with(&ColumnRole::MarkerName).is_some()
            && self.column_with(&ColumnRole::Value).is_some()
    }

    /// Entries nobody mapped, for the "unmapped" list.
    pub fn unmapped(&self) -> impl Iterator<Item = &MappingEntry> {
        self.entries
            .iter()
            .filter(|entry| entry.role == ColumnRole::Unmapped)
    }

    /// Sets the role of the entry whose key matches (case and surrounding space aside);
    /// false when none does.
    pub fn set_role(&mut self, key: &str, role: ColumnRole) -> bool {
        let wanted = key.trim();
        let mut found = false;
        for entry in &mut self.entries {
            if entry.key.trim().eq_ignore_ascii_case(wanted) {
                entry.role = role.clone();
                entry.matched_by = MatchedBy::Hand;
                found = true;
            }
        }
        found
    }
}

/// A change to the detected mapping, given by hand: `KEY=CHOICE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingOverride {
    pub key: String,
    pub role: ColumnRole,
}

impl std::str::FromStr for MappingOverride {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (key, choice) = text
            .rsplit_once('=')
            .ok_or_else(|| format!("`{text}` is not COLUMN=MARKER (such as `CRP mg/dL=crp`)"))?;
        if key.trim().is_empty() {
            return Err(format!("`{text}` names no column before `=`"));
        }
        Ok(Self {
            key: key.trim().to_owned(),
            role: ColumnRole::parse_choice(choice)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_read_roles_markers_and_custom_units() {
        let parsed = |text: &str| text.parse::<MappingOverride>();
        assert_eq!(
            parsed("Fecha=time"),
            Ok(MappingOverride {
                key: "Fecha".to_owned(),
                role: ColumnRole::SampleTime
            })
        );
        assert_eq!(
            parsed("PCR=C-reactive protein").map(|it| it.role),
            Ok(ColumnRole::Marker(MarkerTarget::Catalog("crp")))
        );
        assert_eq!(
            parsed("Fibrinogen=custom:g/L").map(|it| it.role),
            Ok(ColumnRole::Marker(MarkerTarget::Custom {
                unit: Some("g/L".to_owned())
            }))
        );
        assert!(parsed("Fibrinogen=fibrinogen").is_err());
        assert!(parsed("no equals sign").is_err());
    }
}
