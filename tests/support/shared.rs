//! Large fixtures that stay in `../shared` (the Tongji exports, the chest CT series, the DICOM
//! test files). A test that needs one asks [`shared_fixture`]: on a clone without `../shared`
//! the test prints that it is skipped; under CI (`CI=true`), where `../shared` is always laid,
//! a missing fixture fails the test instead of passing silently.
#![allow(dead_code)] // each test crate uses a different part

use std::path::PathBuf;

/// The path of `relative` inside `../shared`, or `None` (with `skipped: …` printed) when it is
/// missing outside CI. Panics under `CI=true` when it is missing.
pub fn shared_fixture(relative: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|value| value == "true") {
        panic!(
            "{} is missing; CI lays ../shared beside the repository, so this fixture must be there",
            path.display()
        );
    }
    println!(
        "skipped: {} not found (../shared is not beside this clone)",
        path.display()
    );
    None
}
