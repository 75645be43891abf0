//! The image canvas: zoom about the pointer with the wheel, pan with the middle button (or
//! the left one in the select tool), window/level by dragging with the right button, fit and
//! 1:1, frames; and the line of header facts under it.

use egui::{Color32, Pos2, Rect, Sense, Vec2, pos2, vec2};

use crate::io::image::{DecodedImage, FramePixels, HeaderFacts, SpacingSource, Voi, Window};
use crate::model::PixelPoint;

/// Zoom and pan of one view. `fit` recomputes both from the view's size every frame until
/// the user zooms or pans.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewTransform {
    pub fit: bool,
    /// Screen points per image pixel.
    pub zoom: f32,
    /// Where image pixel (0, 0) is, relative to the view's top-left corner.
    pub offset: Vec2,
}

impl Default for ViewTransform {
    fn default() -> Self {
        Self {
            fit: true,
            zoom: 1.0,
            offset: Vec2::ZERO,
        }
    }
}

/// Everything one view of one image remembers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewerState {
    pub transform: ViewTransform,
    /// `None`: the image's default window (the header's).
    pub window: Option<Window>,
    /// The header's VOI LUT chosen instead of a window (when `window` is `None`).
    pub lut: Option<usize>,
    /// Overlay planes (60xx) are shown unless the reader hides them.
    pub hide_overlays: bool,
    pub frame: u32,
    /// Asks the next frame to show pixels 1:1 around the current centre.
    pub one_to_one: bool,
}

impl ViewerState {
    /// What maps values to display levels now: a window set by hand or picked, a VOI LUT
    /// picked, else the image's default.
    pub fn voi(&self, image: &DecodedImage) -> Voi {
        match (self.window, self.lut) {
            (Some(window), _) => Voi::Window(window),
            (None, Some(lut)) => Voi::Lut(lut),
            (None, None) => image.default_voi,
        }
    }
}

/// Image ↔ screen coordinates of a drawn view.
#[derive(Clone, Copy, Debug)]
pub struct Mapping {
    pub rect: Rect,
    /// Screen points per image pixel, across and down (they differ where pixels are not
    /// square, as in a CT slice drawn with its physical aspect).
    pub scale: Vec2,
    pub offset: Vec2,
}

impl Mapping {
    pub fn to_screen(self, point: PixelPoint) -> Pos2 {
        self.rect.min
            + self.offset
            + vec2(point.x as f32 * self.scale.x, point.y as f32 * self.scale.y)
    }

    pub fn to_image(self, position: Pos2) -> PixelPoint {
        let local = (position - self.rect.min - self.offset) / self.scale;
        PixelPoint::new(f64::from(local.x), f64::from(local.y))
    }
}

/// What a drawn canvas hands to the annotation layer.
pub struct Canvas {
    pub response: egui::Response,
    pub mapping: Mapping,
}

/// Draws `texture` for `image` into `size`, applying the view's zoom, pan and (right-drag)
/// window. The left button is left to the caller (annotation tools); `pan_with_primary`
/// lets the select tool pan on empty image.
pub fn canvas_ui(
    ui: &mut egui::Ui,
    accessible_label: &str,
    size: Vec2,
    image: &DecodedImage,
    texture: Option<&egui::TextureHandle>,
    viewer: &mut ViewerState,
) -> Canvas {
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, accessible_label));
    let response = response.on_hover_cursor(egui::CursorIcon::Crosshair);
    let image_size = vec2(image.width() as f32, image.height() as f32);
    let pixels_per_point = ui.ctx().pixels_per_point();
    let transform = &mut viewer.transform;
    if transform.fit {
        let zoom = (rect.width() / image_size.x)
            .min(rect.height() / image_size.y)
            .max(1e-3);
        transform.zoom = zoom;
        transform.offset = (rect.size() - image_size * zoom) / 2.0;
    }
    if viewer.one_to_one {
        viewer.one_to_one = false;
        zoom_about(transform, rect, rect.center(), 1.0 / pixels_per_point);
    }
    if response.hovered() {
        let (scroll, pinch) = ui.input(|input| (input.smooth_scroll_delta.y, input.zoom_delta()));
        let factor = (scroll * 0.002).exp() * pinch;
        if (factor - 1.0).abs() > 1e-4
            && let Some(pointer) = response.hover_pos()
        {
            let zoom = (transform.zoom * factor).clamp(0.01, 64.0);
            zoom_about(transform, rect, pointer, zoom);
        }
    }
    if response.dragged_by(egui::PointerButton::Middle) {
        transform.fit = false;
        transform.offset += response.drag_delta();
    }
    if response.dragged_by(egui::PointerButton::Secondary) {
        let delta = response.drag_delta();
        viewer.lut = None;
        let window = viewer.window.get_or_insert(image.default_window);
        // Right: wider (less contrast); down: higher level (darker), as in most viewers.
        window.width = (window.width * f64::from((delta.x * 0.005).exp())).max(1.0);
        window.center += f64::from(delta.y) * window.width * 0.0025;
    }
    let mapping = Mapping {
        rect,
        scale: Vec2::splat(viewer.transform.zoom),
        offset: viewer.transform.offset,
    };
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::BLACK);
    if let Some(texture) = texture {
        let image_rect = Rect::from_min_max(
            mapping.to_screen(PixelPoint::new(0.0, 0.0)),
            mapping.to_screen(PixelPoint::new(
                f64::from(image.width()),
                f64::from(image.height()),
            )),
        );
        painter.image(
            texture.id(),
            image_rect,
            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            Color32::WHITE,
        );
    }
    Canvas { response, mapping }
}

