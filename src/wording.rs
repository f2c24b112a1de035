//! Does the page still say what the claim says it says? The places where
//! the claims expect words on a page (a source's `excerpt`, an article's
//! `excerpt`, a claim's `quote` on its article's page), and what a fetched
//! page means for each.

use std::ops::Range;

use jiff::Timestamp;
use url::Url;

use crate::diag::{Code, ExcerptFacts, Finding};
use crate::files::{FileId, Sp};
use crate::model::{ClaimSet, Link};
use crate::probe::{Outcome, State};
use crate::text::{self, search::Match, wall::Interstitial};

/// Words expected on a page, and where they were written.
#[derive(Clone, Debug)]
pub(crate) struct Site {
    pub file: FileId,
    /// The span of the `excerpt` or `quote` value.
    pub span: Range<usize>,
    pub url: Url,
    pub words: String,
    /// `excerpt` or `quote`.
    pub key: &'static str,
}

/// Every site in the claim set whose URL can be probed.
pub(crate) fn sites(set: &ClaimSet) -> Vec<Site> {
    let mut out = Vec::new();
    let mut add =
        |file: FileId, link: &Option<Sp<Link>>, words: &Option<Sp<String>>, key: &'static str| {
            let (Some(link), Some(words)) = (link, words) else {
                return;
            };
            let Some(url) = &link.url else { return };
            if crate::links::probeable(url) {
                out.push(Site {
                    file,
                    span: words.span.clone(),
                    url: url.clone(),
                    words: words.value.clone(),
                    key,
                });
            }
        };
    for article in &set.articles {
        add(article.file, &article.url, &article.excerpt, "excerpt");
    }
    for claim in &set.claims {
        for source in &claim.sources {
            add(claim.file, &source.url, &source.excerpt, "excerpt");
        }
        if let Some(article) = set.article(&claim.article) {
            add(claim.file, &article.url, &claim.quote, "quote");
        }
    }
    out
}

/// What a probe's page offers for looking up words.
pub(crate) enum PageText {
    /// The visible text, normalised, and whether it is only the start of
    /// the page (over the cap, or cut short).
    Text {
        text: text::search::Prepared,
        partial: Option<String>,
    },
    /// Why the words cannot be looked for.
    Unverifiable(String),
    /// The URL itself failed: its own finding says so.
    Failed,
}

/// What the outcome's page offers; takes the page's body (it is not
/// needed afterwards).
pub(crate) fn read_page(outcome: &mut Outcome, max_body: usize) -> PageText {
    match outcome.state {
        State::Ok | State::Redirected => {}
        State::Blocked => {
            return PageText::Unverifiable(format!(
                "the site refused the request ({})",
                outcome.detail
            ));
        }
        _ => return PageText::Failed,
    }
    let Some(page) = outcome.page.take() else {
        return PageText::Unverifiable("the page was not fetched".into());
    };
    let partial = if page.truncated {
        Some(format!(
            "only its first {} were read (the cap; raise it with --max-body)",
            bytes(max_body)
        ))
    } else {
        page.incomplete
            .as_ref()
            .map(|why| format!("reading it failed part way ({why})"))
    };
    match text::prepare(page.body, page.content_type.as_deref()) {
        Ok(text) => PageText::Text { text, partial },
        Err(why) => PageText::Unverifiable(why),
    }
}

fn bytes(n: usize) -> String {
    if n > 0 && n.is_multiple_of(1024 * 1024) {
        format!("{} MiB", n / (1024 * 1024))
    } else {
        format!("{n} bytes")
    }
}

/// What became of words looked for on a page: small enough to keep for
/// every page of a run once the page itself is dropped.
#[derive(Clone, Debug)]
pub(crate) enum Verdict {
    Found,
    /// The page says something else; the closest passage and how alike.
    Missing {
        closest: Option<String>,
        similarity: f64,
    },
    /// The words could not be looked for: why.
    Unverifiable(String),
    /// Not found in the part of the page that was read: why only a part.
    NotInPart(String),
    /// The site answered with a page that stands in for the article.
    Walled(Interstitial),
    /// The URL failed; its own finding says so.
    Failed,
}

/// Looks for `words` on a page.
pub(crate) fn judge(page: &PageText, words: &str) -> Verdict {
    let (text, partial) = match page {
        PageText::Failed => return Verdict::Failed,
        PageText::Unverifiable(why) => return Verdict::Unverifiable(why.clone()),
        PageText::Text { text, partial } => (text, partial),
    };
    let Match::Missing {
        closest,
        similarity,
    } = text::search::find_in(text, words)
    else {
        return Verdict::Found;
    };
    if let Some(wall) = text.wall() {
        return Verdict::Walled(wall.clone());
    }
    match partial {
        // No text in the part that was read says nothing of the rest.
        Some(partial) if text.folded.is_empty() => {
            Verdict::Unverifiable(format!("the page is over the cap: {partial}"))
        }
        None if text.folded.is_empty() => {
            Verdict::Unverifiable("the page has no text without running its scripts".into())
        }
        Some(partial) => Verdict::NotInPart(partial.clone()),
        None => Verdict::Missing {
            closest: closest.map(|c| shorten(&c, 300)),
            similarity,
        },
    }
}

