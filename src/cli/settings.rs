//! Settings, resolved in one place: a flag given wins over claimtrack.toml,
//! which wins over the default. Keys that widen what claimtrack may reach
//! (the address policy, `--resolve`, the archive's URLs) come from flags
//! and the environment only, never from the file (see
//! `config::IGNORED_KEYS`). Also here: the root, the color choice and the
//! dates, which come from flags and the environment.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::civil::Date;

use super::output::say;
use super::value_enums::ColorChoice;
use crate::check::exclude::{self, UrlFilter};
use crate::config::{self, Config};
use crate::error::{Error, LoadError, SettingsError};
use crate::probe::{self, AddressPolicy};

/// How long an `ok` result is reused by default.
const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(24 * 3600);
/// How long `archive` waits for an answer by default.
const DEFAULT_ARCHIVE_TIMEOUT: Duration = Duration::from_secs(30);

/// What every command may need from the global flags.
pub(super) struct Context {
    /// `--root`; `None`: found from the current folder.
    root: Option<PathBuf>,
    /// Whether standard output gets color.
    pub(super) color: bool,
    /// How much is said on standard error.
    pub(super) talk: Talk,
}

/// `--config PATH`, set once when the command line is read: every
/// command's settings come from it instead of claimtrack.toml.
static CONFIG: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Takes `--config PATH` for this run.
pub(super) fn use_config(path: PathBuf) {
    let _ = CONFIG.set(path);
}

/// How much is said on standard error: `-q`, `-v`, `--no-progress`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Talk {
    /// No summary lines.
    pub(super) quiet: bool,
    /// Each URL's result as it arrives.
    pub(super) verbose: bool,
    /// A bar on a terminal, lines in CI.
    pub(super) progress: bool,
}

impl Default for Talk {
    fn default() -> Talk {
        Talk {
            quiet: false,
            verbose: false,
            progress: true,
        }
    }
}

impl Context {
    pub(super) fn new(root: Option<PathBuf>, color: ColorChoice) -> Context {
        let color = super::color::decide(color);
        Context {
            root,
            color,
            talk: Talk::default(),
        }
    }

    pub(super) fn talk(self, talk: Talk) -> Context {
        Context { talk, ..self }
    }

    /// The folder that holds claims/: `--root`, or the current folder or
    /// the nearest one above it with a claims/ folder. Found only when a
    /// command needs it: `schema` does not.
    pub(super) fn root(&self) -> Result<PathBuf, Error> {
        match &self.root {
            Some(dir) => Ok(dir.clone()),
            None => {
                let cwd = std::env::current_dir().map_err(|source| LoadError::ReadDir {
                    path: ".".into(),
                    source,
                })?;
                crate::load::find_root(&cwd)
            }
        }
    }
}

/// The latest date that is not in the future: today plus a day of slack,
/// so that a date written east of UTC is never "in the future".
pub(super) fn latest_date() -> Result<Date, Error> {
    let today = today()?;
    today.tomorrow().map_err(|_| {
        SettingsError::BadEnv {
            name: "CLAIMTRACK_TODAY",
            value: today.to_string(),
            expected: "a date like 2026-11-28, before 9999-12-31",
        }
        .into()
    })
}

/// Today's date in UTC, or `CLAIMTRACK_TODAY` (YYYY-MM-DD) when set, so that
/// runs can be reproduced.
pub(super) fn today() -> Result<Date, Error> {
    if let Some(v) = std::env::var_os("CLAIMTRACK_TODAY") {
        let v = v.to_string_lossy();
        return v.parse().map_err(|_| {
            SettingsError::BadEnv {
                name: "CLAIMTRACK_TODAY",
                value: v.into_owned(),
                expected: "a date like 2026-11-28",
            }
            .into()
        });
    }
    Ok(jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date())
}

/// A flag given, else the file's value, else the default.
fn pick<T>(flag: Option<T>, file: Option<T>, default: T) -> T {
    flag.or(file).unwrap_or(default)
}

/// The probe's flags that claimtrack.toml's `[check]` table may also set;
/// `None`: not given.
#[derive(Clone, Debug, Default)]
pub(super) struct ProbeFlags {
    pub(super) concurrency: Option<usize>,
    pub(super) per_host: Option<usize>,
    pub(super) timeout: Option<f64>,
    pub(super) retries: Option<u32>,
    pub(super) max_retry_wait: Option<f64>,
    pub(super) max_body: Option<usize>,
    pub(super) accept: Option<probe::rules::Accept>,
    pub(super) headers: Vec<probe::rules::Header>,
    pub(super) user_agent: Option<String>,
}

/// claimtrack.toml, read by a command that needs it, and every setting it
/// may hold, resolved against the flags and the defaults.
pub(super) struct Settings {
    root: PathBuf,
    config: Config,
}

