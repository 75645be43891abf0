//! The toolbar of the trajectory view: time-axis mode, fit and zoom, which interventions
//! show, and the marker chooser (show, hide, reorder, group, log scale).

use egui::RichText;

use super::{InterventionMark, TrajectoryState, full_range, zoom_to_focus};
use crate::analysis::time_axis::AxisMode;
use crate::app::document::CaseDocument;
use crate::app::theme::intervention_color;
use crate::model::{InterventionKind, PanelLayout, TrajectoryLayout};

/// Shows the toolbar; returns a layout change (saved with the case) with its description.
pub fn toolbar_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
    layout: &TrajectoryLayout,
    marks: &[InterventionMark],
) -> Option<(String, TrajectoryLayout)> {
    let mut layout_edit = None;
    ui.horizontal_wrapped(|ui| {
        ui.label("Time axis:");
        for mode in AxisMode::ALL {
            let available = mode.is_available(document.timeline());
            ui.add_enabled_ui(available, |ui| {
                ui.selectable_value(&mut state.axis_mode, mode, mode.label())
                    .on_disabled_hover_text(
                        "The case has no anchor for this: see the case overview.",
                    );
            });
        }
        ui.separator();
        if ui.button("Fit all").on_hover_text("F").clicked() {
            state.pending_x_range = Some(full_range(document));
        }
        // In front of a class the desk tools stay away: they take a projector's room, and the
        // intervention chooser would name the treatments before playback reaches them.
        if !state.presentation {
            zoom_controls_ui(ui, document, state, marks);
            ui.separator();
            interventions_menu_ui(ui, document, state);
            ui.toggle_value(&mut state.show_marker_chooser, "Markers…");
            plot_height_ui(ui, state);
        }
        let playing = state.playback.is_some();
        if ui
            .selectable_label(playing, "▶ Playback")
            .on_hover_text("Sweep through the stay day by day")
            .clicked()
        {
            super::toggle_playback(document, state);
        }
    });
    legend_ui(ui, document, state);
    if state.show_marker_chooser {
        let mut keep_open = true;
        egui::Window::new("Markers")
            .open(&mut keep_open)
            .default_width(320.0)
            .show(ui.ctx(), |ui| {
                let picked = crate::app::panels::marker_picker::marker_picker_ui(
                    ui,
                    document.case(),
                    layout,
                );
                ui.separator();
                layout_edit = marker_chooser_ui(ui, document, layout).or(picked);
            });
        state.show_marker_chooser = keep_open;
    }
    layout_edit
}

/// The height of each plot: shared out (the default) or the reviewer's, remembered.
fn plot_height_ui(ui: &mut egui::Ui, state: &mut TrajectoryState) {
    let mut fixed = state.plot_height.is_some();
    if ui
        .checkbox(&mut fixed, "Plot height")
        .on_hover_text("Off: the plots share the window's height")
        .changed()
    {
        state.plot_height = fixed.then_some(DEFAULT_FIXED_PLOT_HEIGHT);
    }
    if let Some(height) = state.plot_height.as_mut() {
        ui.add(
            egui::DragValue::new(height)
                .range(MIN_FIXED_PLOT_HEIGHT..=MAX_FIXED_PLOT_HEIGHT)
                .suffix(" pt"),
        );
    }
}

/// Heights a reviewer can give each plot, in points.
const MIN_FIXED_PLOT_HEIGHT: f32 = 90.0;
const MAX_FIXED_PLOT_HEIGHT: f32 = 600.0;
const DEFAULT_FIXED_PLOT_HEIGHT: f32 = 180.0;

