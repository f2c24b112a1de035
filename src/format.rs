//! `claimtrack fmt`: one canonical form for claim, article and outlets
//! files: keys in the documented order, `key = value` with single spaces,
//! one blank line before each table, strings in the form with the fewest
//! escapes, dates as TOML dates, no trailing whitespace, one newline at the
//! end. Comments stay where they were (toml_edit keeps them with the key
//! or table they precede, and trailing ones with their value). Formatting
//! a formatted file changes no byte.

use std::cmp::Ordering;

use toml_edit::{DocumentMut, Item, Table, Value};

use crate::model::{Article, Claim, Outlet, Source};

/// Which kind of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Outlets,
    Article,
    Claim,
}

/// The files to format: those under `paths` (files, or folders searched
/// for `.toml` files), or every file of claims/; each with its kind.
pub fn files(
    root: &std::path::Path,
    paths: &[std::path::PathBuf],
) -> Result<Vec<(std::path::PathBuf, Kind)>, crate::error::Error> {
    use crate::load::{ARTICLE_FILE, CLAIMS_DIR, OUTLETS_FILE};
    let kind = |p: &std::path::Path| match p.file_name().and_then(|n| n.to_str()) {
        Some(OUTLETS_FILE) => Kind::Outlets,
        Some(ARTICLE_FILE) => Kind::Article,
        _ => Kind::Claim,
    };
    let starts: Vec<std::path::PathBuf> = if paths.is_empty() {
        vec![root.join(CLAIMS_DIR)]
    } else {
        paths.to_vec()
    };
    let mut out = Vec::new();
    for start in starts {
        let meta = std::fs::metadata(&start).map_err(|source| crate::error::Error::ReadFile {
            path: start.clone(),
            source,
        })?;
        if meta.is_file() {
            out.push((start.clone(), kind(&start)));
            continue;
        }
        let mut stack = vec![start];
        while let Some(dir) = stack.pop() {
            let entries =
                std::fs::read_dir(&dir).map_err(|source| crate::error::Error::ReadDir {
                    path: dir.clone(),
                    source,
                })?;
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name();
                if name.to_string_lossy().starts_with('.') {
                    continue;
                }
                // Symlinks are not followed: a loop cannot trap the walk.
                let Ok(file_type) = entry.file_type() else {
                    continue;
                };
                if file_type.is_dir() {
                    stack.push(path);
                } else if file_type.is_file() && path.extension().is_some_and(|e| e == "toml") {
                    out.push((path.clone(), kind(&path)));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Keys that hold dates.
const DATE_KEYS: &[&str] = &["published", "accessed"];

/// The file in canonical form, or why it cannot be formatted (a syntax
/// error: `check` says where).
pub fn format(text: &str, kind: Kind) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    match kind {
        Kind::Claim => {
            tidy_table(doc.as_table_mut(), Claim::FIELDS);
            if let Some(Item::ArrayOfTables(sources)) = doc.get_mut("sources") {
                for source in sources.iter_mut() {
                    tidy_table(source, Source::FIELDS);
                    blank_line_before(source);
                }
            }
        }
        Kind::Article => tidy_table(doc.as_table_mut(), Article::FIELDS),
        Kind::Outlets => {
            let root = doc.as_table_mut();
            let mut first = true;
            for (_, item) in root.iter_mut() {
                if let Item::Table(outlet) = item {
                    tidy_table(outlet, Outlet::FIELDS);
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
    Ok(format!(
        "{}\n",
        out.trim_end_matches('\n').trim_start_matches('\n')
    ))
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
    let suffix = value
        .decor()
        .suffix()
        .and_then(|s| s.as_str())
        .unwrap_or("")
        .to_string();
    // A trailing comment keeps its place, one space from the value… or
    // as many as were there (aligned comments stay aligned).
    let suffix = if suffix.trim().is_empty() {
        String::new()
    } else {
        suffix.trim_end().to_string()
    };
    let replacement = match value {
        Value::String(s) => {
            let text = s.value().clone();
            match text.parse::<toml_edit::Datetime>() {
                Ok(date) if is_date && date.date.is_some() && date.time.is_none() => {
                    Some(Value::from(date))
                }
                _ => Some(Value::from(text)),
            }
        }
        Value::Array(array) => {
            let items: Vec<Value> = array
                .iter()
                .map(|v| {
                    let mut v = v.clone();
                    tidy_value(&mut v, is_date);
                    v
                })
                .collect();
            let mut fresh = toml_edit::Array::new();
            for (i, mut v) in items.into_iter().enumerate() {
                v.decor_mut().set_prefix(if i == 0 { "" } else { " " });
                v.decor_mut().set_suffix("");
                fresh.push_formatted(v);
            }
            Some(Value::Array(fresh))
        }
        Value::InlineTable(_) => None,
        _ => None,
    };
    if let Some(new) = replacement {
        *value = new;
    }
    value.decor_mut().set_prefix(" ");
    value.decor_mut().set_suffix(suffix);
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
mod tests {
    use super::*;

    #[test]
    fn canonical_form() {
        let messy = "status   =   'supported'  \n# the claim\nclaim=\"It \\\"was\\\" so.\"   # trailing\ntopics = [ \"a\",\"b\" ]\n\n\n\n[[sources]]\n  url = \"https://x.org/\"\npublished = \"2014-04-19\"\n";
        let want = "# the claim\nclaim = 'It \"was\" so.'   # trailing\nstatus = \"supported\"\ntopics = [\"a\", \"b\"]\n\n[[sources]]\nurl = \"https://x.org/\"\npublished = 2014-04-19\n";
        let once = format(messy, Kind::Claim).unwrap();
        assert_eq!(once, want);
        assert_eq!(format(&once, Kind::Claim).unwrap(), once, "idempotent");
    }
}
