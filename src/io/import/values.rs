//! Result cells as laboratories write them: numbers, bounds (`<0.5`, `>1000`, `≥ 90`), a
//! number with its unit (`12 mg/L`), placeholders (`-`, `NA`) and text. Bounds are kept with
//! their qualifier; everything that is not a value is said so, never dropped quietly.

use crate::model::Censoring;
use crate::model::parse_unit;

/// A result read from one cell.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadValue {
    pub value: f64,
    pub censored: Option<Censoring>,
    /// A unit written in the cell itself, as written there.
    pub unit: Option<String>,
}

/// What a cell held.
#[derive(Clone, Debug, PartialEq)]
pub enum CellReading {
    Empty,
    Value(ReadValue),
    /// Not a value; the text says why, for the rejected-cells list.
    Rejected(String),
}

/// Written where a laboratory had no result.
const PLACEHOLDERS: &[&str] = &[
    "-", "--", "---", "—", "–", "na", "n/a", "n.a.", "nd", "n.d.", "null", "nan", "none", "/", "*",
    "?", ".",
];

/// Qualitative results as laboratories write them, each with the wording CaseLens keeps.
const QUALITATIVE: &[(&str, &str)] = &[
    ("positive", "positive"),
    ("pos", "positive"),
    ("+", "positive"),
    ("++", "positive (++)"),
    ("+++", "positive (+++)"),
    ("weakly positive", "weakly positive"),
    ("weak positive", "weakly positive"),
    ("(+)", "positive"),
    ("negative", "negative"),
    ("neg", "negative"),
    ("(-)", "negative"),
    ("reactive", "reactive"),
    ("non-reactive", "non-reactive"),
    ("nonreactive", "non-reactive"),
    ("non reactive", "non-reactive"),
    ("weakly reactive", "weakly reactive"),
    ("detected", "detected"),
    ("not detected", "not detected"),
    ("undetected", "not detected"),
    ("indeterminate", "indeterminate"),
    ("equivocal", "equivocal"),
    ("borderline", "borderline"),
    ("trace", "trace"),
    ("阳性", "positive (阳性)"),
    ("阴性", "negative (阴性)"),
];

/// A qualitative result (`Positive`, `not detected`, `阴性`) in the wording CaseLens keeps.
pub fn read_qualitative(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    QUALITATIVE
        .iter()
        .find(|(spelling, _)| *spelling == lower)
        .map(|(_, kept)| *kept)
}

/// What spreadsheets write in a cell whose formula failed, when the table is saved as text.
const SPREADSHEET_ERRORS: [&str; 9] = [
    "#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
];

/// Reads a cell's text. `decimal_comma` accepts `5,1` as 5.1 (semicolon-separated exports
/// from locales that write decimal commas); otherwise a comma is refused as ambiguous.
pub fn read_value_text(text: &str, decimal_comma: bool) -> CellReading {
    let text = text.trim();
    if text.is_empty() {
        return CellReading::Empty;
    }
    if PLACEHOLDERS.contains(&text.to_lowercase().as_str()) {
        return CellReading::Rejected(format!("`{text}` is a placeholder for no result"));
    }
    if SPREADSHEET_ERRORS.contains(&text) {
        return CellReading::Rejected(format!(
            "spreadsheet error `{text}`: the export holds the error, not a result; correct the formula in the spreadsheet and export again"
        ));
    }
    if text.starts_with('=') {
        return CellReading::Rejected(format!(
            "`{text}` is a formula without its computed value; open the file in the spreadsheet program, let it calculate, and save or export it again"
        ));
    }
    let (censored, rest) = split_qualifier(text);
    let (number_text, unit_text) = split_number(rest);
    if number_text.is_empty() {
        return CellReading::Rejected(format!("`{text}` is not a number"));
    }
    let number_text = if number_text.contains(',') {
        if !decimal_comma {
            return CellReading::Rejected(format!(
                "`{text}` has a comma, which could be a decimal comma or a thousands separator; export numbers with a decimal point"
            ));
        }
        number_text.replace(',', ".")
    } else {
        number_text.to_owned()
    };
    let Ok(value) = number_text.parse::<f64>() else {
        return CellReading::Rejected(format!("`{text}` is not a number"));
    };
    if !value.is_finite() {
        return CellReading::Rejected(format!("`{text}` is not a finite number"));
    }
    let unit_text = unit_text.trim();
    let unit = if unit_text.is_empty() {
        None
    } else if parse_unit(unit_text).is_some() {
        Some(unit_text.to_owned())
    } else {
        return CellReading::Rejected(format!(
            "`{text}`: the text after the number is not a unit CaseLens knows"
        ));
    };
    CellReading::Value(ReadValue {
        value,
        censored,
        unit,
    })
}

