//! One plane of the stack: its image drawn with the physical aspect of its pixels, zoom and
//! pan that survive slice changes, slice scrolling (wheel, left drag), window/level
//! (right drag), the linked crosshair (click) and the HU under the pointer.

use egui::{Color32, Pos2, Rect, Sense, Stroke, TextureHandle, TextureOptions, Vec2, pos2, vec2};

use super::StackViewerState;
use super::marks::{marks_of, slice_spacing};
use crate::app::imaging::viewer::Mapping;
use crate::io::image::Window;
use crate::io::image::series::{Plane, PlaneImage, WindowLut};

/// Points of vertical left drag per slice.
const DRAG_POINTS_PER_SLICE: f32 = 4.0;

/// Scroll points of one wheel notch (egui's line height × 2 on most platforms).
const POINTS_PER_NOTCH: f32 = 40.0;

/// Zoom and pan of one plane, and its texture. `fit` follows the pane's size until the user
/// zooms or pans.
#[derive(Default)]
pub struct PaneView {
    pub fit: bool,
    /// Screen points per millimetre.
    pub zoom: f32,
    /// Where the image's top-left corner is, relative to the pane's.
    pub offset: Vec2,
    drag_rest: f32,
    scroll_rest: f32,
    texture: Option<(usize, Window, TextureHandle)>,
    lut: Option<WindowLut>,
}

impl PaneView {
    fn fitted() -> Self {
        Self {
            fit: true,
            zoom: 1.0,
            ..Self::default()
        }
    }

    fn lut(&mut self, window: Window) -> &WindowLut {
        if self.lut.as_ref().is_none_or(|lut| lut.window != window) {
            self.lut = Some(WindowLut::new(window));
        }
        self.lut.get_or_insert_with(|| WindowLut::new(window))
    }
}

fn plane_slot(plane: Plane) -> usize {
    match plane {
        Plane::Axial => 0,
        Plane::Coronal => 1,
        Plane::Sagittal => 2,
    }
}

