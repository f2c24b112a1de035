//! The command line: raw arguments (clap) turned into a command, run, and
//! its outcome turned into an exit code. Everything here is thin: the work
//! is done by `load`, `validate`, `query` and `render`.

use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{self, CheckConfig};
use crate::diag::{self, Finding, Severity};
use crate::error::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Error};
use crate::links;
use crate::load::{self, Loaded};
use crate::model::{ClaimSet, Status};
use crate::probe::{self, policy::AddressPolicy};
use crate::query::{self, Filter};
use crate::render;
use crate::store;
use crate::validate::{self, Context};

const EXIT_CODES: &str = "\
Exit status:
  0  no errors (warnings allowed)
  1  at least one finding is an error
  2  claimtrack could not run, or not completely: no claims/ found, bad
     arguments, an unreadable file or folder";

#[derive(Parser, Debug)]
#[command(
    name = "claimtrack",
    version,
    about = "Claims from news articles and the sources behind them, kept as TOML in git and checked.",
    after_help = EXIT_CODES
)]
struct Args {
    /// The folder that holds claims/ (default: the current folder or the
    /// nearest one above it that has a claims/ folder).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,

    /// When to color the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
enum Format {
    #[default]
    Text,
    Json,
}

/// `check`'s flags. Those that are also `[check]` keys in claimtrack.toml
/// are options here, so that a flag given wins over the file and the file
/// wins over the default.
#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Check the files' structure only; send no network request.
    #[arg(long)]
    offline: bool,
    /// Requests in flight at once, over all hosts [default: 64].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    concurrency: Option<u32>,
    /// Requests in flight at once to one host [default: 4].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    per_host: Option<u32>,
    /// Seconds a request may take, body included [default: 15].
    #[arg(long, value_name = "SECS", value_parser = positive_secs)]
    timeout: Option<f64>,
    /// Retries after a 429, a 5xx, a timeout or a reset [default: 2].
    #[arg(long, value_name = "N")]
    retries: Option<u32>,
    /// The longest Retry-After honoured, in seconds [default: 30].
    #[arg(long, value_name = "SECS", value_parser = positive_secs)]
    max_retry_wait: Option<f64>,
    /// Make transient failures (server-error, timeout, unreachable) errors at once.
    #[arg(long)]
    strict: bool,
    /// Neither reuse nor record results in the result store.
    #[arg(long)]
    no_cache: bool,
    /// The result store [default: .claimtrack/cache in the repository root].
    #[arg(long, value_name = "PATH")]
    cache: Option<PathBuf>,
    /// How long an `ok` result is reused: 24h, 30m, 90s… [default: 24h].
    #[arg(long, value_name = "DURATION", value_parser = config::parse_duration)]
    cache_ttl: Option<std::time::Duration>,
    /// Allow probing 127.0.0.0/8 and ::1 (for local testing).
    #[arg(long)]
    allow_loopback: bool,
    /// Allow probing private networks (RFC 1918, CGNAT, IPv6 unique-local).
    #[arg(long)]
    allow_private: bool,
    /// Resolve HOST to ADDR instead of asking DNS (like curl --resolve);
    /// ADDR is still subject to the address rules. Repeatable.
    #[arg(long, value_name = "HOST=ADDR", value_parser = parse_resolve)]
    resolve: Vec<(String, std::net::IpAddr)>,
}

fn positive_secs(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(format!("`{s}` is not a positive number of seconds")),
    }
}

