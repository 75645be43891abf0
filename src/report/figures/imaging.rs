//! The imaging figure: milestone images in a labelled grid, one row per label letter (A1–A3
//! over B1–B4), each tile with its label, its date or day, and its score or change. A
//! milestone without a readable image gets a grey tile that says so, so the grid keeps the
//! shape of the series.
//!
//! PNG tiles are blitted by plotters' bitmap backend. plotters' SVG backend cannot embed
//! bitmaps in this build, so the SVG is drawn with a placeholder text per tile that is then
//! replaced by an `<image>` element holding the thumbnail as a PNG data URI.

use image::RgbImage;
use image::imageops::FilterType;
use plotters::element::BitMapElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, Scale};
use super::trajectory::Area;
use super::{FigureError, FigureFormat, FigureOptions, draw_error, png};
use crate::analysis::time_axis::{AxisMode, format_day};
use crate::model::{Case, ImagingMilestone, Timeline};
use crate::report::images::{MilestoneImage, png_data_uri, thumbnail_png};

const LABEL_PT: f64 = 8.0;
const CAPTION_PT: f64 = 6.5;
const GAP_PT: f64 = 5.0;
const MARGIN_PT: f64 = 6.0;
const ROW_TITLE_PT: f64 = 11.0;
const CAPTION_LINES_PT: f64 = 20.0;
const SLOT_MARKER: &str = "caselens-image-slot-";

/// One tile of the grid.
#[derive(Clone, Debug)]
pub struct Tile {
    pub label: String,
    /// `17 Feb 2020 · illness day 24`, or the days alone when de-identified.
    pub when: String,
    /// Score and change, such as `CT severity 12/25 · Improved`; may be empty.
    pub reading: String,
    pub image: Option<RgbImage>,
    /// Why there is no image: `no image attached`, or the reason it could not be read.
    pub missing: String,
}

/// Tiles in rows, each row with its title (`A · Chest X-ray`).
pub fn imaging_grid(
    case: &Case,
    images: &[MilestoneImage],
    options: &FigureOptions,
) -> Vec<(String, Vec<Tile>)> {
    let timeline = Timeline::for_case(case);
    let mut rows: Vec<(String, Vec<(u32, Tile)>)> = Vec::new();
    for milestone in &case.milestones {
        let (letter, number) = split_label(&milestone.label);
        let tile = tile_for(milestone, images, &timeline, options);
        match rows
            .iter_mut()
            .find(|(row_letter, _)| *row_letter == letter)
        {
            Some((_, tiles)) => tiles.push((number, tile)),
            None => rows.push((letter, vec![(number, tile)])),
        }
    }
    rows.sort_by(|left, right| left.0.cmp(&right.0));
    rows.into_iter()
        .map(|(letter, mut tiles)| {
            tiles.sort_by_key(|(number, _)| *number);
            let modality = case
                .milestones
                .iter()
                .find(|milestone| split_label(&milestone.label).0 == letter)
                .map(|milestone| milestone.modality.label())
                .unwrap_or("Imaging");
            let title = if letter.is_empty() {
                modality.to_owned()
            } else {
                format!("{letter} · {modality}")
            };
            (title, tiles.into_iter().map(|(_, tile)| tile).collect())
        })
        .collect()
}

/// `B12` → ("B", 12); labels without a number sort first in their row.
fn split_label(label: &str) -> (String, u32) {
    let letters: String = label.chars().take_while(|c| c.is_alphabetic()).collect();
    let number = label[letters.len()..].trim().parse().unwrap_or(0);
    (letters, number)
}

