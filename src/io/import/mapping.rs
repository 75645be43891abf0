//! The mapping from an export's columns (or long-table test names, or FHIR codes) to what
//! CaseLens makes of them. It is detected, shown, and can be changed by hand (`--mapping` on
//! the command line, the import dialog in the app) before the cases are built.

use std::fmt;

use crate::model::Sex;
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
    pub fn parse_choice(text: &str) -> Result<Self, MappingError> {
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
                        return Err(MappingError::UnknownChoice(choice.to_owned()));
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
    /// No catalog marker matched: kept as a custom marker named by its header.
    Kept,
    /// The name means different quantities in different countries (`oxygenation index`):
    /// not imported until the person importing says which.
    Ambiguous,
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
            Self::Kept => "kept as custom",
            Self::Ambiguous => "ambiguous: choose with --mapping",
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

/// What a code in a coded column stands for, as the person importing stated it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodedValue {
    Sex(Sex),
    /// Outcome: `true` when the code means the patient died.
    Died(bool),
}

/// The codes of one column (`gender`: 1 = male, 2 = female), stated by hand, never guessed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueCodes {
    /// The column's key, as `--mapping` names it.
    pub key: String,
    pub codes: Vec<(String, CodedValue)>,
}

impl ValueCodes {
    /// What a cell's text stands for, if it is one of the codes (numbers compare as numbers:
    /// `1` and `1.0` are the same code).
    pub fn decode(&self, text: &str) -> Option<CodedValue> {
        let text = text.trim();
        let number = text.parse::<f64>().ok();
        self.codes.iter().find_map(|(code, value)| {
            let same = code.eq_ignore_ascii_case(text)
                || number.is_some_and(|number| code.parse::<f64>().ok() == Some(number));
            same.then_some(*value)
        })
    }

    /// `1=male, 2=female`, for summaries and messages.
    pub fn describe(&self) -> String {
        let described: Vec<String> = self
            .codes
            .iter()
            .map(|(code, value)| match value {
                CodedValue::Sex(sex) => format!("{code}={}", sex.label().to_lowercase()),
                CodedValue::Died(true) => format!("{code}=died"),
                CodedValue::Died(false) => format!("{code}=survived"),
            })
            .collect();
        described.join(", ")
    }
}

/// The whole mapping of one export.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportMapping {
    pub entries: Vec<MappingEntry>,
    /// Codes stated by hand for sex and outcome columns.
    pub value_codes: Vec<ValueCodes>,
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

    /// The codes stated for the column holding `role`, if any.
    pub fn codes_for(&self, role: &ColumnRole) -> Option<&ValueCodes> {
        let column = self.column_with(role)?;
        let entry = self
            .entries
            .iter()
            .find(|entry| entry.kind == EntryKind::Column(column))?;
        self.value_codes
            .iter()
            .find(|codes| codes.key.trim().eq_ignore_ascii_case(entry.key.trim()))
    }

    /// Entries kept as custom markers because no catalog marker matched.
    pub fn kept_as_custom(&self) -> impl Iterator<Item = &MappingEntry> {
        self.entries
            .iter()
            .filter(|entry| entry.matched_by == MatchedBy::Kept)
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

/// A change to the detected mapping, given by hand: `KEY=CHOICE`, or for a coded column
/// `KEY=sex:1=male,2=female` / `KEY=outcome:0=survived,1=died`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingOverride {
    pub key: String,
    pub role: ColumnRole,
    /// The codes of a sex or outcome column; empty otherwise.
    pub codes: Vec<(String, CodedValue)>,
}

impl MappingOverride {
    /// A change of role alone.
    pub fn role(key: impl Into<String>, role: ColumnRole) -> Self {
        Self {
            key: key.into(),
            role,
            codes: Vec::new(),
        }
    }
}

/// A mapping given by hand (`--mapping`, the import dialog) that cannot be read.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum MappingError {
    #[error(
        "`{0}` is neither a catalog marker nor one of time, patient, admission, discharge, outcome, age, sex, test, value, unit, ignore, custom, custom:UNIT"
    )]
    UnknownChoice(String),
    #[error("`{0}` is not CODE=MEANING (such as `1=male`)")]
    NotACode(String),
    #[error("`{0}` is not a sex; write male, female, other or unknown")]
    NotASex(String),
    #[error("`{0}` is not an outcome; write survived or died")]
    NotAnOutcome(String),
    #[error("no codes after `:`; write them as 1=male,2=female")]
    NoCodes,
    #[error("`{text}`: {problem}")]
    InCodes {
        text: String,
        problem: Box<MappingError>,
    },
    #[error("`{0}` is not COLUMN=MARKER (such as `CRP mg/dL=crp`)")]
    NotAMapping(String),
    #[error("`{0}` names no column before `=`")]
    NoColumn(String),
}

