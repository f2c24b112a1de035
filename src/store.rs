//! The result store: what earlier runs learnt about each URL, so that CI
//! reruns do not hammer the same servers (a fresh `ok` is reused) and a
//! transient failure can be told from a lasting one (its history).
//!
//! The store is read whole when a run starts and the run's changes are
//! written when it ends, in one transaction that keeps whichever result
//! for a URL was checked later (another run's included). The file itself
//! (SQLite, its safety and its conversion from the older JSON) is `db`'s.

mod db;
mod legacy;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::probe::{Outcome, State};
use db::{Keep, Unusable};

/// Failing runs kept per URL.
const MAX_FAILURES: usize = 20;

/// Whether a result counts against a URL: not an answer, not a refusal
/// to say (`blocked`), not a request never sent (`refused`).
fn is_failure(state: State) -> bool {
    !matches!(
        state,
        State::Ok | State::Redirected | State::Blocked | State::Refused
    )
}

/// One run's result for one URL, as the store's history keeps it: a row
/// when the state changes, and one for every failure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Event {
    #[serde(skip)]
    pub url: String,
    pub checked: Timestamp,
    pub state: State,
    pub status: Option<u16>,
}

/// An [`Event`] as the history is read, its URL borrowed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EventRef<'a> {
    pub url: &'a str,
    pub checked: Timestamp,
    pub state: State,
    pub status: Option<u16>,
}

impl EventRef<'_> {
    pub(super) fn of(e: &Event) -> EventRef<'_> {
        EventRef {
            url: &e.url,
            checked: e.checked,
            state: e.state,
            status: e.status,
        }
    }

    fn to_event(self) -> Event {
        Event {
            url: self.url.to_string(),
            checked: self.checked,
            state: self.state,
            status: self.status,
        }
    }
}

/// What is known about one URL.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// When it was last probed.
    pub checked: Timestamp,
    pub state: State,
    pub status: Option<u16>,
    pub detail: String,
    pub new_url: Option<String>,
    /// When it last answered (ok or redirected).
    pub last_ok: Option<Timestamp>,
    /// The runs it failed on since it last answered, oldest first.
    pub failures: Vec<Timestamp>,
    /// For a page whose text is checked: a fingerprint of its text…
    #[serde(default)]
    pub text_fingerprint: Option<u64>,
    /// …and when that text was last seen.
    #[serde(default)]
    pub text_seen: Option<Timestamp>,
    /// The excerpts and quotes found on the page (by [`words_key`]), and
    /// when each was last found: a missing one that is here was edited
    /// away.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub found: BTreeMap<String, Timestamp>,
}

/// Words remembered per page, at most: the most recently found are kept.
const MAX_FOUND: usize = 64;

/// The key words are remembered by: a hash of their normalised form, so
/// that the store holds no text of the claims.
pub(crate) fn words_key(words: &str) -> String {
    let folded = crate::text::normalize::fold(words);
    format!("{:016x}", crate::text::search::hash(folded.as_bytes()))
}

pub(crate) struct Store {
    path: PathBuf,
    /// By URL: looked up for every source of every page of a report.
    entries: HashMap<String, Entry>,
    /// URLs whose entry this run changed: what `save` writes.
    changed: BTreeSet<String>,
    /// History rows this run added.
    events: Vec<Event>,
    /// The file is ours but could not be read: `save` rebuilds it.
    unreadable: bool,
    /// Set when the file existed but could not be used, or was converted.
    pub warning: Option<String>,
    /// The file at `path` is not a result store at all, or a file beside
    /// it is not a regular file (the path to blame): the store is never
    /// written.
    pub foreign: Option<PathBuf>,
}

impl Store {
    /// Opens the store at `path`; a missing file is an empty store, an
    /// unreadable or foreign one an empty store with a warning. A JSON
    /// store of an earlier claimtrack is converted in place.
    pub(crate) fn open(path: &Path) -> Store {
        let shown = path.display();
        let read = db::read(path);
        let unreadable = matches!(read, Err(Unusable::Corrupt(_)));
        let (entries, warning, foreign) = match read {
            Ok(c) => {
                let note = c.converted.map(|n| {
                    format!("result store {shown} converted from JSON to SQLite ({n} URLs)")
                });
                (c.entries, note, None)
            }
            Err(Unusable::Foreign(blame)) => (HashMap::new(), None, Some(blame)),
            Err(Unusable::Corrupt(why)) => (
                HashMap::new(),
                Some(format!("result store {shown} {why}; starting a new one")),
                None,
            ),
        };
        Store {
            path: path.to_path_buf(),
            entries,
            changed: BTreeSet::new(),
            events: Vec::new(),
            unreadable,
            warning,
            foreign,
        }
    }