/// One colour key for every plot: the intervention kinds shown, episodes, cursors. During
/// playback only the kinds drawn plainly so far, so the key does not name what is to come.
fn legend_ui(ui: &mut egui::Ui, document: &CaseDocument, state: &TrajectoryState) {
    let shown = super::revealed_marks(document, state);
    let reveal = state.reveal();
    // Full-size type in front of a class: the key is read from the back of the room.
    let sized = |text: RichText| {
        if state.presentation {
            text
        } else {
            text.small()
        }
    };
    ui.horizontal_wrapped(|ui| {
        for kind in InterventionKind::ALL {
            if shown.iter().any(|mark| mark.kind == kind) {
                ui.label(
                    sized(RichText::new(format!("■ {}", kind.label())))
                        .color(intervention_color(kind)),
                );
            }
        }
        let timeline = document.timeline();
        let episode_reached = document.case().episodes.iter().any(|episode| {
            timeline
                .position(episode.span.start)
                .is_ok_and(|start| reveal.reached(start))
        });
        if episode_reached {
            ui.label(
                sized(RichText::new("▒ episode")).color(
                    crate::app::theme::episode_color(crate::model::EpisodeKind::CytokineStorm)
                        .to_opaque(),
                ),
            );
        }
        ui.label(
            sized(RichText::new(
                "◆ published value · ○ reconstructed · dashed line: illustrative",
            ))
            .weak(),
        );
    });
}

fn zoom_controls_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
    marks: &[InterventionMark],
) {
    let names: Vec<(usize, &str)> = document
        .case()
        .interventions
        .iter()
        .enumerate()
        .filter(|(index, _)| marks.iter().any(|mark| mark.intervention_index == *index))
        .map(|(index, intervention)| (index, intervention.name.as_str()))
        .collect();
    if names.is_empty() {
        return;
    }
    let selected = state
        .focus_intervention
        .and_then(|focus| names.iter().find(|(index, _)| *index == focus))
        .map_or("—", |(_, name)| name);
    egui::ComboBox::new("focus_intervention", "window")
        .selected_text(selected)
        .width(180.0)
        .show_ui(ui, |ui| {
            for (index, name) in &names {
                ui.selectable_value(&mut state.focus_intervention, Some(*index), *name);
            }
        });
    ui.add(
        egui::DragValue::new(&mut state.window_before_days)
            .range(0.0..=60.0)
            .suffix(" d before"),
    );
    ui.add(
        egui::DragValue::new(&mut state.window_after_days)
            .range(0.0..=60.0)
            .suffix(" d after"),
    );
    if ui
        .button("Zoom to intervention")
        .on_hover_text("Z")
        .clicked()
    {
        zoom_to_focus(state, marks);
    }
}

fn interventions_menu_ui(ui: &mut egui::Ui, document: &CaseDocument, state: &mut TrajectoryState) {
    let kinds_present: Vec<InterventionKind> = InterventionKind::ALL
        .into_iter()
        .filter(|kind| {
            document
                .case()
                .interventions
                .iter()
                .any(|intervention| intervention.kind == *kind)
        })
        .collect();
    let interventions: Vec<(usize, &str, InterventionKind, bool)> = document
        .case()
        .interventions
        .iter()
        .enumerate()
        .map(|(index, intervention)| {
            let undated = intervention.timing.first_time().is_none();
            (
                index,
                intervention.name.as_str(),
                intervention.kind,
                undated,
            )
        })
        .collect();
    ui.menu_button("Interventions", |ui| {
        ui.label(RichText::new("By kind").strong());
        for kind in kinds_present {
            let mut shown = !state.hidden_kinds.contains(&kind);
            let label =
                RichText::new(format!("■ {}", kind.label())).color(intervention_color(kind));
            if ui.checkbox(&mut shown, label).changed() {
                if shown {
                    state.hidden_kinds.remove(&kind);
                } else {
                    state.hidden_kinds.insert(kind);
                }
            }
        }
        ui.separator();
        ui.label(RichText::new("One by one").strong());
        for (index, name, kind, undated) in interventions {
            let mut shown = !state.hidden_interventions.contains(&index);
            let text = if undated {
                format!("{name} (undated: not drawn)")
            } else {
                name.to_owned()
            };
            ui.add_enabled_ui(!undated && !state.hidden_kinds.contains(&kind), |ui| {
                if ui.checkbox(&mut shown, text).changed() {
                    if shown {
                        state.hidden_interventions.remove(&index);
                    } else {
                        state.hidden_interventions.insert(index);
                    }
                }
            });
        }
    });
}

