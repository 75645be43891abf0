//! Multiplanar reformats and windowing of a [`Volume`].
//!
//! Planes are named for an axial acquisition: `Axial` is a slice as acquired; `Coronal`
//! cuts the stack at one image row, `Sagittal` at one image column. In coronal and
//! sagittal images the head is up (the slice at the superior end of the normal is the top
//! row) and each pixel keeps its physical size, so a 0.7 mm × 2.5 mm voxel is shown 2.5 mm
//! high, not squashed ([`PlaneImage::to_square_pixels`] resamples for a PNG).

use super::super::{RenderedImage, Window};
use super::volume::{NO_DATA, Volume};

/// Which plane a 2-D image cuts from the volume.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Plane {
    Axial,
    Coronal,
    Sagittal,
}

impl Plane {
    pub const ALL: [Self; 3] = [Self::Axial, Self::Coronal, Self::Sagittal];

    pub fn label(self) -> &'static str {
        match self {
            Self::Axial => "axial",
            Self::Coronal => "coronal",
            Self::Sagittal => "sagittal",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|plane| plane.label().eq_ignore_ascii_case(text.trim()))
    }
}

/// One reformatted image: values row by row and the physical size of a pixel.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaneImage {
    pub width: usize,
    pub height: usize,
    pub values: Vec<i16>,
    pub pixel_width_mm: f64,
    pub pixel_height_mm: f64,
}

impl Volume {
    /// How many images the volume has in a plane.
    pub fn plane_count(&self, plane: Plane) -> usize {
        match plane {
            Plane::Axial => self.slice_count(),
            Plane::Coronal => self.rows,
            Plane::Sagittal => self.columns,
        }
    }

    /// Whether the last slice is the most superior (head up in coronal and sagittal images).
    fn superior_last(&self) -> bool {
        self.normal.is_none_or(|normal| normal[2] >= 0.0)
    }

    /// The slice shown in row `y` of a coronal or sagittal image.
    fn slice_of_row(&self, y: usize) -> usize {
        if self.superior_last() {
            self.slice_count().saturating_sub(1 + y)
        } else {
            y
        }
    }

    /// The voxel (column, row, slice) under pixel (x, y) of image `index` in `plane`.
    pub fn voxel_at(
        &self,
        plane: Plane,
        index: usize,
        x: usize,
        y: usize,
    ) -> Option<(usize, usize, usize)> {
        let voxel = match plane {
            Plane::Axial => (x, y, index),
            Plane::Coronal if y < self.slice_count() => (x, index, self.slice_of_row(y)),
            Plane::Sagittal if y < self.slice_count() => (index, x, self.slice_of_row(y)),
            _ => return None,
        };
        (voxel.0 < self.columns && voxel.1 < self.rows && voxel.2 < self.slice_count())
            .then_some(voxel)
    }

    /// The pixel (x, y) and image index showing voxel (column, row, slice) in `plane`:
    /// where a linked crosshair goes.
    pub fn pixel_of(&self, plane: Plane, voxel: (usize, usize, usize)) -> (usize, usize, usize) {
        let (column, row, slice) = voxel;
        let y = if self.superior_last() {
            self.slice_count().saturating_sub(1 + slice)
        } else {
            slice
        };
        match plane {
            Plane::Axial => (slice, column, row),
            Plane::Coronal => (row, column, y),
            Plane::Sagittal => (column, row, y),
        }
    }

    /// Image `index` of `plane`, or `None` past the end.
    pub fn plane_image(&self, plane: Plane, index: usize) -> Option<PlaneImage> {
        if index >= self.plane_count(plane) {
            return None;
        }
        let slices = self.slice_count();
        match plane {
            Plane::Axial => Some(PlaneImage {
                width: self.columns,
                height: self.rows,
                values: self.slice(index)?.to_vec(),
                pixel_width_mm: self.column_mm,
                pixel_height_mm: self.row_mm,
            }),
            Plane::Coronal => {
                let mut values = Vec::with_capacity(self.columns * slices);
                for y in 0..slices {
                    let slice = self.slice(self.slice_of_row(y))?;
                    let start = index * self.columns;
                    values.extend_from_slice(slice.get(start..start + self.columns)?);
                }
                Some(PlaneImage {
                    width: self.columns,
                    height: slices,
                    values,
                    pixel_width_mm: self.column_mm,
                    pixel_height_mm: self.slice_spacing_mm,
                })
            }
            Plane::Sagittal => {
                let mut values = Vec::with_capacity(self.rows * slices);
                for y in 0..slices {
                    let slice = self.slice(self.slice_of_row(y))?;
                    values.extend(slice.iter().skip(index).step_by(self.columns));
                }
                Some(PlaneImage {
                    width: self.rows,
                    height: slices,
                    values,
                    pixel_width_mm: self.row_mm,
                    pixel_height_mm: self.slice_spacing_mm,
                })
            }
        }
    }
}

