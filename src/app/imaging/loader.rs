//! Decoding off the UI thread, and the textures of decoded images.
//!
//! Each image is decoded once on its own thread (`std::thread` + channel); the thread also
//! renders the first frame with the default window, so the first picture needs no work on
//! the UI thread, and hands a multi-frame image over with its first frame as soon as that is
//! decoded, then again complete. The UI polls the channel every frame and never waits.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{ColorImage, TextureHandle, TextureOptions};

use crate::io::image::{
    DecodedImage, ImageError, RenderedImage, Voi, draw_overlays, load_image_progressively,
    render_frame,
};

/// Where one image file is.
pub enum ImageEntry {
    Decoding,
    Ready(Arc<DecodedImage>),
    /// Why it cannot be shown; its message names the file and what to do.
    Failed(DecodeError),
}

/// Why an image was not decoded.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error(transparent)]
    Image(#[from] ImageError),
    #[error(
        "{}: could not start decoding ({source}); close other programs or cases and try again",
        path.display()
    )]
    NoThread {
        path: PathBuf,
        source: std::io::Error,
    },
}

struct Decoded {
    path: PathBuf,
    outcome: Result<(Arc<DecodedImage>, Option<ColorImage>), ImageError>,
}

/// What a view shows of an image: a frame, through a VOI, with or without its overlays.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrameRequest {
    pub frame: u32,
    pub voi: Voi,
    pub overlays: bool,
}

/// The texture shown for one frame of one image, and how it was rendered.
struct FrameTexture {
    request: FrameRequest,
    texture: TextureHandle,
}

/// Decoded images by absolute path, with their textures.
pub struct ImageCache {
    entries: HashMap<PathBuf, ImageEntry>,
    textures: HashMap<(PathBuf, usize), FrameTexture>,
    /// First renders handed over by the decoding threads, waiting for a texture.
    first_renders: HashMap<PathBuf, ColorImage>,
    sender: Sender<Decoded>,
    receiver: Receiver<Decoded>,
}

impl Default for ImageCache {
    fn default() -> Self {
        let (sender, receiver) = channel();
        Self {
            entries: HashMap::new(),
            textures: HashMap::new(),
            first_renders: HashMap::new(),
            sender,
            receiver,
        }
    }
}

impl std::fmt::Debug for ImageCache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ImageCache")
            .field("images", &self.entries.len())
            .field("textures", &self.textures.len())
            .finish()
    }
}

impl ImageCache {
    /// Takes in what the decoding threads have finished.
    pub fn poll(&mut self) {
        while let Ok(decoded) = self.receiver.try_recv() {
            let entry = match decoded.outcome {
                Ok((image, first_render)) => {
                    if let Some(first_render) = first_render {
                        self.first_renders
                            .insert(decoded.path.clone(), first_render);
                    }
                    ImageEntry::Ready(image)
                }
                Err(error) => ImageEntry::Failed(error.into()),
            };
            self.entries.insert(decoded.path, entry);
        }
    }

    /// The state of an image, starting its decoding if nobody asked for it yet.
    pub fn request(&mut self, ctx: &egui::Context, path: &Path) -> &ImageEntry {
        if !self.entries.contains_key(path) {
            self.entries
                .insert(path.to_path_buf(), ImageEntry::Decoding);
            let sender = self.sender.clone();
            let ctx = ctx.clone();
            let key = path.to_path_buf();
            let path = key.clone();
            let max_side = ctx.input(|input| input.max_texture_side);
            let spawned = std::thread::Builder::new()
                .name("caselens-decode".to_owned())
                .spawn(move || {
                    let first_render = |image: &DecodedImage| {
                        render_frame(image, 0, image.default_voi).map(|mut rendered| {
                            draw_overlays(&mut rendered, image, 0);
                            color_image(&rendered, max_side)
                        })
                    };
                    // A multi-frame image is shown from its first frame while the rest
                    // decode; the complete image then replaces it.
                    let mut shown_early = false;
                    let outcome = load_image_progressively(&path, |first| {
                        let render = first_render(&first);
                        let _ = sender.send(Decoded {
                            path: path.clone(),
                            outcome: Ok((Arc::new(first), render)),
                        });
                        shown_early = true;
                        ctx.request_repaint();
                    })
                    .map(|image| {
                        let first = (!shown_early).then(|| first_render(&image)).flatten();
                        (Arc::new(image), first)
                    });
                    // The case may have been closed meanwhile; then nobody needs the result.
                    let _ = sender.send(Decoded { path, outcome });
                    ctx.request_repaint();
                });
            if let Err(source) = spawned {
                let failed = DecodeError::NoThread {
                    path: key.clone(),
                    source,
                };
                self.entries.insert(key, ImageEntry::Failed(failed));
            }
        }
        self.entries.get(path).unwrap_or(&ImageEntry::Decoding)
    }

