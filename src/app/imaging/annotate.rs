//! Annotation tools on the canvas: drawing arrows, ellipses, rectangles, outlines, text
//! labels and lengths with the left button; selecting and moving them with the select tool;
//! painting them over the image. Everything is in image pixel coordinates; this module only
//! reports what the user did, and the view applies it as an undoable edit.

use egui::{Align2, Color32, FontId, Pos2, Stroke, Vec2};

use super::viewer::Mapping;
use crate::io::image::{PixelSpacing, ellipse_outline, length_mm};
use crate::model::{Annotation, PixelPoint, Shape};

use crate::app::theme::{ANNOTATION_COLOR as MARK, SELECTED_ANNOTATION_COLOR as SELECTED};
/// How close (in screen points) the pointer must be to pick a mark.
const PICK_DISTANCE: f32 = 8.0;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// Select and move marks; drag on empty image pans.
    #[default]
    Select,
    Arrow,
    Ellipse,
    Rectangle,
    Freehand,
    Text,
    Length,
}

impl Tool {
    pub const ALL: [Self; 7] = [
        Self::Select,
        Self::Arrow,
        Self::Ellipse,
        Self::Rectangle,
        Self::Freehand,
        Self::Text,
        Self::Length,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Select => "Select",
            Self::Arrow => "Arrow",
            Self::Ellipse => "Ellipse",
            Self::Rectangle => "Rectangle",
            Self::Freehand => "Outline",
            Self::Text => "Text",
            Self::Length => "Length",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            Self::Select => {
                "Click a mark to select it, drag it to move it, Delete to remove it; drag the image to pan"
            }
            Self::Arrow => "Drag from the tail to the point of interest",
            Self::Ellipse => "Drag a box; the region inside the ellipse is measured",
            Self::Rectangle => "Drag a box; the region inside is measured",
            Self::Freehand => "Hold the button and trace the outline",
            Self::Text => "Click where the label goes, then type it",
            Self::Length => "Drag from one end to the other",
        }
    }
}

/// A drag in progress.
#[derive(Clone, Debug, PartialEq)]
pub enum Gesture {
    Drawing {
        tool: Tool,
        points: Vec<PixelPoint>,
    },
    Moving {
        index: usize,
        start: PixelPoint,
        current: PixelPoint,
    },
    Panning,
}

/// What the user did with the left button this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Add(Shape),
    Move {
        index: usize,
        dx: f64,
        dy: f64,
    },
    Select(Option<usize>),
    /// The text tool was clicked here: ask for the text.
    PlaceText(PixelPoint),
    Pan(Vec2),
}

/// Turns left-button input on the canvas into an [`Action`], keeping the gesture between
/// frames. `annotations` are those of the shown frame, with their indices in the image.
pub fn interact(
    response: &egui::Response,
    mapping: &Mapping,
    tool: Tool,
    annotations: &[(usize, &Annotation)],
    gesture: &mut Option<Gesture>,
) -> Option<Action> {
    let primary = egui::PointerButton::Primary;
    let pointer = response.interact_pointer_pos().or(response.hover_pos());
    if response.drag_started_by(primary)
        && let Some(position) = response.interact_pointer_pos()
    {
        let point = mapping.to_image(position);
        *gesture = Some(match tool {
            Tool::Select => match pick(mapping, annotations, position) {
                Some(index) => Gesture::Moving {
                    index,
                    start: point,
                    current: point,
                },
                None => Gesture::Panning,
            },
            Tool::Text => return None,
            drawing => Gesture::Drawing {
                tool: drawing,
                points: vec![point, point],
            },
        });
        if let Some(Gesture::Moving { index, .. }) = gesture {
            return Some(Action::Select(Some(*index)));
        }
    }
    if response.dragged_by(primary)
        && let Some(position) = pointer
    {
        let point = mapping.to_image(position);
        match gesture {
            Some(Gesture::Drawing { tool, points }) => {
                if *tool == Tool::Freehand {
                    let far_enough = points
                        .last()
                        .is_none_or(|last| (mapping.to_screen(*last) - position).length() >= 3.0);
                    if far_enough {
                        points.push(point);
                    }
                } else if let Some(last) = points.last_mut() {
                    *last = point;
                }
            }
            Some(Gesture::Moving { current, .. }) => *current = point,
            Some(Gesture::Panning) => return Some(Action::Pan(response.drag_delta())),
            None => {}
        }
    }
    if response.drag_stopped_by(primary) {
        return match gesture.take() {
            Some(Gesture::Drawing { tool, points }) => finished_shape(tool, &points, mapping),
            Some(Gesture::Moving {
                index,
                start,
                current,
            }) => {
                let (dx, dy) = (current.x - start.x, current.y - start.y);
                (dx != 0.0 || dy != 0.0).then_some(Action::Move { index, dx, dy })
            }
            _ => None,
        };
    }
    if response.clicked_by(primary)
        && let Some(position) = response.interact_pointer_pos()
    {
        return match tool {
            Tool::Text => Some(Action::PlaceText(mapping.to_image(position))),
            _ => Some(Action::Select(pick(mapping, annotations, position))),
        };
    }
    None
}