fn tile_for(
    milestone: &ImagingMilestone,
    images: &[MilestoneImage],
    timeline: &Timeline,
    options: &FigureOptions,
) -> Tile {
    let when = match milestone.time.and_then(|time| timeline.position(time).ok()) {
        Some(position) => {
            let modes: &[AxisMode] = if options.deidentify {
                &[AxisMode::IllnessDay, AxisMode::HospitalDay]
            } else {
                &[AxisMode::CalendarDate, AxisMode::IllnessDay]
            };
            let parts: Vec<String> = modes
                .iter()
                .filter_map(|mode| format_day(timeline, *mode, position))
                .collect();
            if parts.is_empty() {
                "date not placed".to_owned()
            } else {
                parts.join(" · ")
            }
        }
        None => "date not stated".to_owned(),
    };
    let mut reading = Vec::new();
    if let Some(score) = milestone.severity {
        reading.push(format!(
            "{} {}/{}",
            score.name(),
            score.total(),
            score.max_total()
        ));
    }
    if let Some(change) = milestone.change {
        reading.push(change.label().to_owned());
    }
    if reading.is_empty() {
        reading.push(milestone.modality.label().to_owned());
    }
    let own: Vec<&MilestoneImage> = images
        .iter()
        .filter(|image| image.milestone == milestone.label)
        .collect();
    let image = own
        .iter()
        .find_map(|image| image.thumbnail.as_ref().ok().cloned());
    let missing = match own.iter().find_map(|image| image.thumbnail.as_ref().err()) {
        _ if own.is_empty() => "no image attached".to_owned(),
        Some(_) => "image could not be read".to_owned(),
        None => String::new(),
    };
    Tile {
        label: milestone.label.clone(),
        when,
        reading: reading.join(" · "),
        image,
        missing,
    }
}

struct Placement {
    left: i32,
    top: i32,
    side: i32,
}

struct Grid {
    width: u32,
    height: u32,
    scale: Scale,
    rows: Vec<(String, Vec<Tile>)>,
    placements: Vec<Vec<Placement>>,
}

fn layout(rows: Vec<(String, Vec<Tile>)>, scale: Scale, width: u32) -> Grid {
    let columns = rows
        .iter()
        .map(|(_, tiles)| tiles.len())
        .max()
        .unwrap_or(1)
        .max(1) as i32;
    let margin = scale.px(MARGIN_PT);
    let gap = scale.px(GAP_PT);
    let side = ((width as i32 - 2 * margin - gap * (columns - 1)) / columns).max(1);
    let mut top = margin;
    let mut placements = Vec::new();
    for (_, tiles) in &rows {
        top += scale.px(ROW_TITLE_PT);
        placements.push(
            (0..tiles.len() as i32)
                .map(|column| Placement {
                    left: margin + column * (side + gap),
                    top,
                    side,
                })
                .collect(),
        );
        top += side + scale.px(CAPTION_LINES_PT) + gap;
    }
    Grid {
        width,
        height: (top + margin).max(1) as u32,
        scale,
        rows,
        placements,
    }
}

/// Where the thumbnail goes inside its square tile, keeping its aspect ratio.
fn fit(image: &RgbImage, place: &Placement) -> (i32, i32, u32, u32) {
    let (width, height) = image.dimensions();
    let longest = width.max(height).max(1) as f64;
    let factor = f64::from(place.side) / longest;
    let fitted_width = ((f64::from(width) * factor).round() as u32).max(1);
    let fitted_height = ((f64::from(height) * factor).round() as u32).max(1);
    let left = place.left + (place.side - fitted_width as i32) / 2;
    let top = place.top + (place.side - fitted_height as i32) / 2;
    (left, top, fitted_width, fitted_height)
}

#[derive(Clone, Copy, PartialEq)]
enum Embed {
    Bitmap,
    SvgSlot,
}

