//! What the command line prints: standard output (`print`, or a file
//! written atomically with `emit`), messages on standard error (`say`,
//! made inert), plurals and the summary lines. The progress bar is
//! `progress.rs`.

use std::io::Write;
use std::path::Path;

use crate::check::CheckRun;
use crate::diag::{Finding, Severity};
use crate::error::{Error, WriteError};
use crate::load::Loaded;

/// Writes `text` to standard output.
pub(super) fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| WriteError::Stdout(e).into())
}

/// Prints `text`, or writes it atomically to `output`.
pub(super) fn emit(text: &str, output: Option<&Path>) -> Result<(), Error> {
    match output {
        Some(path) => crate::files::write_atomic(path, text.as_bytes()).map_err(|source| {
            WriteError::File {
                path: path.to_path_buf(),
                source,
            }
            .into()
        }),
        None => print(text),
    }
}

/// A message on standard error, inert in a terminal and a CI log: it may
/// hold file names and text from the checkout.
pub(super) fn say(level: &str, message: impl std::fmt::Display) {
    let text = crate::escape::terminal(&message.to_string()).into_owned();
    eprintln!(
        "{}: {}",
        super::color::label(level),
        crate::escape::workflow_lines(&text)
    );
}

/// A failure on standard error: its message, then its help line when it
/// has one (`  help: …`), inert like `say`.
pub(super) fn fail(level: &str, failure: &Error) {
    match failure.help() {
        Some(help) => say(level, format_args!("{failure}\n  help: {help}")),
        None => say(level, failure),
    }
}

/// A path from the checkout, shown on one line, inert in a terminal and a
/// CI log.
pub(super) fn inert(path: &Path) -> String {
    let shown = path.display().to_string();
    crate::escape::workflow_lines(&crate::escape::terminal_line(&shown)).into_owned()
}

/// The `s` of a plural: `{n} file{}`.
pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Warns, for the commands that read claims without checking them, that
/// some did not load.
pub(super) fn warn_if_broken(loaded: &Loaded, findings: &[Finding]) {
    for failure in &loaded.failures {
        fail("warning", failure);
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!(
            "warning: claims/ has {errors} error{}; claims that did not load are not shown (run `claimtrack check --offline`)",
            plural(errors)
        );
    }
}

/// `checked 17 files: 15 claims in 1 article, 7 outlets: 0 errors, 0 warnings (0.01 s)`
pub(super) fn check_summary(run: &CheckRun) -> String {
    let s = &run.summary;
    let unread = if s.unreadable == 0 {
        String::new()
    } else {
        format!(", {} unreadable", s.unreadable)
    };
    format!(
        "checked {} file{}{unread}: {} claim{} in {} article{}, {} outlet{}: {} error{}, {} warning{} ({:.2} s)",
        s.files,
        plural(s.files),
        s.claims,
        plural(s.claims),
        s.articles,
        plural(s.articles),
        s.outlets,
        plural(s.outlets),
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        s.load_ms as f64 / 1000.0
    )
}

/// `3 sources archived in 2 files; 1 without a snapshot; 0 failed`
pub(super) fn archive_summary(run: &crate::archive::ArchiveRun, dry_run: bool) -> String {
    let sources: usize = run.written.values().sum();
    let verb = if dry_run {
        "would be archived"
    } else {
        "archived"
    };
    format!(
        "{sources} source{} {verb} in {} file{}; {} without a snapshot; {} failed",
        plural(sources),
        run.written.len(),
        plural(run.written.len()),
        run.without_snapshot.len(),
        run.failed.len() + run.changed_meanwhile.len()
    )
}
