//! The walk of a claims/ tree: every name in claims/ and in each article
//! folder, sorted, classified by [`classify`]. Symlinks are followed only
//! when they resolve within claims/, and the walk never goes deeper than
//! the layout (an article folder's folders are stray, not entered), so a
//! symlink loop cannot trap it.

use std::ffi::OsString;
use std::fs::FileType;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{CLAIMS_DIR, FileKind, Place, classify, is_hidden};

/// What is at one name of claims/ or of an article folder. `shown` is the
/// path relative to the repository root, as users see it.
#[derive(Debug)]
pub(crate) enum Entry {
    /// A claims file: a regular file, or a symlink within claims/ to one.
    File {
        kind: FileKind,
        slug: String,
        id: String,
        shown: PathBuf,
        /// The path to open (the root joined to the real name).
        abs: PathBuf,
    },
    /// An article folder, and what is in it (or why it cannot be listed).
    ArticleDir {
        slug: String,
        shown: PathBuf,
        entries: io::Result<Vec<Entry>>,
    },
    /// Something the layout has no place for: never read.
    Stray { shown: PathBuf, folder: bool },
    /// Something at a claims file's place that is not a regular file (a
    /// folder, a fifo).
    NotAFile { shown: PathBuf },
    /// A symlink whose target lies outside claims/: neither read nor
    /// followed.
    Outside { shown: PathBuf, folder: bool },
    /// A name that does not resolve (a dangling symlink, a loop).
    Unreadable { shown: PathBuf, source: io::Error },
}

impl Entry {
    pub(crate) fn shown(&self) -> &Path {
        match self {
            Entry::File { shown, .. }
            | Entry::ArticleDir { shown, .. }
            | Entry::Stray { shown, .. }
            | Entry::NotAFile { shown }
            | Entry::Outside { shown, .. }
            | Entry::Unreadable { shown, .. } => shown,
        }
    }

    /// The entry's file name, as shown.
    pub(crate) fn name(&self) -> String {
        let name = self.shown().file_name().unwrap_or_default();
        name.to_string_lossy().into_owned()
    }
}

/// A claims/ tree as the layout sees it.
#[derive(Debug)]
pub(crate) struct Scan {
    /// claims/ resolves outside the repository: nothing under it was
    /// listed.
    pub claims_outside: bool,
    /// The entries of claims/, in name order.
    pub entries: Vec<Entry>,
}

impl Scan {
    /// Every entry, those of an article folder right after it (which
    /// keeps only its listing's failure).
    pub(crate) fn into_flat(self) -> Vec<Entry> {
        let mut out = Vec::new();
        for entry in self.entries {
            match entry {
                Entry::ArticleDir {
                    slug,
                    shown,
                    entries: Ok(inner),
                } => {
                    let entries = Ok(Vec::new());
                    out.push(Entry::ArticleDir {
                        slug,
                        shown,
                        entries,
                    });
                    out.extend(inner);
                }
                other => out.push(other),
            }
        }
        out
    }
}

/// Lists claims/ under `root`. Fails only when claims/ itself cannot be
/// listed; every other problem is an entry.
pub(crate) fn scan(root: &Path) -> io::Result<Scan> {
    let claims = root.join(CLAIMS_DIR);
    let top = list(&claims)?;
    // Symlinks may point anywhere inside claims/, never out of it.
    let inner = match std::fs::canonicalize(&claims) {
        Ok(inner) if crate::files::inside(root, &claims) => inner,
        _ => {
            return Ok(Scan {
                claims_outside: true,
                entries: Vec::new(),
            });
        }
    };
    let shown = PathBuf::from(CLAIMS_DIR);
    // Article folders are listed in parallel; the order stays the names'.
    let entries = top
        .into_par_iter()
        .map(|(name, real, kind)| entry(&inner, claims.join(real), shown.join(name), kind))
        .collect();
    Ok(Scan {
        claims_outside: false,
        entries,
    })
}

