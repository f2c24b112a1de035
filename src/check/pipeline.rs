//! The URL half of a check run, as a pipeline of plain values:
//!
//! select → plan → probe → judge → record
//!
//! - [`select`]: the URLs this run asks about (narrowed to the changed
//!   files and the shard), each with the words expected on its page;
//! - [`plan`]: which are answered by the result store (a fresh `ok` whose
//!   page is not needed) and which are probed;
//! - [`probe`]: the network. Each wanted page is read as it arrives, on
//!   the worker that fetched it ([`read_page`]), and only its verdicts and
//!   its text's fingerprint are kept;
//! - [`judge`]: each site paired with its verdict (by its words), the
//!   counts, and which URLs answer;
//! - [`record`]: the outcomes into the store, and every finding: the
//!   URL's own, a page's drift (which the store's memory tells), an
//!   excerpt's.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;

use super::{Partition, ProbeOptions, Progress, probe_urls};
use crate::diag::{Code, Finding};
use crate::error::{Error, ProbeError};
use crate::files::FileId;
use crate::links::{self, Target};
use crate::model::ClaimSet;
use crate::probe::{self, Outcome, State};
use crate::report::UrlCounts;
use crate::store::Store;
use crate::wording::{self, PageText, Site, Verdict};

/// What the URL half of a run found.
pub(super) struct UrlCheck {
    pub(super) findings: Vec<Finding>,
    pub(super) counts: UrlCounts,
    /// What kept it from being complete.
    pub(super) failures: Vec<Error>,
    /// Said once on standard error.
    pub(super) warnings: Vec<String>,
    /// The result store as the run left it, if it used one; without one,
    /// and when the health figures are wanted, this run's results alone.
    pub(super) store: Option<Store>,
}

/// Probes the claim set's URLs (those `changed` and `p.partition` leave),
/// reusing and updating the result store.
pub(super) fn probe_set(
    set: &ClaimSet,
    p: &ProbeOptions,
    changed: Option<&HashSet<PathBuf>>,
    health: bool,
    progress: &dyn Progress,
) -> Result<UrlCheck, Error> {
    let selection = select(set, changed, p.partition, &p.filter);
    let OpenedStore {
        mut store,
        warning,
        failure,
    } = open_store(p.store.as_deref());
    let mut check = UrlCheck {
        findings: Vec::new(),
        counts: UrlCounts::default(),
        failures: failure.into_iter().collect(),
        warnings: warning.into_iter().collect(),
        store: None,
    };
    let now = Timestamp::now();
    let plan = plan(selection, store.as_ref(), p.cache_ttl, now);
    if !plan.probe.is_empty() {
        check
            .warnings
            .extend(probe::open_files_warning(p.settings.concurrency));
    }
    let probed = probe(plan, &p.settings, progress)?;
    if probed.network_down {
        check.counts = probed.counts();
        check.failures.push(Error::from(ProbeError::NetworkDown {
            count: probed.urls.len(),
        }));
        check.store = store;
        return Ok(check);
    }
    let judged = judge(probed);
    check.counts = judged.counts.clone();
    check.findings = record(set, &judged, store.as_mut(), p.strict, now);
    if let Some(store) = &store
        && let Err(e) = store.save()
    {
        check
            .warnings
            .push(format!("cannot write the result store: {e}"));
    }
    // Without a store, the charts' figures are this run's results alone.
    check.store = store.or_else(|| {
        if !health {
            return None;
        }
        let mut run = Store::unsaved();
        judged.urls.iter().for_each(|j| run.record(&j.outcome, now));
        Some(run)
    });
    Ok(check)
}

/// The result store as a run opens it, and what to say about it.
struct OpenedStore {
    /// `None` with `--no-cache`, or when the file is not a result store.
    store: Option<Store>,
    /// A rebuilt store, and the like.
    warning: Option<String>,
    /// The file is not a result store: it is left alone.
    failure: Option<Error>,
}

