//! `export --format csl-json` held to citeproc-js, the CSL processor of
//! Zotero and Mendeley: the items of this repository's claims and of a
//! fixture (a news outlet, a reference work, a page of no known outlet, a
//! page titled with its outlet's name, a source without a title, one with
//! accessed and archive) render with the official APA 7th edition and Cite
//! Them Right (Harvard) styles and the en-US locale without a warning; no
//! entry says the same thing twice; the sources that are not news render
//! as web pages, the news as newspaper articles; the bibliographies are
//! snapshots. citeproc-js and the style and locale files are npm packages
//! that `.ci/run` installs (pinned) into the folder it names in
//! `CITEPROC_DIR`; tests/it/citeproc/render.js drives them in Node; the
//! test runs with `--features citeproc`.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::{Repo, project_root, run_in};

/// The styles, as render.js names them, and what they are.
const STYLES: [(&str, &str); 2] = [
    ("apa", "APA 7th edition"),
    ("harvard1", "Cite Them Right 12th edition, Harvard"),
];

/// The bibliography citeproc-js makes of the CSL-JSON `items` in `style`,
/// one entry a line; Node must exit 0 with nothing on standard error.
fn render(items: &str, style: &str) -> Vec<String> {
    let dir = std::env::var_os("CITEPROC_DIR")
        .expect("CITEPROC_DIR names the citeproc-js packages (see .ci/run)");
    let mut node = Command::new("node")
        .arg(project_root().join("tests/it/citeproc/render.js"))
        .arg(style)
        .env("CITEPROC_DIR", dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    let mut stdin = node.stdin.take().unwrap();
    stdin.write_all(items.as_bytes()).unwrap();
    drop(stdin);
    let out = node.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        out.status.success() && stderr.is_empty(),
        "node {}: {stderr}",
        out.status
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    stdout.lines().map(String::from).collect()
}

/// The CSL-JSON that `export --format csl-json` writes in `dir`.
fn export(dir: &std::path::Path) -> String {
    let run = run_in(dir, &["export", "--format", "csl-json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

fn text<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    item[key].as_str()
}

/// The one entry that gives `url` (no other URL begins with it there).
fn entry_of<'a>(entries: &'a [String], url: &str) -> &'a str {
    let gives = |entry: &&String| {
        entry.match_indices(url).any(|(i, _)| {
            let rest = &entry[i + url.len()..];
            rest.is_empty() || rest == "." || rest.starts_with(' ')
        })
    };
    let found: Vec<&String> = entries.iter().filter(gives).collect();
    assert_eq!(found.len(), 1, "one entry for {url}: {entries:#?}");
    found[0]
}

/// `s` with straight quotes and apostrophes, as citeproc-js turns them
/// into typographic ones.
fn plain(s: &str) -> String {
    s.replace(['’', '‘'], "'").replace(['“', '”'], "\"")
}

/// What `entry` does not say once that it should: the item's title or
/// container-title (the URL aside) missing or twice, or a sentence twice.
fn repeated(entry: &str, item: &Value) -> Option<String> {
    let rest = plain(&entry.replace(text(item, "URL").unwrap(), ""));
    for key in ["title", "container-title"] {
        let said = |t: &&str| rest.matches(&plain(t)).count() == 1;
        if let Some(t) = text(item, key).filter(|t| !said(t)) {
            return Some(t.to_string());
        }
    }
    let mut seen = std::collections::HashSet::new();
    rest.split(". ")
        .map(|s| s.trim_matches(['.', ' ']))
        .filter(|s| !s.is_empty())
        .find(|s| !seen.insert(*s))
        .map(String::from)
}

/// How Cite Them Right shows the type of a titled item: a newspaper
/// article is its outlet's, with its title in quotes; a web page leads
/// with its title, in italics (plain in text).
fn harvard_type(entry: &str, title: &str) -> &'static str {
    if entry.contains(&format!("“{title}")) {
        "article-newspaper"
    } else if entry.starts_with(title) {
        "webpage"
    } else {
        "neither"
    }
}

