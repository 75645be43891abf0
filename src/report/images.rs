//! The milestone images a report embeds, as annotated thumbnails.
//!
//! Images are read only from inside the case's own folder: a path that leaves it (`..`, a
//! symbolic link pointing elsewhere) is refused, so exporting a shared case can never pull
//! in a file the user did not put there. Each image is decoded by [`crate::io::image`],
//! its annotations are burned in, and only the pixels are kept: the thumbnail is a fresh PNG
//! with no DICOM, EXIF or text header, which is how image headers are stripped.

use std::path::{Path, PathBuf};

use image::RgbImage;
use image::imageops::FilterType;

use crate::io::image::{burn_in_annotations, load_image};
use crate::model::Case;

/// Longest side of a thumbnail in pixels: enough for a 300 DPI figure tile two inches wide.
pub const THUMBNAIL_MAX_SIDE: u32 = 640;

/// One image of one milestone, decoded or with the reason it is not shown.
#[derive(Clone, Debug)]
pub struct MilestoneImage {
    pub milestone: String,
    /// Index in the milestone's `images`.
    pub image_index: usize,
    pub caption: Option<String>,
    pub annotation_count: usize,
    /// The annotated thumbnail, or a message naming the file and the problem.
    pub thumbnail: Result<RgbImage, String>,
    /// The DICOM header states Burned In Annotation (0028,0301) YES: the pixels carry text
    /// (names, dates) that no header de-identification removes.
    pub burned_in_annotation: bool,
}

/// Loads every image of every milestone. `case_folder` is the folder of the case file;
/// `None` (a bundled or unsaved case) means there is nowhere to read images from.
pub fn load_milestone_images(case: &Case, case_folder: Option<&Path>) -> Vec<MilestoneImage> {
    let folder = case_folder.and_then(|folder| folder.canonicalize().ok());
    case.milestones
        .iter()
        .flat_map(|milestone| {
            let folder = folder.clone();
            milestone
                .images
                .iter()
                .enumerate()
                .map(move |(image_index, image_ref)| {
                    let decoded = match &folder {
                        Some(folder) => thumbnail_for(folder, &image_ref.path, &image_ref.annotations),
                        None => Err(format!(
                            "{}: the case has no folder yet (save it first), so its images cannot be read",
                            image_ref.path.display()
                        )),
                    };
                    let burned_in_annotation =
                        decoded.as_ref().is_ok_and(|(_, burned_in)| *burned_in == Some(true));
                    let thumbnail = decoded.map(|(thumbnail, _)| thumbnail);
                    MilestoneImage {
                        milestone: milestone.label.clone(),
                        image_index,
                        caption: image_ref.caption.clone(),
                        annotation_count: image_ref.annotations.len(),
                        thumbnail,
                        burned_in_annotation,
                    }
                })
        })
        .collect()
}

/// The resolved path of an image if it lies inside `folder` (which must be canonical).
pub fn resolve_inside(folder: &Path, relative: &Path) -> Result<PathBuf, String> {
    if relative.is_absolute() || relative.has_root() {
        return Err(format!(
            "{}: absolute image paths are not read by exports; store the image in the case folder",
            relative.display()
        ));
    }
    let joined = folder.join(relative);
    let resolved = joined.canonicalize().map_err(|error| {
        format!(
            "{}: cannot open the image ({error}); image paths are relative to the case file's folder",
            relative.display()
        )
    })?;
    if resolved.starts_with(folder) {
        Ok(resolved)
    } else {
        Err(format!(
            "{}: the image lies outside the case folder, so exports do not read it; copy it into the case folder and attach it again",
            relative.display()
        ))
    }
}

