//! Addresses: outlet domains as written in outlets.toml, archive
//! addresses and the page they keep, and when two URLs are the same page.

use url::Url;

pub(super) fn domain_problem(domain: &str) -> Option<&'static str> {
    if domain.contains("://") {
        return Some("a URL, not a domain");
    }
    if domain.contains(['/', ':', '@', ' ', '?', '#']) {
        return Some("not a bare host name");
    }
    if domain.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some("must be lowercase");
    }
    if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
        return Some("not a full domain name");
    }
    match url::Host::parse(domain) {
        Ok(url::Host::Domain(_)) => None,
        Ok(_) => Some("an IP address, not a domain"),
        Err(_) => Some("not a valid host name"),
    }
}

/// What an archive URL is a snapshot of.
pub(super) enum Archived {
    Target(String),
    /// An archive.today short link (`https://archive.ph/AbC12`): valid, but
    /// it does not say which page it holds.
    Opaque,
    NotAnArchive,
}

const ARCHIVE_TODAY_HOSTS: &[&str] = &[
    "archive.today",
    "archive.ph",
    "archive.is",
    "archive.li",
    "archive.vn",
    "archive.fo",
    "archive.md",
];

pub(super) fn archived_target(archive: &Url) -> Archived {
    let host = archive.host_str().unwrap_or_default().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    // Everything after the host, the query included: the archived URL may
    // carry one of its own.
    let rest = &archive[url::Position::BeforePath..];
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    if host == "web.archive.org" || host == "wayback.archive.org" {
        // /web/<timestamp>[modifier_]/<url>
        let Some(rest) = rest.strip_prefix("web/") else {
            return Archived::NotAnArchive;
        };
        let Some((stamp, target)) = rest.split_once('/') else {
            return Archived::NotAnArchive;
        };
        let digits = stamp.trim_end_matches(|c: char| c.is_ascii_lowercase() || c == '_');
        if digits.is_empty()
            || digits.len() > 14
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || target.is_empty()
        {
            return Archived::NotAnArchive;
        }
        return Archived::Target(target.to_string());
    }
    if ARCHIVE_TODAY_HOSTS.contains(&host) {
        let Some((stamp, target)) = rest.split_once('/') else {
            let id_like = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric());
            return if id_like {
                Archived::Opaque
            } else {
                Archived::NotAnArchive
            };
        };
        let stamp_ok = stamp == "newest"
            || stamp == "oldest"
            || (!stamp.is_empty()
                && stamp
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-'));
        if stamp_ok && !target.is_empty() {
            return Archived::Target(target.to_string());
        }
    }
    Archived::NotAnArchive
}

/// Whether an archived target (which may lack a scheme) names the same page
/// as `url`: http and https, `www.` and a trailing slash may differ.
pub(crate) fn same_page(target: &str, url: &Url) -> bool {
    let parsed = if target.contains("://") {
        Url::parse(target)
    } else {
        Url::parse(&format!("http://{target}"))
    };
    parsed.is_ok_and(|t| page_key(&t) == page_key(url))
}

/// A URL reduced to what tells pages apart: no scheme, no `www.`, no
/// default port, no trailing slash, no fragment.
pub(super) fn page_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = url.path().trim_end_matches('/');
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    format!("{host}{port}{path}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(s: &str) -> Option<String> {
        match archived_target(&Url::parse(s).unwrap()) {
            Archived::Target(t) => Some(t),
            Archived::Opaque => Some("<opaque>".into()),
            Archived::NotAnArchive => None,
        }
    }

    #[test]
    fn archive_addresses() {
        assert_eq!(
            target("https://web.archive.org/web/20140419120000/http://in.reuters.com/a?b=1")
                .as_deref(),
            Some("http://in.reuters.com/a?b=1")
        );
        assert_eq!(
            target("https://web.archive.org/web/2014id_/in.reuters.com/a").as_deref(),
            Some("in.reuters.com/a")
        );
        assert_eq!(
            target("https://web.archive.org/web/*/in.reuters.com/a"),
            None
        );
        assert_eq!(target("https://web.archive.org/"), None);
        assert_eq!(
            target("https://archive.ph/2014.04.19-120000/https://example.com/x").as_deref(),
            Some("https://example.com/x")
        );
        assert_eq!(
            target("https://archive.ph/AbC12").as_deref(),
            Some("<opaque>")
        );
        assert_eq!(target("https://example.com/web/2014/x"), None);
    }

    #[test]
    fn same_page_ignores_scheme_www_and_trailing_slash() {
        let url = Url::parse("https://www.example.com/a/").unwrap();
        assert!(same_page("http://example.com/a", &url));
        assert!(same_page("example.com/a", &url));
        assert!(!same_page("example.com/b", &url));
        assert!(!same_page("example.com/a?x=1", &url));
    }

    #[test]
    fn domains() {
        assert_eq!(domain_problem("reuters.com"), None);
        assert_eq!(domain_problem("news.bbc.co.uk"), None);
        assert!(domain_problem("https://reuters.com").is_some());
        assert!(domain_problem("Reuters.com").is_some());
        assert!(domain_problem("reuters").is_some());
        assert!(domain_problem("reuters.com/world").is_some());
        assert!(domain_problem("127.0.0.1").is_some());
    }
}