fn draw<DB: DrawingBackend>(root: &Area<DB>, grid: &Grid, embed: Embed) -> Result<(), FigureError> {
    let scale = grid.scale;
    root.fill(&style::WHITE).map_err(draw_error)?;
    let mut slot = 0;
    for ((title, tiles), places) in grid.rows.iter().zip(&grid.placements) {
        if let Some(first) = places.first() {
            let title_style = scale
                .font(LABEL_PT, style::INK)
                .pos(Pos::new(HPos::Left, VPos::Bottom));
            root.draw_text(title, &title_style, (first.left, first.top - scale.px(2.5)))
                .map_err(draw_error)?;
        }
        for (tile, place) in tiles.iter().zip(places) {
            let corner = (place.left + place.side, place.top + place.side);
            match &tile.image {
                Some(image) => {
                    root.draw(&Rectangle::new(
                        [(place.left, place.top), corner],
                        BLACK.filled(),
                    ))
                    .map_err(draw_error)?;
                    let (left, top, width, height) = fit(image, place);
                    match embed {
                        Embed::Bitmap => {
                            let resized =
                                image::imageops::resize(image, width, height, FilterType::Triangle);
                            if let Some(element) = BitMapElement::with_owned_buffer(
                                (left, top),
                                (width, height),
                                resized.into_raw(),
                            ) {
                                root.draw(&element).map_err(draw_error)?;
                            }
                        }
                        Embed::SvgSlot => {
                            let marker_style = scale.font(1.0, style::WHITE);
                            root.draw_text(
                                &format!("{SLOT_MARKER}{slot}"),
                                &marker_style,
                                (left, top),
                            )
                            .map_err(draw_error)?;
                        }
                    }
                    slot += 1;
                }
                None => {
                    root.draw(&Rectangle::new(
                        [(place.left, place.top), corner],
                        style::TILE_EMPTY.filled(),
                    ))
                    .map_err(draw_error)?;
                    let centre = (place.left + place.side / 2, place.top + place.side / 2);
                    let missing_style = scale
                        .font(CAPTION_PT, style::MUTED)
                        .pos(Pos::new(HPos::Center, VPos::Center));
                    root.draw_text(&tile.missing, &missing_style, centre)
                        .map_err(draw_error)?;
                }
            }
            // The label in a dark box at the top left, readable over any image.
            let label_size = scale.text_size(LABEL_PT, &tile.label);
            let pad = scale.px(2.0);
            root.draw(&Rectangle::new(
                [
                    (place.left, place.top),
                    (
                        place.left + label_size.0 + 2 * pad,
                        place.top + scale.px(LABEL_PT) + 2 * pad,
                    ),
                ],
                RGBColor(0, 0, 0).mix(0.75).filled(),
            ))
            .map_err(draw_error)?;
            let label_style = scale
                .font(LABEL_PT, style::WHITE)
                .pos(Pos::new(HPos::Left, VPos::Center));
            root.draw_text(
                &tile.label,
                &label_style,
                (place.left + pad, place.top + pad + scale.px(LABEL_PT) / 2),
            )
            .map_err(draw_error)?;
            let caption_style = scale
                .font(CAPTION_PT, style::INK)
                .pos(Pos::new(HPos::Left, VPos::Top));
            let below = corner.1 + scale.px(2.0);
            root.draw_text(
                &fit_text(&tile.when, place.side, scale),
                &caption_style,
                (place.left, below),
            )
            .map_err(draw_error)?;
            let reading_style = scale
                .font(CAPTION_PT, style::MUTED)
                .pos(Pos::new(HPos::Left, VPos::Top));
            root.draw_text(
                &fit_text(&tile.reading, place.side, scale),
                &reading_style,
                (place.left, below + scale.px(8.5)),
            )
            .map_err(draw_error)?;
        }
    }
    Ok(())
}

/// Shortens text with an ellipsis until it fits `width` pixels.
fn fit_text(text: &str, width: i32, scale: Scale) -> String {
    if scale.text_size(CAPTION_PT, text).0 <= width {
        return text.to_owned();
    }
    let mut shortened: String = text.to_owned();
    while !shortened.is_empty() {
        shortened.pop();
        let candidate = format!("{}…", shortened.trim_end());
        if scale.text_size(CAPTION_PT, &candidate).0 <= width {
            return candidate;
        }
    }
    String::new()
}

fn prepare(
    case: &Case,
    images: &[MilestoneImage],
    options: &FigureOptions,
    format: FigureFormat,
) -> Result<Grid, FigureError> {
    if !style::ensure_font() {
        return Err(FigureError::Font);
    }
    if case.milestones.is_empty() {
        return Err(FigureError::Empty(
            "the case has no imaging milestones".to_owned(),
        ));
    }
    let width = options.width_for(format)?;
    let rows = imaging_grid(case, images, options);
    Ok(layout(rows, options.scale(format), width))
}

