//! The URLs a run leaves out: `--exclude` and `--include` patterns,
//! `[check] exclude` in claimtrack.toml and the lines of
//! `.claimtrackignore`, lychee's conventions. An excluded URL is not
//! probed, and is counted. The patterns are Rust regular expressions,
//! which match in linear time, so a pattern from a pull request cannot
//! stall a run; each is matched anywhere in the URL (anchor it with `^`
//! and `$` to match the whole).

use std::path::Path;

use regex::Regex;

use crate::error::{Error, LoadError, SettingsError};

/// The file of patterns in the repository's root.
pub const IGNORE_FILE: &str = ".claimtrackignore";

/// The most a compiled pattern may take: beyond it a pattern is refused.
const MAX_PATTERN_BYTES: usize = 1 << 20;

/// Which URLs are left out.
#[derive(Clone, Debug, Default)]
pub struct UrlFilter {
    include: Vec<Regex>,
    exclude: Vec<Regex>,
}

impl UrlFilter {
    pub fn new(include: Vec<Regex>, exclude: Vec<Regex>) -> UrlFilter {
        UrlFilter { include, exclude }
    }

    /// Whether `url` is left out: an `include` pattern keeps it whatever
    /// the excludes say; otherwise an `exclude` pattern leaves it out, and
    /// with includes but no excludes, so does matching no include.
    pub fn excludes(&self, url: &str) -> bool {
        if self.include.iter().any(|r| r.is_match(url)) {
            return false;
        }
        if self.exclude.is_empty() {
            return !self.include.is_empty();
        }
        self.exclude.iter().any(|r| r.is_match(url))
    }
}

/// A pattern, or why it is not one.
pub fn parse_pattern(s: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(s)
        .size_limit(MAX_PATTERN_BYTES)
        .build()
        .map_err(|e| format!("`{s}` is not a regular expression: {e}"))
}

/// The patterns of `.claimtrackignore` in `root`: one per line, blank
/// lines and lines starting with `#` skipped; none without the file.
pub fn read_ignore_file(root: &Path) -> Result<Vec<Regex>, Error> {
    let path = root.join(IGNORE_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(LoadError::ReadFile {
                path: IGNORE_FILE.into(),
                source,
            }
            .into());
        }
    };
    let mut patterns = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let pattern = parse_pattern(line).map_err(|message| SettingsError::Config {
            path: IGNORE_FILE.into(),
            message: format!("line {}: {message}", n + 1),
            help: Some("write one regular expression per line (Rust's syntax), or start the line with # to make it a comment".into()),
        })?;
        patterns.push(pattern);
    }
    Ok(patterns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(include: &[&str], exclude: &[&str]) -> UrlFilter {
        let compile = |ps: &[&str]| ps.iter().map(|p| parse_pattern(p).unwrap()).collect();
        UrlFilter::new(compile(include), compile(exclude))
    }

    #[test]
    fn include_wins_and_alone_it_selects() {
        let cases: &[(&[&str], &[&str], &str, bool)] = &[
            (&[], &[], "https://a.example/x", false),
            (&[], &["a\\.example"], "https://a.example/x", true),
            (&[], &["a\\.example"], "https://b.example/x", false),
            (&["/x$"], &["a\\.example"], "https://a.example/x", false),
            (&["/x$"], &["a\\.example"], "https://a.example/y", true),
            (&["/x$"], &[], "https://a.example/y", true),
            (&["/x$"], &[], "https://a.example/x", false),
        ];
        for (include, exclude, url, expect) in cases {
            assert_eq!(
                filter(include, exclude).excludes(url),
                *expect,
                "{include:?} {exclude:?} {url}"
            );
        }
    }

    #[test]
    fn a_pattern_too_big_or_broken_is_refused() {
        assert!(
            parse_pattern("(unclosed")
                .unwrap_err()
                .contains("not a regular expression")
        );
        assert!(
            parse_pattern("a{1000}{1000}").is_err(),
            "over the size limit"
        );
        assert!(parse_pattern("^https://").is_ok());
    }
}
