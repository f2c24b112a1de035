//! `claimtrack.toml`: `config::load` (serde, then the range checks) on the
//! input written as the file of a repository, and the duration and size
//! parsers on the input's first line.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use claimtrack::config;
use libfuzzer_sys::fuzz_target;

/// A repository folder, made once per process; each run rewrites its
/// claimtrack.toml.
fn root() -> &'static Path {
    static ROOT: OnceLock<tempfile::TempDir> = OnceLock::new();
    ROOT.get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let line = text.lines().next().unwrap_or_default();
    let _ = config::parse_duration(line);
    let _ = config::parse_size(line);

    std::fs::write(root().join(config::CONFIG_FILE), data).expect("write claimtrack.toml");
    let _ = config::load(root());
});