/// Pans by a screen delta (the select tool's left drag on empty image).
pub fn pan(viewer: &mut ViewerState, delta: Vec2) {
    viewer.transform.fit = false;
    viewer.transform.offset += delta;
}

fn zoom_about(transform: &mut ViewTransform, rect: Rect, anchor: Pos2, zoom: f32) {
    let anchor_local = anchor - rect.min;
    let image_point = (anchor_local - transform.offset) / transform.zoom;
    transform.fit = false;
    transform.zoom = zoom;
    transform.offset = anchor_local - image_point * zoom;
}

/// The value under the pointer: `x 120, y 88: -712 HU`.
pub fn pixel_readout(image: &DecodedImage, frame: u32, point: PixelPoint) -> Option<String> {
    if point.x < 0.0 || point.y < 0.0 {
        return None;
    }
    let (column, row) = (point.x as u32, point.y as u32);
    if column >= image.width() || row >= image.height() {
        return None;
    }
    let index = row as usize * image.width() as usize + column as usize;
    let pixels = image.frame(frame)?;
    let value = match pixels {
        FramePixels::Gray(values) => {
            format!("{:.0}{}", values.get(index)?, image.facts.unit.suffix())
        }
        FramePixels::Rgb(bytes) => {
            let pixel = bytes.get(index * 3..index * 3 + 3)?;
            format!("RGB {} {} {}", pixel[0], pixel[1], pixel[2])
        }
    };
    Some(format!("x {column}, y {row}: {value}"))
}

/// One line of header facts: modality, study date, size, frames, spacing, encoding.
/// Nothing that identifies the patient is ever read, so nothing of it can show here.
pub fn describe_facts(facts: &HeaderFacts) -> String {
    let mut parts = vec![facts.format.label().to_owned()];
    if let Some(modality) = &facts.modality {
        parts.push(modality.clone());
    }
    if let Some(date) = facts.study_date {
        parts.push(format!("study date {}", date.format("%-d %b %Y")));
    }
    parts.push(format!("{}×{} px", facts.width, facts.height));
    if facts.frames > 1 {
        parts.push(format!("{} frames", facts.frames));
    }
    match facts.pixel_spacing {
        Some(spacing) => parts.push(format!(
            "pixel {:.3}×{:.3} mm{}",
            spacing.row_mm,
            spacing.column_mm,
            match spacing.source {
                SpacingSource::PixelSpacing => "",
                SpacingSource::ImagerPixelSpacing => " at the detector",
            }
        )),
        None => parts.push("no pixel spacing: lengths in pixels".to_owned()),
    }
    parts.push(format!("{} · {} bit", facts.photometric, facts.bits_stored));
    if let Some(syntax) = &facts.transfer_syntax {
        parts.push(syntax.clone());
    }
    if let Some((slope, intercept)) = facts.rescale
        && (slope != 1.0 || intercept != 0.0)
    {
        parts.push(format!("rescale ×{slope} {intercept:+}"));
    }
    parts.join(" · ")
}
