//! What changed in the claims between two claim sets, computed once, as
//! plain values that both renderings read.

use std::collections::{BTreeMap, BTreeSet};

use crate::files::Sp;
use crate::model::{Claim, ClaimSet, Credit, Source, Status};

/// The claims added, changed and removed, each list in the order of the
/// claims' `article/id`.
pub(super) struct ReviewDiff {
    pub added: Vec<ClaimDiff>,
    pub changed: Vec<ClaimDiff>,
    pub removed: Vec<ClaimDiff>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Change {
    Added,
    Changed,
    Removed,
}

impl Change {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Changed => "changed",
            Change::Removed => "removed",
        }
    }
}

/// A claim added, changed or removed, as it is after the change (before
/// it, for a removed claim).
pub(super) struct ClaimDiff {
    pub change: Change,
    /// The article's slug.
    pub article: String,
    /// The claim's own id (its file stem).
    pub id: String,
    /// The article's title, or its slug when the article is not there.
    pub article_title: String,
    pub claim: String,
    pub status: Status,
    pub attributed_to: Option<String>,
    /// The verdict on the credit; `None` when the claim credits no outlet.
    pub credit: Option<Credit>,
    /// For a changed claim: its fields that changed, in a fixed order.
    pub fields: Vec<FieldChange>,
    /// For a changed claim: its list of sources differs (a source added,
    /// removed, changed or moved).
    pub sources_changed: bool,
    /// The sources added and changed (in the claim's order), then those
    /// removed; for an added or removed claim, every source.
    pub sources: Vec<SourceChange>,
    /// What a reviewer should look at twice (changed claims only).
    pub look_twice: Vec<LookTwice>,
}

impl ClaimDiff {
    /// `article/id`.
    pub(super) fn full_id(&self) -> String {
        format!("{}/{}", self.article, self.id)
    }
}

/// A field of a changed claim, before and after.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum FieldChange {
    /// `claim`, `quote`, `attributed_to`, `attribution` or `note`; `None`:
    /// absent. Or `credited`: the `url` of the source marked as the
    /// credited outlet's own piece (of each, if several are), `None` when
    /// none is.
    Text {
        key: &'static str,
        before: Option<String>,
        after: Option<String>,
    },
    Status {
        before: Status,
        after: Status,
    },
    /// The verdict on the credit (`unchecked` when none is written).
    Credit {
        before: Credit,
        after: Credit,
    },
    Topics {
        before: Vec<String>,
        after: Vec<String>,
    },
}

/// A source added, changed or removed.
pub(super) struct SourceChange {
    pub change: Change,
    /// `url` as written; empty when the source has none.
    pub url: String,
    /// `archive` as written.
    pub archive: Option<String>,
    /// `credited = true`: the credited outlet's own piece.
    pub credited: bool,
    /// Its `url` and `archive` that parsed, normalised: what is probed.
    pub(super) probe: Vec<String>,
}

/// Something a reviewer should look at twice.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum LookTwice {
    /// Now `supported`, without a new or re-accessed source.
    UnbackedUpgrade { from: Status },
    /// Sources (their `url` as written) removed from a claim that is or
    /// was `supported`.
    SupportedSourceRemoved { urls: Vec<String> },
    /// The `quote` was edited after the claim was first added.
    QuoteEdited,
    /// The credit is now `confirmed`, and no source marked `credited`
    /// has an `excerpt` (it was not so before: the credit became
    /// `confirmed`, or its credited source lost its excerpt).
    UnbackedCredit,
}

impl LookTwice {
    /// A stable name for a program to act on.
    pub(super) fn code(&self) -> &'static str {
        match self {
            LookTwice::UnbackedUpgrade { .. } => "unbacked-upgrade",
            LookTwice::SupportedSourceRemoved { .. } => "supported-source-removed",
            LookTwice::QuoteEdited => "quote-edited",
            LookTwice::UnbackedCredit => "unbacked-credit",
        }
    }

    /// In words; `code` shows a status, a key or a URL (a code span in
    /// markdown, as it is in plain text).
    pub(super) fn message(&self, code: &dyn Fn(&str) -> String) -> String {
        match self {
            LookTwice::UnbackedUpgrade { from } => format!(
                "status upgraded from {} to {} without a new or re-accessed source",
                code(from.as_str()),
                code("supported")
            ),
            LookTwice::SupportedSourceRemoved { urls } => format!(
                "a source was removed from a {} claim: {}",
                code("supported"),
                urls.iter().map(|u| code(u)).collect::<Vec<_>>().join(", ")
            ),
            LookTwice::QuoteEdited => format!(
                "the {} was edited after the claim was first added: compare it with the article",
                code("quote")
            ),
            LookTwice::UnbackedCredit => format!(
                "credit {} but no source marked {} has an {}: the words that show the outlet said it",
                code("confirmed"),
                code("credited = true"),
                code("excerpt")
            ),
        }
    }
}

