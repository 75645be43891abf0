//! The stay picker of the import dialog: a FHIR Bundle with several encounters lists them,
//! and the one picked gives the case's admission and discharge (the latest inpatient stay
//! when none is picked).

use crate::io::import::LoadedExport;

/// Shows the picker when the bundle has more than one encounter; true when the choice
/// changed.
pub fn encounter_picker_ui(
    ui: &mut egui::Ui,
    export: &LoadedExport,
    chosen: &mut Option<String>,
) -> bool {
    let encounters = export.encounters();
    if encounters.len() < 2 {
        return false;
    }
    let before = chosen.clone();
    ui.horizontal(|ui| {
        let label = ui.label("Stay:");
        let shown = chosen
            .as_deref()
            .and_then(|wanted| encounters.iter().find(|e| e.reference == wanted))
            .map_or_else(
                || "latest inpatient stay".to_owned(),
                |encounter| encounter.describe(),
            );
        egui::ComboBox::from_id_salt("import_encounter")
            .selected_text(shown)
            .width(420.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(chosen, None, "latest inpatient stay");
                for encounter in &encounters {
                    let mark = if encounter.inpatient {
                        "inpatient · "
                    } else {
                        ""
                    };
                    ui.selectable_value(
                        chosen,
                        Some(encounter.reference.clone()),
                        format!("{mark}{}", encounter.describe()),
                    );
                }
            })
            .response
            .labelled_by(label.id);
    });
    before != *chosen
}
