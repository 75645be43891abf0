//! The case report as PDF, and single figures as vector PDF, with `krilla`: text in the
//! embedded DejaVu Sans (subset), the SVG figures drawn as vectors by `krilla-svg`, page
//! numbers, A4 or US Letter. The report is written as PDF/A-2b; if a case's text defeats the
//! archival checks (a character the font lacks), it is written as plain PDF and says so.
//!
//! [`layout`] flows the report (through the same [`document::write_report`] as Markdown and
//! HTML) into drawing operations; [`draw`] turns them into pages.

mod layout;
pub(crate) mod text;

use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};

use super::document;
use super::model::CaseReport;
pub(crate) use layout::svg_options;
use layout::{Op, PdfSink, Rgb};

/// Paper sizes journals and printers use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    pub const ALL: [Self; 2] = [Self::A4, Self::Letter];

    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Self::A4 => (595.28, 841.89),
            Self::Letter => (612.0, 792.0),
        }
    }

    /// 20 mm on every side: the text is 170 mm wide on A4, a journal's two-column width.
    pub fn margin(self) -> f32 {
        56.69
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::A4 => "A4",
            Self::Letter => "US Letter",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "the bundled font assets/fonts/DejaVuSans.ttf could not be loaded; the build is damaged, reinstall CaseLens"
    )]
    Font,
    #[error("could not write the PDF: {0}")]
    Write(String),
    #[error("the figure is not a drawable SVG: {0}")]
    Svg(String),
}

/// Whether a written PDF met PDF/A-2b.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conformance {
    PdfA2b,
    Plain,
}

/// The report as PDF.
pub fn report_pdf(report: &CaseReport, paper: Paper) -> Result<(Vec<u8>, Conformance), PdfError> {
    let metrics = text::Metrics::new().ok_or(PdfError::Font)?;
    let mut sink = PdfSink::new(paper, metrics);
    document::write_report(report, &mut sink, "report");
    let references = super::references::references(report);
    if !references.is_empty() {
        use document::Sink;
        sink.heading(2, "References");
        sink.list(&references);
    }
    let mut metadata = krilla::metadata::Metadata::new()
        .title(report.title.clone())
        .language("en".to_owned())
        .creator(report.generator.clone());
    // PDF/A needs a document date; a de-identified report carries no date, so it is plain PDF.
    if report.deidentification.is_none() {
        use chrono::{Datelike, Timelike};
        let now = chrono::Utc::now();
        metadata = metadata.creation_date(
            krilla::metadata::DateTime::new(u16::try_from(now.year()).unwrap_or(2026))
                .month(now.month() as u8)
                .day(now.day() as u8)
                .hour(now.hour() as u8)
                .minute(now.minute() as u8)
                .second(now.second() as u8),
        );
    }
    draw(&sink, paper, metadata)
}

/// One SVG figure as a single-page vector PDF of the figure's own size.
pub fn figure_pdf(svg: &str) -> Result<Vec<u8>, PdfError> {
    let tree = usvg::Tree::from_str(svg, &layout::svg_options())
        .map_err(|error| PdfError::Svg(error.to_string()))?;
    let (width, height) = (tree.size().width() * 0.75, tree.size().height() * 0.75);
    let page_size = Size::from_wh(width, height)
        .ok_or_else(|| PdfError::Svg(format!("a figure of {width} × {height} pt")))?;
    let write = |settings: SerializeSettings| {
        let mut document = Document::new_with(settings);
        {
            let mut page = document.start_page_with(krilla::page::PageSettings::new(page_size));
            let mut surface = page.surface();
            surface.draw_svg(&tree, page_size, SvgSettings::default());
            surface.finish();
            page.finish();
        }
        document.set_metadata(krilla::metadata::Metadata::new().creator("CaseLens".to_owned()));
        document
            .finish()
            .map_err(|error| PdfError::Write(format!("{error:?}")))
    };
    // PDF/A-2b needs a document date, which a figure (maybe de-identified) does not carry.
    write(SerializeSettings::default())
}

