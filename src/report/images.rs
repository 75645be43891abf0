//! The milestone images a report embeds, as annotated thumbnails.
//!
//! Images are read only from inside the case's own folder: a path that leaves it (`..`, a
//! symbolic link pointing elsewhere) is refused, so exporting a shared case can never pull
//! in a file the user did not put there. Each image is decoded by [`crate::io::image`],
//! its annotations are burned in, and only the pixels are kept: the thumbnail is a fresh PNG
//! with no DICOM, EXIF or text header, which is how image headers are stripped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::RgbImage;
use image::imageops::FilterType;

use crate::io::image::series::{SeriesError, SeriesScan, scan_series};
use crate::io::image::{BurnInError, ImageError, WindowPreset, burn_in_annotations, load_image};
use crate::model::{Annotation, Case, ImagingMilestone, KeySlice, Modality};

/// Longest side of a thumbnail in pixels: enough for a 300 DPI figure tile two inches wide.
pub const THUMBNAIL_MAX_SIDE: u32 = 640;

/// What a study shows in a report: its attached images, then the key slices of its series.
pub struct Picture<'a> {
    pub caption: Option<String>,
    pub annotations: &'a [Annotation],
    pub source: PictureSource<'a>,
}

pub enum PictureSource<'a> {
    File(&'a Path),
    /// A key slice, found in its series folder by SOPInstanceUID.
    KeySlice {
        folder: &'a Path,
        series_instance_uid: &'a str,
        slice: &'a KeySlice,
    },
}

impl Picture<'_> {
    /// Where the picture comes from, for an identified report: `images/a1.png`, or
    /// `ct/b1, slice at -285.0 mm`.
    pub fn origin(&self) -> String {
        match &self.source {
            PictureSource::File(path) => path.display().to_string(),
            PictureSource::KeySlice { folder, slice, .. } => match slice.position_mm {
                Some(position) => format!("{}, slice at {position:.1} mm", folder.display()),
                None => format!("{}, slice {}", folder.display(), slice.sop_instance_uid),
            },
        }
    }
}

/// The pictures of a study, in the order reports show them.
pub fn milestone_pictures(milestone: &ImagingMilestone) -> Vec<Picture<'_>> {
    let files = milestone.images.iter().map(|image| Picture {
        caption: image.caption.clone(),
        annotations: &image.annotations,
        source: PictureSource::File(&image.path),
    });
    let slices = milestone.series.iter().flat_map(|series| {
        series.key_slices.iter().map(move |slice| Picture {
            caption: Some(
                slice
                    .caption
                    .clone()
                    .unwrap_or_else(|| match slice.position_mm {
                        Some(position) => format!("key slice at {position:.1} mm"),
                        None => "key slice".to_owned(),
                    }),
            ),
            annotations: &slice.annotations,
            source: PictureSource::KeySlice {
                folder: &series.folder,
                series_instance_uid: &series.series_instance_uid,
                slice,
            },
        })
    });
    files.chain(slices).collect()
}

/// Why a milestone image is not shown; each message names the file and what to do.
/// Cheap to clone (the decoders' errors are shared), as a report keeps one per image.
#[derive(Clone, Debug, thiserror::Error)]
pub enum ImageProblem {
    #[error("{origin}: the case has no folder yet (save it first), so its images cannot be read")]
    NoCaseFolder { origin: String },
    #[error(
        "{}: absolute {noun} paths are not read by exports; store the {noun} in the case folder",
        .path.display()
    )]
    AbsolutePath { path: PathBuf, noun: &'static str },
    #[error(
        "{}: cannot open the {noun} ({reason}); {noun} paths are relative to the case file's folder",
        .path.display()
    )]
    CannotOpen {
        path: PathBuf,
        noun: &'static str,
        reason: Arc<std::io::Error>,
    },
    #[error(
        "{}: the {noun} lies outside the case folder, so exports do not read it; {put_back}",
        .path.display()
    )]
    OutsideCaseFolder {
        path: PathBuf,
        noun: &'static str,
        put_back: &'static str,
    },
    #[error("{0}")]
    Image(Arc<ImageError>),
    #[error("{0}")]
    Series(Arc<SeriesError>),
    #[error(
        "{}: holds no series {uid} (symbolic links in it are not followed); put the series' slices themselves in that folder, or keep the key slices again from the series where it is",
        .folder.display()
    )]
    NoSuchSeries { folder: PathBuf, uid: String },
    #[error(
        "{}: the key slice {sop_instance_uid} is not in the series; the folder lacks that slice's file: copy it back, or keep the key slice again",
        .folder.display()
    )]
    NoSuchSlice {
        folder: PathBuf,
        sop_instance_uid: String,
    },
    #[error("{}: the key slice's file lies outside the series folder", .folder.display())]
    SliceOutsideSeries { folder: PathBuf },
    /// A missing frame reads `…: frame 3 does not exist`, as before marks could fail.
    #[error("{}: {reason}", .path.display())]
    BurnIn {
        path: PathBuf,
        reason: Arc<BurnInError>,
    },
    #[error("{}: decoded pixels do not fill the image", .path.display())]
    PixelsShort { path: PathBuf },
}

