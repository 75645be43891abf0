//! Text measurement with the bundled DejaVu Sans, the font the PDF embeds, so lines are
//! broken where the printed text really ends. Advances are cached per character: a report
//! measures the same few hundred characters thousands of times.

use std::collections::HashMap;

use ab_glyph::{Font, FontRef};

use crate::report::figures::style::DEJAVU_SANS;

/// Widths of text in points at a size.
pub struct Metrics {
    font: FontRef<'static>,
    units_per_em: f32,
    /// Advance of each character in em.
    advances: HashMap<char, f32>,
}

impl Metrics {
    /// `None` only if the bundled font is damaged.
    pub fn new() -> Option<Self> {
        let font = FontRef::try_from_slice(DEJAVU_SANS).ok()?;
        let units_per_em = font.units_per_em()?;
        Some(Self {
            font,
            units_per_em,
            advances: HashMap::new(),
        })
    }

    /// Width of `text` at `size` points.
    pub fn width(&mut self, text: &str, size: f32) -> f32 {
        let mut em = 0.0;
        for character in text.chars() {
            em += match self.advances.get(&character) {
                Some(advance) => *advance,
                None => {
                    let advance = self.font.h_advance_unscaled(self.font.glyph_id(character))
                        / self.units_per_em;
                    self.advances.insert(character, advance);
                    advance
                }
            };
        }
        em * size
    }

    /// Breaks `text` into lines no wider than `width` at `size`; explicit line breaks are
    /// kept, and a word longer than a line is cut where it must be.
    pub fn wrap(&mut self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line = self.cut_long_word(word, size, width, &mut lines);
            }
            lines.push(line);
        }
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines
    }

    /// Pushes full-width pieces of `word` to `lines`, returns the rest.
    fn cut_long_word(
        &mut self,
        word: &str,
        size: f32,
        width: f32,
        lines: &mut Vec<String>,
    ) -> String {
        let mut piece = String::new();
        for character in word.chars() {
            piece.push(character);
            if self.width(&piece, size) > width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(character);
            }
        }
        piece
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_the_width_and_keep_every_word() {
        let mut metrics = Metrics::new().unwrap();
        let text = "Convalescent plasma was given on hospital day 3 and lymphocytes recovered over the following week.";
        let lines = metrics.wrap(text, 10.0, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(metrics.width(line, 10.0) <= 120.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_not_lost() {
        let mut metrics = Metrics::new().unwrap();
        let word = "pneumonoultramicroscopicsilicovolcanoconiosis";
        let lines = metrics.wrap(word, 10.0, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
    }
}
