//! Page layout of the PDF report: a [`Sink`] that flows the report's blocks down pages of a
//! paper size, wrapping text with the embedded font's real widths, breaking tables across
//! pages with their header repeated, and keeping a figure and its caption together. It only
//! records drawing operations; `pdf::draw` turns them into PDF.

use std::sync::{Arc, OnceLock};

use super::Paper;
use super::text::Metrics;
use crate::report::document::{Embedded, Notice, Sink};

pub type Rgb = (u8, u8, u8);

pub const INK: Rgb = (33, 33, 33);
const MUTED: Rgb = (95, 95, 95);
const RULE: Rgb = (190, 190, 190);
const TABLE_HEAD: Rgb = (241, 241, 241);
const TABLE_BORDER: Rgb = (207, 207, 207);

const BODY_PT: f32 = 10.0;
const SMALL_PT: f32 = 8.0;
const TABLE_PT: f32 = 8.5;
const CAPTION_PT: f32 = 9.0;
const CELL_PAD: f32 = 3.0;
/// Distance from a line's top to its baseline, as a share of the size (DejaVu's ascent).
const ASCENT: f32 = 0.93;
const LEADING: f32 = 1.3;

/// One drawing operation, in points from the page's top-left corner.
pub enum Op {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        color: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        fill: Option<Rgb>,
        stroke: Option<Rgb>,
    },
    Svg {
        index: usize,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
    Png {
        index: usize,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
}

/// The fonts SVG figures name: only the bundled one, so every machine draws the same.
pub fn svg_options() -> usvg::Options<'static> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    let fonts = FONTS.get_or_init(|| {
        let mut database = usvg::fontdb::Database::new();
        database.load_font_data(crate::report::figures::style::DEJAVU_SANS.to_vec());
        database.set_sans_serif_family("DejaVu Sans");
        Arc::new(database)
    });
    usvg::Options {
        font_family: "DejaVu Sans".to_owned(),
        fontdb: Arc::clone(fonts),
        ..usvg::Options::default()
    }
}

/// The laid-out report.
pub struct PdfSink {
    metrics: Metrics,
    paper: Paper,
    pub pages: Vec<Vec<Op>>,
    pub svgs: Vec<usvg::Tree>,
    pub pngs: Vec<Vec<u8>>,
    /// Figures that could not be placed, with the reason; the report says so in their place.
    pub problems: Vec<String>,
    y: f32,
}

impl PdfSink {
    pub fn new(paper: Paper, metrics: Metrics) -> Self {
        Self {
            metrics,
            paper,
            pages: vec![Vec::new()],
            svgs: Vec::new(),
            pngs: Vec::new(),
            problems: Vec::new(),
            y: paper.margin(),
        }
    }

    fn left(&self) -> f32 {
        self.paper.margin()
    }

    fn text_width(&self) -> f32 {
        self.paper.size().0 - 2.0 * self.paper.margin()
    }

    fn bottom(&self) -> f32 {
        self.paper.size().1 - self.paper.margin()
    }

    fn content_height(&self) -> f32 {
        self.bottom() - self.paper.margin()
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.paper.margin();
    }

