//! Publication figures drawn with plotters, as SVG or PNG, from the case alone, so the app and
//! the command line produce the same figure from the same options.
//!
//! - [`trajectory`]: the chosen markers as stacked panels on one time axis, with reference
//!   intervals, doses, courses and episodes (like Fig. 1 of the reference paper).
//! - [`imaging`]: the milestone images in a labelled grid, one row per series (A1–A3 over
//!   B1–B4), with annotations, dates and scores (like its Fig. 2).
//!
//! Layout is in points; a PNG is drawn at the chosen DPI (300 by default) and records it, an
//! SVG at 96 px per inch, so text prints at the same size from either.

mod axis;
pub mod imaging;
pub mod journal;
mod png;
mod print_palette;
pub(crate) mod style;
pub mod trajectory;

pub use journal::JournalPreset;
pub(crate) use png::encode_png_fast;
pub use png::png_dpi;
pub use style::{FONT_FAMILY, ensure_font};

use crate::analysis::time_axis::AxisMode;
use crate::model::Timeline;

/// Default physical width: 7 inches, a journal's full page width.
pub const DEFAULT_WIDTH_INCHES: f64 = 7.0;
pub const DEFAULT_DPI: u32 = 300;
/// SVG user units per inch (CSS pixels).
pub const SVG_UNITS_PER_INCH: f64 = 96.0;
/// Narrower than this, labels would collide; wider, a figure would not fit a page anyway.
pub const MIN_WIDTH_INCHES: f64 = 3.0;
pub const MAX_WIDTH_INCHES: f64 = 20.0;
/// Keeps a PNG's buffer within reason (2400 DPI at full width).
pub const MAX_DPI: u32 = 2400;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    Trajectory,
    Imaging,
}

impl FigureKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Trajectory => "Trajectory",
            Self::Imaging => "Imaging",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FigureFormat {
    Svg,
    Png,
    /// Raster like PNG, for publishers that ask TIFF; records its DPI too.
    Tiff,
}

impl FigureFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Tiff => "tiff",
        }
    }

    fn is_raster(self) -> bool {
        matches!(self, Self::Png | Self::Tiff)
    }
}

/// What a figure shows and at which size.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureOptions {
    /// Width in output pixels; `None` for 7 inches at the format's density.
    pub width_px: Option<u32>,
    /// PNG density; SVG figures are laid out at 96 units per inch whatever this says.
    pub dpi: u32,
    /// Marker ids for the trajectory panels, in order; empty for the default choice.
    pub markers: Vec<String>,
    /// How the time axis is labelled; `None` for the case's preferred mode.
    pub axis: Option<AxisMode>,
    /// Never show calendar dates (de-identified export).
    pub deidentify: bool,
    /// A journal's column width: fixes the width, text ≥ 8 pt, lines ≥ 0.5 pt, panel letters
    /// and days relative to admission (day 0) unless another axis is chosen.
    pub preset: Option<JournalPreset>,
    /// A reference cohort whose survivors' and non-survivors' bands the trajectory panels
    /// draw behind the case, with a legend; `None` for none.
    pub cohort: Option<FigureCohort>,
}

/// A reference cohort for a figure's bands. Options are compared by the cohort's identity,
/// not its 55,000 samples, so comparing them each frame stays cheap.
#[derive(Clone)]
pub struct FigureCohort(pub std::sync::Arc<crate::model::Cohort>);

impl PartialEq for FigureCohort {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for FigureCohort {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_tuple("FigureCohort")
            .field(&self.0.name)
            .finish()
    }
}

impl Default for FigureOptions {
    fn default() -> Self {
        Self {
            width_px: None,
            dpi: DEFAULT_DPI,
            markers: Vec::new(),
            axis: None,
            deidentify: false,
            preset: None,
            cohort: None,
        }
    }
}

impl FigureOptions {
    /// Output density in pixels per inch for a format.
    pub fn density(&self, format: FigureFormat) -> f64 {
        if format.is_raster() {
            f64::from(self.dpi.clamp(1, MAX_DPI))
        } else {
            SVG_UNITS_PER_INCH
        }
    }

    /// The drawing scale for a format: a preset magnifies it and sets the thinnest line.
    pub(crate) fn scale(&self, format: FigureFormat) -> style::Scale {
        let density = self.density(format);
        self.preset.map_or_else(
            || style::Scale::for_dpi(density),
            |preset| preset.scale(density),
        )
    }

