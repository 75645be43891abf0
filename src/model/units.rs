//! The units CaseLens recognises in lab exports and the exact conversions between them.
//!
//! A unit is recognised by its spelling (`mg/dl`, `µg/mL FEU`, `x10^9/L`, `cells/µL`, `kPa`)
//! and placed in a kind (mass concentration, cell concentration, …) with its size relative
//! to that kind's base unit. Two units convert only when they are of the same kind and carry
//! the same annotation: D-dimer in FEU never converts to DDU (DDU ≈ FEU / 2 depends on the
//! assay), and an unannotated D-dimer unit never becomes FEU. A unit not in this table is
//! kept as the export wrote it and flagged; nothing is converted by guess.

/// What a unit measures; only units of the same kind convert into one another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UnitKind {
    /// Base unit mg/L.
    MassConcentration,
    /// Base unit 10⁹/L.
    CellConcentration,
    /// Base unit U/L (enzyme activity).
    CatalyticConcentration,
    /// Base unit mm[Hg].
    Pressure,
    Percent,
    /// Base unit /min.
    Rate,
    /// Degrees Celsius only: Fahrenheit needs an offset, not a factor, and is not converted.
    Temperature,
    /// Base unit mmol/L. Converts to a mass concentration only through the analyte's molar
    /// mass, which the catalog states (creatinine, urea, glucose, uric acid).
    MolarConcentration,
    /// Units recognised for what they are but with nothing exact to convert to (seconds,
    /// femtolitres, mm/h, pH, INR, U/mL of a cytokine receptor): same UCUM code or nothing.
    Fixed,
}

/// The D-dimer reporting convention a unit carries, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Annotation {
    None,
    /// Fibrinogen-equivalent units.
    Feu,
    /// D-dimer units.
    Ddu,
}

/// A unit from the table, read from the way an export wrote it.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownUnit {
    /// The UCUM code, annotation included: `mg/L{FEU}`.
    pub ucum: String,
    kind: UnitKind,
    /// Size in the base unit of the kind.
    scale: f64,
    pub annotation: Annotation,
}

