//! From a read article to the files it becomes: the article's outlet and
//! folder, one claim per credited sentence, the outlets to propose.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use url::Url;

use super::credits::{self, Party, Registry};
use super::names::{self, Names};
use super::page::Document;
use super::{Found, Imported, Options};
use crate::create::{ArticleSpec, ClaimSpec, Draft, OutletSpec};
use crate::error::{Error, ImportError, LookupError};
use crate::layout::{article_path, claim_path};
use crate::model::{ClaimSet, Credit, Status};
use crate::text::normalize::fold;

/// What every article of one run shares: the set as loaded, and the
/// names taken by it and by the articles planned before.
pub(super) struct Cx<'a> {
    pub set: &'a ClaimSet,
    pub registry: Registry,
    pub opts: &'a Options,
    slugs: Names,
    outlet_ids: Names,
    /// Outlets proposed so far: folded name → id.
    proposed: HashMap<String, String>,
    /// The outlets to add to outlets.toml, in order.
    pub new_outlets: Vec<OutletSpec>,
}

impl<'a> Cx<'a> {
    pub(super) fn new(set: &'a ClaimSet, opts: &'a Options) -> Cx<'a> {
        let aliases: Vec<Vec<String>> = set
            .outlets
            .iter()
            .map(|o| o.aliases.iter().map(|a| a.value.clone()).collect())
            .collect();
        let registry = Registry::new(set.outlets.iter().zip(&aliases).map(|(o, aliases)| {
            credits::OutletNames {
                id: &o.id.value,
                name: &o.name.value,
                aliases,
            }
        }));
        let mut slugs: Names = set.articles.iter().map(|a| a.slug.clone()).collect();
        slugs.extend(set.claims.iter().map(|c| c.article.clone()));
        Cx {
            set,
            registry,
            opts,
            slugs,
            outlet_ids: set.outlets.iter().map(|o| o.id.value.clone()).collect(),
            proposed: HashMap::new(),
            new_outlets: Vec::new(),
        }
    }

    /// The id of the outlet named `name`, proposing it when new.
    fn propose(&mut self, name: &str, domain: Option<String>) -> String {
        let key = fold(name.strip_prefix("The ").unwrap_or(name));
        if let Some(id) = self.proposed.get(&key) {
            return id.clone();
        }
        let id = self.outlet_ids.unique(&names::outlet_id(name));
        self.proposed.insert(key, id.clone());
        self.new_outlets.push(OutletSpec {
            id: id.clone(),
            name: name.to_string(),
            domains: domain.into_iter().collect(),
            homepage: None,
        });
        id
    }
}

/// The article's own address: `--url`, else its canonical link, else
/// where it was fetched from.
fn article_url(doc: &Document, opts: &Options, fetched: Option<&Url>) -> Option<Url> {
    opts.url
        .clone()
        .or_else(|| doc.canonical.as_deref().and_then(|c| Url::parse(c).ok()))
        .or_else(|| fetched.cloned())
}

