//! Annotations burned into a PNG of the image, for reports and for sharing a reading with
//! someone who has no CaseLens. Drawn with plotters' bitmap backend at the image's own
//! resolution, with the bundled DejaVu Sans for text; saved atomically.

use std::path::Path;
use std::sync::OnceLock;

use plotters::backend::RGBPixel;
use plotters::prelude::*;
use plotters::style::{FontFamily, FontStyle, register_font};

use crate::io::atomic::write_atomic;
use crate::model::{Annotation, PixelPoint, Shape};

use super::render::{RenderedImage, Voi, render_frame};
use super::stats::{length_mm, region_stats};
use super::{DecodedImage, ImageError};

const FONT_NAME: &str = "CaseLens burn-in";
const DEJAVU_SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// The viewer's annotation colour: yellow reads on both dark lungs and bright bone.
const MARK: RGBColor = RGBColor(255, 212, 0);

/// Why annotations could not be burned into a frame. A picture missing one of its marks
/// would misstate the reading (a length without its line, a mean without its region), so a
/// mark plotters cannot draw fails the whole picture, with plotters' reason.
#[derive(Debug, thiserror::Error)]
pub enum BurnInError {
    #[error("frame {frame} does not exist")]
    NoSuchFrame { frame: u32 },
    #[error("the {width}×{height} picture could not be drawn on: {reason}")]
    Canvas {
        width: u32,
        height: u32,
        reason: String,
    },
    #[error("the {mark} annotation could not be drawn: {reason}")]
    Mark { mark: &'static str, reason: String },
}

fn mark_error<E: std::fmt::Debug>(mark: &'static str) -> impl Fn(E) -> BurnInError {
    move |error| BurnInError::Mark {
        mark,
        reason: format!("{error:?}"),
    }
}

/// Renders `frame` with `voi` (a window or VOI LUT) and draws the annotations of that frame on it, with their
/// lengths (mm when the spacing is known), region means and notes.
pub fn burn_in_annotations(
    image: &DecodedImage,
    frame: u32,
    voi: impl Into<Voi>,
    annotations: &[Annotation],
) -> Result<RenderedImage, BurnInError> {
    let rendered = render_frame(image, frame, voi).ok_or(BurnInError::NoSuchFrame { frame })?;
    let (width, height) = (rendered.width, rendered.height);
    let mut rgb = match rendered.channels {
        1 => rendered
            .pixels
            .iter()
            .flat_map(|gray| [*gray, *gray, *gray])
            .collect(),
        _ => rendered.pixels,
    };
    let font_ready = font_registered();
    let short_side = width.min(height) as f64;
    let stroke = (short_side / 300.0).round().clamp(1.0, 8.0) as u32;
    let text_size = (short_side / 35.0).clamp(12.0, 64.0);
    {
        let mut backend =
            BitMapBackend::<RGBPixel>::with_buffer_and_format(&mut rgb, (width, height)).map_err(
                |error| BurnInError::Canvas {
                    width,
                    height,
                    reason: format!("{error:?}"),
                },
            )?;
        let style = ShapeStyle {
            color: MARK.to_rgba(),
            filled: false,
            stroke_width: stroke,
        };
        let font = FontDesc::new(FontFamily::Name(FONT_NAME), text_size, FontStyle::Normal);
        let text_style = TextStyle::from(font).color(&MARK);
        let limit = f64::from(width.max(height)) * 4.0;
        let coord = |point: PixelPoint| -> (i32, i32) {
            (
                point.x.clamp(-limit, limit) as i32,
                point.y.clamp(-limit, limit) as i32,
            )
        };
        for annotation in annotations
            .iter()
            .filter(|annotation| annotation.frame == frame)
        {
            let shape = &annotation.shape;
            let mut caption = Vec::new();
            let failed = mark_error(shape_name(shape));
            match shape {
                Shape::Arrow { tail, tip } => {
                    backend
                        .draw_path([coord(*tail), coord(*tip)], &style)
                        .map_err(&failed)?;
                    for wing in arrow_wings(*tail, *tip, text_size) {
                        backend
                            .draw_path([coord(wing), coord(*tip)], &style)
                            .map_err(&failed)?;
                    }
                }
                Shape::Length { start, end } => {
                    backend
                        .draw_path([coord(*start), coord(*end)], &style)
                        .map_err(&failed)?;
                    caption.push(match length_mm(*start, *end, image.facts.pixel_spacing) {
                        Some(length) => format!("{length:.1} mm"),
                        None => format!("{:.1} px", (end.x - start.x).hypot(end.y - start.y)),
                    });
                }
                Shape::Rectangle { corner_a, corner_b } => {
                    let corners = [
                        *corner_a,
                        PixelPoint::new(corner_b.x, corner_a.y),
                        *corner_b,
                        PixelPoint::new(corner_a.x, corner_b.y),
                        *corner_a,
                    ];
                    backend
                        .draw_path(corners.map(coord), &style)
                        .map_err(&failed)?;
                }
                Shape::Ellipse { corner_a, corner_b } => {
                    let outline = ellipse_outline(*corner_a, *corner_b);
                    backend
                        .draw_path(outline.into_iter().map(coord), &style)
                        .map_err(&failed)?;
                }
                Shape::Freehand { points } => {
                    let closed = points.iter().chain(points.first()).copied().map(coord);
                    backend.draw_path(closed, &style).map_err(&failed)?;
                }
                Shape::Text { .. } => {}
            }
            if let Shape::Text { text, .. } = shape {
                caption.push(text.clone());
            }
            if shape.is_region()
                && let Some(stats) = region_stats(image, frame, shape)
            {
                caption.push(format!("mean {:.0}{}", stats.mean, stats.unit.suffix()));
            }
            if let Some(note) = &annotation.note {
                caption.push(note.clone());
            }
            if font_ready && let Some(anchor) = caption_anchor(shape) {
                let (x, y) = coord(anchor);
                for (line, text) in caption.iter().enumerate() {
                    let offset = (line as f64 * text_size * 1.2) as i32;
                    backend
                        .draw_text(text, &text_style, (x, y + offset))
                        .map_err(&failed)?;
                }
            }
        }
        backend.present().map_err(mark_error("last"))?;
    }
    Ok(RenderedImage {
        width,
        height,
        pixels: rgb,
        channels: 3,
    })
}

/// What a shape is called in a message.
fn shape_name(shape: &Shape) -> &'static str {
    match shape {
        Shape::Arrow { .. } => "arrow",
        Shape::Length { .. } => "length",
        Shape::Rectangle { .. } => "rectangle",
        Shape::Ellipse { .. } => "ellipse",
        Shape::Freehand { .. } => "freehand",
        Shape::Text { .. } => "text",
    }
}

