//! The result store: what earlier runs learnt about each URL, so that CI
//! reruns do not hammer the same servers (a fresh `ok` is reused) and a
//! transient failure can be told from a lasting one (its history).
//!
//! One JSON file, written atomically (temp file in the same folder, then
//! rename) under an advisory lock, merged with what another run may have
//! written meanwhile. A corrupt or foreign file is reported and rebuilt.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::probe::{Outcome, State};

const FORMAT: &str = "claimtrack-results";
const VERSION: u32 = 1;
/// Failing runs kept per URL.
const MAX_FAILURES: usize = 20;

#[derive(Serialize, Deserialize, Default)]
struct StoreFile {
    format: String,
    version: u32,
    entries: BTreeMap<String, Entry>,
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
    entries: BTreeMap<String, Entry>,
    /// Set when the file existed but could not be used.
    pub warning: Option<String>,
    /// The file at `path` is not a result store at all: it is never
    /// overwritten.
    pub foreign: bool,
}

/// How every store file claimtrack writes begins (serde keeps the field
/// order): a file that is neither this nor JSON with our `format` is
/// someone else's, and is never replaced.
const MAGIC: &[u8] = b"{\"format\":\"claimtrack-results\"";

impl Store {
    /// Opens the store at `path`; a missing file is an empty store, an
    /// unreadable or foreign one an empty store with a warning.
    pub(crate) fn open(path: &Path) -> Store {
        let (entries, warning, foreign) = match read(path) {
            Ok(entries) => (entries, None, false),
            Err(Unusable::Foreign) => (BTreeMap::new(), None, true),
            Err(Unusable::Corrupt(why)) => (
                BTreeMap::new(),
                Some(format!(
                    "result store {} {why}; starting a new one",
                    path.display()
                )),
                false,
            ),
        };
        Store {
            path: path.to_path_buf(),
            entries,
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
    pub(crate) fn record(&mut self, outcome: &Outcome, now: Timestamp) {
        if outcome.state == State::Refused {
            return;
        }
        let previous = self.entries.remove(&outcome.url);
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

    /// Writes the store: under a lock, merged with entries another run
    /// wrote since this one opened it (the newer `checked` wins), to a temp
    /// file in the same folder, then renamed over the old one. A file there
    /// that is not a result store is left as it is, and the save fails.
    pub(crate) fn save(&self) -> std::io::Result<()> {
        update(&self.path, |merged| {
            for (url, entry) in &self.entries {
                let newer = merged
                    .get(url)
                    .is_none_or(|old| old.checked <= entry.checked);
                if newer {
                    merged.insert(url.clone(), entry.clone());
                }
            }
        })
    }

    /// Every entry, by URL in order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.iter().map(|(url, e)| (url.as_str(), e))
    }
}

/// Removes from the store at `path` the entries `drop` selects, under
/// the lock, as the file is then (another run's results included); with
/// `dry_run` nothing is written. Returns the URLs removed, in order.
pub(crate) fn prune(
    path: &Path,
    drop: impl Fn(&str, &Entry) -> bool,
    dry_run: bool,
) -> std::io::Result<Vec<String>> {
    let mut removed = Vec::new();
    let collect = |entries: &mut BTreeMap<String, Entry>, removed: &mut Vec<String>| {
        entries.retain(|url, e| {
            let gone = drop(url, e);
            if gone {
                removed.push(url.clone());
            }
            !gone
        });
    };
    if dry_run || !path.exists() {
        if let Ok(mut entries) = read(path) {
            collect(&mut entries, &mut removed);
        }
        return Ok(removed);
    }
    update(path, |entries| collect(entries, &mut removed))?;
    Ok(removed)
}

/// Merges the stores at `others` (a CI matrix's shards) into the store at
/// `path`, under its lock: each URL keeps the most recently checked
/// entry. Every other file is read first, so a foreign or corrupt one
/// stops the merge before anything is written. Returns how many entries
/// were taken from the others.
pub(crate) fn merge(path: &Path, others: &[PathBuf]) -> std::io::Result<usize> {
    let mut incoming = Vec::new();
    for other in others {
        let entries = match read(other) {
            Ok(entries) if other.exists() => entries,
            Ok(_) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("{} does not exist", other.display()),
                ));
            }
            Err(Unusable::Foreign) => {
                return Err(std::io::Error::other(format!(
                    "{} is not a claimtrack result store",
                    other.display()
                )));
            }
            Err(Unusable::Corrupt(why)) => {
                return Err(std::io::Error::other(format!("{} {why}", other.display())));
            }
        };
        incoming.push(entries);
    }
    let mut taken = 0;
    update(path, |entries| {
        for (url, entry) in incoming.into_iter().flatten() {
            let newer = entries
                .get(&url)
                .is_none_or(|old| old.checked < entry.checked);
            if newer {
                entries.insert(url, entry);
                taken += 1;
            }
        }
    })?;
    Ok(taken)
}