    /// Starts a new page unless `height` still fits (or the page is empty anyway).
    fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > self.paper.margin() + 0.5 {
            self.new_page();
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn space(&mut self, points: f32) {
        if self.y > self.paper.margin() + 0.5 {
            self.y += points;
        }
    }

    /// Wrapped text at the current position; `keep` more points must fit after the first
    /// line (a heading keeps with what follows it).
    fn text(&mut self, text: &str, size: f32, color: Rgb, indent: f32, keep: f32) {
        let width = self.text_width() - indent;
        let lines = self.metrics.wrap(text, size, width);
        let line_height = size * LEADING;
        self.ensure(line_height + keep);
        for line in lines {
            self.ensure(line_height);
            let baseline = self.y + size * ASCENT;
            let x = self.left() + indent;
            self.push(Op::Text {
                x,
                baseline,
                size,
                color,
                text: line,
            });
            self.y += line_height;
        }
    }

    fn table_row(&mut self, cells: &[Vec<String>], widths: &[f32], head: bool) -> f32 {
        let line_height = TABLE_PT * LEADING;
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = lines as f32 * line_height + 2.0 * CELL_PAD;
        let mut x = self.left();
        for (cell, width) in cells.iter().zip(widths) {
            self.push(Op::Rect {
                x,
                y: self.y,
                width: *width,
                height,
                fill: head.then_some(TABLE_HEAD),
                stroke: Some(TABLE_BORDER),
            });
            for (index, line) in cell.iter().enumerate() {
                let baseline = self.y + CELL_PAD + index as f32 * line_height + TABLE_PT * ASCENT;
                self.push(Op::Text {
                    x: x + CELL_PAD,
                    baseline,
                    size: TABLE_PT,
                    color: INK,
                    text: line.clone(),
                });
            }
            x += width;
        }
        self.y += height;
        height
    }

    /// Column widths: each column's longest word always fits; the rest of the width goes
    /// to the columns whose text is longest.
    fn column_widths(&mut self, headers: &[&str], rows: &[Vec<String>]) -> Vec<f32> {
        let available = self.text_width();
        let columns = headers.len().max(1);
        let mut least = vec![0.0f32; columns];
        let mut natural = vec![0.0f32; columns];
        let header: Vec<String> = headers.iter().map(|text| (*text).to_owned()).collect();
        for row in std::iter::once(&header).chain(rows) {
            for (column, text) in row.iter().enumerate().take(columns) {
                let longest_word = text
                    .split_whitespace()
                    .map(|word| self.metrics.width(word, TABLE_PT))
                    .fold(0.0, f32::max);
                let whole = self.metrics.width(text, TABLE_PT);
                least[column] = least[column].max(longest_word.min(available * 0.4));
                natural[column] = natural[column].max(whole);
            }
        }
        let pad = 2.0 * CELL_PAD + 1.0;
        let least: Vec<f32> = least.iter().map(|width| width + pad).collect();
        let natural: Vec<f32> = natural.iter().map(|width| width + pad).collect();
        let least_total: f32 = least.iter().sum();
        let natural_total: f32 = natural.iter().sum();
        if natural_total <= available {
            let extra = (available - natural_total) / columns as f32;
            return natural.iter().map(|width| width + extra).collect();
        }
        if least_total >= available {
            return least
                .iter()
                .map(|width| width * available / least_total)
                .collect();
        }
        let spare = available - least_total;
        let wanted: f32 = natural.iter().zip(&least).map(|(n, l)| n - l).sum();
        least
            .iter()
            .zip(&natural)
            .map(|(l, n)| l + spare * (n - l) / wanted.max(1e-3))
            .collect()
    }

    fn wrap_cells(&mut self, row: &[String], widths: &[f32]) -> Vec<Vec<String>> {
        widths
            .iter()
            .enumerate()
            .map(|(column, width)| {
                let text = row.get(column).map_or("", String::as_str);
                self.metrics
                    .wrap(text, TABLE_PT, width - 2.0 * CELL_PAD - 1.0)
            })
            .collect()
    }

    /// Places an SVG figure at the text width (or smaller if it is narrower), on one page.
    fn svg_figure(&mut self, svg: &str, caption: &str) -> Result<(), usvg::Error> {
        let tree = usvg::Tree::from_str(svg, &svg_options())?;
        // usvg sizes are CSS pixels (96 per inch); PDF points are 72 per inch.
        let (natural_width, natural_height) =
            (tree.size().width() * 0.75, tree.size().height() * 0.75);
        self.svgs.push(tree);
        let index = self.svgs.len() - 1;
        self.place_image(
            natural_width,
            natural_height,
            caption,
            |x, y, width, height| Op::Svg {
                index,
                x,
                y,
                width,
                height,
            },
        );
        Ok(())
    }

    fn place_image(
        &mut self,
        natural_width: f32,
        natural_height: f32,
        caption: &str,
        op: impl Fn(f32, f32, f32, f32) -> Op,
    ) {
        let caption_lines = self
            .metrics
            .wrap(caption, CAPTION_PT, self.text_width())
            .len();
        let caption_height = caption_lines as f32 * CAPTION_PT * LEADING + 4.0;
        let fit = (self.text_width() / natural_width)
            .min((self.content_height() - caption_height) / natural_height)
            .min(1.0);
        let (width, height) = (natural_width * fit, natural_height * fit);
        self.space(6.0);
        self.ensure(height + caption_height);
        let x = self.left();
        let y = self.y;
        self.push(op(x, y, width, height));
        self.y += height + 4.0;
        self.text(caption, CAPTION_PT, INK, 0.0, 0.0);
        self.space(6.0);
    }
}

impl Sink for PdfSink {
    fn title(&mut self, text: &str) {
        self.text(text, 17.0, INK, 0.0, 0.0);
        self.space(4.0);
    }

