//! What the viewer does with a decoded image: render every frame (at most a few) with its
//! default window and measure a region and a length on it.

use std::path::Path;

use caselens::io::image::{length_mm, load_image, region_stats, render_frame};
use caselens::model::{PixelPoint, Shape};

pub fn load_and_use(path: &Path) {
    let Ok(image) = load_image(path) else {
        return;
    };
    let width = f64::from(image.width());
    let height = f64::from(image.height());
    let region = Shape::Ellipse {
        corner_a: PixelPoint::new(-1.0, 0.5),
        corner_b: PixelPoint::new(width + 1.0, height * 0.75),
    };
    for frame in 0..image.facts.frames.min(3) {
        if let Some(rendered) = render_frame(&image, frame, image.default_window) {
            let _ = rendered.to_rgba();
        }
        let _ = region_stats(&image, frame, &region);
    }
    let _ = length_mm(
        PixelPoint::new(0.0, 0.0),
        PixelPoint::new(width, height),
        image.facts.pixel_spacing,
    );
}
