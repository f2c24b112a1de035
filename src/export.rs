//! `claimtrack export`: the claim set for other tools. schema.org
//! ClaimReview (JSON-LD) for fact-checking networks and search engines,
//! CSV for spreadsheets, CSL-JSON for citation managers (Zotero).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use crate::error::{Error, WriteError};
use crate::model::{Claim, ClaimSet, Credit, Source, Status};

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Claimreview,
    Csv,
    CslJson,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Claimreview, Format::Csv, Format::CslJson];

    /// Its name, as `export --format` takes it.
    pub fn as_str(self) -> &'static str {
        ["claimreview", "csv", "csl-json"][self as usize]
    }

    /// What it is, in a phrase.
    pub fn description(self) -> &'static str {
        match self {
            Format::Claimreview => "schema.org ClaimReview, JSON-LD: one per claim with a verdict",
            Format::Csv => "One row per (claim, source), RFC 4180",
            Format::CslJson => "The sources as CSL-JSON items",
        }
    }
}

/// Who publishes the reviews (`[publisher]` in claimtrack.toml).
pub struct Publisher {
    pub name: String,
    pub url: String,
}

/// The rating of a status on the documented 1–5 scale, with its words;
/// `None` for statuses that are not a verdict.
fn rating(status: Status) -> Option<(u8, &'static str)> {
    Some(match status {
        Status::Refuted => (1, "False"),
        Status::Disputed => (2, "Disputed"),
        Status::Mixed => (3, "Mixed"),
        Status::Supported => (5, "True"),
        Status::Unverified => return None,
    })
}

fn organization(name: &str, url: Option<&str>) -> Value {
    let mut o = json!({ "@type": "Organization", "name": name });
    if let Some(url) = url {
        o["url"] = url.into();
    }
    o
}

/// One `ClaimReview` per claim with a verdict on its truth (`status`):
/// ClaimReview carries one rating, and the credit is not it.
pub fn claimreview(set: &ClaimSet, publisher: &Publisher) -> String {
    let reviews: Vec<Value> = set
        .claims
        .iter()
        .flat_map(|c| reviews_of(set, c, publisher))
        .collect();
    let mut s = serde_json::to_string_pretty(&reviews).expect("JSON-LD serializes");
    s.push('\n');
    s
}

/// The reviews of one claim: of its truth when `status` is a verdict, and
/// of its credit when that is one. Each names its page on the published
/// site (`report --html` under `[publisher] url`).
pub fn reviews_of(set: &ClaimSet, c: &Claim, publisher: &Publisher) -> Vec<Value> {
    let base = publisher.url.trim_end_matches('/');
    let review = |url: String, claimed: String, (value, words): (u8, &str), item: Value| {
        json!({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": url,
            "claimReviewed": claimed,
            "author": organization(&publisher.name, Some(&publisher.url)),
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": value,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": words,
            },
            "itemReviewed": item,
        })
    };
    let mut reviews = Vec::new();
    let page = format!("{base}/claims/{}/{}.html", c.article, c.id);
    if let Some(rating) = rating(c.status.value) {
        let item = item_reviewed(set, c);
        reviews.push(review(page.clone(), c.claim.value.clone(), rating, item));
    }
    if let Some((claimed, rating)) = credit_review(set, c) {
        let item = credit_item(set, c);
        reviews.push(review(format!("{page}#credit"), claimed, rating, item));
    }
    reviews
}

