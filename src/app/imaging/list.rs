//! The list of studies, grouped by modality and ordered by time, with buttons to add a study
//! (its label suggested per modality) and the editor of the selected one below.

use super::{ImagingState, editor};
use crate::app::document::CaseDocument;
use crate::model::{ImagingMilestone, Modality, suggest_label};

pub fn milestones_ui(ui: &mut egui::Ui, document: &mut CaseDocument, state: &mut ImagingState) {
    ui.heading("Imaging studies");
    ui.horizontal_wrapped(|ui| {
        for modality in [Modality::ChestXray, Modality::Ct] {
            let label = suggest_label(document.case(), modality);
            let text = match modality {
                Modality::ChestXray => format!("Add X-ray {label}"),
                _ => format!("Add CT {label}"),
            };
            if ui
                .button(text)
                .on_hover_text(format!("Add a {} study labelled {label}", modality.label()))
                .clicked()
            {
                add_milestone(document, state, modality);
            }
        }
        ui.menu_button("Other…", |ui| {
            for modality in [Modality::Ultrasound, Modality::Other] {
                let label = suggest_label(document.case(), modality);
                if ui.button(format!("{} {label}", modality.label())).clicked() {
                    add_milestone(document, state, modality);
                    ui.close();
                }
            }
        });
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("imaging_list_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            list_ui(ui, document, state);
            if let Some(label) = state.selected_milestone.clone() {
                ui.separator();
                editor::editor_ui(ui, document, state, &label);
            }
        });
}

/// Adds an empty study with the suggested label and selects it.
pub fn add_milestone(document: &mut CaseDocument, state: &mut ImagingState, modality: Modality) {
    let label = suggest_label(document.case(), modality);
    let milestone = ImagingMilestone::new(label.clone(), modality);
    let result = document.edit(format!("Add study {label}"), |case| {
        case.milestones.push(milestone);
    });
    if state.note_outcome(result) {
        state.selected_milestone = Some(label);
        state.selected_image = 0;
    }
}

fn list_ui(ui: &mut egui::Ui, document: &CaseDocument, state: &mut ImagingState) {
    for modality in Modality::ALL {
        let mut rows: Vec<(Option<f64>, &ImagingMilestone)> = document
            .case()
            .milestones
            .iter()
            .filter(|milestone| milestone.modality == modality)
            .filter(|milestone| super::study_reached(document, state.reveal, &milestone.label))
            .map(|milestone| {
                let position = milestone
                    .time
                    .and_then(|time| document.timeline().position(time).ok());
                (position, milestone)
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        // Dated studies in time order, undated ones after them in file order (stable sort).
        rows.sort_by(|a, b| dated_first(a.0, b.0));
        ui.label(egui::RichText::new(modality.label()).strong());
        for (_, milestone) in rows {
            let selected = state.selected_milestone.as_deref() == Some(milestone.label.as_str());
            let response = ui
                .selectable_label(selected, row_text(milestone))
                .on_hover_text(&milestone.findings);
            if response.clicked() {
                state.selected_milestone = Some(milestone.label.clone());
                state.selected_image = 0;
                state.selected_annotation = None;
                state.time_error = None;
            }
        }
    }
    if document.case().milestones.is_empty() {
        ui.weak("No imaging studies yet.");
    }
}

/// Orders studies by their place on the time axis, undated ones after every dated one.
pub(crate) fn dated_first(left: Option<f64>, right: Option<f64>) -> std::cmp::Ordering {
    match (left, right) {
        (Some(left), Some(right)) => left.total_cmp(&right),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// `B2 · 20 Feb 2020 · 1 image · CT score 14/25 · worse`.
pub(crate) fn row_text(milestone: &ImagingMilestone) -> String {
    let mut parts = vec![milestone.label.clone()];
    parts.push(match milestone.time {
        Some(time) => time.to_string(),
        None => "no date".to_owned(),
    });
    match milestone.images.len() {
        0 => {}
        1 => parts.push("1 image".to_owned()),
        count => parts.push(format!("{count} images")),
    }
    if let Some(score) = milestone.severity {
        parts.push(format!("score {}/{}", score.total(), score.max_total()));
    }
    if let Some(change) = milestone.change {
        parts.push(change.label().to_lowercase());
    }
    parts.join(" · ")
}
