//! View choices that belong to a review and are saved with the case: which markers the
//! trajectory view shows, grouped how, in what order, on which scale.

use serde::{Deserialize, Serialize};

use super::case::Case;
use super::marker::find_marker;

/// The cytokine-storm set imported cases open on, top to bottom; markers in one inner list
/// share a plot (CRP beside hs-CRP). Teaching sessions and reviews of severe cases start here.
pub const CYTOKINE_STORM_PANELS: &[&[&str]] = &[
    &["il6"],
    &["il10"],
    &["il2r"],
    &["tnf_alpha"],
    &["ferritin"],
    &["crp", "hs_crp"],
    &["d_dimer"],
    &["d_dimer_ddu"],
    &["ldh"],
    &["lymphocytes"],
    &["lymphocytes_percent"],
    &["pf_ratio"],
];

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

    /// The cytokine-storm layout ([`CYTOKINE_STORM_PANELS`]) restricted to the markers the case
    /// has, each on a log axis where its values span decades; `None` when it has none of them.
    /// The case's other markers start hidden and are one click away in the marker picker.
    pub fn cytokine_storm(case: &Case) -> Option<Self> {
        let has = |id: &&&str| case.series.iter().any(|series| series.marker == **id);
        let panels: Vec<PanelLayout> = CYTOKINE_STORM_PANELS
            .iter()
            .filter_map(|ids| {
                let markers: Vec<String> =
                    ids.iter().filter(has).map(|id| (*id).to_owned()).collect();
                let log_scale = markers
                    .iter()
                    .any(|id| find_marker(id).is_some_and(|definition| definition.spans_decades));
                (!markers.is_empty()).then_some(PanelLayout { markers, log_scale })
            })
            .collect();
        (!panels.is_empty()).then_some(Self { panels })
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