/// Draws `plane` in `size`; on the axial plane, with the marks of the shown slice (`kept`
/// holds them) and the drawing tools.
pub fn pane_ui(
    ui: &mut egui::Ui,
    state: &mut StackViewerState,
    kept: Option<&crate::model::SeriesRef>,
    plane: Plane,
    size: Vec2,
) {
    let Some(volume) = state.volume.clone() else {
        return;
    };
    let (index, cross_x, cross_y) = volume.pixel_of(plane, state.cursor);
    let Some(image) = volume.plane_image(plane, index) else {
        return;
    };
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    let count = volume.plane_count(plane);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Image,
            true,
            format!("{} image {} of {count}", plane.label(), index + 1),
        )
    });
    let window = state.window;
    let pane = &mut state.panes[plane_slot(plane)];
    if pane.zoom == 0.0 {
        *pane = PaneView::fitted();
    }
    let texture = texture_for(ui, pane, plane, index, &image, window);
    let physical = vec2(
        (image.width as f64 * image.pixel_width_mm) as f32,
        (image.height as f64 * image.pixel_height_mm) as f32,
    );
    if pane.fit {
        pane.zoom = (rect.width() / physical.x)
            .min(rect.height() / physical.y)
            .max(1e-3);
        pane.offset = (rect.size() - physical * pane.zoom) / 2.0;
    }
    let pixel_size = vec2(
        image.pixel_width_mm as f32 * pane.zoom,
        image.pixel_height_mm as f32 * pane.zoom,
    );
    let mapping = Mapping {
        rect,
        scale: pixel_size,
        offset: pane.offset,
    };
    // Marks belong to axial slices (a key slice is one), and need the study to keep them in.
    let drawable = (plane == Plane::Axial && state.milestone.is_some())
        .then(|| state.shown_slice())
        .flatten();
    let marks = drawable
        .as_ref()
        .map(|slice| marks_of(kept, &slice.sop_instance_uid))
        .unwrap_or_default();
    let marks_took_pointer = drawable
        .as_ref()
        .is_some_and(|slice| state.marks.pointer(&response, &mapping, &marks, slice));
    let pane = &mut state.panes[plane_slot(plane)];
    let (step, hover) = pointer_input(ui, &response, pane, &mut state.window, marks_took_pointer);
    let (zoom, offset) = (pane.zoom, pane.offset);
    let pixel_size = vec2(
        image.pixel_width_mm as f32 * zoom,
        image.pixel_height_mm as f32 * zoom,
    );
    // Pixel (column, row) of the image under a screen position.
    let to_pixel = |position: Pos2| {
        let local = position - rect.min - offset;
        let (x, y) = (local.x / pixel_size.x, local.y / pixel_size.y);
        (x >= 0.0 && y >= 0.0 && (x as usize) < image.width && (y as usize) < image.height)
            .then_some((x as usize, y as usize))
    };
    if let Some((x, y)) = hover.and_then(to_pixel) {
        state.readout = readout(&volume, plane, index, x, y);
    }
    let image_rect = Rect::from_min_size(rect.min + offset, physical * zoom);
    let cross = pos2(
        image_rect.min.x + (cross_x as f32 + 0.5) * pixel_size.x,
        image_rect.min.y + (cross_y as f32 + 0.5) * pixel_size.y,
    );
    let clicked_pixel = (response.clicked() && !marks_took_pointer)
        .then(|| response.interact_pointer_pos().and_then(to_pixel))
        .flatten();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::BLACK);
    painter.image(
        texture.id(),
        image_rect,
        Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
        Color32::WHITE,
    );
    if matches!(state.layout, super::Layout::ThreePlanes) {
        let stroke = Stroke::new(1.0, crate::app::theme::ANNOTATION_COLOR.gamma_multiply(0.7));
        painter.line_segment(
            [pos2(cross.x, rect.top()), pos2(cross.x, rect.bottom())],
            stroke,
        );
        painter.line_segment(
            [pos2(rect.left(), cross.y), pos2(rect.right(), cross.y)],
            stroke,
        );
    }
    if let Some(slice) = &drawable {
        let mapping = Mapping {
            rect,
            scale: pixel_size,
            offset,
        };
        let spacing = slice_spacing(&volume);
        state
            .marks
            .paint(&painter, &mapping, spacing, &marks, slice);
    }
    painter.text(
        rect.left_top() + vec2(6.0, 4.0),
        egui::Align2::LEFT_TOP,
        format!("{} {}/{count}", plane.label(), index + 1),
        egui::FontId::proportional(12.0),
        Color32::from_gray(220),
    );
    if let Some((x, y)) = clicked_pixel
        && let Some(voxel) = volume.voxel_at(plane, index, x, y)
    {
        state.cursor = voxel;
    }
    if step != 0 {
        state.step(plane, step);
    }
}

/// What the pointer does on a pane: Ctrl+wheel zooms about the pointer, the wheel and a
/// primary drag step through the slices (unless the marks took the pointer), a middle drag
/// pans, a secondary drag sets the window. Returns the slices to step and the hover position.
fn pointer_input(
    ui: &egui::Ui,
    response: &egui::Response,
    pane: &mut PaneView,
    window: &mut Window,
    marks_took_pointer: bool,
) -> (i64, Option<Pos2>) {
    let rect = response.rect;
    let mut step = 0i64;
    let mut hover = None;
    if response.hovered() {
        // egui hands Ctrl+wheel (and a pinch) over as a zoom factor, never as scroll.
        let (scroll, factor) = ui.input(|input| (input.smooth_scroll_delta.y, input.zoom_delta()));
        if (factor - 1.0).abs() > 1e-4 {
            if let Some(pointer) = response.hover_pos() {
                let anchor = pointer - rect.min;
                let at = (anchor - pane.offset) / pane.zoom;
                pane.fit = false;
                pane.zoom = (pane.zoom * factor).clamp(0.05, 200.0);
                pane.offset = anchor - at * pane.zoom;
            }
        } else if scroll != 0.0 {
            // Smooth scrolling spreads a wheel notch over frames: one slice per notch.
            pane.scroll_rest += scroll;
            let notches = (pane.scroll_rest / POINTS_PER_NOTCH).trunc();
            pane.scroll_rest -= notches * POINTS_PER_NOTCH;
            step -= notches as i64;
        }
        hover = response.hover_pos();
    }
    if response.dragged_by(egui::PointerButton::Primary) && !marks_took_pointer {
        pane.drag_rest += response.drag_delta().y;
        let slices = (pane.drag_rest / DRAG_POINTS_PER_SLICE).trunc();
        pane.drag_rest -= slices * DRAG_POINTS_PER_SLICE;
        step += slices as i64;
    }
    if response.dragged_by(egui::PointerButton::Middle) {
        pane.fit = false;
        pane.offset += response.drag_delta();
    }
    if response.dragged_by(egui::PointerButton::Secondary) {
        let delta = response.drag_delta();
        // Right: wider (less contrast); down: higher level (darker), as in most viewers.
        window.width = (window.width * f64::from((delta.x * 0.005).exp())).max(1.0);
        window.center += f64::from(delta.y) * window.width * 0.0025;
    }
    (step, hover)
}

