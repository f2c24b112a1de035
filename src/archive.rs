//! `claimtrack archive`: for every source without an `archive`, find the
//! Wayback Machine snapshot closest to its `accessed` date (the
//! availability API), optionally ask Save Page Now for one, and write
//! `archive = "…"` into the claim file, changing nothing else in it.
//!
//! The archive's answers are not trusted blindly: each is read up to
//! [`MAX_ANSWER`] bytes (after decompression), and a snapshot address is
//! written only if it is an `http(s)` address on the archive's own host
//! (the API base's host, or web.archive.org) of the form
//! `/web/<14-digit timestamp>[flags_]/<URL>`, where `<URL>` is the
//! source's URL (scheme, `www.` and a trailing slash may differ). Any other
//! answer is a bad answer: it is reported, and nothing at all is written
//! in that run.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Duration;

use jiff::civil::Date;
use serde::Deserialize;
use url::Url;

use crate::error::{Error, LoadError, ProbeError, WriteError};
use crate::files::NotWritten;
use crate::model::{Claim, ClaimSet};
use crate::query;

pub(crate) struct Options {
    /// Claims to archive (`ID` or `ARTICLE/ID`); none: every claim.
    pub ids: Vec<String>,
    /// Ask Save Page Now for sources that have no snapshot yet.
    pub save: bool,
    /// Show the changes as a diff instead of writing them.
    pub dry_run: bool,
    /// The availability API's base: `{base}/wayback/available`.
    pub wayback_url: Url,
    /// Save Page Now's base: `{base}/save/<url>`.
    pub save_url: Url,
    pub timeout: Duration,
    /// The date used for a source with neither `accessed` nor `published`.
    pub today: Date,
}

pub(crate) const DEFAULT_WAYBACK_URL: &str = "https://archive.org";
pub(crate) const DEFAULT_SAVE_URL: &str = "https://web.archive.org";

/// The most bytes of an answer read, after decompression (an availability
/// answer is a few hundred bytes).
const MAX_ANSWER: usize = 1 << 20;

/// The host the Wayback Machine serves snapshots from, whatever API base
/// was asked.
const SNAPSHOT_HOST: &str = "web.archive.org";

/// What a run did.
#[derive(Default)]
pub(crate) struct ArchiveRun {
    /// Per file: how many `archive` lines were (or, with --dry-run, would
    /// be) added.
    pub written: BTreeMap<PathBuf, usize>,
    /// `--dry-run`: the unified diff of every change.
    pub diff: String,
    /// Sources with no snapshot (and none saved).
    pub without_snapshot: Vec<String>,
    /// Sources the archive could not be asked about, with why.
    pub failed: Vec<(String, String)>,
    /// Files not written because they changed on disk meanwhile.
    pub changed_meanwhile: Vec<PathBuf>,
    /// Snapshots found but not written (nor shown in the diff) because
    /// another answer of the run was bad (see `failed`): a bad answer means
    /// the archive's answers cannot be trusted, so none is written.
    pub withheld: usize,
}

/// Why a source could not be looked up.
enum Failure {
    /// No usable answer (the network, an error status): the other answers
    /// stand.
    Unanswered(String),
    /// No connection to the archive at all (DNS, connect): the run stops,
    /// as every other request would fail the same way. What, and why.
    Unreachable(String, String),
    /// An answer that is not what the archive gives (too big, malformed,
    /// a snapshot address that is not one of the source): nothing of the
    /// run is written.
    Bad(String),
}

const WAYBACK_HELP: &str = "; nothing was written: check that --wayback-url is the Wayback Machine's availability API (https://archive.org), then run again";
const SAVE_HELP: &str = "; nothing was written: check that --save-url is Save Page Now's (https://web.archive.org), then run again";

/// The availability API's answer.
#[derive(Deserialize)]
struct Availability {
    archived_snapshots: Snapshots,
}

#[derive(Deserialize)]
struct Snapshots {
    closest: Option<Closest>,
}

#[derive(Deserialize)]
struct Closest {
    available: bool,
    url: String,
    status: Option<String>,
}