/// One image of one milestone, decoded or with the reason it is not shown.
#[derive(Clone, Debug)]
pub struct MilestoneImage {
    pub milestone: String,
    /// Index in the milestone's [`milestone_pictures`].
    pub image_index: usize,
    pub caption: Option<String>,
    pub annotation_count: usize,
    /// The annotated thumbnail, or a message naming the file and the problem.
    pub thumbnail: Result<RgbImage, ImageProblem>,
    /// The DICOM header states Burned In Annotation (0028,0301) YES: the pixels carry text
    /// (names, dates) that no header de-identification removes.
    pub burned_in_annotation: bool,
}

/// Loads every image of every milestone. `case_folder` is the folder of the case file;
/// `None` (a bundled or unsaved case) means there is nowhere to read images from.
pub fn load_milestone_images(case: &Case, case_folder: Option<&Path>) -> Vec<MilestoneImage> {
    let folder = case_folder.and_then(|folder| folder.canonicalize().ok());
    let mut scans = SeriesScans::new();
    let mut images = Vec::new();
    for milestone in &case.milestones {
        for (image_index, picture) in milestone_pictures(milestone).into_iter().enumerate() {
            let decoded = match &folder {
                Some(folder) => picture_thumbnail(folder, &picture, milestone.modality, &mut scans),
                None => Err(ImageProblem::NoCaseFolder {
                    origin: picture.origin(),
                }),
            };
            let burned_in_annotation = decoded
                .as_ref()
                .is_ok_and(|(_, burned_in)| *burned_in == Some(true));
            let thumbnail = decoded.map(|(thumbnail, _)| thumbnail);
            images.push(MilestoneImage {
                milestone: milestone.label.clone(),
                image_index,
                caption: picture.caption.clone(),
                annotation_count: picture.annotations.len(),
                thumbnail,
                burned_in_annotation,
            });
        }
    }
    images
}

/// Series folders already scanned in this export, by resolved path: a study's key slices
/// share one series, and its headers are read once, not once per slice.
type SeriesScans = HashMap<PathBuf, Result<SeriesScan, ImageProblem>>;

/// The resolved path of an image if it lies inside `folder` (which must be canonical).
pub fn resolve_inside(folder: &Path, relative: &Path) -> Result<PathBuf, ImageProblem> {
    resolve_named_inside(folder, relative, Named::Image)
}

/// What a case names by a path, for the messages of [`resolve_named_inside`].
#[derive(Clone, Copy)]
enum Named {
    Image,
    SeriesFolder,
}

impl Named {
    fn noun(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::SeriesFolder => "series folder",
        }
    }

    fn put_back(self) -> &'static str {
        match self {
            Self::Image => "copy it into the case folder and attach it again",
            Self::SeriesFolder => {
                "copy the series into the case folder and keep its key slices again"
            }
        }
    }
}

/// The resolved path of what a case names, if it lies inside `folder` (which must be
/// canonical) once `..` and symbolic links are resolved.
fn resolve_named_inside(
    folder: &Path,
    relative: &Path,
    named: Named,
) -> Result<PathBuf, ImageProblem> {
    let noun = named.noun();
    if relative.is_absolute() || relative.has_root() {
        return Err(ImageProblem::AbsolutePath {
            path: relative.to_path_buf(),
            noun,
        });
    }
    let joined = folder.join(relative);
    let resolved = joined
        .canonicalize()
        .map_err(|error| ImageProblem::CannotOpen {
            path: relative.to_path_buf(),
            noun,
            reason: Arc::new(error),
        })?;
    if resolved.starts_with(folder) {
        Ok(resolved)
    } else {
        Err(ImageProblem::OutsideCaseFolder {
            path: relative.to_path_buf(),
            noun,
            put_back: named.put_back(),
        })
    }
}

/// The annotated thumbnail, and whether the header says text is burned into the pixels.
type Thumbnail = (RgbImage, Option<bool>);

