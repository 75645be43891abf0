//! Marks drawn on an image, in image pixel coordinates so they stay on the anatomy at any
//! zoom and reload exactly.

use serde::{Deserialize, Serialize};

/// A point in image pixel coordinates: x to the right, y down, pixel (0, 0) covering
/// 0 ≤ x < 1, 0 ≤ y < 1 of the full-resolution image.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PixelPoint {
    pub x: f64,
    pub y: f64,
}

impl PixelPoint {
    pub fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    pub fn offset(self, dx: f64, dy: f64) -> Self {
        Self::new(self.x + dx, self.y + dy)
    }

    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

/// A shape drawn on an image.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Shape {
    /// Points at `tip`.
    Arrow {
        tail: PixelPoint,
        tip: PixelPoint,
    },
    /// A region bounded by the ellipse inscribed in the box from `corner_a` to `corner_b`.
    Ellipse {
        corner_a: PixelPoint,
        corner_b: PixelPoint,
    },
    /// A rectangular region between two opposite corners.
    Rectangle {
        corner_a: PixelPoint,
        corner_b: PixelPoint,
    },
    /// A closed outline traced by hand.
    Freehand {
        points: Vec<PixelPoint>,
    },
    Text {
        at: PixelPoint,
        text: String,
    },
    /// A measured distance.
    Length {
        start: PixelPoint,
        end: PixelPoint,
    },
}

impl Shape {
    pub fn kind_label(&self) -> &'static str {
        match self {
            Self::Arrow { .. } => "Arrow",
            Self::Ellipse { .. } => "Ellipse",
            Self::Rectangle { .. } => "Rectangle",
            Self::Freehand { .. } => "Outline",
            Self::Text { .. } => "Text",
            Self::Length { .. } => "Length",
        }
    }

    /// Every point that defines the shape.
    pub fn points(&self) -> Vec<PixelPoint> {
        match self {
            Self::Arrow { tail, tip } => vec![*tail, *tip],
            Self::Ellipse { corner_a, corner_b } | Self::Rectangle { corner_a, corner_b } => {
                vec![*corner_a, *corner_b]
            }
            Self::Freehand { points } => points.clone(),
            Self::Text { at, .. } => vec![*at],
            Self::Length { start, end } => vec![*start, *end],
        }
    }

    /// The same shape moved by (dx, dy) pixels.
    pub fn translated(&self, dx: f64, dy: f64) -> Self {
        let mut moved = self.clone();
        match &mut moved {
            Self::Arrow { tail: a, tip: b }
            | Self::Ellipse {
                corner_a: a,
                corner_b: b,
            }
            | Self::Rectangle {
                corner_a: a,
                corner_b: b,
            }
            | Self::Length { start: a, end: b } => {
                *a = a.offset(dx, dy);
                *b = b.offset(dx, dy);
            }
            Self::Freehand { points } => {
                for point in points {
                    *point = point.offset(dx, dy);
                }
            }
            Self::Text { at, .. } => *at = at.offset(dx, dy),
        }
        moved
    }

    /// Whether the shape encloses a region whose pixels can be measured.
    pub fn is_region(&self) -> bool {
        matches!(
            self,
            Self::Ellipse { .. } | Self::Rectangle { .. } | Self::Freehand { .. }
        )
    }
}

/// One mark on an image.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub shape: Shape,
    /// The frame of a multi-frame image it is drawn on (0 = first).
    #[serde(default, skip_serializing_if = "is_first_frame")]
    pub frame: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Annotation {
    pub fn new(shape: Shape) -> Self {
        Self {
            shape,
            frame: 0,
            note: None,
        }
    }
}

fn is_first_frame(frame: &u32) -> bool {
    *frame == 0
}
