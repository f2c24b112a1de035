//! Between the claims and the probe: which URLs the claim set cites (and
//! where), and what the probe's outcomes mean for each citation.

use std::collections::HashMap;
use std::ops::Range;

use url::Url;

use crate::diag::{Code, Finding, RedirectHop, Severity, UrlFacts};
use crate::files::{FileId, Sp};
use crate::model::{ClaimSet, Link};
use crate::probe::{Failure, Outcome, State};

/// Where a URL is cited: the file and the span of its value.
#[derive(Clone, Debug)]
pub(crate) struct Citation {
    pub file: FileId,
    pub span: Range<usize>,
    /// For a source's or article's `url`: its `archive`, if it has one.
    pub archive: Option<Url>,
}

/// A distinct URL and every place that cites it.
#[derive(Clone, Debug)]
pub(crate) struct Target {
    pub url: Url,
    pub citations: Vec<Citation>,
}

/// Every distinct `url` and `archive` of the articles and sources that the
/// structure check let through (parsed, http or https, no credentials),
/// in the order they first appear.
pub(crate) fn targets<'a>(set: &'a ClaimSet) -> Vec<Target> {
    // Sized for a URL per source and article (archives grow it): grown by
    // doubling, the vector was copied and its pages faulted in again.
    let cited = set.articles.len()
        + set.claims.iter().map(|c| c.sources.len()).sum::<usize>()
        + set
            .partial_claims
            .iter()
            .map(|c| c.sources.len())
            .sum::<usize>();
    let mut out: Vec<Target> = Vec::with_capacity(cited);
    // By the set's own strings: no copy of each URL for the index.
    let mut index: HashMap<&'a str, usize> = HashMap::with_capacity(cited);
    let mut add = |file: FileId, link: &'a Option<Sp<Link>>, archive: &Option<Sp<Link>>| {
        let Some(link) = link else { return };
        let Some(url) = &link.url else { return };
        if !probeable(url) {
            return;
        }
        let citation = Citation {
            file,
            span: link.span.clone(),
            archive: archive.as_ref().and_then(|a| a.url.clone()),
        };
        match index.get(url.as_str()) {
            Some(&i) => out[i].citations.push(citation),
            None => {
                index.insert(url.as_str(), out.len());
                out.push(Target {
                    url: url.clone(),
                    citations: vec![citation],
                });
            }
        }
    };
    for article in &set.articles {
        add(article.file, &article.url, &article.archive);
        add(article.file, &article.archive, &None);
    }
    let sources = set
        .claims
        .iter()
        .flat_map(|c| c.sources.iter().map(move |s| (c.file, s)))
        .chain(
            set.partial_claims
                .iter()
                .flat_map(|c| c.sources.iter().map(move |s| (c.file, s))),
        );
    for (file, source) in sources {
        add(file, &source.url, &source.archive);
        add(file, &source.archive, &None);
    }
    out
}

/// Whether a cited URL is one the probe is asked about: http or https,
/// with no credentials in it.
pub(crate) fn probeable(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
        && url.username().is_empty()
        && url.password().is_none()
}

/// Whether the outcomes look like no network at all rather than dead
/// sites: every probe that sent a request failed to resolve or connect,
/// across more than one host.
pub(crate) fn network_down(outcomes: &[Outcome]) -> bool {
    let tried = || outcomes.iter().filter(|o| o.state != State::Refused);
    // The first answer settles it; the hosts are counted only when none came.
    if !tried().all(|o| matches!(o.failure, Some(Failure::Dns | Failure::Connect))) {
        return false;
    }
    let hosts: std::collections::HashSet<String> = tried()
        .filter_map(|o| Url::parse(&o.url).ok())
        .filter_map(|u| u.host_str().map(str::to_string))
        .collect();
    hosts.len() > 1
}

/// The code of a probe state's findings (none for `ok`).
fn code(state: State) -> Option<Code> {
    Some(match state {
        State::Ok => return None,
        State::Redirected => Code::Redirected,
        State::Dead => Code::Dead,
        State::Blocked => Code::Blocked,
        State::ServerError => Code::ServerError,
        State::Timeout => Code::Timeout,
        State::Unreachable => Code::Unreachable,
        State::Refused => Code::Refused,
    })
}

/// How a transient failure stands, for its message and severity.
#[derive(Clone, Copy, Debug)]
pub(crate) struct History {
    /// Distinct days it failed on since it last answered, this run included.
    pub failure_days: usize,
    /// `--strict`: transient failures are errors at once.
    pub strict: bool,
}

/// Days of failure after which a transient failure is an error.
const FAILURE_DAYS: usize = 3;

