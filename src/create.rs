//! `claimtrack new`: new articles, claims and outlets, written in canonical
//! form, checked before they are written (nothing invalid is created),
//! never over an existing file, atomically.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diag::{Finding, Severity};
use crate::error::Error;
use crate::layout::{FileKind, schema_directive};
use crate::model::{ClaimSet, Credit, Status};

pub(crate) struct ArticleSpec {
    pub slug: String,
    pub title: String,
    pub outlet: String,
    pub url: Option<String>,
    pub published: Option<Date>,
    pub byline: Option<String>,
    pub section: Option<String>,
}

#[derive(Debug)]
pub(crate) struct ClaimSpec {
    pub article: String,
    pub id: String,
    pub claim: String,
    pub quote: Option<String>,
    pub attributed_to: Option<String>,
    pub attribution: Option<String>,
    pub sources: Vec<String>,
    pub status: Status,
    /// Written only when given: absent is `unchecked`.
    pub credit: Option<Credit>,
    pub note: Option<String>,
    pub topics: Vec<String>,
}

pub(crate) struct OutletSpec {
    pub id: String,
    pub name: String,
    pub domains: Vec<String>,
    pub homepage: Option<String>,
}

/// Why a new file was not written: its findings.
pub(crate) struct Refused {
    pub findings: Vec<Finding>,
    pub set: ClaimSet,
}

/// `s` as a TOML string, as `fmt` writes it: toml_edit's encoding, which
/// for text with nothing to escape is `s` in double quotes (the common
/// case, written without it).
fn string(s: &str) -> String {
    if s.chars().all(|c| !c.is_control() && c != '"' && c != '\\') {
        format!("\"{s}\"")
    } else {
        toml_edit::Value::from(s).to_string().trim().to_string()
    }
}

fn line(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        out.push_str(key);
        out.push_str(" = ");
        out.push_str(&string(v));
        out.push('\n');
    }
}

fn list(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| string(v)).collect();
    format!("[{}]", items.join(", "))
}

pub(crate) fn article_text(spec: &ArticleSpec) -> String {
    let mut out = format!("{}\n\n", schema_directive(FileKind::Article));
    line(&mut out, "title", Some(&spec.title));
    line(&mut out, "outlet", Some(&spec.outlet));
    line(&mut out, "url", spec.url.as_deref());
    if let Some(d) = spec.published {
        out.push_str(&format!("published = {d}\n"));
    }
    line(&mut out, "byline", spec.byline.as_deref());
    line(&mut out, "section", spec.section.as_deref());
    // Written in canonical form: `fmt` leaves it as it is (tested).
    out
}

/// The claim file; each source's outlet is the one its host belongs to in
/// `set`, and its `accessed` date `today`.
pub(crate) fn claim_text(spec: &ClaimSpec, set: &ClaimSet, today: Date) -> String {
    let mut out = format!("{}\n\n", schema_directive(FileKind::Claim));
    line(&mut out, "claim", Some(&spec.claim));
    line(&mut out, "quote", spec.quote.as_deref());
    line(&mut out, "attributed_to", spec.attributed_to.as_deref());
    line(&mut out, "attribution", spec.attribution.as_deref());
    line(&mut out, "status", Some(spec.status.as_str()));
    line(&mut out, "credit", spec.credit.map(Credit::as_str));
    line(&mut out, "note", spec.note.as_deref());
    if !spec.topics.is_empty() {
        out.push_str(&format!("topics = {}\n", list(&spec.topics)));
    }
    for url in &spec.sources {
        out.push_str("\n[[sources]]\n");
        line(&mut out, "url", Some(url));
        let host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string));
        if let Some(outlet) = host.and_then(|h| set.outlet_for_host(&h)) {
            line(&mut out, "outlet", Some(&outlet.id.value));
        }
        out.push_str(&format!("accessed = {today}\n"));
    }
    // Written in canonical form, keys in `fmt`'s order and strings encoded
    // by the same encoder: `fmt` leaves it as it is (tested). Formatting
    // each of an import's thousands of claims cost a fifth of its time.
    out.shrink_to_fit();
    out
}