/// Reads the store at `path` under its lock, lets `change` edit its
/// entries, and writes it back atomically. A file there that is not a
/// result store is left as it is, and the update fails.
fn update(path: &Path, change: impl FnOnce(&mut BTreeMap<String, Entry>)) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let lock_path = path.with_extension("lock");
    // A planted symlink would have the lock created where it points.
    if std::fs::symlink_metadata(&lock_path).is_ok_and(|m| !m.is_file()) {
        return Err(std::io::Error::other(format!(
            "{} is not a regular file; the store was not written",
            lock_path.display()
        )));
    }
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)?;
    lock.lock()?;
    let mut entries = match read(path) {
        Ok(entries) => entries,
        Err(Unusable::Corrupt(_)) => BTreeMap::new(),
        Err(Unusable::Foreign) => {
            return Err(std::io::Error::other(format!(
                "{} is not a claimtrack result store; it was not overwritten",
                path.display()
            )));
        }
    };
    change(&mut entries);
    let file = StoreFile {
        format: FORMAT.into(),
        version: VERSION,
        entries,
    };
    let json = serde_json::to_vec(&file).map_err(std::io::Error::other)?;
    crate::files::write_atomic(path, &json)
}

/// Why a store file cannot be used.
enum Unusable {
    /// Not a store file: never to be replaced.
    Foreign,
    /// A store file that cannot be read: rebuilt.
    Corrupt(String),
}

/// The entries of a store file; a missing file is empty. What is at the
/// path is read only if it is a regular file (a folder, a fifo or a device
/// is foreign), and only up to a cap's worth of bytes.
fn read(path: &Path) -> Result<BTreeMap<String, Entry>, Unusable> {
    use std::io::Read;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(Unusable::Corrupt(format!("cannot be read ({e})"))),
    };
    if !meta.is_file() {
        return Err(Unusable::Foreign);
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_STORE_BYTES).read_to_end(&mut bytes))
        .map_err(|e| Unusable::Corrupt(format!("cannot be read ({e})")))?;
    // Ours: JSON whose `format` is ours, in any key order, or what our own
    // writer begins with (a store cut short). Anything else is foreign.
    let file = match serde_json::from_slice::<StoreFile>(&bytes) {
        Ok(file) if file.format == FORMAT => file,
        Ok(_) => return Err(Unusable::Foreign),
        Err(e) if bytes.starts_with(MAGIC) => {
            return Err(Unusable::Corrupt(format!("is corrupt ({e})")));
        }
        Err(_) => return Err(Unusable::Foreign),
    };
    if file.version != VERSION {
        return Err(Unusable::Corrupt(format!(
            "has version {}, not {VERSION}",
            file.version
        )));
    }
    Ok(file.entries)
}

/// The most of a store file that is read: 1 GiB (about four million URLs).
const MAX_STORE_BYTES: u64 = 1 << 30;