/// Renders `json` in every style, holds each entry to what its item says,
/// checks the types of the titled items against `webpage` (which URLs are
/// not news), and gives the bibliographies for a snapshot.
fn bibliographies(json: &str, webpage: impl Fn(&str) -> bool) -> String {
    let items: Vec<Value> = serde_json::from_str(json).unwrap();
    let mut out = String::new();
    for (style, name) in STYLES {
        let entries = render(json, style);
        assert_eq!(entries.len(), items.len(), "{entries:#?}");
        for item in &items {
            let url = text(item, "URL").unwrap();
            let entry = entry_of(&entries, url);
            assert_eq!(repeated(entry, item), None, "{style}: {entry}");
            let year = &item["issued"]["date-parts"][0][0];
            if let Some(year) = year.as_i64() {
                assert!(entry.contains(&year.to_string()), "{style}: {entry}");
            }
            // One address: the page's, not its archived copy's.
            assert_eq!(entry.matches("://").count(), 1, "{style}: {entry}");
            if let (Some(title), "harvard1") = (text(item, "title"), style) {
                let expected = ["article-newspaper", "webpage"][usize::from(webpage(url))];
                assert_eq!(harvard_type(entry, title), expected, "{entry}");
                assert_eq!(item["type"], expected, "{item}");
            }
        }
        out.push_str(&format!("{name} ({style}):\n{}\n\n", entries.join("\n")));
    }
    out
}

#[test]
fn the_real_claims_render_with_citeproc_js() {
    let json = export(project_root());
    // Wikipedia is a reference work, the Jamestown Foundation a research
    // institute: neither publishes news.
    let webpage = |url: &str| url.contains("wikipedia.org/") || url.contains("jamestown.org/");
    insta::assert_snapshot!("real_claims", bibliographies(&json, webpage));
}

const OUTLETS: &str = r#"[reuters]
name = "Reuters"
domains = ["reuters.com"]

[wikipedia]
name = "Wikipedia"
domains = ["wikipedia.org"]

[herald]
name = "The Herald"
domains = []
"#;

/// A claim citing `sources` (TOML `[[sources]]` tables, without the header).
fn citing(sources: &[&str]) -> String {
    let mut claim = String::from("claim = \"Something happened.\"\nstatus = \"unverified\"\n");
    for s in sources {
        claim.push_str(&format!("\n[[sources]]\n{s}"));
    }
    claim
}

fn fixture() -> Repo {
    let news = "url = \"https://www.reuters.com/world/treaty-signed\"\n\
                title = \"Treaty signed in Pyongyang\"\npublished = 2024-06-19\n\
                accessed = 2024-06-20\n\
                archive = \"https://web.archive.org/web/20240620000000/https://www.reuters.com/world/treaty-signed\"\n";
    let untitled =
        "url = \"https://www.reuters.com/world/debt-written-off\"\npublished = 2014-04-19\n";
    let reference = "url = \"https://en.wikipedia.org/wiki/Treaty_of_Example\"\n\
                     title = \"Treaty of Example\"\naccessed = 2025-01-02\n\
                     archive = \"https://web.archive.org/web/20250102000000/https://en.wikipedia.org/wiki/Treaty_of_Example\"\n";
    let home = "url = \"https://www.wikipedia.org/\"\ntitle = \"Wikipedia\"\n";
    let unknown = "url = \"https://research.example.org/report\"\ntitle = \"A report on treaties\"\n\
                   published = 2023-02-01\n";
    Repo::new()
        .file("claims/outlets.toml", OUTLETS)
        .claim("news", citing(&[news, untitled]))
        .claim("reference", citing(&[reference, home]))
        .claim("unknown", citing(&[unknown]))
}

#[test]
fn a_fixture_of_every_kind_of_source_renders_with_citeproc_js() {
    let repo = fixture();
    let json = export(repo.root());
    let webpage = |url: &str| !url.contains("reuters.com/");
    let rendered = bibliographies(&json, webpage);
    let items: Vec<Value> = serde_json::from_str(&json).unwrap();
    let outlets: Vec<&str> = items
        .iter()
        .filter_map(|i| text(i, "container-title"))
        .collect();
    // Not the page titled with its outlet's name, nor the one of no outlet.
    assert_eq!(outlets, ["Reuters", "Reuters", "Wikipedia"], "{json}");
    insta::assert_snapshot!("fixture", rendered);
}
