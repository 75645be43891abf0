//! Small widgets of the imaging view.

use std::collections::HashMap;

/// A text field that edits a copy of `current` and hands back the new text once, when
/// editing ends (focus leaves, or Enter in a single-line field), so that typing a finding
/// is one undoable edit and not one per keystroke. While the field is not being edited it
/// follows `current` (after an undo, say).
pub fn committed_text_ui(
    ui: &mut egui::Ui,
    buffers: &mut HashMap<String, String>,
    key: &str,
    current: &str,
    multiline: bool,
    hint: &str,
) -> Option<String> {
    let buffer = buffers
        .entry(key.to_owned())
        .or_insert_with(|| current.to_owned());
    let editor = if multiline {
        egui::TextEdit::multiline(buffer).desired_rows(3)
    } else {
        egui::TextEdit::singleline(buffer)
    };
    let response = ui.add(
        editor
            .id_salt(key)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    );
    if response.lost_focus() {
        return (buffer.as_str() != current).then(|| buffer.clone());
    }
    if !response.has_focus() && buffer.as_str() != current {
        current.clone_into(buffer);
    }
    None
}
