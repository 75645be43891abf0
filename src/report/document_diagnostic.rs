//! The diagnostic-assessment part of the report's reading order: laboratory course, values
//! around each intervention, episodes, test results and imaging milestones.

use super::document::{Embedded, Sink};
use super::model::{CaseReport, DiagnosticSection, ValueAt};
use super::words::{ILLUSTRATIVE_LEGEND, change, is_illustrative, short_when, value_at_time};

pub(super) fn diagnostic(report: &CaseReport, sink: &mut dyn Sink, file_stem: &str) {
    let diagnostic = &report.diagnostic_assessment;
    sink.heading(2, "Diagnostic assessment");
    laboratory_course(diagnostic, sink);
    responses(diagnostic, sink);
    episodes_and_test_results(diagnostic, sink);
    imaging(report, sink, file_stem);
}

/// One table per panel of first, peak, trough and last values, with where each reference
/// interval comes from and each marker's note.
fn laboratory_course(diagnostic: &DiagnosticSection, sink: &mut dyn Sink) {
    sink.heading(3, "Laboratory course");
    if diagnostic.laboratory.is_empty() {
        sink.placeholder("No laboratory or vital-sign series.");
    }
    let any_illustrative = std::cell::Cell::new(false);
    let values = |values: &[ValueAt]| {
        if values.iter().any(is_illustrative) {
            any_illustrative.set(true);
        }
        if values.is_empty() {
            "–".to_owned()
        } else {
            values
                .iter()
                .map(|value| value_at_time(value, ""))
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    let row = |course: &super::model::MarkerCourse| {
        vec![
            format!("{} ({})", course.name, course.unit),
            course
                .reference
                .clone()
                .unwrap_or_else(|| "none".to_owned()),
            values(course.first.as_slice()),
            values(&course.peaks),
            values(&course.troughs),
            values(course.last.as_slice()),
            match course.days_outside_reference {
                Some(days) => format!("{days} of {}", course.days_sampled),
                None => "–".to_owned(),
            },
            course.provenance.clone(),
        ]
    };
    // One table per panel, in the order the report lists them (grouped already).
    let mut panels: Vec<(&str, Vec<Vec<String>>)> = Vec::new();
    for course in &diagnostic.laboratory {
        match panels.last_mut() {
            Some((panel, rows)) if *panel == course.panel => rows.push(row(course)),
            _ => panels.push((&course.panel, vec![row(course)])),
        }
    }
    for (panel, rows) in &panels {
        sink.heading(4, panel);
        sink.table(
            &[
                "Marker (unit)",
                "Reference",
                "First",
                "Peaks",
                "Troughs",
                "Last",
                "Days outside reference (of days sampled)",
                "Provenance",
            ],
            rows,
        );
    }
    if !panels.is_empty() && any_illustrative.get() {
        sink.small(ILLUSTRATIVE_LEGEND);
    }
    // Where each reference interval comes from, markers that share a source named together.
    let mut sources: Vec<(&str, Vec<&str>)> = Vec::new();
    for course in &diagnostic.laboratory {
        let Some(source) = course.reference_source.as_deref() else {
            continue;
        };
        match sources.iter_mut().find(|(known, _)| *known == source) {
            Some((_, names)) => names.push(&course.name),
            None => sources.push((source, vec![&course.name])),
        }
    }
    for (source, names) in &sources {
        sink.small(&format!(
            "Reference intervals of {}: {source}.",
            names.join(", ")
        ));
    }
    for course in diagnostic
        .laboratory
        .iter()
        .filter(|course| course.note.is_some())
    {
        if let Some(note) = &course.note {
            sink.labelled(&format!("{} note", course.name), note);
        }
    }
}

/// Values before the first and after the last dose of each intervention.
fn responses(diagnostic: &DiagnosticSection, sink: &mut dyn Sink) {
    if !diagnostic.responses.is_empty() {
        sink.heading(3, "Values before and after each intervention");
        sink.small("Before: the last value on or before the day of the first dose. After: the first value from the day after the last dose.");
    }
    for table in &diagnostic.responses {
        let span = if table.first_dose.label == table.last_dose.label {
            short_when(&table.first_dose)
        } else {
            format!(
                "{} to {}",
                short_when(&table.first_dose),
                short_when(&table.last_dose)
            )
        };
        sink.labelled(&table.intervention, &span);
        let any_illustrative = std::cell::Cell::new(false);
        let cell = |value: &Option<ValueAt>| {
            value.as_ref().map_or_else(
                || "–".to_owned(),
                |value| {
                    if is_illustrative(value) {
                        any_illustrative.set(true);
                    }
                    value_at_time(value, "")
                },
            )
        };
        let rows: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|row| {
                vec![
                    format!("{} ({})", row.name, row.unit),
                    cell(&row.before),
                    cell(&row.after),
                    change(row.change, row.change_percent),
                ]
            })
            .collect();
        sink.table(&["Marker (unit)", "Before", "After", "Change"], &rows);
        if any_illustrative.get() {
            sink.small(ILLUSTRATIVE_LEGEND);
        }
    }
}

fn episodes_and_test_results(diagnostic: &DiagnosticSection, sink: &mut dyn Sink) {
    if !diagnostic.episodes.is_empty() {
        sink.heading(3, "Episodes");
        for episode in &diagnostic.episodes {
            let mut text = format!(
                "{} to {} (marked by the {})",
                episode.start.label, episode.end.label, episode.origin
            );
            if let Some((first, last)) = episode.stated_illness_days {
                text.push_str(&format!(
                    "; the source calls it illness days {first}–{last}"
                ));
            }
            if let Some(note) = &episode.note {
                text.push_str(". ");
                text.push_str(note);
            }
            sink.labelled(&episode.label, &text);
        }
    }
    if !diagnostic.test_results.is_empty() {
        sink.heading(3, "Test results");
        for test in &diagnostic.test_results {
            sink.labelled(&test.when.label, &test.text);
        }
    }
}

/// Each imaging study with its reading and its annotated thumbnails, or why one is missing.
fn imaging(report: &CaseReport, sink: &mut dyn Sink, file_stem: &str) {
    sink.heading(3, "Imaging milestones");
    if report.imaging.is_empty() {
        sink.placeholder("No imaging studies.");
    }
    for study in &report.imaging {
        let when = study
            .when
            .as_ref()
            .map_or("date not stated".to_owned(), |when| when.label.clone());
        sink.labelled(
            &format!("{} · {} · {when}", study.label, study.modality),
            &study.findings,
        );
        if !study.reading.is_empty() {
            sink.list(&study.reading);
        }
        if let Some(note) = &study.note {
            sink.small(note);
        }
        if study.images.is_empty() {
            sink.small("No image attached.");
        }
        for (index, image) in study.images.iter().enumerate() {
            let mut caption = image
                .caption
                .clone()
                .unwrap_or_else(|| format!("{} image {}", study.label, index + 1));
            if image.annotation_count > 0 {
                caption.push_str(&format!(
                    " ({} annotation(s) drawn in)",
                    image.annotation_count
                ));
            }
            match &image.thumbnail {
                Some(uri) => sink.figure(
                    &Embedded {
                        alt: &caption,
                        file_name: format!("{file_stem}-{}-{}.png", study.label, index + 1),
                        svg: None,
                        data_uri: Some(uri),
                    },
                    &caption,
                ),
                None => sink.small(&format!(
                    "{caption}: no thumbnail ({}).",
                    image.problem.as_deref().unwrap_or("not available")
                )),
            }
        }
    }
}
