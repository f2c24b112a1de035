//! `claimtrack check`: every file validated, every source probed, the
//! report and the summary.

use std::path::{Path, PathBuf};

use super::output::{check_summary, emit, fail, say};
use super::progress::ProgressBar;
use super::settings::{Context, NetArgs, ProbeFlags, Settings, latest_date};
use super::value_enums::CheckFormat;
use crate::check::{self, CheckRun, Options, Partition, ProbeOptions, exclude};
use crate::config;
use crate::error::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Error, SettingsError};
use crate::probe;
use crate::report::{self, Report};

// Flags that are also `[check]` keys in claimtrack.toml are options here,
// so that a flag given wins over the file and the file wins over the
// default (see `settings`). The doc comment is the command's help.

/// Validate every file under claims/, probe every source URL, and report
/// every finding.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack check\n  claimtrack check --offline\n  claimtrack check --strict --per-host 2 --timeout 30"
)]
pub(super) struct CheckArgs {
    /// Check the files' structure only; send no network request.
    #[arg(long)]
    offline: bool,
    /// Requests in flight at once, over all hosts [default: 64].
    #[arg(long, value_name = "N", value_parser = config::parse_concurrency)]
    concurrency: Option<usize>,
    /// Requests in flight at once to one host [default: 4].
    #[arg(long, value_name = "N", value_parser = config::parse_per_host)]
    per_host: Option<usize>,
    /// Seconds a request may take, body included [default: 15].
    #[arg(long, value_name = "SECS", value_parser = config::parse_secs)]
    timeout: Option<f64>,
    /// Retries after a 429, a 5xx, a timeout or a reset [default: 2].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=config::MAX_RETRIES as i64))]
    retries: Option<u32>,
    /// The longest Retry-After honoured, in seconds [default: 30].
    #[arg(long, value_name = "SECS", value_parser = config::parse_secs)]
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
    /// The most of a page's body read when looking for an excerpt: bytes,
    /// or with KiB/MiB [default: 2MiB].
    #[arg(long, value_name = "SIZE", value_parser = config::parse_size)]
    max_body: Option<usize>,
    #[command(flatten)]
    net: NetArgs,
    /// Probe only the URLs of claim files added or modified since REV (the
    /// structure of every file is still checked).
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// Probe only shard K of N of the URLs (a stable hash splits them), for
    /// a CI matrix; structure findings are reported by shard 1 only.
    #[arg(long, value_name = "K/N", value_parser = Partition::parse)]
    partition: Option<Partition>,
    /// Leave out the URLs that REGEX matches (anywhere in the URL): not
    /// probed, counted as excluded. Repeatable; adds to `[check] exclude`
    /// and .claimtrackignore.
    #[arg(long, value_name = "REGEX", value_parser = exclude::parse_pattern)]
    exclude: Vec<regex::Regex>,
    /// Probe the URLs that REGEX matches even when an exclude pattern
    /// matches them; with no exclude pattern anywhere, probe only these.
    /// Repeatable.
    #[arg(long, value_name = "REGEX", value_parser = exclude::parse_pattern)]
    include: Vec<regex::Regex>,
    /// The status codes taken as an answer, instead of 2xx: `200..=299,403`
    /// (also `[check] accept`, and per host in `[[check.hosts]]`).
    #[arg(long, value_name = "CODES", value_parser = probe::rules::Accept::parse)]
    accept: Option<probe::rules::Accept>,
    /// Send this header with every request: `--header "Name: value"`.
    /// Repeatable. Every cited host gets it: no secret here.
    // Parsed in `options`, so that a bad one is not echoed: it may hold a
    // secret.
    #[arg(long, value_name = "HEADER")]
    header: Vec<String>,
    /// The User-Agent sent with every request [default: claimtrack/VERSION
    /// and where to read about it].
    #[arg(long, value_name = "TEXT")]
    user_agent: Option<String>,
    /// The report's format.
    #[arg(long, value_enum, default_value_t = CheckFormat(report::Format::Human))]
    format: CheckFormat,
    /// Write the report to FILE (atomically) instead of standard output;
    /// the summary still goes to standard error.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

impl CheckArgs {
    fn probe_flags(&self) -> Result<ProbeFlags, Error> {
        let headers = self
            .header
            .iter()
            .map(|h| probe::rules::parse_header(h))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|message| SettingsError::Usage {
                message: format!("--header: {message}"),
                help: "pass --header \"Name: value\"".into(),
            })?;
        Ok(ProbeFlags {
            concurrency: self.concurrency,
            per_host: self.per_host,
            timeout: self.timeout,
            retries: self.retries,
            max_retry_wait: self.max_retry_wait,
            max_body: self.max_body,
            accept: self.accept.clone(),
            headers,
            user_agent: self.user_agent.clone(),
        })
    }
}

