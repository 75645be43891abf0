//! Adds an imported patient to a case that is already open: new markers become new series,
//! samples of a marker the case has (in the same unit) are added where the case has no
//! sample at that time, missing anchors are filled, and interventions, events and imaging
//! studies are appended. Nothing already in the case is changed or removed; what could not
//! be added is said.

use std::collections::HashSet;

use super::time_parse::time_key;
use crate::model::Case;

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeSummary {
    pub series_added: usize,
    pub samples_added: usize,
    /// Samples left out because the case already has one at that time.
    pub samples_already_there: usize,
    pub other_items_added: usize,
    /// Sentences on what was not added and why.
    pub not_added: Vec<String>,
}

impl MergeSummary {
    /// One line for the status bar.
    pub fn describe(&self) -> String {
        format!(
            "added {} series, {} samples and {} other items{}",
            self.series_added,
            self.samples_added,
            self.other_items_added,
            if self.samples_already_there > 0 {
                format!(
                    "; {} samples were already in the case",
                    self.samples_already_there
                )
            } else {
                String::new()
            }
        )
    }
}

/// Merges `imported` into `case`.
pub fn merge_into(case: &mut Case, imported: &Case) -> MergeSummary {
    let mut summary = MergeSummary::default();
    for series in &imported.series {
        let Some(existing) = case
            .series
            .iter_mut()
            .find(|existing| existing.marker == series.marker)
        else {
            case.series.push(series.clone());
            summary.series_added += 1;
            summary.samples_added += series.samples.len();
            continue;
        };
        if existing.unit() != series.unit() {
            summary.not_added.push(format!(
                "{}: the case holds it in {}, the export in {}; not added",
                series.display_name(),
                existing.unit().unwrap_or("no unit"),
                series.unit().unwrap_or("no unit")
            ));
            continue;
        }
        let times: HashSet<_> = existing
            .samples
            .iter()
            .map(|sample| time_key(&sample.time))
            .collect();
        for sample in &series.samples {
            if times.contains(&time_key(&sample.time)) {
                summary.samples_already_there += 1;
            } else {
                existing.samples.push(sample.clone());
                summary.samples_added += 1;
            }
        }
        existing
            .samples
            .sort_by_key(|sample| time_key(&sample.time));
        for conversion in &series.conversions {
            if !existing.conversions.contains(conversion) {
                existing.conversions.push(conversion.clone());
            }
        }
        if let Some(from) = &series.imported_from {
            existing.imported_from = Some(match &existing.imported_from {
                Some(before) if before != from => format!("{before}; {from}"),
                _ => from.clone(),
            });
        }
    }
    if case.anchors.admission.is_none() && imported.anchors.admission.is_some() {
        case.anchors.admission = imported.anchors.admission;
        summary.other_items_added += 1;
    }
    if case.anchors.discharge.is_none() && imported.anchors.discharge.is_some() {
        case.anchors.discharge = imported.anchors.discharge;
        summary.other_items_added += 1;
    }
    for event in &imported.events {
        if !case.events.contains(event) {
            case.events.push(event.clone());
            summary.other_items_added += 1;
        }
    }
    for intervention in &imported.interventions {
        if !case.interventions.contains(intervention) {
            case.interventions.push(intervention.clone());
            summary.other_items_added += 1;
        }
    }
    for milestone in &imported.milestones {
        let mut milestone = milestone.clone();
        let taken: HashSet<String> = case.milestones.iter().map(|m| m.label.clone()).collect();
        if taken.contains(&milestone.label) {
            let free = (1..)
                .map(|number| format!("I{number}"))
                .find(|label| !taken.contains(label));
            if let Some(label) = free {
                milestone.label = label;
            }
        }
        case.milestones.push(milestone);
        summary.other_items_added += 1;
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::{ExportFormat, ImportOptions, LoadedExport};

    fn imported(csv: &str) -> Case {
        let export = LoadedExport::from_bytes(csv.as_bytes(), "labs.csv", ExportFormat::Csv)
            .unwrap_or_else(|error| panic!("{error}"));
        let mapping = export
            .detect_mapping(&[])
            .unwrap_or_else(|error| panic!("{error}"));
        let outcome = export
            .build(&mapping, &ImportOptions::default())
            .unwrap_or_else(|error| panic!("{error}"));
        outcome.patients[0].case.clone()
    }

    #[test]
    fn new_samples_and_markers_are_added_and_nothing_is_replaced() {
        let mut case = imported("time,CRP (mg/L)\n2020-02-01 08:00,10\n2020-02-03 08:00,30\n");
        let more =
            imported("time,CRP (mg/L),LDH (U/L)\n2020-02-01 08:00,99\n2020-02-02 08:00,20,250\n");
        let summary = merge_into(&mut case, &more);
        let crp: Vec<f64> = case.series[0].samples.iter().map(|s| s.value).collect();
        assert_eq!(
            crp,
            [10.0, 20.0, 30.0],
            "the case's own 10 stays; 20 slots in"
        );
        assert_eq!(case.series[1].marker, "ldh");
        assert_eq!(summary.series_added, 1);
        assert_eq!(summary.samples_added, 2);
        assert_eq!(summary.samples_already_there, 1);
        assert!(!crate::model::validate(&case).has_errors());
    }

    #[test]
    fn a_marker_in_another_unit_is_not_mixed_in() {
        let mut case = imported("time,D-dimer (mg/L)\n2020-02-01 08:00,1.2\n");
        let other = imported("time,D-dimer (ug/mL FEU)\n2020-02-02 08:00,0.8\n");
        let summary = merge_into(&mut case, &other);
        assert_eq!(case.series[0].samples.len(), 1);
        assert_eq!(
            summary.not_added,
            ["D-dimer: the case holds it in mg/L, the export in mg/L{FEU}; not added"]
        );
    }
}
