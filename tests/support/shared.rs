//! Where the public benchmark instances live (`../shared/instances` next to
//! the crate), for tests and benches; `None`, with a SKIP line saying who
//! skips, in a clone without them.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};

/// The shared instances folder, or `None` after printing why `who` skips.
pub fn instances(who: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/instances");
    if dir.join("MANIFEST.csv").is_file() {
        Some(dir)
    } else {
        println!(
            "SKIP: {} not found; {who} need the shared instances folder next to the crate",
            dir.display()
        );
        None
    }
}
