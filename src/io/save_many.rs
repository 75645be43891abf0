//! Saving many case files at once (an import writes hundreds): each through
//! [`super::save_case`] and so atomically, on as many threads as there are cores, because the
//! time goes to each file's fsyncs rather than to the CPU.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::case_file::{CaseFileError, save_case};
use crate::model::Case;

/// Files written before a save failed, and why it failed.
#[derive(Debug)]
pub struct SaveManyError {
    pub written: usize,
    pub path: PathBuf,
    pub error: CaseFileError,
}

/// Saves every `(path, case)`; stops starting new files after the first failure.
pub fn save_cases(jobs: &[(PathBuf, &Case)]) -> Result<usize, SaveManyError> {
    let threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .clamp(1, 8)
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let written = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let failures: Vec<(PathBuf, CaseFileError)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    while !failed.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let (path, case) = jobs.get(index)?;
                        if let Err(error) = save_case(path, case) {
                            failed.store(true, Ordering::Relaxed);
                            return Some((path.clone(), error));
                        }
                        written.fetch_add(1, Ordering::Relaxed);
                    }
                    None
                })
            })
            .collect();
        workers
            .into_iter()
            .filter_map(|worker| worker.join().ok().flatten())
            .collect()
    });
    let written = written.load(Ordering::Relaxed);
    match failures.into_iter().next() {
        Some((path, error)) => Err(SaveManyError {
            written,
            path,
            error,
        }),
        None => Ok(written),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::load_case;

    #[test]
    fn every_case_is_saved_and_loads_back() {
        let folder = tempfile::tempdir().unwrap();
        let case = crate::io::bundled::PENG_2020.load().unwrap().case;
        let jobs: Vec<(PathBuf, &Case)> = (0..9)
            .map(|index| (folder.path().join(format!("case_{index}.ron")), &case))
            .collect();
        assert_eq!(save_cases(&jobs).unwrap(), 9);
        for (path, _) in &jobs {
            assert_eq!(load_case(path).unwrap().case, case);
        }
    }

    #[test]
    fn a_failure_is_reported_with_its_path() {
        let case = crate::io::bundled::PENG_2020.load().unwrap().case;
        let missing = PathBuf::from("/nonexistent-folder-for-caselens/case.ron");
        let error = save_cases(&[(missing.clone(), &case)]).unwrap_err();
        assert_eq!((error.written, error.path), (0, missing));
    }
}
