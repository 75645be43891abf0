//! View choices that belong to a review and are saved with the case: which markers the
//! trajectory view shows, grouped how, in what order, on which scale.

use serde::{Deserialize, Serialize};

use super::case::Case;

/// The stacked plots of the trajectory view, top to bottom. Markers in no panel are hidden.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrajectoryLayout {
    pub panels: Vec<PanelLayout>,
}

/// One plot: one marker, or several drawn together (neutrophils with lymphocytes, say).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelLayout {
    /// Marker ids, as in `series[].marker`.
    pub markers: Vec<String>,
    /// A logarithmic value axis, for markers that span decades (IL-6, D-dimer, CRP).
    #[serde(default)]
    pub log_scale: bool,
}

impl TrajectoryLayout {
    /// The layout to use: the case's saved one, or one panel per marker in file order.
    pub fn for_case(case: &Case) -> Self {
        if let Some(saved) = &case.view {
            return saved.clone();
        }
        let mut panels: Vec<PanelLayout> = Vec::new();
        for series in &case.series {
            if !panels
                .iter()
                .any(|panel| panel.markers.contains(&series.marker))
            {
                panels.push(PanelLayout {
                    markers: vec![series.marker.clone()],
                    log_scale: false,
                });
            }
        }
        Self { panels }
    }

    /// Markers of the case that no panel shows.
    pub fn hidden_markers<'case>(&self, case: &'case Case) -> Vec<&'case str> {
        let mut hidden: Vec<&str> = Vec::new();
        for series in &case.series {
            let shown = self
                .panels
                .iter()
                .any(|panel| panel.markers.contains(&series.marker));
            if !shown && !hidden.contains(&series.marker.as_str()) {
                hidden.push(&series.marker);
            }
        }
        hidden
    }
}