/// The figure as SVG text, thumbnails embedded as PNG data URIs.
pub fn imaging_svg(
    case: &Case,
    images: &[MilestoneImage],
    options: &FigureOptions,
) -> Result<String, FigureError> {
    let grid = prepare(case, images, options, FigureFormat::Svg)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (grid.width, grid.height)).into_drawing_area();
        draw(&root, &grid, Embed::SvgSlot)?;
        root.present().map_err(draw_error)?;
    }
    let mut slot = 0;
    for (tiles, places) in grid
        .rows
        .iter()
        .map(|(_, tiles)| tiles)
        .zip(&grid.placements)
    {
        for (tile, place) in tiles.iter().zip(places) {
            let Some(image) = &tile.image else { continue };
            let (left, top, width, height) = fit(image, place);
            let png =
                thumbnail_png(image).map_err(|error| FigureError::Encode(error.to_string()))?;
            let element = format!(
                "<image x=\"{left}\" y=\"{top}\" width=\"{width}\" height=\"{height}\" preserveAspectRatio=\"xMidYMid meet\" href=\"{}\"/>\n",
                png_data_uri(&png)
            );
            svg = replace_slot(&svg, slot, &element);
            slot += 1;
        }
    }
    if options.preset.is_some() {
        svg = super::journal::svg_in_millimetres(svg, FigureFormat::Svg, grid.width, grid.height);
    }
    Ok(svg)
}

/// Replaces the `<text>` element holding slot marker `slot` with `element`.
fn replace_slot(svg: &str, slot: usize, element: &str) -> String {
    let marker = format!("{SLOT_MARKER}{slot}\n");
    let Some(marker_at) = svg.find(&marker) else {
        return svg.to_owned();
    };
    let start = svg[..marker_at].rfind("<text").unwrap_or(marker_at);
    let end = svg[marker_at..]
        .find("</text>")
        .map_or(marker_at + marker.len(), |offset| {
            marker_at + offset + "</text>\n".len()
        });
    let end = end.min(svg.len());
    format!("{}{element}{}", &svg[..start], &svg[end..])
}

/// The figure as PNG or TIFF bytes at the chosen DPI.
pub fn imaging_raster(
    case: &Case,
    images: &[MilestoneImage],
    options: &FigureOptions,
    format: FigureFormat,
) -> Result<Vec<u8>, FigureError> {
    let grid = prepare(case, images, options, format)?;
    let mut rgb = vec![255u8; grid.width as usize * grid.height as usize * 3];
    {
        let root =
            BitMapBackend::with_buffer(&mut rgb, (grid.width, grid.height)).into_drawing_area();
        draw(&root, &grid, Embed::Bitmap)?;
        root.present().map_err(draw_error)?;
    }
    png::encode_raster(&rgb, grid.width, grid.height, options.dpi, format)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled::PENG_2020;

    #[test]
    fn the_reference_grid_is_a1_to_a3_over_b1_to_b4_with_placeholders() {
        let case = PENG_2020.load().unwrap().case;
        let rows = imaging_grid(&case, &[], &FigureOptions::default());
        let labels: Vec<Vec<&str>> = rows
            .iter()
            .map(|(_, tiles)| tiles.iter().map(|tile| tile.label.as_str()).collect())
            .collect();
        assert_eq!(
            labels,
            vec![vec!["A1", "A2", "A3"], vec!["B1", "B2", "B3", "B4"]]
        );
        assert_eq!(rows[0].0, "A · Chest X-ray");
        let b1 = &rows[1].1[0];
        assert_eq!(b1.when, "17 Feb 2020 · illness day 24");
        assert_eq!(b1.missing, "no image attached");
        assert_eq!(rows[0].1[0].when, "date not stated");
    }

    #[test]
    fn de_identified_tiles_show_days_only() {
        let case = PENG_2020.load().unwrap().case;
        let options = FigureOptions {
            deidentify: true,
            ..FigureOptions::default()
        };
        let rows = imaging_grid(&case, &[], &options);
        assert_eq!(rows[1].1[0].when, "illness day 24 · hospital day 15");
    }

    #[test]
    fn labels_split_into_letter_and_number() {
        assert_eq!(split_label("B12"), ("B".to_owned(), 12));
        assert_eq!(split_label("CT"), ("CT".to_owned(), 0));
        assert_eq!(split_label("7"), (String::new(), 7));
    }
}