    /// Output width in pixels, within the limits above; a preset's width wins over `width_px`.
    pub fn width_for(&self, format: FigureFormat) -> Result<u32, FigureError> {
        let density = self.density(format);
        let width = match self.preset {
            Some(preset) => preset.width_inches() * density,
            None => self
                .width_px
                .map_or(DEFAULT_WIDTH_INCHES * density, f64::from),
        };
        let inches = width / density;
        if !(MIN_WIDTH_INCHES..=MAX_WIDTH_INCHES).contains(&inches) {
            return Err(FigureError::Size(format!(
                "a width of {width:.0} px at {density:.0} px per inch is {inches:.1} inches; choose a width between {:.0} and {:.0} px (or change --dpi)",
                MIN_WIDTH_INCHES * density,
                MAX_WIDTH_INCHES * density
            )));
        }
        Ok(width.round() as u32)
    }

    /// The axis mode actually used: the chosen one if the case supports it, never calendar
    /// dates when de-identifying.
    pub fn axis_mode(&self, timeline: &Timeline) -> AxisMode {
        let usable = |mode: AxisMode| {
            mode.is_available(timeline) && !(self.deidentify && mode == AxisMode::CalendarDate)
        };
        if let Some(mode) = self.axis.filter(|mode| usable(*mode)) {
            return mode;
        }
        // Case reports count days from admission (or onset), not dates.
        let order = if self.preset.is_some() {
            [
                AxisMode::HospitalDay,
                AxisMode::IllnessDay,
                AxisMode::CalendarDate,
            ]
        } else {
            AxisMode::ALL
        };
        order
            .into_iter()
            .find(|mode| usable(*mode))
            .unwrap_or(AxisMode::HospitalDay)
    }

    /// Whether day numbers count from day 0 (publication) rather than day 1 (the ward's way).
    pub fn relative_days(&self) -> bool {
        self.preset.is_some()
    }
}

/// Why a figure could not be made.
#[derive(Debug, thiserror::Error)]
pub enum FigureError {
    #[error(
        "the bundled font assets/fonts/DejaVuSans.ttf could not be loaded; the build is damaged, reinstall CaseLens"
    )]
    Font,
    #[error("{0}")]
    Size(String),
    #[error("nothing to draw: {0}")]
    Empty(String),
    #[error("could not draw the figure: {0}")]
    Draw(String),
    #[error("could not encode the PNG: {0}")]
    Encode(String),
}

/// Turns any plotters error into ours; the message is all a user can act on.
pub(crate) fn draw_error<E: std::fmt::Debug>(error: E) -> FigureError {
    FigureError::Draw(format!("{error:?}"))
}

/// Renders a figure of the case. `images` are the decoded milestone images (see
/// [`crate::report::images`]); the trajectory figure ignores them.
pub fn render_figure(
    case: &crate::model::Case,
    images: &[crate::report::images::MilestoneImage],
    kind: FigureKind,
    format: FigureFormat,
    options: &FigureOptions,
) -> Result<Vec<u8>, FigureError> {
    match (kind, format) {
        (FigureKind::Trajectory, FigureFormat::Svg) => {
            trajectory::trajectory_svg(case, options).map(String::into_bytes)
        }
        (FigureKind::Trajectory, raster) => trajectory::trajectory_raster(case, options, raster),
        (FigureKind::Imaging, FigureFormat::Svg) => {
            imaging::imaging_svg(case, images, options).map(String::into_bytes)
        }
        (FigureKind::Imaging, raster) => imaging::imaging_raster(case, images, options, raster),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_width_is_seven_inches_at_the_format_density() {
        let options = FigureOptions::default();
        assert_eq!(options.width_for(FigureFormat::Png).ok(), Some(2100));
        assert_eq!(options.width_for(FigureFormat::Svg).ok(), Some(672));
    }

    #[test]
    fn a_width_too_small_for_the_labels_is_refused_with_the_allowed_range() {
        let options = FigureOptions {
            width_px: Some(300),
            ..FigureOptions::default()
        };
        let message = options
            .width_for(FigureFormat::Png)
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(message.contains("between 900 and 6000 px"), "{message}");
    }
}
