//! `claimtrack fmt`: every file in canonical form, or with `--check` the
//! list of those that are not; with `--migrate`, old values rewritten too.

use std::path::{Path, PathBuf};

use super::output::{fail, inert, plural};
use super::settings::Context;
use crate::error::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Error, LoadError};
use crate::format::{File, Formatted, Options};

/// Put claim, article and outlets files in their canonical form
/// (comments kept); with --check, list those that are not and exit 1.
/// No value changes, except with --migrate.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack fmt\n  claimtrack fmt --check\n  claimtrack fmt claims/kremlin-north-korea-ties\n  claimtrack fmt --migrate"
)]
pub(super) struct FmtArgs {
    /// Files or folders to format [default: everything in claims/].
    paths: Vec<PathBuf>,
    /// Change nothing: list the files that would change, exit 1 if any.
    #[arg(long)]
    check: bool,
    /// Also rewrite what an older claimtrack wrote: `status = "unlocated"`
    /// becomes `status = "unverified"` with `credit = "unlocated"` (a
    /// `credit` already written is kept). Comments stay.
    #[arg(long)]
    migrate: bool,
}

pub(super) fn run(args: &FmtArgs, cx: &Context) -> Result<i32, Error> {
    let options = Options {
        migrate: args.migrate,
    };
    fmt(&cx.root()?, &args.paths, args.check, options)
}

/// What became of one file.
enum Outcome {
    /// Already in its form.
    Same,
    /// Changed (or, with `--check`, would be); `migrated`: old values
    /// were rewritten.
    Changed { migrated: bool },
    /// Not formatted: a syntax error, or changed on disk meanwhile.
    Broken,
}

fn fmt(root: &Path, paths: &[PathBuf], check: bool, options: Options) -> Result<i32, Error> {
    let found = crate::format::files(root, paths)?;
    let show = |path: &Path| relative(root, path);
    let skips = skipped(found.skipped, &show);
    let mut broken = skips.unreadable;
    let (mut changed, mut migrated, mut legacy) = (0, 0, 0);
    for file in &found.files {
        match one_file(file, &show(&file.path), check, options, &mut legacy)? {
            Outcome::Same => {}
            Outcome::Changed { migrated: m } => {
                changed += 1;
                migrated += usize::from(m);
            }
            Outcome::Broken => broken += 1,
        }
    }
    let verb = if check { "would be " } else { "" };
    let n = found.files.len();
    let mut summary = format!("{n} file{}: {changed} {verb}reformatted", plural(n));
    if options.migrate {
        summary += &format!(" ({migrated} {verb}migrated)");
    } else if legacy > 0 {
        summary += &format!(", {legacy} with old values (--migrate rewrites them)");
    }
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

/// Formats one file (read and written where a symlink points, so that it
/// stays one), says what it did; counts in `legacy` the files with old
/// values left as they are.
fn one_file(
    file: &File,
    shown: &Path,
    check: bool,
    options: Options,
    legacy: &mut usize,
) -> Result<Outcome, Error> {
    let text = std::fs::read_to_string(&file.real).map_err(|source| LoadError::ReadFile {
        path: shown.to_path_buf(),
        source,
    })?;
    let formatted = match crate::format::format_with(&text, file.kind, options) {
        Ok(f) => f,
        Err(why) => {
            eprintln!(
                "error: cannot format {}: {why}\n  help: `claimtrack check --offline` shows where",
                inert(shown)
            );
            return Ok(Outcome::Broken);
        }
    };
    if !options.migrate && !formatted.legacy.is_empty() {
        note_legacy(shown, &formatted, *legacy == 0);
        *legacy += 1;
    }
    if formatted.text == text {
        return Ok(Outcome::Same);
    }
    let migrated = options.migrate && !formatted.legacy.is_empty();
    if check {
        println!("{}", inert(shown));
        return Ok(Outcome::Changed { migrated });
    }
    // Written only if nobody changed it since it was read.
    let new = formatted.text.as_bytes();
    match crate::files::write_if_unchanged(&file.real, text.as_bytes(), new) {
        Ok(()) => {}
        Err(crate::files::NotWritten::Changed) => {
            eprintln!(
                "error: {} changed on disk while claimtrack ran; run again",
                inert(shown)
            );
            return Ok(Outcome::Broken);
        }
        Err(e) => return Err(e.into_error(shown.to_path_buf()).into()),
    }
    if migrated {
        let what: Vec<String> = formatted
            .legacy
            .iter()
            .map(|l| format!("{} → {}", l.old(), l.new_form()))
            .collect();
        println!("migrated {}: {}", inert(shown), what.join("; "));
    } else {
        println!("formatted {}", inert(shown));
    }
    Ok(Outcome::Changed { migrated })
}

/// Says that a file has old values, which `fmt` leaves as they are.
fn note_legacy(shown: &Path, formatted: &Formatted, first: bool) {
    for l in &formatted.legacy {
        eprintln!(
            "note: {} has {}, the old form of {}",
            inert(shown),
            l.old(),
            l.new_form()
        );
    }
    if first {
        eprintln!("  help: `claimtrack fmt --migrate` rewrites it, comments kept");
    }
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
