//! Between a study and the CT series it holds: keeping the key slices chosen in the stack
//! viewer in the study (one undoable edit), and opening a study's series again at its key
//! slices. The series is stored by folder (relative to the case file) and SeriesInstanceUID,
//! the slices by SOPInstanceUID, so they survive files being renamed or re-sorted.

use std::path::Path;

use std::path::PathBuf;

use super::stack::{ShownSlice, SliceEdit, StackViewerState};
use super::{ImagingState, case_folder, edit_milestone, relative_to_folder};
use crate::app::document::CaseDocument;
use crate::model::{ImagingMilestone, KeySlice, Modality, SeriesRef};

/// The series shown in `stack` as its study holds it (key slices and their marks), once the
/// stack belongs to a study that keeps it.
pub(super) fn kept_series<'a>(
    document: &'a CaseDocument,
    stack: &StackViewerState,
) -> Option<&'a SeriesRef> {
    let study = stack.milestone.as_deref()?;
    let uid = &stack.shown_series()?.series_instance_uid;
    document
        .case()
        .milestone(study)?
        .series
        .iter()
        .find(|series| series.series_instance_uid == *uid)
}

/// Where the marks drawn on a stack's slices go: the study, and the series as it is stored.
struct MarkTarget {
    study: String,
    folder: PathBuf,
    uid: String,
    description: Option<String>,
}

/// Why what was drawn on a slice could not be kept; nothing was changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
enum MarkRefused {
    #[error("Choose the study the series belongs to (above the slices) before drawing on it.")]
    NoStudy,
    #[error("The series is still being read; draw once it is shown.")]
    StillReading,
    #[error(
        "The case has no file yet, so the series folder cannot be stored relative to it: save the case first (File ▸ Save as…), then draw on the slice."
    )]
    NoCaseFolder,
}

fn mark_target(
    document: &CaseDocument,
    stack: &StackViewerState,
) -> Result<MarkTarget, MarkRefused> {
    let study = stack.milestone.clone().ok_or(MarkRefused::NoStudy)?;
    let series = stack.shown_series().ok_or(MarkRefused::StillReading)?;
    let folder = stack
        .folder
        .as_deref()
        .zip(case_folder(document))
        .and_then(|(folder, case_folder)| relative_to_folder(&case_folder, folder))
        .ok_or(MarkRefused::NoCaseFolder)?;
    Ok(MarkTarget {
        study,
        folder,
        uid: series.series_instance_uid.clone(),
        description: series.description.clone(),
    })
}

/// Applies what was drawn on the slices of `stack` (the shown one, or the one beside it) to
/// its study: one undoable edit each. A slice drawn on becomes a key slice of the study.
pub(super) fn apply_slice_edits(
    document: &mut CaseDocument,
    state: &mut ImagingState,
    right: bool,
) {
    let stack = match (right, state.stack_beside.as_mut()) {
        (false, _) => &mut state.stack,
        (true, Some(pair)) => &mut pair.right,
        (true, None) => return,
    };
    let edits = stack.marks.take_edits();
    if edits.is_empty() {
        return;
    }
    let target = match mark_target(document, stack) {
        Ok(target) => target,
        Err(refused) => {
            state.note_failure(refused.to_string());
            return;
        }
    };
    for SliceEdit { slice, change } in edits {
        let uid = slice.sop_instance_uid.clone();
        let applied = edit_milestone(
            document,
            state,
            &target.study,
            change.describe(&target.study),
            |milestone| change.apply(key_slice_mut(milestone, &target, slice)),
        );
        let stack = match (right, state.stack_beside.as_mut()) {
            (true, Some(pair)) => &mut pair.right,
            _ => &mut state.stack,
        };
        if applied && !stack.key_slices.contains(&uid) {
            stack.key_slices.push(uid);
        }
    }
}

/// The study's key slice for `slice`, added (with the series) when it is not one yet.
fn key_slice_mut<'a>(
    milestone: &'a mut ImagingMilestone,
    target: &MarkTarget,
    slice: ShownSlice,
) -> &'a mut KeySlice {
    let series_index = match milestone
        .series
        .iter()
        .position(|series| series.series_instance_uid == target.uid)
    {
        Some(index) => index,
        None => {
            milestone.series.push(SeriesRef {
                folder: target.folder.clone(),
                series_instance_uid: target.uid.clone(),
                description: target.description.clone(),
                key_slices: Vec::new(),
            });
            milestone.series.len() - 1
        }
    };
    let keys = &mut milestone.series[series_index].key_slices;
    let key_index = match keys
        .iter()
        .position(|key| key.sop_instance_uid == slice.sop_instance_uid)
    {
        Some(index) => index,
        None => {
            keys.push(KeySlice::new(
                slice.sop_instance_uid,
                Some(slice.position_mm),
            ));
            keys.len() - 1
        }
    };
    &mut keys[key_index]
}

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

/// Above the stack: another study's series to show beside it (B3 beside B2), or the button
/// that ends the comparison.
pub(super) fn compare_series_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut ImagingState,
) {
    if state.stack.volume.is_none() {
        return;
    }
    let Some(case_folder) = case_folder(document) else {
        return;
    };
    let shown = state
        .stack
        .shown_series()
        .map(|series| series.series_instance_uid.clone());
    // Every series a study holds, but the one shown on the left.
    let others: Vec<(String, &SeriesRef)> = document
        .case()
        .milestones
        .iter()
        .flat_map(|milestone| {
            milestone
                .series
                .iter()
                .map(move |series| (milestone.label.clone(), series))
        })
        .filter(|(_, series)| Some(&series.series_instance_uid) != shown.as_ref())
        .collect();
    if others.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Compare beside it:");
        let beside = state
            .stack_beside
            .as_ref()
            .and_then(|pair| pair.right.milestone.clone());
        let mut chosen = None;
        egui::ComboBox::from_id_salt("stack_compare")
            .selected_text(beside.unwrap_or_else(|| "another study…".to_owned()))
            .show_ui(ui, |ui| {
                for (index, (study, series)) in others.iter().enumerate() {
                    let name = series
                        .description
                        .clone()
                        .unwrap_or_else(|| series.folder.display().to_string());
                    if ui
                        .selectable_label(false, format!("{study} · {name}"))
                        .clicked()
                    {
                        chosen = Some(index);
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if let Some((study, series)) = chosen.and_then(|index| others.get(index)) {
            let keys = series
                .key_slices
                .iter()
                .map(|key| key.sop_instance_uid.clone())
                .collect();
            state.stack_beside = Some(super::stack::StackPair::open(
                &mut state.stack,
                &case_folder.join(&series.folder),
                &series.series_instance_uid,
                study,
                keys,
            ));
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
