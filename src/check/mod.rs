//! One `check` run, as library code: load and validate the claims, then
//! (unless offline) probe their URLs, reusing and updating the result
//! store, and gather everything a report needs. The command line only
//! resolves the options and prints.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::diag::{self, Code, Finding, Severity};
use crate::error::Error;
use crate::excerpts;
use crate::links::{self, Target};
use crate::load::{self, Loaded};
use crate::model::ClaimSet;
use crate::probe::{self, State};
use crate::report::{RunSettings, Summary, UrlCounts};
use crate::store::Store;
use crate::validate::{self, Context};

/// Everything a check run needs to know, resolved from flags, the config
/// file and defaults.
#[derive(Clone, Debug)]
pub struct Options {
    /// The latest date that is not "in the future" (today plus a day).
    pub latest_date: Date,
    /// `None`: structure only (`--offline`).
    pub probe: Option<ProbeOptions>,
}

#[derive(Clone, Debug)]
pub struct ProbeOptions {
    pub settings: probe::Settings,
    pub strict: bool,
    /// The result store; `None` with `--no-cache`.
    pub store: Option<PathBuf>,
    pub cache_ttl: Duration,
    /// Probe only the URLs of claim files changed since this revision.
    pub changed_since: Option<String>,
    pub partition: Option<Partition>,
}

/// Shard `k` (1-based) of `n`: `--partition K/N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Partition {
    pub k: u32,
    pub n: u32,
}

