//! `claimtrack.toml` at the repository root: defaults for flags. Every key
//! is optional; a flag given on the command line wins over the file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, LoadError, SettingsError};

pub const CONFIG_FILE: &str = "claimtrack.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub check: CheckConfig,
    #[serde(default)]
    pub archive: ArchiveConfig,
    /// Who publishes the reviews, for `export --format claimreview`.
    pub publisher: Option<PublisherConfig>,
}

/// The `[publisher]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublisherConfig {
    pub name: Option<String>,
    pub url: Option<String>,
}

/// The `[archive]` table: its keys are refused (warned about and ignored).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ArchiveConfig {
    /// Read only to warn that it is ignored (see `IGNORED_KEYS`).
    pub wayback_url: Option<String>,
    /// Read only to warn that it is ignored (see `IGNORED_KEYS`).
    pub save_url: Option<String>,
}

/// The `[check]` table: the same keys as `check`'s flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckConfig {
    pub concurrency: Option<usize>,
    pub per_host: Option<usize>,
    /// Seconds.
    pub timeout: Option<f64>,
    pub retries: Option<u32>,
    /// Seconds.
    pub max_retry_wait: Option<f64>,
    pub strict: Option<bool>,
    pub no_cache: Option<bool>,
    /// Relative to the repository root.
    pub cache: Option<PathBuf>,
    /// A duration: `24h`, `30m`, `90s`, `2d`, or seconds.
    pub cache_ttl: Option<String>,
    /// Read only to warn that it is ignored (see `IGNORED_KEYS`).
    pub allow_loopback: Option<bool>,
    /// Read only to warn that it is ignored (see `IGNORED_KEYS`).
    pub allow_private: Option<bool>,
    /// A size: `2MiB`, `512KiB`, or bytes.
    pub max_body: Option<String>,
    /// Patterns of URLs not to probe (`check::exclude`).
    pub exclude: Option<Vec<String>>,
    /// Status codes taken as an answer: `200..=299,403`.
    pub accept: Option<String>,
    /// `[[check.hosts]]`: rules for one host and its subdomains.
    pub hosts: Option<Vec<HostConfig>>,
}

/// `[[check.hosts]]`: what is set for one host and its subdomains.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HostConfig {
    /// `reuters.com` (also `www.reuters.com`).
    pub host: String,
    pub accept: Option<String>,
    /// Header name → value, sent to this host only.
    pub headers: Option<std::collections::BTreeMap<String, String>>,
    pub per_host: Option<usize>,
    pub user_agent: Option<String>,
}

impl HostConfig {
    /// The rule, or why the table is not one.
    pub(crate) fn rule(&self) -> Result<crate::probe::rules::HostRule, String> {
        use crate::probe::rules::{Accept, HostRule, parse_header};
        let name = &self.host;
        let is_host = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !is_host {
            return Err(format!(
                "hosts: `{name}` is not a host name (write `reuters.com`, without scheme or path)"
            ));
        }
        let accept = match &self.accept {
            Some(a) => Some(Accept::parse(a).map_err(|e| format!("hosts.{name}.accept: {e}"))?),
            None => None,
        };
        let headers = self
            .headers
            .iter()
            .flatten()
            .map(|(k, v)| parse_header(&format!("{k}: {v}")))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("hosts.{name}.headers: {e}"))?;
        if let Some(n) = self.per_host {
            check_count(n, MAX_PER_HOST).map_err(|e| format!("hosts.{name}.per-host: {e}"))?;
        }
        if let Some(ua) = &self.user_agent {
            reqwest::header::HeaderValue::from_str(ua)
                .map_err(|_| format!("hosts.{name}.user-agent: not a header value"))?;
        }
        Ok(HostRule {
            host: name.to_ascii_lowercase(),
            accept,
            headers,
            user_agent: self.user_agent.clone(),
            per_host: self.per_host,
        })
    }
}

/// The most any time setting may be, in seconds (an hour).
const MAX_SECS: f64 = 3600.0;
/// The most requests in flight at once, over all hosts.
const MAX_CONCURRENCY: usize = 1024;
/// The most requests in flight at once to one host.
const MAX_PER_HOST: usize = 64;
/// The most retries of one request.
pub(crate) const MAX_RETRIES: u32 = 10;
/// The longest an `ok` result may be reused: ten years.
const MAX_TTL_SECS: f64 = 3650.0 * 86400.0;
/// The most of a page's body that may be read: 1 GiB.
const MAX_BODY: usize = 1 << 30;