fn open_store(path: Option<&Path>) -> OpenedStore {
    let Some(path) = path else {
        return OpenedStore {
            store: None,
            warning: None,
            failure: None,
        };
    };
    let store = Store::open(path);
    let warning = store.warning.clone();
    if let Some(blame) = store.foreign.clone() {
        return OpenedStore {
            store: None,
            warning,
            failure: Some(Error::from(ProbeError::NotAStore { path: blame })),
        };
    }
    OpenedStore {
        store: Some(store),
        warning,
        failure: None,
    }
}

/// Stage 1: the URLs this run asks about.
struct Selection {
    /// Distinct URLs in the whole claim set.
    total: usize,
    /// Of this run's, those a pattern leaves out.
    excluded: usize,
    targets: Vec<Selected>,
}

/// A URL of this run, with the words expected on its page.
struct Selected {
    target: Target,
    /// The excerpts and quotes to look for on the page, from the files
    /// this run covers; none: the page is not needed.
    sites: Vec<Site>,
}

/// Every target, narrowed to the citations in changed files and to the
/// shard, less the excluded (counted), each with its sites.
fn select(
    set: &ClaimSet,
    changed: Option<&HashSet<PathBuf>>,
    partition: Option<Partition>,
    filter: &super::exclude::UrlFilter,
) -> Selection {
    let covered = |file: FileId| changed.is_none_or(|c| c.contains(set.files.path(file)));
    let mut sites: HashMap<String, Vec<Site>> = HashMap::new();
    for site in wording::sites(set) {
        if covered(site.file) {
            sites.entry(site.url.to_string()).or_default().push(site);
        }
    }
    let all = links::targets(set);
    let total = all.len();
    let mut excluded = 0;
    let targets = all
        .into_iter()
        .filter_map(|mut target| {
            target.citations.retain(|c| covered(c.file));
            let in_shard = partition.is_none_or(|s| s.contains(target.url.as_str()));
            if target.citations.is_empty() || !in_shard {
                return None;
            }
            if filter.excludes(target.url.as_str()) {
                excluded += 1;
                return None;
            }
            Some(Selected {
                sites: sites.remove(target.url.as_str()).unwrap_or_default(),
                target,
            })
        })
        .collect();
    Selection {
        total,
        excluded,
        targets,
    }
}

/// Stage 2: which URLs the store answers, and which are probed.
struct Plan {
    total: usize,
    excluded: usize,
    /// A fresh `ok` in the store, whose page is not needed: reused.
    reused: Vec<String>,
    probe: Vec<Selected>,
}

fn plan(selection: Selection, store: Option<&Store>, ttl: Duration, now: Timestamp) -> Plan {
    let (mut reused, mut probe) = (Vec::new(), Vec::new());
    // One pass, the reused kept as their URLs only: a second vector of
    // 100,000 targets was the peak of a warm run.
    for s in selection.targets {
        let fresh = || store.and_then(|store| store.fresh(s.target.url.as_str(), ttl, now));
        if s.sites.is_empty() && fresh().is_some() {
            reused.push(s.target.url.into());
        } else {
            probe.push(s);
        }
    }
    Plan {
        total: selection.total,
        excluded: selection.excluded,
        reused,
        probe,
    }
}

/// Stage 3: every planned URL with its outcome and what its page said.
struct Probed {
    total: usize,
    excluded: usize,
    reused: Vec<String>,
    urls: Vec<ProbedUrl>,
    /// The outcomes look like no network at all rather than dead sites.
    network_down: bool,
}

struct ProbedUrl {
    selected: Selected,
    outcome: Outcome,
    /// What was read on its page, when the page was wanted.
    reading: Option<Reading>,
}

/// What was learnt from one page before it was dropped.
struct Reading {
    /// The verdict on each set of words looked for, by the words.
    verdicts: HashMap<String, Verdict>,
    /// Of the whole text, when the whole page was read.
    fingerprint: Option<u64>,
}

impl Probed {
    /// The counts known before any outcome is looked at.
    fn counts(&self) -> UrlCounts {
        UrlCounts {
            total: self.total,
            excluded: self.excluded,
            from_store: self.reused.len(),
            ok: self.reused.len(),
            probed: self.urls.len(),
            ..UrlCounts::default()
        }
    }
}

