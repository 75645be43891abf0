//! Window/level and rendering to display pixels: the one rendering path shared by the viewer
//! and `caselens image`, so a script sees exactly what the viewer shows.
//!
//! The grey pipeline is the standard's (PS3.3 C.11): modality values (after rescale or the
//! Modality LUT, done at decoding) → VOI (a window shaped by the VOI LUT Function, or a VOI LUT
//! Sequence item) → Presentation LUT Shape (`DecodedImage::inverted`). A NaN value is Pixel
//! Padding: it is drawn as black background whatever the window or inversion.

use super::{DecodedImage, FramePixels};

/// A linear VOI window: values below `center - width/2` are black, above `center + width/2`
/// white (DICOM PS3.3 C.11.2.1.2.1, the "LINEAR" function).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub center: f64,
    pub width: f64,
}

impl Window {
    /// Maps 0..=255 to itself: the window of an 8-bit PNG or JPEG.
    pub const IDENTITY_8BIT: Self = Self {
        center: 127.5,
        width: 256.0,
    };

    /// A window spanning the finite values given, or the 8-bit identity when there are none.
    pub fn spanning(values: &[f32]) -> Self {
        let (low, high) = values
            .iter()
            .filter(|value| value.is_finite())
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(low, high), value| {
                (low.min(*value), high.max(*value))
            });
        if low > high {
            return Self::IDENTITY_8BIT;
        }
        let (low, high) = (f64::from(low), f64::from(high));
        Self {
            center: (low + high + 1.0) / 2.0,
            width: (high - low + 1.0).max(1.0),
        }
    }

    /// "C/W" as radiologists write it: `-600/1500`.
    pub fn describe(&self) -> String {
        format!("C {:.0} / W {:.0}", self.center, self.width)
    }

    /// Display level 0–255 of a value.
    pub fn level(&self, value: f32) -> u8 {
        self.level_map().apply(value)
    }

    /// Display level 0–255 of a value with a VOI LUT Function.
    pub fn level_with(&self, function: VoiFunction, value: f32) -> u8 {
        self.shaped_map(function).apply(value)
    }

    fn shaped_map(&self, function: VoiFunction) -> LevelMap {
        match function {
            VoiFunction::Linear => self.level_map(),
            // PS3.3 C.11.2.1.3.2: the window exactly, without the half-value offsets of LINEAR.
            VoiFunction::LinearExact if self.width > 0.0 => {
                let scale = 255.0 / self.width;
                LevelMap::Linear {
                    scale: scale as f32,
                    offset: ((0.5 - self.center / self.width) * 255.0) as f32,
                }
            }
            VoiFunction::Sigmoid if self.width > 0.0 => LevelMap::Sigmoid {
                center: self.center as f32,
                width: self.width as f32,
            },
            // A width the function cannot use: the threshold LINEAR gives a width of 1.
            VoiFunction::LinearExact | VoiFunction::Sigmoid => {
                LevelMap::Threshold(self.center as f32)
            }
        }
    }

    /// The window as `value × scale + offset`, computed once per frame: rendering a
    /// 2000×2000 radiograph is one multiply-add per pixel.
    fn level_map(&self) -> LevelMap {
        if self.width <= 1.0 {
            return LevelMap::Threshold((self.center - 0.5) as f32);
        }
        let span = self.width - 1.0;
        let scale = 255.0 / span;
        // ((value - (center - 0.5)) / (width - 1) + 0.5) × 255, rearranged.
        let offset = (0.5 - (self.center - 0.5) / span) * 255.0;
        LevelMap::Linear {
            scale: scale as f32,
            offset: offset as f32,
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum LevelMap {
    /// A window of width 1: black up to the centre, white above.
    Threshold(f32),
    Linear {
        scale: f32,
        offset: f32,
    },
    /// PS3.3 C.11.2.1.3.1.
    Sigmoid {
        center: f32,
        width: f32,
    },
}

impl LevelMap {
    #[inline]
    fn apply(self, value: f32) -> u8 {
        match self {
            Self::Threshold(threshold) => {
                if value > threshold {
                    255
                } else {
                    0
                }
            }
            Self::Linear { scale, offset } => linear_level(value, scale, offset),
            Self::Sigmoid { center, width } => {
                (255.0 / (1.0 + (-4.0 * (value - center) / width).exp())).clamp(0.0, 255.0) as u8
            }
        }
    }
}

/// The VOI LUT Function (0028,1056) that shapes a window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum VoiFunction {
    #[default]
    Linear,
    LinearExact,
    Sigmoid,
}

impl VoiFunction {
    pub fn label(self) -> &'static str {
        match self {
            Self::Linear => "LINEAR",
            Self::LinearExact => "LINEAR_EXACT",
            Self::Sigmoid => "SIGMOID",
        }
    }
}

/// A window the header offers, with its Window Center & Width Explanation (0028,1055).
#[derive(Clone, Debug, PartialEq)]
pub struct NamedWindow {
    pub window: Window,
    pub explanation: Option<String>,
}