/// Writes display pixels as a PNG, atomically.
pub fn write_png(path: &Path, rendered: &RenderedImage) -> Result<(), ImageError> {
    use image::ImageEncoder;
    let color = if rendered.channels == 1 {
        image::ExtendedColorType::L8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(&rendered.pixels, rendered.width, rendered.height, color)
        .map_err(|error| ImageError::Raster {
            path: path.to_path_buf(),
            format: "PNG",
            reason: error.to_string(),
        })?;
    write_atomic(path, &bytes).map_err(|error| ImageError::Write {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })
}

fn font_registered() -> bool {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| register_font(FONT_NAME, FontStyle::Normal, DEJAVU_SANS).is_ok())
}

/// The two short strokes of an arrow head at `tip`.
fn arrow_wings(tail: PixelPoint, tip: PixelPoint, size: f64) -> [PixelPoint; 2] {
    let angle = (tail.y - tip.y).atan2(tail.x - tip.x);
    let spread = 0.45;
    [angle - spread, angle + spread]
        .map(|wing| PixelPoint::new(tip.x + size * wing.cos(), tip.y + size * wing.sin()))
}

/// Points around the ellipse inscribed in the box, closed.
pub fn ellipse_outline(corner_a: PixelPoint, corner_b: PixelPoint) -> Vec<PixelPoint> {
    let center_x = (corner_a.x + corner_b.x) / 2.0;
    let center_y = (corner_a.y + corner_b.y) / 2.0;
    let radius_x = (corner_a.x - corner_b.x).abs() / 2.0;
    let radius_y = (corner_a.y - corner_b.y).abs() / 2.0;
    (0..=64)
        .map(|step| {
            let angle = f64::from(step) / 64.0 * std::f64::consts::TAU;
            PixelPoint::new(
                center_x + radius_x * angle.cos(),
                center_y + radius_y * angle.sin(),
            )
        })
        .collect()
}

/// Where a shape's caption goes: beside its first point, a little below and to the right.
fn caption_anchor(shape: &Shape) -> Option<PixelPoint> {
    match shape {
        Shape::Text { at, .. } => Some(*at),
        Shape::Length { start, end } => Some(PixelPoint::new(
            (start.x + end.x) / 2.0 + 6.0,
            (start.y + end.y) / 2.0 + 6.0,
        )),
        Shape::Rectangle { corner_a, corner_b } | Shape::Ellipse { corner_a, corner_b } => Some(
            PixelPoint::new(corner_a.x.max(corner_b.x) + 6.0, corner_a.y.min(corner_b.y)),
        ),
        other => other.points().first().map(|point| point.offset(6.0, 6.0)),
    }
}
