//! The case details the report prints and the CARE table judges (title, keywords, source,
//! DOI, licence, illustrative note), edited like the report sections: the text is written to
//! the case when the field is left, as one undoable edit, and a refused edit keeps the text
//! with the reason next to the field.

use egui::RichText;

use crate::model::Case;

/// One editable metadata field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailField {
    Title,
    Keywords,
    Source,
    Doi,
    Licence,
    IllustrativeNote,
}

impl DetailField {
    pub const ALL: [Self; 6] = [
        Self::Title,
        Self::Keywords,
        Self::Source,
        Self::Doi,
        Self::Licence,
        Self::IllustrativeNote,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Title => "Title (CARE item 1)",
            Self::Keywords => "Keywords (CARE item 2)",
            Self::Source => "Source citation",
            Self::Doi => "DOI",
            Self::Licence => "Licence of the source",
            Self::IllustrativeNote => "What is reconstructed (illustrative note)",
        }
    }

    /// The name of the edit in the undo history.
    pub fn edit_description(self) -> &'static str {
        match self {
            Self::Title => "Edit title",
            Self::Keywords => "Edit keywords",
            Self::Source => "Edit source citation",
            Self::Doi => "Edit DOI",
            Self::Licence => "Edit licence",
            Self::IllustrativeNote => "Edit illustrative note",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Self::Title => "Names the focus and says \"case report\"",
            Self::Keywords => "2 to 5, separated by commas",
            Self::Source => "Full citation of the publication or record",
            Self::Doi => "10.xxxx/…",
            Self::Licence => "Such as CC BY 4.0",
            Self::IllustrativeNote => "Which values are reconstructed, and how",
        }
    }

    fn multiline(self) -> bool {
        matches!(self, Self::Source | Self::IllustrativeNote)
    }

    /// Whether the field applies to the case: the note only to an illustrative case.
    fn shown_for(self, case: &Case) -> bool {
        self != Self::IllustrativeNote || case.metadata.illustrative
    }

    /// The field's value as the text the reviewer edits.
    pub fn stored_text(self, case: &Case) -> String {
        let metadata = &case.metadata;
        let optional = |value: &Option<String>| value.clone().unwrap_or_default();
        match self {
            Self::Title => metadata.title.clone(),
            Self::Keywords => metadata.keywords.join(", "),
            Self::Source => optional(&metadata.source),
            Self::Doi => optional(&metadata.doi),
            Self::Licence => optional(&metadata.licence),
            Self::IllustrativeNote => optional(&metadata.illustrative_note),
        }
    }

    /// Writes the text into the case: trimmed, keywords split at commas with empties dropped,
    /// an empty optional field left out.
    pub fn apply(self, case: &mut Case, text: &str) {
        let metadata = &mut case.metadata;
        let optional = || Some(text.trim().to_owned()).filter(|text| !text.is_empty());
        match self {
            Self::Title => metadata.title = text.trim().to_owned(),
            Self::Keywords => metadata.keywords = parse_keywords(text),
            Self::Source => metadata.source = optional(),
            Self::Doi => metadata.doi = optional(),
            Self::Licence => metadata.licence = optional(),
            Self::IllustrativeNote => metadata.illustrative_note = optional(),
        }
    }

    /// Whether writing `text` would leave the case as it is.
    fn unchanged(self, case: &Case, text: &str) -> bool {
        let mut edited = case.clone();
        self.apply(&mut edited, text);
        edited.metadata == case.metadata
    }
}

/// Comma-separated keywords, trimmed, empties dropped.
pub fn parse_keywords(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|keyword| !keyword.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The text being typed in one field, and why the case refused it last time.
#[derive(Debug)]
struct Draft {
    field: DetailField,
    text: String,
    error: Option<String>,
}

/// The drafts of the details form.
#[derive(Debug, Default)]
pub struct DetailDrafts {
    drafts: Vec<Draft>,
}

impl DetailDrafts {
    /// Records the outcome of writing a field: a refusal is shown next to it, with its text kept.
    pub fn set_outcome(&mut self, field: DetailField, error: Option<String>) {
        if let Some(draft) = self.drafts.iter_mut().find(|draft| draft.field == field) {
            draft.error = error;
        }
    }

    fn draft_mut(&mut self, field: DetailField, case: &Case) -> Option<&mut Draft> {
        if !self.drafts.iter().any(|draft| draft.field == field) {
            self.drafts.push(Draft {
                field,
                text: field.stored_text(case),
                error: None,
            });
        }
        self.drafts.iter_mut().find(|draft| draft.field == field)
    }
}

/// The details form; returns a field to write when its field lost focus changed.
pub fn details_ui(
    ui: &mut egui::Ui,
    case: &Case,
    drafts: &mut DetailDrafts,
) -> Option<(DetailField, String)> {
    let mut pending = None;
    egui::CollapsingHeader::new(RichText::new("Case details").heading())
        .id_salt("report_case_details")
        // Closed at first so the report sections stay in view; the CARE table says when a
        // detail needs fixing.
        .default_open(false)
        .show(ui, |ui| {
            ui.label(
                RichText::new("Printed in the report. Each change is one undoable edit.").weak(),
            );
            for field in DetailField::ALL {
                if !field.shown_for(case) {
                    continue;
                }
                if let Some(draft) = drafts.draft_mut(field, case)
                    && let Some(text) = field_ui(ui, case, draft)
                {
                    pending = Some((field, text));
                }
            }
        });
    pending
}

fn field_ui(ui: &mut egui::Ui, case: &Case, draft: &mut Draft) -> Option<String> {
    let field = draft.field;
    let label = ui.label(RichText::new(field.label()).strong());
    let editor = if field.multiline() {
        egui::TextEdit::multiline(&mut draft.text).desired_rows(2)
    } else {
        egui::TextEdit::singleline(&mut draft.text)
    };
    let response = ui
        .add(editor.desired_width(f32::INFINITY).hint_text(field.hint()))
        .labelled_by(label.id);
    let mut pending = None;
    if response.lost_focus() {
        if field.unchanged(case, &draft.text) {
            draft.error = None;
        } else {
            pending = Some(draft.text.clone());
        }
    } else if !response.has_focus() && draft.error.is_none() {
        let stored = field.stored_text(case);
        if draft.text != stored {
            // Undo, redo or another view changed the case, or the text was just written in
            // its tidied form: show what the case holds now.
            draft.text = stored;
        }
    }
    if let Some(error) = &draft.error {
        ui.label(RichText::new(format!("Not saved: {error}")).color(ui.visuals().error_fg_color));
    }
    pending
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_trimmed_and_empties_dropped() {
        assert_eq!(
            parse_keywords(" COVID-19 , ,case report,, plasma "),
            vec!["COVID-19", "case report", "plasma"]
        );
        assert!(parse_keywords(" , ").is_empty());
    }
}