/// outlets.toml with the outlet appended, every other byte kept.
pub(crate) fn outlets_text(existing: &str, spec: &OutletSpec) -> String {
    let mut table = format!("[{}]\n", spec.id);
    line(&mut table, "name", Some(&spec.name));
    table.push_str(&format!("domains = {}\n", list(&spec.domains)));
    line(&mut table, "homepage", spec.homepage.as_deref());
    let mut out = existing.to_string();
    if !out.is_empty() {
        while !out.ends_with("\n\n") {
            out.push('\n');
        }
    }
    out.push_str(&table);
    out
}

/// Checks `text` as the file `shown` of the repository at `root`: refused
/// when it brings an error finding (findings elsewhere are not its
/// doing, and are not counted).
pub(crate) fn validate(
    root: &Path,
    shown: &Path,
    text: &str,
    latest_date: Date,
    before: usize,
) -> Result<Result<(), Refused>, Error> {
    let draft = Draft {
        shown: shown.to_path_buf(),
        text: text.to_string(),
        before,
    };
    validate_all(root, &[&draft], latest_date)
}

/// A file to be written: where (from the root), its text, and how much of
/// it is the file as it was read (outlets.toml, appended to), else 0.
#[derive(Debug)]
pub(crate) struct Draft {
    pub shown: PathBuf,
    pub text: String,
    pub before: usize,
}

impl Draft {
    /// A new file.
    pub(crate) fn new(shown: PathBuf, text: String) -> Draft {
        Draft {
            shown,
            text,
            before: 0,
        }
    }
}

/// Checks every draft at once, as the files of the repository at `root`:
/// refused when any brings an error finding.
pub(crate) fn validate_all(
    root: &Path,
    drafts: &[&Draft],
    latest_date: Date,
) -> Result<Result<(), Refused>, Error> {
    let overlay: Vec<(&Path, &str)> = drafts
        .iter()
        .map(|d| (d.shown.as_path(), d.text.as_str()))
        .collect();
    let loaded = crate::load::load_with(root, &overlay)?;
    let before: HashMap<&Path, usize> = drafts
        .iter()
        .map(|d| (d.shown.as_path(), d.before))
        .collect();
    let cx = crate::validate::Context {
        latest_date,
        outlets_complete: loaded.outlets_complete,
    };
    // Only errors, and only in the new text: for outlets.toml, what lies
    // past the old end of the file.
    let ours = |f: &Finding| {
        f.severity() == Severity::Error
            && before
                .get(f.path.as_path())
                .is_some_and(|&before| f.primary.as_ref().is_none_or(|l| l.span.start >= before))
    };
    let mut findings: Vec<Finding> = loaded.findings.into_iter().filter(ours).collect();
    findings.extend(
        crate::validate::validate(&loaded.set, &cx)
            .into_iter()
            .filter(ours),
    );
    crate::diag::sort(&mut findings);
    if findings.is_empty() {
        Ok(Ok(()))
    } else {
        Ok(Err(Refused {
            findings,
            set: loaded.set,
        }))
    }
}