/// The credit as a review of its own, when it is a verdict (`confirmed`
/// or `misattributed`): the claim as the article credits it ("…,
/// according to Reuters"), rated 5 "Correctly attributed" or 1
/// "Misattributed". Fact-checkers publish "Misattributed" as a rating;
/// here it never replaces the truth rating, it stands beside it.
fn credit_review(set: &ClaimSet, c: &Claim) -> Option<(String, (u8, &'static str))> {
    let to = c.attributed_to.as_ref()?;
    let rating = match c.credit() {
        Credit::Confirmed => (5, "Correctly attributed"),
        Credit::Misattributed => (1, "Misattributed"),
        Credit::Unchecked | Credit::Unlocated => return None,
    };
    let credited = match &c.attribution {
        Some(phrase) => phrase.value.clone(),
        None => {
            let name = set
                .outlet(to)
                .map_or(to.as_str(), |o| o.name.value.as_str());
            format!("credited to {name}")
        }
    };
    let claim = c.claim.value.trim_end().trim_end_matches('.');
    Some((format!("{claim} ({credited})."), rating))
}

/// The `Claim` a credit review is about: that the credited outlet said
/// it, as the article's outlet (its `author`) put it.
fn credit_item(set: &ClaimSet, c: &Claim) -> Value {
    let mut item = item_reviewed(set, c);
    match set.article(&c.article) {
        Some(a) => item["author"] = outlet_organization(set, &a.outlet),
        None => {
            if let Some(item) = item.as_object_mut() {
                item.remove("author");
            }
        }
    }
    item
}

/// An outlet of the set as an `Organization`, by id.
fn outlet_organization(set: &ClaimSet, id: &str) -> Value {
    match set.outlet(id) {
        Some(o) => organization(&o.name, o.homepage.as_ref().map(|h| h.raw())),
        None => organization(id, None),
    }
}

/// The `Claim` reviewed. Its `author` is who is known to have made it:
/// the credited outlet when the credit is `confirmed` (its own piece says
/// it), else the outlet of the article it appeared in, which did print
/// it; never an outlet the credit is unchecked, unlocated or
/// misattributed to.
fn item_reviewed(set: &ClaimSet, c: &Claim) -> Value {
    let article = set.article(&c.article);
    let author = match &c.attributed_to {
        Some(to) if c.credit() == Credit::Confirmed => Some(to.as_str()),
        _ => article.map(|a| a.outlet.as_str()),
    };
    let mut item = json!({ "@type": "Claim" });
    if let Some(id) = author {
        item["author"] = outlet_organization(set, id);
    }
    if let Some(a) = article {
        let mut appearance = json!({
            "@type": "CreativeWork",
            "headline": a.title.value,
            "publisher": outlet_organization(set, &a.outlet),
        });
        if let Some(url) = &a.url {
            appearance["url"] = url.raw().to_string().into();
        }
        if let Some(date) = &a.published {
            appearance["datePublished"] = date.to_string().into();
        }
        item["appearance"] = appearance;
    }
    item
}

/// A cell that a spreadsheet would run as a formula is prefixed with `'`.
fn cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

pub const CSV_HEADER: &[&str] = &[
    "claim_id",
    "article",
    "claim",
    "status",
    "credit",
    "attributed_to",
    "attribution",
    "quote",
    "topics",
    "note",
    "source_url",
    "source_outlet",
    "source_credited",
    "source_title",
    "source_published",
    "source_accessed",
    "source_archive",
];

pub fn csv(set: &ClaimSet) -> Result<String, Error> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        // About a kilobyte a row: the buffer is not copied as it grows.
        .from_writer(Vec::with_capacity(1024 * set.claims.len()));
    let io = |e: ::csv::Error| WriteError::Render {
        what: "CSV",
        message: e.to_string(),
    };
    w.write_record(CSV_HEADER).map_err(io)?;
    fn opt(v: &Option<crate::files::Sp<String>>) -> &str {
        v.as_ref().map_or("", |v| v.value.as_str())
    }
    // Cells borrow from the claim set: a newsroom's export is hundreds of
    // thousands of rows, and each copy is an allocation.
    for c in &set.claims {
        let topics: Vec<&str> = c.topics.iter().map(|t| t.as_str()).collect();
        let (full_id, topics) = (c.full_id(), topics.join("; "));
        let head: [&str; 10] = [
            &full_id,
            &c.article,
            &c.claim.value,
            c.status.as_str(),
            crate::query::credit(c).map_or("", Credit::as_str),
            opt(&c.attributed_to),
            opt(&c.attribution),
            opt(&c.quote),
            &topics,
            opt(&c.note),
        ];
        let rows: Vec<[Cow<str>; 7]> = if c.sources.is_empty() {
            vec![Default::default()]
        } else {
            c.sources.iter().map(|s| source_cells(set, s)).collect()
        };
        for tail in &rows {
            let cells = head.iter().copied().chain(tail.iter().map(|t| t.as_ref()));
            let record: Vec<Cow<str>> = cells.map(cell).collect();
            w.write_record(record.iter().map(|c| c.as_bytes()))
                .map_err(io)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| WriteError::Render {
        what: "CSV",
        message: e.to_string(),
    })?;
    Ok(String::from_utf8(bytes).expect("written from strings"))
}

fn source_cells<'a>(set: &'a ClaimSet, s: &'a Source) -> [Cow<'a, str>; 7] {
    let date = |d: &Option<crate::files::Sp<jiff::civil::Date>>| {
        d.as_ref()
            .map_or(Cow::Borrowed(""), |d| Cow::Owned(d.to_string()))
    };
    [
        Cow::Borrowed(s.url.as_ref().map_or("", |u| u.raw())),
        Cow::Borrowed(set.source_outlet(s).unwrap_or_default()),
        Cow::Borrowed(if s.is_credited() { "true" } else { "false" }),
        Cow::Borrowed(s.title.as_ref().map_or("", |t| t.value.as_str())),
        date(&s.published),
        date(&s.accessed),
        Cow::Borrowed(s.archive.as_ref().map_or("", |a| a.raw())),
    ]
}