pub(crate) fn run(set: &ClaimSet, opts: &Options) -> Result<ArchiveRun, Error> {
    let claims: Vec<&Claim> = if opts.ids.is_empty() {
        set.claims.iter().collect()
    } else {
        opts.ids
            .iter()
            .map(|id| query::find_claim(set, id))
            .collect::<Result<_, _>>()?
    };
    let client = client(opts)?;
    let mut run = ArchiveRun::default();
    // file → (source index → snapshot)
    let mut edits: BTreeMap<PathBuf, Vec<(usize, String)>> = BTreeMap::new();
    let mut asked: HashMap<(String, String), Option<String>> = HashMap::new();
    let mut bad_answer = false;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ProbeError::Runtime)?;
    for claim in claims {
        for (i, source) in claim.sources.iter().enumerate() {
            if source.archive.is_some() {
                continue;
            }
            let Some(url) = source.url.as_ref().and_then(|u| u.url.as_ref()) else {
                continue;
            };
            if !matches!(url.scheme(), "http" | "https") {
                continue;
            }
            let date = source
                .accessed
                .as_ref()
                .or(source.published.as_ref())
                .map_or(opts.today, |d| d.value);
            let stamp = date.strftime("%Y%m%d").to_string();
            let key = (url.to_string(), stamp.clone());
            let snapshot = match asked.get(&key) {
                Some(s) => s.clone(),
                None => {
                    let found = match runtime.block_on(lookup(&client, opts, url, &stamp)) {
                        Ok(s) => s,
                        Err(Failure::Unanswered(why)) => {
                            run.failed.push((url.to_string(), why));
                            None
                        }
                        Err(Failure::Unreachable(api, why)) => {
                            return Err(ProbeError::ArchiveUnreachable { api, why }.into());
                        }
                        Err(Failure::Bad(why)) => {
                            bad_answer = true;
                            run.failed.push((url.to_string(), why));
                            None
                        }
                    };
                    if found.is_none() && !run.failed.iter().any(|(u, _)| u == url.as_str()) {
                        run.without_snapshot.push(url.to_string());
                    }
                    asked.insert(key, found.clone());
                    found
                }
            };
            if let Some(snapshot) = snapshot {
                let path = set.root.join(set.files.path(claim.file));
                edits.entry(path).or_default().push((i, snapshot));
            }
        }
    }
    if bad_answer {
        run.withheld = edits.values().map(Vec::len).sum();
        return Ok(run);
    }
    for (path, changes) in edits {
        write(&path, set, &changes, opts.dry_run, &mut run)?;
    }
    Ok(run)
}

/// The snapshot to write for `url`: the closest one, or (with `--save`)
/// a new one when there is none.
async fn lookup(
    client: &reqwest::Client,
    opts: &Options,
    url: &Url,
    stamp: &str,
) -> Result<Option<String>, Failure> {
    match closest(client, opts, url, stamp).await? {
        None if opts.save => save(client, opts, url).await,
        found => Ok(found),
    }
}

/// A request to `api` that got no answer: no connection at all stops the
/// run, anything else is this URL's failure.
fn unanswered(e: reqwest::Error, api: &str) -> Failure {
    let mut why = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        why = format!("{why}: {cause}");
        source = cause.source();
    }
    if e.is_connect() {
        Failure::Unreachable(api.to_string(), why)
    } else {
        Failure::Unanswered(format!("{api} did not answer: {why}"))
    }
}

/// The HTTP client for the archive's APIs. Their addresses come from the
/// user (flags, claimtrack.toml), not from claim files, so the address
/// policy of the URL probe does not apply to them.
fn client(opts: &Options) -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .user_agent(crate::probe::user_agent())
        .timeout(opts.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .map_err(|e| ProbeError::Client(e.to_string()).into())
}

