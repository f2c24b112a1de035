//! Reading an answer: its body (capped), its status in words, a
//! `Retry-After`, where a redirect leads and where a permanent one
//! pointed, and what a failed request means (state, failure kind, whether
//! to retry).

use std::collections::HashSet;
use std::time::Duration;

use reqwest::StatusCode;
use url::Url;

use super::resolver::{LookupFailed, Refused};
use super::{Failure, Hop, Page, State};

/// Reads a body up to `cap` bytes (decompressed), never more, whatever
/// the headers say. The client's timeout covers the reading too.
pub(super) async fn read_page(mut response: reqwest::Response, cap: usize) -> Page {
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut page = Page {
        content_type,
        ..Page::default()
    };
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = cap - page.body.len();
                if chunk.len() > room {
                    page.body.extend_from_slice(&chunk[..room]);
                    page.truncated = true;
                    return page;
                }
                page.body.extend_from_slice(&chunk);
            }
            Ok(None) => return page,
            Err(e) => {
                let (_, _, _, detail) = classify_error(&e);
                page.incomplete = Some(detail);
                return page;
            }
        }
    }
}

/// Where the last permanent redirect pointed: the address to keep, even
/// when temporary redirects follow it.
pub(super) fn permanent_target(redirects: &[Hop], last: &Url) -> String {
    let i = redirects
        .iter()
        .rposition(|h| h.status == 301 || h.status == 308)
        .expect("a permanent redirect");
    redirects
        .get(i + 1)
        .map_or_else(|| last.to_string(), |h| h.url.clone())
}

pub(super) fn is_home_page(url: &Url) -> bool {
    matches!(url.path(), "" | "/") && url.query().is_none()
}

pub(super) fn status_words(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// `Retry-After` in seconds or as an HTTP date.
pub(super) fn retry_after(r: &reqwest::Response) -> Option<Duration> {
    let value = r
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let secs = (at - jiff::Timestamp::now()).as_secs().max(0) as u64;
    Some(Duration::from_secs(secs))
}

/// The state of a request that got no answer: (state, failure, retry, detail).
pub(super) fn classify_error(e: &reqwest::Error) -> (State, Failure, bool, String) {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut text = String::new();
    while let Some(err) = source {
        if let Some(r) = err.downcast_ref::<Refused>() {
            return (State::Refused, Failure::Other, false, r.to_string());
        }
        if let Some(l) = err.downcast_ref::<LookupFailed>() {
            return (State::Unreachable, Failure::Dns, false, l.to_string());
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            match io.kind() {
                ConnectionRefused => {
                    return (
                        State::Unreachable,
                        Failure::Connect,
                        false,
                        "connection refused".into(),
                    );
                }
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof => {
                    return (
                        State::Unreachable,
                        Failure::Other,
                        true,
                        "connection reset".into(),
                    );
                }
                HostUnreachable | NetworkUnreachable | NetworkDown | AddrNotAvailable => {
                    return (State::Unreachable, Failure::Connect, false, io.to_string());
                }
                TimedOut => return (State::Timeout, Failure::Other, true, "timed out".into()),
                _ => {}
            }
        }
        text = err.to_string();
        source = err.source();
    }
    if e.is_timeout() {
        return (State::Timeout, Failure::Other, true, "timed out".into());
    }
    let lower = text.to_lowercase();
    if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        return (
            State::Unreachable,
            Failure::Other,
            false,
            format!("TLS failed: {text}"),
        );
    }
    if lower.contains("closed before") || lower.contains("incomplete") || lower.contains("reset") {
        return (
            State::Unreachable,
            Failure::Other,
            true,
            "connection reset".into(),
        );
    }
    if lower.contains("parse") || lower.contains("invalid") {
        return (
            State::Unreachable,
            Failure::Other,
            false,
            format!("not a valid HTTP answer: {text}"),
        );
    }
    if e.is_connect() {
        return (
            State::Unreachable,
            Failure::Connect,
            false,
            format!("cannot connect: {text}"),
        );
    }
    (State::Unreachable, Failure::Other, false, text)
}

const MAX_REDIRECTS: usize = 10;

/// Where a redirect from `current` to `location` leads, or why it ends
/// the attempt: (the address it ended on, what is wrong).
pub(super) fn next_hop(
    current: &Url,
    location: &str,
    seen: &mut HashSet<Url>,
    hops: usize,
) -> Result<Url, (Url, String)> {
    let Ok(next) = current.join(location) else {
        let detail = format!("redirects to an invalid address `{location}`");
        return Err((current.clone(), detail));
    };
    if !matches!(next.scheme(), "http" | "https") {
        let detail = format!("redirects to a non-web address `{next}`");
        return Err((next, detail));
    }
    if !seen.insert(next.clone()) {
        return Err((next, "redirect loop".into()));
    }
    if hops > MAX_REDIRECTS {
        return Err((next, format!("more than {MAX_REDIRECTS} redirects")));
    }
    Ok(next)
}
