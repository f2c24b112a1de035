//! The command line's raw arguments: clap's types, the value parsers and
//! the completion candidates (step one of two: `run` turns them into the
//! library's objects).

#[allow(unused_imports)]
use super::*;

#[derive(Parser, Debug)]
#[command(
    name = "claimtrack",
    version,
    about = "Claims from news articles and the sources behind them, kept as TOML in git and checked.",
    after_help = EXIT_CODES
)]
pub(super) struct Args {
    /// The folder that holds claims/ (default: the current folder or the
    /// nearest one above it that has a claims/ folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub(super) root: Option<PathBuf>,

    /// When to color the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub(super) color: ColorChoice,

    #[command(subcommand)]
    pub(super) command: Command,
}

/// `review --format`: the CLI's own value enum for `review::Format`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum ReviewFormat {
    Markdown,
    Json,
}

impl From<ReviewFormat> for crate::review::Format {
    fn from(f: ReviewFormat) -> Self {
        match f {
            ReviewFormat::Markdown => crate::review::Format::Markdown,
            ReviewFormat::Json => crate::review::Format::Json,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub(super) enum Format {
    #[default]
    Text,
    Json,
}

/// `check`'s flags. Those that are also `[check]` keys in claimtrack.toml
/// are options here, so that a flag given wins over the file and the file
/// wins over the default.
#[derive(clap::Args, Debug)]
pub(super) struct CheckArgs {
    /// Check the files' structure only; send no network request.
    #[arg(long)]
    pub(super) offline: bool,
    /// Requests in flight at once, over all hosts [default: 64].
    #[arg(long, value_name = "N", value_parser = config::parse_concurrency)]
    pub(super) concurrency: Option<usize>,
    /// Requests in flight at once to one host [default: 4].
    #[arg(long, value_name = "N", value_parser = config::parse_per_host)]
    pub(super) per_host: Option<usize>,
    /// Seconds a request may take, body included [default: 15].
    #[arg(long, value_name = "SECS", value_parser = config::parse_secs)]
    pub(super) timeout: Option<f64>,
    /// Retries after a 429, a 5xx, a timeout or a reset [default: 2].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=config::MAX_RETRIES as i64))]
    pub(super) retries: Option<u32>,
    /// The longest Retry-After honoured, in seconds [default: 30].
    #[arg(long, value_name = "SECS", value_parser = config::parse_secs)]
    pub(super) max_retry_wait: Option<f64>,
    /// Make transient failures (server-error, timeout, unreachable) errors at once.
    #[arg(long)]
    pub(super) strict: bool,
    /// Neither reuse nor record results in the result store.
    #[arg(long)]
    pub(super) no_cache: bool,
    /// The result store [default: .claimtrack/cache in the repository root].
    #[arg(long, value_name = "PATH")]
    pub(super) cache: Option<PathBuf>,
    /// How long an `ok` result is reused: 24h, 30m, 90s… [default: 24h].
    #[arg(long, value_name = "DURATION", value_parser = config::parse_duration)]
    pub(super) cache_ttl: Option<std::time::Duration>,
    /// The most of a page's body read when looking for an excerpt: bytes,
    /// or with KiB/MiB [default: 2MiB].
    #[arg(long, value_name = "SIZE", value_parser = config::parse_size)]
    pub(super) max_body: Option<usize>,
    #[command(flatten)]
    pub(super) net: NetArgs,
    /// Probe only the URLs of claim files added or modified since REV (the
    /// structure of every file is still checked).
    #[arg(long, value_name = "REV")]
    pub(super) changed_since: Option<String>,
    /// Probe only shard K of N of the URLs (a stable hash splits them), for
    /// a CI matrix; structure findings are reported by shard 1 only.
    #[arg(long, value_name = "K/N", value_parser = Partition::parse)]
    pub(super) partition: Option<Partition>,
    /// The report's format.
    #[arg(long, value_enum, default_value_t = report::Format::Human)]
    pub(super) format: report::Format,
    /// Write the report to FILE (atomically) instead of standard output;
    /// the summary still goes to standard error.
    #[arg(long, value_name = "FILE")]
    pub(super) output: Option<PathBuf>,
}

/// Flags that `check` and `review` share about the network.
#[derive(clap::Args, Debug, Default)]
pub(super) struct NetArgs {
    /// Allow probing 127.0.0.0/8 and ::1 (for local testing). Never read
    /// from claimtrack.toml.
    #[arg(long, env = "CLAIMTRACK_ALLOW_LOOPBACK", value_parser = clap::builder::BoolishValueParser::new())]
    pub(super) allow_loopback: bool,
    /// Allow probing private networks (RFC 1918, CGNAT, IPv6 unique-local).
    /// Never read from claimtrack.toml.
    #[arg(long, env = "CLAIMTRACK_ALLOW_PRIVATE", value_parser = clap::builder::BoolishValueParser::new())]
    pub(super) allow_private: bool,
    /// Resolve HOST to ADDR instead of asking DNS (like curl --resolve);
    /// ADDR is still subject to the address rules. Repeatable.
    #[arg(long, value_name = "HOST=ADDR", value_parser = parse_resolve)]
    pub(super) resolve: Vec<(String, std::net::IpAddr)>,
}

pub(super) fn parse_resolve(s: &str) -> Result<(String, std::net::IpAddr), String> {
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
pub(super) enum NewCommand {
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
pub(super) enum Command {
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
        after_help = "Examples:\n  claimtrack review --base origin/main\n  claimtrack review --base v1 --head v2 --offline\n  claimtrack review --base origin/main --format json"
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
        /// markdown for the reviewer; json for a program (its shape is in
        /// docs/commands.md).
        #[arg(long, value_enum, default_value_t = ReviewFormat::Markdown)]
        format: ReviewFormat,
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
pub(super) fn outlet_candidates() -> Vec<clap_complete::CompletionCandidate> {
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
pub(super) fn claim_candidates() -> Vec<clap_complete::CompletionCandidate> {
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

pub(super) fn completion_set() -> Option<crate::model::ClaimSet> {
    let root = load::find_root(&std::env::current_dir().ok()?).ok()?;
    load::load(&root).ok().map(|l| l.set)
}
