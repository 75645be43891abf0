//! Between a study and the CT series it holds: keeping the key slices chosen in the stack
//! viewer in the study (one undoable edit), and opening a study's series again at its key
//! slices. The series is stored by folder (relative to the case file) and SeriesInstanceUID,
//! the slices by SOPInstanceUID, so they survive files being renamed or re-sorted.

use std::path::Path;

use super::{ImagingState, case_folder, edit_milestone, relative_to_folder};
use crate::app::document::CaseDocument;
use crate::model::{ImagingMilestone, KeySlice, Modality, SeriesRef};

/// Under the stack viewer: which study the key slices belong to, and a button to keep them.
pub(super) fn keep_key_slices_ui(
    ui: &mut egui::Ui,
    document: &mut CaseDocument,
    state: &mut ImagingState,
) {
    let Some(series) = state.stack.shown_series() else {
        return;
    };
    let (uid, description) = (
        series.series_instance_uid.clone(),
        series.description.clone(),
    );
    let studies: Vec<String> = document
        .case()
        .milestones
        .iter()
        .filter(|milestone| milestone.modality == Modality::Ct)
        .map(|milestone| milestone.label.clone())
        .collect();
    if state.stack.milestone.is_none() {
        state.stack.milestone = state
            .selected_milestone
            .clone()
            .filter(|label| studies.contains(label))
            .or_else(|| studies.first().cloned());
    }
    ui.horizontal_wrapped(|ui| {
        if studies.is_empty() {
            ui.label("Add a CT study on the left to keep key slices in it.");
            return;
        }
        let label = ui.label("Key slices belong to study:");
        let mut chosen = state.stack.milestone.clone();
        egui::ComboBox::from_id_salt("stack_study")
            .selected_text(chosen.clone().unwrap_or_default())
            .show_ui(ui, |ui| {
                for study in &studies {
                    ui.selectable_value(&mut chosen, Some(study.clone()), study);
                }
            })
            .response
            .labelled_by(label.id);
        state.stack.milestone = chosen;
        let Some(study) = state.stack.milestone.clone() else {
            return;
        };
        let count = state.stack.key_slices.len();
        if ui
            .button(format!("Keep {count} key slice(s) in {study}"))
            .on_hover_text("Stores the series (its folder and UID) and the key slices in the study; undo with Ctrl+Z")
            .clicked()
        {
            keep(document, state, &study, uid, description);
        }
    });
}

fn keep(
    document: &mut CaseDocument,
    state: &mut ImagingState,
    study: &str,
    uid: String,
    description: Option<String>,
) {
    let Some(folder) = state.stack.folder.clone() else {
        return;
    };
    let Some(relative) =
        case_folder(document).and_then(|case_folder| relative_to_folder(&case_folder, &folder))
    else {
        state.note_failure(
            "The case has no file yet, so the series folder cannot be stored relative to it: save the case first (File ▸ Save as…), then keep the key slices.".to_owned(),
        );
        return;
    };
    let chosen: Vec<(String, Option<f64>)> = state
        .stack
        .key_slices
        .iter()
        .map(|key| (key.clone(), state.stack.slice_position(key)))
        .collect();
    let count = chosen.len();
    edit_milestone(
        document,
        state,
        study,
        format!("Keep {count} key slice(s) in {study}"),
        |milestone| store(milestone, relative.as_path(), uid, description, chosen),
    );
}

/// Puts the series (replacing the same UID's entry) and its key slices in the study; a
/// slice kept before keeps its caption and annotations.
fn store(
    milestone: &mut ImagingMilestone,
    folder: &Path,
    uid: String,
    description: Option<String>,
    chosen: Vec<(String, Option<f64>)>,
) {
    let previous = milestone
        .series
        .iter()
        .position(|series| series.series_instance_uid == uid)
        .map(|index| milestone.series.remove(index));
    let mut old_slices = previous.map(|series| series.key_slices).unwrap_or_default();
    let key_slices = chosen
        .into_iter()
        .map(|(sop, position)| {
            match old_slices
                .iter()
                .position(|slice| slice.sop_instance_uid == sop)
            {
                Some(index) => {
                    let mut slice = old_slices.remove(index);
                    slice.position_mm = position.or(slice.position_mm);
                    slice
                }
                None => KeySlice::new(sop, position),
            }
        })
        .collect();
    milestone.series.push(SeriesRef {
        folder: folder.to_path_buf(),
        series_instance_uid: uid,
        description,
        key_slices,
    });
}

/// In a study's view: the series it holds, each with a button that opens it at its key
/// slices.
pub(super) fn milestone_series_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut ImagingState,
    milestone: &ImagingMilestone,
) {
    if milestone.series.is_empty() {
        return;
    }
    let case_folder = case_folder(document);
    for series in &milestone.series {
        ui.horizontal_wrapped(|ui| {
            let name = series
                .description
                .clone()
                .unwrap_or_else(|| series.folder.display().to_string());
            ui.label(format!(
                "Series {name} · {} key slice(s)",
                series.key_slices.len()
            ));
            match &case_folder {
                Some(case_folder) => {
                    if ui.button("Open series").clicked() {
                        let keys = series
                            .key_slices
                            .iter()
                            .map(|key| key.sop_instance_uid.clone())
                            .collect();
                        state.stack.open_milestone_series(
                            &case_folder.join(&series.folder),
                            &series.series_instance_uid,
                            &milestone.label,
                            keys,
                        );
                    }
                }
                None => {
                    ui.weak("(save the case to open its series)");
                }
            }
        });
        for key in &series.key_slices {
            let position = key
                .position_mm
                .map_or_else(String::new, |position| format!(" at {position:.1} mm"));
            let caption = key.caption.clone().unwrap_or_default();
            ui.weak(format!("  key slice{position} {caption}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeping_again_replaces_the_series_and_keeps_what_was_written_on_a_slice() {
        let mut milestone = ImagingMilestone::new("B1", Modality::Ct);
        let folder = Path::new("ct/b1");
        store(
            &mut milestone,
            folder,
            "1.2.3".to_owned(),
            None,
            vec![("a".to_owned(), Some(-10.0)), ("b".to_owned(), Some(-5.0))],
        );
        milestone.series[0].key_slices[1].caption = Some("lower lobes".to_owned());
        store(
            &mut milestone,
            folder,
            "1.2.3".to_owned(),
            Some("chest".to_owned()),
            vec![("b".to_owned(), Some(-5.0)), ("c".to_owned(), None)],
        );
        assert_eq!(milestone.series.len(), 1);
        let keys = &milestone.series[0].key_slices;
        assert_eq!(
            keys.iter()
                .map(|key| key.sop_instance_uid.as_str())
                .collect::<Vec<_>>(),
            ["b", "c"]
        );
        assert_eq!(keys[0].caption.as_deref(), Some("lower lobes"));
        assert_eq!(milestone.series[0].description.as_deref(), Some("chest"));
    }
}
