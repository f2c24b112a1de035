//! The layout of claims/, in one place: which path is which kind of file,
//! how the paths of files are built, the keys each kind of file has, and
//! the walk that lists a claims/ tree. Every other module asks here:
//! `load` reads what `scan` lists, `fmt` formats what it lists, `new`
//! writes where `claim_path` and its kin say, the loader, the formatter
//! and the schemas take their keys from `FileKind::keys`.
//!
//! ```text
//! claims/outlets.toml                 the outlets (FileKind::Outlets)
//! claims/<article>/article.toml       an article  (FileKind::Article)
//! claims/<article>/<claim-id>.toml    a claim     (FileKind::Claim)
//! ```
//!
//! Exactly two levels. A name starting with `.` (`.gitkeep`, a write's
//! temp file) is hidden: ignored by every command. Anything else under
//! claims/ is stray: `check` warns about it (`stray-file`), `fmt` leaves
//! it alone and says so, nothing reads it.

use std::io;
use std::path::{Component, Path, PathBuf};

/// The folder, under the repository root, that holds the claims.
pub const CLAIMS_DIR: &str = "claims";
/// The outlets file, directly in claims/.
pub const OUTLETS_FILE: &str = "outlets.toml";
/// An article folder's article file.
pub const ARTICLE_FILE: &str = "article.toml";
/// The ending of every claims file's name.
const EXTENSION: &str = ".toml";
/// The layout in a sentence, for help lines.
pub(crate) const DESCRIPTION: &str = "claims files are claims/outlets.toml, claims/<article>/article.toml and claims/<article>/<claim-id>.toml";
/// The folder, under the repository root, of the committed JSON Schemas.
const SCHEMA_DIR: &str = "schema";

/// The keys of an outlet's table in outlets.toml, in their order.
pub(crate) const OUTLET_KEYS: &[&str] = &["name", "aliases", "domains", "homepage"];
/// The keys of article.toml, in their order.
pub(crate) const ARTICLE_KEYS: &[&str] = &[
    "title",
    "outlet",
    "url",
    "archive",
    "published",
    "byline",
    "section",
    "excerpt",
];
/// The keys of a claim file, in their order.
pub(crate) const CLAIM_KEYS: &[&str] = &[
    "claim",
    "quote",
    "attributed_to",
    "attribution",
    "status",
    "credit",
    "note",
    "topics",
    SOURCES_KEY,
];
/// The array of tables of a claim file.
pub(crate) const SOURCES_KEY: &str = "sources";
/// The keys of a `[[sources]]` entry, in their order.
pub(crate) const SOURCE_KEYS: &[&str] = &[
    "url",
    "outlet",
    "credited",
    "title",
    "published",
    "accessed",
    "archive",
    "excerpt",
];
/// The keys, in any kind of file, that hold dates.
pub(crate) const DATE_KEYS: &[&str] = &["published", "accessed"];

/// The kinds of claims file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Outlets,
    Article,
    Claim,
}

impl FileKind {
    pub const ALL: [FileKind; 3] = [FileKind::Claim, FileKind::Article, FileKind::Outlets];

    /// `claim`, `article` or `outlets`: the kind's name in commands
    /// (`claimtrack schema claim`) and schema file names.
    pub const fn name(self) -> &'static str {
        match self {
            FileKind::Outlets => "outlets",
            FileKind::Article => "article",
            FileKind::Claim => "claim",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The name of the kind's JSON Schema file in [`SCHEMA_DIR`].
    pub(crate) const fn schema_file(self) -> &'static str {
        match self {
            FileKind::Outlets => "outlets.schema.json",
            FileKind::Article => "article.schema.json",
            FileKind::Claim => "claim.schema.json",
        }
    }

    /// The keys of the file's table (for outlets.toml: of each outlet's
    /// table), in their order.
    pub(crate) const fn keys(self) -> &'static [&'static str] {
        match self {
            FileKind::Outlets => OUTLET_KEYS,
            FileKind::Article => ARTICLE_KEYS,
            FileKind::Claim => CLAIM_KEYS,
        }
    }

    /// How many folders below the repository root such a file lies.
    const fn depth(self) -> usize {
        match self {
            FileKind::Outlets => 1,
            FileKind::Article | FileKind::Claim => 2,
        }
    }
}

/// `claims/outlets.toml`.
pub(crate) fn outlets_path() -> PathBuf {
    Path::new(CLAIMS_DIR).join(OUTLETS_FILE)
}

/// `claims/<slug>`.
fn article_dir(slug: &str) -> PathBuf {
    Path::new(CLAIMS_DIR).join(slug)
}

/// `claims/<slug>/article.toml`.
pub(crate) fn article_path(slug: &str) -> PathBuf {
    article_dir(slug).join(ARTICLE_FILE)
}

/// `claims/<article>/<id>.toml`.
pub(crate) fn claim_path(article: &str, id: &str) -> PathBuf {
    article_dir(article).join(format!("{id}{EXTENSION}"))
}

/// The taplo directive that points a file of this kind, where the layout
/// puts it, at its committed schema: `#:schema ../../schema/claim.schema.json`.
pub(crate) fn schema_directive(kind: FileKind) -> String {
    format!(
        "#:schema {}{SCHEMA_DIR}/{}",
        "../".repeat(kind.depth()),
        kind.schema_file()
    )
}