/// A number cell from a spreadsheet.
pub fn read_value_number(value: f64) -> CellReading {
    if value.is_finite() {
        CellReading::Value(ReadValue {
            value,
            censored: None,
            unit: None,
        })
    } else {
        CellReading::Rejected(format!("`{value}` is not a finite number"))
    }
}

fn split_qualifier(text: &str) -> (Option<Censoring>, &str) {
    for (prefix, censoring) in [
        ("<=", Censoring::Below),
        ("≤", Censoring::Below),
        ("<", Censoring::Below),
        (">=", Censoring::Above),
        ("≥", Censoring::Above),
        (">", Censoring::Above),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return (Some(censoring), rest.trim_start());
        }
    }
    (None, text)
}

/// Splits `12.5 mg/L` into the number and what follows it.
fn split_number(text: &str) -> (&str, &str) {
    let mut end = 0;
    let mut seen_digit = false;
    let mut previous = ' ';
    for (index, character) in text.char_indices() {
        let part_of_number = character.is_ascii_digit()
            || character == '.'
            || character == ','
            || ((character == '-' || character == '+') && (index == 0 || previous == 'e'))
            || ((character == 'e' || character == 'E') && seen_digit && previous != 'e');
        if !part_of_number {
            break;
        }
        seen_digit |= character.is_ascii_digit();
        previous = character.to_ascii_lowercase();
        end = index + character.len_utf8();
    }
    // A trailing `e` belongs to the unit, not the number.
    let number = text.get(..end).unwrap_or_default();
    if number.ends_with(['e', 'E']) {
        end -= 1;
    }
    (
        text.get(..end).unwrap_or_default(),
        text.get(end..).unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(value: f64, censored: Option<Censoring>, unit: Option<&str>) -> CellReading {
        CellReading::Value(ReadValue {
            value,
            censored,
            unit: unit.map(str::to_owned),
        })
    }

    #[test]
    fn bounds_keep_their_qualifier() {
        assert_eq!(
            read_value_text("<0.5", false),
            value(0.5, Some(Censoring::Below), None)
        );
        assert_eq!(
            read_value_text("> 1000", false),
            value(1000.0, Some(Censoring::Above), None)
        );
        assert_eq!(
            read_value_text("≤0.05", false),
            value(0.05, Some(Censoring::Below), None)
        );
    }

    #[test]
    fn numbers_with_units_and_exponents_read() {
        assert_eq!(read_value_text(" 12.5 ", false), value(12.5, None, None));
        assert_eq!(read_value_text("-3", false), value(-3.0, None, None));
        assert_eq!(read_value_text("1.2e3", false), value(1200.0, None, None));
        assert_eq!(
            read_value_text("1.5 mg/dL", false),
            value(1.5, None, Some("mg/dL"))
        );
        assert_eq!(read_value_text("5,1", true), value(5.1, None, None));
    }

    #[test]
    fn placeholders_text_and_commas_are_rejected_with_a_reason() {
        let rejected = |text| match read_value_text(text, false) {
            CellReading::Rejected(reason) => reason,
            other => panic!("{text} read as {other:?}"),
        };
        assert_eq!(rejected("-"), "`-` is a placeholder for no result");
        assert_eq!(rejected("haemolysed"), "`haemolysed` is not a number");
        assert_eq!(
            rejected("12 (repeat)"),
            "`12 (repeat)`: the text after the number is not a unit CaseLens knows"
        );
        assert!(rejected("5,1").contains("decimal comma"));
        assert_eq!(read_value_text("  ", false), CellReading::Empty);
    }
}
