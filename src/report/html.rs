//! HTML rendering: one self-contained file (inline SVG figures, thumbnails as data URIs, no
//! external resource) with a print stylesheet whose margins fit both A4 and US Letter. All
//! text from the case is escaped, so a note containing `<script>` shows as text.

use super::document::{Embedded, Notice, Sink};

/// An HTML body under construction.
#[derive(Default)]
pub struct HtmlSink {
    pub body: String,
    title: String,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

fn escape_lines(text: &str) -> String {
    text.lines().map(escape).collect::<Vec<_>>().join("<br>\n")
}

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 10.5pt; line-height: 1.45;
  color: #212121; max-width: 190mm; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 17pt; margin-bottom: 0.4em; }
h2 { font-size: 13pt; border-bottom: 1px solid #ccc; padding-bottom: 2px; margin-top: 1.6em; }
h3 { font-size: 11pt; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 0.8em; font-size: 9pt; }
th, td { border: 1px solid #cfcfcf; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #f1f1f1; }
.notice { border: 1px solid; border-radius: 4px; padding: 0.5em 0.9em; margin: 0.8em 0; }
.notice.deidentified { border-color: DEIDENTIFIED; background: #eef5fc; }
.notice.illustrative { border-color: ILLUSTRATIVE; background: #fff6e5; }
.notice p { margin: 0.3em 0; }
.placeholder { color: #777; font-style: italic; }
small, .small { color: #555; font-size: 8.5pt; display: block; margin: 0.3em 0; }
figure { margin: 1em 0; page-break-inside: avoid; break-inside: avoid; }
figure svg, figure img { max-width: 100%; height: auto; display: block; }
figure img.thumbnail { max-width: 60mm; border: 1px solid #ccc; }
figcaption { font-size: 9pt; color: #333; margin-top: 0.3em; }
@page { size: auto; margin: 15mm 14mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, .notice, figure { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"#;

impl HtmlSink {
    /// The complete document.
    pub fn finish(self) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"CaseLens\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
            escape(&self.title),
            style(),
            self.body
        )
    }
}

/// The stylesheet, with the notices in the palette's colours.
fn style() -> String {
    STYLE
        .replace("DEIDENTIFIED", &crate::palette::DEIDENTIFIED.hex())
        .replace("ILLUSTRATIVE", &crate::palette::ILLUSTRATIVE.hex())
}

impl Sink for HtmlSink {
    fn title(&mut self, text: &str) {
        self.title = text.to_owned();
        self.body.push_str(&format!("<h1>{}</h1>\n", escape(text)));
    }

    fn heading(&mut self, level: u8, text: &str) {
        let level = level.clamp(1, 6);
        self.body
            .push_str(&format!("<h{level}>{}</h{level}>\n", escape(text)));
    }

    fn paragraph(&mut self, text: &str) {
        self.body
            .push_str(&format!("<p>{}</p>\n", escape_lines(text)));
    }

    fn labelled(&mut self, label: &str, text: &str) {
        self.body.push_str(&format!(
            "<p><strong>{}:</strong> {}</p>\n",
            escape(label),
            escape_lines(text)
        ));
    }

    fn placeholder(&mut self, text: &str) {
        self.body
            .push_str(&format!("<p class=\"placeholder\">{}</p>\n", escape(text)));
    }

    fn list(&mut self, items: &[String]) {
        self.body.push_str("<ul>\n");
        for item in items {
            self.body.push_str(&format!("<li>{}</li>\n", escape(item)));
        }
        self.body.push_str("</ul>\n");
    }

    fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) {
        self.body.push_str("<table>\n<thead><tr>");
        for header in headers {
            self.body.push_str(&format!("<th>{}</th>", escape(header)));
        }
        self.body.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.body.push_str("<tr>");
            for cell in row {
                self.body
                    .push_str(&format!("<td>{}</td>", escape_lines(cell)));
            }
            self.body.push_str("</tr>\n");
        }
        self.body.push_str("</tbody>\n</table>\n");
    }

    fn notice(&mut self, kind: Notice, title: &str, lines: &[String]) {
        let class = match kind {
            Notice::Deidentified => "deidentified",
            Notice::Illustrative => "illustrative",
        };
        self.body.push_str(&format!(
            "<div class=\"notice {class}\" role=\"note\">\n<p><strong>{}.</strong></p>\n",
            escape(title)
        ));
        for line in lines {
            self.body.push_str(&format!("<p>{}</p>\n", escape(line)));
        }
        self.body.push_str("</div>\n");
    }

    fn figure(&mut self, image: &Embedded<'_>, caption: &str) {
        self.body.push_str("<figure>\n");
        match (image.svg, image.data_uri) {
            // Generated by plotters, which escapes every text it draws.
            (Some(svg), _) => self.body.push_str(svg),
            (None, Some(uri)) if uri.starts_with("data:image/png;base64,") => {
                self.body.push_str(&format!(
                    "<img class=\"thumbnail\" alt=\"{}\" src=\"{}\">",
                    escape(image.alt),
                    escape(uri)
                ));
            }
            _ => {}
        }
        self.body.push_str(&format!(
            "\n<figcaption>{}</figcaption>\n</figure>\n",
            escape(caption)
        ));
    }

    fn small(&mut self, text: &str) {
        self.body
            .push_str(&format!("<p class=\"small\">{}</p>\n", escape(text)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_markup_character_is_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
