//! Window/level and rendering to display pixels: the one rendering path shared by the viewer
//! and `caselens image`, so a script sees exactly what the viewer shows.

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
            // Truncation (not rounding) keeps the 8-bit identity window exact; NaN → 0.
            Self::Linear { scale, offset } => (value * scale + offset).clamp(0.0, 255.0) as u8,
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

/// Renders a frame with a window; MONOCHROME1 images come out inverted (air dark).
/// `None` when the frame does not exist.
pub fn render_frame(image: &DecodedImage, frame: u32, window: Window) -> Option<RenderedImage> {
    let pixels = match image.frame(frame)? {
        FramePixels::Gray(values) => {
            let map = window.level_map();
            if image.inverted {
                values.iter().map(|value| 255 - map.apply(*value)).collect()
            } else {
                values.iter().map(|value| map.apply(*value)).collect()
            }
        }
        FramePixels::Rgb(bytes) => {
            if window == Window::IDENTITY_8BIT {
                bytes.clone()
            } else {
                bytes
                    .iter()
                    .map(|value| window.level(f32::from(*value)))
                    .collect()
            }
        }
    };
    Some(RenderedImage {
        width: image.width(),
        height: image.height(),
        channels: if image.is_color() { 3 } else { 1 },
        pixels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
