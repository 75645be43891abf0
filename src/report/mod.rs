//! Structured case reports (Markdown, HTML, JSON) and publication figures (SVG, PNG).
