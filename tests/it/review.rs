//! `review` and `check --changed-since` on temporary git repositories
//! built by the tests.

use std::path::Path;
use std::process::Command;

use crate::server::{Reply, Server};
use crate::support::{Repo, run_in};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

const SUPPORTED: &str = "claim = \"Backed.\"\nquote = \"The article's words.\"\nstatus = \"supported\"\n\n\
[[sources]]\nurl = \"https://www.reuters.com/a\"\naccessed = 2026-01-01\n\n\
[[sources]]\nurl = \"https://www.washingtonpost.com/b\"\n";

/// A base commit with four claims, then a work tree that adds one,
/// removes one, and edits two.
fn history() -> Repo {
    let repo = Repo::new()
        .claim("backed", SUPPORTED)
        .claim("pending", "claim = \"Pending.\"\nquote = \"Old words.\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"https://www.reuters.com/c\"\n")
        .claim("doomed", "claim = \"To be removed.\"\nstatus = \"unverified\"\n")
        .claim("steady", "claim = \"Untouched.\"\nstatus = \"unverified\"\n");
    git(repo.root(), &["init", "-q"]);
    commit_all(repo.root(), "base");
    std::fs::remove_file(repo.path("claims/a/doomed.toml")).unwrap();
    repo.claim(
        "backed",
        SUPPORTED.replace("\n[[sources]]\nurl = \"https://www.washingtonpost.com/b\"\n", ""),
    )
    .claim("pending", "claim = \"Pending.\"\nquote = \"New words.\"\nstatus = \"supported\"\n\n[[sources]]\nurl = \"https://www.reuters.com/c\"\n")
    .claim(
        "fresh",
        "claim = \"Newly added.\"\nstatus = \"unverified\"\nattributed_to = \"reuters\"\n\n[[sources]]\nurl = \"https://www.reuters.com/d\"\n",
    )
}

#[test]
fn review_reports_what_changed_and_what_to_look_at_twice() {
    let repo = history();
    let run = repo.run(&["review", "--base", "HEAD", "--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(
        out.contains("**1 added**, **2 modified**, **1 removed**"),
        "{out}"
    );
    assert!(out.contains("`a/pending`: status upgraded from `unverified` to `supported` without a new or re-accessed source"), "{out}");
    assert!(out.contains("`a/backed`: a source was removed from a `supported` claim: `https://www.washingtonpost.com/b`"), "{out}");
    assert!(out.contains("`a/pending`: the `quote` was edited"), "{out}");
    assert!(
        out.contains("- quote: “Old words.” → “New words.”"),
        "{out}"
    );
    assert!(
        out.contains("- status: `unverified` → `supported`"),
        "{out}"
    );
    assert!(
        out.contains("- source removed: `https://www.washingtonpost.com/b`"),
        "{out}"
    );
    assert!(out.contains("#### `a/doomed`"), "{out}");
    assert!(
        !out.contains("a/steady"),
        "an untouched claim is not listed: {out}"
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn review_between_two_commits() {
    let repo = history();
    commit_all(repo.root(), "head");
    // The work tree changes again, but --head names the commit.
    let repo = repo.claim(
        "steady",
        "claim = \"Touched after the commit.\"\nstatus = \"unverified\"\n",
    );
    let run = repo.run(&["review", "--base", "HEAD~1", "--head", "HEAD", "--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("**1 added**, **2 modified**, **1 removed**"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("steady"));
}

#[test]
fn review_probes_added_and_changed_urls_only() {
    let server = Server::start(|r| Reply::Status(if r.path == "/gone" { 404 } else { 200 }));
    let repo = Repo::new().claim(
        "x",
        format!("claim = \"x\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{}\"\noutlet = \"herald\"\n", server.url("/kept")),
    );
    git(repo.root(), &["init", "-q"]);
    commit_all(repo.root(), "base");
    let repo = repo.claim(
        "x",
        format!(
            "claim = \"x\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{}\"\noutlet = \"herald\"\n\n[[sources]]\nurl = \"{}\"\noutlet = \"herald\"\n",
            server.url("/kept"),
            server.url("/gone")
        ),
    );
    let run = repo.run(&["review", "--base", "HEAD", "--allow-loopback"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "- source added: `{}` — ❌ dead (404): 404 Not Found",
            server.url("/gone")
        )),
        "{}",
        run.stdout
    );
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert!(
        paths.iter().all(|p| p == "/gone"),
        "only the added URL is probed: {paths:?}"
    );
}

#[test]
fn no_change_says_so() {
    let repo = Repo::new().claim("x", crate::support::CLAIM);
    git(repo.root(), &["init", "-q"]);
    commit_all(repo.root(), "base");
    let run = repo.run(&["review", "--base", "HEAD", "--offline"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("No claim was added, removed or modified"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unknown_revision_is_exit_2() {
    let repo = history();
    let run = repo.run(&["review", "--base", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`no-such-branch` is not a commit in this repository"),
        "{}",
        run.stderr
    );
    let run = repo.run(&["check", "--changed-since", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-branch"), "{}", run.stderr);
}

#[test]
fn outside_git_is_exit_2() {
    let run = Repo::new().run(&["review", "--base", "HEAD"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not in a git repository"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_shallow_clone_without_the_base_says_how_to_fetch_it() {
    let origin = history();
    commit_all(origin.root(), "second");
    let clone_parent = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.root().display());
    git(
        clone_parent.path(),
        &["clone", "-q", "--depth", "1", &url, "clone"],
    );
    let clone = clone_parent.path().join("clone");
    let run = run_in(&clone, &["review", "--base", "HEAD~1", "--offline"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is not in this shallow clone"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("git fetch"), "{}", run.stderr);
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
}

#[test]
fn changed_since_probes_exactly_the_touched_claims_urls() {
    let server = Server::start(|_| Reply::Status(200));
    let cite = |path: &str| {
        format!(
            "claim = \"x\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{}\"\noutlet = \"herald\"\n",
            server.url(path)
        )
    };
    let repo = Repo::new()
        .claim("one", cite("/one"))
        .claim("two", cite("/two"))
        .claim("three", cite("/three"));
    git(repo.root(), &["init", "-q"]);
    commit_all(repo.root(), "base");
    git(repo.root(), &["checkout", "-q", "-b", "topic"]);
    // One claim edited and committed on the branch, one new and untracked.
    let repo = repo.claim("two", cite("/two-moved"));
    commit_all(repo.root(), "edit two");
    let repo = repo.claim("four", cite("/four"));
    let run = repo.run(&[
        "check",
        "--allow-loopback",
        "--no-cache",
        "--changed-since",
        "main",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    paths.sort();
    assert_eq!(paths, ["/four", "/two-moved"]);
    assert!(
        run.stderr
            .contains("4 urls: 2 ok, 2 not probed in this run"),
        "{}",
        run.stderr
    );
}

#[test]
fn review_renders_no_markup_of_the_claims_and_is_inert_in_logs() {
    use crate::reports::{HOSTILE_TOML as H, assert_inert, assert_no_markdown_link};
    let repo = Repo::new().claim(
        "edited",
        "claim = \"Before.\"\nquote = \"Old.\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"https://www.reuters.com/a\"\n",
    );
    git(repo.root(), &["init", "-q"]);
    commit_all(repo.root(), "base");
    let evil_source =
        format!("[[sources]]\nurl = \"https://www.reuters.com/a?q=`x`\"\ntitle = \"{H}\"\n");
    let repo = repo
        .claim(
            "edited",
            format!(
                "claim = \"{H}\"\nquote = \"{H}\"\nstatus = \"unverified\"\nnote = \"{H}\"\ntopics = [\"{H}\"]\nattribution = \"{H}\"\n\n{evil_source}"
            ),
        )
        .claim("added", format!("claim = \"{H}\"\nstatus = \"unverified\"\n\n{evil_source}"))
        .file("claims/a/article.toml", format!("title = \"{H}\"\noutlet = \"herald\"\n"));
    let run = repo.run(&["review", "--base", "HEAD", "--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("**1 added**, **1 modified**"), "{out}");
    assert_inert(out, "review");
    assert_no_markdown_link(out, "review");
    // The text is there, escaped to render as itself.
    assert!(
        out.contains(
            "\\!\\[x\\](https://tracker.example/p.gif) \\[approve\\](https://evil.example/)"
        ),
        "{out}"
    );
    // URLs are code, whatever they hold.
    assert!(
        out.contains("`` https://www.reuters.com/a?q=`x` ``"),
        "{out}"
    );
}

/// `review --format json` in `repo`, parsed.
fn review_json(repo: &Repo, args: &[&str]) -> serde_json::Value {
    let run = repo.run(&[&["review", "--format", "json"], args].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    // Every document of these tests holds to the committed schema.
    assert_eq!(
        crate::support::schema_errors("review-output", &doc),
        Vec::<String>::new()
    );
    assert_eq!(doc["format_version"], 1);
    doc
}

/// The claim `article/id` of a JSON review.
fn claim<'a>(doc: &'a serde_json::Value, full_id: &str) -> &'a serde_json::Value {
    let (article, id) = full_id.split_once('/').unwrap();
    let found: Vec<&serde_json::Value> = doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["article"] == article && c["id"] == id)
        .collect();
    assert_eq!(found.len(), 1, "{full_id} once in {doc:#}");
    found[0]
}

fn codes(flags: &serde_json::Value) -> Vec<&str> {
    flags
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

#[test]
fn review_as_json_says_what_the_markdown_says() {
    let doc = review_json(&history(), &["--base", "HEAD", "--offline"]);
    assert_eq!(doc["base"], "HEAD");
    assert_eq!(doc["head"], serde_json::Value::Null, "the work tree");
    assert_eq!(
        doc["summary"],
        serde_json::json!({"added": 1, "changed": 2, "removed": 1, "look_twice": 3, "urls": 1, "urls_not_ok": 0})
    );
    let changes: Vec<(&str, &str)> = doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["change"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changes,
        [
            ("fresh", "added"),
            ("backed", "changed"),
            ("pending", "changed"),
            ("doomed", "removed")
        ]
    );

    let fresh = claim(&doc, "a/fresh");
    assert_eq!(fresh["claim"], "Newly added.");
    assert_eq!(fresh["article_title"], "An article");
    assert_eq!(fresh["status"], "unverified");
    assert_eq!(fresh["attributed_to"], "reuters");
    assert_eq!(
        fresh["sources"],
        serde_json::json!([{"change": "added", "url": "https://www.reuters.com/d", "state": "not-probed", "archive": null, "archive_state": null, "credited": false}])
    );

    let pending = claim(&doc, "a/pending");
    assert_eq!(
        pending["fields"],
        serde_json::json!([
            {"field": "quote", "before": "Old words.", "after": "New words."},
            {"field": "status", "before": "unverified", "after": "supported"}
        ])
    );
    assert_eq!(pending["sources_changed"], false);
    assert_eq!(
        codes(&pending["look_twice"]),
        ["unbacked-upgrade", "quote-edited"]
    );
    assert_eq!(
        pending["look_twice"][0]["message"],
        "status upgraded from unverified to supported without a new or re-accessed source"
    );

    let backed = claim(&doc, "a/backed");
    assert_eq!(backed["fields"], serde_json::json!([]));
    assert_eq!(backed["sources_changed"], true);
    assert_eq!(
        backed["sources"],
        serde_json::json!([{"change": "removed", "url": "https://www.washingtonpost.com/b", "state": null, "archive": null, "archive_state": null, "credited": false}])
    );
    assert_eq!(codes(&backed["look_twice"]), ["supported-source-removed"]);

    let doomed = claim(&doc, "a/doomed");
    assert_eq!(doomed["claim"], "To be removed.");
    assert_eq!(doomed["look_twice"], serde_json::json!([]));

    assert_eq!(
        doc["urls"],
        serde_json::json!([{"url": "https://www.reuters.com/d", "state": "not-probed", "status": null, "detail": "--offline", "new_url": null}])
    );
}

#[test]
fn review_as_json_probes_the_changed_and_added_urls() {
    let server = Server::start(|r| Reply::Status(if r.path == "/gone" { 404 } else { 200 }));
    let source = |path: &str, title: &str| {
        format!(
            "[[sources]]\nurl = \"{}\"\noutlet = \"herald\"\ntitle = \"{title}\"\n",
            server.url(path)
        )
    };
    let claim_file = |sources: &[String]| {
        format!(
            "claim = \"x\"\nstatus = \"unverified\"\n\n{}",
            sources.join("\n")
        )
    };
    let repo = Repo::new().claim(
        "x",
        claim_file(&[source("/kept", "Kept"), source("/retitled", "Old title")]),
    );
    git(repo.root(), &["init", "-q"]);
    commit_all(repo.root(), "base");
    let repo = repo.claim(
        "x",
        claim_file(&[
            source("/kept", "Kept"),
            source("/retitled", "New title"),
            source("/gone", "Gone"),
        ]),
    );
    let doc = review_json(&repo, &["--base", "HEAD", "--allow-loopback"]);
    let x = claim(&doc, "a/x");
    let sources: Vec<(&str, &str, &str)> = x["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["change"].as_str().unwrap(),
                s["url"].as_str().unwrap(),
                s["state"].as_str().unwrap(),
            )
        })
        .collect();
    let (retitled, gone) = (server.url("/retitled"), server.url("/gone"));
    assert_eq!(
        sources,
        [
            ("changed", retitled.as_str(), "ok"),
            ("added", gone.as_str(), "dead")
        ]
    );
    assert_eq!(
        doc["urls"],
        serde_json::json!([
            {"url": gone, "state": "dead", "status": 404, "detail": "404 Not Found", "new_url": null},
            {"url": retitled, "state": "ok", "status": 200, "detail": "200 OK", "new_url": null},
        ])
    );
    assert_eq!(doc["summary"]["urls"], 2);
    assert_eq!(doc["summary"]["urls_not_ok"], 1);
    let mut paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(
        paths,
        ["/gone", "/retitled"],
        "the unchanged URL is not probed"
    );
}

#[test]
fn review_format_markdown_is_the_default() {
    let repo = history();
    let default = repo.run(&["review", "--base", "HEAD", "--offline"]);
    let markdown = repo.run(&[
        "review",
        "--base",
        "HEAD",
        "--offline",
        "--format",
        "markdown",
    ]);
    assert_eq!(markdown.code, 0, "{}", markdown.stderr);
    assert!(
        markdown.stdout.starts_with("## Claims changed\n"),
        "{}",
        markdown.stdout
    );
    assert_eq!(markdown.stdout, default.stdout);
    let bad = repo.run(&["review", "--base", "HEAD", "--format", "yaml"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn review_as_json_is_inert_in_logs_and_reads_back_as_written() {
    use crate::reports::{HOSTILE_TOML as H, assert_inert};
    let repo = Repo::new().claim("x", "claim = \"Before.\"\nstatus = \"unverified\"\n");
    git(repo.root(), &["init", "-q"]);
    commit_all(repo.root(), "base");
    let repo = repo.claim("x", format!("claim = \"{H}\"\nstatus = \"unverified\"\n"));
    let run = repo.run(&["review", "--base", "HEAD", "--offline", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_inert(&run.stdout, "review --format json");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // TOML's escapes in HOSTILE_TOML are JSON's too.
    let written: String = serde_json::from_str(&format!("\"{H}\"")).unwrap();
    assert_eq!(
        claim(&doc, "a/x")["fields"],
        serde_json::json!([{"field": "claim", "before": "Before.", "after": written}])
    );
}

#[test]
fn review_says_why_a_url_was_not_probed() {
    let repo = Repo::new();
    git(repo.root(), &["init", "-q"]);
    commit_all(repo.root(), "base");
    let repo = repo.claim(
        "odd",
        "claim = \"Odd.\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"not a url\"\n",
    );
    let probing = repo.run(&["review", "--base", "HEAD"]);
    assert_eq!(probing.code, 0, "{}", probing.stderr);
    assert!(
        probing
            .stdout
            .contains("- source: `not a url` — not probed (not an http(s) URL)"),
        "{}",
        probing.stdout
    );
    let offline = repo.run(&["review", "--base", "HEAD", "--offline"]);
    assert!(
        offline
            .stdout
            .contains("- source: `not a url` — not probed (--offline)"),
        "{}",
        offline.stdout
    );
}

#[test]
fn review_tells_a_reread_source_from_an_unbacked_upgrade() {
    let claim = |status: &str, sources: &[(&str, &str)]| {
        let sources: Vec<String> = sources
            .iter()
            .map(|(path, more)| {
                format!("[[sources]]\nurl = \"https://www.reuters.com/{path}\"\n{more}")
            })
            .collect();
        format!(
            "claim = \"x\"\nstatus = \"{status}\"\n\n{}",
            sources.join("\n")
        )
    };
    let jan = "accessed = 2026-01-01\n";
    let repo = Repo::new()
        .claim("upgraded", claim("unverified", &[("u", jan)]))
        .claim("reread", claim("unverified", &[("r", jan)]))
        .claim("downgraded", claim("supported", &[("d1", ""), ("d2", "")]))
        .claim(
            "retitled",
            claim("unverified", &[("t", "title = \"Old\"\n")]),
        );
    git(repo.root(), &["init", "-q"]);
    commit_all(repo.root(), "base");
    let repo = repo
        .claim("upgraded", claim("supported", &[("u", jan)]))
        .claim(
            "reread",
            claim("supported", &[("r", "accessed = 2026-02-01\n")]),
        )
        .claim("downgraded", claim("mixed", &[("d1", "")]))
        .claim(
            "retitled",
            claim("unverified", &[("t", "title = \"New\"\n")]),
        );
    let run = repo.run(&["review", "--base", "HEAD", "--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    let flags: Vec<&str> = out.lines().filter(|l| l.starts_with("- ⚠️")).collect();
    assert_eq!(
        flags,
        [
            "- ⚠️ `a/downgraded`: a source was removed from a `supported` claim: `https://www.reuters.com/d2`",
            "- ⚠️ `a/upgraded`: status upgraded from `unverified` to `supported` without a new or re-accessed source",
        ],
        "{out}"
    );
    assert!(
        out.contains(
            "- status: `unverified` → `supported`\n- sources changed (below)\n- source changed: `https://www.reuters.com/r` — not probed (--offline)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("> x\n\n- sources changed\n- source changed: `https://www.reuters.com/t`"),
        "only a source's title changed: {out}"
    );
}

/// A claim credited to Reuters with one Reuters source: `credit` and the
/// source's lines as given.
fn credited_claim(credit: &str, source: &str) -> String {
    format!(
        "claim = \"x\"\nattributed_to = \"reuters\"\nstatus = \"supported\"\ncredit = \"{credit}\"\nnote = \"n\"\n\n\
         [[sources]]\nurl = \"https://www.reuters.com/a\"\n{source}"
    )
}

#[test]
fn review_shows_credit_changes_and_an_unbacked_confirmed_credit() {
    let backed = "credited = true\nexcerpt = \"The words.\"\n";
    let repo = Repo::new()
        .claim("confirmed", credited_claim("unchecked", ""))
        .claim("lost", credited_claim("confirmed", backed))
        .claim("found-wanting", credited_claim("confirmed", backed))
        .claim("fine", credited_claim("unchecked", ""));
    git(repo.root(), &["init", "-q"]);
    commit_all(repo.root(), "base");
    let repo = repo
        // Confirmed, the source marked, but no excerpt: look twice.
        .claim(
            "confirmed",
            credited_claim("confirmed", "credited = true\n"),
        )
        // The credited source's excerpt removed: look twice.
        .claim("lost", credited_claim("confirmed", "credited = true\n"))
        // Now misattributed, the source no longer the outlet's own words.
        .claim(
            "found-wanting",
            credited_claim("misattributed", "excerpt = \"The words.\"\n"),
        )
        // Confirmed and backed: nothing to flag.
        .claim("fine", credited_claim("confirmed", backed));
    let doc = review_json(&repo, &["--base", "HEAD", "--offline"]);
    let url = "https://www.reuters.com/a";
    let confirmed = claim(&doc, "a/confirmed");
    assert_eq!(confirmed["credit"], "confirmed");
    assert_eq!(
        confirmed["fields"],
        serde_json::json!([
            {"field": "credit", "before": "unchecked", "after": "confirmed"},
            {"field": "credited", "before": null, "after": url}
        ])
    );
    assert_eq!(confirmed["sources"][0]["change"], "changed");
    assert_eq!(confirmed["sources"][0]["credited"], true);
    assert_eq!(codes(&confirmed["look_twice"]), ["unbacked-credit"]);
    let lost = claim(&doc, "a/lost");
    assert_eq!(lost["fields"], serde_json::json!([]));
    assert_eq!(codes(&lost["look_twice"]), ["unbacked-credit"]);
    let wanting = claim(&doc, "a/found-wanting");
    assert_eq!(
        wanting["fields"],
        serde_json::json!([
            {"field": "credit", "before": "confirmed", "after": "misattributed"},
            {"field": "credited", "before": url, "after": null}
        ])
    );
    assert_eq!(wanting["sources"][0]["credited"], false);
    assert_eq!(codes(&wanting["look_twice"]), Vec::<&str>::new());
    assert_eq!(
        codes(&claim(&doc, "a/fine")["look_twice"]),
        Vec::<&str>::new()
    );
    assert_eq!(doc["summary"]["look_twice"], 2);

    let run = repo.run(&["review", "--base", "HEAD", "--offline"]);
    let out = &run.stdout;
    assert!(
        out.contains("- ⚠️ `a/confirmed`: credit `confirmed` but no source marked `credited = true` has an `excerpt`: the words that show the outlet said it\n"),
        "{out}"
    );
    assert!(
        out.contains("- credit: `confirmed` → `misattributed`\n- credited source: “https://www.reuters.com/a” → (none)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "- source changed: `https://www.reuters.com/a` (credited) — not probed (--offline)\n"
        ),
        "{out}"
    );
}

#[test]
fn review_gives_an_added_claims_credit() {
    let repo = Repo::new();
    git(repo.root(), &["init", "-q"]);
    git(repo.root(), &["add", "-A"]);
    git(repo.root(), &["commit", "-q", "-m", "base"]);
    let repo = repo
        .claim("credited", credited_claim("unlocated", ""))
        .claim("own", crate::support::CLAIM);
    let doc = review_json(&repo, &["--base", "HEAD", "--offline"]);
    assert_eq!(claim(&doc, "a/credited")["credit"], "unlocated");
    assert_eq!(claim(&doc, "a/own")["credit"], serde_json::Value::Null);
    let run = repo.run(&["review", "--base", "HEAD", "--offline"]);
    assert!(
        run.stdout
            .contains("- attributed to: `reuters`\n- credit: `unlocated`\n"),
        "{}",
        run.stdout
    );
}