impl ReviewDiff {
    /// The difference from `base` to `head`.
    pub(super) fn between(base: &ClaimSet, head: &ClaimSet) -> ReviewDiff {
        fn by_id(set: &ClaimSet) -> BTreeMap<String, &Claim> {
            set.claims.iter().map(|c| (c.full_id(), c)).collect()
        }
        let (before, after) = (by_id(base), by_id(head));
        let added = after
            .iter()
            .filter(|(id, _)| !before.contains_key(*id))
            .map(|(_, c)| whole(head, c, Change::Added))
            .collect();
        let removed = before
            .iter()
            .filter(|(id, _)| !after.contains_key(*id))
            .map(|(_, c)| whole(base, c, Change::Removed))
            .collect();
        let changed = after
            .iter()
            .filter_map(|(id, a)| changed(head, before.get(id)?, a))
            .collect();
        ReviewDiff {
            added,
            changed,
            removed,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// Added, then changed, then removed.
    pub(super) fn claims(&self) -> impl Iterator<Item = &ClaimDiff> {
        self.added.iter().chain(&self.changed).chain(&self.removed)
    }

    /// The URLs a reviewer has to trust: every added or changed source's
    /// `url` and `archive`, normalised.
    pub(super) fn urls(&self) -> BTreeSet<String> {
        self.claims()
            .flat_map(|c| &c.sources)
            .filter(|s| s.change != Change::Removed)
            .flat_map(|s| s.probe.iter().cloned())
            .collect()
    }
}

/// A claim added or removed, with all its sources.
fn whole(set: &ClaimSet, c: &Claim, change: Change) -> ClaimDiff {
    let sources = c.sources.iter().map(|s| source(s, change)).collect();
    claim_diff(set, c, change, sources)
}

fn claim_diff(set: &ClaimSet, c: &Claim, change: Change, sources: Vec<SourceChange>) -> ClaimDiff {
    ClaimDiff {
        change,
        article: c.article.clone(),
        id: c.id.clone(),
        article_title: set
            .article(&c.article)
            .map_or_else(|| c.article.clone(), |a| a.title.value.clone()),
        claim: c.claim.value.clone(),
        status: c.status.value,
        attributed_to: c.attributed_to.as_ref().map(|v| v.value.clone()),
        credit: crate::query::credit(c),
        fields: Vec::new(),
        sources_changed: false,
        sources,
        look_twice: Vec::new(),
    }
}

/// A claim on both sides, if it differs.
fn changed(head: &ClaimSet, b: &Claim, a: &Claim) -> Option<ClaimDiff> {
    let fields = fields(b, a);
    let sources_changed = b.sources.len() != a.sources.len()
        || b.sources
            .iter()
            .zip(&a.sources)
            .any(|(x, y)| url_of(x) != url_of(y) || source_fields(x) != source_fields(y));
    if fields.is_empty() && !sources_changed {
        return None;
    }
    let mut sources: Vec<SourceChange> = a
        .sources
        .iter()
        .filter_map(
            |s| match b.sources.iter().find(|o| url_of(o) == url_of(s)) {
                None => Some(source(s, Change::Added)),
                Some(o) if source_fields(o) != source_fields(s) => Some(source(s, Change::Changed)),
                Some(_) => None,
            },
        )
        .collect();
    sources.extend(
        b.sources
            .iter()
            .filter(|o| !a.sources.iter().any(|s| url_of(s) == url_of(o)))
            .map(|o| source(o, Change::Removed)),
    );
    Some(ClaimDiff {
        fields,
        sources_changed,
        look_twice: look_twice(b, a),
        ..claim_diff(head, a, Change::Changed, sources)
    })
}

fn source(s: &Source, change: Change) -> SourceChange {
    SourceChange {
        change,
        url: url_of(s).to_string(),
        archive: s.archive.as_ref().map(|a| a.raw().to_string()),
        credited: s.is_credited(),
        probe: [&s.url, &s.archive]
            .into_iter()
            .flatten()
            .filter_map(|l| l.url.as_ref().map(|u| u.to_string()))
            .collect(),
    }
}

fn url_of(s: &Source) -> &str {
    s.url.as_ref().map_or("", |u| u.raw())
}

/// A source's fields other than its URL, for telling a changed one.
fn source_fields(s: &Source) -> [Option<String>; 7] {
    [
        s.is_credited().then(|| "credited".to_string()),
        text(&s.outlet),
        text(&s.title),
        s.published.as_ref().map(|d| d.to_string()),
        s.accessed.as_ref().map(|d| d.to_string()),
        s.archive.as_ref().map(|a| a.raw().to_string()),
        text(&s.excerpt),
    ]
}

fn text(v: &Option<Sp<String>>) -> Option<String> {
    v.as_ref().map(|v| v.value.clone())
}

/// The fields that changed, in the order a reviewer reads them.
fn fields(b: &Claim, a: &Claim) -> Vec<FieldChange> {
    let texts = [
        (
            "claim",
            Some(b.claim.value.clone()),
            Some(a.claim.value.clone()),
        ),
        ("quote", text(&b.quote), text(&a.quote)),
        (
            "attributed_to",
            text(&b.attributed_to),
            text(&a.attributed_to),
        ),
        ("attribution", text(&b.attribution), text(&a.attribution)),
        ("note", text(&b.note), text(&a.note)),
    ];
    let mut out: Vec<FieldChange> = texts
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .map(|(key, before, after)| FieldChange::Text { key, before, after })
        .collect();
    if b.status.value != a.status.value {
        out.push(FieldChange::Status {
            before: b.status.value,
            after: a.status.value,
        });
    }
    if b.credit() != a.credit() {
        out.push(FieldChange::Credit {
            before: b.credit(),
            after: a.credit(),
        });
    }
    let (before, after) = (credited(b), credited(a));
    if before != after {
        let key = "credited";
        out.push(FieldChange::Text { key, before, after });
    }
    let topics = |c: &Claim| c.topics.iter().map(|t| t.value.clone()).collect::<Vec<_>>();
    let (before, after) = (topics(b), topics(a));
    // Compared as a reviewer reads them: joined.
    if before.join(", ") != after.join(", ") {
        out.push(FieldChange::Topics { before, after });
    }
    out
}

/// The `url` of the source marked `credited` (of each, if several are).
fn credited(c: &Claim) -> Option<String> {
    let urls: Vec<&str> = c
        .sources
        .iter()
        .filter(|s| s.is_credited())
        .map(url_of)
        .collect();
    (!urls.is_empty()).then(|| urls.join(", "))
}

/// Whether the credit is `confirmed` with no source marked `credited`
/// that has an `excerpt`.
fn unbacked_credit(c: &Claim) -> bool {
    c.credit() == Credit::Confirmed
        && !c
            .sources
            .iter()
            .any(|s| s.is_credited() && s.excerpt.is_some())
}

/// What a reviewer should look at twice in a changed claim.
fn look_twice(b: &Claim, a: &Claim) -> Vec<LookTwice> {
    let mut flags = Vec::new();
    let before = |s: &Source| b.sources.iter().find(|o| url_of(o) == url_of(s));
    let added_source = a.sources.iter().any(|s| before(s).is_none());
    let reaccessed = a.sources.iter().any(|s| {
        before(s).is_some_and(|o| {
            s.accessed.is_some()
                && o.accessed.as_ref().map(|d| d.value) != s.accessed.as_ref().map(|d| d.value)
        })
    });
    let supported = |c: &Claim| c.status.value == Status::Supported;
    if supported(a) && !supported(b) && !added_source && !reaccessed {
        flags.push(LookTwice::UnbackedUpgrade {
            from: b.status.value,
        });
    }
    let removed: Vec<String> = b
        .sources
        .iter()
        .filter(|o| !a.sources.iter().any(|s| url_of(s) == url_of(o)))
        .map(|o| url_of(o).to_string())
        .collect();
    if !removed.is_empty() && (supported(a) || supported(b)) {
        flags.push(LookTwice::SupportedSourceRemoved { urls: removed });
    }
    if b.quote.is_some() && text(&b.quote) != text(&a.quote) {
        flags.push(LookTwice::QuoteEdited);
    }
    if unbacked_credit(a) && !unbacked_credit(b) {
        flags.push(LookTwice::UnbackedCredit);
    }
    flags
}