fn thumbnail_for(
    folder: &Path,
    relative: &Path,
    annotations: &[crate::model::Annotation],
) -> Result<(RgbImage, Option<bool>), String> {
    let path = resolve_inside(folder, relative)?;
    let decoded = load_image(&path).map_err(|error| error.to_string())?;
    // Annotations live on frames; show the frame the reviewer marked, else the first.
    let frame = annotations.first().map_or(0, |annotation| annotation.frame);
    let on_frame: Vec<_> = annotations
        .iter()
        .filter(|annotation| annotation.frame == frame)
        .cloned()
        .collect();
    let rendered = burn_in_annotations(&decoded, frame, decoded.default_voi, &on_frame)
        .ok_or_else(|| format!("{}: frame {frame} does not exist", relative.display()))?;
    let rgb: Vec<u8> = match rendered.channels {
        1 => rendered
            .pixels
            .iter()
            .flat_map(|gray| [*gray, *gray, *gray])
            .collect(),
        _ => rendered.pixels,
    };
    let full = RgbImage::from_raw(rendered.width, rendered.height, rgb).ok_or_else(|| {
        format!(
            "{}: decoded pixels do not fill the image",
            relative.display()
        )
    })?;
    Ok((
        shrink(&full, THUMBNAIL_MAX_SIDE),
        decoded.facts.burned_in_annotation,
    ))
}

/// The image scaled down so its longest side is at most `max_side` (never scaled up).
pub fn shrink(image: &RgbImage, max_side: u32) -> RgbImage {
    let (width, height) = image.dimensions();
    let longest = width.max(height);
    if longest <= max_side || longest == 0 {
        return image.clone();
    }
    let factor = f64::from(max_side) / f64::from(longest);
    let new_width = ((f64::from(width) * factor).round() as u32).max(1);
    let new_height = ((f64::from(height) * factor).round() as u32).max(1);
    image::imageops::resize(image, new_width, new_height, FilterType::Triangle)
}

/// A thumbnail as PNG bytes (pixels only: no metadata chunks).
pub fn thumbnail_png(image: &RgbImage) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image.clone())
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .map_err(|error| error.to_string())?;
    Ok(bytes)
}

/// `data:image/png;base64,…`, for HTML and JSON.
pub fn png_data_uri(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", base64(png))
}

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let first = chunk.first().copied().unwrap_or(0);
        let second = chunk.get(1).copied().unwrap_or(0);
        let third = chunk.get(2).copied().unwrap_or(0);
        let triple = (u32::from(first) << 16) | (u32::from(second) << 8) | u32::from(third);
        let symbols =
            [18, 12, 6, 0].map(|shift| ALPHABET[((triple >> shift) & 63) as usize] as char);
        encoded.push(symbols[0]);
        encoded.push(symbols[1]);
        encoded.push(if chunk.len() > 1 { symbols[2] } else { '=' });
        encoded.push(if chunk.len() > 2 { symbols[3] } else { '=' });
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_test_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn paths_leaving_the_case_folder_are_refused() {
        let outer = tempfile::tempdir().unwrap();
        let case_folder = outer.path().join("case");
        std::fs::create_dir(&case_folder).unwrap();
        std::fs::write(outer.path().join("secret.png"), b"x").unwrap();
        std::fs::write(case_folder.join("inside.png"), b"x").unwrap();
        let folder = case_folder.canonicalize().unwrap();
        assert!(resolve_inside(&folder, Path::new("inside.png")).is_ok());
        let escaped = resolve_inside(&folder, Path::new("../secret.png")).unwrap_err();
        assert!(escaped.contains("outside the case folder"), "{escaped}");
        let absolute = outer.path().join("secret.png");
        assert!(resolve_inside(&folder, &absolute).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                outer.path().join("secret.png"),
                case_folder.join("link.png"),
            )
            .unwrap();
            assert!(resolve_inside(&folder, Path::new("link.png")).is_err());
        }
    }

    #[test]
    fn shrinking_keeps_the_aspect_and_never_enlarges() {
        let wide = RgbImage::new(1280, 640);
        assert_eq!(shrink(&wide, 640).dimensions(), (640, 320));
        let small = RgbImage::new(100, 50);
        assert_eq!(shrink(&small, 640).dimensions(), (100, 50));
    }
}