/// The shape a finished drag makes, unless it is too small to be meant (a slip).
fn finished_shape(tool: Tool, points: &[PixelPoint], mapping: &Mapping) -> Option<Action> {
    let (first, last) = (*points.first()?, *points.last()?);
    let screen_extent = (mapping.to_screen(last) - mapping.to_screen(first)).length();
    let shape = match tool {
        Tool::Freehand => {
            if points.len() < 3 {
                return None;
            }
            Shape::Freehand {
                points: points.to_vec(),
            }
        }
        _ if screen_extent < 4.0 => return None,
        Tool::Arrow => Shape::Arrow {
            tail: first,
            tip: last,
        },
        Tool::Length => Shape::Length {
            start: first,
            end: last,
        },
        Tool::Ellipse => Shape::Ellipse {
            corner_a: first,
            corner_b: last,
        },
        Tool::Rectangle => Shape::Rectangle {
            corner_a: first,
            corner_b: last,
        },
        Tool::Select | Tool::Text => return None,
    };
    Some(Action::Add(shape))
}

/// The mark nearest the pointer within [`PICK_DISTANCE`], topmost first on ties.
pub fn pick(
    mapping: &Mapping,
    annotations: &[(usize, &Annotation)],
    position: Pos2,
) -> Option<usize> {
    annotations
        .iter()
        .rev()
        .map(|(index, annotation)| (*index, distance(mapping, &annotation.shape, position)))
        .filter(|(_, distance)| *distance <= PICK_DISTANCE)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(index, _)| index)
}

/// Screen distance from the pointer to a mark's outline (0 inside a region or text).
fn distance(mapping: &Mapping, shape: &Shape, position: Pos2) -> f32 {
    let outline: Vec<Pos2> = match shape {
        Shape::Text { at, text } => {
            let anchor = mapping.to_screen(*at);
            let size = Vec2::new(8.0 * text.chars().count() as f32, 16.0);
            let rect = egui::Rect::from_min_size(anchor, size);
            return rect.distance_to_pos(position);
        }
        Shape::Rectangle { corner_a, corner_b } => {
            let rect = egui::Rect::from_two_pos(
                mapping.to_screen(*corner_a),
                mapping.to_screen(*corner_b),
            );
            return rect.distance_to_pos(position);
        }
        Shape::Ellipse { corner_a, corner_b } => {
            let rect = egui::Rect::from_two_pos(
                mapping.to_screen(*corner_a),
                mapping.to_screen(*corner_b),
            );
            let radius = rect.size() / 2.0;
            if radius.x > 0.0 && radius.y > 0.0 {
                let local = (position - rect.center()) / radius;
                if local.length() <= 1.0 {
                    return 0.0;
                }
            }
            ellipse_outline(*corner_a, *corner_b)
                .into_iter()
                .map(|point| mapping.to_screen(point))
                .collect()
        }
        Shape::Freehand { points } => {
            let mut closed: Vec<Pos2> = points
                .iter()
                .map(|point| mapping.to_screen(*point))
                .collect();
            if let Some(first) = closed.first().copied() {
                closed.push(first);
            }
            closed
        }
        other => other
            .points()
            .into_iter()
            .map(|point| mapping.to_screen(point))
            .collect(),
    };
    outline
        .windows(2)
        .map(|segment| segment_distance(segment[0], segment[1], position))
        .fold(f32::INFINITY, f32::min)
}