fn picture_thumbnail(
    folder: &Path,
    picture: &Picture<'_>,
    modality: Modality,
    scans: &mut SeriesScans,
) -> Result<Thumbnail, ImageProblem> {
    match &picture.source {
        PictureSource::File(relative) => thumbnail_for(folder, relative, picture.annotations),
        PictureSource::KeySlice {
            folder: series_folder,
            series_instance_uid,
            slice,
        } => key_slice_thumbnail(
            folder,
            series_folder,
            series_instance_uid,
            slice,
            modality,
            scans,
        ),
    }
}

/// A key slice found by its SOPInstanceUID in the study's series folder (inside the case
/// folder), shown in the lung window for a CT as a chest reading is, its annotations burned in.
fn key_slice_thumbnail(
    folder: &Path,
    series_folder: &Path,
    series_instance_uid: &str,
    key: &KeySlice,
    modality: Modality,
    scans: &mut SeriesScans,
) -> Result<Thumbnail, ImageProblem> {
    let resolved = resolve_named_inside(folder, series_folder, Named::SeriesFolder)?;
    let scan = scans
        .entry(resolved.clone())
        .or_insert_with(|| {
            scan_series(&resolved).map_err(|error| ImageProblem::Series(Arc::new(error)))
        })
        .as_ref()
        .map_err(Clone::clone)?;
    let series = scan
        .series
        .iter()
        .find(|series| series.series_instance_uid == series_instance_uid)
        .ok_or_else(|| ImageProblem::NoSuchSeries {
            folder: series_folder.to_path_buf(),
            uid: series_instance_uid.to_owned(),
        })?;
    let slice = series
        .slices
        .iter()
        .find(|slice| slice.sop_instance_uid == key.sop_instance_uid)
        .ok_or_else(|| ImageProblem::NoSuchSlice {
            folder: series_folder.to_path_buf(),
            sop_instance_uid: key.sop_instance_uid.clone(),
        })?;
    if !slice.path.starts_with(&resolved) {
        return Err(ImageProblem::SliceOutsideSeries {
            folder: series_folder.to_path_buf(),
        });
    }
    let decoded = load_image(&slice.path).map_err(|error| ImageProblem::Image(Arc::new(error)))?;
    let voi = if modality == Modality::Ct {
        WindowPreset::Lung.window().into()
    } else {
        decoded.default_voi
    };
    let rendered = burn_in_annotations(&decoded, slice.frame, voi, key.annotations.as_slice())
        .map_err(|reason| ImageProblem::BurnIn {
            path: slice.path.clone(),
            reason: Arc::new(reason),
        })?;
    let thumbnail = rendered_to_thumbnail(rendered, series_folder)?;
    Ok((thumbnail, decoded.facts.burned_in_annotation))
}

fn thumbnail_for(
    folder: &Path,
    relative: &Path,
    annotations: &[crate::model::Annotation],
) -> Result<Thumbnail, ImageProblem> {
    let path = resolve_inside(folder, relative)?;
    let decoded = load_image(&path).map_err(|error| ImageProblem::Image(Arc::new(error)))?;
    // Annotations live on frames; show the frame the reviewer marked, else the first.
    let frame = annotations.first().map_or(0, |annotation| annotation.frame);
    let on_frame: Vec<_> = annotations
        .iter()
        .filter(|annotation| annotation.frame == frame)
        .cloned()
        .collect();
    let rendered =
        burn_in_annotations(&decoded, frame, decoded.default_voi, &on_frame).map_err(|reason| {
            ImageProblem::BurnIn {
                path: relative.to_path_buf(),
                reason: Arc::new(reason),
            }
        })?;
    let thumbnail = rendered_to_thumbnail(rendered, relative)?;
    Ok((thumbnail, decoded.facts.burned_in_annotation))
}

fn rendered_to_thumbnail(
    rendered: crate::io::image::RenderedImage,
    relative: &Path,
) -> Result<RgbImage, ImageProblem> {
    let rgb: Vec<u8> = match rendered.channels {
        1 => rendered
            .pixels
            .iter()
            .flat_map(|gray| [*gray, *gray, *gray])
            .collect(),
        _ => rendered.pixels,
    };
    let full = RgbImage::from_raw(rendered.width, rendered.height, rgb).ok_or_else(|| {
        ImageProblem::PixelsShort {
            path: relative.to_path_buf(),
        }
    })?;
    Ok(shrink(&full, THUMBNAIL_MAX_SIDE))
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
pub fn thumbnail_png(image: &RgbImage) -> Result<Vec<u8>, image::ImageError> {
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image.clone()).write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )?;
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
        let escaped = resolve_inside(&folder, Path::new("../secret.png"))
            .unwrap_err()
            .to_string();
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
