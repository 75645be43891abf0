//! Markdown rendering (CommonMark with pipe tables). Reviewer text is escaped so that it
//! shows as typed: `<script>` becomes `&lt;script&gt;`, which every renderer displays as
//! text, and Markdown punctuation cannot turn prose into markup. Figures and thumbnails are
//! written beside the `.md` file and linked by relative name.

use super::document::{Embedded, Notice, Sink};

/// A Markdown document under construction, with the files it links to.
#[derive(Default)]
pub struct MarkdownSink {
    pub text: String,
    /// (file name, bytes) of figures and thumbnails to write beside the Markdown file.
    pub attachments: Vec<(String, Vec<u8>)>,
}

/// Escapes plain text for Markdown prose.
pub fn escape(text: &str) -> String {
    escape_with(text, true)
}

/// Escapes text inside a line (a table cell), where block markers at the start mean nothing.
fn escape_inline(text: &str) -> String {
    escape_with(text, false)
}

fn escape_with(text: &str, block_start_matters: bool) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut at_line_start = block_start_matters;
    for (offset, character) in text.char_indices() {
        match character {
            // Only `&name;` and `&#123;` are entities; a lone `&` is text and stays readable.
            '&' if starts_entity(&text[offset + 1..]) => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '#' | '+' | '-' | '=' if at_line_start => {
                escaped.push('\\');
                escaped.push(character);
            }
            other => escaped.push(other),
        }
        at_line_start =
            block_start_matters && (character == '\n' || (at_line_start && character == ' '));
    }
    escaped
}

fn starts_entity(rest: &str) -> bool {
    let name_length = rest
        .trim_start_matches('#')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .count();
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    name_length > 0 && rest[hashes + name_length..].starts_with(';')
}

/// Escapes text for one table cell: no line breaks inside a row.
fn cell(text: &str) -> String {
    escape_inline(text.trim())
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

impl Sink for MarkdownSink {
    fn title(&mut self, text: &str) {
        self.text
            .push_str(&format!("# {}\n\n", escape(text).replace('\n', " ")));
    }

    fn heading(&mut self, level: u8, text: &str) {
        let hashes = "#".repeat(usize::from(level.clamp(1, 6)));
        self.text
            .push_str(&format!("{hashes} {}\n\n", escape(text)));
    }

    fn paragraph(&mut self, text: &str) {
        // A single line break inside a paragraph is kept as a hard break.
        let lines: Vec<String> = text.lines().map(escape).collect();
        self.text.push_str(&lines.join("  \n"));
        self.text.push_str("\n\n");
    }

    fn labelled(&mut self, label: &str, text: &str) {
        let lines: Vec<String> = text.lines().map(escape).collect();
        self.text.push_str(&format!(
            "**{}:** {}\n\n",
            escape(label),
            lines.join("  \n")
        ));
    }

    fn placeholder(&mut self, text: &str) {
        self.text.push_str(&format!("*{}*\n\n", escape(text)));
    }

    fn list(&mut self, items: &[String]) {
        for item in items {
            self.text
                .push_str(&format!("- {}\n", escape(item).replace('\n', " ")));
        }
        self.text.push('\n');
    }

    fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) {
        let header: Vec<String> = headers.iter().map(|header| cell(header)).collect();
        self.text.push_str(&format!("| {} |\n", header.join(" | ")));
        self.text
            .push_str(&format!("|{}\n", " --- |".repeat(headers.len())));
        for row in rows {
            let cells: Vec<String> = row.iter().map(|text| cell(text)).collect();
            self.text.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        self.text.push('\n');
    }

    fn notice(&mut self, _kind: Notice, title: &str, lines: &[String]) {
        self.text.push_str(&format!("> **{}.**\n", escape(title)));
        for line in lines {
            self.text
                .push_str(&format!(">\n> {}\n", escape(line).replace('\n', " ")));
        }
        self.text.push('\n');
    }

    fn figure(&mut self, image: &Embedded<'_>, caption: &str) {
        let bytes = match (image.svg, image.data_uri) {
            (Some(svg), _) => Some(svg.as_bytes().to_vec()),
            (None, Some(uri)) => decode_data_uri(uri),
            (None, None) => None,
        };
        if let Some(bytes) = bytes {
            self.attachments.push((image.file_name.clone(), bytes));
            self.text.push_str(&format!(
                "![{}]({})\n\n",
                escape(image.alt),
                image.file_name.replace(' ', "%20")
            ));
        }
        self.text.push_str(&format!("*{}*\n\n", escape(caption)));
    }

    fn small(&mut self, text: &str) {
        self.text
            .push_str(&format!("<small>{}</small>\n\n", escape(text)));
    }
}

/// The bytes of a `data:…;base64,` URI we made ourselves.
fn decode_data_uri(uri: &str) -> Option<Vec<u8>> {
    let (_, encoded) = uri.split_once(";base64,")?;
    let mut bytes = Vec::with_capacity(encoded.len() / 4 * 3);
    let mut buffer = 0u32;
    let mut bits = 0;
    for symbol in encoded.bytes().filter(|byte| *byte != b'=') {
        let value = match symbol {
            b'A'..=b'Z' => symbol - b'A',
            b'a'..=b'z' => symbol - b'a' + 26,
            b'0'..=b'9' => symbol - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
        }
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_reviewer_text_is_shown_as_typed() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("a | b *c*"), "a \\| b \\*c\\*");
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(escape("IL-6 rose"), "IL-6 rose");
        assert_eq!(
            escape("Research & Therapy &amp; more"),
            "Research & Therapy &amp;amp; more"
        );
        assert_eq!(cell("-0.7 | #1"), "-0.7 \\| #1");
    }

    #[test]
    fn data_uris_decode_back_to_their_bytes() {
        let uri = crate::report::images::png_data_uri(b"any bytes\x00\xff");
        assert_eq!(decode_data_uri(&uri), Some(b"any bytes\x00\xff".to_vec()));
    }
}