fn segment_distance(start: Pos2, end: Pos2, position: Pos2) -> f32 {
    let along = end - start;
    let length_squared = along.length_sq();
    if length_squared == 0.0 {
        return (position - start).length();
    }
    let t = ((position - start).dot(along) / length_squared).clamp(0.0, 1.0);
    (position - (start + along * t)).length()
}

/// Paints the marks of the shown frame; the selected one in another colour, the one being
/// moved at its new place, the one being drawn as it grows.
pub fn paint(
    painter: &egui::Painter,
    mapping: &Mapping,
    spacing: Option<PixelSpacing>,
    annotations: &[(usize, &Annotation)],
    selected: Option<usize>,
    gesture: Option<&Gesture>,
) {
    for (index, annotation) in annotations {
        let moved = match gesture {
            Some(Gesture::Moving {
                index: moving,
                start,
                current,
            }) if moving == index => annotation
                .shape
                .translated(current.x - start.x, current.y - start.y),
            _ => annotation.shape.clone(),
        };
        let color = if selected == Some(*index) {
            SELECTED
        } else {
            MARK
        };
        paint_shape(painter, mapping, spacing, &moved, color);
    }
    if let Some(Gesture::Drawing { tool, points }) = gesture {
        let preview = match finished_shape(*tool, points, mapping) {
            Some(Action::Add(shape)) => Some(shape),
            _ if *tool == Tool::Freehand && points.len() >= 2 => Some(Shape::Freehand {
                points: points.clone(),
            }),
            _ => None,
        };
        if let Some(shape) = preview {
            paint_shape(painter, mapping, spacing, &shape, SELECTED);
        }
    }
}

fn paint_shape(
    painter: &egui::Painter,
    mapping: &Mapping,
    spacing: Option<PixelSpacing>,
    shape: &Shape,
    color: Color32,
) {
    let stroke = Stroke::new(2.0, color);
    let screen = |point: PixelPoint| mapping.to_screen(point);
    let font = FontId::proportional(14.0);
    match shape {
        Shape::Arrow { tail, tip } => {
            let (from, to) = (screen(*tail), screen(*tip));
            let head = (to - from).normalized() * 14.0;
            painter.line_segment([from, to], stroke);
            for angle in [0.45f32, -0.45] {
                let wing = egui::emath::Rot2::from_angle(angle) * head;
                painter.line_segment([to, to - wing], stroke);
            }
        }
        Shape::Length { start, end } => {
            let (from, to) = (screen(*start), screen(*end));
            painter.line_segment([from, to], stroke);
            let tick = (to - from).normalized().rot90() * 5.0;
            painter.line_segment([from - tick, from + tick], stroke);
            painter.line_segment([to - tick, to + tick], stroke);
            let label = length_label(spacing, *start, *end);
            painter.text(
                from + (to - from) / 2.0 + Vec2::new(6.0, 6.0),
                Align2::LEFT_TOP,
                label,
                font,
                color,
            );
        }
        Shape::Rectangle { corner_a, corner_b } => {
            let rect = egui::Rect::from_two_pos(screen(*corner_a), screen(*corner_b));
            painter.rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Middle);
        }
        Shape::Ellipse { corner_a, corner_b } => {
            let rect = egui::Rect::from_two_pos(screen(*corner_a), screen(*corner_b));
            painter.add(egui::Shape::ellipse_stroke(
                rect.center(),
                rect.size() / 2.0,
                stroke,
            ));
        }
        Shape::Freehand { points } => {
            let outline: Vec<Pos2> = points.iter().map(|point| screen(*point)).collect();
            painter.add(egui::Shape::closed_line(outline, stroke));
        }
        Shape::Text { at, text } => {
            painter.text(screen(*at), Align2::LEFT_TOP, text, font, color);
        }
    }
}

/// `42.5 mm`, or in pixels when the header gives no spacing.
pub fn length_label(spacing: Option<PixelSpacing>, start: PixelPoint, end: PixelPoint) -> String {
    match length_mm(start, end, spacing) {
        Some(length) => format!("{length:.1} mm"),
        None => format!("{:.1} px", (end.x - start.x).hypot(end.y - start.y)),
    }
}
