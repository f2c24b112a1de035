//! Questions about a claim set: which claims match a filter, and the text
//! and JSON that `list` and `show` print.

use serde::Serialize;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::error::{Error, LookupError};
use crate::escape::{terminal, terminal_line, workflow_lines};
use crate::model::{Claim, ClaimSet, Credit, Outlet, Source, Status};

/// The claims `list` shows: every condition given must hold.
#[derive(Debug, Default)]
pub(crate) struct Filter {
    /// An outlet id: the credited outlet or the outlet of any source.
    pub outlet: Option<String>,
    pub status: Option<Status>,
    /// Claims credited to an outlet with this verdict on the credit.
    pub credit: Option<Credit>,
    /// Matched case-insensitively.
    pub topic: Option<String>,
    pub article: Option<String>,
}

/// The outlet a user means by `query`: its id, its name or one of its
/// aliases (any case), or one of its domains (or a host or URL on one).
pub(crate) fn resolve_outlet<'a>(set: &'a ClaimSet, query: &str) -> Result<&'a Outlet, Error> {
    let q = query.trim();
    if let Some(o) = set.outlet(q) {
        return Ok(o);
    }
    if let Some(o) = set.outlets.iter().find(|o| {
        std::iter::once(&o.name)
            .chain(&o.aliases)
            .any(|n| same_name(n, q))
    }) {
        return Ok(o);
    }
    let host = match url::Url::parse(q) {
        Ok(u) if u.host_str().is_some() => u.host_str().map(str::to_string),
        _ if q.contains('.') && !q.contains(' ') => {
            Some(q.trim_end_matches('/').to_ascii_lowercase())
        }
        _ => None,
    };
    if let Some(o) = host.and_then(|h| set.outlet_for_host(&h)) {
        return Ok(o);
    }
    Err(LookupError::UnknownOutlet {
        query: query.to_string(),
        known: set
            .outlets
            .iter()
            .map(|o| format!("{} ({})", o.id.value, o.name.value))
            .collect(),
    }
    .into())
}

fn same_name(name: &str, query: &str) -> bool {
    name.eq_ignore_ascii_case(query) || name.to_lowercase() == query.to_lowercase()
}

/// Checks that an article filter names an article.
pub(crate) fn resolve_article(set: &ClaimSet, slug: &str) -> Result<(), Error> {
    if set.article(slug).is_some() || set.claims.iter().any(|c| c.article == slug) {
        return Ok(());
    }
    let mut known: Vec<String> = set.articles.iter().map(|a| a.slug.clone()).collect();
    known.extend(set.claims.iter().map(|c| c.article.clone()));
    known.dedup();
    Err(LookupError::UnknownArticle {
        slug: slug.to_string(),
        known,
        create: false,
    }
    .into())
}

pub(crate) fn filter<'a>(set: &'a ClaimSet, f: &Filter) -> Vec<&'a Claim> {
    set.claims
        .iter()
        .filter(|c| f.status.is_none_or(|s| c.status.value == s))
        .filter(|c| f.credit.is_none_or(|v| credit(c) == Some(v)))
        .filter(|c| f.article.as_deref().is_none_or(|a| c.article == a))
        .filter(|c| {
            f.topic
                .as_deref()
                .is_none_or(|t| c.topics.iter().any(|x| x.eq_ignore_ascii_case(t)))
        })
        .filter(|c| {
            f.outlet.as_deref().is_none_or(|o| {
                c.attributed_to.as_ref().is_some_and(|a| a.value == o)
                    || c.sources.iter().any(|s| set.source_outlet(s) == Some(o))
            })
        })
        .collect()
}

/// The verdict on a claim's credit, where there is one to give: on a
/// claim credited to an outlet (`unchecked` when none is written), or
/// as written on one that is not (which `check` reports). `None`: the
/// claim credits no outlet.
pub(crate) fn credit(c: &Claim) -> Option<Credit> {
    (c.attributed_to.is_some() || c.credit.is_some()).then(|| c.credit())
}

/// Finds a claim by `id` or `article/id`.
pub(crate) fn find_claim<'a>(set: &'a ClaimSet, id: &str) -> Result<&'a Claim, Error> {
    let matches: Vec<&Claim> = match id.split_once('/') {
        Some((article, stem)) => set
            .claims
            .iter()
            .filter(|c| c.article == article && c.id == stem)
            .collect(),
        None => set.claims.iter().filter(|c| c.id == id).collect(),
    };
    match matches.as_slice() {
        [one] => Ok(one),
        [] => {
            let ids: Vec<String> = set.claims.iter().map(Claim::full_id).collect();
            let short = set.claims.iter().map(|c| c.id.as_str());
            let suggestion = crate::ids::suggest(id, ids.iter().map(String::as_str).chain(short))
                .map(str::to_string);
            Err(LookupError::ClaimNotFound {
                id: id.to_string(),
                suggestion,
            }
            .into())
        }
        many => Err(LookupError::AmbiguousClaim {
            id: id.to_string(),
            candidates: many.iter().map(|c| c.full_id()).collect(),
        }
        .into()),
    }
}

