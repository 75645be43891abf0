//! The report preview and the figure previews, built on worker threads ([`crate::app::job`]).
//!
//! Each preview is keyed on what it is built from: the document generation (a new edit, undo
//! or redo), the options that change its content, and whether the milestone images were in.
//! A preview is built once per key, never per frame; while a newer one builds, the older stays
//! on screen under a spinner; a newer key supersedes a job still running (dropped, so its
//! worker is told to stop and its stale result never shown). A figure that cannot be drawn, or
//! a worker that stops without an answer, is reported once through the messages.

use std::sync::Arc;

use crate::app::job::{Job, Polled};
use crate::app::messages::Messages;
use crate::model::Case;
use crate::report::figures::{self, FigureError, FigureFormat, FigureKind, FigureOptions};
use crate::report::images::MilestoneImage;
use crate::report::{ReportOptions, build_report, document};

use super::preview::{Block, PreviewSink};

/// What the report preview was built from.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ReportKey {
    pub generation: u64,
    pub deidentify: bool,
    pub markers: Option<Vec<String>>,
    /// Built with the decoded images (not while they are decoding).
    pub with_images: bool,
}

/// What a figure preview was drawn from.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct FigureKey {
    pub generation: u64,
    pub kind: FigureKind,
    pub options: FigureOptions,
    pub with_images: bool,
}

/// Why a figure preview was not drawn; reported once, with the file and what to change.
#[derive(Debug, thiserror::Error)]
pub(super) enum DrawError {
    #[error(transparent)]
    Figure(#[from] FigureError),
    #[error("its PNG could not be read back for the preview ({0})")]
    Decode(#[from] image::ImageError),
    #[error("its worker stopped without an answer")]
    Lost,
}

/// A figure drawn off the UI thread: decoded pixels, or why it was not drawn.
type Drawn = Result<egui::ColorImage, DrawError>;

/// A figure preview as shown: its texture, or why it is not there.
pub(super) type FigureShown = Result<egui::TextureHandle, DrawError>;

/// One preview: what is shown, what is wanted, and the job building it.
///
/// At most one job runs per preview: the report and figure functions cannot be interrupted,
/// so a job for an older key is left to finish (dragging the width would otherwise start a
/// render per frame) and its stale answer is dropped; the newest key then starts.
pub(super) struct Slot<K, V, W> {
    shown: Option<(K, V)>,
    /// The key the view asked for last.
    wanted: Option<K>,
    running: Option<(K, Job<W>)>,
    /// The key whose job was cancelled or lost: not started again until the key changes or
    /// the reviewer asks.
    stopped: Option<K>,
}

impl<K, V, W> Default for Slot<K, V, W> {
    fn default() -> Self {
        Self {
            shown: None,
            wanted: None,
            running: None,
            stopped: None,
        }
    }
}

/// How a job of a slot ended.
enum Ended<W> {
    Done(W),
    Lost,
}

impl<K: PartialEq + Clone, V, W> Slot<K, V, W> {
    /// Asks for `key`; true when a job should start for it now: nothing shown, building or
    /// stopped is for it, and no other job is in flight.
    fn wants(&mut self, key: &K) -> bool {
        if self.wanted.as_ref() != Some(key) {
            self.wanted = Some(key.clone());
        }
        let same = |known: Option<&K>| known == Some(key);
        self.running.is_none()
            && !same(self.shown.as_ref().map(|(known, _)| known))
            && !same(self.stopped.as_ref())
    }

    /// Whether `key` is the one asked for last (a finished job's answer is shown only then).
    fn is_wanted(&self, key: &K) -> bool {
        self.wanted.as_ref() == Some(key)
    }

    /// Runs `job` for `key`.
    fn start(&mut self, key: K, job: Job<W>) {
        self.running = Some((key, job));
        self.stopped = None;
    }

    /// Takes in a finished job: its key and how it ended.
    fn poll(&mut self) -> Option<(K, Ended<W>)> {
        let (_, job) = self.running.as_mut()?;
        let ended = match job.poll() {
            Polled::Running => return None,
            Polled::Done(answer) => Ended::Done(answer),
            Polled::Lost => Ended::Lost,
        };
        let (key, _) = self.running.take()?;
        Some((key, ended))
    }

    /// Stops building what was asked for; what was shown before stays.
    pub fn cancel(&mut self) {
        self.running = None;
        self.stopped = self.wanted.clone();
    }

    /// Lets a stopped preview be built again.
    pub fn retry(&mut self) {
        self.stopped = None;
    }

    pub fn running(&self) -> Option<&Job<W>> {
        self.running.as_ref().map(|(_, job)| job)
    }

    /// Whether what was asked for last was cancelled or lost, and nothing builds it.
    pub fn is_stopped(&self) -> bool {
        self.running.is_none() && self.stopped.is_some() && self.stopped == self.wanted
    }

    pub fn shown(&self) -> Option<&V> {
        self.shown.as_ref().map(|(_, shown)| shown)
    }
}

/// The previews of one case's report view.
#[derive(Default)]
pub(super) struct Previews {
    /// The case as of one generation, shared by the jobs started from it (cloned once).
    snapshot: Option<(u64, Arc<Case>)>,
    pub report: Slot<ReportKey, Vec<Block>, Vec<Block>>,
    pub trajectory: Slot<FigureKey, FigureShown, Drawn>,
    pub imaging: Slot<FigureKey, FigureShown, Drawn>,
    /// How many report previews were built (so tests can see none is built per frame).
    pub builds: u64,
}

impl std::fmt::Debug for Previews {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Previews")
            .field("blocks", &self.report.shown().map(Vec::len))
            .field("builds", &self.builds)
            .finish_non_exhaustive()
    }
}

/// What the previews are built for this frame.
pub(super) struct Wanted<'a> {
    pub case: &'a Case,
    pub file: &'a str,
    pub report: ReportKey,
    pub report_options: ReportOptions,
    /// The figure of the shown tab, when one is shown and can be drawn.
    pub figure: Option<FigureKey>,
    pub images: Option<Arc<Vec<MilestoneImage>>>,
}

