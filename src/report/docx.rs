//! The case report as a Word document (`.docx`) with `docx-rs`: real heading styles (so
//! Word's navigation pane and a journal's template see the structure), Word tables for the
//! timeline, lab course and checklist, figures embedded as 300 DPI PNG with captions numbered
//! by a Word `SEQ Figure` field, the illustrative-data notice, page numbers and references.
//!
//! It walks the report through the same [`document::write_report`] as every other format.

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, InstrText, NumPages, PageMargin, PageNum,
    Paragraph, Pic, Run, RunFonts, Shading, Style, StyleType, Table, TableCell, TableRow,
    WidthType,
};

use super::document::{self, Embedded, Notice, Sink};
use super::model::CaseReport;
use super::pdf::Paper;

/// Raster figures are embedded at this density (BMJ Case Reports asks 300 DPI).
pub const FIGURE_DPI: f32 = 300.0;
/// English Metric Units per inch, Word's unit for drawings.
const EMU_PER_INCH: f32 = 914_400.0;
/// Twentieths of a point per inch, Word's unit for page geometry.
const TWIPS_PER_INCH: f32 = 1440.0;
/// Never allocate a raster bigger than this many pixels a side, whatever a figure claims.
const MAX_RASTER_SIDE: f32 = 12_000.0;

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("could not write the Word document: {0}")]
    Write(String),
}

struct DocxSink {
    docx: Option<Docx>,
    text_width_twips: usize,
    figures: usize,
}

impl DocxSink {
    fn add(&mut self, paragraph: Paragraph) {
        self.docx = self.docx.take().map(|docx| docx.add_paragraph(paragraph));
    }

    fn add_table(&mut self, table: Table) {
        self.docx = self.docx.take().map(|docx| docx.add_table(table));
    }
}

fn text_paragraph(text: &str) -> Paragraph {
    let mut paragraph = Paragraph::new();
    for (index, line) in text.lines().enumerate() {
        let mut run = Run::new();
        if index > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        paragraph = paragraph.add_run(run.add_text(line));
    }
    paragraph
}

impl Sink for DocxSink {
    fn title(&mut self, text: &str) {
        self.add(text_paragraph(text).style("Title"));
    }

    fn heading(&mut self, level: u8, text: &str) {
        let style = if level <= 2 { "Heading1" } else { "Heading2" };
        self.add(text_paragraph(text).style(style));
    }

    fn paragraph(&mut self, text: &str) {
        self.add(text_paragraph(text));
    }

    fn labelled(&mut self, label: &str, text: &str) {
        self.add(
            Paragraph::new()
                .add_run(Run::new().add_text(format!("{label}: ")).bold())
                .add_run(Run::new().add_text(text)),
        );
    }

    fn placeholder(&mut self, text: &str) {
        self.add(Paragraph::new().add_run(Run::new().add_text(text).italic().color("777777")));
    }

    fn list(&mut self, items: &[String]) {
        for item in items {
            self.add(text_paragraph(&format!("•\t{item}")).indent(
                Some(360),
                Some(docx_rs::SpecialIndentType::Hanging(360)),
                None,
                None,
            ));
        }
    }

    fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) {
        let columns = headers.len().max(1);
        let cell_width = self.text_width_twips / columns;
        let cell = |text: &str, head: bool| {
            let mut run = Run::new().add_text(text).size(17);
            if head {
                run = run.bold();
            }
            let mut cell = TableCell::new()
                .add_paragraph(Paragraph::new().add_run(run))
                .width(cell_width, WidthType::Dxa);
            if head {
                cell = cell.shading(Shading::new().fill("F1F1F1"));
            }
            cell
        };
        let mut table_rows = vec![TableRow::new(
            headers.iter().map(|header| cell(header, true)).collect(),
        )];
        for row in rows {
            table_rows.push(TableRow::new(
                (0..columns)
                    .map(|column| cell(row.get(column).map_or("", String::as_str), false))
                    .collect(),
            ));
        }
        self.add_table(
            Table::new(table_rows)
                .set_grid(vec![cell_width; columns])
                .width(self.text_width_twips, WidthType::Dxa),
        );
        self.add(Paragraph::new());
    }

    fn notice(&mut self, kind: Notice, title: &str, lines: &[String]) {
        let fill = match kind {
            Notice::Deidentified => "EEF5FC",
            Notice::Illustrative => "FFF6E5",
        };
        let mut cell = TableCell::new()
            .shading(Shading::new().fill(fill))
            .width(self.text_width_twips, WidthType::Dxa)
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(title).bold()));
        for line in lines {
            cell = cell.add_paragraph(text_paragraph(line));
        }
        self.add_table(
            Table::new(vec![TableRow::new(vec![cell])])
                .set_grid(vec![self.text_width_twips])
                .width(self.text_width_twips, WidthType::Dxa),
        );
        self.add(Paragraph::new());
    }

    fn figure(&mut self, image: &Embedded<'_>, caption: &str) {
        let raster = match (image.svg, image.data_uri) {
            (Some(svg), _) => raster_figure(svg),
            (None, Some(uri)) => thumbnail(uri),
            (None, None) => Err(FigureProblem::Nothing),
        };
        let (png, width_px, height_px, dpi) = match raster {
            Ok(raster) => raster,
            Err(problem) => {
                self.add(text_paragraph(&format!(
                    "{}: not drawn ({problem}).",
                    image.alt
                )));
                return;
            }
        };
        let max_width_emu = self.text_width_twips as f32 / TWIPS_PER_INCH * EMU_PER_INCH;
        let mut width_emu = width_px as f32 / dpi * EMU_PER_INCH;
        let mut height_emu = height_px as f32 / dpi * EMU_PER_INCH;
        if width_emu > max_width_emu {
            height_emu *= max_width_emu / width_emu;
            width_emu = max_width_emu;
        }
        let pic = Pic::new_with_dimensions(png, width_px, height_px)
            .size(width_emu.round() as u32, height_emu.round() as u32);
        self.add(
            Paragraph::new()
                .add_run(Run::new().add_image(pic))
                .keep_next(true),
        );
        if image.svg.is_some() {
            self.figures += 1;
            self.add(numbered_caption(caption, self.figures));
        } else {
            self.add(text_paragraph(caption).style("Caption"));
        }
    }

    fn small(&mut self, text: &str) {
        self.add(Paragraph::new().add_run(Run::new().add_text(text).size(16).color("555555")));
    }
}

/// `Figure {SEQ Figure}. rest`, with the number as a Word field so Word renumbers figures
/// when an author moves or adds one; the field's cached result is the current number.
fn numbered_caption(caption: &str, number: usize) -> Paragraph {
    let rest = caption
        .strip_prefix("Figure ")
        .and_then(|after| after.split_once(". ").map(|(_, rest)| rest))
        .unwrap_or(caption);
    Paragraph::new()
        .style("Caption")
        .add_run(Run::new().add_text("Figure "))
        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        .add_run(
            Run::new().add_instr_text(InstrText::Unsupported(" SEQ Figure \\* ARABIC ".to_owned())),
        )
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(Run::new().add_text(number.to_string()))
        .add_run(Run::new().add_field_char(FieldCharType::End, false))
        .add_run(Run::new().add_text(format!(". {rest}")))
}

/// An SVG figure as a 300 DPI PNG (pixels, size, density).
/// Why a figure is not drawn in the Word document; the text says so in its place.
#[derive(Debug, thiserror::Error)]
enum FigureProblem {
    #[error("the SVG could not be read: {0}")]
    Svg(#[from] usvg::Error),
    #[error(
        "at {FIGURE_DPI} DPI it would be {width}×{height} pixels, outside 1 to {MAX_RASTER_SIDE}"
    )]
    Size { width: f32, height: f32 },
    #[error("no {width}×{height} pixel buffer could be made")]
    Pixmap { width: u32, height: u32 },
    #[error(transparent)]
    Encode(#[from] super::figures::FigureError),
    #[error("the image is not a PNG data URI")]
    NotPng,
    #[error("no picture was given")]
    Nothing,
}

type Raster = (Vec<u8>, u32, u32, f32);

