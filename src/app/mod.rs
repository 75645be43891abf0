//! The desktop app (egui/eframe): the only module that knows about the user interface.

pub mod cohort_reference;
pub mod cohort_view;
pub mod compare;
pub mod document;
pub mod fonts;
pub mod imaging;
pub mod import_dialog;
pub mod job;
pub mod messages;
pub mod pacs_dialog;
pub mod panels;
pub mod report_view;
pub mod requests;
pub mod safety;
pub mod shell;
pub mod shortcuts;
pub mod state;
pub mod theme;
pub mod trajectory;
pub mod views;

use std::path::PathBuf;

pub use shell::CaseLensApp;

/// Opens the main window on the given case files (the bundled reference case when empty)
/// and runs until it is closed.
pub fn run(files: Vec<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("CaseLens")
            .with_app_id("caselens")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "CaseLens",
        options,
        Box::new(|creation| Ok(Box::new(CaseLensApp::new(creation, files)))),
    )
    .map_err(|error| anyhow::anyhow!("could not open the CaseLens window: {error}"))
}