/// The findings for one target's outcome: one per citation. A dead URL
/// whose citation has an archive that answers (`archive_answers`) is
/// `dead-archived`, a warning.
pub(crate) fn findings(
    set: &ClaimSet,
    target: &Target,
    outcome: &Outcome,
    history: History,
    archive_answers: &dyn Fn(&Url) -> bool,
) -> Vec<Finding> {
    let Some(code) = code(outcome.state) else {
        return Vec::new();
    };
    let url = target.url.as_str();
    let status = outcome
        .status
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    let (message, label, help) = words(url, &status, outcome, history);
    let severity = if outcome.state.is_transient()
        && (history.strict || history.failure_days >= FAILURE_DAYS)
    {
        Severity::Error
    } else {
        code.severity()
    };
    let note = chain_note(outcome);
    let facts = url_facts(outcome);
    target
        .citations
        .iter()
        .map(|c| {
            let mut f = Finding::at(
                code,
                set.files.path(c.file),
                c.file,
                c.span.clone(),
                message.clone(),
                label.clone(),
            )
            .help(help.clone());
            f.severity = severity;
            f.note = note.clone();
            f.url = Some(facts.clone());
            if let Some(archive) = c.archive.as_ref().filter(|a| code == Code::Dead && archive_answers(a)) {
                f.code = Code::DeadArchived;
                f.severity = Code::DeadArchived.severity();
                f.message = format!("{url} is dead, archived: {}; the citation stands on {archive}", outcome.detail);
                f.help = Some("replace `url` with the page's new address if it has one; the archive keeps the claim checkable".into());
                if let Some(label) = f.primary.as_mut() {
                    label.text = format!("dead{status}, archived");
                }
            }
            f
        })
        .collect()
}

/// A finding's (message, label, help) for a probe outcome; `status` is
/// " (404)" or empty.
fn words(url: &str, status: &str, outcome: &Outcome, history: History) -> (String, String, String) {
    match outcome.state {
        State::Ok => unreachable!("ok has no finding"),
        State::Redirected => {
            let new = outcome.new_url.as_deref().unwrap_or_default();
            (
                format!("{url} has moved permanently to {new}"),
                format!("redirected{status}"),
                format!("update the URL to {new}"),
            )
        }
        State::Dead => (
            format!("{url} is dead: {}", outcome.detail),
            format!("dead{status}"),
            "find where the page moved, or cite a snapshot of it in `archive`, or replace the source".to_string(),
        ),
        State::Blocked => (
            format!("{url} refused an automated request: {}", outcome.detail),
            format!("blocked{status}"),
            "the site blocks bots, so nothing is known: open it in a browser, and update `accessed` if it still supports the claim".to_string(),
        ),
        State::ServerError | State::Timeout | State::Unreachable => {
            let what = match outcome.state {
                State::ServerError => format!("{url} answered {}", outcome.detail),
                State::Timeout => format!("{url} did not answer in time ({})", outcome.detail),
                _ => format!("{url} is unreachable: {}", outcome.detail),
            };
            let days = history.failure_days;
            let help = if history.strict {
                "--strict makes every failure an error; rerun later, or cite a snapshot in `archive`".to_string()
            } else if days >= FAILURE_DAYS {
                format!("it has failed on {days} different days since it last answered: fix or replace the URL, or cite a snapshot in `archive`")
            } else {
                format!(
                    "often passing: it becomes an error once it has failed on {FAILURE_DAYS} different days (so far: {days})"
                )
            };
            (what, format!("{}{status}", outcome.state.as_str()), help)
        }
        State::Refused => (
            format!("{url} was not probed: {}", outcome.detail),
            "refused".to_string(),
            "claim files are untrusted input: URLs into this machine or private networks are never probed (--allow-loopback and --allow-private exist for local testing)".to_string(),
        ),
    }
}

/// The facts of an outcome that machine formats carry.
pub(crate) fn url_facts(outcome: &Outcome) -> UrlFacts {
    UrlFacts {
        url: outcome.url.clone(),
        state: outcome.state.as_str(),
        status: outcome.status,
        detail: outcome.detail.clone(),
        redirects: outcome
            .redirects
            .iter()
            .map(|h| RedirectHop {
                url: h.url.clone(),
                status: h.status,
            })
            .collect(),
        final_url: outcome.final_url.clone(),
        new_url: outcome.new_url.clone(),
        duration_ms: outcome.duration.as_millis() as u64,
    }
}

/// "redirects: a (301) → b (302) → c", when there were any.
fn chain_note(outcome: &Outcome) -> Option<String> {
    if outcome.redirects.is_empty() {
        return None;
    }
    let mut s = String::from("redirects: ");
    for hop in &outcome.redirects {
        s.push_str(&format!("{} ({}) → ", hop.url, hop.status));
    }
    s.push_str(outcome.final_url.as_deref().unwrap_or("?"));
    Some(s)
}