fn probe(plan: Plan, settings: &probe::Settings, progress: &dyn Progress) -> Result<Probed, Error> {
    let requests = plan
        .probe
        .iter()
        .map(|s| probe::Request {
            url: s.target.url.clone(),
            page: !s.sites.is_empty(),
        })
        .collect();
    let wanted: HashMap<String, Vec<String>> = plan
        .probe
        .iter()
        .filter(|s| !s.sites.is_empty())
        .map(|s| {
            let words = s.sites.iter().map(|site| site.words.clone()).collect();
            (s.target.url.to_string(), words)
        })
        .collect();
    let readings: Arc<Mutex<HashMap<String, Reading>>> = Arc::default();
    let digest = reader(Arc::new(wanted), readings.clone(), settings.max_body);
    let outcomes = probe_urls(requests, settings, digest, progress)?;
    let mut readings = std::mem::take(&mut *readings.lock().expect("readings lock"));
    let network_down = !outcomes.is_empty() && links::network_down(&outcomes);
    // The outcomes come in the order of the requests, which is the plan's.
    let urls = plan
        .probe
        .into_iter()
        .zip(outcomes)
        .map(|(selected, outcome)| ProbedUrl {
            // Only a page that was wanted was read.
            reading: (!selected.sites.is_empty())
                .then(|| readings.remove(&outcome.url))
                .flatten(),
            selected,
            outcome,
        })
        .collect();
    Ok(Probed {
        total: plan.total,
        excluded: plan.excluded,
        reused: plan.reused,
        urls,
        network_down,
    })
}

/// The probe's digest: reads each wanted page (its words by URL) as it
/// arrives, and keeps only the [`Reading`].
fn reader(
    wanted: Arc<HashMap<String, Vec<String>>>,
    readings: Arc<Mutex<HashMap<String, Reading>>>,
    max_body: usize,
) -> probe::Digest {
    Arc::new(move |o: &mut Outcome| {
        let Some(words) = wanted.get(&o.url) else {
            return;
        };
        let reading = read_page(o, words, max_body);
        readings
            .lock()
            .expect("readings lock")
            .insert(o.url.clone(), reading);
    })
}

/// Looks for each of `words` on the outcome's page (which it takes).
fn read_page(o: &mut Outcome, words: &[String], max_body: usize) -> Reading {
    let page = wording::read_page(o, max_body);
    let verdicts: HashMap<String, Verdict> = words
        .iter()
        .map(|w| (w.clone(), wording::judge(&page, w)))
        .collect();
    // Of the whole text, when there is some and it is the article's (not
    // a wall's that stood in for it).
    let walled = verdicts.values().any(|v| matches!(v, Verdict::Walled(_)));
    let fingerprint = match &page {
        PageText::Text {
            text,
            partial: None,
        } if !walled && !text.folded.is_empty() => {
            Some(crate::text::fingerprint::fingerprint(&text.folded))
        }
        _ => None,
    };
    Reading {
        verdicts,
        fingerprint,
    }
}

/// Stage 4: what the outcomes and pages say, before the store is asked.
struct Judged {
    counts: UrlCounts,
    /// Fresh `ok` in the store, not probed.
    reused: Vec<String>,
    urls: Vec<JudgedUrl>,
}

impl Judged {
    /// The URLs that answer (reused from the store, or `ok` or
    /// `redirected` now): an archive among them stands for a dead URL.
    fn answering(&self) -> HashSet<&str> {
        let now = self
            .urls
            .iter()
            .map(|j| &j.outcome)
            .filter(|o| matches!(o.state, State::Ok | State::Redirected));
        let now = now.map(|o| o.url.as_str());
        self.reused.iter().map(String::as_str).chain(now).collect()
    }
}

struct JudgedUrl {
    target: Target,
    outcome: Outcome,
    /// Of the page's whole text, when it was read.
    fingerprint: Option<u64>,
    excerpts: Vec<Excerpt>,
}

