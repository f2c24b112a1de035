//! `claimtrack check`: settings resolved (flags over claimtrack.toml over
//! defaults), the run, its report and summary, and the progress bar.

#[allow(unused_imports)]
use super::*;

/// The probe's settings: a flag given wins over claimtrack.toml, which
/// wins over the default.
pub(super) fn probe_settings(
    net: &NetArgs,
    cfg: &CheckConfig,
    args: Option<&CheckArgs>,
) -> probe::Settings {
    let defaults = probe::Settings::default();
    let secs = |flag: Option<f64>, file: Option<f64>, default: Duration| {
        flag.or(file).map_or(default, Duration::from_secs_f64)
    };
    probe::Settings {
        concurrency: args
            .and_then(|a| a.concurrency)
            .or(cfg.concurrency)
            .unwrap_or(defaults.concurrency),
        per_host: args
            .and_then(|a| a.per_host)
            .or(cfg.per_host)
            .unwrap_or(defaults.per_host),
        timeout: secs(args.and_then(|a| a.timeout), cfg.timeout, defaults.timeout),
        max_body: args
            .and_then(|a| a.max_body)
            .or(cfg
                .max_body
                .as_deref()
                .map(|s| config::parse_size(s).expect("checked when the config was loaded")))
            .unwrap_or(defaults.max_body),
        retries: args
            .and_then(|a| a.retries)
            .or(cfg.retries)
            .unwrap_or(defaults.retries),
        max_retry_wait: secs(
            args.and_then(|a| a.max_retry_wait),
            cfg.max_retry_wait,
            defaults.max_retry_wait,
        ),
        // From flags and the environment only: see config::IGNORED_KEYS.
        policy: AddressPolicy {
            allow_loopback: net.allow_loopback,
            allow_private: net.allow_private,
        },
        resolve: net
            .resolve
            .iter()
            .fold(HashMap::new(), |mut m, (host, ip)| {
                m.entry(host.clone()).or_insert_with(Vec::new).push(*ip);
                m
            }),
        ..defaults
    }
}

/// How long an `ok` result is reused by default.
const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(24 * 3600);

/// `check`'s options from its flags, claimtrack.toml and the defaults.
fn check_options(root: &Path, args: &CheckArgs) -> Result<Options, Error> {
    let latest_date = latest_date()?;
    if args.offline {
        return Ok(Options {
            latest_date,
            probe: None,
        });
    }
    let cfg = load_config(root)?.check;
    let ttl = match (args.cache_ttl, &cfg.cache_ttl) {
        (Some(ttl), _) => ttl,
        (None, Some(s)) => config::parse_duration(s).expect("checked when the config was loaded"),
        (None, None) => DEFAULT_CACHE_TTL,
    };
    let no_cache = args.no_cache || cfg.no_cache == Some(true);
    let store = if no_cache {
        None
    } else {
        Some(config::store_path(
            root,
            args.cache.as_deref(),
            cfg.cache.as_deref(),
        )?)
    };
    Ok(Options {
        latest_date,
        probe: Some(ProbeOptions {
            settings: probe_settings(&args.net, &cfg, Some(args)),
            strict: args.strict || cfg.strict == Some(true),
            store,
            cache_ttl: ttl,
            changed_since: args.changed_since.clone(),
            partition: args.partition,
        }),
    })
}

pub(super) fn check(root: &Path, args: &CheckArgs, color: bool) -> Result<i32, Error> {
    let opts = check_options(root, args)?;
    let run: CheckRun = check::run(root, &opts, &ProgressBar::new())?;
    for w in &run.warnings {
        say("warning", w);
    }
    let report = Report {
        files: &run.loaded.set.files,
        findings: &run.findings,
        summary: run.summary.clone(),
        settings: run.settings.clone(),
    };
    let color = color && args.output.is_none() && args.format == report::Format::Human;
    emit(
        &report::render(args.format, &report, color),
        args.output.as_deref(),
    )?;
    for failure in run.loaded.failures.iter().chain(&run.failures) {
        say("error", format_args!("{failure}\n"));
    }
    eprintln!("{}", summary_line(&run));
    if let Some(urls) = &run.summary.urls {
        eprintln!(
            "{} in {:.2} s",
            urls.line(),
            run.summary.duration_ms as f64 / 1000.0
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

/// `checked 17 files: 15 claims in 1 article, 7 outlets: 0 errors, 0 warnings (0.01 s)`
fn summary_line(run: &CheckRun) -> String {
    let s = &run.summary;
    let unread = if s.unreadable == 0 {
        String::new()
    } else {
        format!(", {} unreadable", s.unreadable)
    };
    format!(
        "checked {} file{}{unread}: {} claim{} in {} article{}, {} outlet{}: {} error{}, {} warning{} ({:.2} s)",
        s.files,
        plural(s.files),
        s.claims,
        plural(s.claims),
        s.articles,
        plural(s.articles),
        s.outlets,
        plural(s.outlets),
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        s.duration_ms as f64 / 1000.0
    )
}

/// A progress bar on standard error when it is a terminal; nothing
/// otherwise.
pub(super) struct ProgressBar(indicatif::ProgressBar);

impl ProgressBar {
    pub(super) fn new() -> ProgressBar {
        ProgressBar(indicatif::ProgressBar::hidden())
    }
}

impl Progress for ProgressBar {
    fn start(&self, urls: usize) {
        if !std::io::stderr().is_terminal() {
            return;
        }
        self.0
            .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        self.0.set_length(urls as u64);
        self.0.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} probing {pos}/{len} urls {wide_msg}",
            )
            .expect("a valid template"),
        );
        self.0.enable_steady_tick(Duration::from_millis(120));
    }

    fn done(&self, url: &str) {
        self.0.set_message(url.to_string());
        self.0.inc(1);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
