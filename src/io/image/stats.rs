//! Measurements on an image: the statistics of a drawn region (area, mean, SD, min, max in
//! the image's unit, Hounsfield units on CT) and lengths in millimetres from the pixel
//! spacing. A pixel belongs to a region when its centre lies inside the shape.

use crate::model::{PixelPoint, Shape};

use super::{DecodedImage, PixelSpacing, ValueUnit};

/// What a region covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegionStats {
    pub pixel_count: u64,
    /// Area in mm², when the header gives a pixel spacing.
    pub area_mm2: Option<f64>,
    pub mean: f64,
    /// Population standard deviation of the values.
    pub standard_deviation: f64,
    pub min: f64,
    pub max: f64,
    pub unit: ValueUnit,
}

impl RegionStats {
    /// One line for the viewer: `area 412 mm² (1 520 px) · mean −712 HU · SD 85 · min … max …`.
    pub fn describe(&self) -> String {
        let unit = self.unit.suffix();
        let area = match self.area_mm2 {
            Some(area) => format!("area {area:.1} mm² ({} px)", self.pixel_count),
            None => format!("area {} px", self.pixel_count),
        };
        format!(
            "{area} · mean {:.1}{unit} · SD {:.1} · min {:.0}{unit} · max {:.0}{unit}",
            self.mean, self.standard_deviation, self.min, self.max
        )
    }
}

/// Statistics of the pixels of `frame` inside a region shape (ellipse, rectangle, outline);
/// `None` for shapes that are not regions, frames that do not exist, or regions holding no
/// pixel centre.
pub fn region_stats(image: &DecodedImage, frame: u32, shape: &Shape) -> Option<RegionStats> {
    let pixels = image.frame(frame)?;
    let width = image.width() as usize;
    let height = image.height() as usize;
    let inside = membership(shape)?;
    let points = shape.points();
    let (min_x, max_x, min_y, max_y) = points.iter().fold(
        (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ),
        |(min_x, max_x, min_y, max_y), point| {
            (
                min_x.min(point.x),
                max_x.max(point.x),
                min_y.min(point.y),
                max_y.max(point.y),
            )
        },
    );
    if !(min_x.is_finite() && max_x.is_finite() && min_y.is_finite() && max_y.is_finite()) {
        return None;
    }
    let first_column = clamp_index(min_x.floor(), width);
    let last_column = clamp_index(max_x.ceil(), width);
    let first_row = clamp_index(min_y.floor(), height);
    let last_row = clamp_index(max_y.ceil(), height);
    let mut count = 0u64;
    let mut sum = 0.0f64;
    let mut sum_of_squares = 0.0f64;
    let mut min = f64::INFINITY;
    let mut max = f64::NEG_INFINITY;
    for row in first_row..last_row {
        for column in first_column..last_column {
            let center = PixelPoint::new(column as f64 + 0.5, row as f64 + 0.5);
            if !inside(center) {
                continue;
            }
            // NaN is Pixel Padding: outside the patient, so not part of the region.
            let Some(value) = pixels
                .value_at(row * width + column)
                .filter(|value| !value.is_nan())
            else {
                continue;
            };
            let value = f64::from(value);
            count += 1;
            sum += value;
            sum_of_squares += value * value;
            min = min.min(value);
            max = max.max(value);
        }
    }
    if count == 0 {
        return None;
    }
    let mean = sum / count as f64;
    let variance = (sum_of_squares / count as f64 - mean * mean).max(0.0);
    Some(RegionStats {
        pixel_count: count,
        area_mm2: image
            .facts
            .pixel_spacing
            .map(|spacing| count as f64 * spacing.row_mm * spacing.column_mm),
        mean,
        standard_deviation: variance.sqrt(),
        min,
        max,
        unit: image.facts.unit,
    })
}

/// Length of a line in millimetres, when the pixel spacing is known.
pub fn length_mm(start: PixelPoint, end: PixelPoint, spacing: Option<PixelSpacing>) -> Option<f64> {
    let spacing = spacing?;
    let dx = (end.x - start.x) * spacing.column_mm;
    let dy = (end.y - start.y) * spacing.row_mm;
    Some(dx.hypot(dy))
}

fn clamp_index(value: f64, limit: usize) -> usize {
    if value <= 0.0 {
        0
    } else {
        (value as usize).min(limit)
    }
}

type Membership = Box<dyn Fn(PixelPoint) -> bool>;

fn membership(shape: &Shape) -> Option<Membership> {
    match shape {
        Shape::Rectangle { corner_a, corner_b } => {
            let (left, right) = (corner_a.x.min(corner_b.x), corner_a.x.max(corner_b.x));
            let (top, bottom) = (corner_a.y.min(corner_b.y), corner_a.y.max(corner_b.y));
            Some(Box::new(move |point| {
                (left..=right).contains(&point.x) && (top..=bottom).contains(&point.y)
            }))
        }
        Shape::Ellipse { corner_a, corner_b } => {
            let center = PixelPoint::new(
                (corner_a.x + corner_b.x) / 2.0,
                (corner_a.y + corner_b.y) / 2.0,
            );
            let radius_x = (corner_a.x - corner_b.x).abs() / 2.0;
            let radius_y = (corner_a.y - corner_b.y).abs() / 2.0;
            if radius_x <= 0.0 || radius_y <= 0.0 {
                return None;
            }
            Some(Box::new(move |point| {
                let dx = (point.x - center.x) / radius_x;
                let dy = (point.y - center.y) / radius_y;
                dx * dx + dy * dy <= 1.0
            }))
        }
        Shape::Freehand { points } if points.len() >= 3 => {
            let outline = points.clone();
            Some(Box::new(move |point| contains(&outline, point)))
        }
        _ => None,
    }
}

