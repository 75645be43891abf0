//! Slow work off the UI thread: a [`Job`] runs one closure on a `std` thread and hands back
//! its result over a channel, with the latest progress it reported and a cancel flag it can
//! watch. The view polls the job every frame and never waits on it.
//!
//! The worker wakes the window (`request_repaint`) whenever it reports progress or finishes;
//! while the job runs, polling also asks for another frame shortly
//! ([`POLL_INTERVAL`]), so a view whose job is running keeps looking for the answer without
//! drawing flat out. Dropping a job abandons it: its result, when it comes, goes nowhere. A
//! view keys each job on what it was started from (the document generation and options), so a
//! newer request supersedes an older one and a stale result is never shown.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::Duration;

/// How soon a running job's view looks again even if the worker has not woken it.
pub const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// What the worker closure is given: where to report progress and whether to stop.
pub struct Reporter<P> {
    progress: Sender<P>,
    cancel: Arc<AtomicBool>,
    ctx: egui::Context,
}

impl<P> Reporter<P> {
    /// Reports progress and wakes the window to show it.
    pub fn progress(&self, progress: P) {
        // The view may have dropped the job: nobody waits for the progress then.
        let _ = self.progress.send(progress);
        self.ctx.request_repaint();
    }

    /// Whether the view cancelled the job or moved on from it; the worker should stop early.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The cancel flag, for library functions that watch one themselves.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }
}

/// What a poll found.
#[derive(Debug, PartialEq, Eq)]
pub enum Polled<T> {
    Running,
    Done(T),
    /// The worker stopped without an answer (it panicked); the job is over.
    Lost,
}

/// One piece of work running on its own thread.
pub struct Job<T, P = ()> {
    result: Receiver<T>,
    progress_updates: Receiver<P>,
    cancel: Arc<AtomicBool>,
    progress: Option<P>,
    what: String,
    ctx: egui::Context,
}

impl<T, P> std::fmt::Debug for Job<T, P> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Job")
            .field("what", &self.what)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static, P: Send + 'static> Job<T, P> {
    /// Starts `work` on a thread named `caselens-NAME`; `what` is shown beside the spinner.
    ///
    /// # Errors
    /// When the system cannot start a thread.
    pub fn spawn(
        ctx: &egui::Context,
        name: &str,
        what: impl Into<String>,
        work: impl FnOnce(&Reporter<P>) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let (result_sender, result) = channel();
        let (progress_sender, progress_updates) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let reporter = Reporter {
            progress: progress_sender,
            cancel: Arc::clone(&cancel),
            ctx: ctx.clone(),
        };
        std::thread::Builder::new()
            .name(format!("caselens-{name}"))
            .spawn(move || {
                let answer = work(&reporter);
                // A dropped job (cancelled, superseded, window closed) no longer listens.
                let _ = result_sender.send(answer);
                reporter.ctx.request_repaint();
            })?;
        Ok(Self {
            result,
            progress_updates,
            cancel,
            progress: None,
            what: what.into(),
            ctx: ctx.clone(),
        })
    }
}

impl<T, P> Job<T, P> {
    /// Takes in the progress reported so far and the result, if the worker has finished.
    /// While it runs, the window is asked to look again within [`POLL_INTERVAL`].
    pub fn poll(&mut self) -> Polled<T> {
        while let Ok(progress) = self.progress_updates.try_recv() {
            self.progress = Some(progress);
        }
        match self.result.try_recv() {
            Ok(answer) => Polled::Done(answer),
            Err(TryRecvError::Empty) => {
                self.ctx.request_repaint_after(POLL_INTERVAL);
                Polled::Running
            }
            Err(TryRecvError::Disconnected) => Polled::Lost,
        }
    }

    /// Asks the worker to stop; the caller drops the job (and so its result) as well.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The latest progress the worker reported.
    pub fn progress(&self) -> Option<&P> {
        self.progress.as_ref()
    }

    /// What the job does, as shown beside the spinner: "Building the report…".
    pub fn what(&self) -> &str {
        &self.what
    }
}

impl<T, P> Drop for Job<T, P> {
    /// A job nobody holds is not needed: the worker may stop early.
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Shows a running job: a spinner, what it does (or `progress_text`), and a Cancel button;
/// returns whether Cancel was clicked. `fraction` draws a progress bar instead of the spinner.
pub fn busy_ui(ui: &mut egui::Ui, what: &str, fraction: Option<f32>) -> bool {
    ui.horizontal(|ui| {
        match fraction {
            Some(fraction) => {
                ui.add(egui::ProgressBar::new(fraction.clamp(0.0, 1.0)).text(what));
            }
            None => {
                spinner(ui);
                ui.label(what);
            }
        }
        ui.button("Cancel").clicked()
    })
    .inner
}

/// A spinner that turns at a calm frame rate: egui's own asks for every frame, which would
/// keep the window drawing flat out for as long as a job runs.
fn spinner(ui: &mut egui::Ui) {
    const FRAME: Duration = Duration::from_millis(40);
    let size = ui.style().spacing.interact_size.y;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    // Unlabelled: the text beside it names the job, once.
    response.widget_info(|| egui::WidgetInfo::new(egui::Role::ProgressIndicator));
    if !ui.is_rect_visible(rect) {
        return;
    }
    ui.ctx().request_repaint_after(FRAME);
    let color = ui.visuals().strong_text_color();
    let radius = rect.height().min(rect.width()) * 0.5 - 2.0;
    let time = ui.input(|input| input.time);
    let start = time * std::f64::consts::TAU;
    let end = start + 240f64.to_radians() * time.sin();
    let points: Vec<egui::Pos2> = (0..16)
        .map(|index| {
            let angle = egui::emath::lerp(start..=end, f64::from(index) / 16.0);
            let (sin, cos) = angle.sin_cos();
            rect.center() + radius * egui::vec2(cos as f32, sin as f32)
        })
        .collect();
    ui.painter()
        .add(egui::Shape::line(points, egui::Stroke::new(3.0, color)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn wait<T, P>(job: &mut Job<T, P>) -> Polled<T> {
        let start = Instant::now();
        loop {
            match job.poll() {
                Polled::Running if start.elapsed() < Duration::from_secs(10) => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => return other,
            }
        }
    }

    #[test]
    fn the_result_and_the_last_progress_come_back() {
        let ctx = egui::Context::default();
        let mut job = Job::spawn(&ctx, "test", "adding", |reporter: &Reporter<u32>| {
            reporter.progress(1);
            reporter.progress(2);
            40 + 2
        })
        .expect("a thread");
        assert_eq!(wait(&mut job), Polled::Done(42));
        assert_eq!(job.progress(), Some(&2));
        assert_eq!(job.what(), "adding");
    }

    #[test]
    fn a_cancelled_job_sees_the_flag_and_a_panicked_one_is_lost() {
        let ctx = egui::Context::default();
        let (go, wait_for_go) = channel::<()>();
        let mut job = Job::spawn(&ctx, "test", "waiting", move |reporter: &Reporter<()>| {
            let _ = wait_for_go.recv();
            reporter.is_cancelled()
        })
        .expect("a thread");
        assert_eq!(job.poll(), Polled::Running);
        job.cancel();
        go.send(()).expect("the worker waits");
        assert_eq!(wait(&mut job), Polled::Done(true));

        let mut lost: Job<(), ()> = Job::spawn(&ctx, "test", "failing", |_: &Reporter<()>| {
            panic!("the worker fails");
        })
        .expect("a thread");
        assert_eq!(wait(&mut lost), Polled::Lost);
    }
}