fn pdf_a_settings() -> Option<SerializeSettings> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .finish()
        .ok()?;
    Some(SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    })
}

/// Draws the laid-out pages; tries PDF/A-2b first.
fn draw(
    sink: &PdfSink,
    paper: Paper,
    metadata: krilla::metadata::Metadata,
) -> Result<(Vec<u8>, Conformance), PdfError> {
    let font = Font::new(
        krilla::Data::from(crate::report::figures::style::DEJAVU_SANS),
        0,
    )
    .ok_or(PdfError::Font)?;
    if let Some(settings) = pdf_a_settings()
        && let Ok(bytes) = draw_with(sink, paper, &font, metadata.clone(), settings)
    {
        return Ok((bytes, Conformance::PdfA2b));
    }
    draw_with(sink, paper, &font, metadata, SerializeSettings::default())
        .map(|bytes| (bytes, Conformance::Plain))
}

fn draw_with(
    sink: &PdfSink,
    paper: Paper,
    font: &Font,
    metadata: krilla::metadata::Metadata,
    settings: SerializeSettings,
) -> Result<Vec<u8>, PdfError> {
    let (page_width, page_height) = paper.size();
    let page_size = Size::from_wh(page_width, page_height)
        .ok_or_else(|| PdfError::Write("page size".into()))?;
    let mut document = Document::new_with(settings);
    let total = sink.pages.len();
    for (number, ops) in sink.pages.iter().enumerate() {
        let mut page = document.start_page_with(krilla::page::PageSettings::new(page_size));
        let mut surface = page.surface();
        for op in ops {
            draw_op(&mut surface, op, sink, font);
        }
        let footer = format!("Page {} of {total}", number + 1);
        let footer_size = 8.0;
        let footer_width = footer.chars().count() as f32 * footer_size * 0.55;
        draw_op(
            &mut surface,
            &Op::Text {
                x: (page_width - footer_width) / 2.0,
                baseline: page_height - paper.margin() / 2.0,
                size: footer_size,
                color: (95, 95, 95),
                text: footer,
            },
            sink,
            font,
        );
        surface.finish();
        page.finish();
    }
    document.set_metadata(metadata);
    document
        .finish()
        .map_err(|error| PdfError::Write(format!("{error:?}")))
}

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        ..Fill::default()
    }
}

fn draw_op(surface: &mut krilla::surface::Surface<'_>, op: &Op, sink: &PdfSink, font: &Font) {
    match op {
        Op::Text {
            x,
            baseline,
            size,
            color,
            text,
        } => {
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*color)));
            surface.draw_text(
                Point::from_xy(*x, *baseline),
                font.clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Op::Rect {
            x,
            y,
            width,
            height,
            fill: inside,
            stroke,
        } => {
            let mut builder = PathBuilder::new();
            let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) else {
                return;
            };
            builder.push_rect(rect);
            let Some(path) = builder.finish() else {
                return;
            };
            surface.set_fill(inside.map(fill));
            surface.set_stroke(stroke.map(|color| Stroke {
                paint: rgb::Color::new(color.0, color.1, color.2).into(),
                width: 0.5,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
        Op::Svg {
            index,
            x,
            y,
            width,
            height,
        } => {
            let (Some(tree), Some(size)) = (sink.svgs.get(*index), Size::from_wh(*width, *height))
            else {
                return;
            };
            surface.push_transform(&Transform::from_translate(*x, *y));
            surface.draw_svg(tree, size, SvgSettings::default());
            surface.pop();
        }
        Op::Png {
            index,
            x,
            y,
            width,
            height,
        } => {
            let Some(png) = sink.pngs.get(*index) else {
                return;
            };
            let (Ok(image), Some(size)) = (
                krilla::image::Image::from_png(krilla::Data::from(png.clone()), true),
                Size::from_wh(*width, *height),
            ) else {
                return;
            };
            surface.push_transform(&Transform::from_translate(*x, *y));
            surface.draw_image(image, size);
            surface.pop();
        }
    }
}
