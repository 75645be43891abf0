//! The cohort view's controls: which markers (one plot each), which patients (outcome, age,
//! sex), the alignment, the ranking and the value scale.

use egui::RichText;

use super::state::CohortViewState;
use crate::analysis::cohort::courses::{AGE_LIMITS, CourseAlignment, Ranking, SexFilter};
use crate::model::marker::display_unit;
use crate::model::{Cohort, CohortOutcome};

pub fn controls_ui(ui: &mut egui::Ui, cohort: &Cohort, state: &mut CohortViewState) {
    ui.strong("Markers");
    ui.add(
        egui::TextEdit::singleline(&mut state.marker_search)
            .hint_text("find a marker")
            .desired_width(f32::INFINITY),
    );
    let search = state.marker_search.to_lowercase();
    egui::ScrollArea::vertical()
        .id_salt("cohort_markers")
        .max_height((ui.available_height() * 0.45).max(120.0))
        .show(ui, |ui| {
            for &index in &state.marker_order {
                let analyte = &cohort.analytes[index];
                if !search.is_empty()
                    && !analyte.name.to_lowercase().contains(&search)
                    && !analyte.marker.to_lowercase().contains(&search)
                {
                    continue;
                }
                let mut shown = state.analytes.contains(&index);
                let label = format!("{} — {}", analyte.name, display_unit(&analyte.unit));
                if ui.checkbox(&mut shown, label).changed() {
                    if shown {
                        state.analytes.push(index);
                    } else {
                        state.analytes.retain(|&other| other != index);
                    }
                }
            }
        });
    ui.separator();
    ui.strong("Patients");
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut state.filter.outcome, None, "both outcomes");
        for outcome in CohortOutcome::BOTH {
            ui.selectable_value(&mut state.filter.outcome, Some(outcome), outcome.label());
        }
    });
    ui.horizontal(|ui| {
        let (mut youngest, mut oldest) = state.filter.age;
        ui.label("age");
        ui.add(
            egui::DragValue::new(&mut youngest)
                .range(AGE_LIMITS.0..=oldest)
                .suffix(" y"),
        );
        ui.label("to");
        ui.add(
            egui::DragValue::new(&mut oldest)
                .range(youngest..=AGE_LIMITS.1)
                .suffix(" y"),
        );
        state.filter.age = (youngest, oldest);
    });
    if state.filter.age != AGE_LIMITS {
        ui.label(RichText::new("Patients without a stated age are left out.").weak());
    }
    let recorded = state.sex_recorded;
    egui::ComboBox::new("cohort_sex", "sex")
        .selected_text(state.filter.sex.label())
        .show_ui(ui, |ui| {
            for sex in SexFilter::ALL {
                ui.selectable_value(&mut state.filter.sex, sex, sex.label());
            }
        });
    if recorded < cohort.patients.len() {
        ui.label(
            RichText::new(format!(
                "Sex recorded for {recorded} of {} patients",
                cohort.patients.len()
            ))
            .weak(),
        );
    }
    // Counted with the geometry, once per filter change.
    if let Some(geometry) = state.geometries.first() {
        ui.label(format!(
            "{} of {} patients match",
            geometry.courses.admitted,
            cohort.patients.len()
        ));
    }
    ui.separator();
    ui.strong("Day 0 is");
    ui.horizontal_wrapped(|ui| {
        for alignment in CourseAlignment::ALL {
            ui.selectable_value(&mut state.alignment, alignment, alignment.label());
        }
    });
    ui.strong("Rank patients by");
    ui.horizontal_wrapped(|ui| {
        for ranking in Ranking::ALL {
            ui.selectable_value(&mut state.ranking, ranking, ranking.label());
        }
    });
    ui.checkbox(&mut state.log_scale, "log scale")
        .on_hover_text("Values on a log₁₀ axis; zero and negative values are not drawn");
}
