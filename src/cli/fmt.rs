//! `claimtrack fmt`: every file in canonical form, or with `--check` the
//! list of those that are not.

use std::path::{Path, PathBuf};

use super::output::{fail, inert, plural};
use super::settings::Context;
use crate::error::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Error, LoadError};

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
    let skips = skipped(found.skipped, &show);
    let mut broken = skips.unreadable;
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
        match crate::files::write_if_unchanged(&file.real, text.as_bytes(), formatted.as_bytes()) {
            Ok(()) => {}
            Err(crate::files::NotWritten::Changed) => {
                eprintln!(
                    "error: {} changed on disk while claimtrack ran; run again",
                    inert(&shown)
                );
                broken += 1;
                continue;
            }
            Err(e) => return Err(e.into_error(shown).into()),
        }
        println!("formatted {}", inert(&shown));
    }
    let verb = if check { "would be " } else { "" };
    let n = found.files.len();
    let mut summary = format!("{n} file{}: {changed} {verb}reformatted", plural(n));
    if skips.outside > 0 {
        let n = skips.outside;
        summary += &format!(", {n} skipped (symlinks out of the repository)");
    }
    if skips.not_files > 0 {
        summary += &format!(", {} skipped (not regular files)", skips.not_files);
    }
    if skips.left > 0 {
        summary += &format!(", {} left as they are (not claims files)", skips.left);
    }
    eprintln!("{summary}");
    Ok(if broken > 0 {
        EXIT_FAILURE
    } else if skips.outside + skips.not_files > 0 || (check && changed > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// How many paths were skipped, by how they count.
#[derive(Default)]
struct Skips {
    /// Symlinks out of claims/: exit 1, as `check`'s `symlink-outside`.
    outside: usize,
    /// Not regular files at a claims file's place: exit 1, as `not-a-file`.
    not_files: usize,
    /// Unreadable: exit 2.
    unreadable: usize,
    /// Not claims files (stray, or not under claims/): left alone, exit
    /// unchanged, as `stray-file` is a warning.
    left: usize,
}

/// Says why each skipped path was skipped.
fn skipped(skipped: Vec<crate::format::Skipped>, show: &dyn Fn(&Path) -> PathBuf) -> Skips {
    use crate::format::Skipped;
    let mut n = Skips::default();
    for skip in skipped {
        match skip {
            Skipped::Outside { path, folder } => {
                let what = if folder { "folder" } else { "file" };
                eprintln!(
                    "warning: skipped {}: a symlink to a {what} outside claims/\n  help: it is not read: put the {what} itself in claims/, or remove the link",
                    inert(&show(&path))
                );
                n.outside += 1;
            }
            Skipped::NotAFile { path } => {
                eprintln!(
                    "warning: skipped {}: not a regular file",
                    inert(&show(&path))
                );
                n.not_files += 1;
            }
            Skipped::Unreadable { path, source } => {
                let path = show(&path);
                fail("error", &LoadError::ReadFile { path, source }.into());
                n.unreadable += 1;
            }
            Skipped::NotClaims { path, named } => {
                let level = if named { "warning" } else { "note" };
                eprintln!(
                    "{level}: left {} as it is: not a claims file, which `check` does not read either",
                    inert(&show(&path))
                );
                if n.left == 0 {
                    eprintln!("  help: {}", crate::layout::DESCRIPTION);
                }
                n.left += 1;
            }
        }
    }
    n
}

/// A path as shown: from the root.
fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
