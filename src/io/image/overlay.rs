//! Overlay planes (DICOM 60xx groups, PS3.3 C.9.2): one bit per pixel, over the image, for
//! graphics a modality or a reader added (outlines, markers, text). Kept apart from the pixel
//! values so the viewer can show or hide them and statistics never see them.

use super::DecodedImage;
use super::render::RenderedImage;

/// One overlay plane.
#[derive(Clone, Debug, PartialEq)]
pub struct Overlay {
    /// The group (0x6000, 0x6002, … 0x601E), as readers name overlays.
    pub group: u16,
    pub rows: u32,
    pub columns: u32,
    /// Image row and column of the overlay's first pixel, from 0 (the header counts from 1).
    pub origin: (i64, i64),
    /// The image frame the overlay's first frame lies on (0-based), and how many it covers.
    pub first_frame: u32,
    pub frames: u32,
    /// `G` (graphics) or `R` (region of interest).
    pub kind: String,
    /// Overlay Description or Label, when the header gives one.
    pub label: Option<String>,
    /// The bits, frame after frame, row by row, the first pixel in the lowest bit of a byte.
    pub bits: Vec<u8>,
}

impl Overlay {
    /// Whether the overlay marks image pixel (`row`, `column`) of image frame `frame`.
    pub fn is_set(&self, frame: u32, row: u32, column: u32) -> bool {
        let Some(overlay_frame) = frame.checked_sub(self.first_frame) else {
            return false;
        };
        if overlay_frame >= self.frames {
            return false;
        }
        let (Ok(row), Ok(column)) = (
            u32::try_from(i64::from(row) - self.origin.0),
            u32::try_from(i64::from(column) - self.origin.1),
        ) else {
            return false;
        };
        if row >= self.rows || column >= self.columns {
            return false;
        }
        let plane = u64::from(self.rows) * u64::from(self.columns);
        let bit = u64::from(overlay_frame) * plane
            + u64::from(row) * u64::from(self.columns)
            + u64::from(column);
        self.bits
            .get((bit / 8) as usize)
            .is_some_and(|byte| byte >> (bit % 8) & 1 == 1)
    }
}

/// Draws the overlays of `frame` into a rendered frame, white, as readers expect them.
pub fn draw_overlays(rendered: &mut RenderedImage, image: &DecodedImage, frame: u32) {
    let channels = usize::from(rendered.channels.max(1));
    for overlay in &image.overlays {
        for row in 0..rendered.height {
            for column in 0..rendered.width {
                if overlay.is_set(frame, row, column) {
                    let start =
                        (row as usize * rendered.width as usize + column as usize) * channels;
                    if let Some(pixel) = rendered.pixels.get_mut(start..start + channels) {
                        pixel.fill(255);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_are_placed_at_the_origin_and_only_on_their_frames() {
        let overlay = Overlay {
            group: 0x6000,
            rows: 2,
            columns: 4,
            origin: (1, 2),
            first_frame: 1,
            frames: 1,
            kind: "G".to_owned(),
            label: None,
            // Row 0: pixel 0 set; row 1: pixel 3 set.
            bits: vec![0b1000_0001],
        };
        assert!(overlay.is_set(1, 1, 2));
        assert!(overlay.is_set(1, 2, 5));
        assert!(!overlay.is_set(1, 1, 3));
        assert!(!overlay.is_set(0, 1, 2), "not on frame 0");
        assert!(!overlay.is_set(1, 0, 0), "outside the overlay");
    }
}