/// Square pixels are made by stretching at most this many times (a header with absurd
/// spacing cannot make a PNG of any size).
const MAX_STRETCH: f64 = 16.0;

impl PlaneImage {
    /// Height ÷ width of the image in millimetres.
    pub fn physical_aspect(&self) -> f64 {
        (self.height as f64 * self.pixel_height_mm) / (self.width as f64 * self.pixel_width_mm)
    }

    /// The image resampled (linear interpolation along the coarser axis) so that pixels
    /// are square: what a PNG needs to keep the anatomy's proportions.
    pub fn to_square_pixels(&self) -> PlaneImage {
        let ratio = self.pixel_height_mm / self.pixel_width_mm;
        if !ratio.is_finite() || (ratio - 1.0).abs() < 1e-3 || self.width == 0 || self.height == 0 {
            return self.clone();
        }
        if ratio > 1.0 {
            let height = (self.height as f64 * ratio.min(MAX_STRETCH)).round() as usize;
            let rows: Vec<&[i16]> = self.values.chunks(self.width).collect();
            let mut values = Vec::with_capacity(self.width * height);
            for y in 0..height {
                let (below, above, weight) = source(y, height, self.height);
                let (Some(low), Some(high)) = (rows.get(below), rows.get(above)) else {
                    continue;
                };
                values.extend(
                    low.iter()
                        .zip(high.iter())
                        .map(|(low, high)| mix(*low, *high, weight)),
                );
            }
            PlaneImage {
                height,
                values,
                pixel_height_mm: self.pixel_height_mm * self.height as f64 / height as f64,
                ..self.clone()
            }
        } else {
            let width = (self.width as f64 / ratio.max(1.0 / MAX_STRETCH)).round() as usize;
            let sources: Vec<_> = (0..width).map(|x| source(x, width, self.width)).collect();
            let mut values = Vec::with_capacity(width * self.height);
            for row in self.values.chunks(self.width) {
                for (left, right, weight) in &sources {
                    let value = |index: usize| row.get(index).copied().unwrap_or(NO_DATA);
                    values.push(mix(value(*left), value(*right), *weight));
                }
            }
            PlaneImage {
                width,
                values,
                pixel_width_mm: self.pixel_width_mm * self.width as f64 / width as f64,
                ..self.clone()
            }
        }
    }

    /// Display pixels through a window (one grey byte per pixel).
    pub fn render(&self, lut: &WindowLut) -> RenderedImage {
        RenderedImage {
            width: self.width as u32,
            height: self.height as u32,
            pixels: self.values.iter().map(|value| lut.level(*value)).collect(),
            channels: 1,
        }
    }
}

/// The two source pixels around output pixel `index` (of `out` along an axis of `len`) and
/// the weight of the second.
fn source(index: usize, out: usize, len: usize) -> (usize, usize, f32) {
    let position =
        ((index as f64 + 0.5) * len as f64 / out as f64 - 0.5).clamp(0.0, (len - 1) as f64);
    let below = position.floor() as usize;
    let above = (below + 1).min(len - 1);
    (below, above, (position - below as f64) as f32)
}

fn mix(a: i16, b: i16, weight: f32) -> i16 {
    if a == NO_DATA || b == NO_DATA {
        return if weight < 0.5 { a } else { b };
    }
    (f32::from(a) * (1.0 - weight) + f32::from(b) * weight).round() as i16
}

/// A window as a table of all 65,536 16-bit values: changing slices costs one lookup per
/// pixel, and the table is rebuilt only when the window changes.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowLut {
    pub window: Window,
    table: Vec<u8>,
}

impl WindowLut {
    pub fn new(window: Window) -> Self {
        let table = (i32::from(i16::MIN)..=i32::from(i16::MAX))
            .map(|value| {
                if value == i32::from(NO_DATA) {
                    0
                } else {
                    window.level(value as f32)
                }
            })
            .collect();
        Self { window, table }
    }

    #[inline]
    pub fn level(&self, value: i16) -> u8 {
        self.table
            .get((i32::from(value) - i32::from(i16::MIN)) as usize)
            .copied()
            .unwrap_or(0)
    }

    /// RGBA bytes of `values` into `out` (reused between slices: no allocation per frame).
    pub fn to_rgba_into(&self, values: &[i16], out: &mut Vec<u8>) {
        out.clear();
        out.reserve(values.len() * 4);
        out.extend(values.iter().flat_map(|value| {
            let level = self.level(*value);
            [level, level, level, 255]
        }));
    }
}