/// Keys of claimtrack.toml that are read but never obeyed: they widen what
/// claimtrack may reach or where it sends requests, and the file is in the
/// checkout, so a pull request could set them. With the flag and the
/// environment variable that set them instead.
const IGNORED_KEYS: [(&str, &str, &str); 4] = [
    (
        "[check] allow-loopback",
        "--allow-loopback",
        "CLAIMTRACK_ALLOW_LOOPBACK=1",
    ),
    (
        "[check] allow-private",
        "--allow-private",
        "CLAIMTRACK_ALLOW_PRIVATE=1",
    ),
    (
        "[archive] wayback-url",
        "--wayback-url",
        "CLAIMTRACK_WAYBACK_URL",
    ),
    ("[archive] save-url", "--save-url", "CLAIMTRACK_SAVE_URL"),
];

impl Config {
    /// A warning for each key of [`IGNORED_KEYS`] the file sets.
    pub(crate) fn ignored(&self) -> Vec<String> {
        let set = [
            self.check.allow_loopback.is_some(),
            self.check.allow_private.is_some(),
            self.archive.wayback_url.is_some(),
            self.archive.save_url.is_some(),
        ];
        IGNORED_KEYS
            .iter()
            .zip(set)
            .filter(|(_, set)| *set)
            .map(|((key, flag, env), _)| {
                format!(
                    "{CONFIG_FILE}: {key} is ignored: settings that widen what claimtrack may reach, or where it sends requests, are taken only from the command line or the environment, never from a file a pull request can change\n  help: remove it from {CONFIG_FILE}; pass {flag} or set {env} where you run claimtrack"
                )
            })
            .collect()
    }
}

/// Where the result store is: `--cache` (the caller's own choice, taken as
/// it is), else `[check] cache` or `.claimtrack/cache`, both of which must
/// stay inside the repository with every symlink resolved: the file and
/// the folders on the way are in the checkout.
pub(crate) fn store_path(
    root: &Path,
    flag: Option<&Path>,
    file: Option<&Path>,
) -> Result<PathBuf, Error> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    let (path, what) = match file {
        Some(p) => (
            root.join(p),
            format!("[check] cache = {:?}", p.display().to_string()),
        ),
        None => (
            root.join(".claimtrack").join("cache"),
            "the default result store .claimtrack/cache".to_string(),
        ),
    };
    if file.is_some_and(Path::is_absolute) || !crate::files::inside(root, &path) {
        return Err(SettingsError::Config {
            path: CONFIG_FILE.into(),
            message: format!(
                "{what} leads outside the repository (symlinks resolved); nothing was written"
            ),
            help: Some("name a path inside the repository, such as .claimtrack/cache, or pass --cache PATH on the command line".into()),
        }
        .into());
    }
    Ok(path)
}

/// Reads `claimtrack.toml` in `root`; none is an empty config. Every value
/// is range-checked here, so that what the file holds can be used as it is.
pub fn load(root: &Path) -> Result<Config, Error> {
    load_file(&root.join(CONFIG_FILE), Path::new(CONFIG_FILE), false)
}

/// Reads the config at `path`, named `shown` in messages; a missing file
/// is an empty config unless it is `required` (named by `--config`).
pub fn load_file(path: &Path, shown: &Path, required: bool) -> Result<Config, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(Config::default());
        }
        Err(source) => {
            return Err(LoadError::ReadFile {
                path: shown.into(),
                source,
            }
            .into());
        }
    };
    let config: Config = toml::from_str(&text).map_err(|e| SettingsError::Config {
        path: shown.into(),
        message: e.to_string(),
        help: None,
    })?;
    check_ranges(&config.check).map_err(|message| SettingsError::Config {
        path: shown.into(),
        message: format!("[check] {message}"),
        help: None,
    })?;
    Ok(config)
}

