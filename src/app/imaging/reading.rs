//! The structured reading of a study in the editor: distribution (side, lobes), pattern,
//! change against the previous study of the same modality, and the severity score. Each
//! click is one undoable edit.

use super::ImagingState;
use super::study_edits::StudyEdits;
use super::widgets::committed_text_ui;
use crate::app::document::CaseDocument;
use crate::model::{Change, ImagingMilestone, Laterality, Lobe, Pattern, SeverityScore};

pub fn distribution_ui(ui: &mut egui::Ui, milestone: &ImagingMilestone, edits: &mut StudyEdits) {
    let label = &milestone.label;
    let mut distribution = milestone.distribution.clone();
    ui.horizontal_wrapped(|ui| {
        ui.label("Distribution");
        egui::ComboBox::new("imaging_laterality", "side")
            .selected_text(
                distribution
                    .laterality
                    .map_or("not stated", Laterality::label),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut distribution.laterality, None, "not stated");
                for laterality in Laterality::ALL {
                    ui.selectable_value(
                        &mut distribution.laterality,
                        Some(laterality),
                        laterality.label(),
                    );
                }
            });
    });
    ui.horizontal_wrapped(|ui| {
        for lobe in Lobe::ALL {
            let mut involved = distribution.lobes.contains(&lobe);
            if ui
                .checkbox(&mut involved, lobe.abbreviation())
                .on_hover_text(lobe.label())
                .changed()
            {
                if involved {
                    distribution.lobes.push(lobe);
                    distribution.lobes.sort();
                } else {
                    distribution.lobes.retain(|listed| *listed != lobe);
                }
            }
        }
    });
    if distribution != milestone.distribution {
        edits.push(format!("Edit distribution of {label}"), move |milestone| {
            milestone.distribution = distribution;
        });
    }
}

pub fn patterns_ui(
    ui: &mut egui::Ui,
    state: &mut ImagingState,
    milestone: &ImagingMilestone,
    edits: &mut StudyEdits,
) {
    let label = &milestone.label;
    let mut patterns = milestone.patterns.clone();
    ui.label("Pattern");
    ui.horizontal_wrapped(|ui| {
        for pattern in Pattern::NAMED {
            let mut present = patterns.contains(&pattern);
            if ui.checkbox(&mut present, pattern.label()).changed() {
                if present {
                    patterns.push(pattern);
                } else {
                    patterns.retain(|listed| *listed != pattern);
                }
            }
        }
        let others: Vec<Pattern> = patterns
            .iter()
            .filter(|pattern| matches!(pattern, Pattern::Other(_)))
            .cloned()
            .collect();
        for other in others {
            if ui
                .small_button(format!("{} ×", other.label()))
                .on_hover_text("Remove this pattern")
                .clicked()
            {
                patterns.retain(|listed| *listed != other);
            }
        }
    });
    let key = format!("{label}/other_pattern");
    if let Some(text) = committed_text_ui(
        ui,
        &mut state.text_buffers,
        &key,
        "",
        false,
        "Other pattern…",
    ) && !text.trim().is_empty()
    {
        patterns.push(Pattern::Other(text.trim().to_owned()));
        state.text_buffers.remove(&key);
    }
    if patterns != milestone.patterns {
        edits.push(format!("Edit pattern of {label}"), move |milestone| {
            milestone.patterns = patterns;
        });
    }
}

pub fn change_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    milestone: &ImagingMilestone,
    edits: &mut StudyEdits,
) {
    let label = &milestone.label;
    let previous = previous_study(document, milestone);
    let mut change = milestone.change;
    ui.horizontal_wrapped(|ui| {
        match &previous {
            Some(previous) => ui.label(format!("Change against {previous}")),
            None => ui.label("Change against the previous study"),
        };
        ui.selectable_value(&mut change, None, "not stated");
        for choice in Change::ALL {
            ui.selectable_value(&mut change, Some(choice), choice.label());
        }
    });
    if change != milestone.change {
        edits.push(format!("Set change of {label}"), move |milestone| {
            milestone.change = change;
        });
    }
}

/// The latest dated study of the same modality before this one.
fn previous_study(document: &CaseDocument, milestone: &ImagingMilestone) -> Option<String> {
    let position = document.timeline().position(milestone.time?).ok()?;
    document
        .case()
        .milestones
        .iter()
        .filter(|other| other.modality == milestone.modality && other.label != milestone.label)
        .filter_map(|other| {
            let other_position = document.timeline().position(other.time?).ok()?;
            (other_position < position).then_some((other_position, other.label.clone()))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, label)| label)
}

pub fn severity_ui(ui: &mut egui::Ui, milestone: &ImagingMilestone, edits: &mut StudyEdits) {
    let label = &milestone.label;
    let Some(zero) = SeverityScore::zero_for(milestone.modality) else {
        ui.weak("No severity score is defined for this modality.");
        return;
    };
    let mut score = milestone.severity;
    let mut scored = score.is_some();
    let name = zero.name();
    let reference = match zero {
        SeverityScore::CtLobes { .. } => {
            "Each lobe 0–5 by extent: 0 none, 1 < 5 %, 2 5–25 %, 3 26–49 %, 4 50–75 %, 5 > 75 % (Pan et al., Radiology 2020)"
        }
        SeverityScore::Brixia { .. } => {
            "Each zone 0–3: 0 none, 1 interstitial, 2 interstitial and alveolar (interstitial predominant), 3 alveolar predominant (Borghesi and Maroldi, Radiol Med 2020)"
        }
    };
    ui.horizontal(|ui| {
        ui.checkbox(&mut scored, name).on_hover_text(reference);
        if let Some(score) = &score {
            ui.strong(format!("{} / {}", score.total(), score.max_total()));
        }
    });
    if scored != score.is_some() {
        score = scored.then_some(zero);
    }
    if let Some(current) = &mut score {
        let names = current.parts();
        let max = current.part_max();
        for (part, (part_name, _)) in current.parts_mut().into_iter().zip(names) {
            ui.horizontal(|ui| {
                ui.add_sized([110.0, 18.0], egui::Label::new(part_name.replace('_', " ")));
                for value in 0..=max {
                    ui.selectable_value(part, value, value.to_string());
                }
            });
        }
    }
    if score != milestone.severity {
        let description = match score {
            Some(score) => format!("Score {label}: {} {}", score.name(), score.total()),
            None => format!("Remove the score of {label}"),
        };
        edits.push(description, move |milestone| {
            milestone.severity = score;
        });
    }
}
