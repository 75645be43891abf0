//! The one palette: every colour that carries meaning (an intervention kind, an episode, a
//! value out of range, an illustrative value, a guideline finding, a series in a panel) is
//! defined here once, for the screen and the exported figures alike, so a class sees plasma in
//! the same colour on the projector and in the printed figure.
//!
//! The hues are those of Okabe and Ito's colour-universal design (2008), distinguishable
//! with the common colour-vision deficiencies, at a lightness that reads on the dark screen
//! theme and on white paper. Plain RGB here; `app` turns them into egui colours and
//! `report::figures` into plotters colours.

use crate::model::{EpisodeKind, InterventionKind, RangeClass};

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#d55e00`, for HTML and SVG.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Okabe–Ito hues.
pub const ORANGE: Rgb = Rgb(0xE6, 0x9F, 0x00);
pub const SKY_BLUE: Rgb = Rgb(0x56, 0xB4, 0xE9);
pub const BLUISH_GREEN: Rgb = Rgb(0x00, 0x9E, 0x73);
pub const YELLOW: Rgb = Rgb(0xF0, 0xE4, 0x42);
pub const BLUE: Rgb = Rgb(0x00, 0x72, 0xB2);
pub const VERMILLION: Rgb = Rgb(0xD5, 0x5E, 0x00);
pub const REDDISH_PURPLE: Rgb = Rgb(0xCC, 0x79, 0xA7);
pub const GREY: Rgb = Rgb(0x99, 0x99, 0x99);

pub fn intervention(kind: InterventionKind) -> Rgb {
    match kind {
        InterventionKind::Antiviral => REDDISH_PURPLE,
        InterventionKind::Antibiotic => Rgb(0x8C, 0x6D, 0x31),
        InterventionKind::Corticosteroid => ORANGE,
        InterventionKind::Immunoglobulin => SKY_BLUE,
        InterventionKind::ConvalescentPlasma => VERMILLION,
        InterventionKind::CellTherapy => BLUISH_GREEN,
        InterventionKind::RespiratorySupport => Rgb(0x6F, 0x8F, 0xAF),
        InterventionKind::Anticoagulant => Rgb(0xC2, 0x18, 0x5B),
        InterventionKind::Other => GREY,
    }
}

/// The hue of an episode; the screen and figures shade spans with it, lightly.
pub fn episode(kind: EpisodeKind) -> Rgb {
    match kind {
        EpisodeKind::CytokineStorm => VERMILLION,
        EpisodeKind::Deterioration => ORANGE,
        EpisodeKind::Recovery => BLUISH_GREEN,
        EpisodeKind::Other => GREY,
    }
}

/// Values above the reference interval, and below it.
pub const HIGH: Rgb = Rgb(0xE4, 0x57, 0x2E);
pub const LOW: Rgb = Rgb(0x3A, 0x86, 0xFF);

/// The colour of a value by its place against the reference interval.
pub fn range(range_class: RangeClass, normal: Rgb) -> Rgb {
    match range_class {
        RangeClass::High => HIGH,
        RangeClass::Low => LOW,
        RangeClass::Normal => normal,
    }
}

/// Illustrative (reconstructed) values and the notices about them.
pub const ILLUSTRATIVE: Rgb = Rgb(0xD0, 0x8C, 0x00);
/// De-identified exports' notice.
pub const DEIDENTIFIED: Rgb = Rgb(0x2A, 0x6F, 0xB0);
/// The reference interval's band.
pub const REFERENCE_BAND: Rgb = Rgb(0x4C, 0x9A, 0x4C);
/// Guideline findings: severe illness, and plasma given within the advised window.
pub const SEVERE: Rgb = VERMILLION;
pub const IN_TIME: Rgb = BLUISH_GREEN;
/// Cohort bands: survivors and non-survivors.
pub const SURVIVORS: Rgb = Rgb(0x4F, 0x9D, 0xE0);
pub const NON_SURVIVORS: Rgb = Rgb(0xE0, 0x6C, 0x4F);
/// The case in front, drawn over a cohort's courses: apart from both outcomes' hues.
pub const CURRENT_CASE: Rgb = YELLOW;
/// Reviewers' notes.
pub const NOTE: Rgb = YELLOW;
/// The reviewer's marks drawn on an image (arrows, outlines, lengths), and the one selected
/// for editing: bright on the grey of any window.
pub const ANNOTATION: Rgb = Rgb(0xFF, 0xD4, 0x00);
pub const SELECTED_ANNOTATION: Rgb = Rgb(0x00, 0xC8, 0xFF);
/// Measuring cursors and the time cursor.
pub const CURSOR_A: Rgb = YELLOW;
pub const CURSOR_B: Rgb = SKY_BLUE;
/// The measuring cursors on a light background, where yellow and sky blue barely show: the
/// same hues, darker (contrast above 4.5:1 on white).
pub const CURSOR_A_ON_LIGHT: Rgb = Rgb(0x7A, 0x6A, 0x00);
pub const CURSOR_B_ON_LIGHT: Rgb = BLUE;
pub const TIME_CURSOR: Rgb = Rgb(0xEC, 0xF0, 0xF1);
/// The time cursor on a light background (presentation in a bright room).
pub const TIME_CURSOR_ON_LIGHT: Rgb = Rgb(0x2C, 0x3E, 0x50);
/// Teaching stops and the class's predictions drawn at them.
pub const TEACHING: Rgb = REDDISH_PURPLE;

/// Series drawn together (markers in one panel, cases compared) take these in order.
pub const SERIES: [Rgb; 6] = [
    BLUE,
    ORANGE,
    BLUISH_GREEN,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILLION,
];

pub fn series(index: usize) -> Rgb {
    SERIES[index % SERIES.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_intervention_kind_has_its_own_colour() {
        let colours: Vec<Rgb> = InterventionKind::ALL
            .into_iter()
            .map(intervention)
            .collect();
        for (index, colour) in colours.iter().enumerate() {
            assert!(
                !colours[index + 1..].contains(colour),
                "{:?} shares a colour",
                InterventionKind::ALL[index]
            );
        }
    }

    /// WCAG relative luminance of an sRGB colour.
    fn luminance(Rgb(red, green, blue): Rgb) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    #[test]
    fn the_cursors_for_a_light_background_read_on_white() {
        for (name, colour) in [
            ("cursor A", CURSOR_A_ON_LIGHT),
            ("cursor B", CURSOR_B_ON_LIGHT),
            ("time cursor", TIME_CURSOR_ON_LIGHT),
        ] {
            let contrast = 1.05 / (luminance(colour) + 0.05);
            assert!(contrast >= 4.5, "{name}: contrast {contrast:.2} on white");
        }
        // Yellow itself would not: the reason for the darker ones.
        assert!(1.05 / (luminance(CURSOR_A) + 0.05) < 2.0);
    }

    #[test]
    fn hex_is_css_ready() {
        assert_eq!(VERMILLION.hex(), "#d55e00");
    }
}
