//! `import`: which outlet published the article (`--outlet`, the URL's
//! domain, the page's site name by name or alias, else a proposal) and
//! when a page is the same article as one imported before.

use serde_json::Value;

use crate::support::{Repo, Run};

const OUTLETS: &str = "[reuters]\nname = \"Reuters\"\ndomains = []\n\n[herald]\nname = \"The Herald\"\ndomains = [\"herald.example\"]\n\n\
    [washington-post]\nname = \"The Washington Post\"\naliases = [\"WaPo\"]\ndomains = []\n";

const BODY: &str = "<p>Negotiators from both countries met in Geneva on Tuesday for a third round of talks on the grain corridor, the first in more than a year.</p>\
    <p>The delegations agreed to extend the corridor by six months, according to Reuters, and to meet again in March.</p>\
    <p>Officials said the next round would also cover fertiliser exports, which have fallen sharply since the spring.</p>";

/// A page with a canonical URL and, when given, a site name.
fn page(headline: &str, canonical: &str, site: Option<&str>) -> String {
    let site = site.map_or(String::new(), |s| {
        format!("<meta property=\"og:site_name\" content=\"{s}\">")
    });
    format!(
        "<!doctype html><html><head><title>{headline}</title>{site}\
         <link rel=canonical href=\"{canonical}\"></head><body><main><article>\
         <h1>{headline}</h1>{BODY}</article></main></body></html>"
    )
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn import(repo: &Repo, file: &str) -> Value {
    let run = repo.run(&["import", file, "--dry-run", "--format", "json"]);
    assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    json(&run)
}

#[test]
fn the_site_name_finds_a_known_outlet_by_its_name_or_an_alias() {
    let repo = Repo::empty()
        .file("claims/outlets.toml", OUTLETS)
        .file(
            "name.html",
            page("Grain", "https://other.example/a", Some("The Herald")),
        )
        .file(
            "alias.html",
            page("Grain", "https://other.example/b", Some("WaPo")),
        )
        .file(
            "new.html",
            page(
                "Grain",
                "https://www.daily.example/c",
                Some("Daily Example"),
            ),
        );
    for (file, outlet) in [("name.html", "herald"), ("alias.html", "washington-post")] {
        let doc = import(&repo, file);
        assert_eq!(doc["articles"][0]["outlet"], outlet, "{file}: {doc}");
        assert_eq!(doc["articles"][0]["input"], file, "{file}: {doc}");
        assert_eq!(doc["articles"][0]["merged"], false, "{file}: {doc}");
        assert_eq!(doc["new_outlets"], serde_json::json!([]), "{file}: {doc}");
    }
    let doc = import(&repo, "new.html");
    assert_eq!(doc["new_outlets"][0]["id"], "daily-example", "{doc}");
    assert_eq!(
        doc["new_outlets"][0]["domains"],
        serde_json::json!(["daily.example"])
    );
}

/// An address is not a domain: with no site name either, no outlet can
/// be told, and the error lists the known ones.
#[test]
fn a_page_on_an_address_without_a_site_name_has_no_outlet() {
    let repo = Repo::empty()
        .file("claims/outlets.toml", OUTLETS)
        .file("ip.html", page("Grain", "http://192.0.2.7/story", None))
        .file("host.html", page("Grain", "http://intranet/story", None));
    for file in ["ip.html", "host.html"] {
        let run = repo.run(&["import", file, "--dry-run", "--format", "json"]);
        assert_eq!(run.code, 2, "{file}: {}", run.stdout);
        let failure = &json(&run)["failures"][0];
        assert_eq!(failure["kind"], "no-outlet", "{file}: {failure}");
        let text = failure.to_string();
        assert!(
            text.contains("reuters, herald, washington-post"),
            "{file}: {failure}"
        );
    }
    let empty = Repo::empty()
        .file("claims/outlets.toml", "")
        .file("ip.html", page("Grain", "http://192.0.2.7/story", None));
    let run = empty.run(&["import", "ip.html", "--format", "json"]);
    assert!(
        json(&run)["failures"][0].to_string().contains("none yet"),
        "{}",
        run.stdout
    );
}

/// The same article under another headline is found by its URL, with or
/// without `www`-less scheme changes, a fragment or a trailing slash.
#[test]
fn a_page_whose_url_was_imported_already_is_refused() {
    let repo = Repo::empty()
        .file("claims/outlets.toml", OUTLETS)
        .file(
            "first.html",
            page("Grain Talks", "https://herald.example/2026/talks", None),
        )
        .file(
            "again.html",
            page(
                "Grain Talks Resume",
                "http://herald.example/2026/talks/#top",
                None,
            ),
        )
        .file(
            "other.html",
            page(
                "Grain Talks End",
                "https://herald.example/2026/talks-end",
                None,
            ),
        );
    let run = repo.run(&["import", "first.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = repo.run(&["import", "again.html", "--dry-run"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("imported already, as claims/grain-talks/"),
        "{}",
        again.stderr
    );
    let other = repo.run(&["import", "other.html", "--dry-run"]);
    assert_eq!(
        other.code, 0,
        "another URL is another article: {}",
        other.stderr
    );
}

/// An empty outlets.toml is appended to like any other: the proposed
/// outlets are written into it.
#[test]
fn new_outlets_are_written_into_an_empty_outlets_file() {
    let site = page(
        "Grain",
        "https://www.daily.example/c",
        Some("Daily Example"),
    );
    let repo = Repo::empty()
        .file("claims/outlets.toml", "")
        .file("new.html", site);
    let run = repo.run(&["import", "new.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let outlets = std::fs::read_to_string(repo.path("claims/outlets.toml")).unwrap();
    assert!(
        outlets
            .contains("[daily-example]\nname = \"Daily Example\"\ndomains = [\"daily.example\"]\n"),
        "{outlets}"
    );
    assert!(
        outlets.contains("[reuters]\nname = \"Reuters\""),
        "{outlets}"
    );
}