fn marker_chooser_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    layout: &TrajectoryLayout,
) -> Option<(String, TrajectoryLayout)> {
    let name_of = |marker: &str| {
        document
            .case()
            .series
            .iter()
            .find(|series| series.marker == marker)
            .map_or(marker.to_owned(), |series| series.display_name())
    };
    let mut edit: Option<(String, TrajectoryLayout)> = None;
    let panel_count = layout.panels.len();
    for (panel_index, panel) in layout.panels.iter().enumerate() {
        let names: Vec<String> = panel.markers.iter().map(|marker| name_of(marker)).collect();
        let title = names.join(" + ");
        ui.horizontal(|ui| {
            ui.label(&title);
            let mut changed = |description: String, change: &dyn Fn(&mut TrajectoryLayout)| {
                let mut new_layout = layout.clone();
                change(&mut new_layout);
                edit = Some((description, new_layout));
            };
            if ui
                .add_enabled(panel_index > 0, egui::Button::new("↑").small())
                .on_hover_text("Move up")
                .clicked()
            {
                changed(format!("Move {title} up"), &|layout| {
                    layout.panels.swap(panel_index, panel_index - 1)
                });
            }
            if ui
                .add_enabled(
                    panel_index + 1 < panel_count,
                    egui::Button::new("↓").small(),
                )
                .on_hover_text("Move down")
                .clicked()
            {
                changed(format!("Move {title} down"), &|layout| {
                    layout.panels.swap(panel_index, panel_index + 1)
                });
            }
            let mut log_scale = panel.log_scale;
            if ui.checkbox(&mut log_scale, "log").changed() {
                let verb = if log_scale {
                    "Log scale for"
                } else {
                    "Linear scale for"
                };
                changed(format!("{verb} {title}"), &|layout| {
                    if let Some(panel) = layout.panels.get_mut(panel_index) {
                        panel.log_scale = log_scale;
                    }
                });
            }
            if panel_index > 0 && ui.small_button("Group with above").clicked() {
                changed(format!("Group {title} with the plot above"), &|layout| {
                    if panel_index < layout.panels.len() {
                        let moved = layout.panels.remove(panel_index);
                        if let Some(above) = layout.panels.get_mut(panel_index - 1) {
                            above.markers.extend(moved.markers);
                        }
                    }
                });
            }
            if panel.markers.len() > 1 && ui.small_button("Split").clicked() {
                changed(format!("Split {title}"), &|layout| {
                    if panel_index < layout.panels.len() {
                        let split = layout.panels.remove(panel_index);
                        for (offset, marker) in split.markers.into_iter().enumerate() {
                            layout.panels.insert(
                                panel_index + offset,
                                PanelLayout {
                                    markers: vec![marker],
                                    log_scale: split.log_scale,
                                },
                            );
                        }
                    }
                });
            }
            if ui.small_button("Hide").clicked() {
                changed(format!("Hide {title}"), &|layout| {
                    if panel_index < layout.panels.len() {
                        layout.panels.remove(panel_index);
                    }
                });
            }
        });
    }
    let hidden = layout.hidden_markers(document.case());
    if !hidden.is_empty() {
        ui.separator();
        ui.label(RichText::new("Hidden").strong());
        for marker in hidden {
            ui.horizontal(|ui| {
                let name = name_of(marker);
                ui.label(&name);
                if ui.small_button("Show").clicked() {
                    let mut new_layout = layout.clone();
                    new_layout.panels.push(PanelLayout {
                        markers: vec![marker.to_owned()],
                        log_scale: false,
                    });
                    edit = Some((format!("Show {name}"), new_layout));
                }
            });
        }
    }
    edit
}
