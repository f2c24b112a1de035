//! `claimtrack fmt`: one canonical form for claim, article and outlets
//! files: keys in the documented order, `key = value` with single spaces,
//! one blank line before each table, strings in the form with the fewest
//! escapes, dates as TOML dates, no trailing whitespace, one newline at the
//! end. Comments stay where they were (toml_edit keeps them with the key
//! or table they precede, and trailing ones with their value). Formatting
//! a formatted file changes no byte, and no value: only `--migrate`
//! rewrites the values an older claimtrack wrote (`migrate`).

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, Value};

use crate::error::{Error, LoadError};
use crate::layout::{self, CLAIMS_DIR, DATE_KEYS, Entry, FileKind, SOURCE_KEYS, SOURCES_KEY};

mod migrate;

pub use migrate::Legacy;

/// A file to format.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct File {
    /// The path as found: what is shown.
    pub path: PathBuf,
    /// Where it resolves, symlinks followed: what is read and written, so
    /// that a symlink stays a symlink.
    pub real: PathBuf,
    pub kind: FileKind,
}

/// A path found but not formatted; each is what `check` reports (or,
/// for `NotClaims` outside claims/, does not look at).
#[derive(Debug)]
pub enum Skipped {
    /// A symlink (to a file, or to a folder) whose target is outside
    /// claims/ (`symlink-outside`): never read, never written.
    Outside { path: PathBuf, folder: bool },
    /// Something at a claims file's place that is not a regular file
    /// (`not-a-file`).
    NotAFile { path: PathBuf },
    /// A symlink that does not resolve (dangling, a loop), or a folder that
    /// cannot be read (a failure).
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Not a claims file by the layout (`stray-file`, or not under
    /// claims/ at all): left as it is. `named`: the user named it (rather
    /// than a folder it is in).
    NotClaims { path: PathBuf, named: bool },
}

impl Skipped {
    pub fn path(&self) -> &Path {
        match self {
            Skipped::Outside { path, .. }
            | Skipped::NotAFile { path }
            | Skipped::Unreadable { path, .. }
            | Skipped::NotClaims { path, .. } => path,
        }
    }
}

/// What `files` found.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<File>,
    pub skipped: Vec<Skipped>,
}

/// The files to format: the claims files of the layout
/// (`layout::scan`, which `check` loads from too) under `paths` (files
/// or folders), or all of them; each with its kind. Whatever else is
/// found or named is skipped, as `check` skips it.
pub fn files(root: &Path, paths: &[PathBuf]) -> Result<Found, Error> {
    let scan = layout::scan(root).map_err(|source| LoadError::ReadDir {
        path: root.join(CLAIMS_DIR),
        source,
    })?;
    let mut found = Found::default();
    if scan.claims_outside {
        let path = root.join(CLAIMS_DIR);
        found.skipped.push(Skipped::Outside { path, folder: true });
        return Ok(found);
    }
    let entries = scan.into_flat();
    let mut chosen = vec![paths.is_empty(); entries.len()];
    for path in paths {
        if let Some(skipped) = choose(root, &entries, path, &mut chosen)? {
            found.skipped.push(skipped);
        }
    }
    for (entry, _) in entries.into_iter().zip(chosen).filter(|(_, c)| *c) {
        take(root, entry, &mut found);
    }
    found.files.sort();
    found.files.dedup();
    found.skipped.sort_by(|a, b| a.path().cmp(b.path()));
    found.skipped.dedup_by(|a, b| a.path() == b.path());
    Ok(found)
}

