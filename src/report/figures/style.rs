//! The look shared by every figure: one bundled font, sizes in points scaled to the output's
//! pixel density, and a small palette that prints well in greyscale.
//!
//! The font is DejaVu Sans from `assets/fonts/`, registered with plotters once, so PNG
//! figures render PaO₂, ×10⁹/L and α the same on every machine. SVG figures name the same
//! family first and common fallbacks after it, because an SVG viewer draws its own text.

use std::sync::OnceLock;

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

use crate::palette::{self, Rgb};

pub(crate) const DEJAVU_SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

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
    /// The thinnest stroke in pixels (a journal preset's 0.5 pt at the output density).
    pub min_stroke_px: u32,
}

impl Scale {
    pub fn for_dpi(dpi: f64) -> Self {
        Self {
            px_per_pt: dpi / 72.0,
            min_stroke_px: 1,
        }
    }

    /// No stroke thinner than `points` at the output's `density` (pixels per inch), rounded
    /// up so a line never prints thinner than asked.
    pub fn with_min_line(self, points: f64, density: f64) -> Self {
        Self {
            min_stroke_px: (points * density / 72.0).ceil().max(1.0) as u32,
            ..self
        }
    }

    /// A length in points, in whole pixels.
    pub fn px(&self, points: f64) -> i32 {
        (points * self.px_per_pt).round() as i32
    }

    /// A line width in points, at least one pixel (or the preset's minimum).
    pub fn stroke(&self, points: f64) -> u32 {
        ((points * self.px_per_pt).round().max(1.0) as u32).max(self.min_stroke_px)
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
/// The palette's bands, as light tints for white paper.
pub const REFERENCE_BAND: RGBColor = tint(palette::REFERENCE_BAND, 18);
pub const EPISODE_BAND: RGBColor = tint(palette::VERMILLION, 18);
pub const SERIES: RGBColor = plotters_color(palette::BLUE);
pub const WHITE: RGBColor = RGBColor(255, 255, 255);
pub const TILE_EMPTY: RGBColor = RGBColor(236, 236, 236);

/// A palette colour for plotters.
pub const fn plotters_color(rgb: Rgb) -> RGBColor {
    RGBColor(rgb.0, rgb.1, rgb.2)
}

/// `percent` of `rgb` over white.
const fn tint(rgb: Rgb, percent: u16) -> RGBColor {
    const fn over_white(channel: u8, percent: u16) -> u8 {
        (255 - (255 - channel as u16) * percent / 100) as u8
    }
    RGBColor(
        over_white(rgb.0, percent),
        over_white(rgb.1, percent),
        over_white(rgb.2, percent),
    )
}

/// The colour of an intervention kind: the same as on screen.
pub fn intervention_color(kind: crate::model::InterventionKind) -> RGBColor {
    plotters_color(palette::intervention(kind))
}
