//! The patients of the first plot, ranked; hovering a row highlights the patient's course in
//! every plot, and a click opens the patient as a case.

use egui::RichText;

use super::state::{CohortRequest, CohortViewState, age_text, day_text, outcome_color};
use crate::analysis::cohort::courses::Ranking;
use crate::analysis::format::quantity;
use crate::model::Cohort;
use crate::model::marker::display_unit;

pub fn ranking_ui(
    ui: &mut egui::Ui,
    cohort: &Cohort,
    state: &mut CohortViewState,
    hovered_now: &mut Option<u32>,
) -> Option<CohortRequest> {
    let Some((geometry, order)) = state.ranked() else {
        ui.label("Choose a marker to rank the patients by.");
        return None;
    };
    let analyte = &cohort.analytes[geometry.key.analyte];
    let unit = display_unit(&analyte.unit);
    ui.strong(format!(
        "Patients by {} of {}",
        state.ranking.label(),
        analyte.name
    ));
    ui.label(
        RichText::new(format!(
            "{} of the {} matching patients have {}. Click one to open it as a case.",
            order.len(),
            geometry.courses.admitted,
            analyte.name
        ))
        .weak(),
    );
    ui.separator();
    let mut request = None;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("cohort_ranking_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, order.len(), |ui, rows| {
            for rank in rows {
                let Some(course) = order
                    .get(rank)
                    .and_then(|&index| geometry.courses.courses.get(index))
                else {
                    continue;
                };
                let Some(patient) = cohort.patients.get(course.patient as usize) else {
                    continue;
                };
                let measure = match state.ranking {
                    Ranking::Peak => format!(
                        "peak {} on {}",
                        quantity(course.peak, &unit),
                        day_text(course.peak_day)
                    ),
                    Ranking::LastValue => format!(
                        "last {} on {}",
                        quantity(course.last, &unit),
                        day_text(course.last_day)
                    ),
                    Ranking::TimeToPeak => format!(
                        "peak on {} ({})",
                        day_text(course.peak_day),
                        quantity(course.peak, &unit)
                    ),
                };
                let text = format!(
                    "{}. Patient {} · {} · {} · {measure}",
                    rank + 1,
                    patient.id,
                    patient.outcome.label(),
                    age_text(patient.age_years)
                );
                let selected = state.hovered == Some(course.patient);
                let response = ui
                    .selectable_label(
                        selected,
                        RichText::new(text).color(outcome_color(course.outcome)),
                    )
                    .on_hover_text("Open this patient as a case, in a new tab");
                if response.hovered() {
                    *hovered_now = Some(course.patient);
                }
                if response.clicked() {
                    request = Some(CohortRequest::OpenPatient(course.patient as usize));
                }
            }
        });
    request
}
