//! Pages that stand in for the article, answered with 200: a consent
//! wall, a bot challenge, a paywall. A missing excerpt on one is
//! `excerpt-unverifiable` naming the wall; an article that merely carries
//! a cookie banner is read as the article. The pages are
//! tests/fixtures/pages/ (its README says what each imitates).

use serde_json::Value;

use crate::excerpts::{html, repo};
use crate::pages::{check_json, codes};
use crate::server::Server;
use crate::support::project_root;

/// A fixture page, by file name.
fn fixture(name: &str) -> String {
    std::fs::read_to_string(project_root().join("tests/fixtures/pages").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A server answering 200 with the fixture named by the path
/// (`/consent-wall.html`).
fn fixtures() -> Server {
    Server::start(|r| html(&fixture(r.path.trim_start_matches('/'))))
}

/// The one finding of a run: an `excerpt-unverifiable` warning, exit 0.
fn unverifiable(code: i32, doc: &Value) -> &Value {
    assert_eq!(code, 0, "a warning: {doc:#}");
    assert_eq!(codes(doc), ["excerpt-unverifiable"], "{doc:#}");
    assert_eq!(
        doc["summary"]["urls"]["excerpts_unverifiable"], 1,
        "{doc:#}"
    );
    let finding = &doc["findings"][0];
    assert_eq!(finding["severity"], "warning", "{doc:#}");
    finding
}

/// Words no wall shows.
const EXCERPT: &str = "the harbour board voted to deepen the main channel";

#[test]
fn a_consent_challenge_or_paywall_page_makes_the_excerpt_unverifiable() {
    let server = fixtures();
    for (name, wall, marker) in [
        ("consent-wall.html", "a cookie consent page", "consent"),
        ("bot-challenge.html", "a bot challenge page", "challenge"),
        ("paywall.html", "a paywall", "paywall"),
        (
            "consent-manager-only.html",
            "a cookie consent page",
            "consent",
        ),
    ] {
        let repo = repo(&server, &format!("/{name}"), EXCERPT);
        for strict in [&[][..], &["--strict"]] {
            let (code, doc) = check_json(&repo, strict);
            let finding = unverifiable(code, &doc);
            let message = finding["message"].as_str().unwrap();
            assert!(
                message.starts_with(&format!(
                    "the excerpt could not be looked for on {}: ",
                    server.url(&format!("/{name}"))
                )),
                "{name}: {message}"
            );
            assert!(message.contains(wall), "{name}: {message}");
            assert_eq!(finding["excerpt"]["interstitial"], marker, "{name}");
            assert_eq!(finding["state"], "ok", "{name}");
            assert_eq!(finding["url"], server.url(&format!("/{name}")), "{name}");
            let help = finding["help"].as_str().unwrap();
            assert!(
                help.starts_with(&format!("open the page in a browser (past the {marker})")),
                "{name}: {help}"
            );
        }
    }
}

#[test]
fn a_declared_paywall_says_so_with_the_words_it_shows() {
    let server = fixtures();
    let (code, doc) = check_json(&repo(&server, "/paywall.html", EXCERPT), &[]);
    let message = unverifiable(code, &doc)["message"].as_str().unwrap();
    assert!(
        message.contains(
            "the page is a paywall: it declares its article not free (isAccessibleForFree: false)"
        ),
        "{message}"
    );
    // The lede it shows is still read.
    let (code, doc) = check_json(
        &repo(
            &server,
            "/paywall.html",
            "The port's board voted five to two on Tuesday to deepen the main shipping channel",
        ),
        &[],
    );
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["findings"], serde_json::json!([]), "{doc:#}");
}

#[test]
fn an_article_with_a_cookie_banner_is_not_a_wall() {
    let server = fixtures();
    let path = "/article-with-cookie-banner.html";
    let written = "The steel gates, fabricated overseas, arrived eleven months late after the original supplier went into administration";
    let (code, doc) = check_json(&repo(&server, path, written), &[]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["findings"], serde_json::json!([]), "{doc:#}");
    assert_eq!(doc["summary"]["urls"]["excerpts_found"], 1, "{doc:#}");
    let changed = written.replace("eleven", "twelve");
    let (code, doc) = check_json(&repo(&server, path, &changed), &["--no-cache"]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(codes(&doc), ["excerpt-missing"], "{doc:#}");
    assert_eq!(
        doc["findings"][0]["message"],
        format!(
            "the page does not contain the excerpt: {}",
            server.url(path)
        )
    );
}

#[test]
fn a_page_with_no_text_without_its_scripts_says_so() {
    let server = Server::start(|_| {
        html(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Newsroom</title>\
<link rel=\"modulepreload\" href=\"/assets/index.4f2a.js\"><script type=\"module\" src=\"/assets/index.4f2a.js\"></script></head>\
<body><div id=\"root\"></div><script>window.__INITIAL_STATE__={\"article\":{\"id\":8812}}</script></body></html>",
        )
    });
    let (code, doc) = check_json(&repo(&server, "/spa", EXCERPT), &[]);
    let message = unverifiable(code, &doc)["message"].as_str().unwrap();
    assert!(
        message.ends_with(": the page has no text without running its scripts"),
        "{message}"
    );
}

#[test]
fn an_empty_page_with_a_challenge_marker_is_a_challenge() {
    let server = Server::start(|_| {
        html(
            "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title></head>\
<body><script>window._cf_chl_opt={cvId:'3',cType:'managed',cRay:'8a1b2c3d4e5f6a7b'};</script>\
<script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1\"></script></body></html>",
        )
    });
    let (code, doc) = check_json(&repo(&server, "/empty", EXCERPT), &[]);
    let message = unverifiable(code, &doc)["message"].as_str().unwrap();
    assert!(
        message.contains("the site answered with a bot challenge page"),
        "{message}"
    );
    assert!(message.ends_with("0 words of text"), "{message}");
    assert!(
        !message.contains("without running its scripts"),
        "{message}"
    );
}