    pub(crate) fn get(&self, url: &str) -> Option<&Entry> {
        self.entries.get(url)
    }

    /// A result that may be reused instead of a request: `ok`, younger than
    /// `ttl`.
    pub(crate) fn fresh(
        &self,
        url: &str,
        ttl: std::time::Duration,
        now: Timestamp,
    ) -> Option<&Entry> {
        let e = self.entries.get(url)?;
        let age = now.duration_since(e.checked);
        (e.state == State::Ok && !age.is_negative() && age.unsigned_abs() < ttl).then_some(e)
    }

    /// Records a probe's outcome. A refusal sent no request and says
    /// nothing about the URL, so it is not recorded.
    /// An empty store that is never saved: a run's results in memory, for
    /// a run without one (`--no-cache`).
    pub(crate) fn unsaved() -> Store {
        Store {
            path: PathBuf::new(),
            entries: HashMap::new(),
            changed: BTreeSet::new(),
            events: Vec::new(),
            unreadable: false,
            warning: None,
            foreign: None,
        }
    }

    pub(crate) fn record(&mut self, outcome: &Outcome, now: Timestamp) {
        if outcome.state == State::Refused {
            return;
        }
        let previous = self.entries.remove(&outcome.url);
        if previous.as_ref().is_none_or(|p| p.state != outcome.state) || is_failure(outcome.state) {
            self.events.push(Event {
                url: outcome.url.clone(),
                checked: now,
                state: outcome.state,
                status: outcome.status,
            });
        }
        self.changed.insert(outcome.url.clone());
        let (mut last_ok, mut failures, text_fingerprint, text_seen, found) = previous
            .map(|p| {
                (
                    p.last_ok,
                    p.failures,
                    p.text_fingerprint,
                    p.text_seen,
                    p.found,
                )
            })
            .unwrap_or_default();
        match outcome.state {
            State::Ok | State::Redirected => {
                last_ok = Some(now);
                failures.clear();
            }
            // The site refused to say: neither an answer nor a failure.
            State::Blocked => {}
            _ => {
                failures.push(now);
                let excess = failures.len().saturating_sub(MAX_FAILURES);
                failures.drain(..excess);
            }
        }
        self.entries.insert(
            outcome.url.clone(),
            Entry {
                checked: now,
                state: outcome.state,
                status: outcome.status,
                detail: outcome.detail.clone(),
                new_url: outcome.new_url.clone(),
                last_ok,
                failures,
                text_fingerprint,
                text_seen,
                found,
            },
        );
    }

