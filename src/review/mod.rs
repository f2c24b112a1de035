//! `review`: what changed in the claims between two revisions, for the
//! reviewer of a pull request, as a pipeline of values:
//!
//! diff → probe → render
//!
//! - diff: both revisions loaded, compared once into a [`ReviewDiff`];
//! - probe: the URLs of the added and changed sources (unless offline),
//!   into [`UrlStates`];
//! - render: the [`Review`] as markdown ([`render_markdown`], for people)
//!   or JSON ([`render_json`], for programs), both pure functions.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::check::{Progress, probe_urls};
use crate::error::Error;
use crate::load;
use crate::model::ClaimSet;
use crate::probe::{self, State};

mod diff;
pub(crate) mod json;
mod markdown;

use diff::{Change, ReviewDiff};
use json::render_json;
use markdown::render_markdown;

pub(crate) struct Options {
    pub base: String,
    /// `None`: the work tree.
    pub head: Option<String>,
    /// `None`: do not probe.
    pub probe: Option<probe::Settings>,
}

/// How a review is written out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Format {
    #[default]
    Markdown,
    Json,
}

impl Format {
    pub(crate) const ALL: [Format; 2] = [Format::Markdown, Format::Json];

    /// Its name, as `review --format` takes it.
    pub(crate) fn as_str(self) -> &'static str {
        ["markdown", "json"][self as usize]
    }

    /// Who it is for.
    pub(crate) fn description(self) -> &'static str {
        match self {
            Format::Markdown => "For the reviewer of a pull request",
            Format::Json => "For a program (docs/commands.md documents the shape)",
        }
    }
}

/// Everything a review found, ready to render.
pub(crate) struct Review {
    base: String,
    /// `None`: the work tree.
    head: Option<String>,
    diff: ReviewDiff,
    urls: UrlStates,
}

/// The probe states of the URLs a reviewer has to trust.
struct UrlStates {
    /// Whether probing was asked for (not `--offline`).
    probed: bool,
    /// By normalised URL.
    states: HashMap<String, UrlProbe>,
}

/// What probing one URL found.
#[derive(Clone, Debug)]
struct UrlProbe {
    state: State,
    /// The last HTTP status received.
    status: Option<u16>,
    /// In words: "404 Not Found", "connection refused".
    detail: String,
    /// For `redirected`: the address to put in the file.
    new_url: Option<String>,
}

/// A URL's state in a review.
#[derive(Clone, Copy, Debug)]
enum UrlState<'a> {
    Probed(&'a UrlProbe),
    /// `--offline`.
    Offline,
    /// Probing was asked for, but the URL is not one that can be.
    NotHttp,
}

impl UrlStates {
    /// The state of `url` as written in a claim file.
    fn of(&self, url: &str) -> UrlState<'_> {
        let key = url::Url::parse(url)
            .map(|u| u.to_string())
            .unwrap_or_default();
        match self.states.get(&key) {
            Some(p) => UrlState::Probed(p),
            None if self.probed => UrlState::NotHttp,
            None => UrlState::Offline,
        }
    }
}

/// Compares the revisions, probes what the reviewer has to trust.
pub(crate) fn review(
    root: &Path,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Review, Error> {
    let (base, head) = load_revisions(root, opts)?;
    let diff = ReviewDiff::between(&base, &head);
    let urls = probe(&diff.urls(), opts.probe.as_ref(), progress)?;
    Ok(Review {
        base: opts.base.clone(),
        head: opts.head.clone(),
        diff,
        urls,
    })
}

/// The review in `format`.
pub(crate) fn render(review: &Review, format: Format) -> String {
    match format {
        Format::Markdown => render_markdown(review),
        Format::Json => render_json(review),
    }
}

/// The claim sets at the base and the head.
fn load_revisions(root: &Path, opts: &Options) -> Result<(ClaimSet, ClaimSet), Error> {
    // Both revisions are resolved before anything is written.
    crate::git::resolve(root, &opts.base)?;
    if let Some(head) = &opts.head {
        crate::git::resolve(root, head)?;
    }
    let at = |rev: &str| -> Result<ClaimSet, Error> {
        let dir = tempdir()?;
        crate::git::write_tree(root, rev, dir.path())?;
        Ok(load::load(dir.path())?.set)
    };
    let base = at(&opts.base)?;
    let head = match &opts.head {
        Some(rev) => at(rev)?,
        None => load::load(root)?.set,
    };
    Ok((base, head))
}

fn tempdir() -> Result<tempfile::TempDir, Error> {
    tempfile::tempdir().map_err(|source| {
        crate::error::WriteError::TempDir {
            path: std::env::temp_dir(),
            source,
        }
        .into()
    })
}

/// Probes `urls` (HEAD only, no page), unless `settings` is `None`.
fn probe(
    urls: &BTreeSet<String>,
    settings: Option<&probe::Settings>,
    progress: &dyn Progress,
) -> Result<UrlStates, Error> {
    let Some(settings) = settings else {
        return Ok(UrlStates {
            probed: false,
            states: HashMap::new(),
        });
    };
    let requests: Vec<probe::Request> = urls
        .iter()
        .filter_map(|u| url::Url::parse(u).ok())
        .map(|url| probe::Request { url, page: false })
        .collect();
    let outcomes = probe_urls(
        requests,
        settings,
        std::sync::Arc::new(|_: &mut probe::Outcome| {}),
        progress,
    )?;
    let states = outcomes
        .into_iter()
        .map(|o| {
            let probe = UrlProbe {
                state: o.state,
                status: o.status,
                detail: o.detail,
                new_url: o.new_url,
            };
            (o.url, probe)
        })
        .collect();
    Ok(UrlStates {
        probed: true,
        states,
    })
}