/// Sorted names of a folder (as shown, and as they are), with their
/// type when the listing gives it (no `stat` needed), hidden ones left
/// out.
fn list(dir: &Path) -> io::Result<Vec<(String, OsString, Option<FileType>)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let real = entry.file_name();
        let name = real.to_string_lossy().into_owned();
        if !is_hidden(&name) {
            out.push((name, real, entry.file_type().ok()));
        }
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    Ok(out)
}

/// What is at `abs`, shown as `shown`; `inner` is claims/, resolved.
/// `listed` is its type as the folder's listing gave it: a file or folder
/// that is no symlink needs no `stat`.
fn entry(inner: &Path, abs: PathBuf, shown: PathBuf, listed: Option<FileType>) -> Entry {
    let (is_dir, is_file) = match listed.filter(|t| !t.is_symlink()) {
        Some(t) => (t.is_dir(), t.is_file()),
        None => {
            if leaves(inner, &abs) {
                let folder = std::fs::metadata(&abs).is_ok_and(|m| m.is_dir());
                return Entry::Outside { shown, folder };
            }
            // fs::metadata follows symlinks: a loop or a dangling link fails here.
            match std::fs::metadata(&abs) {
                Ok(m) => (m.is_dir(), m.is_file()),
                Err(source) => return Entry::Unreadable { shown, source },
            }
        }
    };
    match classify(&shown, is_dir) {
        Place::File { kind, slug, id } if is_file => Entry::File {
            kind,
            slug,
            id,
            shown,
            abs,
        },
        Place::File { .. } => Entry::NotAFile { shown },
        Place::ArticleDir { slug } => {
            let entries = list(&abs).map(|names| {
                names
                    .into_iter()
                    .map(|(name, real, kind)| entry(inner, abs.join(real), shown.join(name), kind))
                    .collect()
            });
            Entry::ArticleDir {
                slug,
                shown,
                entries,
            }
        }
        _ => Entry::Stray {
            shown,
            folder: is_dir,
        },
    }
}

/// Whether `abs` is a symlink whose target (resolved) lies outside `inner`
/// (claims/, resolved). A dangling or looping symlink is not: reading it
/// fails, which is reported.
fn leaves(inner: &Path, abs: &Path) -> bool {
    let is_link = std::fs::symlink_metadata(abs).is_ok_and(|m| m.file_type().is_symlink());
    is_link && std::fs::canonicalize(abs).is_ok_and(|target| !target.starts_with(inner))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_is_listed_as_the_layout_says() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("claims/outlets.toml", ""),
            ("claims/x.toml", ""),
            ("claims/.gitkeep", ""),
            ("claims/a/article.toml", ""),
            ("claims/a/c.toml", ""),
            ("claims/a/notes.txt", ""),
            ("claims/a/deep/y.toml", ""),
            ("claims/a/dir.toml/z.toml", ""),
        ] {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        std::os::unix::fs::symlink("..", root.join("claims/a/loop")).unwrap();
        std::os::unix::fs::symlink("/", root.join("claims/a/out.toml")).unwrap();
        std::os::unix::fs::symlink("gone", root.join("claims/a/gone.toml")).unwrap();
        let scan = scan(root).unwrap();
        let shown: Vec<String> = scan
            .into_flat()
            .iter()
            .map(|e| {
                let what = match e {
                    Entry::File { kind, .. } => kind.name(),
                    Entry::ArticleDir { .. } => "article folder",
                    Entry::Stray { folder: true, .. } => "stray folder",
                    Entry::Stray { .. } => "stray",
                    Entry::NotAFile { .. } => "not a file",
                    Entry::Outside { .. } => "outside",
                    Entry::Unreadable { .. } => "unreadable",
                };
                format!("{} {what}", e.shown().display())
            })
            .collect();
        assert_eq!(
            shown,
            [
                "claims/a article folder",
                "claims/a/article.toml article",
                "claims/a/c.toml claim",
                "claims/a/deep stray folder",
                "claims/a/dir.toml not a file",
                "claims/a/gone.toml unreadable",
                "claims/a/loop stray folder",
                "claims/a/notes.txt stray",
                "claims/a/out.toml outside",
                "claims/outlets.toml outlets",
                "claims/x.toml stray",
            ]
        );
    }
}