/// Marks the entries at or under `path` (a path as the user gave it) as
/// chosen; when there are none, what `path` is instead.
fn choose(
    root: &Path,
    entries: &[Entry],
    path: &Path,
    chosen: &mut [bool],
) -> Result<Option<Skipped>, Error> {
    let read_error = |source| {
        Error::from(LoadError::ReadFile {
            path: path.to_path_buf(),
            source,
        })
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    let not_claims = Skipped::NotClaims {
        path: path.to_path_buf(),
        named: true,
    };
    let Some(rel) = relative(root, path) else {
        return Ok(Some(not_claims));
    };
    let named_stray = |e: &Entry| matches!(e, Entry::Stray { .. }) && e.shown() == rel;
    if entries.iter().any(named_stray) {
        return Ok(Some(not_claims));
    }
    let mut any = false;
    for (entry, chosen) in entries.iter().zip(chosen.iter_mut()) {
        if entry.shown().starts_with(&rel) {
            *chosen = true;
            any = true;
        }
    }
    if any {
        return Ok(None);
    }
    // Under an entry that is not followed: a symlink out of claims/, or a
    // stray folder.
    let outside = entries
        .iter()
        .any(|e| matches!(e, Entry::Outside { .. }) && rel.starts_with(e.shown()));
    Ok(Some(if outside {
        Skipped::Outside {
            path: path.to_path_buf(),
            folder: meta.is_dir(),
        }
    } else {
        not_claims
    }))
}

/// `path` relative to the repository root, or `None` when it is not in
/// it: by its name, or else with symlinks resolved.
fn relative(root: &Path, path: &Path) -> Option<PathBuf> {
    let by_name = |root: &Path, path: &Path| {
        let root = layout::lexical_absolute(root).ok()?;
        let path = layout::lexical_absolute(path).ok()?;
        Some(path.strip_prefix(root).ok()?.to_path_buf())
    };
    by_name(root, path).or_else(|| {
        let real = |p: &Path| std::fs::canonicalize(p).ok();
        by_name(&real(root)?, &real(path)?)
    })
}

/// What a chosen entry becomes: a file to format, or what is skipped.
fn take(root: &Path, entry: Entry, found: &mut Found) {
    let skipped = match entry {
        Entry::File {
            kind, shown, abs, ..
        } => match abs.canonicalize() {
            Ok(real) => {
                let path = root.join(shown);
                found.files.push(File { path, real, kind });
                return;
            }
            Err(source) => Skipped::Unreadable {
                path: root.join(shown),
                source,
            },
        },
        Entry::ArticleDir {
            shown,
            entries: Err(source),
            ..
        }
        | Entry::Unreadable { shown, source } => Skipped::Unreadable {
            path: root.join(shown),
            source,
        },
        Entry::ArticleDir { .. } => return,
        Entry::Stray { shown, .. } => Skipped::NotClaims {
            path: root.join(shown),
            named: false,
        },
        Entry::NotAFile { shown } => Skipped::NotAFile {
            path: root.join(shown),
        },
        Entry::Outside { shown, folder } => Skipped::Outside {
            path: root.join(shown),
            folder,
        },
    };
    found.skipped.push(skipped);
}

/// The file in canonical form, or why it cannot be formatted (a syntax
/// error: `check` says where). No value changes.
pub fn format(text: &str, kind: FileKind) -> Result<String, String> {
    format_with(text, kind, Options::default()).map(|f| f.text)
}

/// How `fmt` treats a file.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Rewrite the values an older claimtrack wrote (`fmt --migrate`).
    pub migrate: bool,
}

/// A file formatted.
#[derive(Debug)]
pub struct Formatted {
    /// In canonical form.
    pub text: String,
    /// The old values found: rewritten in `text` with `migrate`, else
    /// left as they were.
    pub legacy: Vec<Legacy>,
}

/// The file in canonical form, its old values rewritten if
/// `options.migrate`; or why it cannot be formatted.
pub fn format_with(text: &str, kind: FileKind, options: Options) -> Result<Formatted, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    let legacy = match kind {
        FileKind::Claim => migrate::claim(&mut doc, options.migrate),
        FileKind::Article | FileKind::Outlets => Vec::new(),
    };
    let text = tidy_document(doc, kind);
    Ok(Formatted { text, legacy })
}