/// Reads `1=male,2=female` (sex) or `0=survived,1=died` (outcome).
fn parse_codes(role: &ColumnRole, list: &str) -> Result<Vec<(String, CodedValue)>, MappingError> {
    let mut codes = Vec::new();
    for pair in list.split(',').filter(|pair| !pair.trim().is_empty()) {
        let (code, meaning) = pair
            .split_once('=')
            .ok_or_else(|| MappingError::NotACode(pair.to_owned()))?;
        let meaning_lower = meaning.trim().to_lowercase();
        let value = match (role, meaning_lower.as_str()) {
            (ColumnRole::Sex, "male" | "m" | "man") => CodedValue::Sex(Sex::Male),
            (ColumnRole::Sex, "female" | "f" | "woman") => CodedValue::Sex(Sex::Female),
            (ColumnRole::Sex, "other") => CodedValue::Sex(Sex::Other),
            (ColumnRole::Sex, "unknown") => CodedValue::Sex(Sex::Unknown),
            (ColumnRole::Outcome, "died" | "dead" | "death" | "deceased") => CodedValue::Died(true),
            (ColumnRole::Outcome, "survived" | "alive" | "discharged" | "recovered") => {
                CodedValue::Died(false)
            }
            (ColumnRole::Sex, other) => return Err(MappingError::NotASex(other.to_owned())),
            (_, other) => return Err(MappingError::NotAnOutcome(other.to_owned())),
        };
        codes.push((code.trim().to_owned(), value));
    }
    if codes.is_empty() {
        return Err(MappingError::NoCodes);
    }
    Ok(codes)
}

impl std::str::FromStr for MappingOverride {
    type Err = MappingError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // `gender=sex:1=male,2=female`: the key ends at the `=` before `sex:` / `outcome:`.
        if let Some((key, rest)) = text.split_once('=') {
            let lower = rest.trim_start().to_lowercase();
            for (prefix, role) in [
                ("sex:", ColumnRole::Sex),
                ("gender:", ColumnRole::Sex),
                ("outcome:", ColumnRole::Outcome),
            ] {
                if lower.starts_with(prefix) && !key.trim().is_empty() {
                    let list = rest.trim_start().get(prefix.len()..).unwrap_or_default();
                    let codes =
                        parse_codes(&role, list).map_err(|problem| MappingError::InCodes {
                            text: text.to_owned(),
                            problem: Box::new(problem),
                        })?;
                    return Ok(Self {
                        key: key.trim().to_owned(),
                        role,
                        codes,
                    });
                }
            }
        }
        let (key, choice) = text
            .rsplit_once('=')
            .ok_or_else(|| MappingError::NotAMapping(text.to_owned()))?;
        if key.trim().is_empty() {
            return Err(MappingError::NoColumn(text.to_owned()));
        }
        Ok(Self::role(key.trim(), ColumnRole::parse_choice(choice)?))
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
            Ok(MappingOverride::role("Fecha", ColumnRole::SampleTime))
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
        assert_eq!(
            parsed("Fibrinogen=fibrinogen").map(|it| it.role),
            Ok(ColumnRole::Marker(MarkerTarget::Catalog("fibrinogen")))
        );
        assert!(parsed("Fibrinogen=nothing we know").is_err());
        assert!(parsed("no equals sign").is_err());
    }

    #[test]
    fn coded_columns_are_stated_by_hand() {
        let gender: MappingOverride = "gender=sex:1=male,2=female".parse().unwrap();
        assert_eq!(gender.key, "gender");
        assert_eq!(gender.role, ColumnRole::Sex);
        let codes = ValueCodes {
            key: gender.key,
            codes: gender.codes,
        };
        assert_eq!(codes.decode("1"), Some(CodedValue::Sex(Sex::Male)));
        assert_eq!(codes.decode(" 2.0 "), Some(CodedValue::Sex(Sex::Female)));
        assert_eq!(
            codes.decode("3"),
            None,
            "a code nobody stated is not guessed"
        );
        let outcome: MappingOverride = "outcome=outcome:0=survived,1=died".parse().unwrap();
        assert_eq!(outcome.codes[1], ("1".to_owned(), CodedValue::Died(true)));
        assert!("gender=sex:1=yes".parse::<MappingOverride>().is_err());
    }
}