impl Partition {
    /// Parses `K/N` with 1 ≤ K ≤ N.
    pub fn parse(s: &str) -> Result<Partition, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}` is not K/N, such as 1/3"))?;
        let (k, n): (u32, u32) = match (k.trim().parse(), n.trim().parse()) {
            (Ok(k), Ok(n)) => (k, n),
            _ => return Err(format!("`{s}` is not K/N with whole numbers, such as 1/3")),
        };
        if n == 0 || k == 0 || k > n {
            return Err(format!(
                "`{s}`: K must be between 1 and N (shards are numbered 1 to {n})"
            ));
        }
        Ok(Partition { k, n })
    }

    /// Whether `url` falls in this shard. The hash (64-bit FNV-1a of the
    /// URL) is stable across runs, machines and versions.
    pub fn contains(&self, url: &str) -> bool {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in url.bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash % u64::from(self.n) == u64::from(self.k - 1)
    }
}

impl std::fmt::Display for Partition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// Follows the probe's progress (a progress bar in a terminal).
pub trait Progress: Sync {
    fn start(&self, urls: usize);
    fn done(&self, url: &str);
    fn finish(&self);
}

/// What a run found.
pub struct CheckRun {
    pub loaded: Loaded,
    /// Sorted for display.
    pub findings: Vec<Finding>,
    pub summary: Summary,
    pub settings: RunSettings,
    /// What kept the run from being complete; any makes the exit code 2.
    pub failures: Vec<Error>,
    /// Said once on standard error (a rebuilt result store…).
    pub warnings: Vec<String>,
}

/// Loads claims/ and runs every structural rule.
pub fn analyze(root: &Path, latest_date: Date) -> Result<(Loaded, Vec<Finding>), Error> {
    let loaded = load::load(root)?;
    let cx = Context {
        latest_date,
        outlets_complete: loaded.outlets_complete,
    };
    let mut findings = loaded.findings.clone();
    findings.extend(validate::validate(&loaded.set, &cx));
    diag::sort(&mut findings);
    Ok((loaded, findings))
}

pub fn run(root: &Path, opts: &Options, progress: &dyn Progress) -> Result<CheckRun, Error> {
    let started = Instant::now();
    // Git problems are found before any work is done.
    let changed = match opts.probe.as_ref().and_then(|p| p.changed_since.as_deref()) {
        Some(rev) => Some(crate::git::changed_since(root, rev)?),
        None => None,
    };
    let (loaded, mut findings) = analyze(root, opts.latest_date)?;
    let mut run = CheckRun {
        settings: settings(opts),
        summary: Summary::default(),
        findings: Vec::new(),
        failures: Vec::new(),
        warnings: Vec::new(),
        loaded,
    };
    if let Some(p) = &opts.probe {
        // Structure findings are the same in every shard: shard 1 says them.
        if p.partition.is_some_and(|s| s.k != 1) {
            findings.clear();
        }
        let (url_findings, counts) = probe_set(
            &run.loaded.set,
            p,
            changed.as_ref(),
            progress,
            &mut run.failures,
            &mut run.warnings,
        )?;
        findings.extend(url_findings);
        diag::sort(&mut findings);
        run.summary.urls = Some(counts);
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .count();
    let set = &run.loaded.set;
    run.summary = Summary {
        files: set.files.len(),
        unreadable: run.loaded.failures.len(),
        claims: set.claims.len(),
        articles: set.articles.len(),
        outlets: set.outlets.len(),
        errors,
        warnings: findings.len() - errors,
        urls: run.summary.urls.take(),
        duration_ms: started.elapsed().as_millis() as u64,
    };
    run.findings = findings;
    Ok(run)
}

fn settings(opts: &Options) -> RunSettings {
    let Some(p) = &opts.probe else {
        return RunSettings {
            offline: true,
            ..RunSettings::default()
        };
    };
    let s = &p.settings;
    RunSettings {
        offline: false,
        concurrency: s.concurrency,
        per_host: s.per_host,
        timeout_secs: s.timeout.as_secs_f64(),
        retries: s.retries,
        max_retry_wait_secs: s.max_retry_wait.as_secs_f64(),
        strict: p.strict,
        cache: p.store.as_ref().map(|p| p.display().to_string()),
        cache_ttl_secs: p.cache_ttl.as_secs(),
        allow_loopback: s.policy.allow_loopback,
        allow_private: s.policy.allow_private,
        changed_since: p.changed_since.clone(),
        partition: p.partition.map(|s| s.to_string()),
    }
}

/// The URLs this run asks about: every target, narrowed to the citations
/// in changed files and to the shard.
fn select(
    targets: Vec<Target>,
    changed: Option<&HashSet<PathBuf>>,
    set: &ClaimSet,
    partition: Option<Partition>,
) -> Vec<Target> {
    targets
        .into_iter()
        .filter_map(|mut t| {
            if let Some(changed) = changed {
                t.citations
                    .retain(|c| changed.contains(set.files.path(c.file)));
                if t.citations.is_empty() {
                    return None;
                }
            }
            partition
                .is_none_or(|s| s.contains(t.url.as_str()))
                .then_some(t)
        })
        .collect()
}

fn probe_set(
    set: &ClaimSet,
    p: &ProbeOptions,
    changed: Option<&HashSet<PathBuf>>,
    progress: &dyn Progress,
    failures: &mut Vec<Error>,
    warnings: &mut Vec<String>,
) -> Result<(Vec<Finding>, UrlCounts), Error> {
    let all = links::targets(set);
    let total = all.len();
    let targets = select(all, changed, set, p.partition);
    // Words to look for, on the pages of this run's targets.
    let selected: HashSet<&str> = targets.iter().map(|t| t.url.as_str()).collect();
    let sites: Vec<excerpts::Site> = excerpts::sites(set)
        .into_iter()
        .filter(|s| selected.contains(s.url.as_str()))
        .filter(|s| changed.is_none_or(|c| c.contains(set.files.path(s.file))))
        .collect();
    let pages: HashSet<String> = sites.iter().map(|s| s.url.to_string()).collect();

    let mut store = p.store.as_ref().map(|path| Store::open(path));
    if let Some(w) = store.as_ref().and_then(|s| s.warning.clone()) {
        warnings.push(w);
    }
    if let Some(path) = p
        .store
        .as_ref()
        .filter(|_| store.as_ref().is_some_and(|s| s.foreign))
    {
        failures.push(Error::NotAStore { path: path.clone() });
        store = None;
    }
    let now = jiff::Timestamp::now();
    let mut counts = UrlCounts {
        total,
        ..UrlCounts::default()
    };
    // A fresh `ok` is reused, unless the page's text is needed.
    let mut answering: HashSet<String> = HashSet::new();
    let to_probe: Vec<&Target> = targets
        .iter()
        .filter(|t| {
            let url = t.url.as_str();
            let fresh = !pages.contains(url)
                && store
                    .as_ref()
                    .and_then(|s| s.fresh(url, p.cache_ttl, now))
                    .is_some();
            if fresh {
                counts.from_store += 1;
                answering.insert(url.to_string());
            }
            !fresh
        })
        .collect();
    counts.ok = counts.from_store;
    counts.probed = to_probe.len();
    let requests = to_probe
        .iter()
        .map(|t| probe::Request {
            url: t.url.clone(),
            page: pages.contains(t.url.as_str()),
        })
        .collect();
    // Each page is judged as soon as it arrives (on the worker that fetched
    // it), and only the verdicts and its text's fingerprint are kept.
    let mut wanted: HashMap<String, Vec<String>> = HashMap::new();
    for site in &sites {
        wanted
            .entry(site.url.to_string())
            .or_default()
            .push(site.words.clone());
    }
    let wanted = Arc::new(wanted);
    let judged: Arc<Mutex<HashMap<String, Judged>>> = Arc::default();
    let digest: probe::Digest = {
        let (wanted, judged) = (wanted.clone(), judged.clone());
        let max_body = p.settings.max_body;
        Arc::new(move |o: &mut probe::Outcome| {
            let Some(words) = wanted.get(&o.url) else {
                return;
            };
            let page = excerpts::page_text(o, max_body);
            let verdicts = words.iter().map(|w| excerpts::judge(&page, w)).collect();
            let fingerprint = match &page {
                excerpts::PageText::Text {
                    text,
                    partial: None,
                } => Some(crate::text::fingerprint::fingerprint(&text.folded)),
                _ => None,
            };
            judged.lock().expect("judged lock").insert(
                o.url.clone(),
                Judged {
                    verdicts,
                    fingerprint,
                },
            );
        })
    };
    let outcomes = probe_urls(requests, &p.settings, digest, progress)?;
    let mut judged = std::mem::take(&mut *judged.lock().expect("judged lock"));
    if !outcomes.is_empty() && links::network_down(&outcomes) {
        failures.push(Error::NetworkDown {
            count: outcomes.len(),
        });
        return Ok((Vec::new(), counts));
    }
    answering.extend(
        outcomes
            .iter()
            .filter(|o| matches!(o.state, State::Ok | State::Redirected))
            .map(|o| o.url.clone()),
    );
    let mut findings = Vec::new();
    for (target, outcome) in to_probe.iter().zip(&outcomes) {
        *count_of(&mut counts, outcome.state) += 1;
        if let Some(store) = store.as_mut() {
            store.record(outcome, now);
        }
        let history = links::History {
            failure_days: store.as_ref().map_or(1, |s| s.failure_days(&outcome.url)),
            strict: p.strict,
        };
        let answers = |u: &url::Url| answering.contains(u.as_str());
        findings.extend(links::findings(set, target, outcome, history, &answers));
        if let Some(fingerprint) = judged.get(&outcome.url).and_then(|j| j.fingerprint)
            && let Some(store) = store.as_mut()
            && let Some(last_seen) = store.text_change(&outcome.url, fingerprint, now)
        {
            findings.extend(
                sites
                    .iter()
                    .filter(|s| s.url == target.url)
                    .map(|s| drift(set, s, last_seen)),
            );
        }
    }
    // The verdicts, in the order of `wanted`, for each site.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for site in &sites {
        let n = seen.entry(site.url.as_str()).or_default();
        let verdict = judged
            .get_mut(site.url.as_str())
            .and_then(|j| j.verdicts.get(*n).cloned());
        *n += 1;
        let Some(verdict) = verdict else { continue };
        match &verdict {
            excerpts::Verdict::Found => counts.excerpts_found += 1,
            excerpts::Verdict::Missing { .. } => counts.excerpts_missing += 1,
            excerpts::Verdict::Failed => {}
            _ => counts.excerpts_unverifiable += 1,
        }
        findings.extend(excerpts::finding(set, site, &verdict));
    }
    if let Some(store) = &store
        && let Err(e) = store.save()
    {
        warnings.push(format!("cannot write the result store: {e}"));
    }
    Ok((findings, counts))
}

/// What was learnt from one page before it was dropped.
struct Judged {
    /// One per site of the page, in the order of the sites.
    verdicts: Vec<excerpts::Verdict>,
    /// Of the whole text, when the whole page was read.
    fingerprint: Option<u64>,
}

/// The warning that a page's text changed substantially.
fn drift(set: &ClaimSet, site: &excerpts::Site, last_seen: jiff::Timestamp) -> Finding {
    let date = last_seen.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    Finding::at(
        Code::TextChanged,
        set.files.path(site.file),
        site.file,
        site.span.clone(),
        format!("the text of {} has changed substantially since {date}", site.url),
        format!("page rewritten since {date}"),
    )
    .help(format!(
        "re-read the page: does it still support the claim? Then update `accessed`; if not, cite a snapshot from {date} or before in `archive`"
    ))
}

/// Probes `urls` on a runtime of its own.
pub fn probe_urls(
    urls: Vec<probe::Request>,
    settings: &probe::Settings,
    digest: probe::Digest,
    progress: &dyn Progress,
) -> Result<Vec<probe::Outcome>, Error> {
    if urls.is_empty() {
        return Ok(Vec::new());
    }
    progress.start(urls.len());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Client(e.to_string()))?;
    let outcomes = runtime
        .block_on(probe::probe_all(
            urls,
            settings,
            digest,
            &|o: &probe::Outcome| progress.done(&o.url),
        ))
        .map_err(|e| Error::Client(e.to_string()));
    progress.finish();
    outcomes
}

fn count_of(c: &mut UrlCounts, state: State) -> &mut usize {
    match state {
        State::Ok => &mut c.ok,
        State::Redirected => &mut c.redirected,
        State::Dead => &mut c.dead,
        State::Blocked => &mut c.blocked,
        State::ServerError => &mut c.server_error,
        State::Timeout => &mut c.timeout,
        State::Unreachable => &mut c.unreachable,
        State::Refused => &mut c.refused,
    }
}

#[cfg(test)]
mod tests {
    use super::Partition;

    #[test]
    fn partitions_parse_and_cover_every_url_once() {
        assert_eq!(Partition::parse("2/3"), Ok(Partition { k: 2, n: 3 }));
        for bad in ["0/3", "4/3", "1/0", "x/3", "3", "-1/3"] {
            assert!(Partition::parse(bad).is_err(), "{bad}");
        }
        let urls: Vec<String> = (0..1000)
            .map(|i| format!("https://example.com/{i}"))
            .collect();
        let shards: Vec<Partition> = (1..=3).map(|k| Partition { k, n: 3 }).collect();
        let mut sizes = [0; 3];
        for url in &urls {
            let owners: Vec<usize> = (0..3).filter(|&i| shards[i].contains(url)).collect();
            assert_eq!(owners.len(), 1, "{url}");
            sizes[owners[0]] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 250), "{sizes:?}");
    }
}
