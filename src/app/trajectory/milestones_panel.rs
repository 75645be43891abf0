//! The imaging studies beside the plots: each study with its date, images and score, so a
//! reviewer reads the series against the treatment timeline. Selecting a study here selects it
//! on the event strip and in the imaging view and moves the time cursor to it; studies are
//! added and opened for editing in the imaging view.

use egui::RichText;

use super::TrajectoryState;
use crate::app::imaging::list::{dated_first, row_text};
use crate::app::state::OpenCase;
use crate::model::{DayPosition, Modality, suggest_label};

/// What the reviewer asked of the studies this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum MilestoneAction {
    /// Select the study (and put the time cursor on it when it is dated).
    Select(String),
    /// Select the study and open it in the imaging view.
    Open(String),
    /// Add a study of this modality with its suggested label, then edit it.
    Add(Modality),
}

/// The studies in time order, undated ones last, each with where it sits on the time axis.
pub fn studies_in_time_order(open: &OpenCase) -> Vec<(Option<DayPosition>, usize)> {
    let mut rows: Vec<(Option<DayPosition>, usize)> = open
        .case
        .milestones
        .iter()
        .enumerate()
        .map(|(index, milestone)| {
            let position = milestone
                .time
                .and_then(|time| open.timeline.position(time).ok());
            (position, index)
        })
        .collect();
    // A stable sort keeps undated studies in file order.
    rows.sort_by(|left, right| dated_first(left.0, right.0));
    rows
}

pub fn milestones_panel_ui(ui: &mut egui::Ui, open: &OpenCase, state: &mut TrajectoryState) {
    egui::CollapsingHeader::new("Imaging studies")
        .default_open(true)
        .show(ui, |ui| {
            let selected = open.view.imaging.selected_milestone.as_deref();
            for (_, index) in studies_in_time_order(open) {
                let Some(milestone) = open.case.milestones.get(index) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    let is_selected = selected == Some(milestone.label.as_str());
                    let row = ui
                        .selectable_label(is_selected, row_text(milestone))
                        .on_hover_text(&milestone.findings);
                    if row.clicked() {
                        state.milestone_action =
                            Some(MilestoneAction::Select(milestone.label.clone()));
                    }
                    if ui
                        .small_button("Open")
                        .on_hover_text(format!("Open {} in the imaging view", milestone.label))
                        .clicked()
                    {
                        state.milestone_action =
                            Some(MilestoneAction::Open(milestone.label.clone()));
                    }
                });
            }
            if open.case.milestones.is_empty() {
                ui.label(RichText::new("No imaging studies yet.").weak());
            }
            ui.horizontal_wrapped(|ui| {
                for modality in [Modality::ChestXray, Modality::Ct] {
                    let label = suggest_label(&open.case, modality);
                    let text = match modality {
                        Modality::ChestXray => format!("Add X-ray {label}"),
                        _ => format!("Add CT {label}"),
                    };
                    if ui.small_button(text).clicked() {
                        state.milestone_action = Some(MilestoneAction::Add(modality));
                    }
                }
            });
        });
}

/// Carries out what the reviewer asked; needs the whole case, so it runs after the view.
pub fn apply_milestone_action(open: &mut OpenCase, action: MilestoneAction) {
    use crate::app::case_view::MainView;
    match action {
        MilestoneAction::Select(label) => select(open, label),
        MilestoneAction::Open(label) => {
            select(open, label);
            open.view.main_view = MainView::Imaging;
        }
        MilestoneAction::Add(modality) => {
            let mut imaging = std::mem::take(&mut open.view.imaging);
            crate::app::imaging::list::add_milestone(open, &mut imaging, modality);
            open.view.imaging = imaging;
            open.view.main_view = MainView::Imaging;
        }
    }
}

fn select(open: &mut OpenCase, label: String) {
    let position = open
        .case
        .milestones
        .iter()
        .find(|milestone| milestone.label == label)
        .and_then(|milestone| milestone.time)
        .and_then(|time| open.timeline.position(time).ok());
    if let Some(position) = position {
        open.view.trajectory.time_cursor = Some(position);
    }
    let imaging = &mut open.view.imaging;
    if imaging.selected_milestone.as_deref() != Some(label.as_str()) {
        imaging.selected_image = 0;
        imaging.selected_annotation = None;
    }
    imaging.selected_milestone = Some(label);
}