/// A site, and the verdict on its words (none when its page was not read).
struct Excerpt {
    site: Site,
    verdict: Option<Verdict>,
}

fn judge(probed: Probed) -> Judged {
    let mut counts = probed.counts();
    let urls = probed
        .urls
        .into_iter()
        .map(|p| {
            *count_of(&mut counts, p.outcome.state) += 1;
            let reading = p.reading.as_ref();
            let excerpts: Vec<Excerpt> = p
                .selected
                .sites
                .into_iter()
                .map(|site| Excerpt {
                    verdict: reading.and_then(|r| r.verdicts.get(&site.words).cloned()),
                    site,
                })
                .collect();
            for verdict in excerpts.iter().filter_map(|e| e.verdict.as_ref()) {
                match verdict {
                    Verdict::Found => counts.excerpts_found += 1,
                    Verdict::Missing { .. } => counts.excerpts_missing += 1,
                    Verdict::Failed => {}
                    _ => counts.excerpts_unverifiable += 1,
                }
            }
            JudgedUrl {
                target: p.selected.target,
                outcome: p.outcome,
                fingerprint: reading.and_then(|r| r.fingerprint),
                excerpts,
            }
        })
        .collect();
    Judged {
        counts,
        reused: probed.reused,
        urls,
    }
}

/// Stage 5: the outcomes into the store, and the findings: each URL's,
/// its page's drift (the store remembers the last text), its excerpts'.
fn record(
    set: &ClaimSet,
    judged: &Judged,
    mut store: Option<&mut Store>,
    strict: bool,
    now: Timestamp,
) -> Vec<Finding> {
    // Asked only about the archives of dead URLs: built on the first.
    let answering = std::cell::OnceCell::new();
    let answers = |u: &url::Url| {
        answering
            .get_or_init(|| judged.answering())
            .contains(u.as_str())
    };
    let mut findings = Vec::new();
    for j in &judged.urls {
        let url = &j.outcome.url;
        if let Some(store) = store.as_deref_mut() {
            store.record(&j.outcome, now);
        }
        let history = links::History {
            failure_days: store.as_deref().map_or(1, |s| s.failure_days(url)),
            strict,
        };
        findings.extend(links::findings(
            set, &j.target, &j.outcome, history, &answers,
        ));
        if let Some(fingerprint) = j.fingerprint
            && let Some(store) = store.as_deref_mut()
            && let Some(last_seen) = store.text_change(url, fingerprint, now)
        {
            findings.extend(
                j.excerpts
                    .iter()
                    .map(|e| drift(set, &e.site, &j.outcome, last_seen)),
            );
        }
    }
    for j in &judged.urls {
        for e in &j.excerpts {
            let Some(verdict) = &e.verdict else { continue };
            let url = j.outcome.url.as_str();
            let found_before = match (verdict, store.as_deref_mut()) {
                (Verdict::Found, Some(store)) => {
                    store.words_found(url, &e.site.words, now);
                    None
                }
                (Verdict::Missing { .. }, Some(store)) => store.words_seen(url, &e.site.words),
                _ => None,
            };
            findings.extend(wording::finding(
                set,
                &e.site,
                verdict,
                &j.outcome,
                found_before,
            ));
        }
    }
    findings
}

/// The warning that a page's text changed substantially.
fn drift(set: &ClaimSet, site: &Site, outcome: &Outcome, last_seen: Timestamp) -> Finding {
    let date = last_seen.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let mut f = Finding::at(
        Code::TextChanged,
        set.files.path(site.file),
        site.file,
        site.span.clone(),
        format!("the text of {} has changed substantially since {date}", site.url),
        format!("page rewritten since {date}"),
    )
    .help(format!(
        "re-read the page: does it still support the claim? Then update `accessed`; if not, cite a snapshot from {date} or before in `archive`"
    ));
    f.url = Some(links::url_facts(outcome));
    f
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
#[path = "pipeline_tests.rs"]
mod tests;
