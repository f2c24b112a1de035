//! The loader, the validator and every report format on a claims tree
//! built from the input.
//!
//! The input is split at NUL bytes: the first part is `claims/outlets.toml`,
//! the second the article's `article.toml`, each further part a claim file
//! (at most 8). A part whose first line is `@NAME` takes NAME as its
//! article folder (for the second part) or its claim id; otherwise the
//! article is `a` and the claims are `c0`, `c1`, …. Nothing is written:
//! the files are handed to `load::load_with` as an overlay on an empty
//! claims/ folder.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use claimtrack::report::{self, Format, Report, Summary};
use claimtrack::validate::{self, Context};
use libfuzzer_sys::fuzz_target;

/// An empty repository (just claims/), made once per process.
fn root() -> &'static Path {
    static ROOT: OnceLock<tempfile::TempDir> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("claims")).expect("claims/");
        dir
    })
    .path()
}

/// `@name\nrest` → (Some(name), rest) when the name is usable as one
/// path component.
fn named(part: &str) -> (Option<&str>, &str) {
    if let Some(rest) = part.strip_prefix('@') {
        let (name, text) = rest.split_once('\n').unwrap_or((rest, ""));
        if !name.is_empty() && name != "." && name != ".." && !name.contains('/') {
            return (Some(name), text);
        }
    }
    (None, part)
}

fuzz_target!(
    init: {
        // The loader parses in parallel: one worker, so that the fuzzer
        // does not take the machine's cores.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(1).build_global();
    },
    |data: &[u8]| {
        let input = String::from_utf8_lossy(data);
        let mut parts = input.split('\0');
        let mut overlay: Vec<(PathBuf, String)> = Vec::new();
        let claims = Path::new("claims");
        if let Some(outlets) = parts.next() {
            overlay.push((claims.join("outlets.toml"), outlets.to_string()));
        }
        let mut article = "a".to_string();
        if let Some(part) = parts.next() {
            let (name, text) = named(part);
            if let Some(name) = name {
                article = name.to_string();
            }
            overlay.push((claims.join(&article).join("article.toml"), text.to_string()));
        }
        for (i, part) in parts.take(8).enumerate() {
            let (name, text) = named(part);
            let id = name.map_or_else(|| format!("c{i}"), str::to_string);
            overlay.push((claims.join(&article).join(format!("{id}.toml")), text.to_string()));
        }

        let loaded = claimtrack::load::load_with(root(), &overlay).expect("claims/ exists");
        let cx = Context {
            latest_date: jiff::civil::date(2026, 11, 29),
            outlets_complete: loaded.outlets_complete,
        };
        let mut findings = loaded.findings.clone();
        findings.extend(validate::validate(&loaded.set, &cx));
        claimtrack::diag::sort(&mut findings);

        let report = Report {
            files: &loaded.set.files,
            findings: &findings,
            summary: Summary::default(),
            settings: Default::default(),
            failures: loaded.failures.iter().collect(),
        };
        for format in [Format::Human, Format::Json, Format::Github, Format::Markdown, Format::Sarif] {
            let _ = report::render(format, &report, false);
        }
        let _ = report::human::human(&findings, &loaded.set.files, true);
    }
);
