//! The milestone images of the preview, decoded on a worker thread ([`crate::app::job`]) so
//! that opening the Report view or editing a milestone never blocks the UI. The thread asks
//! for a repaint when it is done; the view polls every frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::job::{Job, Polled};
use crate::model::{Case, ImagingMilestone};
use crate::report::images::{MilestoneImage, load_milestone_images};

enum Progress {
    Decoding(Job<Vec<MilestoneImage>>),
    Ready(Arc<Vec<MilestoneImage>>),
}

/// The images of one version of the case's milestones.
pub struct PreviewImages {
    milestones: Vec<ImagingMilestone>,
    folder: Option<PathBuf>,
    progress: Progress,
}

impl std::fmt::Debug for PreviewImages {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("PreviewImages")
            .field("milestones", &self.milestones.len())
            .field("ready", &self.ready().is_some())
            .finish()
    }
}

impl PreviewImages {
    /// Starts decoding the case's images from `folder`.
    pub fn start(ctx: &egui::Context, case: &Case, folder: Option<PathBuf>) -> Self {
        let thread_case = case.clone();
        let thread_folder = folder.clone();
        // The view may move on to other milestones; the job is dropped then, and its images
        // go nowhere.
        let spawned = Job::spawn(ctx, "report-images", "Preparing figures…", move |_| {
            load_milestone_images(&thread_case, thread_folder.as_deref())
        });
        let progress = match spawned {
            Ok(job) => Progress::Decoding(job),
            // Without a thread the images are still needed: decode them here, once.
            Err(_) => Progress::Ready(Arc::new(load_milestone_images(case, folder.as_deref()))),
        };
        Self {
            milestones: case.milestones.clone(),
            folder,
            progress,
        }
    }

    /// Whether these are the images of `case`'s milestones read from `folder`.
    pub fn is_for(&self, case: &Case, folder: Option<&Path>) -> bool {
        self.milestones == case.milestones && self.folder.as_deref() == folder
    }

    /// Takes in the thread's result if it has finished.
    pub fn poll(&mut self) {
        if let Progress::Decoding(job) = &mut self.progress {
            match job.poll() {
                Polled::Done(images) => self.progress = Progress::Ready(Arc::new(images)),
                Polled::Running => {}
                // The thread died without an answer: the report then says each image was
                // not loaded, rather than waiting for ever.
                Polled::Lost => self.progress = Progress::Ready(Arc::new(Vec::new())),
            }
        }
    }

    /// The decoded images, once the thread has finished.
    pub fn ready(&self) -> Option<&Arc<Vec<MilestoneImage>>> {
        match &self.progress {
            Progress::Ready(images) => Some(images),
            Progress::Decoding(_) => None,
        }
    }
}