/// The finding for one site, if any, carrying what the probe learnt of
/// the page (`outcome`) and what was found on it. `found_before`: when the
/// result store last saw the words on the page.
pub(crate) fn finding(
    set: &ClaimSet,
    site: &Site,
    verdict: &Verdict,
    outcome: &Outcome,
    found_before: Option<Timestamp>,
) -> Option<Finding> {
    // Found words and failed URLs have no finding here (`unverifiable`
    // gives none for them).
    let mut f = match verdict {
        Verdict::Missing {
            closest,
            similarity,
        } => missing(set, site, closest.as_deref(), *similarity, found_before),
        _ => unverifiable(set, site, verdict)?,
    };
    f.url = Some(crate::links::url_facts(outcome));
    let (closest, similarity) = match verdict {
        Verdict::Missing {
            closest,
            similarity,
        } => (closest.clone(), Some(*similarity)),
        _ => (None, None),
    };
    f.excerpt = Some(ExcerptFacts {
        key: site.key,
        closest,
        similarity,
        found_before: found_before.is_some(),
        interstitial: match verdict {
            Verdict::Walled(wall) => Some(wall.wall.as_str()),
            _ => None,
        },
    });
    Some(f)
}

/// `excerpt-unverifiable`: the words could not be looked for, or only in
/// a part of the page (`None` for a verdict that looked).
fn unverifiable(set: &ClaimSet, site: &Site, verdict: &Verdict) -> Option<Finding> {
    let url = site.url.as_str();
    let key = site.key;
    let (message, help) = match verdict {
        Verdict::NotInPart(partial) => (
            format!("the {key} was not found in what was read of {url}: {partial}"),
            "raise --max-body, or check the page in a browser".to_string(),
        ),
        Verdict::Walled(wall) => (
            format!(
                "the {key} could not be looked for on {url}: {}",
                wall.reason()
            ),
            format!(
                "open the page in a browser (past the {}) and check the {key} there; update `accessed` if it still says this",
                wall.wall.as_str()
            ),
        ),
        Verdict::Unverifiable(why) => (
            format!("the {key} could not be looked for on {url}: {why}"),
            "check the page in a browser and update `accessed` if it still says this".to_string(),
        ),
        Verdict::Found | Verdict::Failed | Verdict::Missing { .. } => return None,
    };
    Some(
        Finding::at(
            Code::ExcerptUnverifiable,
            set.files.path(site.file),
            site.file,
            site.span.clone(),
            message,
            "not verified",
        )
        .help(help),
    )
}

/// `excerpt-missing`: the page says something else. "No longer" only when
/// the result store saw the words there before.
fn missing(
    set: &ClaimSet,
    site: &Site,
    closest: Option<&str>,
    similarity: f64,
    found_before: Option<Timestamp>,
) -> Finding {
    let what = if site.key == "quote" {
        "the article's page"
    } else {
        "the page"
    };
    let (key, url) = (site.key, site.url.as_str());
    let (message, help) = match found_before {
        Some(seen) => (
            format!(
                "{what} no longer contains the {key}: {url} (it did on {})",
                seen.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
            ),
            format!(
                "the page was edited: re-read it and update the {key} (and `accessed`), or cite a snapshot from before the edit in `archive`"
            ),
        ),
        None => (
            format!("{what} does not contain the {key}: {url}"),
            format!(
                "compare the {key} with the page: correct it to the page's words, or if the page was edited, cite a snapshot from before the edit in `archive`"
            ),
        ),
    };
    let mut f = Finding::at(
        Code::ExcerptMissing,
        set.files.path(site.file),
        site.file,
        site.span.clone(),
        message,
        format!("not on {what}"),
    )
    .help(help);
    f.note = Some(match closest {
        Some(passage) => format!(
            "closest passage ({:.0}% alike): \u{201c}{passage}\u{201d}",
            similarity * 100.0
        ),
        None => "no passage of the page shares its words".into(),
    });
    f
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_in_mebibytes_only_when_whole() {
        assert_eq!(super::bytes(1 << 20), "1 MiB");
        assert_eq!(super::bytes(3 << 20), "3 MiB");
        assert_eq!(super::bytes((1 << 20) + 2048), "1050624 bytes");
        assert_eq!(super::bytes(8192), "8192 bytes");
        assert_eq!(super::bytes(0), "0 bytes");
    }
}
