//! Coded columns in the import dialog: a sex or outcome column written as codes (`1`, `2`)
//! gets a line where the person importing states what each code means, as the export's key
//! says. Nothing is guessed; the same text as `--mapping 'gender=sex:1=male,2=female'`.
//! Codes that do not read stay in the field, flagged there; why goes to the app's messages.

use crate::app::messages::Messages;
use crate::io::import::{ColumnRole, EntryKind, ImportMapping, MappingOverride};

/// What the dialog keeps while codes are typed (in egui's memory, per column).
#[derive(Clone, Debug, Default)]
struct CodesDraft {
    text: String,
    /// The typed codes did not read (the reason went to the messages).
    refused: bool,
}

/// A line per sex or outcome column; true when stated codes changed the overrides.
pub fn coded_values_ui(
    ui: &mut egui::Ui,
    mapping: &ImportMapping,
    overrides: &mut Vec<MappingOverride>,
    messages: &mut Messages,
) -> bool {
    let mut changed = false;
    for (role, word, example) in [
        (ColumnRole::Sex, "sex", "1=male,2=female"),
        (ColumnRole::Outcome, "outcome", "0=survived,1=died"),
    ] {
        let Some(column) = mapping.column_with(&role) else {
            continue;
        };
        let Some(entry) = mapping
            .entries
            .iter()
            .find(|entry| entry.kind == EntryKind::Column(column))
        else {
            continue;
        };
        let id = ui.make_persistent_id(("import_codes", &entry.key));
        let mut draft: CodesDraft = ui.data_mut(|data| data.get_temp(id).unwrap_or_default());
        ui.horizontal(|ui| {
            ui.label(format!("Codes of `{}` ({word}):", entry.label));
            let stated = mapping
                .value_codes
                .iter()
                .find(|codes| codes.key == entry.key);
            let hint = stated.map_or_else(|| example.to_owned(), |codes| codes.describe());
            ui.add(
                egui::TextEdit::singleline(&mut draft.text)
                    .hint_text(hint)
                    .desired_width(180.0),
            );
            if ui
                .button("Apply")
                .on_hover_text("As the export's key says; CaseLens never guesses codes")
                .clicked()
            {
                match format!("{}={word}:{}", entry.key, draft.text).parse::<MappingOverride>() {
                    Ok(stated) => {
                        overrides.retain(|change| change.key != entry.key);
                        overrides.push(stated);
                        draft.refused = false;
                        changed = true;
                    }
                    Err(problem) => {
                        draft.refused = true;
                        messages.error(format!(
                            "The codes of `{}` were not applied: {problem}. Write them as the export's key says, such as {example}.",
                            entry.label
                        ));
                    }
                }
            }
        });
        if draft.refused {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "Not applied (the reason is in the messages)",
            );
        }
        ui.data_mut(|data| data.insert_temp(id, draft));
    }
    changed
}
