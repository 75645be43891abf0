//! The real app driven through its accessibility tree with egui_kittest (and rendered with wgpu where a GPU or software Vulkan exists): one test binary, so wgpu is linked once for all of them.

#[path = "../support/ct_phantom.rs"]
mod ct_phantom;
#[path = "../support/files.rs"]
mod files;
#[path = "../support/mod.rs"]
mod support;

mod cohort_ui;
mod ct;
mod ct_marks;
mod derived;
mod imaging_edits;
mod imaging_ui;
mod import_dialog;
mod playback_class;
mod playback_screens;
mod render;
mod report_ui;
mod safety_ui;
mod teaching_ui;
mod trajectory_ui;
mod ui;