/// One item of the VOI LUT Sequence (0028,3010): modality values from `first_mapped` on map
/// to `data`; values below or above the table take its first or last entry.
#[derive(Clone, Debug, PartialEq)]
pub struct VoiLut {
    pub first_mapped: i64,
    /// Bits per entry (8–16): entries run from 0 to 2^bits − 1.
    pub bits: u16,
    pub data: Vec<u16>,
    pub explanation: Option<String>,
}

impl VoiLut {
    /// Display level 0–255 of a modality value.
    pub fn level(&self, value: f32) -> u8 {
        let last = self.data.len().saturating_sub(1);
        // Modality values that index a LUT are integers; `as` saturates, NaN gives 0.
        let index = (value as i64)
            .saturating_sub(self.first_mapped)
            .clamp(0, last as i64);
        let entry = self.data.get(index as usize).copied().unwrap_or(0);
        let top = (1u32 << self.bits.clamp(1, 16)) - 1;
        (u32::from(entry).min(top) * 255 / top) as u8
    }
}

/// The VOI choices a grey image's header offers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VoiOptions {
    /// The VOI LUT Function of the header's windows (also applied to windows set by hand).
    pub function: VoiFunction,
    pub windows: Vec<NamedWindow>,
    pub luts: Vec<VoiLut>,
}

/// How modality values become display levels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Voi {
    /// A window, shaped by the image's VOI LUT Function.
    Window(Window),
    /// A window with a function of its own.
    Shaped(Window, VoiFunction),
    /// The image's VOI LUT Sequence item at this index.
    Lut(usize),
}

impl From<Window> for Voi {
    fn from(window: Window) -> Self {
        Self::Window(window)
    }
}

impl Voi {
    /// A line for the viewer: `C 40 / W 400`, `C 40 / W 400 SIGMOID`, `VOI LUT 1`.
    pub fn describe(&self, image: &DecodedImage) -> String {
        match self {
            Self::Window(window) if image.voi.function == VoiFunction::Linear => window.describe(),
            Self::Window(window) => format!("{} {}", window.describe(), image.voi.function.label()),
            Self::Shaped(window, function) => format!("{} {}", window.describe(), function.label()),
            Self::Lut(index) => match image
                .voi
                .luts
                .get(*index)
                .and_then(|lut| lut.explanation.as_deref())
            {
                Some(explanation) => format!("VOI LUT {}: {explanation}", index + 1),
                None => format!("VOI LUT {}", index + 1),
            },
        }
    }
}

/// The window presets of the viewer, in Hounsfield units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowPreset {
    Lung,
    Mediastinum,
    Bone,
}

impl WindowPreset {
    pub const ALL: [Self; 3] = [Self::Lung, Self::Mediastinum, Self::Bone];

    pub fn window(self) -> Window {
        match self {
            Self::Lung => Window {
                center: -600.0,
                width: 1500.0,
            },
            Self::Mediastinum => Window {
                center: 40.0,
                width: 400.0,
            },
            Self::Bone => Window {
                center: 480.0,
                width: 2500.0,
            },
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Lung => "Lung",
            Self::Mediastinum => "Mediastinum",
            Self::Bone => "Bone",
        }
    }
}

/// Display pixels of one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderedImage {
    pub width: u32,
    pub height: u32,
    /// One byte per pixel for grey images, three (RGB) for colour.
    pub pixels: Vec<u8>,
    pub channels: u8,
}

impl RenderedImage {
    /// RGBA bytes, as textures want them.
    pub fn to_rgba(&self) -> Vec<u8> {
        match self.channels {
            1 => self
                .pixels
                .iter()
                .flat_map(|gray| [*gray, *gray, *gray, 255])
                .collect(),
            _ => self
                .pixels
                .chunks_exact(3)
                .flat_map(|rgb| [rgb[0], rgb[1], rgb[2], 255])
                .collect(),
        }
    }

    /// Mean display level (0–255) of the pixels in a rectangle, for checks and tests.
    pub fn mean_level(&self, left: u32, top: u32, right: u32, bottom: u32) -> Option<f64> {
        let channels = usize::from(self.channels.max(1));
        let mut sum = 0.0;
        let mut count = 0u64;
        for row in top..bottom.min(self.height) {
            for column in left..right.min(self.width) {
                let index = (row as usize * self.width as usize + column as usize) * channels;
                let pixel = self.pixels.get(index..index + channels)?;
                sum += pixel.iter().map(|value| f64::from(*value)).sum::<f64>() / channels as f64;
                count += 1;
            }
        }
        (count > 0).then(|| sum / count as f64)
    }
}