/// Every table of the document tidied, and the whole laid out.
fn tidy_document(mut doc: DocumentMut, kind: FileKind) -> String {
    match kind {
        FileKind::Claim => {
            tidy_table(doc.as_table_mut(), kind.keys());
            if let Some(Item::ArrayOfTables(sources)) = doc.get_mut(SOURCES_KEY) {
                for source in sources.iter_mut() {
                    tidy_table(source, SOURCE_KEYS);
                    blank_line_before(source);
                }
            }
        }
        FileKind::Article => tidy_table(doc.as_table_mut(), kind.keys()),
        FileKind::Outlets => {
            let root = doc.as_table_mut();
            let mut first = true;
            for (_, item) in root.iter_mut() {
                if let Item::Table(outlet) = item {
                    tidy_table(outlet, kind.keys());
                    if first {
                        // At the top of the file: its comment block stays,
                        // without blank lines before it, and with the blank
                        // line after it if it had one.
                        let raw = outlet
                            .decor()
                            .prefix()
                            .and_then(|p| p.as_str())
                            .unwrap_or("")
                            .to_string();
                        let mut prefix = comments(&raw);
                        if !prefix.is_empty() && raw.trim_end_matches([' ', '\t']).ends_with("\n\n")
                        {
                            prefix.push('\n');
                        }
                        outlet.decor_mut().set_prefix(prefix);
                    } else {
                        blank_line_before(outlet);
                    }
                    first = false;
                }
            }
        }
    }
    let trailing = doc.trailing().as_str().unwrap_or("").to_string();
    doc.set_trailing(comments(&trailing));
    let out = strip_trailing_whitespace(&doc.to_string());
    // Stripping never changes a value (a multi-line string with trailing
    // spaces keeps them).
    let same = |a: &str, b: &str| match (a.parse::<toml::Table>(), b.parse::<toml::Table>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    let out = if same(&out, &doc.to_string()) {
        out
    } else {
        doc.to_string()
    };
    format!("{}\n", out.trim_end_matches('\n').trim_start_matches('\n'))
}

/// Keys in `order` (others after them, as they were), `key = value` with
/// single spaces, strings re-encoded, dates made dates.
fn tidy_table(table: &mut Table, order: &[&str]) {
    // A comment block that stands apart (a blank line after it) before the
    // first key heads the table or file: it stays at the top whatever key
    // comes first once sorted.
    let mut header = String::new();
    if let Some((mut key, _)) = table.iter_mut().next() {
        let decor = key.leaf_decor_mut();
        let prefix = decor
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_string();
        let prefix = prefix.trim_start_matches(['\n', ' ', '\t']);
        if let Some(gap) = prefix.rfind("\n\n") {
            header = comments(&prefix[..gap]);
            decor.set_prefix(prefix[gap + 2..].to_string());
        }
    }
    let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
    table.sort_values_by(|k1, _, k2, _| rank(k1.get()).cmp(&rank(k2.get())).then(Ordering::Equal));
    for (mut key, item) in table.iter_mut() {
        // Headers of sub-tables (`[[sources]]`) are tidied as tables.
        let Item::Value(value) = item else { continue };
        let name = key.get().to_string();
        let key_decor = key.leaf_decor_mut();
        let prefix = comments(key_decor.prefix().and_then(|p| p.as_str()).unwrap_or(""));
        key_decor.set_prefix(prefix);
        key_decor.set_suffix(" ");
        tidy_value(value, DATE_KEYS.contains(&name.as_str()));
    }
    if !header.is_empty()
        && let Some((mut key, _)) = table.iter_mut().next()
    {
        let decor = key.leaf_decor_mut();
        let rest = decor
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_string();
        decor.set_prefix(format!("{header}\n{rest}"));
    }
}

fn tidy_value(value: &mut Value, is_date: bool) {
    let suffix = raw(value.decor().suffix());
    // A trailing comment keeps its place, one space from the value… or
    // as many as were there (aligned comments stay aligned).
    let suffix = if suffix.trim().is_empty() {
        String::new()
    } else {
        suffix.trim_end().to_string()
    };
    tidy_inner(value, is_date, 0);
    value.decor_mut().set_prefix(" ");
    value.decor_mut().set_suffix(suffix);
}

/// The value itself re-encoded (its decor is the caller's): strings in
/// their simplest form, dates made dates, arrays laid out by `tidy_array`
/// at nesting `depth`.
fn tidy_inner(value: &mut Value, is_date: bool, depth: usize) {
    let decor = value.decor().clone();
    match value {
        Value::String(s) => {
            let text = s.value().clone();
            *value = match text.parse::<toml_edit::Datetime>() {
                Ok(date) if is_date && date.date.is_some() && date.time.is_none() => {
                    Value::from(date)
                }
                _ => Value::from(text),
            };
            *value.decor_mut() = decor;
        }
        Value::Array(array) => tidy_array(array, is_date, depth),
        _ => {}
    }
}

/// The comments between two tokens: the one on the line of the first
/// token, if any, then those on lines of their own.
#[derive(Default)]
struct Gap {
    same_line: Option<String>,
    own_lines: Vec<String>,
}

impl Gap {
    /// `text` holds only whitespace, newlines and comments.
    fn parse(text: &str) -> Gap {
        let mut gap = Gap::default();
        for (i, line) in text.split('\n').enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if i == 0 {
                gap.same_line = Some(line.to_string());
            } else {
                gap.own_lines.push(line.to_string());
            }
        }
        gap
    }

    fn is_empty(&self) -> bool {
        self.same_line.is_none() && self.own_lines.is_empty()
    }

    /// The gap in a multi-line array: the comment on the line, a newline,
    /// each comment on its own line at `indent`.
    fn render(&self, indent: &str) -> String {
        let mut out = String::new();
        if let Some(c) = &self.same_line {
            out.push(' ');
            out.push_str(c);
        }
        out.push('\n');
        for c in &self.own_lines {
            out.push_str(indent);
            out.push_str(c);
            out.push('\n');
        }
        out
    }
}

