//! The searchable marker picker: a case's markers grouped by catalog panel (custom markers
//! last), each with a tick for shown or hidden. Typing filters by name, id, export spelling
//! or LOINC code, so a 74-marker case is as quick to arrange as a five-marker one.
//!
//! The choice of what matches and how markers group is plain logic ([`picker_groups`]); the
//! `*_ui` function draws it and returns the layout change for the caller to apply as an
//! undoable edit.

use crate::model::marker::Panel;
use crate::model::{Case, PanelLayout, TrajectoryLayout};

/// What the picker remembers between frames (kept in egui's memory, per case view).
#[derive(Clone, Debug, Default)]
pub struct MarkerPickerState {
    pub query: String,
}

/// One marker of the case as the picker lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct PickerItem {
    pub marker: String,
    pub name: String,
    pub unit: String,
    pub shown: bool,
}

/// The case's markers matching `query`, grouped by panel in panel order, file order within.
pub fn picker_groups(
    case: &Case,
    layout: &TrajectoryLayout,
    query: &str,
) -> Vec<(Panel, Vec<PickerItem>)> {
    let words: Vec<String> = query
        .split_whitespace()
        .map(|word| word.to_lowercase())
        .collect();
    let mut groups: Vec<(Panel, Vec<PickerItem>)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for series in &case.series {
        if seen.contains(&series.marker.as_str()) {
            continue;
        }
        seen.push(&series.marker);
        let definition = series.definition();
        let mut haystack = format!("{} {}", series.display_name(), series.marker);
        if let Some(definition) = definition {
            haystack.push(' ');
            haystack.push_str(definition.loinc);
            for spelling in definition.synonyms.iter().chain(definition.other_loinc) {
                haystack.push(' ');
                haystack.push_str(spelling);
            }
        }
        let haystack = haystack.to_lowercase();
        if !words.iter().all(|word| haystack.contains(word.as_str())) {
            continue;
        }
        let panel = definition.map_or(Panel::Other, |definition| definition.panel);
        let item = PickerItem {
            marker: series.marker.clone(),
            name: series.display_name(),
            unit: series.display_unit(),
            shown: layout
                .panels
                .iter()
                .any(|plot| plot.markers.contains(&series.marker)),
        };
        match groups.iter_mut().find(|(existing, _)| *existing == panel) {
            Some((_, items)) => items.push(item),
            None => groups.push((panel, vec![item])),
        }
    }
    groups.sort_by_key(|(panel, _)| *panel);
    groups
}

/// `layout` with `marker` shown (a plot of its own at the bottom) or hidden (taken out of its
/// plot; a plot left empty goes).
pub fn with_marker(layout: &TrajectoryLayout, marker: &str, shown: bool) -> TrajectoryLayout {
    let mut changed = layout.clone();
    if shown {
        if !changed
            .panels
            .iter()
            .any(|plot| plot.markers.iter().any(|id| id == marker))
        {
            changed.panels.push(PanelLayout {
                markers: vec![marker.to_owned()],
                log_scale: crate::model::marker::find_marker(marker)
                    .is_some_and(|definition| definition.spans_decades),
            });
        }
    } else {
        for plot in &mut changed.panels {
            plot.markers.retain(|id| id != marker);
        }
        changed.panels.retain(|plot| !plot.markers.is_empty());
    }
    changed
}