/// `check`'s options from its flags, claimtrack.toml and the defaults.
fn options(root: &Path, args: &CheckArgs) -> Result<Options, Error> {
    let latest_date = latest_date()?;
    // Read even offline: a broken claimtrack.toml is said at once, not
    // first in CI.
    let settings = Settings::load(root)?;
    // The figures of the charts, for the formats that carry them.
    let health = matches!(
        report::Format::from(args.format),
        report::Format::Json | report::Format::Markdown
    );
    if args.offline {
        return Ok(Options {
            latest_date,
            probe: None,
            health,
        });
    }
    let store = if settings.no_cache(args.no_cache) {
        None
    } else {
        Some(settings.store(args.cache.as_deref())?)
    };
    Ok(Options {
        latest_date,
        health,
        probe: Some(ProbeOptions {
            settings: settings.probe(&args.probe_flags()?, &args.net),
            strict: settings.strict(args.strict),
            store,
            cache_ttl: settings.cache_ttl(args.cache_ttl),
            changed_since: args.changed_since.clone(),
            partition: args.partition,
            filter: settings.url_filter(&args.include, &args.exclude)?,
        }),
    })
}

pub(super) fn run(args: &CheckArgs, cx: &Context) -> Result<i32, Error> {
    let started = cx
        .root()
        .and_then(|root| Ok((options(&root, args)?, root)))
        .and_then(|(opts, root)| check::run(&root, &opts, &ProgressBar::new(cx.talk)));
    let run = match started {
        Ok(run) => run,
        // A machine reading the output gets the failure there too.
        Err(e) if args.format.0 == report::Format::Json => {
            emit(&report::json::failure(&e), args.output.as_deref())?;
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    let code = report_run(args, cx, &run);
    // Left to the process's exit, which frees it all at once: one by one,
    // the claims and results of a large run took milliseconds.
    std::mem::forget(run);
    code
}

/// Prints the report of a run and its summary; returns the exit code.
fn report_run(args: &CheckArgs, cx: &Context, run: &CheckRun) -> Result<i32, Error> {
    for w in &run.warnings {
        say("warning", w);
    }
    let report = Report {
        files: &run.loaded.set.files,
        findings: &run.findings,
        summary: run.summary.clone(),
        settings: run.settings.clone(),
        failures: run.loaded.failures.iter().chain(&run.failures).collect(),
        health: run.health.as_ref(),
    };
    let format = report::Format::from(args.format);
    let color = cx.color && args.output.is_none() && format == report::Format::Human;
    emit(
        &report::render(format, &report, color),
        args.output.as_deref(),
    )?;
    for failure in run.loaded.failures.iter().chain(&run.failures) {
        fail("error", failure);
        eprintln!();
    }
    if !cx.talk.quiet {
        eprintln!("{}", check_summary(run));
    }
    if let Some(urls) = run.summary.urls.as_ref().filter(|_| !cx.talk.quiet) {
        eprintln!(
            "{} in {:.2} s",
            urls.line(),
            run.summary.duration_ms.saturating_sub(run.summary.load_ms) as f64 / 1000.0
        );
    }
    Ok(
        if !run.loaded.failures.is_empty() || !run.failures.is_empty() {
            EXIT_FAILURE
        } else if run.summary.errors > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        },
    )
}
