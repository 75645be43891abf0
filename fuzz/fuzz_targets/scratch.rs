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
