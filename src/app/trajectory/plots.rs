//! The stacked plots: the event strip (`strip`), one plot per panel (`panel`) and the severity
//! scores (`severity`), all sharing one time axis (zoom, pan and cursor move together); plots
//! scrolled out of view are not laid out.

use super::TrajectoryState;
use super::panel::{CulledPanel, PanelPlace, culled_panel_ui, panel_ui};
use super::plot_common::{MIN_PLOT_HEIGHT, PlotInputs, PlotsInteraction, STRIP_HEIGHT};
use crate::model::PanelLayout;

pub fn plots_ui(
    ui: &mut egui::Ui,
    inputs: &PlotInputs<'_>,
    panels: &[PanelLayout],
    state: &mut TrajectoryState,
) -> PlotsInteraction {
    let mut interaction = PlotsInteraction::default();
    let link_group = ui.scope_id().with("trajectory_link");
    let available = ui.available_height() - STRIP_HEIGHT;
    // Each plot also has its title line above it, and spacing.
    const TITLE_AND_SPACING: f32 = 30.0;
    // The reviewer's chosen height, or the plots share the height there is.
    let plot_height = state.plot_height.unwrap_or_else(|| {
        (available / panels.len().max(1) as f32 - TITLE_AND_SPACING).max(MIN_PLOT_HEIGHT)
    });
    state.plot_rects.clear();

    super::strip::strip_ui(ui, inputs, state, link_group, &mut interaction);
    if state.panel_heights.0 != plot_height {
        state.panel_heights = (plot_height, Vec::new());
    }
    egui::ScrollArea::vertical()
        .id_salt("trajectory_plots_scroll")
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            let content_top = ui.min_rect().top();
            let spacing = ui.spacing().item_spacing.y;
            let template = state.panel_heights.1.iter().flatten().next().copied();
            for (index, panel) in panels.iter().enumerate() {
                let place = PanelPlace {
                    index,
                    is_last: index + 1 == panels.len(),
                    height: plot_height,
                    link_group,
                };
                // A plot scrolled out of view takes its room and is not laid out: the
                // room it took when last drawn, so the scroll bar holds still.
                let top = ui.cursor().top() - content_top;
                let drawn_before = state.panel_heights.1.get(index).copied().flatten();
                let estimate = drawn_before.map_or(plot_height + TITLE_AND_SPACING, |(h, _)| h);
                if top + estimate < viewport.top() || top > viewport.bottom() {
                    // Plots share one time axis: one never drawn takes another's columns.
                    let plot_rect = drawn_before.or(template).map(|(_, rect)| rect);
                    let culled = CulledPanel {
                        height: estimate,
                        plot_rect,
                    };
                    culled_panel_ui(ui, inputs, panel, culled, state, &mut interaction);
                    continue;
                }
                let before = ui.cursor().top();
                panel_ui(ui, inputs, panel, place, state, &mut interaction);
                let drawn = ui.cursor().top() - before - spacing;
                let plot_rect = state.plot_rects.last().map_or(egui::Rect::NOTHING, |rect| {
                    rect.translate(egui::vec2(0.0, -before))
                });
                let heights = &mut state.panel_heights.1;
                if heights.len() <= index {
                    heights.resize(index + 1, None);
                }
                if let Some(slot) = heights.get_mut(index) {
                    *slot = Some((drawn, plot_rect));
                }
            }
            super::severity::severity_panel_ui(
                ui,
                inputs,
                state,
                link_group,
                plot_height,
                &mut interaction,
            );
        });
    interaction
}