fn parse_resolve(s: &str) -> Result<(String, std::net::IpAddr), String> {
    let (host, addr) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not HOST=ADDR"))?;
    let addr = addr
        .trim_matches(|c| c == '[' || c == ']')
        .parse()
        .map_err(|_| format!("`{addr}` is not an IP address"))?;
    Ok((host.to_ascii_lowercase(), addr))
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate every file under claims/, probe every source URL, and report
    /// every finding.
    #[command(
        after_help = "Examples:\n  claimtrack check\n  claimtrack check --offline\n  claimtrack check --strict --per-host 2 --timeout 30"
    )]
    Check(CheckArgs),
    /// One line per claim: id, status, credited outlet, claim.
    #[command(
        after_help = "Examples:\n  claimtrack list --source reuters\n  claimtrack list --source \"The Washington Post\" --status unlocated\n  claimtrack list --format json"
    )]
    List {
        /// Claims credited to this outlet or citing a source from it: an
        /// outlet id, name or domain.
        #[arg(long, value_name = "OUTLET")]
        source: Option<String>,
        /// Claims with this status.
        #[arg(long, value_enum)]
        status: Option<Status>,
        /// Claims with this topic (any case).
        #[arg(long)]
        topic: Option<String>,
        /// Claims from this article folder.
        #[arg(long, value_name = "SLUG")]
        article: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// One claim in full, with its article and sources.
    #[command(after_help = "Example:\n  claimtrack show debt-write-off-2014")]
    Show {
        /// The claim id (its file name without .toml), or ARTICLE/ID.
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Runs claimtrack with the process's arguments; returns the exit code.
pub fn main() -> i32 {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_OK
            };
        }
    };
    match run(args) {
        Ok(code) => code,
        Err(Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

fn run(args: Args) -> Result<i32, Error> {
    let root = match &args.root {
        Some(dir) => dir.clone(),
        None => {
            let cwd = std::env::current_dir().map_err(|source| Error::ReadDir {
                path: ".".into(),
                source,
            })?;
            load::find_root(&cwd)?
        }
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    match args.command {
        Command::Check(check_args) => check(&root, &check_args, color),
        Command::List {
            source,
            status,
            topic,
            article,
            format,
        } => {
            let (loaded, findings) = analyze(&root)?;
            let set = &loaded.set;
            warn_if_broken(&loaded, &findings);
            let outlet = match source {
                Some(q) => Some(query::resolve_outlet(set, &q)?.id.value.clone()),
                None => None,
            };
            if let Some(a) = &article {
                query::resolve_article(set, a)?;
            }
            let filter = Filter {
                outlet,
                status,
                topic,
                article,
            };
            let claims = query::filter(set, &filter);
            let text = match format {
                Format::Json => query::list_json(set, &claims),
                Format::Text => {
                    let stdout = std::io::stdout();
                    let width = stdout
                        .is_terminal()
                        .then(|| terminal_size::terminal_size_of(&stdout))
                        .flatten()
                        .map(|(w, _)| w.0 as usize);
                    query::list_text(&claims, width)
                }
            };
            print(&text)?;
            Ok(EXIT_OK)
        }
        Command::Show { id, format } => {
            let (loaded, findings) = analyze(&root)?;
            warn_if_broken(&loaded, &findings);
            let set = &loaded.set;
            let claim = query::find_claim(set, &id)?;
            let text = match format {
                Format::Json => {
                    let mut s = serde_json::to_string_pretty(&query::claim_json(set, claim))
                        .expect("a claim serializes");
                    s.push('\n');
                    s
                }
                Format::Text => query::show_text(set, claim),
            };
            print(&text)?;
            Ok(EXIT_OK)
        }
    }
}

fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::Output)
}

/// Loads claims/ and runs every structural rule.
fn analyze(root: &Path) -> Result<(Loaded, Vec<Finding>), Error> {
    let loaded = load::load(root)?;
    let cx = Context {
        latest_date: today()?.tomorrow().expect("not the end of time"),
        outlets_complete: loaded.outlets_complete,
    };
    let mut findings = loaded.findings.clone();
    findings.extend(validate::validate(&loaded.set, &cx));
    diag::sort(&mut findings);
    Ok((loaded, findings))
}

/// Today's date in UTC, or `CLAIMTRACK_TODAY` (YYYY-MM-DD) when set, so that
/// runs can be reproduced.
fn today() -> Result<jiff::civil::Date, Error> {
    if let Some(v) = std::env::var_os("CLAIMTRACK_TODAY") {
        let v = v.to_string_lossy();
        return v.parse().map_err(|_| Error::BadEnv {
            name: "CLAIMTRACK_TODAY",
            value: v.into_owned(),
            expected: "a date like 2026-11-28",
        });
    }
    Ok(jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date())
}

fn warn_if_broken(loaded: &Loaded, findings: &[Finding]) {
    for failure in &loaded.failures {
        eprintln!("warning: {failure}");
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!(
            "warning: claims/ has {errors} error{}; claims that did not load are not shown (run `claimtrack check --offline`)",
            plural(errors)
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn check(root: &Path, args: &CheckArgs, color: bool) -> Result<i32, Error> {
    let started = Instant::now();
    // A broken config is found before any work is done.
    let config = if args.offline {
        None
    } else {
        Some(config::load(root)?)
    };
    let (loaded, mut findings) = analyze(root)?;
    let set = &loaded.set;
    let mut url_summary = None;
    let mut failures: Vec<Error> = Vec::new();
    if let Some(config) = config {
        let run = probe_claims(root, set, args, &config.check)?;
        findings.extend(run.findings);
        diag::sort(&mut findings);
        url_summary = Some(run.summary);
        failures.extend(run.failure);
    }
    print(&render::human(&findings, &set.files, color))?;
    for failure in loaded.failures.iter().chain(&failures) {
        eprintln!("error: {failure}\n");
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let unread = if loaded.failures.is_empty() {
        String::new()
    } else {
        format!(", {} unreadable", loaded.failures.len())
    };
    eprintln!(
        "checked {} file{}{unread}: {} claim{} in {} article{}, {} outlet{}: {errors} error{}, {warnings} warning{} ({:.2} s)",
        set.files.len(),
        plural(set.files.len()),
        set.claims.len(),
        plural(set.claims.len()),
        set.articles.len(),
        plural(set.articles.len()),
        set.outlets.len(),
        plural(set.outlets.len()),
        plural(errors),
        plural(warnings),
        started.elapsed().as_secs_f64()
    );
    if let Some(summary) = url_summary {
        eprintln!("{summary}");
    }
    Ok(if !loaded.failures.is_empty() || !failures.is_empty() {
        EXIT_FAILURE
    } else if errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// What probing the claim set's URLs found.
struct ProbeRun {
    findings: Vec<Finding>,
    /// `N urls: N ok, N redirected, …`
    summary: String,
    /// Set when the results cannot be trusted at all (no network).
    failure: Option<Error>,
}

fn probe_claims(
    root: &Path,
    set: &ClaimSet,
    args: &CheckArgs,
    cfg: &CheckConfig,
) -> Result<ProbeRun, Error> {
    let started = Instant::now();
    let defaults = probe::Settings::default();
    let secs = |flag: Option<f64>, file: Option<f64>, default: Duration| {
        flag.or(file).map_or(default, Duration::from_secs_f64)
    };
    let settings = probe::Settings {
        concurrency: args
            .concurrency
            .map(|n| n as usize)
            .or(cfg.concurrency)
            .unwrap_or(defaults.concurrency),
        per_host: args
            .per_host
            .map(|n| n as usize)
            .or(cfg.per_host)
            .unwrap_or(defaults.per_host),
        timeout: secs(args.timeout, cfg.timeout, defaults.timeout),
        retries: args.retries.or(cfg.retries).unwrap_or(defaults.retries),
        max_retry_wait: secs(
            args.max_retry_wait,
            cfg.max_retry_wait,
            defaults.max_retry_wait,
        ),
        policy: AddressPolicy {
            allow_loopback: args.allow_loopback || cfg.allow_loopback == Some(true),
            allow_private: args.allow_private || cfg.allow_private == Some(true),
        },
        resolve: args
            .resolve
            .iter()
            .fold(HashMap::new(), |mut m, (host, ip)| {
                m.entry(host.clone()).or_insert_with(Vec::new).push(*ip);
                m
            }),
        ..defaults
    };
    let strict = args.strict || cfg.strict == Some(true);
    let use_store = !(args.no_cache || cfg.no_cache == Some(true));
    let ttl = match (args.cache_ttl, &cfg.cache_ttl) {
        (Some(ttl), _) => ttl,
        (None, Some(s)) => config::parse_duration(s).expect("checked when the config was loaded"),
        (None, None) => DEFAULT_CACHE_TTL,
    };
    let store_path = match (&args.cache, &cfg.cache) {
        (Some(p), _) => p.clone(),
        (None, Some(p)) => root.join(p),
        (None, None) => root.join(".claimtrack").join("cache"),
    };
    let mut store = use_store.then(|| store::Store::open(&store_path));
    if let Some(warning) = store.as_ref().and_then(|s| s.warning.as_ref()) {
        eprintln!("warning: {warning}");
    }

    let targets = links::targets(set);
    let now = jiff::Timestamp::now();
    let mut cached = 0;
    let mut to_probe = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        match store
            .as_ref()
            .and_then(|s| s.fresh(t.url.as_str(), ttl, now))
        {
            Some(_) => cached += 1,
            None => to_probe.push(i),
        }
    }
    let bar = progress_bar(to_probe.len());
    let urls = to_probe.iter().map(|&i| targets[i].url.clone()).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Client(e.to_string()))?;
    let outcomes = runtime
        .block_on(probe::probe_all(urls, &settings, &|o: &probe::Outcome| {
            bar.set_message(o.url.clone());
            bar.inc(1);
        }))
        .map_err(|e| Error::Client(e.to_string()))?;
    bar.finish_and_clear();

    let mut counts: BTreeMap<probe::State, usize> = BTreeMap::new();
    *counts.entry(probe::State::Ok).or_default() += cached;
    if !outcomes.is_empty() && links::network_down(&outcomes) {
        return Ok(ProbeRun {
            findings: Vec::new(),
            summary: format!("{} urls: not probed, no network", targets.len()),
            failure: Some(Error::NetworkDown {
                count: outcomes.len(),
            }),
        });
    }
    let mut findings = Vec::new();
    for (&i, outcome) in to_probe.iter().zip(&outcomes) {
        *counts.entry(outcome.state).or_default() += 1;
        if let Some(store) = store.as_mut() {
            store.record(outcome, now);
        }
        let history = links::History {
            failure_days: store.as_ref().map_or(1, |s| s.failure_days(&outcome.url)),
            strict,
        };
        findings.extend(links::findings(set, &targets[i], outcome, history));
    }
    if let Some(store) = &store
        && let Err(e) = store.save()
    {
        eprintln!(
            "warning: cannot write the result store {}: {e}",
            store_path.display()
        );
    }
    let mut summary = format!("{} url{}: ", targets.len(), plural(targets.len()));
    let parts: Vec<String> = probe::State::ALL
        .iter()
        .filter_map(|s| {
            counts
                .get(s)
                .filter(|&&n| n > 0 || *s == probe::State::Ok)
                .map(|n| format!("{n} {}", s.as_str()))
        })
        .collect();
    summary.push_str(&parts.join(", "));
    if cached > 0 {
        summary.push_str(&format!(" ({cached} ok from the result store)"));
    }
    summary.push_str(&format!(" in {:.2} s", started.elapsed().as_secs_f64()));
    Ok(ProbeRun {
        findings,
        summary,
        failure: None,
    })
}

/// How long an `ok` result is reused by default.
const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(24 * 3600);

/// A progress bar on standard error when it is a terminal; hidden otherwise.
fn progress_bar(len: usize) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() || len == 0 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} probing {pos}/{len} urls {wide_msg}")
            .expect("a valid template"),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
