//! The editor of one study: label, modality, time, findings, note, the structured reading
//! (distribution, patterns, change against the previous study, severity score) and the
//! attached images. Each change is one undoable edit; text fields commit when left.

use super::reading;
use super::widgets::committed_text_ui;
use super::{ImagingState, attach_image, edit_milestone, format_time, parse_time};
use crate::app::document::CaseDocument;
use crate::model::{ImagingMilestone, Modality, NoteTarget};

pub fn editor_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut ImagingState,
    label: &str,
) {
    let Some(milestone) = document
        .case()
        .milestones
        .iter()
        .find(|milestone| milestone.label == label)
        .cloned()
    else {
        return;
    };
    ui.heading(format!("Study {label}"));
    egui::Grid::new("imaging_editor_grid")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            ui.label("Label");
            let key = format!("{label}/label");
            if let Some(new_label) =
                committed_text_ui(ui, &mut state.text_buffers, &key, label, false, "A1, B3…")
            {
                rename(document, state, label, new_label.trim());
            }
            ui.end_row();

            ui.label("Date and time");
            ui.vertical(|ui| time_ui(ui, document, state, &milestone));
            ui.end_row();
        });
    modality_ui(ui, document, state, &milestone);
    ui.label("Findings");
    let key = format!("{label}/findings");
    if let Some(findings) = committed_text_ui(
        ui,
        &mut state.text_buffers,
        &key,
        &milestone.findings,
        true,
        "The findings as reported",
    ) {
        edit_milestone(
            document,
            state,
            label,
            format!("Edit findings of {label}"),
            |milestone| {
                milestone.findings = findings;
            },
        );
    }
    ui.label("Note");
    let key = format!("{label}/note");
    let current_note = milestone.note.clone().unwrap_or_default();
    if let Some(note) = committed_text_ui(
        ui,
        &mut state.text_buffers,
        &key,
        &current_note,
        true,
        "Anything else",
    ) {
        edit_milestone(
            document,
            state,
            label,
            format!("Edit note of {label}"),
            |milestone| {
                milestone.note = (!note.trim().is_empty()).then_some(note);
            },
        );
    }
    ui.separator();
    reading::distribution_ui(ui, document, state, &milestone);
    reading::patterns_ui(ui, document, state, &milestone);
    reading::change_ui(ui, document, state, &milestone);
    reading::severity_ui(ui, document, state, &milestone);
    ui.separator();
    images_ui(ui, document, state, &milestone);
    ui.separator();
    if ui
        .button(format!("Delete study {label}"))
        .on_hover_text("Removes the study and its annotations (Ctrl+Z undoes it)")
        .clicked()
    {
        let result = document.edit(format!("Delete study {label}"), |case| {
            case.milestones.retain(|milestone| milestone.label != label);
        });
        state.note_outcome(result);
        state.selected_milestone = None;
    }
}

/// Renames a study and the notes that point at it, in one edit.
fn rename(document: &mut CaseDocument, state: &mut ImagingState, old: &str, new: &str) {
    let result = document.edit(format!("Rename study {old} to {new}"), |case| {
        for milestone in &mut case.milestones {
            if milestone.label == old {
                new.clone_into(&mut milestone.label);
            }
        }
        for note in &mut case.notes {
            if let NoteTarget::Milestone(target) = &mut note.target
                && target == old
            {
                new.clone_into(target);
            }
        }
    });
    if state.note_outcome(result) {
        state.selected_milestone = Some(new.to_owned());
        if state.compare_with.as_deref() == Some(old) {
            state.compare_with = Some(new.to_owned());
        }
    }
}

fn modality_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut ImagingState,
    milestone: &ImagingMilestone,
) {
    let mut modality = milestone.modality;
    egui::ComboBox::new("imaging_modality", "modality")
        .selected_text(modality.label())
        .show_ui(ui, |ui| {
            for choice in Modality::ALL {
                ui.selectable_value(&mut modality, choice, choice.label());
            }
        });
    if modality != milestone.modality {
        let label = milestone.label.clone();
        edit_milestone(
            document,
            state,
            &label,
            format!("Change modality of {label}"),
            |milestone| {
                milestone.modality = modality;
                // A score of the old modality's kind means nothing for the new one.
                if milestone
                    .severity
                    .is_some_and(|score| score.modality() != modality)
                {
                    milestone.severity = None;
                }
            },
        );
    }
}

fn time_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut ImagingState,
    milestone: &ImagingMilestone,
) {
    let label = milestone.label.clone();
    let key = format!("{label}/time");
    let current = format_time(milestone.time);
    if let Some(text) = committed_text_ui(
        ui,
        &mut state.text_buffers,
        &key,
        &current,
        false,
        "2020-02-17",
    ) {
        match parse_time(&text) {
            Ok(time) => {
                state.time_error = None;
                let description = match time {
                    Some(time) => format!("Date study {label} {time}"),
                    None => format!("Remove the date of study {label}"),
                };
                edit_milestone(document, state, &label, description, |milestone| {
                    milestone.time = time;
                });
            }
            Err(message) => state.time_error = Some(message),
        }
    }
    ui.weak("2020-02-17, 2020-02-17 09:40, hospital day 13 or illness day 10; empty: no date");
    if let Some(error) = &state.time_error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
}

fn images_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut ImagingState,
    milestone: &ImagingMilestone,
) {
    let label = milestone.label.clone();
    ui.label(egui::RichText::new("Images").strong());
    for (index, image) in milestone.images.iter().enumerate() {
        ui.horizontal(|ui| {
            let shown = state.selected_image == index;
            // The file name only: a long relative path would widen the panel.
            let name = image
                .path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| image.path.display().to_string());
            let marks = match image.annotations.len() {
                0 => String::new(),
                1 => " · 1 mark".to_owned(),
                count => format!(" · {count} marks"),
            };
            if ui
                .selectable_label(shown, format!("{name}{marks}"))
                .on_hover_text(image.path.display().to_string())
                .clicked()
            {
                state.selected_image = index;
                state.selected_annotation = None;
            }
            if ui.small_button("Remove").clicked() {
                let name = image.path.display().to_string();
                edit_milestone(
                    document,
                    state,
                    &label,
                    format!("Remove {name} from {label}"),
                    |milestone| {
                        if index < milestone.images.len() {
                            milestone.images.remove(index);
                        }
                    },
                );
                state.selected_image = 0;
            }
        });
    }
    if ui
        .button("Attach image…")
        .on_hover_text("PNG, JPEG or DICOM; stored relative to the case file's folder")
        .clicked()
    {
        let picked = rfd::FileDialog::new()
            .add_filter("Images", &["dcm", "dicom", "png", "jpg", "jpeg"])
            .add_filter("All files", &["*"])
            .pick_file();
        if let Some(file) = picked
            && let Err(message) = attach_image(document, state, &label, &file)
        {
            state.note_failure(message);
        }
    }
}