fn raster_figure(svg: &str) -> Result<Raster, FigureProblem> {
    let tree = usvg::Tree::from_str(svg, &super::pdf::svg_options())?;
    let scale = FIGURE_DPI / 96.0;
    let width = (tree.size().width() * scale).ceil();
    let height = (tree.size().height() * scale).ceil();
    if !(1.0..=MAX_RASTER_SIDE).contains(&width) || !(1.0..=MAX_RASTER_SIDE).contains(&height) {
        return Err(FigureProblem::Size { width, height });
    }
    let (width, height) = (width as u32, height as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
        .ok_or(FigureProblem::Pixmap { width, height })?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    // Opaque on white, so the premultiplied RGBA is plain RGB.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
        .collect();
    let png = super::figures::encode_png_fast(&rgb, width, height, FIGURE_DPI.round() as u32)?;
    Ok((png, width, height, FIGURE_DPI))
}

/// A milestone thumbnail, placed at 96 DPI like the HTML report.
fn thumbnail(uri: &str) -> Result<Raster, FigureProblem> {
    thumbnail_png(uri).ok_or(FigureProblem::NotPng)
}

fn thumbnail_png(uri: &str) -> Option<Raster> {
    use base64::Engine;
    let encoded = uri.strip_prefix("data:image/png;base64,")?;
    let png = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let width = u32::from_be_bytes(png.get(16..20)?.try_into().ok()?);
    let height = u32::from_be_bytes(png.get(20..24)?.try_into().ok()?);
    Some((png, width, height, 96.0))
}

fn styles(docx: Docx) -> Docx {
    let font = RunFonts::new()
        .ascii("DejaVu Sans")
        .hi_ansi("DejaVu Sans")
        .cs("DejaVu Sans");
    docx.default_fonts(font)
        .default_size(20)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(36)
                .bold(),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .size(28)
                .bold()
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("Heading 2")
                .size(23)
                .bold()
                .outline_lvl(1),
        )
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("Caption")
                .size(18)
                .italic(),
        )
}

/// The report as a `.docx` on `paper`.
pub fn report_docx(report: &CaseReport, paper: Paper) -> Result<Vec<u8>, DocxError> {
    let (width_pt, height_pt) = paper.size();
    let to_twips = |points: f32| (points * 20.0).round();
    let margin = to_twips(paper.margin());
    let docx = styles(Docx::new())
        .page_size(to_twips(width_pt) as u32, to_twips(height_pt) as u32)
        .page_margin(PageMargin {
            top: margin as i32,
            left: margin as i32,
            bottom: margin as i32,
            right: margin as i32,
            header: 708,
            footer: 708,
            gutter: 0,
        })
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text("Page "))
                    .add_page_num(PageNum::new())
                    .add_run(Run::new().add_text(" of "))
                    .add_num_pages(NumPages::new()),
            ),
        );
    let mut sink = DocxSink {
        docx: Some(docx),
        text_width_twips: (to_twips(width_pt) - 2.0 * margin) as usize,
        figures: 0,
    };
    document::write_report(report, &mut sink, "report");
    let references = super::references::references(report);
    if !references.is_empty() {
        sink.heading(2, "References");
        for reference in &references {
            sink.paragraph(reference);
        }
    }
    let docx = sink
        .docx
        .ok_or_else(|| DocxError::Write("the document was lost while writing".to_owned()))?;
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.pack(&mut bytes)
        .map_err(|error| DocxError::Write(error.to_string()))?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_not_drawn_says_why() {
        let broken = raster_figure("<svg").unwrap_err().to_string();
        assert!(broken.starts_with("the SVG could not be read"), "{broken}");
        let huge = raster_figure(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="10"/>"#,
        )
        .unwrap_err()
        .to_string();
        assert!(huge.contains("outside 1 to 12000"), "{huge}");
        let jpeg = thumbnail("data:image/jpeg;base64,AAAA").unwrap_err();
        assert_eq!(jpeg.to_string(), "the image is not a PNG data URI");
        let drawn =
            raster_figure(r#"<svg xmlns="http://www.w3.org/2000/svg" width="96" height="48"/>"#);
        assert_eq!(
            drawn.map(|(_, width, height, _)| (width, height)).ok(),
            Some((300, 150))
        );
    }
}
