//! One scratch folder per fuzzing process (in /dev/shm when it exists, so inputs never touch
//! the disk), holding the current input under the name the reader expects.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn folder() -> &'static Path {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let folder = base.join(format!("caselens-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&folder).expect("a scratch folder");
        folder
    })
}

/// Writes `data` to the scratch file `name` and returns its path.
pub fn write(name: &str, data: &[u8]) -> PathBuf {
    let path = folder().join(name);
    std::fs::write(&path, data).expect("the scratch file is written");
    path
}

/// The image and dense-file readers turn a panic inside third-party decoders into an error
/// (`catch_unwind`, their last resort). libFuzzer's panic hook would abort on those handled
/// panics, so the targets that go through such a reader replace it: a panic that escapes the
/// reader still reaches libfuzzer-sys, which aborts and saves the input. The first few panic
/// messages are printed, to tell which decoder failed.
#[allow(dead_code)] // not every target reads through such a decoder
pub fn tolerate_handled_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let printed = std::sync::atomic::AtomicUsize::new(0);
        std::panic::set_hook(Box::new(move |info| {
            if printed.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < 10 {
                eprintln!("panic (handled unless the run aborts next): {info}");
            }
        }));
    });
}
