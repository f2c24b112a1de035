//! The review as one JSON document, for a program to do what a reviewer
//! does with the markdown. The shape is documented in docs/commands.md; fields
//! are added in later versions, never renamed. Values are as written in
//! the claim files, not escaped for any medium; the document as a whole is
//! inert in a terminal and a CI log (see [`inert`]).

use serde::Serialize;

use super::diff::{ClaimDiff, FieldChange, LookTwice, SourceChange};
use super::{Review, UrlState};

/// The version of `review --format json`'s document.
const FORMAT_VERSION: u32 = 1;

/// What `claimtrack review --format json` writes: the claims a change
/// added, changed or removed, and the state of their URLs.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(title = "claimtrack review output")]
pub(crate) struct Document<'a> {
    #[serde(flatten)]
    header: crate::report::json::Header,
    base: &'a str,
    /// `null`: the work tree.
    head: Option<&'a str>,
    claims: Vec<ClaimJson<'a>>,
    urls: Vec<UrlJson<'a>>,
    summary: SummaryJson,
}

#[derive(Serialize, schemars::JsonSchema)]
struct ClaimJson<'a> {
    article: &'a str,
    id: &'a str,
    change: &'static str,
    article_title: &'a str,
    claim: &'a str,
    status: &'static str,
    attributed_to: Option<&'a str>,
    /// `null` when the claim credits no outlet.
    credit: Option<&'static str>,
    fields: Vec<FieldJson<'a>>,
    sources_changed: bool,
    sources: Vec<SourceJson<'a>>,
    look_twice: Vec<FlagJson>,
}

/// `before` and `after`: a string, an array of strings (`topics`), or
/// `null` when the field is absent.
#[derive(Serialize, schemars::JsonSchema)]
struct FieldJson<'a> {
    field: &'static str,
    before: Value<'a>,
    after: Value<'a>,
}

#[derive(Serialize, schemars::JsonSchema)]
#[serde(untagged)]
enum Value<'a> {
    Text(Option<&'a str>),
    List(&'a [String]),
}

#[derive(Serialize, schemars::JsonSchema)]
struct SourceJson<'a> {
    change: &'static str,
    /// As written; `null` when the source has none.
    url: Option<&'a str>,
    /// The URL's state (see `UrlJson::state`); `null` for a removed source.
    state: Option<&'static str>,
    archive: Option<&'a str>,
    archive_state: Option<&'static str>,
    /// `credited = true`: the credited outlet's own piece.
    credited: bool,
}

#[derive(Serialize, schemars::JsonSchema)]
struct FlagJson {
    code: &'static str,
    message: String,
}

#[derive(Serialize, schemars::JsonSchema)]
struct UrlJson<'a> {
    url: String,
    /// A probe state (`ok`, `redirected`, `dead`, …) or `not-probed`.
    state: &'static str,
    status: Option<u16>,
    /// What the server or the network said; why a URL was not probed.
    detail: &'a str,
    new_url: Option<&'a str>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct SummaryJson {
    added: usize,
    changed: usize,
    removed: usize,
    look_twice: usize,
    urls: usize,
    /// URLs probed whose state is not `ok`.
    urls_not_ok: usize,
}

pub(super) fn render_json(review: &Review) -> String {
    let diff = &review.diff;
    let urls: Vec<UrlJson> = diff
        .urls()
        .into_iter()
        .map(|url| url_json(review, url))
        .collect();
    let doc = Document {
        header: crate::report::json::Header::new(FORMAT_VERSION),
        base: &review.base,
        head: review.head.as_deref(),
        claims: diff.claims().map(|c| claim_json(review, c)).collect(),
        summary: SummaryJson {
            added: diff.added.len(),
            changed: diff.changed.len(),
            removed: diff.removed.len(),
            look_twice: diff.claims().map(|c| c.look_twice.len()).sum(),
            urls: urls.len(),
            urls_not_ok: urls
                .iter()
                .filter(|u| !matches!(u.state, "ok" | "not-probed"))
                .count(),
        },
        urls,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("a review serializes");
    s.push('\n');
    crate::escape::json_inert(&s)
}

fn claim_json<'a>(review: &Review, c: &'a ClaimDiff) -> ClaimJson<'a> {
    ClaimJson {
        article: &c.article,
        id: &c.id,
        change: c.change.as_str(),
        article_title: &c.article_title,
        claim: &c.claim,
        status: c.status.as_str(),
        attributed_to: c.attributed_to.as_deref(),
        credit: c.credit.map(|v| v.as_str()),
        fields: c.fields.iter().map(field_json).collect(),
        sources_changed: c.sources_changed,
        sources: c.sources.iter().map(|s| source_json(review, s)).collect(),
        look_twice: c.look_twice.iter().map(flag_json).collect(),
    }
}

fn field_json(f: &FieldChange) -> FieldJson<'_> {
    match f {
        FieldChange::Text { key, before, after } => FieldJson {
            field: key,
            before: Value::Text(before.as_deref()),
            after: Value::Text(after.as_deref()),
        },
        FieldChange::Status { before, after } => FieldJson {
            field: "status",
            before: Value::Text(Some(before.as_str())),
            after: Value::Text(Some(after.as_str())),
        },
        FieldChange::Credit { before, after } => FieldJson {
            field: "credit",
            before: Value::Text(Some(before.as_str())),
            after: Value::Text(Some(after.as_str())),
        },
        FieldChange::Topics { before, after } => FieldJson {
            field: "topics",
            before: Value::List(before),
            after: Value::List(after),
        },
    }
}

fn source_json<'a>(review: &Review, s: &'a SourceChange) -> SourceJson<'a> {
    let removed = s.change == super::Change::Removed;
    let state = |url: &str| (!removed).then(|| state_name(review.urls.of(url)));
    SourceJson {
        change: s.change.as_str(),
        url: (!s.url.is_empty()).then_some(s.url.as_str()),
        state: state(&s.url),
        archive: s.archive.as_deref(),
        archive_state: s.archive.as_deref().and_then(state),
        credited: s.credited,
    }
}

fn flag_json(f: &LookTwice) -> FlagJson {
    FlagJson {
        code: f.code(),
        message: f.message(&|s| s.to_string()),
    }
}

fn url_json<'a>(review: &'a Review, url: String) -> UrlJson<'a> {
    let state = review.urls.of(&url);
    let (status, detail, new_url) = match state {
        UrlState::Probed(p) => (p.status, p.detail.as_str(), p.new_url.as_deref()),
        UrlState::Offline => (None, "--offline", None),
        UrlState::NotHttp => (None, "not an http(s) URL", None),
    };
    UrlJson {
        url,
        state: state_name(state),
        status,
        detail,
        new_url,
    }
}

fn state_name(state: UrlState<'_>) -> &'static str {
    match state {
        UrlState::Probed(p) => p.state.as_str(),
        UrlState::Offline | UrlState::NotHttp => "not-probed",
    }
}