/// Outlets that do not publish news: a reference work, a research
/// institute. Their pages are `webpage` items, as are those of no known
/// outlet.
const NOT_NEWS: &[&str] = &["wikipedia.org", "jamestown.org"];

fn date_parts(d: &jiff::civil::Date) -> Value {
    json!({ "date-parts": [[d.year(), d.month(), d.day()]] })
}

/// For each URL marked `credited` in a claim, a `note` saying so.
fn credited_notes(set: &ClaimSet) -> HashMap<&str, String> {
    let mut notes: HashMap<&str, Vec<String>> = HashMap::new();
    for c in &set.claims {
        for s in c.sources.iter().filter(|s| s.is_credited()) {
            if let Some(url) = &s.url {
                let credit = c.credit().as_str();
                let note = format!("claim {} (credit {credit})", c.full_id());
                notes.entry(url.raw()).or_default().push(note);
            }
        }
    }
    notes
        .into_iter()
        .map(|(url, claims)| {
            let note = format!("The credited outlet's own piece for {}", claims.join("; "));
            (url, note)
        })
        .collect()
}

pub fn csl_json(set: &ClaimSet) -> String {
    let notes = credited_notes(set);
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for (claim, source) in set
        .claims
        .iter()
        .flat_map(|c| c.sources.iter().map(move |s| (c, s)))
    {
        let Some(url) = source.url.as_ref() else {
            continue;
        };
        if !seen.insert(url.raw().to_string()) {
            continue;
        }
        let note = notes.get(url.raw()).map(String::as_str);
        items.push(csl_item(set, claim, source, url.raw(), note));
    }
    let mut s = serde_json::to_string_pretty(&items).expect("CSL-JSON serializes");
    s.push('\n');
    s
}

/// The item of `source` at `url`, first cited by `claim`; `credited` is
/// the note of a credited outlet's own piece.
fn csl_item(
    set: &ClaimSet,
    claim: &Claim,
    source: &Source,
    url: &str,
    credited: Option<&str>,
) -> Value {
    let outlet = set.source_outlet(source).and_then(|id| set.outlet(id));
    // News only from an outlet known to publish it.
    let news = outlet.is_some_and(|o| !o.domains.iter().any(|d| NOT_NEWS.contains(&d.as_str())));
    let title = source.title.as_ref().map(|t| t.value.as_str());
    let mut item = json!({
        // Stable: from the first claim citing it and the URL, so an
        // item keeps its id as claims come and go around it.
        "id": format!(
            "{}-{:08x}",
            claim.full_id().replace('/', "-"),
            crate::text::search::hash(url.as_bytes()) as u32
        ),
        "type": if news { "article-newspaper" } else { "webpage" },
        "URL": url,
    });
    if let Some(t) = title {
        item["title"] = t.into();
    }
    // Not for a page titled with its outlet's name: styles would print
    // the name twice.
    let named = |name: &str| title.is_some_and(|t| t.to_lowercase() == name.to_lowercase());
    if let Some(o) = outlet.filter(|o| !named(&o.name.value)) {
        item["container-title"] = o.name.value.clone().into();
    }
    if let Some(d) = &source.published {
        item["issued"] = date_parts(d);
    }
    if let Some(d) = &source.accessed {
        item["accessed"] = date_parts(d);
    }
    // CSL has no variable for an archived copy (`archive_location` is a
    // place in an archive, a box or a folder, and styles print it as
    // one), so its address goes in the note, Zotero's "Extra", which the
    // APA, Harvard and Vancouver styles leave out.
    let mut note: Vec<String> = credited.map(String::from).into_iter().collect();
    if let Some(a) = &source.archive {
        note.push(format!("Archived copy: {}", a.raw()));
    }
    if !note.is_empty() {
        item["note"] = note.join("\n").into();
    }
    item
}