/// The texture of image `index` of `plane` under `window`, re-rendered only when either
/// changed.
fn texture_for(
    ui: &egui::Ui,
    pane: &mut PaneView,
    plane: Plane,
    index: usize,
    image: &PlaneImage,
    window: Window,
) -> TextureHandle {
    if let Some((shown, shown_window, texture)) = &pane.texture
        && *shown == index
        && *shown_window == window
    {
        return texture.clone();
    }
    let mut rgba = Vec::new();
    pane.lut(window).to_rgba_into(&image.values, &mut rgba);
    let color = egui::ColorImage::from_rgba_unmultiplied([image.width, image.height], &rgba);
    let texture = match pane.texture.take() {
        Some((_, _, mut texture)) => {
            texture.set(color, TextureOptions::LINEAR);
            texture
        }
        None => ui.ctx().load_texture(
            format!("stack-{}", plane.label()),
            color,
            TextureOptions::LINEAR,
        ),
    };
    pane.texture = Some((index, window, texture.clone()));
    texture
}

/// `column 120, row 88, slice 40 (−212.5 mm): −712 HU`.
fn readout(
    volume: &crate::io::image::series::Volume,
    plane: Plane,
    index: usize,
    x: usize,
    y: usize,
) -> Option<String> {
    let (column, row, slice) = volume.voxel_at(plane, index, x, y)?;
    let position = volume.slices.get(slice)?.position_mm;
    let value = match volume.value(column, row, slice) {
        Some(value) if volume.hounsfield => format!("{value} HU"),
        Some(value) => value.to_string(),
        None => "no data (slice not decoded)".to_owned(),
    };
    Some(format!(
        "column {column}, row {row}, slice {} ({position:.1} mm): {value}",
        slice + 1
    ))
}

/// The first decoded slice while the rest loads, fitted to the space left.
pub fn preview_ui(ui: &mut egui::Ui, state: &mut StackViewerState) {
    let Some((_, values)) = &state.preview else {
        return;
    };
    let Some(stack) = state
        .scan
        .as_ref()
        .zip(state.chosen)
        .and_then(|(scan, index)| scan.series.get(index))
    else {
        return;
    };
    let (width, height) = (stack.columns as usize, stack.rows as usize);
    if values.len() != width * height {
        return;
    }
    let image = PlaneImage {
        width,
        height,
        values: values.clone(),
        pixel_width_mm: 1.0,
        pixel_height_mm: 1.0,
    };
    let window = state.window;
    let pane = &mut state.panes[plane_slot(Plane::Axial)];
    let texture = texture_for(ui, pane, Plane::Axial, usize::MAX, &image, window);
    let side = ui.available_size().min_elem().max(64.0);
    ui.add(egui::Image::from_texture(&texture).fit_to_exact_size(vec2(side, side)));
}