fn check_ranges(c: &CheckConfig) -> Result<(), String> {
    for (key, v) in [("timeout", c.timeout), ("max-retry-wait", c.max_retry_wait)] {
        if let Some(v) = v {
            check_secs(v).map_err(|e| format!("{key}: {e}"))?;
        }
    }
    for (key, v, max) in [
        ("concurrency", c.concurrency, MAX_CONCURRENCY),
        ("per-host", c.per_host, MAX_PER_HOST),
    ] {
        if let Some(v) = v {
            check_count(v, max).map_err(|e| format!("{key}: {e}"))?;
        }
    }
    if let Some(n) = c.retries.filter(|n| *n > MAX_RETRIES) {
        return Err(format!("retries: {n} is more than {MAX_RETRIES}"));
    }
    if let Some(size) = &c.max_body {
        parse_size(size).map_err(|e| format!("max-body: {e}"))?;
    }
    if let Some(ttl) = &c.cache_ttl {
        parse_duration(ttl).map_err(|e| format!("cache-ttl: {e}"))?;
    }
    if let Some(accept) = &c.accept {
        crate::probe::rules::Accept::parse(accept).map_err(|e| format!("accept: {e}"))?;
    }
    for host in c.hosts.iter().flatten() {
        host.rule()?;
    }
    for pattern in c.exclude.iter().flatten() {
        crate::check::exclude::parse_pattern(pattern).map_err(|e| format!("exclude: {e}"))?;
    }
    Ok(())
}

/// A count between 1 and `max`.
fn check_count(v: usize, max: usize) -> Result<usize, String> {
    if (1..=max).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 1 and {max}"))
    }
}

fn check_secs(v: f64) -> Result<f64, String> {
    if v > 0.0 && v <= MAX_SECS {
        Ok(v)
    } else {
        Err(format!(
            "`{v}` is not a number of seconds above 0 and at most {MAX_SECS}"
        ))
    }
}

/// A number of seconds above 0 and at most an hour (a flag's value).
pub(crate) fn parse_secs(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .map_err(|_| format!("`{s}` is not a number of seconds"))
        .and_then(check_secs)
}

/// A count of requests in flight over all hosts (a flag's value).
pub(crate) fn parse_concurrency(s: &str) -> Result<usize, String> {
    let n = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number"))?;
    check_count(n, MAX_CONCURRENCY)
}

/// A count of requests in flight to one host (a flag's value).
pub(crate) fn parse_per_host(s: &str) -> Result<usize, String> {
    let n = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number"))?;
    check_count(n, MAX_PER_HOST)
}

/// `24h`, `30m`, `90s`, `2d` or a number of seconds; at most ten years.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let (number, unit) = match s.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, "s"),
    };
    let n: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a duration like 24h, 30m or 90s"))?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86400.0,
        _ => return Err(format!("unknown unit `{unit}` in `{s}`: use s, m, h or d")),
    };
    if secs.is_nan() || secs < 0.0 {
        return Err(format!("`{s}` is not a duration"));
    }
    if secs > MAX_TTL_SECS {
        return Err(format!("`{s}` is more than ten years (3650d)"));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

/// `2MiB`, `512KiB`, `1MB`, `300k` or a number of bytes; at least 1 KiB
/// and at most 1 GiB.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (number, unit) = (t[..split].trim(), t[split..].to_ascii_lowercase());
    let n: f64 = number
        .parse()
        .map_err(|_| format!("`{s}` is not a size like 2MiB or 512KiB"))?;
    let factor = match unit.as_str() {
        "" | "b" => 1.0,
        "k" | "kb" | "kib" => 1024.0,
        "m" | "mb" | "mib" => 1024.0 * 1024.0,
        "g" | "gb" | "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return Err(format!("unknown unit in `{s}`: use KiB or MiB")),
    };
    let bytes = n * factor;
    if bytes.is_nan() || bytes < 1024.0 {
        return Err(format!("`{s}` is less than 1 KiB"));
    }
    if bytes > MAX_BODY as f64 {
        return Err(format!("`{s}` is more than 1 GiB"));
    }
    Ok(bytes as usize)
}

#[cfg(test)]
mod tests {
    use super::{parse_duration, parse_size};

