//! Loading a stack without blocking the caller: a worker thread decodes the volume, reports
//! the first slice as soon as it is ready, counts progress, and stops when cancelled (also
//! when the [`SeriesLoader`] is dropped).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use super::{SeriesError, SeriesStack, Volume, load_volume};

/// What the worker reports, in order: at most one `FirstSlice`, then `Finished`.
#[derive(Debug)]
pub enum LoadEvent {
    /// The slice the caller asked for first, decoded (values row by row).
    FirstSlice {
        index: usize,
        values: Vec<i16>,
    },
    Finished(Result<Volume, SeriesError>),
}

/// A stack being decoded on a worker thread.
pub struct SeriesLoader {
    events: Receiver<LoadEvent>,
    progress: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    total: usize,
}

impl SeriesLoader {
    /// Starts decoding `stack` on a new thread, slice `first` before the others.
    pub fn start(stack: SeriesStack, first: usize) -> Self {
        let (sender, events) = channel();
        let progress = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let total = stack.slices.len();
        let (worker_progress, worker_cancel) = (progress.clone(), cancel.clone());
        std::thread::spawn(move || {
            let first_sender = sender.clone();
            let on_first = move |index: usize, values: &[i16]| {
                // The receiver may be gone (the viewer closed): nothing to tell then.
                let _ = first_sender.send(LoadEvent::FirstSlice {
                    index,
                    values: values.to_vec(),
                });
            };
            let outcome = load_volume(&stack, first, &worker_progress, &worker_cancel, &on_first);
            let _ = sender.send(LoadEvent::Finished(outcome));
        });
        Self {
            events,
            progress,
            cancel,
            total,
        }
    }

    /// Slices decoded so far, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.progress.load(Ordering::Relaxed).min(self.total),
            self.total,
        )
    }

    /// Asks the worker to stop; it reports `Finished(Err(Cancelled))`.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The next event, if one is ready; never waits.
    pub fn poll(&self) -> Option<LoadEvent> {
        self.events.try_recv().ok()
    }

    /// Waits for the next event (for the command line and benchmarks, never the UI thread).
    pub fn wait_event(&self) -> Option<LoadEvent> {
        self.events.recv().ok()
    }

    /// Waits for the finished volume, skipping the first-slice event.
    pub fn wait(self) -> Result<Volume, SeriesError> {
        while let Some(event) = self.wait_event() {
            if let LoadEvent::Finished(outcome) = event {
                return outcome;
            }
        }
        Err(SeriesError::Cancelled)
    }
}

impl Drop for SeriesLoader {
    fn drop(&mut self) {
        self.cancel();
    }
}
