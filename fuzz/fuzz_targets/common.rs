//! What every fuzz target shares: a scratch folder in memory where one is
//! available, the fixed inputs the targets read beside the fuzzed one, and
//! the property every error must have (a place: file and line).
#![allow(dead_code)] // each target uses part of it

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use accord::model::{LoadOptions, Model};
use accord::Error;

/// The project's root (the fuzz crate sits in `fuzz/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A folder of this process for the files a target writes: under
/// /dev/shm when there is one (no disk I/O per execution).
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = Path::new("/dev/shm");
        let builder = tempfile::Builder::new()
            .prefix("accord-fuzz-")
            .tempdir_in(if shm.is_dir() {
                shm.to_path_buf()
            } else {
                std::env::temp_dir()
            });
        builder.expect("a scratch folder")
    })
    .path()
}

/// Writes `bytes` to `dir/name`, or removes the file when `bytes` is None.
pub fn put(dir: &Path, name: &str, bytes: Option<&[u8]>) {
    let path = dir.join(name);
    match bytes {
        Some(b) => std::fs::write(&path, b).expect("scratch write"),
        None => {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// The model the scenario and demand targets edit: the Central Asia data.
pub fn central_asia() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        Model::load(
            &root().join("models/central_asia.toml"),
            &LoadOptions::default(),
        )
        .expect("models/central_asia.toml loads")
    })
}

/// The property of every error a reader returns: invalid input, each
/// problem placed at a file and a line, and printable. `usage` allows
/// [`Error::Usage`] (a command-line flag, whose place is the flag itself).
pub fn assert_placed(e: &Error, usage: bool) {
    let _ = e.to_string();
    match e {
        Error::Invalid(d) => {
            assert!(!d.is_empty(), "an invalid-input error with no problem");
            for p in &d.0 {
                // A problem inside a file has a line; one about a file as
                // a whole (absent, a folder) has none.
                assert!(
                    p.line.is_some() || !p.file.is_file(),
                    "a problem without a line in an existing file: {p}"
                );
                assert!(
                    !p.message.trim().is_empty(),
                    "a problem without a message: {p}"
                );
            }
        }
        Error::Usage(m) if usage => assert!(!m.trim().is_empty()),
        other => panic!("expected invalid input, got another error: {other}"),
    }
}

/// Splits a fuzz input on the record separator byte 0x1E into at most `n`
/// parts (absent parts are None).
pub fn parts(data: &[u8], n: usize) -> Vec<Option<&[u8]>> {
    let mut out: Vec<Option<&[u8]>> = data.splitn(n, |&b| b == 0x1e).map(Some).collect();
    out.resize(n, None);
    out
}
