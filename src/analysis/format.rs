//! The one formatter for numbers, units, dates and days, used by the app, the report and the
//! command line alike, so a value reads the same wherever it is shown.
//!
//! The rules:
//! - **Stated values** (a sample, a published number, a threshold) are shown as stated: the
//!   shortest form that reads back as the same number, at most six decimals, never `-0`
//!   ([`stated`]). Rounding a measurement for display would put a number on screen that the
//!   source never gave.
//! - **Computed values** (a change, a ratio, a percentage) are rounded to three significant
//!   digits, trailing zeros dropped ([`computed`]): `0.00123`, `0.41`, `12.3`, `243`, `1230`;
//!   they are never shown more precise than the values they come from.
//! - **Number and unit** are separated by one space, as the SI Brochure (9th ed., §5.4.3)
//!   asks, `%` and `°C` included: `28.5 mg/L`, `90 %`, `37.5 °C`. A UCUM unit that is a pure
//!   reciprocal (`/min`, `/h`) is written on the number, `33/min`, as clinical guidelines write
//!   rates; degree, minute and second of plane angle (`°`, `′`, `″`) likewise ([`with_unit`]).
//! - **Axis ticks** show as many decimals as their step needs and no more ([`tick`]).
//! - **Dates and days** come from [`crate::analysis::time_axis`], re-exported here: `3 Feb 2020`,
//!   `illness day 10`, `hospital day 1`, `9 days before admission`.

pub use super::time_axis::{cursor_label, describe_time, format_day, tick_label};

/// A stated number as stated: `0.44`, `243`, `6.5`.
pub fn stated(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = (value * 1e6).round() / 1e6;
    let text = rounded.to_string();
    if text == "-0" { "0".to_owned() } else { text }
}

/// A computed number to three significant digits: `0.00123`, `0.41`, `12.3`, `243`, `1230`.
pub fn computed(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = (2 - magnitude).max(0) as usize;
    let text = if magnitude > 2 {
        let scale = 10f64.powi(magnitude - 2);
        format!("{:.0}", (value / scale).round() * scale)
    } else {
        format!("{value:.decimals$}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" { "0".to_owned() } else { text }
}

/// A signed computed change: `+0.24`, `−3.1` (with a true minus sign), `0`.
pub fn signed_change(value: f64) -> String {
    let text = computed(value.abs());
    if text == "0" {
        text
    } else if value > 0.0 {
        format!("+{text}")
    } else {
        format!("−{text}")
    }
}

/// A number already written out (`<0.5`, `33`) with its unit, by the spacing rule above.
pub fn with_unit(number: &str, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        number.to_owned()
    } else if unit.starts_with('/') || ["°", "′", "″"].contains(&unit) {
        format!("{number}{unit}")
    } else {
        format!("{number} {unit}")
    }
}

/// A stated value with its unit: `28.5 mg/L`, `90 %`, `33/min`.
pub fn quantity(value: f64, unit: &str) -> String {
    with_unit(&stated(value), unit)
}

/// A value as an axis tick, with no more decimals than the step needs: `0.5`, `12`, `2.5`.
pub fn tick(value: f64, step: f64) -> String {
    let decimals = if step > 0.0 && step.is_finite() {
        (0..=6)
            .find(|decimals| {
                let scaled = step * 10f64.powi(*decimals);
                (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
            })
            .unwrap_or(6) as usize
    } else {
        2
    };
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" { "0".to_owned() } else { text }
}

/// A tick of a log₁₀ axis at `exponent`: `0.1`, `1`, `10`, `1000`.
pub fn log_tick(exponent: f64) -> String {
    stated(10f64.powf(exponent.round()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_values_are_shown_as_stated() {
        assert_eq!(stated(0.44), "0.44");
        assert_eq!(stated(243.0), "243");
        assert_eq!(stated(0.1 + 0.2), "0.3");
        assert_eq!(stated(-0.0000001), "0");
        assert_eq!(stated(6.5e7), "65000000");
    }

    #[test]
    fn computed_values_carry_three_significant_digits() {
        assert_eq!(computed(0.0012345), "0.00123");
        assert_eq!(computed(12.345), "12.3");
        assert_eq!(computed(243.4), "243");
        assert_eq!(computed(1234.0), "1230");
        assert_eq!(computed(0.41000000000000003), "0.41");
        assert_eq!(computed(93.1818), "93.2");
        assert_eq!(computed(-0.5), "-0.5");
        assert_eq!(computed(-0.0001), "-0.0001");
        assert_eq!(computed(0.0), "0");
        assert_eq!(signed_change(-4.56789), "−4.57");
        assert_eq!(signed_change(0.24), "+0.24");
    }

    #[test]
    fn units_follow_the_si_spacing_and_reciprocals_attach() {
        assert_eq!(quantity(28.5, "mg/L"), "28.5 mg/L");
        assert_eq!(quantity(90.0, "%"), "90 %");
        assert_eq!(quantity(37.5, "°C"), "37.5 °C");
        assert_eq!(quantity(33.0, "/min"), "33/min");
        assert_eq!(quantity(0.44, "×10⁹/L"), "0.44 ×10⁹/L");
        assert_eq!(with_unit("<0.5", "ng/mL"), "<0.5 ng/mL");
        assert_eq!(quantity(7.0, ""), "7");
    }

    #[test]
    fn ticks_show_the_decimals_their_step_needs() {
        assert_eq!(tick(0.5, 0.5), "0.5");
        assert_eq!(tick(200.0, 50.0), "200");
        assert_eq!(tick(2.5, 2.5), "2.5");
        assert_eq!(tick(1.0, 0.25), "1");
        assert_eq!(tick(-0.0, 0.5), "0");
        assert_eq!(log_tick(2.0), "100");
        assert_eq!(log_tick(-1.0), "0.1");
    }
}