/// A host without its `www.`: the domain an outlet is known by.
fn domain(url: &Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() || !host.contains('.') {
        return None;
    }
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// Whether two names are the same outlet's: case, a leading "The" and
/// spacing aside.
fn same_name(a: &str, b: &str) -> bool {
    let bare = |s: &str| {
        let f = fold(s);
        f.strip_prefix("the ").map(str::to_string).unwrap_or(f)
    };
    bare(a) == bare(b)
}

/// The outlet that published the article: `--outlet`, else the one whose
/// domain the URL is on, else the one the site name names, else a new one.
fn article_outlet(
    cx: &mut Cx,
    doc: &Document,
    url: Option<&Url>,
    input: &str,
) -> Result<String, Error> {
    if let Some(id) = &cx.opts.outlet {
        // Every input passes here before any proposes an outlet, so only
        // the registry as loaded can hold it.
        if cx.set.outlet(id).is_none() {
            return Err(unknown_outlet(cx.set, id));
        }
        return Ok(id.clone());
    }
    if let Some(o) = url
        .and_then(|u| u.host_str())
        .and_then(|h| cx.set.outlet_for_host(h))
    {
        return Ok(o.id.value.clone());
    }
    if let Some(site) = doc.site_name.as_deref().filter(|s| !s.trim().is_empty()) {
        let known = cx
            .set
            .outlets
            .iter()
            .find(|o| same_name(&o.name, site) || o.aliases.iter().any(|a| same_name(a, site)));
        if let Some(o) = known {
            return Ok(o.id.value.clone());
        }
        return Ok(cx.propose(site.trim(), url.and_then(domain)));
    }
    if let Some(d) = url.and_then(domain) {
        return Ok(cx.propose(&d.clone(), Some(d)));
    }
    Err(ImportError::NoOutlet {
        input: input.to_string(),
        known: known_outlets(cx.set),
    }
    .into())
}

fn known_outlets(set: &ClaimSet) -> String {
    let ids: Vec<&str> = set.outlets.iter().map(|o| o.id.as_str()).collect();
    if ids.is_empty() {
        "none yet".into()
    } else {
        ids.join(", ")
    }
}

fn unknown_outlet(set: &ClaimSet, id: &str) -> Error {
    LookupError::UnknownOutlet {
        query: id.to_string(),
        known: set
            .outlets
            .iter()
            .map(|o| format!("{} ({})", o.id.value, o.name.value))
            .collect(),
    }
    .into()
}

/// A URL compared for "the same article": no fragment, no trailing slash,
/// `http` and `https` alike.
fn same_url(a: &str, b: &Url) -> bool {
    let key = |u: &str| {
        let u = u.split('#').next().unwrap_or(u).trim_end_matches('/');
        u.strip_prefix("https://")
            .or_else(|| u.strip_prefix("http://"))
            .unwrap_or(u)
            .to_ascii_lowercase()
    };
    key(a) == key(b.as_str())
}

/// The folder the article goes in, and whether it exists already (then
/// only with `--merge`).
fn folder(
    cx: &mut Cx,
    doc: &Document,
    url: Option<&Url>,
    input: &str,
) -> Result<(String, bool), Error> {
    let same = cx.set.articles.iter().find_map(|a| {
        if let (Some(mine), Some(theirs)) = (url, &a.url)
            && same_url(theirs.raw(), mine)
        {
            return Some((a.slug.clone(), "URL"));
        }
        let headline = doc.headline.as_deref()?;
        same_name(&a.title, headline).then(|| (a.slug.clone(), "headline"))
    });
    let named = cx.opts.article.clone();
    let existing = match (&named, same) {
        (Some(slug), _) if cx.slugs.contains(slug) => Some((slug.clone(), "folder name")),
        (Some(_), _) => None,
        (None, same) => same,
    };
    if let Some((slug, why)) = existing {
        if !cx.opts.merge {
            return Err(ImportError::AlreadyImported {
                input: input.to_string(),
                folder: slug,
                why,
            }
            .into());
        }
        return Ok((slug, true));
    }
    let base = named
        .or_else(|| doc.headline.as_deref().and_then(names::slug))
        .or_else(|| doc.paragraphs.first().and_then(|p| names::slug(p)))
        .unwrap_or_else(|| "article".to_string());
    Ok((cx.slugs.unique(&base), false))
}

/// Plans one article: its folder, its article.toml (unless merged into an
/// existing folder) and a claim per sentence that credits someone (with
/// `--all`, also per sentence that states a checkable fact).
pub(super) fn plan(
    cx: &mut Cx,
    doc: &Document,
    fetched: Option<&Url>,
    input: &str,
) -> Result<Imported, Error> {
    let url = article_url(doc, cx.opts, fetched);
    let outlet = article_outlet(cx, doc, url.as_ref(), input)?;
    let (slug, merged) = folder(cx, doc, url.as_ref(), input)?;
    let mut imported = Imported {
        input: input.to_string(),
        folder: slug.clone(),
        merged,
        outlet: outlet.clone(),
        ..Imported::default()
    };
    if !merged {
        let spec = ArticleSpec {
            slug: slug.clone(),
            title: doc.headline.clone().unwrap_or_else(|| slug.clone()),
            outlet: outlet.clone(),
            url: url.as_ref().map(Url::to_string),
            published: doc.published,
            byline: doc.byline.clone(),
            section: doc.section.clone(),
        };
        let text = crate::create::article_text(&spec);
        imported.files.push(Draft::new(article_path(&slug), text));
    }
    let (mut quoted, mut ids) = taken_in_folder(cx.set, &slug);
    let sentences = sentences(doc);
    imported.sentences = sentences.len();
    // Reading a sentence and writing a claim's file depend on no other
    // sentence: both run in parallel. Naming (unique ids, proposed
    // outlets) runs in the article's order.
    let (registry, all) = (&cx.registry, cx.opts.all);
    let recognized: Vec<Recognized> = sentences
        .par_iter()
        .filter_map(|sentence| recognize(sentence, registry, &outlet, all))
        .collect();
    let mut planned = Vec::new();
    for r in recognized {
        if !quoted.insert(fold(r.quote)) {
            imported.already += 1;
            continue;
        }
        let found = resolve(cx, r.quote, r.party, r.attribution);
        let id = ids.unique(&r.base_id);
        planned.push(Found { id, ..found });
    }
    let (set, opts) = (cx.set, cx.opts);
    let files: Vec<Draft> = planned
        .par_iter()
        .map(|found| {
            let spec = claim_spec(&slug, &found.id, &found.quote, found, opts, input);
            Draft::new(
                claim_path(&slug, &found.id),
                crate::create::claim_text(&spec, set, opts.today),
            )
        })
        .collect();
    imported.files.extend(files);
    imported.claims = planned;
    Ok(imported)
}

/// What a folder has already: the quotes of its claims (folded), and
/// the names of its files, loaded whole or not.
fn taken_in_folder(set: &ClaimSet, slug: &str) -> (HashSet<String>, Names) {
    let quoted = set
        .claims_of(slug)
        .iter()
        .filter_map(|c| c.quote.as_ref().map(|q| fold(q)))
        .collect();
    let dir = article_path(slug);
    let ids = set
        .files
        .iter()
        .filter(|f| f.path.parent() == dir.parent())
        .filter_map(|f| f.path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    (quoted, ids)
}

/// The article's sentences, in order; paragraphs are split in parallel.
fn sentences(doc: &Document) -> Vec<&str> {
    let per_paragraph: Vec<Vec<&str>> = doc
        .paragraphs
        .par_iter()
        .map(|p| {
            super::sentences::sentences(p)
                .into_iter()
                .map(|r| &p[r])
                .collect()
        })
        .collect();
    per_paragraph.into_iter().flatten().collect()
}

/// A sentence to import, as read: its best credit (an outlet in the
/// registry before a new one, before someone else; none for a checkable
/// fact under `--all`), and the claim id it suggests.
struct Recognized<'s> {
    quote: &'s str,
    party: Option<Party>,
    attribution: String,
    base_id: String,
}

/// What a sentence is imported as, if anything: credited to a known
/// outlet (not the article's own, `own`), to a new one, to someone else,
/// or (`all`) a checkable fact.
fn recognize<'s>(
    sentence: &'s str,
    registry: &Registry,
    own: &str,
    all: bool,
) -> Option<Recognized<'s>> {
    let rank = |p: &Party| match p {
        Party::Outlet(_) => 0,
        Party::NewOutlet(_) => 1,
        Party::Other(_) => 2,
    };
    let best = credits::credits(sentence, registry)
        .into_iter()
        .filter(|c| c.party != Party::Outlet(own.to_string()))
        .min_by_key(|c| rank(&c.party));
    let Some(best) = best else {
        return (all && credits::checkable(sentence)).then(|| Recognized {
            quote: sentence,
            party: None,
            attribution: String::new(),
            base_id: names::claim_id(sentence, ""),
        });
    };
    let attribution = sentence[best.phrase].to_string();
    Some(Recognized {
        quote: sentence,
        base_id: names::claim_id(sentence, &attribution),
        party: Some(best.party),
        attribution,
    })
}