/// Even-odd rule: a point is inside when a ray to the right crosses the outline an odd
/// number of times.
fn contains(outline: &[PixelPoint], point: PixelPoint) -> bool {
    let mut inside = false;
    let mut previous = match outline.last() {
        Some(last) => *last,
        None => return false,
    };
    for current in outline {
        if (current.y > point.y) != (previous.y > point.y) {
            let crossing_x = current.x
                + (point.y - current.y) * (previous.x - current.x) / (previous.y - current.y);
            if point.x < crossing_x {
                inside = !inside;
            }
        }
        previous = *current;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::image::{FramePixels, HeaderFacts, ImageFormat, SpacingSource, Window};

    /// A 10×10 CT-like image whose value is the column index × 10 − 1000 HU.
    fn ramp() -> DecodedImage {
        let values = (0..100)
            .map(|index| (index % 10) as f32 * 10.0 - 1000.0)
            .collect();
        DecodedImage {
            facts: HeaderFacts {
                format: ImageFormat::Dicom,
                modality: Some("CT".to_owned()),
                study_date: None,
                width: 10,
                height: 10,
                frames: 1,
                pixel_spacing: Some(PixelSpacing {
                    row_mm: 0.5,
                    column_mm: 0.25,
                    source: SpacingSource::PixelSpacing,
                }),
                photometric: "MONOCHROME2".to_owned(),
                bits_stored: 12,
                transfer_syntax: None,
                rescale: Some((1.0, -1024.0)),
                unit: ValueUnit::Hounsfield,
                header_window: None,
                burned_in_annotation: None,
            },
            frames: vec![FramePixels::Gray(values)],
            inverted: false,
            default_window: Window::IDENTITY_8BIT,
            default_voi: Window::IDENTITY_8BIT.into(),
            voi: Default::default(),
            overlays: Vec::new(),
        }
    }

    #[test]
    fn padding_is_left_out_of_region_statistics() {
        let mut image = ramp();
        if let FramePixels::Gray(values) = &mut image.frames[0] {
            values[12] = f32::NAN;
        }
        let shape = Shape::Rectangle {
            corner_a: PixelPoint::new(2.0, 1.0),
            corner_b: PixelPoint::new(4.0, 5.0),
        };
        let stats = region_stats(&image, 0, &shape).unwrap();
        assert_eq!(stats.pixel_count, 7);
        assert!(stats.mean.is_finite());
    }

    #[test]
    fn a_rectangle_counts_the_pixels_whose_centres_it_covers() {
        let shape = Shape::Rectangle {
            corner_a: PixelPoint::new(2.0, 1.0),
            corner_b: PixelPoint::new(4.0, 5.0),
        };
        let stats = region_stats(&ramp(), 0, &shape).unwrap();
        assert_eq!(stats.pixel_count, 8, "columns 2–3 × rows 1–4");
        assert_eq!(stats.area_mm2, Some(8.0 * 0.125));
        assert_eq!((stats.min, stats.max, stats.mean), (-980.0, -970.0, -975.0));
        assert!((stats.standard_deviation - 5.0).abs() < 1e-9);
        assert!(stats.describe().contains("mean -975.0 HU"));
    }

    #[test]
    fn an_ellipse_and_an_outline_select_fewer_pixels_than_their_box() {
        let image = ramp();
        let ellipse = Shape::Ellipse {
            corner_a: PixelPoint::new(0.0, 0.0),
            corner_b: PixelPoint::new(10.0, 10.0),
        };
        let count = region_stats(&image, 0, &ellipse).unwrap().pixel_count;
        assert!((70..=90).contains(&count), "{count} ≈ π·25");
        let triangle = Shape::Freehand {
            points: vec![
                PixelPoint::new(0.0, 0.0),
                PixelPoint::new(10.0, 0.0),
                PixelPoint::new(0.0, 10.0),
            ],
        };
        assert_eq!(region_stats(&image, 0, &triangle).unwrap().pixel_count, 45);
        let arrow = Shape::Arrow {
            tail: PixelPoint::new(0.0, 0.0),
            tip: PixelPoint::new(5.0, 5.0),
        };
        assert_eq!(region_stats(&image, 0, &arrow), None);
    }

    #[test]
    fn lengths_use_the_spacing_of_each_axis() {
        let spacing = ramp().facts.pixel_spacing;
        let horizontal = length_mm(
            PixelPoint::new(0.0, 0.0),
            PixelPoint::new(8.0, 0.0),
            spacing,
        );
        assert_eq!(horizontal, Some(2.0));
        let vertical = length_mm(
            PixelPoint::new(0.0, 0.0),
            PixelPoint::new(0.0, 8.0),
            spacing,
        );
        assert_eq!(vertical, Some(4.0));
        assert_eq!(
            length_mm(PixelPoint::new(0.0, 0.0), PixelPoint::new(3.0, 4.0), None),
            None
        );
    }
}