impl Previews {
    pub fn figure_slot(&mut self, kind: FigureKind) -> &mut Slot<FigureKey, FigureShown, Drawn> {
        match kind {
            FigureKind::Trajectory => &mut self.trajectory,
            FigureKind::Imaging => &mut self.imaging,
        }
    }

    /// Takes in what finished, then starts what `wanted` needs and nothing shows or builds.
    pub fn refresh(&mut self, ctx: &egui::Context, wanted: Wanted<'_>, messages: &mut Messages) {
        self.take_finished(ctx, wanted.file, messages);
        if self.report.wants(&wanted.report) {
            let case = self.snapshot(wanted.case, wanted.report.generation);
            let images = wanted.images.clone();
            let options = wanted.report_options;
            let job = Job::spawn(ctx, "report-preview", "Building the report…", move |_| {
                build_blocks(
                    &case,
                    images.as_deref().map_or(&[][..], Vec::as_slice),
                    &options,
                )
            });
            match job {
                Ok(job) => {
                    self.builds += 1;
                    self.report.start(wanted.report, job);
                }
                Err(error) => {
                    messages.error(no_thread("the report preview", wanted.file, &error));
                    self.report.stopped = Some(wanted.report);
                }
            }
        }
        let Some(key) = wanted.figure else { return };
        if !self.figure_slot(key.kind).wants(&key) {
            return;
        }
        let case = self.snapshot(wanted.case, key.generation);
        let images = wanted.images.unwrap_or_default();
        let (kind, options) = (key.kind, key.options.clone());
        let what = format!("Drawing the {} figure…", kind.label().to_lowercase());
        let job = Job::spawn(ctx, "figure-preview", what, move |_| {
            draw_figure(&case, &images, kind, &options)
        });
        match job {
            Ok(job) => self.figure_slot(kind).start(key, job),
            Err(error) => {
                messages.error(no_thread("the figure preview", wanted.file, &error));
                self.figure_slot(kind).stopped = Some(key);
            }
        }
    }

    /// The case of `generation`, cloned once for all the jobs that need it.
    fn snapshot(&mut self, case: &Case, generation: u64) -> Arc<Case> {
        match &self.snapshot {
            Some((known, shared)) if *known == generation => Arc::clone(shared),
            _ => {
                let shared = Arc::new(case.clone());
                self.snapshot = Some((generation, Arc::clone(&shared)));
                shared
            }
        }
    }