impl Settings {
    /// Reads claimtrack.toml in `root`, with a warning printed for each key
    /// that is ignored.
    pub(super) fn load(root: &Path) -> Result<Settings, Error> {
        let config = match CONFIG.get() {
            Some(path) => config::load_file(path, path, true)?,
            None => config::load(root)?,
        };
        for w in config.ignored() {
            say("warning", &w);
        }
        Ok(Settings {
            root: root.to_path_buf(),
            config,
        })
    }

    /// The URLs left out: `--include` patterns, and as excludes the
    /// `--exclude` patterns, `[check] exclude` and .claimtrackignore.
    pub(super) fn url_filter(
        &self,
        include: &[regex::Regex],
        exclude: &[regex::Regex],
    ) -> Result<UrlFilter, Error> {
        let mut excludes = exclude.to_vec();
        for pattern in self.config.check.exclude.iter().flatten() {
            excludes.push(exclude::parse_pattern(pattern).expect("checked when read"));
        }
        excludes.extend(exclude::read_ignore_file(&self.root)?);
        Ok(UrlFilter::new(include.to_vec(), excludes))
    }

    /// The probe's settings.
    pub(super) fn probe(&self, flags: &ProbeFlags, net: &NetArgs) -> probe::Settings {
        let defaults = probe::Settings::default();
        let cfg = &self.config.check;
        let secs = |flag: Option<f64>, file: Option<f64>, default: Duration| {
            flag.or(file).map_or(default, Duration::from_secs_f64)
        };
        let max_body = cfg
            .max_body
            .as_deref()
            .map(|s| config::parse_size(s).expect("checked when the config was loaded"));
        probe::Settings {
            concurrency: pick(flags.concurrency, cfg.concurrency, defaults.concurrency),
            per_host: pick(flags.per_host, cfg.per_host, defaults.per_host),
            timeout: secs(flags.timeout, cfg.timeout, defaults.timeout),
            max_body: pick(flags.max_body, max_body, defaults.max_body),
            retries: pick(flags.retries, cfg.retries, defaults.retries),
            max_retry_wait: secs(
                flags.max_retry_wait,
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
            user_agent: flags
                .user_agent
                .clone()
                .unwrap_or_else(|| defaults.user_agent.clone()),
            rules: self.rules(flags),
            ..defaults
        }
    }

    /// The accepted codes (`--accept`, else `[check] accept`), the headers
    /// of every request (`--header`) and `[[check.hosts]]`.
    fn rules(&self, flags: &ProbeFlags) -> probe::rules::Rules {
        let cfg = &self.config.check;
        let accept = cfg
            .accept
            .as_deref()
            .map(|a| probe::rules::Accept::parse(a).expect("checked when read"));
        let hosts = cfg.hosts.iter().flatten();
        probe::rules::Rules {
            accept: flags.accept.clone().or(accept),
            headers: flags.headers.clone(),
            // From the environment only, as CI sets it; never from a file.
            github_token: std::env::var("GITHUB_TOKEN")
                .ok()
                .and_then(|t| probe::rules::github_authorization(&t)),
            hosts: hosts
                .map(|h| h.rule().expect("checked when read"))
                .collect(),
        }
    }

    /// `--strict`, or `strict = true`.
    pub(super) fn strict(&self, flag: bool) -> bool {
        flag || self.config.check.strict == Some(true)
    }

    /// `--no-cache`, or `no-cache = true`.
    pub(super) fn no_cache(&self, flag: bool) -> bool {
        flag || self.config.check.no_cache == Some(true)
    }

    /// The result store, where `check` writes it and `report` reads it:
    /// `--cache` as it is, else `cache` or the default, both of which must
    /// stay inside the repository (see `config::store_path`).
    pub(super) fn store(&self, flag: Option<&Path>) -> Result<PathBuf, Error> {
        config::store_path(&self.root, flag, self.config.check.cache.as_deref())
    }

    /// How long an `ok` result is reused.
    pub(super) fn cache_ttl(&self, flag: Option<Duration>) -> Duration {
        let file = self
            .config
            .check
            .cache_ttl
            .as_deref()
            .map(|s| config::parse_duration(s).expect("checked when the config was loaded"));
        pick(flag, file, DEFAULT_CACHE_TTL)
    }

    /// How long `archive` waits for an answer: `[check] timeout`, or 30 s.
    pub(super) fn archive_timeout(&self) -> Duration {
        self.config
            .check
            .timeout
            .map_or(DEFAULT_ARCHIVE_TIMEOUT, Duration::from_secs_f64)
    }

    /// Who publishes the reviews: `[publisher]`, which must name both.
    /// `[publisher]` when the table is there (complete, else an error);
    /// none when it is not.
    pub(super) fn publisher_if_any(&self) -> Result<Option<crate::export::Publisher>, Error> {
        match &self.config.publisher {
            Some(_) => self.publisher().map(Some),
            None => Ok(None),
        }
    }

    pub(super) fn publisher(&self) -> Result<crate::export::Publisher, Error> {
        let (name, url) = match &self.config.publisher {
            Some(p) => (p.name.clone(), p.url.clone()),
            None => (None, None),
        };
        let missing: Vec<&str> = [("name", &name), ("url", &url)]
            .iter()
            .filter(|(_, v)| v.as_deref().is_none_or(|v| v.trim().is_empty()))
            .map(|(k, _)| *k)
            .collect();
        if !missing.is_empty() {
            return Err(SettingsError::Config {
                path: config::CONFIG_FILE.into(),
                message: format!(
                    "ClaimReview needs its publisher: [publisher] lacks {}",
                    missing.join(" and ")
                ),
                help: Some("add to claimtrack.toml:\n    [publisher]\n    name = \"Your fact-checking desk\"\n    url = \"https://…\"".into()),
            }
            .into());
        }
        Ok(crate::export::Publisher {
            name: name.unwrap_or_default(),
            url: url.unwrap_or_default(),
        })
    }
}

/// A base URL that is never read from claimtrack.toml: the flag (or its
/// environment variable), else the default.
pub(super) fn base_url(flag: Option<url::Url>, default: &str) -> url::Url {
    flag.unwrap_or_else(|| url::Url::parse(default).expect("the default parses"))
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

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use super::{NetArgs, ProbeFlags, Settings};

    /// Settings from `toml`, in a repository that does not exist: the
    /// store path is then refused, as it cannot be shown to be inside.
    fn settings(toml: &str) -> Settings {
        Settings {
            root: "/nonexistent/repo".into(),
            config: toml::from_str(toml).unwrap(),
        }
    }

    #[test]
    fn a_flag_beats_the_file_which_beats_the_default() {
        let file = settings(
            "[check]\nconcurrency = 8\ntimeout = 5\nmax-body = \"4KiB\"\ncache-ttl = \"1h\"\nstrict = true\ncache = \"state/r.json\"\n",
        );
        let none = settings("");
        let flags = ProbeFlags {
            concurrency: Some(2),
            timeout: Some(1.5),
            max_body: Some(2048),
            ..ProbeFlags::default()
        };
        let net = NetArgs::default();
        let (given, from_file) = (
            file.probe(&flags, &net),
            file.probe(&ProbeFlags::default(), &net),
        );
        let default = none.probe(&ProbeFlags::default(), &net);
        assert_eq!(
            [
                given.concurrency,
                from_file.concurrency,
                default.concurrency
            ],
            [2, 8, 64]
        );
        assert_eq!(given.timeout, Duration::from_millis(1500));
        assert_eq!(from_file.timeout, Duration::from_secs(5));
        assert_eq!(default.timeout, Duration::from_secs(15));
        assert_eq!([given.max_body, from_file.max_body], [2048, 4096]);
        assert_eq!(from_file.per_host, default.per_host);
        let minute = Some(Duration::from_secs(60));
        assert_eq!(file.cache_ttl(minute), Duration::from_secs(60));
        assert_eq!(file.cache_ttl(None), Duration::from_secs(3600));
        assert_eq!(none.cache_ttl(None), Duration::from_secs(24 * 3600));
        assert!(file.strict(false) && none.strict(true) && !none.strict(false));
        assert_eq!(file.store(Some(Path::new("/x"))).unwrap(), Path::new("/x"));
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path().canonicalize().unwrap();
        let file = Settings { root, ..file };
        assert_eq!(file.store(None).unwrap(), file.root.join("state/r.json"));
        assert_eq!(file.archive_timeout(), Duration::from_secs(5));
        assert_eq!(none.archive_timeout(), Duration::from_secs(30));
    }

    #[test]
    fn the_file_cannot_widen_the_address_policy() {
        let file = settings("[check]\nallow-loopback = true\nallow-private = true\n");
        let probe = file.probe(&ProbeFlags::default(), &NetArgs::default());
        assert!(!probe.policy.allow_loopback && !probe.policy.allow_private);
    }

    #[test]
    fn the_publisher_needs_a_name_and_a_url() {
        let err = settings("[publisher]\nname = \"Desk\"\nurl = \" \"\n")
            .publisher()
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("[publisher] lacks url"), "{err}");
        let err = settings("").publisher().err().unwrap().to_string();
        assert!(err.contains("lacks name and url"), "{err}");
        let p = settings("[publisher]\nname = \"Desk\"\nurl = \"https://d.example\"\n")
            .publisher()
            .unwrap();
        assert_eq!(
            (p.name.as_str(), p.url.as_str()),
            ("Desk", "https://d.example")
        );
    }
}
