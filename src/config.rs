//! `claimtrack.toml` at the repository root: defaults for flags. Every key
//! is optional; a flag given on the command line wins over the file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

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

/// The `[archive]` table: where the Wayback Machine's APIs are.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ArchiveConfig {
    /// The availability API's base (`{base}/wayback/available`).
    pub wayback_url: Option<String>,
    /// Save Page Now's base (`{base}/save/<url>`).
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
    pub allow_loopback: Option<bool>,
    pub allow_private: Option<bool>,
    /// A size: `2MiB`, `512KiB`, or bytes.
    pub max_body: Option<String>,
}

/// Reads `claimtrack.toml` in `root`; none is an empty config.
pub fn load(root: &Path) -> Result<Config, Error> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(source) => {
            return Err(Error::ReadFile {
                path: CONFIG_FILE.into(),
                source,
            });
        }
    };
    let config: Config = toml::from_str(&text).map_err(|e| Error::Config {
        path: CONFIG_FILE.into(),
        message: e.to_string(),
    })?;
    let c = &config.check;
    let positive = |key: &str, v: Option<f64>| match v {
        Some(v) if !(v > 0.0 && v.is_finite()) => Err(Error::Config {
            path: CONFIG_FILE.into(),
            message: format!("[check] {key} must be a positive number of seconds, not {v}"),
        }),
        _ => Ok(()),
    };
    positive("timeout", c.timeout)?;
    positive("max-retry-wait", c.max_retry_wait)?;
    for (key, v) in [("concurrency", c.concurrency), ("per-host", c.per_host)] {
        if v == Some(0) {
            return Err(Error::Config {
                path: CONFIG_FILE.into(),
                message: format!("[check] {key} must be at least 1"),
            });
        }
    }
    if let Some(size) = &c.max_body {
        parse_size(size).map_err(|message| Error::Config {
            path: CONFIG_FILE.into(),
            message: format!("[check] max-body: {message}"),
        })?;
    }
    if let Some(ttl) = &c.cache_ttl {
        parse_duration(ttl).map_err(|message| Error::Config {
            path: CONFIG_FILE.into(),
            message: format!("[check] cache-ttl: {message}"),
        })?;
    }
    Ok(config)
}

/// `24h`, `30m`, `90s`, `2d` or a number of seconds.
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
    if !(secs >= 0.0 && secs.is_finite()) {
        return Err(format!("`{s}` is not a duration"));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

/// `2MiB`, `512KiB`, `1MB`, `300k` or a number of bytes; at least 1 KiB.
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
    if !(bytes >= 1024.0 && bytes.is_finite()) {
        return Err(format!("`{s}` is less than 1 KiB"));
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
        assert!(parse_size("lots").is_err());
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
    }
}