    fn heading(&mut self, level: u8, text: &str) {
        let size = if level <= 2 { 13.0 } else { 11.0 };
        self.space(size * 0.8);
        // A heading never ends a page: three body lines must follow it.
        self.text(text, size, INK, 0.0, 3.0 * BODY_PT * LEADING);
        if level <= 2 {
            let y = self.y;
            let (x, width) = (self.left(), self.text_width());
            self.push(Op::Rect {
                x,
                y,
                width,
                height: 0.5,
                fill: Some(RULE),
                stroke: None,
            });
        }
        self.space(4.0);
    }

    fn paragraph(&mut self, text: &str) {
        self.text(text, BODY_PT, INK, 0.0, 0.0);
        self.space(4.0);
    }

    fn labelled(&mut self, label: &str, text: &str) {
        self.text(&format!("{label}: {text}"), BODY_PT, INK, 0.0, 0.0);
        self.space(3.0);
    }

    fn placeholder(&mut self, text: &str) {
        self.text(text, BODY_PT, MUTED, 0.0, 0.0);
        self.space(3.0);
    }

    fn list(&mut self, items: &[String]) {
        for item in items {
            let size = BODY_PT;
            let line_height = size * LEADING;
            self.ensure(line_height);
            let (x, baseline) = (self.left() + 4.0, self.y + size * ASCENT);
            self.push(Op::Text {
                x,
                baseline,
                size,
                color: INK,
                text: "•".to_owned(),
            });
            self.text(item, size, INK, 14.0, 0.0);
        }
        self.space(4.0);
    }

    fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) {
        let widths = self.column_widths(headers, rows);
        let header: Vec<String> = headers.iter().map(|text| (*text).to_owned()).collect();
        let header_cells = self.wrap_cells(&header, &widths);
        let header_height =
            header_cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * TABLE_PT * LEADING
                + 2.0 * CELL_PAD;
        self.space(2.0);
        let first_row_height = rows.first().map_or(0.0, |row| {
            let cells = self.wrap_cells(row, &widths);
            cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * TABLE_PT * LEADING
                + 2.0 * CELL_PAD
        });
        self.ensure(header_height + first_row_height);
        self.table_row(&header_cells, &widths, true);
        for row in rows {
            let cells = self.wrap_cells(row, &widths);
            let height = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * TABLE_PT * LEADING
                + 2.0 * CELL_PAD;
            if self.y + height > self.bottom() {
                // The table goes on over the page, under its header again.
                self.new_page();
                self.table_row(&header_cells, &widths, true);
            }
            self.table_row(&cells, &widths, false);
        }
        self.space(6.0);
    }

    fn notice(&mut self, kind: Notice, title: &str, lines: &[String]) {
        let (border, fill) = match kind {
            Notice::Deidentified => ((42, 111, 176), (238, 245, 252)),
            Notice::Illustrative => ((192, 122, 0), (255, 246, 229)),
        };
        let inner = self.text_width() - 16.0;
        let mut wrapped: Vec<(f32, String)> = self
            .metrics
            .wrap(title, 10.5, inner)
            .into_iter()
            .map(|line| (10.5, line))
            .collect();
        for line in lines {
            for piece in self.metrics.wrap(line, 9.0, inner) {
                wrapped.push((9.0, piece));
            }
        }
        let height: f32 = wrapped.iter().map(|(size, _)| size * LEADING).sum::<f32>() + 12.0;
        self.space(4.0);
        if height <= self.content_height() {
            self.ensure(height);
            let (x, y, width) = (self.left(), self.y, self.text_width());
            self.push(Op::Rect {
                x,
                y,
                width,
                height,
                fill: Some(fill),
                stroke: Some(border),
            });
            self.y += 6.0;
        }
        for (size, line) in wrapped {
            self.ensure(size * LEADING);
            let (x, baseline) = (self.left() + 8.0, self.y + size * ASCENT);
            self.push(Op::Text {
                x,
                baseline,
                size,
                color: INK,
                text: line,
            });
            self.y += size * LEADING;
        }
        self.y += 6.0;
        self.space(6.0);
    }

