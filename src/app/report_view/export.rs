//! Export from the report view: a save dialog, then the same report and figure functions as
//! `caselens export` and `caselens figure`, written atomically.

use std::path::Path;

use super::ReportState;
use super::case_folder;
use crate::app::document::CaseDocument;
use crate::report::export_case;
use crate::report::figures::{self, FigureKind};
use crate::report::images::load_milestone_images;

fn suggested_stem(document: &CaseDocument, deidentify: bool) -> String {
    if deidentify {
        return "deidentified-report".to_owned();
    }
    let name = document.source().short_name();
    let name = name.trim_end_matches(" (bundled)");
    Path::new(name).file_stem().map_or_else(
        || "report".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    )
}

/// `None` when the user cancelled the dialog.
pub(super) fn export_report_with_dialog(
    document: &CaseDocument,
    state: &ReportState,
) -> Option<Result<String, String>> {
    let extension = state.format.extension();
    let path = rfd::FileDialog::new()
        .set_title("Export report")
        .add_filter(state.format.label(), &[extension])
        .set_file_name(format!(
            "{}.{extension}",
            suggested_stem(document, state.deidentify)
        ))
        .save_file()?;
    let stem = path.file_stem().map_or_else(
        || "report".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    );
    let folder = case_folder(document);
    let written = export_case(
        document.case(),
        folder.as_deref(),
        state.format,
        &state.report_options(),
        &stem,
    )
    .map_err(|error| error.to_string())
    .and_then(|rendered| {
        crate::io::write_atomic(&path, rendered.text.as_bytes())
            .map_err(|error| error.to_string())?;
        let target_folder = path.parent().unwrap_or(Path::new("."));
        for (name, bytes) in &rendered.attachments {
            crate::io::write_atomic(&target_folder.join(name), bytes)
                .map_err(|error| error.to_string())?;
        }
        Ok(1 + rendered.attachments.len())
    });
    Some(written.map(|count| {
        format!(
            "Exported {} ({count} file{})",
            path.display(),
            if count == 1 { "" } else { "s" }
        )
    }))
}

pub(super) fn export_figure_with_dialog(
    document: &CaseDocument,
    state: &ReportState,
    kind: FigureKind,
) -> Option<Result<String, String>> {
    let format = state.figure_format;
    let extension = format.extension();
    let path = rfd::FileDialog::new()
        .set_title("Export figure")
        .add_filter(extension.to_uppercase(), &[extension])
        .set_file_name(format!(
            "{}-{}.{extension}",
            suggested_stem(document, state.deidentify),
            kind.label().to_lowercase()
        ))
        .save_file()?;
    let folder = case_folder(document);
    // The preview's images when they are decoded and current; otherwise this export waits
    // for its own, as the user asked for the file.
    let images = match (kind, state.images.as_ref()) {
        (FigureKind::Trajectory, _) => Vec::new(),
        (FigureKind::Imaging, Some(images))
            if images.is_for(document.case(), folder.as_deref()) =>
        {
            images.ready().map_or_else(
                || load_milestone_images(document.case(), folder.as_deref()),
                |images| images.as_ref().clone(),
            )
        }
        (FigureKind::Imaging, _) => load_milestone_images(document.case(), folder.as_deref()),
    };
    let written = figures::render_figure(
        document.case(),
        &images,
        kind,
        format,
        &state.figure_options(),
    )
    .map_err(|error| error.to_string())
    .and_then(|bytes| crate::io::write_atomic(&path, &bytes).map_err(|error| error.to_string()));
    Some(written.map(|()| format!("Exported {}", path.display())))
}
