//! The command line: raw arguments (clap) turned into a command, run, and
//! its outcome turned into an exit code. Everything here is thin: the work
//! is done by `check`, `review`, `query` and `report`; this module resolves
//! flags against claimtrack.toml, prints, and draws the progress bar.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{self, CheckRun, Options, Partition, ProbeOptions, Progress};
use crate::config::{self, CheckConfig};
use crate::diag::{Finding, Severity};
use crate::error::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Error};
use crate::load::{self, Loaded};
use crate::model::Status;
use crate::probe::{self, policy::AddressPolicy};
use crate::query::{self, Filter};
use crate::report::{self, Report};
use crate::review;

const EXIT_CODES: &str = "\
Exit status:
  0  no errors (warnings allowed)
  1  at least one finding is an error
  2  claimtrack could not run, or not completely: no claims/ found, bad
     arguments, a bad claimtrack.toml, an unknown git revision, no
     network, an unreadable file or folder, an unwritable --output";

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
    /// The report's format.
    #[arg(long, value_enum, default_value_t = report::Format::Human)]
    format: report::Format,
    /// Write the report to FILE (atomically) instead of standard output;
    /// the summary still goes to standard error.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Flags that `check` and `review` share about the network.
#[derive(clap::Args, Debug, Default)]
struct NetArgs {
    /// Allow probing 127.0.0.0/8 and ::1 (for local testing). Never read
    /// from claimtrack.toml.
    #[arg(long, env = "CLAIMTRACK_ALLOW_LOOPBACK", value_parser = clap::builder::BoolishValueParser::new())]
    allow_loopback: bool,
    /// Allow probing private networks (RFC 1918, CGNAT, IPv6 unique-local).
    /// Never read from claimtrack.toml.
    #[arg(long, env = "CLAIMTRACK_ALLOW_PRIVATE", value_parser = clap::builder::BoolishValueParser::new())]
    allow_private: bool,
    /// Resolve HOST to ADDR instead of asking DNS (like curl --resolve);
    /// ADDR is still subject to the address rules. Repeatable.
    #[arg(long, value_name = "HOST=ADDR", value_parser = parse_resolve)]
    resolve: Vec<(String, std::net::IpAddr)>,
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
enum NewCommand {
    /// claims/SLUG/article.toml
    #[command(
        after_help = "Example:\n  claimtrack new article kremlin-ties --title \"Putin's Strategic Ally\" --outlet eastern-herald"
    )]
    Article {
        /// The article folder's name (kebab-case).
        slug: Option<String>,
        #[arg(long)]
        title: Option<String>,
        /// The outlet id of the publisher.
        #[arg(long, add = clap_complete::ArgValueCandidates::new(outlet_candidates))]
        outlet: Option<String>,
        #[arg(long)]
        url: Option<String>,
        /// YYYY-MM-DD.
        #[arg(long)]
        published: Option<jiff::civil::Date>,
    },
    /// claims/ARTICLE/ID.toml
    #[command(
        after_help = "Example:\n  claimtrack new claim kremlin-ties/debt-2014 --claim \"Russia wrote off 90% of the debt.\" --attributed-to reuters --source https://www.reuters.com/…"
    )]
    Claim {
        /// ARTICLE/ID: the article folder and the claim's id (kebab-case).
        id: Option<String>,
        /// The claim, in one sentence of our own.
        #[arg(long)]
        claim: Option<String>,
        /// The article's own words, verbatim.
        #[arg(long)]
        quote: Option<String>,
        /// The outlet id the article credits.
        #[arg(long, add = clap_complete::ArgValueCandidates::new(outlet_candidates))]
        attributed_to: Option<String>,
        /// The crediting phrase as printed.
        #[arg(long)]
        attribution: Option<String>,
        /// A source URL (its outlet inferred, accessed today). Repeatable.
        #[arg(long = "source", value_name = "URL")]
        sources: Vec<String>,
        #[arg(long, value_enum, default_value_t = Status::Unverified)]
        status: Status,
        /// Repeatable.
        #[arg(long = "topic", value_name = "TOPIC")]
        topics: Vec<String>,
    },
    /// A table in claims/outlets.toml (its comments kept)
    #[command(
        after_help = "Example:\n  claimtrack new outlet tass --name TASS --domain tass.com --domain tass.ru"
    )]
    Outlet {
        /// The outlet's id (kebab-case).
        id: Option<String>,
        #[arg(long)]
        name: Option<String>,
        /// A web domain of the outlet. Repeatable.
        #[arg(long = "domain", value_name = "DOMAIN")]
        domains: Vec<String>,
        #[arg(long)]
        homepage: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate every file under claims/, probe every source URL, and report
    /// every finding.
    #[command(
        after_help = "Examples:\n  claimtrack check\n  claimtrack check --offline\n  claimtrack check --strict --per-host 2 --timeout 30"
    )]
    Check(CheckArgs),
    /// What a pull request changed in the claims, as markdown for its
    /// reviewer: claims added, removed and modified, field by field, the
    /// probe state of every added or changed source URL, and what to look
    /// at twice.
    #[command(
        after_help = "Examples:\n  claimtrack review --base origin/main\n  claimtrack review --base v1 --head v2 --offline"
    )]
    Review {
        /// The revision the changes are compared with.
        #[arg(long, value_name = "REV")]
        base: String,
        /// The revision with the changes [default: the work tree].
        #[arg(long, value_name = "REV")]
        head: Option<String>,
        /// Do not probe the added and changed URLs.
        #[arg(long)]
        offline: bool,
        #[command(flatten)]
        net: NetArgs,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Find a Wayback Machine snapshot for every source without an
    /// `archive` (the one closest to its `accessed` date) and write it into
    /// the claim file, changing nothing else in it.
    #[command(
        after_help = "Examples:\n  claimtrack archive\n  claimtrack archive debt-write-off-2014 --dry-run\n  claimtrack archive --save"
    )]
    Archive {
        /// Claims to archive (ID or ARTICLE/ID); none: every claim.
        #[arg(add = clap_complete::ArgValueCandidates::new(claim_candidates))]
        ids: Vec<String>,
        /// Ask Save Page Now to capture sources that have no snapshot yet.
        #[arg(long)]
        save: bool,
        /// Show the changes as a diff instead of writing them.
        #[arg(long)]
        dry_run: bool,
        /// The availability API's base URL [default: https://archive.org].
        /// Never read from claimtrack.toml.
        #[arg(long, value_name = "URL", env = "CLAIMTRACK_WAYBACK_URL")]
        wayback_url: Option<url::Url>,
        /// Save Page Now's base URL [default: https://web.archive.org].
        /// Never read from claimtrack.toml.
        #[arg(long, value_name = "URL", env = "CLAIMTRACK_SAVE_URL")]
        save_url: Option<url::Url>,
    },
    /// Create an article, a claim or an outlet: checked before it is
    /// written, never over an existing file. Missing values are asked for
    /// on a terminal.
    #[command(
        after_help = "Examples:\n  claimtrack new article kremlin-ties --title \"Putin's Ally\" --outlet eastern-herald\n  claimtrack new claim kremlin-ties/debt-2014 --claim \"Russia wrote off the debt.\" --source https://www.reuters.com/…\n  claimtrack new outlet tass --name TASS --domain tass.com"
    )]
    New {
        #[command(subcommand)]
        what: NewCommand,
        /// Print the file instead of writing it.
        #[arg(long, global = true)]
        dry_run: bool,
    },
    /// Put claim, article and outlets files in their canonical form
    /// (comments kept); with --check, list those that are not and exit 1.
    #[command(
        after_help = "Examples:\n  claimtrack fmt\n  claimtrack fmt --check\n  claimtrack fmt claims/kremlin-north-korea-ties"
    )]
    Fmt {
        /// Files or folders to format [default: everything in claims/].
        paths: Vec<PathBuf>,
        /// Change nothing: list the files that would change, exit 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Write a static HTML site of the claims: an index with filters and a
    /// search, and a page per claim; probe states from the result store.
    #[command(
        after_help = "Example:\n  claimtrack report --html site/  # then open site/index.html"
    )]
    Report {
        /// The folder to write the site to.
        #[arg(long, value_name = "DIR")]
        html: PathBuf,
        /// The result store to take probe states from [default:
        /// .claimtrack/cache in the repository root].
        #[arg(long, value_name = "PATH")]
        cache: Option<PathBuf>,
    },
    /// Export the claims: schema.org ClaimReview, CSV or CSL-JSON.
    #[command(
        after_help = "Examples:\n  claimtrack export --format csv --output claims.csv\n  claimtrack export --format claimreview\n  claimtrack export --format csl-json --output sources.json"
    )]
    Export {
        #[arg(long, value_enum)]
        format: crate::export::Format,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the shell's completion script: commands, flags, and outlet
    /// and claim ids from the claims/ where you type.
    #[command(
        after_help = "Examples:\n  claimtrack completions bash > ~/.local/share/bash-completion/completions/claimtrack\n  claimtrack completions zsh > \"${fpath[1]}/_claimtrack\"\n  claimtrack completions fish > ~/.config/fish/completions/claimtrack.fish"
    )]
    Completions {
        #[arg(value_parser = ["bash", "zsh", "fish", "powershell", "elvish"])]
        shell: String,
    },
    /// Print the man page (roff), or write claimtrack.1 to a folder.
    #[command(
        after_help = "Examples:\n  claimtrack man | man -l -\n  claimtrack man --dir ~/.local/share/man/man1"
    )]
    Man {
        /// Write claimtrack.1 to DIR.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print the JSON Schema (draft 2020-12) of claim, article or outlets
    /// files, or write all three to a folder.
    #[command(
        after_help = "Examples:\n  claimtrack schema claim\n  claimtrack schema --dir schema"
    )]
    Schema {
        /// Which file's schema to print.
        #[arg(value_parser = ["claim", "article", "outlets"], required_unless_present = "dir")]
        kind: Option<String>,
        /// Write claim.schema.json, article.schema.json and
        /// outlets.schema.json to DIR.
        #[arg(long, value_name = "DIR", conflicts_with = "kind")]
        dir: Option<PathBuf>,
    },
    /// One line per claim: id, status, credited outlet, claim.
    #[command(
        after_help = "Examples:\n  claimtrack list --source reuters\n  claimtrack list --source \"The Washington Post\" --status unlocated\n  claimtrack list --format json"
    )]
    List {
        /// Claims credited to this outlet or citing a source from it: an
        /// outlet id, name or domain.
        #[arg(long, value_name = "OUTLET", add = clap_complete::ArgValueCandidates::new(outlet_candidates))]
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
        #[arg(add = clap_complete::ArgValueCandidates::new(claim_candidates))]
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Outlet ids (and names) for shell completion, from the claims/ found
/// from the current folder; none when there is none.
fn outlet_candidates() -> Vec<clap_complete::CompletionCandidate> {
    let Some(set) = completion_set() else {
        return Vec::new();
    };
    set.outlets
        .iter()
        .map(|o| {
            clap_complete::CompletionCandidate::new(o.id.value.clone())
                .help(Some(o.name.value.clone().into()))
        })
        .collect()
}

/// Claim ids (`ARTICLE/ID`) for shell completion.
fn claim_candidates() -> Vec<clap_complete::CompletionCandidate> {
    let Some(set) = completion_set() else {
        return Vec::new();
    };
    set.claims
        .iter()
        .map(|c| {
            clap_complete::CompletionCandidate::new(c.full_id())
                .help(Some(c.claim.value.clone().into()))
        })
        .collect()
}

fn completion_set() -> Option<crate::model::ClaimSet> {
    let root = load::find_root(&std::env::current_dir().ok()?).ok()?;
    load::load(&root).ok().map(|l| l.set)
}

/// Runs claimtrack with the process's arguments; returns the exit code.
pub fn main() -> i32 {
    // A shell asking for completions (COMPLETE=bash …) is answered here.
    clap_complete::CompleteEnv::with_factory(<Args as clap::CommandFactory>::command).complete();
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
            say("error", &e);
            e.exit_code()
        }
    }
}