    #[test]
    fn sizes() {
        assert_eq!(parse_size("2MiB"), Ok(2 * 1024 * 1024));
        assert_eq!(parse_size("512 KiB"), Ok(512 * 1024));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("12").is_err());
        assert_eq!(parse_size("1KiB"), Ok(1024));
        assert!(parse_size("1023").is_err());
        assert!(parse_size("lots").is_err());
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("1.01GiB").is_err());
        assert!(parse_size("1e308").is_err());
        assert!(parse_size("NaN").is_err());
    }
    use std::time::Duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("24h"), Ok(Duration::from_secs(86400)));
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3w").is_err());
        assert!(parse_duration("-1h").is_err());
        assert_eq!(
            parse_duration("3650d"),
            Ok(Duration::from_secs(3650 * 86400))
        );
        assert!(parse_duration("3651d").is_err());
        // A zero TTL is allowed: never reuse a result.
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert!(parse_duration("99999999999999999999d").is_err());
        // fuzz/regressions/config/duration-overflow: a panic before.
        assert!(parse_duration("88888888888888888888").is_err());
        assert!(parse_duration("inf").is_err());
        assert!(parse_duration("NaN").is_err());
    }

    #[test]
    fn the_store_path_stays_inside_the_repository() {
        use super::store_path;
        use std::path::Path;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir_all(root.join("claims")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        let file = |p: &str| store_path(&root, None, Some(Path::new(p)));
        assert_eq!(file("state/cache").unwrap(), root.join("state/cache"));
        assert_eq!(
            store_path(&root, None, None).unwrap(),
            root.join(".claimtrack/cache")
        );
        for bad in ["../x", "claims/../../x", "/tmp/x", "up/x"] {
            let err = file(bad).unwrap_err();
            let text = err.to_string();
            assert!(
                text.contains("leads outside the repository"),
                "{bad}: {text}"
            );
            assert!(
                err.help()
                    .is_some_and(|h| h.contains("inside the repository"))
            );
        }
        // The flag is the caller's: taken as it is.
        let flag = Path::new("/tmp/elsewhere");
        assert_eq!(
            store_path(&root, Some(flag), Some(Path::new("../x"))).unwrap(),
            flag
        );
        // The default store's folder, a symlink out of the repository.
        std::os::unix::fs::symlink(dir.path(), root.join(".claimtrack")).unwrap();
        assert!(store_path(&root, None, None).is_err());
    }

    #[test]
    fn widening_keys_are_warned_about() {
        let parse = |text: &str| -> super::Config { toml::from_str(text).unwrap() };
        assert!(parse("[check]\nper-host = 2\n").ignored().is_empty());
        let all = parse(
            "[check]\nallow-loopback = false\nallow-private = true\n[archive]\nwayback-url = \"x\"\nsave-url = \"y\"\n",
        )
        .ignored();
        assert_eq!(all.len(), 4);
        for (w, (key, flag, env)) in all.iter().zip(super::IGNORED_KEYS) {
            assert!(w.contains(&format!("{key} is ignored")), "{w}");
            assert!(w.contains(flag) && w.contains(env), "{w}");
        }
        let one = parse("[archive]\nsave-url = \"y\"\n").ignored();
        assert_eq!(one.len(), 1);
        assert!(one[0].contains("[archive] save-url"), "{}", one[0]);
    }

    #[test]
    fn every_key_of_the_file_is_range_checked() {
        let load = |body: &str| {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(
                dir.path().join(super::CONFIG_FILE),
                format!("[check]\n{body}\n"),
            )
            .unwrap();
            super::load(dir.path()).map_err(|e| e.to_string())
        };
        for good in [
            "timeout = 3600",
            "max-retry-wait = 0.5",
            "concurrency = 1024",
            "per-host = 64",
            "retries = 10",
            "retries = 0",
            "cache-ttl = \"3650d\"",
            "max-body = \"1GiB\"",
        ] {
            assert!(load(good).is_ok(), "{good}: {:?}", load(good));
        }
        for (bad, says) in [
            ("timeout = 3600.5", "[check] timeout:"),
            ("timeout = 0", "[check] timeout:"),
            ("max-retry-wait = 1e308", "[check] max-retry-wait:"),
            ("concurrency = 1025", "[check] concurrency:"),
            ("concurrency = 0", "[check] concurrency:"),
            ("per-host = 65", "[check] per-host:"),
            ("retries = 11", "[check] retries:"),
            ("cache-ttl = \"3651d\"", "[check] cache-ttl:"),
            ("max-body = \"2GiB\"", "[check] max-body:"),
        ] {
            let err = load(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
        let missing = tempfile::tempdir().unwrap();
        assert!(
            super::load(missing.path()).is_ok(),
            "no file is an empty config"
        );
    }

    #[test]
    fn seconds_and_counts() {
        use super::{parse_concurrency, parse_per_host, parse_secs};
        assert_eq!(parse_secs("3600"), Ok(3600.0));
        assert_eq!(parse_secs("0.5"), Ok(0.5));
        for bad in ["0", "-1", "3600.5", "1e308", "inf", "NaN", "x"] {
            assert!(parse_secs(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_concurrency("1024"), Ok(1024));
        assert!(parse_concurrency("1025").is_err());
        assert!(parse_concurrency("0").is_err());
        assert_eq!(parse_per_host("64"), Ok(64));
        assert!(parse_per_host("65").is_err());
    }
}