/// Draws the picker; returns the layout change, with its description for the edit history.
pub fn marker_picker_ui(
    ui: &mut egui::Ui,
    case: &Case,
    layout: &TrajectoryLayout,
) -> Option<(String, TrajectoryLayout)> {
    let id = ui.make_persistent_id("marker_picker");
    let mut state: MarkerPickerState = ui.data_mut(|data| data.get_temp(id).unwrap_or_default());
    let mut edit = None;
    ui.horizontal(|ui| {
        ui.label("Find:");
        ui.add(
            egui::TextEdit::singleline(&mut state.query)
                .hint_text("name, abbreviation or LOINC")
                .desired_width(200.0),
        );
        if !state.query.is_empty() && ui.small_button("✕").on_hover_text("Clear").clicked() {
            state.query.clear();
        }
    });
    let groups = picker_groups(case, layout, &state.query);
    if groups.is_empty() {
        ui.label("No marker of this case matches.");
    }
    egui::ScrollArea::vertical()
        .id_salt("marker_picker_scroll")
        .max_height(360.0)
        .show(ui, |ui| {
            for (panel, items) in &groups {
                let shown = items.iter().filter(|item| item.shown).count();
                egui::CollapsingHeader::new(format!(
                    "{} ({shown} of {} shown)",
                    panel.label(),
                    items.len()
                ))
                .id_salt(("marker_picker_panel", *panel))
                .default_open(true)
                .show(ui, |ui| {
                    for item in items {
                        let mut tick = item.shown;
                        // Not `Name (unit)`: that is the plot's own title, and the
                        // accessibility tree (and a reader) should tell the two apart.
                        let label = if item.unit.is_empty() {
                            item.name.clone()
                        } else {
                            format!("{} — {}", item.name, item.unit)
                        };
                        if ui.checkbox(&mut tick, label).changed() {
                            let verb = if tick { "Show" } else { "Hide" };
                            edit = Some((
                                format!("{verb} {}", item.name),
                                with_marker(layout, &item.marker, tick),
                            ));
                        }
                    }
                });
            }
        });
    ui.data_mut(|data| data.insert_temp(id, state));
    edit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Series;

    fn case_with(markers: &[&str]) -> Case {
        let mut case = crate::io::bundled::PENG_2020.load().unwrap().case;
        case.series = markers
            .iter()
            .map(|marker| Series {
                marker: (*marker).to_owned(),
                ..Series::default()
            })
            .collect();
        case
    }

    #[test]
    fn markers_group_by_panel_and_search_reaches_synonyms_and_loinc() {
        let case = case_with(&["ferritin", "il6", "neutrophils", "d_dimer", "il10"]);
        let layout = TrajectoryLayout {
            panels: vec![PanelLayout {
                markers: vec!["il6".to_owned()],
                log_scale: true,
            }],
        };
        let groups = picker_groups(&case, &layout, "");
        let panels: Vec<Panel> = groups.iter().map(|(panel, _)| *panel).collect();
        assert_eq!(
            panels,
            [
                Panel::BloodCount,
                Panel::Coagulation,
                Panel::Inflammation,
                Panel::Cytokines
            ]
        );
        let cytokines = &groups[3].1;
        assert_eq!(cytokines[0].marker, "il6");
        assert!(cytokines[0].shown && !cytokines[1].shown);
        let by = |query: &str| -> Vec<String> {
            picker_groups(&case, &layout, query)
                .into_iter()
                .flat_map(|(_, items)| items.into_iter().map(|item| item.marker))
                .collect()
        };
        assert_eq!(by("interleukin 10"), ["il10"]);
        assert_eq!(by("D-D dimer"), ["d_dimer"]);
        assert_eq!(by("2276-4"), ["ferritin"]);
        assert!(by("nothing like this").is_empty());
    }

    #[test]
    fn showing_and_hiding_edit_the_layout() {
        let layout = TrajectoryLayout {
            panels: vec![PanelLayout {
                markers: vec!["crp".to_owned(), "hs_crp".to_owned()],
                log_scale: true,
            }],
        };
        let shown = with_marker(&layout, "ferritin", true);
        assert_eq!(shown.panels.len(), 2);
        assert!(shown.panels[1].log_scale, "ferritin spans decades");
        let hidden = with_marker(&shown, "crp", false);
        assert_eq!(hidden.panels[0].markers, ["hs_crp"]);
        let gone = with_marker(&hidden, "hs_crp", false);
        assert_eq!(gone.panels.len(), 1);
    }
}