/// One line per claim: `article/id  status  outlet  credit  claim` (`-`
/// for a claim that credits no outlet), the claim cut to `width` columns
/// when a width is given. Every value is escaped for a
/// terminal and shown on its one line (`escape::terminal_line`), and no
/// line can be read as a CI workflow command.
pub(crate) fn list_text(claims: &[&Claim], width: Option<usize>) -> String {
    let ids: Vec<String> = claims
        .iter()
        .map(|c| terminal_line(&c.full_id()).into_owned())
        .collect();
    let credited = |c: &Claim| {
        terminal_line(c.attributed_to.as_ref().map_or("-", |a| a.as_str())).into_owned()
    };
    let verdict = |c: &Claim| credit(c).map_or("-", Credit::as_str);
    let id_w = ids.iter().map(|s| s.width()).max().unwrap_or(0);
    let out_w = claims
        .iter()
        .map(|c| credited(c).width())
        .max()
        .unwrap_or(0);
    let credit_w = claims.iter().map(|c| verdict(c).len()).max().unwrap_or(0);
    let status_w = Status::NAMES.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (claim, id) in claims.iter().zip(&ids) {
        let prefix = format!(
            "{id:<id_w$}  {:<status_w$}  {:<out_w$}  {:<credit_w$}  ",
            claim.status.as_str(),
            credited(claim),
            verdict(claim)
        );
        let text = terminal_line(claim.claim.as_str());
        let text = match width {
            Some(w) => truncate(&text, w.saturating_sub(prefix.width())),
            None => text.into_owned(),
        };
        let line = format!("{prefix}{text}");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    workflow_lines(&out).into_owned()
}

/// Cuts `s` to at most `width` columns, ending with `…` when cut.
fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// The version of `list --format json`'s document.
const LIST_FORMAT_VERSION: u32 = 1;

/// What `claimtrack list --format json` writes: the claims chosen.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(title = "claimtrack list output")]
pub(crate) struct ListDocument<'a> {
    #[serde(flatten)]
    header: crate::report::json::Header,
    /// The claims, in the order of the listing.
    claims: Vec<ClaimJson<'a>>,
}

/// The JSON shape of a claim, for `list --format json` and `show --format
/// json`. Fields are added, never renamed.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct ClaimJson<'a> {
    pub id: &'a str,
    pub article: &'a str,
    pub file: String,
    pub claim: &'a str,
    pub quote: Option<&'a str>,
    pub attributed_to: Option<&'a str>,
    pub attribution: Option<&'a str>,
    pub status: Status,
    /// `null` when the claim credits no outlet.
    pub credit: Option<Credit>,
    pub note: Option<&'a str>,
    pub topics: Vec<&'a str>,
    pub sources: Vec<SourceJson<'a>>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct SourceJson<'a> {
    pub url: Option<&'a str>,
    /// The outlet id: as written, or inferred from the URL's host.
    pub outlet: Option<&'a str>,
    pub outlet_inferred: bool,
    pub title: Option<&'a str>,
    pub published: Option<String>,
    pub accessed: Option<String>,
    pub archive: Option<&'a str>,
    /// `credited = true`: the credited outlet's own piece.
    pub credited: bool,
}

fn opt(s: &Option<crate::files::Sp<String>>) -> Option<&str> {
    s.as_ref().map(|s| s.as_str())
}

pub(crate) fn claim_json<'a>(set: &'a ClaimSet, c: &'a Claim) -> ClaimJson<'a> {
    ClaimJson {
        id: &c.id,
        article: &c.article,
        file: set.files.path(c.file).display().to_string(),
        claim: &c.claim,
        quote: opt(&c.quote),
        attributed_to: opt(&c.attributed_to),
        attribution: opt(&c.attribution),
        status: c.status.value,
        credit: credit(c),
        note: opt(&c.note),
        topics: c.topics.iter().map(|t| t.as_str()).collect(),
        sources: c.sources.iter().map(|s| source_json(set, s)).collect(),
    }
}

fn source_json<'a>(set: &'a ClaimSet, s: &'a Source) -> SourceJson<'a> {
    SourceJson {
        url: s.url.as_ref().map(|u| u.raw()),
        outlet: set.source_outlet(s),
        outlet_inferred: s.outlet.is_none() && set.source_outlet(s).is_some(),
        title: opt(&s.title),
        published: s.published.as_ref().map(|d| d.to_string()),
        accessed: s.accessed.as_ref().map(|d| d.to_string()),
        archive: s.archive.as_ref().map(|a| a.raw()),
        credited: s.is_credited(),
    }
}

