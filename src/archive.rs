//! `claimtrack archive`: for every source without an `archive`, find the
//! Wayback Machine snapshot closest to its `accessed` date (the
//! availability API), optionally ask Save Page Now for one, and write
//! `archive = "…"` into the claim file, changing nothing else in it.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Duration;

use jiff::civil::Date;
use serde::Deserialize;
use url::Url;

use crate::error::Error;
use crate::model::{Claim, ClaimSet};
use crate::query;

pub struct Options {
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

pub const DEFAULT_WAYBACK_URL: &str = "https://archive.org";
pub const DEFAULT_SAVE_URL: &str = "https://web.archive.org";

/// What a run did.
#[derive(Default)]
pub struct ArchiveRun {
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
}

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

pub fn run(set: &ClaimSet, opts: &Options) -> Result<ArchiveRun, Error> {
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
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Client(e.to_string()))?;
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
                    let found = runtime.block_on(closest(&client, opts, url, &stamp));
                    let found = match found {
                        Ok(None) if opts.save => runtime.block_on(save(&client, opts, url)),
                        other => other,
                    };
                    let found = match found {
                        Ok(s) => s,
                        Err(why) => {
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
    for (path, changes) in edits {
        write(&path, set, &changes, opts.dry_run, &mut run)?;
    }
    Ok(run)
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
        .map_err(|e| Error::Client(e.to_string()))
}

/// The closest snapshot's address, if the archive has one that answered
/// 2xx.
async fn closest(
    client: &reqwest::Client,
    opts: &Options,
    url: &Url,
    stamp: &str,
) -> Result<Option<String>, String> {
    let mut api = opts
        .wayback_url
        .join("wayback/available")
        .map_err(|e| format!("bad --wayback-url: {e}"))?;
    api.query_pairs_mut()
        .append_pair("url", url.as_str())
        .append_pair("timestamp", stamp);
    let response = client
        .get(api)
        .send()
        .await
        .map_err(|e| format!("the availability API did not answer: {e}"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("the availability API answered {status}"));
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("the availability API's answer was cut: {e}"))?;
    let answer: Availability = serde_json::from_slice(&body)
        .map_err(|e| format!("the availability API's answer is not what it documents: {e}"))?;
    Ok(answer
        .archived_snapshots
        .closest
        .filter(|c| c.available && c.status.as_deref().is_none_or(|s| s.starts_with('2')))
        .map(|c| https(&c.url)))
}

/// Asks Save Page Now to capture `url`; returns the snapshot's address.
async fn save(
    client: &reqwest::Client,
    opts: &Options,
    url: &Url,
) -> Result<Option<String>, String> {
    let endpoint = opts
        .save_url
        .join(&format!("save/{url}"))
        .map_err(|e| format!("bad save URL: {e}"))?;
    let response = client
        .get(endpoint.clone())
        .send()
        .await
        .map_err(|e| format!("Save Page Now did not answer: {e}"))?;
    let status = response.status();
    if !(status.is_success() || status.is_redirection()) {
        return Err(format!("Save Page Now answered {status}"));
    }
    let headers = response.headers();
    let location = headers
        .get(reqwest::header::CONTENT_LOCATION)
        .or_else(|| headers.get(reqwest::header::LOCATION))
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| "Save Page Now did not say where the snapshot is".to_string())?;
    let snapshot = endpoint
        .join(location)
        .map_err(|e| format!("Save Page Now gave a bad address: {e}"))?;
    // The snapshot lives on web.archive.org whatever host was asked.
    let path = &snapshot[url::Position::BeforePath..];
    Ok(Some(format!("https://web.archive.org{path}")))
}

/// Snapshot addresses come back as http://web.archive.org/…: store https.
fn https(snapshot: &str) -> String {
    match snapshot.strip_prefix("http://web.archive.org/") {
        Some(rest) => format!("https://web.archive.org/{rest}"),
        None => snapshot.to_string(),
    }
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
        .map(|f| f.text.clone())
        .unwrap_or_default();
    let on_disk = std::fs::read_to_string(path).map_err(|source| Error::ReadFile {
        path: shown.clone(),
        source,
    })?;
    if on_disk != loaded {
        run.changed_meanwhile.push(shown);
        return Ok(());
    }
    let mut doc: toml_edit::DocumentMut = on_disk.parse().map_err(|e| Error::Config {
        path: shown.clone(),
        message: format!("cannot be edited: {e}"),
    })?;
    for (index, snapshot) in changes {
        match doc.get_mut("sources") {
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
    let new = doc.to_string();
    *run.written.entry(shown.clone()).or_default() += changes.len();
    if dry_run {
        let name = shown.display().to_string();
        let diff = similar::TextDiff::from_lines(&on_disk, &new);
        run.diff
            .push_str(&diff.unified_diff().header(&name, &name).to_string());
        return Ok(());
    }
    // Read once more just before the rename: an editor may have saved.
    if std::fs::read_to_string(path).ok().as_deref() != Some(on_disk.as_str()) {
        run.written.remove(&shown);
        run.changed_meanwhile.push(shown);
        return Ok(());
    }
    crate::files::write_atomic(path, new.as_bytes()).map_err(|source| Error::WriteOutput {
        path: shown,
        source,
    })
}
