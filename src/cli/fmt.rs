//! `claimtrack fmt`: every file in canonical form, or with `--check` the
//! list of those that are not.

use std::path::{Path, PathBuf};

use super::output::{fail, inert, plural};
use super::settings::Context;
use crate::error::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Error, LoadError, WriteError};

/// Put claim, article and outlets files in their canonical form
/// (comments kept); with --check, list those that are not and exit 1.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack fmt\n  claimtrack fmt --check\n  claimtrack fmt claims/kremlin-north-korea-ties"
)]
pub(super) struct FmtArgs {
    /// Files or folders to format [default: everything in claims/].
    paths: Vec<PathBuf>,
    /// Change nothing: list the files that would change, exit 1 if any.
    #[arg(long)]
    check: bool,
}

pub(super) fn run(args: &FmtArgs, cx: &Context) -> Result<i32, Error> {
    fmt(&cx.root()?, &args.paths, args.check)
}

fn fmt(root: &Path, paths: &[PathBuf], check: bool) -> Result<i32, Error> {
    let found = crate::format::files(root, paths)?;
    let show = |path: &Path| relative(root, path);
    let mut changed = 0;
    let (skipped, mut broken) = say_skipped(root, found.skipped);
    for file in &found.files {
        let shown = show(&file.path);
        // Read and written where a symlink points, so that it stays one.
        let text = std::fs::read_to_string(&file.real).map_err(|source| LoadError::ReadFile {
            path: shown.clone(),
            source,
        })?;
        let formatted = match crate::format::format(&text, file.kind) {
            Ok(f) => f,
            Err(why) => {
                eprintln!(
                    "error: cannot format {}: {why}\n  help: `claimtrack check --offline` shows where",
                    inert(&shown)
                );
                broken += 1;
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        changed += 1;
        if check {
            println!("{}", inert(&shown));
            continue;
        }
        // Written only if nobody changed it since it was read.
        if std::fs::read_to_string(&file.real).ok().as_deref() != Some(text.as_str()) {
            eprintln!(
                "error: {} changed on disk while claimtrack ran; run again",
                inert(&shown)
            );
            broken += 1;
            continue;
        }
        crate::files::write_atomic(&file.real, formatted.as_bytes()).map_err(|source| {
            WriteError::File {
                path: shown.clone(),
                source,
            }
        })?;
        println!("formatted {}", inert(&shown));
    }
    let verb = if check { "would be " } else { "" };
    let n = found.files.len();
    let mut summary = format!("{n} file{}: {changed} {verb}reformatted", plural(n));
    if skipped > 0 {
        summary += &format!(", {skipped} skipped (symlinks out of the repository)");
    }
    eprintln!("{summary}");
    Ok(if broken > 0 {
        EXIT_FAILURE
    } else if skipped > 0 || (check && changed > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Says why each file passed over was; returns how many were symlinks out
/// of the repository and how many could not be read.
fn say_skipped(root: &Path, found: Vec<crate::format::Skipped>) -> (usize, usize) {
    let show = |path: &Path| relative(root, path);
    let (mut skipped, mut broken) = (0, 0);
    for skip in found {
        match skip {
            crate::format::Skipped::Outside { path, folder } => {
                let what = if folder { "folder" } else { "file" };
                eprintln!(
                    "warning: skipped {}: a symlink to a {what} outside claims/\n  help: it is not read: put the {what} itself in claims/, or remove the link",
                    inert(&show(&path))
                );
                skipped += 1;
            }
            crate::format::Skipped::Unreadable { path, source } => {
                let path = show(&path);
                fail("error", &LoadError::ReadFile { path, source }.into());
                broken += 1;
            }
        }
    }
    (skipped, broken)
}

/// A path as shown: from the root.
fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