pub(crate) fn list_json(set: &ClaimSet, claims: &[&Claim]) -> String {
    let doc = ListDocument {
        header: crate::report::json::Header::new(LIST_FORMAT_VERSION),
        claims: claims.iter().map(|c| claim_json(set, c)).collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("claims serialize");
    s.push('\n');
    s
}

/// One claim in full, with its article and sources. Every value is
/// escaped for a terminal, and no line can be read as a CI workflow
/// command.
pub(crate) fn show_text(set: &ClaimSet, c: &Claim) -> String {
    let mut out = String::new();
    show_claim(&mut out, set, c);
    out.push('\n');
    show_article(&mut out, set, c);
    out.push('\n');
    show_sources(&mut out, set, c);
    workflow_lines(&out).into_owned()
}

/// One `name: value` line of `show`, the value escaped for a terminal.
fn field(out: &mut String, indent: &str, name: &str, value: &str) {
    let value = terminal(value);
    out.push_str(&format!("{indent}{:<15}{value}\n", format!("{name}:")));
}

/// An outlet as `show` names it: "Name (id)", or the id if unknown.
fn outlet_name(set: &ClaimSet, id: &str) -> String {
    match set.outlet(id) {
        Some(o) => format!("{} ({id})", o.name.value),
        None => id.to_string(),
    }
}

fn show_claim(out: &mut String, set: &ClaimSet, c: &Claim) {
    out.push_str(&format!("{}\n", terminal_line(&c.full_id())));
    let file = set.files.path(c.file).display().to_string();
    field(out, "  ", "file", &file);
    field(out, "  ", "status", c.status.as_str());
    field(out, "  ", "claim", &c.claim);
    if let Some(q) = &c.quote {
        field(out, "  ", "quote", &format!("“{}”", q.value));
    }
    if let Some(to) = &c.attributed_to {
        let mut credited = outlet_name(set, to);
        if let Some(phrase) = &c.attribution {
            credited.push_str(&format!(", as “{}”", phrase.value));
        }
        field(out, "  ", "attributed to", &credited);
    } else if let Some(phrase) = &c.attribution {
        field(out, "  ", "attribution", phrase);
    }
    if let Some(credit) = credit(c) {
        field(out, "  ", "credit", credit.as_str());
    }
    if !c.topics.is_empty() {
        let topics: Vec<&str> = c.topics.iter().map(|t| t.as_str()).collect();
        field(out, "  ", "topics", &topics.join(", "));
    }
    if let Some(note) = &c.note {
        field(out, "  ", "note", note);
    }
}

fn show_article(out: &mut String, set: &ClaimSet, c: &Claim) {
    let Some(a) = set.article(&c.article) else {
        let slug = terminal_line(&c.article);
        out.push_str(&format!("article: {slug} (no article.toml)\n"));
        return;
    };
    out.push_str(&format!("article: {}\n", terminal(&a.title.value)));
    field(out, "  ", "outlet", &outlet_name(set, &a.outlet));
    for (name, value) in [("section", &a.section), ("byline", &a.byline)] {
        if let Some(v) = value {
            field(out, "  ", name, v);
        }
    }
    if let Some(p) = &a.published {
        field(out, "  ", "published", &p.to_string());
    }
    for (name, value) in [("url", &a.url), ("archive", &a.archive)] {
        if let Some(v) = value {
            field(out, "  ", name, v.raw());
        }
    }
}

fn show_sources(out: &mut String, set: &ClaimSet, c: &Claim) {
    if c.sources.is_empty() {
        out.push_str("sources: none\n");
    } else {
        out.push_str(&format!("sources ({}):\n", c.sources.len()));
    }
    for (i, s) in c.sources.iter().enumerate() {
        let url = s.url.as_ref().map_or("(no url)", |u| u.raw());
        out.push_str(&format!("  {}. {}\n", i + 1, terminal_line(url)));
        if let Some(o) = set.source_outlet(s) {
            let how = if s.outlet.is_none() {
                ", from the URL's host"
            } else {
                ""
            };
            let name = format!("{}{how}", outlet_name(set, o));
            field(out, "     ", "outlet", &name);
        }
        if s.is_credited() {
            field(out, "     ", "credited", "yes");
        }
        if let Some(t) = &s.title {
            field(out, "     ", "title", t);
        }
        for (name, value) in [("published", &s.published), ("accessed", &s.accessed)] {
            if let Some(d) = value {
                field(out, "     ", name, &d.to_string());
            }
        }
        if let Some(a) = &s.archive {
            field(out, "     ", "archive", a.raw());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncation_counts_columns() {
        assert_eq!(truncate("abcdef", 6), "abcdef");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("日本語です", 5), "日本…");
        assert_eq!(truncate("abc", 0), "");
    }
}
