//! The bundled fallback font.
//!
//! egui's default fonts lack arrows, check marks, stars and many symbols a clinical display
//! uses (→, ✓, ⚠, ≈). DejaVu Sans (Bitstream Vera licence, `assets/fonts/`) covers them and is
//! added as the last fallback, so the default look stays and no glyph renders as a box, on
//! any machine, with or without system fonts.

use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
use egui::{FontData, FontFamily};

const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Adds the bundled fallback font to both font families.
pub fn install_fonts(ctx: &egui::Context) {
    let families = [FontFamily::Proportional, FontFamily::Monospace]
        .into_iter()
        .map(|family| InsertFontFamily {
            family,
            priority: FontPriority::Lowest,
        })
        .collect();
    ctx.add_font(FontInsert::new(
        "DejaVuSans",
        FontData::from_static(DEJAVU_SANS),
        families,
    ));
}