    /// Forgets an image so the next request decodes it again ("Try again").
    pub fn forget(&mut self, path: &Path) {
        self.entries.remove(path);
        self.first_renders.remove(path);
        self.textures
            .retain(|(texture_path, _), _| texture_path != path);
    }

    /// The texture of one frame with one window, rendered now if it is not yet. `slot`
    /// tells apart two views of the same file (compare view) so they do not evict each other.
    pub fn texture(
        &mut self,
        ctx: &egui::Context,
        path: &Path,
        image: &DecodedImage,
        request: FrameRequest,
        slot: usize,
    ) -> Option<TextureHandle> {
        let key = (path.to_path_buf(), slot);
        if let Some(cached) = self.textures.get(&key)
            && cached.request == request
        {
            return Some(cached.texture.clone());
        }
        let FrameRequest {
            frame,
            voi,
            overlays,
        } = request;
        let color = match self.first_renders.get(path) {
            Some(first) if frame == 0 && voi == image.default_voi && overlays => first.clone(),
            _ => {
                let max_side = ctx.input(|input| input.max_texture_side);
                let mut rendered = render_frame(image, frame, voi)?;
                if overlays {
                    draw_overlays(&mut rendered, image, frame);
                }
                color_image(&rendered, max_side)
            }
        };
        let name = format!("{}#{frame}", path.display());
        let texture = ctx.load_texture(name, color, TextureOptions::LINEAR);
        self.textures.insert(
            key,
            FrameTexture {
                request,
                texture: texture.clone(),
            },
        );
        Some(texture)
    }
}

/// Texture pixels, shrunk by whole steps when the image is larger than the GPU allows
/// (the texture is drawn over the full image rectangle, so coordinates are unaffected).
pub fn color_image(rendered: &RenderedImage, max_side: usize) -> ColorImage {
    let width = rendered.width as usize;
    let height = rendered.height as usize;
    let channels = usize::from(rendered.channels.max(1));
    if rendered.pixels.len() != width * height * channels {
        // Never happens for rendered frames; a blank texture beats a panic in egui's assert.
        return ColorImage::new([width, height], vec![egui::Color32::BLACK; width * height]);
    }
    let step = width.max(height).div_ceil(max_side.max(1)).max(1);
    if step == 1 {
        return match channels {
            1 => ColorImage::from_gray([width, height], &rendered.pixels),
            _ => ColorImage::from_rgb([width, height], &rendered.pixels),
        };
    }
    let small_width = width.div_ceil(step);
    let small_height = height.div_ceil(step);
    let mut small = Vec::with_capacity(small_width * small_height * channels);
    for row in (0..height).step_by(step) {
        for column in (0..width).step_by(step) {
            let start = (row * width + column) * channels;
            match rendered.pixels.get(start..start + channels) {
                Some(pixel) => small.extend_from_slice(pixel),
                None => small.extend(std::iter::repeat_n(0, channels)),
            }
        }
    }
    match channels {
        1 => ColorImage::from_gray([small_width, small_height], &small),
        _ => ColorImage::from_rgb([small_width, small_height], &small),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_larger_than_the_texture_limit_are_shrunk_by_whole_steps() {
        let rendered = RenderedImage {
            width: 5,
            height: 3,
            pixels: (0..15).collect(),
            channels: 1,
        };
        let full = color_image(&rendered, 8);
        assert_eq!(full.size, [5, 3]);
        let shrunk = color_image(&rendered, 2);
        assert_eq!(shrunk.size, [2, 1], "every third pixel of every third row");
        assert_eq!(shrunk.pixels[1], egui::Color32::from_gray(3));
    }
}