/// Writes `text` as the file `shown` of the repository at `root`,
/// atomically (see [`crate::files`]). `kept`: `None` for a new file,
/// never written over an existing one; `Some(n)` when the first `n` bytes
/// of `text` are the file as it was read (outlets.toml, appended to),
/// which is written only if it still holds them.
pub(crate) fn save(
    root: &Path,
    shown: &Path,
    text: &str,
    kept: Option<usize>,
) -> Result<(), Error> {
    let path = root.join(shown);
    let written = match kept {
        // Absent when it was read, or empty: it must not have gained
        // anything since, whether it exists now or not.
        Some(0) if !path.exists() => crate::files::write_new(&path, text.as_bytes()),
        Some(n) => crate::files::write_if_unchanged(&path, &text.as_bytes()[..n], text.as_bytes()),
        None => crate::files::write_new(&path, text.as_bytes()),
    };
    written.map_err(|e| e.into_error(shown.to_path_buf()).into())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use jiff::civil::date;
    use proptest::prelude::*;

    use super::{ArticleSpec, ClaimSpec, article_text, claim_text};
    use crate::files::Files;
    use crate::format::format;
    use crate::layout::FileKind;
    use crate::model::{ClaimSet, Credit, Status};

    /// Text with what TOML must escape or may write as a multi-line or
    /// literal string: quotes, backslashes, newlines, tabs, control
    /// characters, trailing spaces and non-ASCII.
    fn text() -> impl Strategy<Value = String> {
        "[a-z '\"\\\n\t\u{1}\u{7f}\u{85}\u{feff}\u{2028}#=\\[é😀]{0,16}"
    }

    fn some_text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(text())
    }

    fn claim_spec() -> impl Strategy<Value = ClaimSpec> {
        (
            (text(), some_text(), some_text(), some_text(), some_text()),
            proptest::collection::vec("https://[a-z]{1,5}\\.example/[a-z\"]{0,5}", 0..3),
            proptest::collection::vec("[a-z-]{1,8}", 0..3),
            (any::<bool>(), any::<bool>()),
        )
            .prop_map(
                |(
                    (claim, quote, to, attribution, note),
                    sources,
                    topics,
                    (supported, confirmed),
                )| ClaimSpec {
                    article: "a".into(),
                    id: "c".into(),
                    claim,
                    quote,
                    attributed_to: to,
                    attribution,
                    sources,
                    status: if supported {
                        Status::Supported
                    } else {
                        Status::Unverified
                    },
                    credit: confirmed.then_some(Credit::Confirmed),
                    note,
                    topics,
                },
            )
    }

    fn empty_set() -> ClaimSet {
        ClaimSet::new(
            PathBuf::new(),
            Files::default(),
            None,
            vec![],
            vec![],
            vec![],
            vec![],
        )
    }

    /// The fast path writes what toml_edit writes, and leaves to it every
    /// string with something to escape.
    #[test]
    fn strings_are_encoded_as_toml_edit_encodes_them() {
        for s in [
            "plain",
            "",
            "\"",
            "\"\"",
            "say \"yes\"",
            "back\\slash",
            "tab\t",
            "é😀",
            "\u{7f}",
        ] {
            let expected = toml_edit::Value::from(s).to_string();
            assert_eq!(super::string(s), expected.trim(), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn claim_files_are_written_as_fmt_writes_them(spec in claim_spec()) {
            let text = claim_text(&spec, &empty_set(), date(2026, 12, 4));
            let formatted = format(&text, FileKind::Claim);
            prop_assert_eq!(formatted.as_deref(), Ok(text.as_str()));
            let table: toml::Table = text.parse().expect("valid TOML");
            prop_assert_eq!(table["claim"].as_str(), Some(spec.claim.as_str()));
            prop_assert_eq!(table.get("quote").and_then(|v| v.as_str()), spec.quote.as_deref());
            prop_assert_eq!(table.get("note").and_then(|v| v.as_str()), spec.note.as_deref());
            let sources = table.get("sources").and_then(|v| v.as_array()).map_or(0, Vec::len);
            prop_assert_eq!(sources, spec.sources.len());
        }

        #[test]
        fn article_files_are_written_as_fmt_writes_them(
            (title, url, byline, section) in (text(), some_text(), some_text(), some_text()),
            dated in any::<bool>(),
        ) {
            let spec = ArticleSpec {
                slug: "a".into(),
                title,
                outlet: "herald".into(),
                url,
                published: dated.then(|| date(2014, 9, 17)),
                byline,
                section,
            };
            let text = article_text(&spec);
            let formatted = format(&text, FileKind::Article);
            prop_assert_eq!(formatted.as_deref(), Ok(text.as_str()));
            let table: toml::Table = text.parse().expect("valid TOML");
            prop_assert_eq!(table["title"].as_str(), Some(spec.title.as_str()));
            prop_assert_eq!(table.get("byline").and_then(|v| v.as_str()), spec.byline.as_deref());
        }
    }
}
