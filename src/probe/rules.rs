//! What the user says about answers and hosts: the status codes taken as
//! an answer (`--accept 200..=299,403`), headers and a user agent sent
//! with every request, and rules for one host and its subdomains (its own
//! accepted codes, headers, user agent and requests in flight): the sites
//! that answer 401 to robots, or want a header, are the daily reality of
//! news links.

use std::ops::RangeInclusive;

use reqwest::header::{HeaderName, HeaderValue};

/// Status codes taken as an answer: `200..=299,403`, `200`, `401..403`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accept(Vec<RangeInclusive<u16>>);

impl Accept {
    /// Parses a comma-separated list of codes and ranges (`A..=B`, or
    /// `A..B` without B), each between 100 and 999.
    pub fn parse(s: &str) -> Result<Accept, String> {
        let code = |t: &str| {
            t.trim()
                .parse::<u16>()
                .ok()
                .filter(|c| (100..=999).contains(c))
                .ok_or_else(|| format!("`{}` is not a status code (100 to 999)", t.trim()))
        };
        let mut ranges = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let range = if let Some((a, b)) = part.split_once("..=") {
                code(a)?..=code(b)?
            } else if let Some((a, b)) = part.split_once("..") {
                code(a)?..=code(b)?.saturating_sub(1)
            } else {
                let c = code(part)?;
                c..=c
            };
            if range.is_empty() {
                return Err(format!("`{part}` is an empty range"));
            }
            ranges.push(range);
        }
        if ranges.is_empty() {
            return Err(format!("`{s}` names no status code"));
        }
        Ok(Accept(ranges))
    }

    pub fn contains(&self, code: u16) -> bool {
        self.0.iter().any(|r| r.contains(&code))
    }
}

/// A header to send: `Name: value`.
pub type Header = (HeaderName, HeaderValue);

/// Parses `Name: value`.
pub fn parse_header(s: &str) -> Result<Header, String> {
    let (name, value) = s
        .split_once(':')
        // Never the text itself: it may hold a secret.
        .ok_or_else(|| "a header is written `Name: value`".to_string())?;
    let name = HeaderName::from_bytes(name.trim().as_bytes())
        .map_err(|_| format!("`{}` is not a header name", name.trim()))?;
    // What frames the request is the HTTP client's to write.
    const FRAMING: [&str; 5] = [
        "host",
        "content-length",
        "transfer-encoding",
        "connection",
        "upgrade",
    ];
    if FRAMING.contains(&name.as_str()) {
        return Err(format!("{name} is set by claimtrack, not by a rule"));
    }
    let mut value = HeaderValue::from_str(value.trim())
        .map_err(|_| format!("the value of {name} is not a header value"))?;
    value.set_sensitive(true);
    Ok((name, value))
}

/// What is set for one host and its subdomains.
#[derive(Clone, Debug, Default)]
pub struct HostRule {
    /// `reuters.com`: also `www.reuters.com`, not `notreuters.com`.
    pub host: String,
    pub accept: Option<Accept>,
    pub headers: Vec<Header>,
    pub user_agent: Option<String>,
    pub per_host: Option<usize>,
}

impl HostRule {
    fn covers(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let rule = self.host.trim_end_matches('.').to_ascii_lowercase();
        host == rule || host.strip_suffix(&rule).is_some_and(|p| p.ends_with('.'))
    }
}

/// Every rule of a run.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// Taken as an answer on every host without its own; none: 2xx.
    pub accept: Option<Accept>,
    /// Sent with every request.
    pub headers: Vec<Header>,
    pub hosts: Vec<HostRule>,
    /// `Bearer $GITHUB_TOKEN`, for GitHub's own hosts only.
    pub github_token: Option<HeaderValue>,
}

/// The hosts that get `GITHUB_TOKEN`: GitHub's, never another (a
/// redirect away from them does not carry it).
const GITHUB_HOSTS: [&str; 4] = [
    "github.com",
    "api.github.com",
    "raw.githubusercontent.com",
    "gist.githubusercontent.com",
];

/// `Authorization: Bearer TOKEN`, marked sensitive; none for an empty or
/// unusable token.
pub fn github_authorization(token: &str) -> Option<HeaderValue> {
    let token = token.trim();
    if token.is_empty() {
        return None;
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    value.set_sensitive(true);
    Some(value)
}

impl Rules {
    /// The rule of `host`: the first whose host is it or above it.
    pub fn host(&self, host: &str) -> Option<&HostRule> {
        self.hosts.iter().find(|r| r.covers(host))
    }

    /// The codes taken as an answer from `host`.
    pub fn accept(&self, host: &str) -> Option<&Accept> {
        self.host(host)
            .and_then(|r| r.accept.as_ref())
            .or(self.accept.as_ref())
    }

    /// The headers of a request to `host`: every request's, GitHub's token
    /// on GitHub's hosts, then the host's rule's (which win), then its
    /// user agent.
    pub fn headers(&self, host: &str) -> Vec<Header> {
        let mut headers = self.headers.clone();
        let host_lower = host.trim_end_matches('.').to_ascii_lowercase();
        if let Some(token) = &self.github_token
            && GITHUB_HOSTS.contains(&host_lower.as_str())
        {
            headers.push((reqwest::header::AUTHORIZATION, token.clone()));
        }
        if let Some(rule) = self.host(host) {
            headers.extend(rule.headers.iter().cloned());
            if let Some(ua) = rule
                .user_agent
                .as_ref()
                .and_then(|ua| HeaderValue::from_str(ua).ok())
            {
                headers.push((reqwest::header::USER_AGENT, ua));
            }
        }
        headers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_lists_codes_and_ranges() {
        let a = Accept::parse("200..=299, 403,410..412").unwrap();
        for (code, expect) in [(200, true), (299, true), (300, false), (403, true)] {
            assert_eq!(a.contains(code), expect, "{code}");
        }
        assert!(a.contains(411) && !a.contains(412) && !a.contains(409));
        for bad in ["", "abc", "99", "1000", "300..=200", "300..300", ","] {
            assert!(Accept::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_host_rule_covers_its_subdomains_only() {
        let rule = HostRule {
            host: "reuters.com".into(),
            ..HostRule::default()
        };
        for (host, expect) in [
            ("reuters.com", true),
            ("www.reuters.com", true),
            ("WWW.Reuters.com.", true),
            ("notreuters.com", false),
            ("reuters.com.evil.example", false),
        ] {
            assert_eq!(rule.covers(host), expect, "{host}");
        }
    }

    #[test]
    fn headers_parse_and_stay_secret() {
        let (name, value) = parse_header("Authorization:  Bearer abc ").unwrap();
        assert_eq!(name, "authorization");
        assert_eq!(value, "Bearer abc");
        assert!(value.is_sensitive());
        assert!(format!("{value:?}").contains("Sensitive"));
        for bad in [
            "no colon",
            "bad name: x",
            "X: a\nb",
            "Host: elsewhere.example",
        ] {
            assert!(parse_header(bad).is_err(), "{bad:?}");
        }
    }
}