    fn take_finished(&mut self, ctx: &egui::Context, file: &str, messages: &mut Messages) {
        match self.report.poll() {
            // A stale answer (the case or an option changed meanwhile) is dropped.
            Some((key, _)) if !self.report.is_wanted(&key) => {}
            Some((key, Ended::Done(blocks))) => self.report.shown = Some((key, blocks)),
            Some((key, Ended::Lost)) => {
                messages.error(format!(
                    "The report preview of {file} stopped without an answer. Nothing in the case changed; edit it or change an export option to build the preview again."
                ));
                self.report.stopped = Some(key);
            }
            None => {}
        }
        for kind in [FigureKind::Trajectory, FigureKind::Imaging] {
            let slot = self.figure_slot(kind);
            let Some((key, ended)) = slot.poll().filter(|(key, _)| slot.is_wanted(key)) else {
                continue;
            };
            let shown = match ended {
                Ended::Done(Ok(image)) => Ok(ctx.load_texture(
                    format!("report-figure-{}", kind.label()),
                    image,
                    egui::TextureOptions::LINEAR,
                )),
                Ended::Done(Err(reason)) => Err(reason),
                Ended::Lost => Err(DrawError::Lost),
            };
            if let Err(reason) = &shown {
                messages.error(format!(
                    "The {} figure preview of {file} could not be drawn: {reason}. Change the figure options (markers, width, time axis) to draw it again.",
                    kind.label().to_lowercase()
                ));
            }
            slot.shown = Some((key, shown));
        }
    }
}

fn no_thread(what: &str, file: &str, error: &std::io::Error) -> String {
    format!(
        "Could not start building {what} of {file}: {error}. Close other work and open the Report view again."
    )
}

/// The report as preview blocks (the worker's part): the same content an export has, without
/// the figures, which have their own tabs.
fn build_blocks(case: &Case, images: &[MilestoneImage], options: &ReportOptions) -> Vec<Block> {
    let report = build_report(case, images, options);
    let mut sink = PreviewSink::default();
    document::write_report(&report, &mut sink, "preview");
    sink.blocks
}

/// Renders the figure as PNG and decodes it (the worker's part).
fn draw_figure(
    case: &Case,
    images: &[MilestoneImage],
    kind: FigureKind,
    options: &FigureOptions,
) -> Drawn {
    let png = figures::render_figure(case, images, kind, FigureFormat::Png, options)?;
    let decoded = image::load_from_memory(&png)?.to_rgba8();
    let size = [decoded.width() as usize, decoded.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(
        size,
        decoded.as_raw(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn job(ctx: &egui::Context, value: u32) -> Job<u32> {
        Job::spawn(ctx, "test", "testing", move |_| value).expect("a thread")
    }

    fn finish(slot: &mut Slot<u64, u32, u32>) -> (u64, Ended<u32>) {
        let start = Instant::now();
        loop {
            if let Some(finished) = slot.poll() {
                return finished;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the job never ended"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn one_job_at_a_time_a_stale_answer_is_dropped_and_a_cancelled_key_waits_for_a_change() {
        let ctx = egui::Context::default();
        let mut slot: Slot<u64, u32, u32> = Slot::default();
        assert!(slot.wants(&1));
        slot.start(1, job(&ctx, 10));
        assert!(!slot.wants(&1), "a key being built is not started twice");
        assert!(!slot.wants(&2), "a newer key waits for the job in flight");
        let (key, _) = finish(&mut slot);
        assert_eq!(key, 1);
        assert!(!slot.is_wanted(&key), "the older key's answer is stale");
        assert!(slot.wants(&2), "then the newest key starts");
        slot.start(2, job(&ctx, 20));
        let (key, ended) = finish(&mut slot);
        assert!(slot.is_wanted(&key) && matches!(ended, Ended::Done(20)));
        slot.shown = Some((key, 20));
        assert!(!slot.wants(&2), "a shown key is not rebuilt");

        assert!(slot.wants(&3));
        slot.start(3, job(&ctx, 30));
        slot.cancel();
        assert!(slot.running().is_none() && slot.is_stopped());
        assert_eq!(slot.shown(), Some(&20), "what was shown stays");
        assert!(
            !slot.wants(&3),
            "a cancelled key is not restarted by itself"
        );
        assert!(slot.wants(&4), "a change starts a build again");
        assert!(!slot.is_stopped());
        slot.retry();
        assert!(slot.wants(&3));
    }
}