/// The claim a recognized sentence becomes: its credited party resolved
/// to an outlet id (a new outlet proposed), its id still to be given.
fn resolve(cx: &mut Cx, quote: &str, party: Option<Party>, attribution: String) -> Found {
    let (attributed_to, new_outlet) = match party {
        Some(Party::Outlet(id)) => (Some(id), false),
        Some(Party::NewOutlet(name)) => (Some(cx.propose(&name, None)), true),
        Some(Party::Other(_)) | None => (None, false),
    };
    Found {
        id: String::new(),
        quote: quote.to_string(),
        attributed_to,
        attribution,
        new_outlet,
    }
}

fn claim_spec(
    slug: &str,
    id: &str,
    sentence: &str,
    found: &Found,
    opts: &Options,
    input: &str,
) -> ClaimSpec {
    let credited = found.attributed_to.is_some();
    ClaimSpec {
        article: slug.to_string(),
        id: id.to_string(),
        claim: sentence.to_string(),
        quote: Some(sentence.to_string()),
        attributed_to: found.attributed_to.clone(),
        attribution: (!found.attribution.is_empty()).then(|| found.attribution.clone()),
        sources: Vec::new(),
        status: Status::Unverified,
        credit: credited.then_some(Credit::Unchecked),
        note: Some(format!(
            "Imported from {input} on {}. `claim` is still the article's sentence: restate it in your own words, then add the sources that back it{}.",
            opts.today,
            if credited {
                ", the credited outlet's own piece among them (`credited = true`)"
            } else {
                ""
            }
        )),
        topics: Vec::new(),
    }
}