/// Spellings (lower case, `µ` written `u`, powers written `10*9`) and what they mean.
const SPELLINGS: &[(&str, &str, UnitKind, f64)] = {
    use UnitKind::*;
    &[
        ("mg/l", "mg/L", MassConcentration, 1.0),
        ("ug/ml", "ug/mL", MassConcentration, 1.0),
        ("mg/dl", "mg/dL", MassConcentration, 10.0),
        ("g/l", "g/L", MassConcentration, 1000.0),
        ("g/dl", "g/dL", MassConcentration, 10_000.0),
        ("ug/dl", "ug/dL", MassConcentration, 0.01),
        ("ng/ml", "ng/mL", MassConcentration, 0.001),
        ("ug/l", "ug/L", MassConcentration, 0.001),
        ("ng/dl", "ng/dL", MassConcentration, 0.000_01),
        ("pg/ml", "pg/mL", MassConcentration, 0.000_001),
        ("ng/l", "ng/L", MassConcentration, 0.000_001),
        ("10*9/l", "10*9/L", CellConcentration, 1.0),
        ("10*3/ul", "10*3/uL", CellConcentration, 1.0),
        ("10*3/mm3", "10*3/mm3", CellConcentration, 1.0),
        ("k/ul", "10*3/uL", CellConcentration, 1.0),
        ("/ul", "/uL", CellConcentration, 0.001),
        ("cells/ul", "/uL", CellConcentration, 0.001),
        ("/mm3", "/mm3", CellConcentration, 0.001),
        ("cells/mm3", "/mm3", CellConcentration, 0.001),
        ("10*6/l", "10*6/L", CellConcentration, 0.001),
        ("10*12/l", "10*12/L", CellConcentration, 1000.0),
        ("10*6/ul", "10*6/uL", CellConcentration, 1000.0),
        ("u/l", "U/L", CatalyticConcentration, 1.0),
        ("iu/l", "[IU]/L", CatalyticConcentration, 1.0),
        ("[iu]/l", "[IU]/L", CatalyticConcentration, 1.0),
        // 1 U = 1 µmol/min = 1/60 µkat, exactly.
        ("ukat/l", "ukat/L", CatalyticConcentration, 60.0),
        ("nkat/l", "nkat/L", CatalyticConcentration, 0.06),
        ("mm[hg]", "mm[Hg]", Pressure, 1.0),
        ("mmhg", "mm[Hg]", Pressure, 1.0),
        ("kpa", "kPa", Pressure, 7.500_616_827),
        ("%", "%", Percent, 1.0),
        ("percent", "%", Percent, 1.0),
        ("/min", "/min", Rate, 1.0),
        ("bpm", "/min", Rate, 1.0),
        ("beats/min", "/min", Rate, 1.0),
        ("breaths/min", "/min", Rate, 1.0),
        ("{beats}/min", "/min", Rate, 1.0),
        ("{breaths}/min", "/min", Rate, 1.0),
        ("mol/l", "mol/L", MolarConcentration, 1000.0),
        ("mmol/l", "mmol/L", MolarConcentration, 1.0),
        ("umol/l", "umol/L", MolarConcentration, 0.001),
        ("nmol/l", "nmol/L", MolarConcentration, 0.000_001),
        ("pmol/l", "pmol/L", MolarConcentration, 0.000_000_001),
        ("s", "s", Fixed, 1.0),
        ("sec", "s", Fixed, 1.0),
        ("seconds", "s", Fixed, 1.0),
        ("fl", "fL", Fixed, 1.0),
        ("pg", "pg", Fixed, 1.0),
        ("mm/h", "mm/h", Fixed, 1.0),
        ("mm/hr", "mm/h", Fixed, 1.0),
        ("u/ml", "U/mL", Fixed, 1.0),
        ("inr", "{INR}", Fixed, 1.0),
        ("{inr}", "{INR}", Fixed, 1.0),
        ("ph", "[pH]", Fixed, 1.0),
        ("[ph]", "[pH]", Fixed, 1.0),
        ("ml/min/1.73m2", "mL/min/{1.73_m2}", Fixed, 1.0),
        ("ml/min/1.73m²", "mL/min/{1.73_m2}", Fixed, 1.0),
        ("ml/min/{1.73_m2}", "mL/min/{1.73_m2}", Fixed, 1.0),
        ("l/min", "L/min", Fixed, 1.0),
        ("cel", "Cel", Temperature, 1.0),
        ("°c", "Cel", Temperature, 1.0),
        ("degc", "Cel", Temperature, 1.0),
        ("deg c", "Cel", Temperature, 1.0),
    ]
};

/// Reads a unit as an export or a FHIR resource writes it; `None` when it is not in the table.
pub fn parse_unit(written: &str) -> Option<KnownUnit> {
    let mut text = written.trim().to_lowercase().replace(['µ', 'μ'], "u");
    let annotation = take_annotation(&mut text);
    let text = normalise_powers(text.trim());
    let (_, ucum, kind, scale) = SPELLINGS.iter().find(|(spelling, ..)| *spelling == text)?;
    let suffix = match annotation {
        Annotation::None => "",
        Annotation::Feu => "{FEU}",
        Annotation::Ddu => "{DDU}",
    };
    Some(KnownUnit {
        ucum: format!("{ucum}{suffix}"),
        kind: *kind,
        scale: *scale,
        annotation,
    })
}

/// The factor that turns values in `from` into values in `to`, when they convert.
pub fn conversion_factor(from: &KnownUnit, to: &KnownUnit) -> Option<f64> {
    conversion_factor_for(from, to, None)
}

