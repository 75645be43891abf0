//! The imaging studies beside the plots: each study with its date, images and score, so a
//! reviewer reads the series against the treatment timeline. Selecting a study here selects it
//! on the event strip and in the imaging view and moves the time cursor to it; studies are
//! added and opened for editing in the imaging view.

use egui::RichText;

use super::TrajectoryState;
use crate::app::document::CaseDocument;
use crate::app::imaging::list::row_text;
use crate::app::requests::ViewRequest;
use crate::model::{Modality, suggest_label};

pub fn milestones_panel_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
) {
    egui::CollapsingHeader::new("Imaging studies")
        .default_open(true)
        .show(ui, |ui| {
            let selected = state.highlighted_study.as_deref();
            let reveal = state.reveal();
            for &(position, index) in document.studies_in_time_order() {
                // During playback, only the studies the sweep has reached.
                if reveal.until().is_some() && !position.is_some_and(|at| reveal.reached(at)) {
                    continue;
                }
                let Some(milestone) = document.case().milestones.get(index) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    let is_selected = selected == Some(milestone.label.as_str());
                    let row = ui
                        .selectable_label(is_selected, row_text(milestone))
                        .on_hover_text(&milestone.findings);
                    if row.clicked() {
                        state.milestone_request =
                            Some(ViewRequest::SelectMilestone(milestone.label.clone()));
                    }
                    if ui
                        .small_button("Open")
                        .on_hover_text(format!("Open {} in the imaging view", milestone.label))
                        .clicked()
                    {
                        state.milestone_request =
                            Some(ViewRequest::OpenMilestone(milestone.label.clone()));
                    }
                });
            }
            if document.case().milestones.is_empty() {
                ui.label(RichText::new("No imaging studies yet.").weak());
            }
            ui.horizontal_wrapped(|ui| {
                for modality in [Modality::ChestXray, Modality::Ct] {
                    let label = suggest_label(document.case(), modality);
                    let text = match modality {
                        Modality::ChestXray => format!("Add X-ray {label}"),
                        _ => format!("Add CT {label}"),
                    };
                    if ui.small_button(text).clicked() {
                        state.milestone_request = Some(ViewRequest::AddMilestone(modality));
                    }
                }
            });
        });
}