fn run(args: Args) -> Result<i32, Error> {
    // Found when a command needs it: `schema` does not.
    let find_root = || match &args.root {
        Some(dir) => Ok(dir.clone()),
        None => {
            let cwd = std::env::current_dir().map_err(|source| Error::ReadDir {
                path: ".".into(),
                source,
            })?;
            load::find_root(&cwd)
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
        Command::Schema { kind, dir } => schema(kind.as_deref(), dir.as_deref()),
        Command::Completions { shell } => {
            let shells = clap_complete::env::Shells::builtins();
            let completer = shells.completer(&shell).expect("clap checked the shell");
            let mut script = Vec::new();
            completer
                .write_registration(
                    "COMPLETE",
                    "claimtrack",
                    "claimtrack",
                    "claimtrack",
                    &mut script,
                )
                .map_err(Error::Output)?;
            print(&String::from_utf8_lossy(&script))?;
            Ok(EXIT_OK)
        }
        Command::Man { dir } => {
            let mut page = Vec::new();
            clap_mangen::Man::new(<Args as clap::CommandFactory>::command())
                .render(&mut page)
                .map_err(Error::Output)?;
            let page = String::from_utf8_lossy(&page).into_owned();
            match dir {
                Some(dir) => {
                    std::fs::create_dir_all(&dir).map_err(|source| Error::WriteOutput {
                        path: dir.clone(),
                        source,
                    })?;
                    emit(&page, Some(&dir.join("claimtrack.1")))?;
                }
                None => print(&page)?,
            }
            Ok(EXIT_OK)
        }
        Command::Fmt { paths, check } => fmt(&find_root()?, &paths, check),
        Command::Report { html, cache } => {
            let root = find_root()?;
            let (loaded, findings) = check::analyze(&root, latest_date()?)?;
            if let Some(refused) = crate::site::refusal(&findings, &loaded.set.files, color) {
                print(&refused)?;
                eprintln!(
                    "error: report refused: names that break the naming rules would become file and link names; nothing was written\n  help: rename them as shown, then run `claimtrack report` again"
                );
                return Ok(EXIT_FINDINGS);
            }
            warn_if_broken(&loaded, &findings);
            let store_path = cache.unwrap_or_else(|| root.join(".claimtrack").join("cache"));
            let store = store_path
                .exists()
                .then(|| crate::store::Store::open(&store_path));
            if let Some(w) = store.as_ref().and_then(|s| s.warning.as_ref()) {
                say("warning", w);
            }
            if store.is_none() {
                eprintln!(
                    "note: no result store at {}: sources are shown as not checked (run `claimtrack check` first)",
                    store_path.display()
                );
            }
            let pages = crate::site::write(&loaded.set, store.as_ref(), &html)?;
            eprintln!("wrote {pages} pages to {}", html.display());
            Ok(EXIT_OK)
        }
        Command::Export { format, output } => {
            let root = find_root()?;
            let (loaded, findings) = check::analyze(&root, latest_date()?)?;
            warn_if_broken(&loaded, &findings);
            let text = match format {
                crate::export::Format::Csv => crate::export::csv(&loaded.set)?,
                crate::export::Format::CslJson => crate::export::csl_json(&loaded.set),
                crate::export::Format::Claimreview => {
                    let cfg = load_config(&root)?;
                    let p = cfg.publisher.unwrap_or_default();
                    let missing: Vec<&str> = [("name", &p.name), ("url", &p.url)]
                        .iter()
                        .filter(|(_, v)| v.as_deref().is_none_or(|v| v.trim().is_empty()))
                        .map(|(k, _)| *k)
                        .collect();
                    if !missing.is_empty() {
                        return Err(Error::Config {
                            path: config::CONFIG_FILE.into(),
                            message: format!(
                                "ClaimReview needs its publisher: [publisher] lacks {}\n  help: add to claimtrack.toml:\n    [publisher]\n    name = \"Your fact-checking desk\"\n    url = \"https://…\"",
                                missing.join(" and ")
                            ),
                        });
                    }
                    let publisher = crate::export::Publisher {
                        name: p.name.unwrap_or_default(),
                        url: p.url.unwrap_or_default(),
                    };
                    crate::export::claimreview(&loaded.set, &publisher)
                }
            };
            emit(&text, output.as_deref())?;
            Ok(EXIT_OK)
        }
        Command::New { what, dry_run } => new(&find_root()?, what, dry_run, color),
        Command::Check(check_args) => check(&find_root()?, &check_args, color),
        Command::Review {
            base,
            head,
            offline,
            net,
            output,
        } => {
            let root = find_root()?;
            let probe = (!offline)
                .then(|| Ok::<_, Error>(probe_settings(&net, &load_config(&root)?.check, None)));
            let opts = review::Options {
                base,
                head,
                probe: probe.transpose()?,
                latest_date: latest_date()?,
            };
            let text = review::review(&root, &opts, &ProgressBar::new())?;
            emit(&text, output.as_deref())?;
            Ok(EXIT_OK)
        }
        Command::Archive {
            ids,
            save,
            dry_run,
            wayback_url,
            save_url,
        } => {
            let root = find_root()?;
            let cfg = load_config(&root)?;
            let base = |flag: Option<url::Url>, default: &str| {
                flag.unwrap_or_else(|| url::Url::parse(default).expect("the default parses"))
            };
            let opts = crate::archive::Options {
                ids,
                save,
                dry_run,
                wayback_url: base(wayback_url, crate::archive::DEFAULT_WAYBACK_URL),
                save_url: base(save_url, crate::archive::DEFAULT_SAVE_URL),
                timeout: cfg
                    .check
                    .timeout
                    .map_or(Duration::from_secs(30), Duration::from_secs_f64),
                today: today()?,
            };
            let (loaded, findings) = check::analyze(&root, latest_date()?)?;
            warn_if_broken(&loaded, &findings);
            let run = crate::archive::run(&loaded.set, &opts)?;
            print(&run.diff)?;
            for (url, why) in &run.failed {
                say("error", format_args!("cannot look up {url}: {why}"));
            }
            for path in &run.changed_meanwhile {
                say(
                    "error",
                    format_args!(
                        "{} changed on disk while claimtrack ran; it was not written: run again",
                        path.display()
                    ),
                );
            }
            for url in &run.without_snapshot {
                let more = if save { "" } else { " (--save asks for one)" };
                say("note", format_args!("no snapshot of {url}{more}"));
            }
            let sources: usize = run.written.values().sum();
            let verb = if dry_run {
                "would be archived"
            } else {
                "archived"
            };
            eprintln!(
                "{sources} source{} {verb} in {} file{}; {} without a snapshot; {} failed",
                plural(sources),
                run.written.len(),
                plural(run.written.len()),
                run.without_snapshot.len(),
                run.failed.len() + run.changed_meanwhile.len()
            );
            Ok(
                if run.failed.is_empty() && run.changed_meanwhile.is_empty() {
                    EXIT_OK
                } else {
                    EXIT_FAILURE
                },
            )
        }
        Command::List {
            source,
            status,
            topic,
            article,
            format,
        } => {
            let root = find_root()?;
            let (loaded, findings) = check::analyze(&root, latest_date()?)?;
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
            let root = find_root()?;
            let (loaded, findings) = check::analyze(&root, latest_date()?)?;
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

/// A path from the checkout, shown on one line, inert in a terminal and a
/// CI log.
fn inert(path: &Path) -> String {
    let shown = path.display().to_string();
    crate::escape::workflow_lines(&crate::escape::terminal_line(&shown)).into_owned()
}

/// A message on standard error, inert in a terminal and a CI log: it may
/// hold file names and text from the checkout.
fn say(level: &str, message: impl std::fmt::Display) {
    let text = format!("{level}: {message}");
    eprintln!(
        "{}",
        crate::escape::workflow_lines(&crate::escape::terminal(&text))
    );
}

fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::Output)
}

/// The latest date that is not in the future: today plus a day of slack,
/// so that a date written east of UTC is never "in the future".
fn latest_date() -> Result<jiff::civil::Date, Error> {
    let today = today()?;
    today.tomorrow().map_err(|_| Error::BadEnv {
        name: "CLAIMTRACK_TODAY",
        value: today.to_string(),
        expected: "a date like 2026-11-28, before 9999-12-31",
    })
}

/// claimtrack.toml, with a warning printed for each key that is ignored.
fn load_config(root: &Path) -> Result<config::Config, Error> {
    let cfg = config::load(root)?;
    for w in cfg.ignored() {
        say("warning", &w);
    }
    Ok(cfg)
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
        say("warning", failure);
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

/// Asks for missing values on a terminal; without one, says which flags
/// are missing.
struct Asker {
    terminal: bool,
    missing: Vec<&'static str>,
}

impl Asker {
    fn new() -> Asker {
        Asker {
            terminal: std::io::stdin().is_terminal(),
            missing: Vec::new(),
        }
    }

    /// The value given, or asked for (`flag` names it when it cannot be).
    fn value(
        &mut self,
        given: Option<String>,
        flag: &'static str,
        question: &str,
    ) -> Result<String, Error> {
        if let Some(v) = given.filter(|v| !v.trim().is_empty()) {
            return Ok(v);
        }
        if !self.terminal {
            self.missing.push(flag);
            return Ok(String::new());
        }
        loop {
            eprint!("{question}: ");
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            if std::io::stdin()
                .read_line(&mut line)
                .map_err(Error::Output)?
                == 0
            {
                return Err(Error::Usage {
                    message: format!("no value for {flag}"),
                    help: format!("pass {flag}"),
                });
            }
            let line = line.trim();
            if !line.is_empty() {
                return Ok(line.to_string());
            }
        }
    }

    /// Fails when values were missing and there was no terminal to ask.
    fn done(&self) -> Result<(), Error> {
        if self.missing.is_empty() {
            return Ok(());
        }
        Err(Error::Usage {
            message: format!("missing {}", self.missing.join(", ")),
            help: "pass them, or run on a terminal to be asked".into(),
        })
    }

    /// A kebab-case id: offered its kebab-case form when it is not one.
    fn id(&mut self, id: String, what: &str) -> Result<String, Error> {
        let len = id.chars().count();
        if len > crate::ids::MAX_ID_LEN {
            return Err(Error::Usage {
                message: format!("{what} is {len} characters long"),
                help: format!(
                    "shorten it to at most {} characters: it is a file name",
                    crate::ids::MAX_ID_LEN
                ),
            });
        }
        if id.is_empty() || crate::ids::is_kebab_case(&id) {
            return Ok(id);
        }
        let fixed = crate::ids::to_kebab_case(&id);
        if self.terminal && !fixed.is_empty() {
            eprint!("{what} `{id}` is not kebab-case. Use `{fixed}`? [Y/n] ");
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(Error::Output)?;
            if matches!(line.trim(), "" | "y" | "Y" | "yes") {
                return Ok(fixed);
            }
        }
        Err(Error::Usage {
            message: format!("{what} `{id}` is not kebab-case"),
            help: format!("use `{fixed}`"),
        })
    }
}

fn new(root: &Path, what: NewCommand, dry_run: bool, color: bool) -> Result<i32, Error> {
    use crate::create;
    let latest = latest_date()?;
    let set = create::analyze(root, latest)?;
    let mut ask = Asker::new();
    let outlets = || {
        set.outlets
            .iter()
            .map(|o| format!("{} ({})", o.id.value, o.name.value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (shown, text, before, replace) = match what {
        NewCommand::Article {
            slug,
            title,
            outlet,
            url,
            published,
        } => {
            let slug = ask.value(slug, "SLUG", "Article folder (kebab-case)")?;
            let slug = ask.id(slug, "article folder")?;
            let title = ask.value(title, "--title", "Title")?;
            let outlet = ask.value(outlet, "--outlet", &format!("Outlet ({})", outlets()))?;
            ask.done()?;
            let spec = create::ArticleSpec {
                slug,
                title,
                outlet,
                url,
                published,
            };
            (
                create::article_path(&spec.slug),
                create::article_text(&spec),
                0,
                false,
            )
        }
        NewCommand::Claim {
            id,
            claim,
            quote,
            attributed_to,
            attribution,
            sources,
            status,
            topics,
        } => {
            let full = ask.value(id, "ARTICLE/ID", "Claim (ARTICLE/ID)")?;
            let (article, id) = match full.split_once('/') {
                Some((a, i)) if a.is_empty() || i.is_empty() || i.contains('/') => {
                    return Err(Error::Usage {
                        message: format!("`{full}` is not ARTICLE/ID: a part is missing"),
                        help: "name the article folder and the claim: kremlin-ties/debt-2014"
                            .into(),
                    });
                }
                Some((a, i)) => (a.to_string(), i.to_string()),
                None if full.is_empty() => (String::new(), String::new()),
                None => {
                    return Err(Error::Usage {
                        message: format!("`{full}` is not ARTICLE/ID"),
                        help: "name the article folder and the claim: kremlin-ties/debt-2014"
                            .into(),
                    });
                }
            };
            if !article.is_empty() && set.article(&article).is_none() {
                return Err(Error::Usage {
                    message: format!("no article `{article}`"),
                    help: format!(
                        "create it first: claimtrack new article {article} --title … --outlet …"
                    ),
                });
            }
            let id = ask.id(id, "claim id")?;
            let claim = ask.value(claim, "--claim", "The claim, in one sentence of our own")?;
            ask.done()?;
            let spec = create::ClaimSpec {
                article,
                id,
                claim,
                quote,
                attributed_to,
                attribution,
                sources,
                status,
                topics,
            };
            (
                create::claim_path(&spec.article, &spec.id),
                create::claim_text(&spec, &set, today()?),
                0,
                false,
            )
        }
        NewCommand::Outlet {
            id,
            name,
            domains,
            homepage,
        } => {
            let id = ask.value(id, "ID", "Outlet id (kebab-case)")?;
            let id = ask.id(id, "outlet id")?;
            let name = ask.value(name, "--name", "Name")?;
            ask.done()?;
            if set.outlet(&id).is_some() {
                return Err(Error::Usage {
                    message: format!("outlet `{id}` exists already"),
                    help: "edit claims/outlets.toml, or choose another id".into(),
                });
            }
            let existing =
                std::fs::read_to_string(root.join(create::outlets_path())).unwrap_or_default();
            let spec = create::OutletSpec {
                id,
                name,
                domains,
                homepage,
            };
            let before = existing.len();
            (
                create::outlets_path(),
                create::outlets_text(&existing, &spec),
                before,
                true,
            )
        }
    };
    if !replace && root.join(&shown).exists() {
        return Err(Error::Exists { path: shown });
    }
    if let Err(refused) = create::validate(root, &shown, &text, latest, before)? {
        print(&crate::report::human::human(
            &refused.findings,
            &refused.set.files,
            color,
        ))?;
        eprintln!(
            "{} was not written: it would not pass `claimtrack check`",
            shown.display()
        );
        return Ok(EXIT_FINDINGS);
    }
    if dry_run {
        print(&text)?;
        return Ok(EXIT_OK);
    }
    let path = root.join(&shown);
    if replace {
        // outlets.toml: only if nobody changed it since it was read.
        let now = std::fs::read_to_string(&path).unwrap_or_default();
        if now.len() != before || !text.starts_with(&now) {
            return Err(Error::Usage {
                message: format!(
                    "{} changed on disk while claimtrack ran; nothing was written",
                    shown.display()
                ),
                help: "run again".into(),
            });
        }
        crate::files::write_atomic(&path, text.as_bytes()).map_err(|source| {
            Error::WriteOutput {
                path: shown.clone(),
                source,
            }
        })?;
    } else {
        create::write_new(&path, &text).map_err(|e| match e {
            Error::Exists { .. } => Error::Exists {
                path: shown.clone(),
            },
            Error::WriteOutput { source, .. } => Error::WriteOutput {
                path: shown.clone(),
                source,
            },
            other => other,
        })?;
    }
    if replace {
        eprintln!("added to {}", shown.display());
    } else {
        eprintln!("created {}", shown.display());
    }
    Ok(EXIT_OK)
}

fn fmt(root: &Path, paths: &[PathBuf], check: bool) -> Result<i32, Error> {
    let found = crate::format::files(root, paths)?;
    let show = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let mut changed = 0;
    let mut broken = 0;
    let mut skipped = 0;
    for skip in found.skipped {
        match skip {
            crate::format::Skipped::Outside { path, folder } => {
                let what = if folder { "folder" } else { "file" };
                eprintln!(
                    "warning: skipped {}: a symlink to a {what} outside claims/\n  help: it is not read: put the {what} itself in claims/, or remove the link",
                    inert(&show(&path))
                );
                skipped += 1;
            }
            crate::format::Skipped::Unreadable { path, source } => {
                let path = show(&path);
                say("error", &Error::ReadFile { path, source });
                broken += 1;
            }
        }
    }
    for file in &found.files {
        let shown = show(&file.path);
        // Read and written where a symlink points, so that it stays one.
        let text = std::fs::read_to_string(&file.real).map_err(|source| Error::ReadFile {
            path: shown.clone(),
            source,
        })?;
        let formatted = match crate::format::format(&text, file.kind) {
            Ok(f) => f,
            Err(why) => {
                eprintln!(
                    "error: cannot format {}: {why}\n  help: `claimtrack check --offline` shows where",
                    inert(&shown)
                );
                broken += 1;
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        changed += 1;
        if check {
            println!("{}", inert(&shown));
            continue;
        }
        // Written only if nobody changed it since it was read.
        if std::fs::read_to_string(&file.real).ok().as_deref() != Some(text.as_str()) {
            eprintln!(
                "error: {} changed on disk while claimtrack ran; run again",
                inert(&shown)
            );
            broken += 1;
            continue;
        }
        crate::files::write_atomic(&file.real, formatted.as_bytes()).map_err(|source| {
            Error::WriteOutput {
                path: shown.clone(),
                source,
            }
        })?;
        println!("formatted {}", inert(&shown));
    }
    let verb = if check { "would be " } else { "" };
    let n = found.files.len();
    let mut summary = format!("{n} file{}: {changed} {verb}reformatted", plural(n));
    if skipped > 0 {
        summary += &format!(", {skipped} skipped (symlinks out of the repository)");
    }
    eprintln!("{summary}");
    Ok(if broken > 0 {
        EXIT_FAILURE
    } else if skipped > 0 || (check && changed > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn schema(kind: Option<&str>, dir: Option<&Path>) -> Result<i32, Error> {
    if let Some(kind) = kind {
        print(&crate::schema::text(kind).expect("clap checked the kind"))?;
        return Ok(EXIT_OK);
    }
    let dir = dir.expect("clap requires a kind or --dir");
    std::fs::create_dir_all(dir).map_err(|source| Error::WriteOutput {
        path: dir.to_path_buf(),
        source,
    })?;
    for (kind, file) in crate::schema::KINDS {
        let text = crate::schema::text(kind).expect("a known kind");
        emit(&text, Some(&dir.join(file)))?;
    }
    Ok(EXIT_OK)
}

/// Prints `text`, or writes it atomically to `output`.
fn emit(text: &str, output: Option<&Path>) -> Result<(), Error> {
    match output {
        Some(path) => {
            crate::files::write_atomic(path, text.as_bytes()).map_err(|source| Error::WriteOutput {
                path: path.to_path_buf(),
                source,
            })
        }
        None => print(text),
    }
}

/// The probe's settings: a flag given wins over claimtrack.toml, which
/// wins over the default.
fn probe_settings(net: &NetArgs, cfg: &CheckConfig, args: Option<&CheckArgs>) -> probe::Settings {
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

fn check(root: &Path, args: &CheckArgs, color: bool) -> Result<i32, Error> {
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
struct ProgressBar(indicatif::ProgressBar);

impl ProgressBar {
    fn new() -> ProgressBar {
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
