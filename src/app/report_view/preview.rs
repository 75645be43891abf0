//! The live report preview: the report walked through the same [`Sink`] as the Markdown and
//! HTML exports, collected as blocks and drawn with egui, so the preview shows exactly the
//! content an export will have.

use egui::RichText;

use crate::report::document::{Embedded, Notice, Sink};

use crate::app::theme::{DEIDENTIFIED_COLOR, ILLUSTRATIVE_COLOR};

/// One piece of the preview.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Title(String),
    Heading(u8, String),
    Paragraph(String),
    Labelled(String, String),
    Placeholder(String),
    List(Vec<String>),
    Table(Vec<String>, Vec<Vec<String>>),
    Notice(Notice, String, Vec<String>),
    Figure(String),
    Small(String),
}

/// Collects the report as blocks.
#[derive(Default)]
pub struct PreviewSink {
    pub blocks: Vec<Block>,
}

impl Sink for PreviewSink {
    fn title(&mut self, text: &str) {
        self.blocks.push(Block::Title(text.to_owned()));
    }
    fn heading(&mut self, level: u8, text: &str) {
        self.blocks.push(Block::Heading(level, text.to_owned()));
    }
    fn paragraph(&mut self, text: &str) {
        self.blocks.push(Block::Paragraph(text.to_owned()));
    }
    fn labelled(&mut self, label: &str, text: &str) {
        self.blocks
            .push(Block::Labelled(label.to_owned(), text.to_owned()));
    }
    fn placeholder(&mut self, text: &str) {
        self.blocks.push(Block::Placeholder(text.to_owned()));
    }
    fn list(&mut self, items: &[String]) {
        self.blocks.push(Block::List(items.to_vec()));
    }
    fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) {
        self.blocks.push(Block::Table(
            headers.iter().map(|header| (*header).to_owned()).collect(),
            rows.to_vec(),
        ));
    }
    fn notice(&mut self, kind: Notice, title: &str, lines: &[String]) {
        self.blocks
            .push(Block::Notice(kind, title.to_owned(), lines.to_vec()));
    }
    fn figure(&mut self, _image: &Embedded<'_>, caption: &str) {
        self.blocks.push(Block::Figure(caption.to_owned()));
    }
    fn small(&mut self, text: &str) {
        self.blocks.push(Block::Small(text.to_owned()));
    }
}

/// Draws the blocks.
pub fn blocks_ui(ui: &mut egui::Ui, blocks: &[Block]) {
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Title(text) => {
                ui.heading(text);
            }
            Block::Heading(level, text) => {
                ui.add_space(6.0);
                let size = if *level <= 2 { 17.0 } else { 14.5 };
                ui.label(RichText::new(text).size(size).strong());
            }
            Block::Paragraph(text) => {
                ui.label(text);
            }
            Block::Labelled(label, text) => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{label}:")).strong());
                    ui.label(text);
                });
            }
            Block::Placeholder(text) => {
                ui.label(RichText::new(text).italics().weak());
            }
            Block::List(items) => {
                for item in items {
                    ui.label(format!("• {item}"));
                }
            }
            Block::Table(headers, rows) => table_ui(ui, index, headers, rows),
            Block::Notice(kind, title, lines) => {
                let color = match kind {
                    Notice::Deidentified => DEIDENTIFIED_COLOR,
                    Notice::Illustrative => ILLUSTRATIVE_COLOR,
                };
                egui::Frame::new()
                    .stroke(egui::Stroke::new(1.0, color))
                    .inner_margin(6.0)
                    .corner_radius(4.0)
                    .show(ui, |ui| {
                        ui.label(RichText::new(title).strong().color(color));
                        for line in lines {
                            ui.label(line);
                        }
                    });
            }
            Block::Figure(caption) => {
                ui.label(RichText::new(format!("[figure] {caption}")).italics());
            }
            Block::Small(text) => {
                ui.label(RichText::new(text).small().weak());
            }
        }
    }
}

fn table_ui(ui: &mut egui::Ui, index: usize, headers: &[String], rows: &[Vec<String>]) {
    egui::ScrollArea::horizontal()
        .id_salt(("report_preview_table", index))
        .show(ui, |ui| {
            egui::Grid::new(("report_preview_grid", index))
                .striped(true)
                .num_columns(headers.len())
                .show(ui, |ui| {
                    for header in headers {
                        ui.label(RichText::new(header).strong());
                    }
                    ui.end_row();
                    for row in rows {
                        for cell in row {
                            cell_ui(ui, cell);
                        }
                        ui.end_row();
                    }
                });
        });
}

/// Long cells (intervention notes) are shortened; the whole text shows on hover.
fn cell_ui(ui: &mut egui::Ui, text: &str) {
    const LONGEST: usize = 90;
    if text.chars().count() <= LONGEST {
        ui.label(text);
    } else {
        let shortened: String = text.chars().take(LONGEST).collect();
        ui.label(format!("{}…", shortened.trim_end()))
            .on_hover_text(text);
    }
}
