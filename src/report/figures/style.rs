//! The look shared by every figure: one bundled font, sizes in points scaled to the output's
//! pixel density, and a small palette that prints well in greyscale.
//!
//! The font is DejaVu Sans from `assets/fonts/`, registered with plotters once, so PNG
//! figures render PaO₂, ×10⁹/L and α the same on every machine. SVG figures name the same
//! family first and common fallbacks after it, because an SVG viewer draws its own text.

use std::sync::OnceLock;

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

const DEJAVU_SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// The family name figures use. plotters looks the registered font up by this exact string,
/// and the SVG backend writes it as the `font-family` attribute, where the fallbacks apply.
pub const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// Registers the bundled font once; returns whether it is usable.
pub fn ensure_font() -> bool {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, DEJAVU_SANS).is_ok()
    })
}

/// Points are 1/72 inch; a figure's layout is given in points and drawn at `px_per_pt`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub px_per_pt: f64,
}

impl Scale {
    pub fn for_dpi(dpi: f64) -> Self {
        Self {
            px_per_pt: dpi / 72.0,
        }
    }

    /// A length in points, in whole pixels.
    pub fn px(&self, points: f64) -> i32 {
        (points * self.px_per_pt).round() as i32
    }

    /// A line width in points, at least one pixel.
    pub fn stroke(&self, points: f64) -> u32 {
        (points * self.px_per_pt).round().max(1.0) as u32
    }

    /// Text of `points` size. plotters sizes fonts so that the em is `size / 1.24`.
    pub fn font(&self, points: f64, color: RGBColor) -> TextStyle<'static> {
        TextStyle {
            font: FontDesc::new(
                FontFamily::Name(FONT_FAMILY),
                points * self.px_per_pt * 1.24,
                FontStyle::Normal,
            ),
            color: color.to_backend_color(),
            pos: Pos::new(HPos::Left, VPos::Top),
        }
    }

    /// The width and height of `text` in pixels at `points` size (zero if unmeasurable).
    pub fn text_size(&self, points: f64, text: &str) -> (i32, i32) {
        self.font(points, INK)
            .font
            .box_size(text)
            .map(|(width, height)| (width as i32, height as i32))
            .unwrap_or((0, 0))
    }
}

pub const INK: RGBColor = RGBColor(33, 33, 33);
pub const MUTED: RGBColor = RGBColor(110, 110, 110);
pub const GRID: RGBColor = RGBColor(225, 225, 225);
pub const AXIS: RGBColor = RGBColor(90, 90, 90);
pub const REFERENCE_BAND: RGBColor = RGBColor(222, 238, 222);
pub const EPISODE_BAND: RGBColor = RGBColor(253, 232, 208);
pub const SERIES: RGBColor = RGBColor(31, 90, 160);
pub const WHITE: RGBColor = RGBColor(255, 255, 255);
pub const TILE_EMPTY: RGBColor = RGBColor(236, 236, 236);

/// Distinct colours for intervention kinds, in `InterventionKind::ALL` order.
pub fn intervention_color(kind: crate::model::InterventionKind) -> RGBColor {
    use crate::model::InterventionKind as Kind;
    match kind {
        Kind::Antiviral => RGBColor(117, 112, 179),
        Kind::Antibiotic => RGBColor(102, 166, 30),
        Kind::Corticosteroid => RGBColor(166, 118, 29),
        Kind::Immunoglobulin => RGBColor(102, 102, 102),
        Kind::ConvalescentPlasma => RGBColor(217, 95, 2),
        Kind::CellTherapy => RGBColor(27, 158, 119),
        Kind::RespiratorySupport => RGBColor(80, 140, 200),
        Kind::Anticoagulant => RGBColor(194, 24, 91),
        Kind::Other => RGBColor(120, 120, 120),
    }
}
