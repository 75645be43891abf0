//! Journal figure sizes: a preset fixes the physical width (85 mm for one column of BMC's
//! Journal of Medical Case Reports), and the figure is magnified so that its smallest text is
//! 8 pt and its thinnest line 0.5 pt at that width, with panel letters and a relative-day axis.
//!
//! Magnifying instead of re-laying out keeps one layout for screen and print: every length
//! in the layout (in points) grows by the same factor, so labels keep their spacing.

use super::FigureFormat;
use super::style::Scale;

/// Smallest text a journal accepts on a printed figure (BMC, Elsevier, BMJ: 8 pt or more).
pub const MIN_TEXT_PT: f64 = 8.0;
/// Thinnest line a journal accepts on a printed figure.
pub const MIN_LINE_PT: f64 = 0.5;
/// The smallest text size the figure layouts use (tick labels, imaging captions).
pub(crate) const SMALLEST_LAYOUT_TEXT_PT: f64 = 6.5;
pub const MM_PER_INCH: f64 = 25.4;

/// A journal's column width.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum JournalPreset {
    /// BMC Journal of Medical Case Reports, one column: 85 mm.
    Jmcr1Col,
    /// BMC Journal of Medical Case Reports, two columns: 170 mm.
    Jmcr2Col,
    /// Elsevier (IDCases, Respiratory Medicine Case Reports), single column: 90 mm.
    Elsevier1Col,
    /// Elsevier, one and a half columns: 140 mm.
    Elsevier15Col,
    /// Elsevier, double column: 190 mm.
    Elsevier2Col,
}

impl JournalPreset {
    pub const ALL: [Self; 5] = [
        Self::Jmcr1Col,
        Self::Jmcr2Col,
        Self::Elsevier1Col,
        Self::Elsevier15Col,
        Self::Elsevier2Col,
    ];

    /// The name used on the command line: `jmcr-1col`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jmcr1Col => "jmcr-1col",
            Self::Jmcr2Col => "jmcr-2col",
            Self::Elsevier1Col => "elsevier-1col",
            Self::Elsevier15Col => "elsevier-1.5col",
            Self::Elsevier2Col => "elsevier-2col",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Jmcr1Col => "J Med Case Rep, 1 column (85 mm)",
            Self::Jmcr2Col => "J Med Case Rep, 2 columns (170 mm)",
            Self::Elsevier1Col => "Elsevier, 1 column (90 mm)",
            Self::Elsevier15Col => "Elsevier, 1.5 columns (140 mm)",
            Self::Elsevier2Col => "Elsevier, 2 columns (190 mm)",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|preset| preset.name() == name)
    }

    pub fn width_mm(self) -> f64 {
        match self {
            Self::Jmcr1Col => 85.0,
            Self::Jmcr2Col => 170.0,
            Self::Elsevier1Col => 90.0,
            Self::Elsevier15Col => 140.0,
            Self::Elsevier2Col => 190.0,
        }
    }

    pub fn width_inches(self) -> f64 {
        self.width_mm() / MM_PER_INCH
    }

    /// The factor that brings the layout's smallest text to [`MIN_TEXT_PT`].
    pub fn magnification(self) -> f64 {
        MIN_TEXT_PT / SMALLEST_LAYOUT_TEXT_PT
    }

    /// The drawing scale at `density` pixels per inch: magnified, lines at least 0.5 pt.
    pub fn scale(self, density: f64) -> Scale {
        Scale::for_dpi(density * self.magnification()).with_min_line(MIN_LINE_PT, density)
    }
}

/// Gives an SVG drawn at 96 units per inch its physical size in millimetres, so a journal's
/// system or a PDF places it at exactly the preset's width.
pub fn svg_in_millimetres(
    svg: String,
    format: FigureFormat,
    width_px: u32,
    height_px: u32,
) -> String {
    if format != FigureFormat::Svg {
        return svg;
    }
    let per_unit = MM_PER_INCH / super::SVG_UNITS_PER_INCH;
    let old = format!("width=\"{width_px}\" height=\"{height_px}\"");
    let new = format!(
        "width=\"{:.2}mm\" height=\"{:.2}mm\"",
        f64::from(width_px) * per_unit,
        f64::from(height_px) * per_unit
    );
    match svg.find(&old) {
        // Only the root element's attributes; the first match is inside `<svg …>`.
        Some(at)
            if svg[..at]
                .rfind('<')
                .is_some_and(|open| svg[open..].starts_with("<svg")) =>
        {
            format!("{}{new}{}", &svg[..at], &svg[at + old.len()..])
        }
        _ => svg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_widths_are_the_journals() {
        for preset in JournalPreset::ALL {
            assert_eq!(JournalPreset::from_name(preset.name()), Some(preset));
        }
        assert_eq!(JournalPreset::Jmcr1Col.width_mm(), 85.0);
        assert_eq!(JournalPreset::Jmcr2Col.width_mm(), 170.0);
        assert_eq!(JournalPreset::from_name("jmcr-3col"), None);
    }

    #[test]
    fn the_scale_keeps_text_and_lines_above_the_journal_minimums() {
        for dpi in [96.0, 300.0, 600.0] {
            let scale = JournalPreset::Jmcr1Col.scale(dpi);
            let smallest_text_pt = SMALLEST_LAYOUT_TEXT_PT * scale.px_per_pt / (dpi / 72.0);
            assert!(smallest_text_pt >= MIN_TEXT_PT - 1e-9, "{smallest_text_pt}");
            // The thinnest stroke any figure asks for is 0.3 pt.
            let thinnest_pt = f64::from(scale.stroke(0.3)) * 72.0 / dpi;
            assert!(thinnest_pt >= MIN_LINE_PT, "{dpi}: {thinnest_pt}");
        }
    }

    #[test]
    fn svg_size_is_rewritten_in_millimetres_on_the_root_only() {
        let svg = "<svg width=\"321\" height=\"200\" viewBox=\"0 0 321 200\"><rect width=\"321\" height=\"200\"/></svg>".to_owned();
        let sized = svg_in_millimetres(svg, FigureFormat::Svg, 321, 200);
        assert!(
            sized.starts_with("<svg width=\"84.93mm\" height=\"52.92mm\""),
            "{sized}"
        );
        assert!(
            sized.contains("<rect width=\"321\" height=\"200\"/>"),
            "{sized}"
        );
    }
}