/// Renders a frame with a window or VOI LUT; MONOCHROME1 images (and Presentation LUT Shape
/// INVERSE) come out inverted (air dark). `None` when the frame or VOI LUT does not exist.
pub fn render_frame(
    image: &DecodedImage,
    frame: u32,
    voi: impl Into<Voi>,
) -> Option<RenderedImage> {
    let voi = voi.into();
    let pixels = match image.frame(frame)? {
        FramePixels::Gray(values) => match voi {
            Voi::Window(window) => gray_levels(
                values,
                image.inverted,
                window.shaped_map(image.voi.function),
            ),
            Voi::Shaped(window, function) => {
                gray_levels(values, image.inverted, window.shaped_map(function))
            }
            Voi::Lut(index) => {
                let lut = image.voi.luts.get(index)?;
                map_levels(values, image.inverted, |value| lut.level(value))
            }
        },
        FramePixels::Rgb(bytes) => match voi {
            Voi::Window(Window::IDENTITY_8BIT) | Voi::Lut(_) => bytes.clone(),
            Voi::Window(window) | Voi::Shaped(window, _) => bytes
                .iter()
                .map(|value| window.level(f32::from(*value)))
                .collect(),
        },
    };
    Some(RenderedImage {
        width: image.width(),
        height: image.height(),
        channels: if image.is_color() { 3 } else { 1 },
        pixels,
    })
}

fn gray_levels(values: &[f32], inverted: bool, map: LevelMap) -> Vec<u8> {
    match (map, inverted) {
        // The common cases stay a multiply-add per pixel the compiler can vectorise: no
        // branch, no closure over the enum.
        (LevelMap::Linear { scale, offset }, false) => values
            .iter()
            .map(|value| linear_level(*value, scale, offset))
            .collect(),
        // MONOCHROME1 (most computed radiographs): inverted after the window, exactly as
        // `map_levels` does, with Pixel Padding (NaN) still black.
        (LevelMap::Linear { scale, offset }, true) => values
            .iter()
            .map(|value| u8::from(!value.is_nan()) * (255 - linear_level(*value, scale, offset)))
            .collect(),
        _ => map_levels(values, inverted, |value| map.apply(value)),
    }
}

/// The linear window's level; truncation (not rounding) keeps the 8-bit identity window
/// exact, and NaN gives 0.
#[inline]
fn linear_level(value: f32, scale: f32, offset: f32) -> u8 {
    (value * scale + offset).clamp(0.0, 255.0) as u8
}

fn map_levels(values: &[f32], inverted: bool, level: impl Fn(f32) -> u8) -> Vec<u8> {
    values
        .iter()
        .map(|value| {
            if value.is_nan() {
                // Pixel Padding: background, black however the image is inverted.
                0
            } else if inverted {
                255 - level(*value)
            } else {
                level(*value)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_exact_and_sigmoid_follow_the_standard() {
        let window = Window {
            center: 100.0,
            width: 50.0,
        };
        assert_eq!(window.level_with(VoiFunction::LinearExact, 75.0), 0);
        assert_eq!(window.level_with(VoiFunction::LinearExact, 125.0), 255);
        assert_eq!(window.level_with(VoiFunction::LinearExact, 100.0), 127);
        assert_eq!(window.level_with(VoiFunction::Sigmoid, 100.0), 127);
        assert_eq!(window.level_with(VoiFunction::Sigmoid, 50.0), 4);
        assert_eq!(window.level_with(VoiFunction::Sigmoid, 150.0), 250);
    }

    #[test]
    fn a_voi_lut_clamps_below_and_above_its_range() {
        let lut = VoiLut {
            first_mapped: -2,
            bits: 8,
            data: vec![0, 100, 255],
            explanation: None,
        };
        assert_eq!(lut.level(-10.0), 0);
        assert_eq!(lut.level(-1.0), 100);
        assert_eq!(lut.level(7.0), 255);
    }

    #[test]
    fn the_identity_window_maps_every_byte_to_itself() {
        for value in 0..=255u8 {
            assert_eq!(Window::IDENTITY_8BIT.level(f32::from(value)), value);
        }
    }

    #[test]
    fn the_lung_window_blacks_out_air_and_whites_out_bone() {
        let lung = WindowPreset::Lung.window();
        assert_eq!(lung.level(-1400.0), 0);
        assert_eq!(lung.level(200.0), 255);
        let middle = lung.level(-600.0);
        assert!((126..=128).contains(&middle), "{middle}");
    }

    #[test]
    fn a_spanning_window_covers_the_values() {
        let window = Window::spanning(&[-1000.0, 3000.0, f32::NAN]);
        assert_eq!(window.level(-1000.0), 0);
        assert_eq!(window.level(3000.0), 255);
    }

    #[test]
    fn the_fast_linear_paths_give_what_the_general_one_gives() {
        let mut values: Vec<f32> = (-3000..3000).map(|step| step as f32 * 0.37).collect();
        values.extend([
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            0.5,
            254.99,
            255.0,
        ]);
        for window in [
            Window {
                center: 40.0,
                width: 400.0,
            },
            Window {
                center: 127.5,
                width: 256.0,
            },
            Window {
                center: 15000.0,
                width: 30000.0,
            },
            Window {
                center: -600.0,
                width: 1500.0,
            },
        ] {
            let map = window.shaped_map(VoiFunction::Linear);
            assert!(matches!(map, LevelMap::Linear { .. }));
            for inverted in [false, true] {
                assert_eq!(
                    gray_levels(&values, inverted, map),
                    map_levels(&values, inverted, |value| map.apply(value)),
                    "{window:?}, inverted: {inverted}"
                );
            }
        }
    }
}