/// Like [`conversion_factor`], and across mass and molar units when the analyte's molar mass
/// (g/mol, which is mg/mmol) is known: creatinine mg/dL → µmol/L is × 10 / 113.12 × 1000.
pub fn conversion_factor_for(
    from: &KnownUnit,
    to: &KnownUnit,
    molar_mass: Option<f64>,
) -> Option<f64> {
    use UnitKind::{MassConcentration, MolarConcentration};
    if from.annotation != to.annotation {
        return None;
    }
    if from.kind == UnitKind::Fixed || to.kind == UnitKind::Fixed {
        return (from.ucum == to.ucum).then_some(1.0);
    }
    if from.kind == to.kind {
        return Some(from.scale / to.scale);
    }
    let molar_mass = molar_mass.filter(|mass| *mass > 0.0)?;
    match (from.kind, to.kind) {
        (MassConcentration, MolarConcentration) => Some(from.scale / molar_mass / to.scale),
        (MolarConcentration, MassConcentration) => Some(from.scale * molar_mass / to.scale),
        _ => None,
    }
}

/// The factor that turns values in unit `from` into unit `to` when the unit table converts
/// them exactly (`mg/dL` → `mg/L`: 10); `None` otherwise. What cohort bands and the survival
/// rule use to compare units, so they never guess.
pub fn exact_unit_factor(from: &str, to: &str) -> Option<f64> {
    if from == to {
        return Some(1.0);
    }
    conversion_factor(&parse_unit(from)?, &parse_unit(to)?)
}

/// Whether two written units are the same unit (spelling aside).
pub fn same_unit(first: &str, second: &str) -> bool {
    match (parse_unit(first), parse_unit(second)) {
        (Some(first), Some(second)) => first.ucum == second.ucum,
        _ => first.trim() == second.trim(),
    }
}

/// Removes FEU/DDU from the text, in any of the ways exports write it.
fn take_annotation(text: &mut String) -> Annotation {
    for (token, annotation) in [("feu", Annotation::Feu), ("ddu", Annotation::Ddu)] {
        if let Some(at) = text.find(token) {
            text.replace_range(at..at + token.len(), "");
            let cleaned: String = text
                .replace("{}", "")
                .replace("()", "")
                .replace("[]", "")
                .trim()
                .to_owned();
            *text = cleaned;
            return annotation;
        }
    }
    Annotation::None
}

/// `x10^9/l`, `×10^9/l`, `10e9/l` and `10*9/l` all become `10*9/l`; spaces go.
fn normalise_powers(text: &str) -> String {
    let text = text.replace(' ', "");
    let text = text
        .strip_prefix('x')
        .or_else(|| text.strip_prefix('×'))
        .or_else(|| text.strip_prefix('*'))
        .unwrap_or(&text);
    text.replace('^', "*").replace("10e", "10*")
}