    /// Remembers that `words` were found on the page at `url` (after
    /// [`Store::record`]).
    pub(crate) fn words_found(&mut self, url: &str, words: &str, now: Timestamp) {
        let Some(entry) = self.entries.get_mut(url) else {
            return;
        };
        self.changed.insert(url.to_string());
        entry.found.insert(words_key(words), now);
        while entry.found.len() > MAX_FOUND {
            let oldest = entry
                .found
                .iter()
                .min_by_key(|(_, seen)| **seen)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => entry.found.remove(&k),
                None => break,
            };
        }
    }

    /// When `words` were last found on the page at `url`, if ever.
    pub(crate) fn words_seen(&self, url: &str, words: &str) -> Option<Timestamp> {
        self.entries.get(url)?.found.get(&words_key(words)).copied()
    }

    /// Records the fingerprint of a page's text (after [`Store::record`]).
    /// When it differs substantially from the last one, returns when the
    /// old text was last seen.
    pub(crate) fn text_change(
        &mut self,
        url: &str,
        fingerprint: u64,
        now: Timestamp,
    ) -> Option<Timestamp> {
        let entry = self.entries.get_mut(url)?;
        self.changed.insert(url.to_string());
        let changed = entry.text_fingerprint.is_some_and(|old| {
            (old ^ fingerprint).count_ones() > crate::text::fingerprint::CHANGED_BITS
        });
        let last_seen = entry.text_seen;
        entry.text_fingerprint = Some(fingerprint);
        entry.text_seen = Some(now);
        if changed { last_seen } else { None }
    }

    /// On how many distinct days (UTC) the URL failed since it last answered.
    pub(crate) fn failure_days(&self, url: &str) -> usize {
        let Some(e) = self.entries.get(url) else {
            return 0;
        };
        let mut days: Vec<jiff::civil::Date> = e
            .failures
            .iter()
            .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
            .collect();
        days.sort();
        days.dedup();
        days.len()
    }

    /// Writes what this run changed, in one transaction: a URL keeps the
    /// result checked later, this run's or another's written meanwhile.
    /// Nothing is written when nothing changed. A file there that is not
    /// a result store is left as it is, and the save fails.
    pub(crate) fn save(&self) -> std::io::Result<()> {
        if self.changed.is_empty() && self.events.is_empty() {
            return Ok(());
        }
        let changed = self
            .changed
            .iter()
            .filter_map(|url| Some((url.as_str(), self.entries.get(url)?)));
        db::write(
            &self.path,
            changed,
            &self.events,
            Keep::Written,
            self.unreadable,
        )
        .map(drop)
    }

    /// The store's whole history as the file holds it now, oldest first
    /// for each URL.
    pub(crate) fn history(&self) -> std::io::Result<Vec<Event>> {
        let mut events = Vec::new();
        self.each_event(|e| events.push(e.to_event()))?;
        events.sort_by(|a, b| (&a.url, a.checked).cmp(&(&b.url, b.checked)));
        Ok(events)
    }

    /// Calls `f` with each event of the store's history as the file
    /// holds it now, in no particular order, without holding them all (a
    /// store of 100,000 URLs has as many events and more).
    pub(crate) fn each_event(&self, mut f: impl FnMut(EventRef<'_>)) -> std::io::Result<()> {
        if self.path.as_os_str().is_empty() {
            return Ok(());
        }
        db::each_event(&self.path, &mut f).map_err(unusable)
    }

    /// Every entry, by URL in order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        let mut all: Vec<(&str, &Entry)> = self
            .entries
            .iter()
            .map(|(url, e)| (url.as_str(), e))
            .collect();
        all.sort_unstable_by_key(|(url, _)| *url);
        all.into_iter()
    }
}

/// Why the store could not be read, as an I/O error.
fn unusable(e: Unusable) -> std::io::Error {
    match e {
        Unusable::Foreign(blame) => std::io::Error::other(format!(
            "{} is not a claimtrack result store",
            blame.display()
        )),
        Unusable::Corrupt(why) => std::io::Error::other(why),
    }
}

/// Removes from the store at `path` the entries `drop` selects, with
/// their history, as the file is then (another run's results included);
/// with `dry_run` nothing is written. Returns the URLs removed, in order.
pub(crate) fn prune(
    path: &Path,
    drop: impl Fn(&str, &Entry) -> bool,
    dry_run: bool,
) -> std::io::Result<Vec<String>> {
    let entries = match db::read(path) {
        Ok(c) => c.entries,
        Err(Unusable::Corrupt(_)) => HashMap::new(),
        Err(Unusable::Foreign(blame)) => {
            return Err(std::io::Error::other(format!(
                "{} is not a claimtrack result store; it was not changed",
                blame.display()
            )));
        }
    };
    let mut removed: Vec<String> = entries
        .iter()
        .filter(|(url, e)| drop(url, e))
        .map(|(url, _)| url.clone())
        .collect();
    removed.sort_unstable();
    if !dry_run && !removed.is_empty() {
        db::delete(path, &removed)?;
    }
    Ok(removed)
}

/// Merges the stores at `others` (a CI matrix's shards) into the store at
/// `path`, in one transaction: each URL keeps the most recently checked
/// entry, and the histories are joined. Every other file is read first,
/// so a missing, foreign or corrupt one stops the merge before anything is
/// written. Returns how many entries were taken from the others.
pub(crate) fn merge(path: &Path, others: &[PathBuf]) -> std::io::Result<usize> {
    let mut entries = Vec::new();
    let mut events = Vec::new();
    for other in others {
        let shown = other.display();
        match db::read_other(other) {
            Ok((e, h)) => {
                entries.push(e);
                events.extend(h);
            }
            Err(Unusable::Foreign(_)) => {
                return Err(std::io::Error::other(format!(
                    "{shown} is not a claimtrack result store"
                )));
            }
            Err(Unusable::Corrupt(why)) => {
                return Err(std::io::Error::other(format!("{shown} {why}")));
            }
        }
    }
    let all = entries.iter().flatten().map(|(u, e)| (u.as_str(), e));
    db::write(path, all, &events, Keep::Later, false)
}
