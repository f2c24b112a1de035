//! The probe started while the claims are still being read. As each claim
//! file is parsed, the URLs of its sources that the run is sure to probe
//! are sent at once: in the changed files and the shard, not excluded, not
//! answered by the result store, and with no excerpt to look for on their
//! page. What the whole claim set says (`pipeline::select` and `plan`)
//! stays the authority: a URL sent early is used only when the plan
//! probes it with no page wanted; one whose page the set turns out to want
//! (another file has an excerpt on it) is probed again, with its page.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use jiff::Timestamp;

use super::ProbeOptions;
use super::pipeline::{OpenedStore, Reading, open_store, reader};
use super::probing::Probing;
use crate::error::Error;
use crate::links;
use crate::model::Source;
use crate::probe;

/// A probe under way, and what was sent to it before the plan was known.
pub(super) struct Early {
    pub(super) probing: Probing,
    pub(super) store: OpenedStore,
    /// The run's clock: the store's results are fresh or not by it, early
    /// and in the plan alike.
    pub(super) now: Timestamp,
    /// The URLs sent early, and their requests' numbers.
    pub(super) sent: Mutex<HashMap<String, usize>>,
    /// The words looked for on each page, by request number: set before
    /// any request that wants a page is sent.
    pub(super) wanted: Wanted,
    /// What was read on each wanted page, by request number.
    pub(super) readings: Arc<Mutex<HashMap<usize, Reading>>>,
}

/// The words to look for on the pages of requests, by their numbers.
pub(super) type Wanted = Arc<OnceLock<HashMap<usize, Vec<String>>>>;

impl Early {
    /// Opens the result store and starts a probe with nothing to do yet.
    pub(super) fn start(p: &ProbeOptions) -> Result<Early, Error> {
        let store = open_store(p.store.as_deref());
        let wanted: Wanted = Arc::default();
        let readings: Arc<Mutex<HashMap<usize, Reading>>> = Arc::default();
        let digest = reader(wanted.clone(), readings.clone(), p.settings.max_body);
        Ok(Early {
            probing: Probing::start(&p.settings, digest)?,
            store,
            now: Timestamp::now(),
            sent: Mutex::default(),
            wanted,
            readings,
        })
    }

    /// Sends the URLs of `sources`, of the claim file `shown`, that the run
    /// is sure to probe with no page wanted and that were not sent yet.
    pub(super) fn read(
        &self,
        p: &ProbeOptions,
        changed: Option<&HashSet<PathBuf>>,
        shown: &Path,
        sources: &[Source],
    ) {
        if changed.is_some_and(|c| !c.contains(shown)) {
            return;
        }
        let store = self.store.store.as_ref();
        let sure = |url: &url::Url| {
            links::probeable(url)
                && p.partition.is_none_or(|s| s.contains(url.as_str()))
                && !p.filter.excludes(url.as_str())
                && store.is_none_or(|s| s.fresh(url.as_str(), p.cache_ttl, self.now).is_none())
        };
        // A source's own URL, unless an excerpt wants its page; its
        // archive's, which no excerpt is looked for on.
        let urls = sources.iter().flat_map(|s| {
            let own = s.url.as_ref().filter(|_| s.excerpt.is_none());
            own.into_iter().chain(&s.archive)
        });
        let urls: Vec<&url::Url> = urls
            .filter_map(|link| link.url.as_ref())
            .filter(|url| sure(url))
            .collect();
        if urls.is_empty() {
            return;
        }
        let mut sent = self.sent.lock().expect("sent lock");
        let mut new = Vec::new();
        for url in urls {
            if !sent.contains_key(url.as_str()) {
                // Numbered below, once pushed.
                sent.insert(url.to_string(), usize::MAX);
                new.push(url);
            }
        }
        let requests = new.iter().map(|&url| probe::Request {
            url: url.clone(),
            page: false,
        });
        // Under the lock, so that no one sees a URL before its number.
        let numbers = self.probing.feed().push(requests.collect());
        for (url, n) in new.into_iter().zip(numbers) {
            *sent.get_mut(url.as_str()).expect("inserted above") = n;
        }
    }
}