const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Multiplies by a conversion factor and drops the floating-point noise the product picks
/// up (`0.7 × 10` should read `7`, not `7.000000000000001`).
pub fn convert_value(value: f64, factor: f64) -> f64 {
    let product = value * factor;
    if product == 0.0 || !product.is_finite() {
        return product;
    }
    // Round to 12 significant digits. Powers of ten up to 10²² are exact doubles, so the
    // division gives the double nearest the rounded decimal, as parsing it would.
    let exponent = product.abs().log10().floor() as i32;
    let shift = 11 - exponent;
    if !(0..=22).contains(&shift) {
        return format!("{product:.11e}").parse().unwrap_or(product);
    }
    let scale = POWERS_OF_TEN.get(shift as usize).copied().unwrap_or(1.0);
    (product * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factor(from: &str, to: &str) -> Option<f64> {
        conversion_factor(&parse_unit(from)?, &parse_unit(to)?)
    }

    #[test]
    fn common_spellings_read_as_ucum() {
        let ucum = |text| parse_unit(text).map(|unit| unit.ucum);
        assert_eq!(ucum("mg/dl").as_deref(), Some("mg/dL"));
        assert_eq!(ucum(" µg/mL FEU ").as_deref(), Some("ug/mL{FEU}"));
        assert_eq!(ucum("ng/mL (DDU)").as_deref(), Some("ng/mL{DDU}"));
        assert_eq!(ucum("mg/L{FEU}").as_deref(), Some("mg/L{FEU}"));
        assert_eq!(ucum("x10^9/L").as_deref(), Some("10*9/L"));
        assert_eq!(ucum("10^3/µL").as_deref(), Some("10*3/uL"));
        assert_eq!(ucum("cells/uL").as_deref(), Some("/uL"));
        assert_eq!(ucum("mmHg").as_deref(), Some("mm[Hg]"));
        assert_eq!(ucum("°C").as_deref(), Some("Cel"));
        assert_eq!(ucum("furlongs"), None);
        assert_eq!(ucum("°F"), None, "Fahrenheit is not a factor away");
    }

    #[test]
    fn conversion_table() {
        assert_eq!(factor("mg/dL", "mg/L"), Some(10.0));
        assert_eq!(factor("ng/mL FEU", "mg/L FEU"), Some(0.001));
        assert_eq!(factor("ug/mL FEU", "mg/L{FEU}"), Some(1.0));
        assert_eq!(factor("mg/L FEU", "ng/mL FEU"), Some(1000.0));
        assert_eq!(factor("cells/uL", "10*9/L"), Some(0.001));
        assert_eq!(factor("10*3/uL", "10*9/L"), Some(1.0));
        assert_eq!(factor("ukat/L", "U/L"), Some(60.0));
        assert_eq!(factor("pg/mL", "ng/L"), Some(1.0));
    }

    #[test]
    fn analyte_conversions_through_the_molar_mass() {
        let with = |from: &str, to: &str, mass: f64| {
            conversion_factor_for(&parse_unit(from)?, &parse_unit(to)?, Some(mass))
                .map(|factor| convert_value(1.0, factor))
        };
        // Creatinine 1 mg/dL = 88.4 µmol/L; glucose 1 mmol/L = 18.016 mg/dL;
        // BUN 1 mg/dL (as nitrogen, 28.014 g/mol) = 0.357 mmol/L of urea.
        assert!((with("mg/dL", "umol/L", 113.12).unwrap() - 88.402).abs() < 0.001);
        assert!((with("mmol/L", "mg/dL", 180.16).unwrap() - 18.016).abs() < 1e-9);
        assert!((with("mg/dL", "mmol/L", 28.014).unwrap() - 0.35697).abs() < 1e-5);
        assert_eq!(
            factor("mg/dL", "umol/L"),
            None,
            "no molar mass, no conversion"
        );
        assert_eq!(factor("s", "s"), Some(1.0));
        assert_eq!(factor("s", "fL"), None);
    }

    #[test]
    fn d_dimer_conventions_and_kinds_never_mix() {
        assert_eq!(factor("ug/mL DDU", "mg/L FEU"), None, "DDU is not FEU");
        assert_eq!(
            factor("mg/L", "mg/L{FEU}"),
            None,
            "an unannotated unit is not FEU"
        );
        assert_eq!(factor("%", "10*9/L"), None);
        assert_eq!(factor("g/L", "10*9/L"), None);
    }

    #[test]
    fn exact_factors_between_written_units() {
        assert_eq!(exact_unit_factor("mg/dL", "mg/L"), Some(10.0));
        assert_eq!(exact_unit_factor("furlongs", "furlongs"), Some(1.0));
        assert_eq!(exact_unit_factor("furlongs", "mg/L"), None);
        assert_eq!(exact_unit_factor("mg/dL", "umol/L"), None);
    }

    #[test]
    fn converted_values_lose_floating_point_noise() {
        assert_eq!(convert_value(0.7, 10.0), 7.0);
        assert_eq!(convert_value(0.1, 3.0), 0.3);
        assert_eq!(convert_value(850.0, 0.001), 0.85);
        assert_eq!(convert_value(1.5, 7.500_616_827), 11.250_925_240_5);
    }
}