/// The closest snapshot's address, if the archive has one that answered
/// 2xx.
async fn closest(
    client: &reqwest::Client,
    opts: &Options,
    url: &Url,
    stamp: &str,
) -> Result<Option<String>, Failure> {
    let mut api = opts
        .wayback_url
        .join("wayback/available")
        .map_err(|e| Failure::Unanswered(format!("bad --wayback-url: {e}")))?;
    api.query_pairs_mut()
        .append_pair("url", url.as_str())
        .append_pair("timestamp", stamp);
    let response = client
        .get(api)
        .send()
        .await
        .map_err(|e| unanswered(e, "the availability API"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(Failure::Unanswered(format!(
            "the availability API answered {status}"
        )));
    }
    let body = read_capped(response, "the availability API", WAYBACK_HELP).await?;
    let answer: Availability = serde_json::from_slice(&body).map_err(|e| {
        Failure::Bad(format!(
            "the availability API's answer is not what it documents: {e}{WAYBACK_HELP}"
        ))
    })?;
    let Some(closest) = answer
        .archived_snapshots
        .closest
        .filter(|c| c.available && c.status.as_deref().is_none_or(|s| s.starts_with('2')))
    else {
        return Ok(None);
    };
    let bad = |why: String| {
        Failure::Bad(format!(
            "the availability API gave {} as the snapshot, which {why}{WAYBACK_HELP}",
            shown(&closest.url)
        ))
    };
    let mut snapshot = Url::parse(&closest.url).map_err(|e| bad(format!("is not a URL ({e})")))?;
    check_snapshot(&snapshot, &opts.wayback_url, url).map_err(bad)?;
    // Snapshot addresses come back as http://web.archive.org/…: store https.
    if snapshot.host_str() == Some(SNAPSHOT_HOST) {
        let _ = snapshot.set_scheme("https");
    }
    Ok(Some(snapshot.to_string()))
}

/// Asks Save Page Now to capture `url`; returns the snapshot's address.
async fn save(
    client: &reqwest::Client,
    opts: &Options,
    url: &Url,
) -> Result<Option<String>, Failure> {
    let endpoint = opts
        .save_url
        .join(&format!("save/{url}"))
        .map_err(|e| Failure::Unanswered(format!("bad save URL: {e}")))?;
    let response = client
        .get(endpoint.clone())
        .send()
        .await
        .map_err(|e| unanswered(e, "Save Page Now"))?;
    let status = response.status();
    if !(status.is_success() || status.is_redirection()) {
        return Err(Failure::Unanswered(format!(
            "Save Page Now answered {status}"
        )));
    }
    let headers = response.headers();
    let location = headers
        .get(reqwest::header::CONTENT_LOCATION)
        .or_else(|| headers.get(reqwest::header::LOCATION))
        .ok_or_else(|| {
            Failure::Unanswered("Save Page Now did not say where the snapshot is".to_string())
        })?;
    let location = String::from_utf8_lossy(location.as_bytes()).into_owned();
    let bad = |why: String| {
        Failure::Bad(format!(
            "Save Page Now gave {} as the snapshot, which {why}{SAVE_HELP}",
            shown(&location)
        ))
    };
    let snapshot = endpoint
        .join(&location)
        .map_err(|e| bad(format!("is not a URL ({e})")))?;
    check_snapshot(&snapshot, &opts.save_url, url).map_err(bad)?;
    // The snapshot lives on web.archive.org whatever host was asked.
    let path = &snapshot[url::Position::BeforePath..];
    Ok(Some(format!("https://{SNAPSHOT_HOST}{path}")))
}

/// Reads an answer's body, failing past [`MAX_ANSWER`] bytes after
/// decompression (counted as they arrive: an endless body or a
/// compression bomb stops there).
async fn read_capped(
    mut response: reqwest::Response,
    api: &str,
    help: &str,
) -> Result<Vec<u8>, Failure> {
    let over = || {
        Failure::Bad(format!(
            "{api}'s answer is over {} MiB (after decompression), which no real answer is{help}",
            MAX_ANSWER >> 20
        ))
    };
    if response
        .content_length()
        .is_some_and(|n| n > MAX_ANSWER as u64)
    {
        return Err(over());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Failure::Unanswered(format!("{api}'s answer was cut: {e}")))?
    {
        if body.len() + chunk.len() > MAX_ANSWER {
            return Err(over());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Whether `snapshot` is an address to write as the archive of `source`:
/// http(s), no credentials, on `base`'s host (and port) or
/// web.archive.org, and `/web/<14 digits>[flags_]/<source URL>`. `Err`
/// says what it is instead ("is not an http(s) address").
fn check_snapshot(snapshot: &Url, base: &Url, source: &Url) -> Result<(), String> {
    if !matches!(snapshot.scheme(), "http" | "https") {
        return Err("is not an http(s) address".into());
    }
    if !snapshot.username().is_empty() || snapshot.password().is_some() {
        return Err("carries a user name or password".into());
    }
    let host = snapshot.host_str().unwrap_or_default();
    let on_base = host == base.host_str().unwrap_or_default() && snapshot.port() == base.port();
    let on_archive = host == SNAPSHOT_HOST && snapshot.port().is_none();
    if !(on_base || on_archive) {
        let base_host = &base[url::Position::BeforeHost..url::Position::AfterPort];
        return Err(format!(
            "is not on the archive's host ({SNAPSHOT_HOST} or {base_host})"
        ));
    }
    let rest = &snapshot[url::Position::BeforePath..url::Position::AfterQuery];
    let target = rest.strip_prefix("/web/").and_then(|r| {
        let (stamp, target) = r.split_once('/')?;
        let digits = stamp.strip_suffix('_').map_or(stamp, |s| {
            s.strip_suffix(|c: char| c.is_ascii_lowercase())
                .and_then(|s| s.strip_suffix(|c: char| c.is_ascii_lowercase()))
                .unwrap_or(stamp)
        });
        let stamp_ok = digits.len() == 14 && digits.bytes().all(|b| b.is_ascii_digit());
        (stamp_ok && !target.is_empty()).then_some(target)
    });
    let Some(target) = target else {
        return Err(
            "is not a snapshot address (/web/<14-digit timestamp>/<the source URL>)".into(),
        );
    };
    if !same_page(target, source) {
        return Err(format!("is a snapshot of another page, not of {source}"));
    }
    Ok(())
}

/// Whether the URL a snapshot holds (its scheme may be missing) names the
/// same page as `url`, as the Wayback Machine normalises addresses (see
/// `validate::same_page`), with an http(s) scheme if it has one.
fn same_page(target: &str, url: &Url) -> bool {
    let scheme_ok = target
        .split_once("://")
        .is_none_or(|(scheme, _)| matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https"));
    scheme_ok && crate::validate::same_page(target, url)
}

/// Text from an answer, fit to print: quoted, control characters escaped,
/// at most 200 characters.
fn shown(text: &str) -> String {
    let cut: String = text.chars().take(200).collect();
    let more = if cut.len() < text.len() { "…" } else { "" };
    format!("\"{}{more}\"", cut.escape_debug())
}

/// Adds `archive = "…"` to the given `[[sources]]` entries of one file,
/// keeping every other byte; atomically, and only if the file has not
/// changed since it was loaded.
fn write(
    path: &std::path::Path,
    set: &ClaimSet,
    changes: &[(usize, String)],
    dry_run: bool,
    run: &mut ArchiveRun,
) -> Result<(), Error> {
    let shown = path.strip_prefix(&set.root).unwrap_or(path).to_path_buf();
    let loaded = set
        .files
        .get_by_path(&shown)
        .map(|f| f.text.as_str())
        .unwrap_or_default();
    let new = with_archives(loaded, changes).map_err(|e| WriteError::Edit {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    if dry_run {
        let on_disk = std::fs::read(path).map_err(|source| LoadError::ReadFile {
            path: shown.clone(),
            source,
        })?;
        if on_disk != loaded.as_bytes() {
            run.changed_meanwhile.push(shown);
            return Ok(());
        }
        let name = shown.display().to_string();
        let diff = similar::TextDiff::from_lines(loaded, &new);
        run.diff
            .push_str(&diff.unified_diff().header(&name, &name).to_string());
    } else {
        match crate::files::write_if_unchanged(path, loaded.as_bytes(), new.as_bytes()) {
            Ok(()) => {}
            Err(NotWritten::Changed) => {
                run.changed_meanwhile.push(shown);
                return Ok(());
            }
            Err(e) => return Err(e.into_error(shown).into()),
        }
    }
    *run.written.entry(shown).or_default() += changes.len();
    Ok(())
}

/// The claim file `text` with `archive = "…"` added to the given
/// `[[sources]]` entries (tables or inline tables), every other byte kept.
fn with_archives(text: &str, changes: &[(usize, String)]) -> Result<String, toml_edit::TomlError> {
    let mut doc: toml_edit::DocumentMut = text.parse()?;
    for (index, snapshot) in changes {
        match doc.get_mut(crate::layout::SOURCES_KEY) {
            Some(toml_edit::Item::ArrayOfTables(tables)) => {
                if let Some(t) = tables.get_mut(*index) {
                    t.insert("archive", toml_edit::value(snapshot.as_str()));
                }
            }
            Some(toml_edit::Item::Value(toml_edit::Value::Array(array))) => {
                if let Some(toml_edit::Value::InlineTable(t)) = array.get_mut(*index) {
                    t.insert("archive", snapshot.as_str().into());
                }
            }
            _ => {}
        }
    }
    Ok(doc.to_string())
}
