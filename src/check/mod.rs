//! One `check` run, as library code: load and validate the claims, then
//! (unless offline) probe their URLs, reusing and updating the result
//! store, and gather everything a report needs. The command line only
//! resolves the options and prints.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::diag::{self, Finding, Severity};
use crate::error::{Error, ProbeError};
use crate::health::Health;
use crate::load::{self, Loaded};
use crate::probe;
use crate::report::{RunSettings, Summary};
use crate::validate::{self, Context};

pub mod exclude;
mod pipeline;

/// Everything a check run needs to know, resolved from flags, the config
/// file and defaults.
#[derive(Clone, Debug)]
pub struct Options {
    /// The latest date that is not "in the future" (today plus a day).
    pub latest_date: Date,
    /// `None`: structure only (`--offline`).
    pub probe: Option<ProbeOptions>,
    /// Whether to compute the claim set's [`Health`] (for the formats
    /// that carry it).
    pub health: bool,
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
    /// The URLs left out (`--exclude`, `.claimtrackignore`, …).
    pub filter: exclude::UrlFilter,
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
    fn contains(&self, url: &str) -> bool {
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
    /// `item` is done; `how` it ended, in a few words (`ok 200 OK`).
    fn done(&self, item: &str, how: &str);
    fn finish(&self);
}

/// No progress shown.
pub(crate) struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: usize) {}
    fn done(&self, _: &str, _: &str) {}
    fn finish(&self) {}
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
    /// The figures of the report's charts, when asked for: from the
    /// result store the run used (none offline).
    pub health: Option<Health>,
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
    let load_ms = started.elapsed().as_millis() as u64;
    let mut run = CheckRun {
        settings: settings(opts),
        summary: Summary::default(),
        findings: Vec::new(),
        failures: Vec::new(),
        warnings: Vec::new(),
        health: None,
        loaded,
    };
    let mut url_counts = None;
    let mut store = None;
    if let Some(p) = &opts.probe {
        // Structure findings are the same in every shard: shard 1 says them.
        if p.partition.is_some_and(|s| s.k != 1) {
            findings.clear();
        }
        let urls =
            pipeline::probe_set(&run.loaded.set, p, changed.as_ref(), opts.health, progress)?;
        findings.extend(urls.findings);
        diag::sort(&mut findings);
        run.failures = urls.failures;
        run.warnings = urls.warnings;
        url_counts = Some(urls.counts);
        store = urls.store;
    }
    if opts.health {
        run.health = Some(Health::of(&run.loaded.set, store.as_ref()));
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
        urls: url_counts,
        duration_ms: started.elapsed().as_millis() as u64,
        load_ms,
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

/// How often the progress is told of the URLs probed since.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Probes `urls` on a runtime of its own.
pub(crate) fn probe_urls(
    urls: Vec<probe::Request>,
    settings: &probe::Settings,
    digest: probe::Digest,
    progress: &dyn Progress,
) -> Result<Vec<probe::Outcome>, Error> {
    if urls.is_empty() {
        return Ok(Vec::new());
    }
    progress.start(urls.len());
    crate::alloc::keep_freed_pages(crate::alloc::PROBE_DECAY_MS);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ProbeError::Runtime)?;
    // The probe runs on the runtime's workers, where the tasks it spawns
    // and joins stay: driven from this thread instead, each outcome woke
    // it and each next task woke a worker (a fifth more CPU). This thread
    // only passes the finished ones on to `progress`, a batch at a time.
    let (tx, finished) = std::sync::mpsc::channel();
    let done: probe::Done = std::sync::Arc::new(move |o: &probe::Outcome| {
        let how = format!("{} {}", o.state.as_str(), o.detail);
        let _ = tx.send((o.url.clone(), how));
    });
    let tell = || {
        finished
            .try_iter()
            .for_each(|(url, how)| progress.done(&url, &how))
    };
    let mut probing = runtime.spawn(probe::probe_all(urls, settings.clone(), digest, done));
    let joined = runtime.block_on(async {
        let mut tick = tokio::time::interval(PROGRESS_EVERY);
        loop {
            tokio::select! {
                joined = &mut probing => break joined,
                _ = tick.tick() => tell(),
            }
        }
    });
    tell();
    let outcomes = match joined {
        Ok(outcomes) => outcomes.map_err(|e| {
            Error::from(match e {
                probe::Unusable::Client(why) => ProbeError::Client(why),
                probe::Unusable::Roots(why) => ProbeError::NoRootCertificates(why),
            })
        }),
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    };
    // The idle connections are closed in the background, or by the
    // process's exit: waiting for them cost a run milliseconds.
    runtime.shutdown_background();
    progress.finish();
    outcomes
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
