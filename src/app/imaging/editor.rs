//! The editor of one study: label, modality, time, findings, note, the structured reading
//! (distribution, patterns, change against the previous study, severity score) and the
//! attached images. Each change is one undoable edit; text fields commit when left.

use super::reading;
use super::study_edits::StudyEdits;
use super::widgets::committed_text_ui;
use super::{ImagingState, format_time, parse_time};
use crate::app::document::CaseDocument;
use crate::model::{ImagingMilestone, Modality};

/// One change of the study, as the editor asks for it.
pub fn editor_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut ImagingState,
    label: &str,
) {
    let mut edits = StudyEdits::default();
    if let Some(milestone) = document.case().milestone(label) {
        study_ui(ui, document, state, milestone, &mut edits);
    }
    edits.apply(document, state, label);
}

/// The study's fields, read from the document; every change goes to `edits`.
fn study_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut ImagingState,
    milestone: &ImagingMilestone,
    edits: &mut StudyEdits,
) {
    let label = milestone.label.as_str();
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
                edits.rename = Some(new_label);
            }
            ui.end_row();

            ui.label("Date and time");
            ui.vertical(|ui| time_ui(ui, state, milestone, edits));
            ui.end_row();
        });
    modality_ui(ui, milestone, edits);
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
        edits.push(format!("Edit findings of {label}"), move |milestone| {
            milestone.findings = findings;
        });
    }
    ui.label("Note");
    let key = format!("{label}/note");
    if let Some(note) = committed_text_ui(
        ui,
        &mut state.text_buffers,
        &key,
        milestone.note.as_deref().unwrap_or_default(),
        true,
        "Anything else",
    ) {
        edits.push(format!("Edit note of {label}"), move |milestone| {
            milestone.note = (!note.trim().is_empty()).then_some(note);
        });
    }
    ui.separator();
    reading::distribution_ui(ui, milestone, edits);
    reading::patterns_ui(ui, state, milestone, edits);
    reading::change_ui(ui, document, milestone, edits);
    reading::severity_ui(ui, milestone, edits);
    ui.separator();
    images_ui(ui, state, milestone, edits);
    ui.separator();
    if ui
        .button(format!("Delete study {label}"))
        .on_hover_text("Removes the study and its annotations (Ctrl+Z undoes it)")
        .clicked()
    {
        edits.delete = true;
    }
}

/// Renames a study and the notes that point at it, in one edit.
fn modality_ui(ui: &mut egui::Ui, milestone: &ImagingMilestone, edits: &mut StudyEdits) {
    let mut modality = milestone.modality;
    egui::ComboBox::new("imaging_modality", "modality")
        .selected_text(modality.label())
        .show_ui(ui, |ui| {
            for choice in Modality::ALL {
                ui.selectable_value(&mut modality, choice, choice.label());
            }
        });
    if modality != milestone.modality {
        let label = &milestone.label;
        edits.push(format!("Change modality of {label}"), move |milestone| {
            milestone.modality = modality;
            // A score of the old modality's kind means nothing for the new one.
            if milestone
                .severity
                .is_some_and(|score| score.modality() != modality)
            {
                milestone.severity = None;
            }
        });
    }
}

fn time_ui(
    ui: &mut egui::Ui,
    state: &mut ImagingState,
    milestone: &ImagingMilestone,
    edits: &mut StudyEdits,
) {
    let label = &milestone.label;
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
                edits.push(description, move |milestone| {
                    milestone.time = time;
                });
            }
            Err(message) => state.time_error = Some(message),
        }
    }
    ui.weak("2020-02-17, 2020-02-17 09:40, hospital day 13 or illness day 10; empty: no date");
    if let Some(error) = &state.time_error {
        ui.colored_label(ui.visuals().error_fg_color, error.to_string());
    }
}

fn images_ui(
    ui: &mut egui::Ui,
    state: &mut ImagingState,
    milestone: &ImagingMilestone,
    edits: &mut StudyEdits,
) {
    let label = &milestone.label;
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
                edits.push(format!("Remove {name} from {label}"), move |milestone| {
                    if index < milestone.images.len() {
                        milestone.images.remove(index);
                    }
                });
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
        edits.attach = picked;
    }
}