/// Whether a file or folder name is hidden (ignored by every command).
fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// What a path is in the layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// Not under claims/ (or not a plain relative path).
    Outside,
    /// claims/ itself.
    Claims,
    /// At or under a hidden name in claims/: ignored.
    Hidden,
    /// `claims/<slug>`, a folder.
    ArticleDir { slug: String },
    /// A claims file's place: `kind`, and the names the path gives it
    /// (`slug` empty for outlets.toml, `id` empty but for a claim).
    File {
        kind: FileKind,
        slug: String,
        id: String,
    },
    /// Anything else under claims/: a file beside outlets.toml, a file
    /// in an article folder that is not `.toml`, anything deeper.
    Stray,
}

/// What `rel` (relative to the repository root, as shown to users) is;
/// `is_dir` says whether it is a folder, which only matters directly in
/// claims/ (a folder there is an article folder, a file stray).
pub fn classify(rel: &Path, is_dir: bool) -> Place {
    let mut parts = Vec::new();
    for part in rel.components() {
        match part {
            Component::Normal(p) => parts.push(p.to_string_lossy()),
            Component::CurDir => {}
            _ => return Place::Outside,
        }
    }
    let file = |kind, slug: &str, id: &str| Place::File {
        kind,
        slug: slug.to_string(),
        id: id.to_string(),
    };
    match parts.as_slice() {
        [] => Place::Outside,
        [first, ..] if first != CLAIMS_DIR => Place::Outside,
        [_] => Place::Claims,
        [_, rest @ ..] if rest.iter().any(|p| is_hidden(p)) => Place::Hidden,
        [_, name] if name == OUTLETS_FILE => file(FileKind::Outlets, "", ""),
        [_, slug] if is_dir => Place::ArticleDir {
            slug: slug.to_string(),
        },
        [_, slug, _] if slug == OUTLETS_FILE => Place::Stray,
        [_, slug, name] if name == ARTICLE_FILE => file(FileKind::Article, slug, ""),
        [_, slug, name] => match name.strip_suffix(EXTENSION) {
            Some(id) => file(FileKind::Claim, slug, id),
            None => Place::Stray,
        },
        _ => Place::Stray,
    }
}

mod scan;

pub(crate) use scan::{Entry, scan};

/// `path` made absolute and its `.` and `..` taken out by their names
/// (without reading the disk).
pub(crate) fn lexical_absolute(path: &Path) -> io::Result<PathBuf> {
    let mut out = PathBuf::new();
    for part in std::path::absolute(path)?.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(path: &str, is_dir: bool) -> Place {
        classify(Path::new(path), is_dir)
    }

    fn file(kind: FileKind, slug: &str, id: &str) -> Place {
        Place::File {
            kind,
            slug: slug.into(),
            id: id.into(),
        }
    }

    #[test]
    fn every_place_of_the_layout() {
        use FileKind::*;
        assert_eq!(place("claims/outlets.toml", false), file(Outlets, "", ""));
        assert_eq!(
            place("claims/a/article.toml", false),
            file(Article, "a", "")
        );
        assert_eq!(place("claims/a/x.toml", false), file(Claim, "a", "x"));
        assert_eq!(place("./claims/a/x.toml", false), file(Claim, "a", "x"));
        assert_eq!(
            place("claims/a", true),
            Place::ArticleDir { slug: "a".into() }
        );
        assert_eq!(place("claims", true), Place::Claims);
        for stray in [
            "claims/x.toml",
            "claims/a",
            "claims/notes.txt",
            "claims/a/notes.txt",
            "claims/a/deep",
            "claims/a/deep/y.toml",
            "claims/outlets.toml/x.toml",
        ] {
            assert_eq!(place(stray, false), Place::Stray, "{stray}");
        }
        for hidden in ["claims/.gitkeep", "claims/a/.x.toml", "claims/.a/x.toml"] {
            assert_eq!(place(hidden, false), Place::Hidden, "{hidden}");
        }
        for outside in ["Cargo.toml", "shared/y.toml", "../claims/a/x.toml", ""] {
            assert_eq!(place(outside, false), Place::Outside, "{outside}");
        }
    }

    #[test]
    fn paths_are_built_where_classify_finds_them() {
        let claim = claim_path("a", "x");
        assert_eq!(claim, Path::new("claims/a/x.toml"));
        assert_eq!(classify(&claim, false), file(FileKind::Claim, "a", "x"));
        assert_eq!(
            classify(&article_path("a"), false),
            file(FileKind::Article, "a", "")
        );
        assert_eq!(
            classify(&outlets_path(), false),
            file(FileKind::Outlets, "", "")
        );
    }

    #[test]
    fn a_schema_directive_climbs_to_the_root() {
        assert_eq!(
            schema_directive(FileKind::Claim),
            "#:schema ../../schema/claim.schema.json"
        );
        assert_eq!(
            schema_directive(FileKind::Outlets),
            "#:schema ../schema/outlets.schema.json"
        );
        for kind in FileKind::ALL {
            assert_eq!(FileKind::from_name(kind.name()), Some(kind));
        }
    }

    #[test]
    fn lexical_absolute_drops_dots() {
        let abs = lexical_absolute(Path::new("/r/claims/a/../b/./x.toml")).unwrap();
        assert_eq!(abs, Path::new("/r/claims/b/x.toml"));
    }
}