const INDENT: &str = "    ";

/// `["a", "b"]` on one line, or, if a comment is anywhere in it (after
/// `[`, around an element or its comma, before `]`) or an element spans
/// lines, one element a line, each followed by a comma, every comment
/// kept between the same elements (one on the line of `[` or of an
/// element's comma stays on that line).
fn tidy_array(array: &mut toml_edit::Array, is_date: bool, depth: usize) {
    let n = array.len();
    // gaps[i] is before element i; gaps[n] is after the last one. An
    // element's suffix is before its comma, the next one's prefix after.
    let mut gaps = Vec::with_capacity(n + 1);
    let mut before = String::new();
    for v in array.iter() {
        before.push_str(&raw(v.decor().prefix()));
        gaps.push(Gap::parse(&before));
        before = raw(v.decor().suffix());
    }
    before.push_str(array.trailing().as_str().unwrap_or(""));
    gaps.push(Gap::parse(&before));
    for v in array.iter_mut() {
        tidy_inner(v, is_date, depth + 1);
    }
    let multi_line =
        gaps.iter().any(|g| !g.is_empty()) || array.iter().any(|v| v.to_string().contains('\n'));
    let inner = INDENT.repeat(depth + 1);
    let outer = INDENT.repeat(depth);
    for (i, v) in array.iter_mut().enumerate() {
        let prefix = match (multi_line, i) {
            (true, _) => format!("{}{inner}", gaps[i].render(&inner)),
            (false, 0) => String::new(),
            (false, _) => " ".to_string(),
        };
        v.decor_mut().set_prefix(prefix);
        v.decor_mut().set_suffix("");
    }
    if multi_line {
        array.set_trailing_comma(n > 0);
        array.set_trailing(format!("{}{outer}", gaps[n].render(&inner)));
    } else {
        array.set_trailing_comma(false);
        array.set_trailing("");
    }
}

/// A decor part as written ("" if none).
fn raw(part: Option<&toml_edit::RawString>) -> String {
    part.and_then(|p| p.as_str()).unwrap_or("").to_string()
}

/// One blank line, then the comment lines that were before the table.
fn blank_line_before(table: &mut Table) {
    let prefix = comments(
        table
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or(""),
    );
    table.decor_mut().set_prefix(format!("\n{prefix}"));
}

/// The comment lines of a decor prefix, blank lines between comment
/// blocks kept (one), blank lines before and after them dropped.
fn comments(prefix: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in prefix.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn strip_trailing_whitespace(s: &str) -> String {
    let mut out: String = s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form() {
        let messy = "status   =   'supported'  \n# the claim\nclaim=\"It \\\"was\\\" so.\"   # trailing\ntopics = [ \"a\",\"b\" ]\n\n\n\n[[sources]]\n  url = \"https://x.org/\"\npublished = \"2014-04-19\"\n";
        let want = "# the claim\nclaim = 'It \"was\" so.'   # trailing\nstatus = \"supported\"\ntopics = [\"a\", \"b\"]\n\n[[sources]]\nurl = \"https://x.org/\"\npublished = 2014-04-19\n";
        let once = format(messy, FileKind::Claim).unwrap();
        assert_eq!(once, want);
        assert_eq!(format(&once, FileKind::Claim).unwrap(), once, "idempotent");
    }
}
