//! Intervention colours for journal figures: readable in greyscale and by readers with
//! deuteranopia or protanopia. Dose lines in the panels are told apart by colour alone, and a
//! journal may print in grey, so each kind gets an Okabe–Ito hue at its own lightness
//! (CIELAB L* from 12 to 78, at least 7 apart): lightness survives both greyscale and the
//! red–green confusions. The screen palette (`style::intervention_color`) is unchanged.

use plotters::style::RGBColor;

use crate::model::InterventionKind;

/// The colour of an intervention kind on a journal figure.
pub fn intervention_color(kind: InterventionKind) -> RGBColor {
    use InterventionKind as Kind;
    match kind {
        Kind::Antiviral => RGBColor(0, 76, 135),
        Kind::Antibiotic => RGBColor(0, 127, 86),
        Kind::Corticosteroid => RGBColor(228, 157, 0),
        Kind::Immunoglobulin => RGBColor(207, 124, 170),
        Kind::ConvalescentPlasma => RGBColor(212, 94, 0),
        Kind::CellTherapy => RGBColor(0, 106, 67),
        Kind::RespiratorySupport => RGBColor(112, 202, 255),
        Kind::Other => RGBColor(53, 53, 53),
        // Darker than every other kind: the lightness ladder above is full, and a deep
        // magenta keeps the screen palette's hue for anticoagulants.
        Kind::Anticoagulant => RGBColor(75, 0, 45),
    }
}

#[cfg(test)]
mod tests {
    //! Colour-vision simulation: Machado, Oliveira & Fernandes (2009), severity 1.0, applied
    //! in linear sRGB; greyscale as relative luminance (Rec. 709). Differences are CIE76 ΔE
    //! in CIELAB (D65), where about 2.3 is just noticeable and above 5 reads as different.

    use super::*;
    use crate::report::figures::style;

    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    /// Dose lines must differ clearly, not just noticeably.
    const DISTINCT_DELTA_E: f64 = 6.0;

    fn to_linear(channel: u8) -> f64 {
        let c = f64::from(channel) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    type Linear = [f64; 3];

    fn linear(color: RGBColor) -> Linear {
        [to_linear(color.0), to_linear(color.1), to_linear(color.2)]
    }

    fn simulate(matrix: &[[f64; 3]; 3], rgb: Linear) -> Linear {
        matrix.map(|row| (row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]).clamp(0.0, 1.0))
    }

    fn greyscale(rgb: Linear) -> Linear {
        let luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        [luminance; 3]
    }

    fn lab(rgb: Linear) -> [f64; 3] {
        let [r, g, b] = rgb;
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    fn delta_e(first: Linear, second: Linear) -> f64 {
        let (a, b) = (lab(first), lab(second));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    /// A way of seeing colour, and how it changes a linear RGB colour.
    type Vision = (&'static str, fn(Linear) -> Linear);

    fn visions() -> [Vision; 4] {
        [
            ("normal vision", |rgb| rgb),
            ("deuteranopia", |rgb| simulate(&DEUTERANOPIA, rgb)),
            ("protanopia", |rgb| simulate(&PROTANOPIA, rgb)),
            ("greyscale", greyscale),
        ]
    }

    /// The closest pair of `colors` under a vision, as (ΔE, first, second).
    fn closest_pair(
        colors: &[(String, RGBColor)],
        vision: fn(Linear) -> Linear,
    ) -> (f64, String, String) {
        let mut closest = (f64::INFINITY, String::new(), String::new());
        for (index, (first_name, first)) in colors.iter().enumerate() {
            for (second_name, second) in colors.iter().skip(index + 1) {
                let difference = delta_e(vision(linear(*first)), vision(linear(*second)));
                if difference < closest.0 {
                    closest = (difference, first_name.clone(), second_name.clone());
                }
            }
        }
        closest
    }

    #[test]
    fn every_intervention_kind_stays_distinct_in_grey_and_for_red_green_colour_blindness() {
        let colors: Vec<(String, RGBColor)> = InterventionKind::ALL
            .iter()
            .map(|kind| (kind.label().to_owned(), intervention_color(*kind)))
            .collect();
        for (vision_name, vision) in visions() {
            let (difference, first, second) = closest_pair(&colors, vision);
            assert!(
                difference >= DISTINCT_DELTA_E,
                "{vision_name}: {first} and {second} differ by only ΔE {difference:.1}"
            );
        }
    }

    #[test]
    fn series_bands_and_lines_stay_distinct_from_each_other_and_from_paper() {
        let mut colors = vec![
            ("paper".to_owned(), style::WHITE),
            ("series".to_owned(), style::SERIES),
            ("reference band".to_owned(), style::REFERENCE_BAND),
        ];
        // Every dose line must stand out from the paper and from the shaded reference band.
        for kind in InterventionKind::ALL {
            for (background_name, background) in [
                ("paper", style::WHITE),
                ("reference band", style::REFERENCE_BAND),
            ] {
                for (vision_name, vision) in visions() {
                    let difference = delta_e(
                        vision(linear(intervention_color(kind))),
                        vision(linear(background)),
                    );
                    assert!(
                        difference >= DISTINCT_DELTA_E,
                        "{vision_name}: {} on the {background_name} differs by only ΔE {difference:.1}",
                        kind.label()
                    );
                }
            }
        }
        colors.dedup();
        for (vision_name, vision) in visions() {
            let (difference, first, second) = closest_pair(&colors, vision);
            assert!(
                difference >= DISTINCT_DELTA_E,
                "{vision_name}: {first} and {second} differ by only ΔE {difference:.1}"
            );
        }
    }

    #[test]
    fn the_simulation_confuses_what_colour_blind_readers_confuse() {
        // A check that the simulation is not the identity: pure red and green, which a
        // deuteranope or protanope cannot tell apart well, come out far closer than they start.
        let (red, green) = (linear(RGBColor(200, 60, 40)), linear(RGBColor(90, 150, 40)));
        let seen = delta_e(red, green);
        for matrix in [&DEUTERANOPIA, &PROTANOPIA] {
            let simulated = delta_e(simulate(matrix, red), simulate(matrix, green));
            assert!(simulated < seen / 2.0, "{simulated} vs {seen}");
        }
    }
}