    fn figure(&mut self, image: &Embedded<'_>, caption: &str) {
        if let Some(svg) = image.svg {
            if let Err(problem) = self.svg_figure(svg, caption) {
                let message = format!("{}: not drawn ({problem}).", image.alt);
                self.text(&message, SMALL_PT, MUTED, 0.0, 0.0);
                self.problems.push(message);
            }
            return;
        }
        let Some(png) = image.data_uri.and_then(png_from_data_uri) else {
            return;
        };
        let Some((width_px, height_px)) = png_size(&png) else {
            return;
        };
        // Thumbnails print at 60 mm wide at most, as in the HTML report.
        let width = (width_px as f32 * 0.75).min(170.0);
        let height = width * height_px as f32 / width_px.max(1) as f32;
        self.pngs.push(png);
        let index = self.pngs.len() - 1;
        self.place_image(width, height, caption, |x, y, width, height| Op::Png {
            index,
            x,
            y,
            width,
            height,
        });
    }

    fn small(&mut self, text: &str) {
        self.text(text, SMALL_PT, MUTED, 0.0, 0.0);
        self.space(2.0);
    }
}

/// The PNG inside a `data:image/png;base64,…` URI.
fn png_from_data_uri(uri: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let encoded = uri.strip_prefix("data:image/png;base64,")?;
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
}

/// Width and height from a PNG's IHDR.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let width = u32::from_be_bytes(png.get(16..20)?.try_into().ok()?);
    let height = u32::from_be_bytes(png.get(20..24)?.try_into().ok()?);
    (width > 0 && height > 0).then_some((width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &[Op]) -> Vec<&str> {
        page.iter()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_long_table_continues_on_the_next_pages_under_its_header_row() {
        let mut sink = PdfSink::new(Paper::A4, Metrics::new().unwrap());
        sink.heading(2, "Laboratory course");
        let rows: Vec<Vec<String>> = (1..=150)
            .map(|day| vec![format!("hospital day {day}"), format!("{}.5", day % 17)])
            .collect();
        sink.table(&["When", "CRP (mg/L)"], &rows);
        assert!(sink.pages.len() >= 3, "{} pages", sink.pages.len());
        for (number, page) in sink.pages.iter().enumerate() {
            let page_texts = texts(page);
            assert!(
                page_texts.contains(&"When"),
                "page {} has no header row",
                number + 1
            );
            // Nothing is drawn below the bottom margin.
            for op in page {
                if let Op::Text { baseline, .. } = op {
                    assert!(
                        *baseline <= Paper::A4.size().1 - Paper::A4.margin(),
                        "{baseline}"
                    );
                }
            }
        }
        let all: Vec<&str> = sink.pages.iter().flat_map(|page| texts(page)).collect();
        for day in [1, 75, 150] {
            assert!(
                all.contains(&format!("hospital day {day}").as_str()),
                "row {day} lost"
            );
        }
    }

    #[test]
    fn a_heading_never_ends_a_page() {
        let mut sink = PdfSink::new(Paper::Letter, Metrics::new().unwrap());
        let filler = "Lymphocytes recovered slowly after the second infusion. ".repeat(8);
        for _ in 0..200 {
            sink.paragraph(&filler);
            sink.heading(2, "Section");
        }
        sink.paragraph("The end.");
        assert!(sink.pages.len() > 5);
        for page in &sink.pages {
            let page_texts = texts(page);
            assert_ne!(
                page_texts.last(),
                Some(&"Section"),
                "a heading alone at a page's foot"
            );
        }
    }
}
