//! `list` and `show`.

use crate::support::{Repo, project_root, run_in};

/// A repository with claims credited to or sourced from different outlets.
fn repo() -> Repo {
    Repo::new()
        .claim(
            "credited",
            "claim = \"Credited to Reuters, not found.\"\nstatus = \"unverified\"\ncredit = \"unlocated\"\nattributed_to = \"reuters\"\ntopics = [\"Economy\"]\n",
        )
        .claim(
            "sourced",
            "claim = \"Sourced from the Post.\"\nstatus = \"supported\"\ntopics = [\"security\"]\n\n[[sources]]\nurl = \"https://www.washingtonpost.com/a\"\n",
        )
        .claim(
            "sourced-from-reuters",
            "claim = \"Sourced from a Reuters subdomain.\"\nstatus = \"supported\"\n\n[[sources]]\nurl = \"http://in.reuters.com/article/x\"\n",
        )
        .claim("plain", "claim = \"Nobody's.\"\nstatus = \"unverified\"\n")
        .file("claims/b/article.toml", crate::support::ARTICLE)
        .file("claims/b/other.toml", "claim = \"In another article.\"\nstatus = \"refuted\"\n")
}

fn ids(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect()
}

#[test]
fn list_source_takes_an_id_a_name_or_a_domain() {
    let repo = repo();
    let reuters = ["a/credited", "a/sourced-from-reuters"];
    for query in [
        "reuters",
        "Reuters",
        "REUTERS",
        "reuters.com",
        "www.reuters.com",
        "https://www.reuters.com/",
    ] {
        let run = repo.run(&["list", "--source", query]);
        assert_eq!(run.code, 0, "{query}: {}", run.stderr);
        assert_eq!(ids(&run.stdout), reuters, "{query}");
    }
    for query in [
        "washington-post",
        "The Washington Post",
        "the washington post",
        "washingtonpost.com",
    ] {
        let run = repo.run(&["list", "--source", query]);
        assert_eq!(ids(&run.stdout), ["a/sourced"], "{query}");
    }
}

#[test]
fn list_source_takes_an_alias_in_any_case() {
    let outlets = crate::support::OUTLETS.replace(
        "name = \"The Washington Post\"\n",
        "name = \"The Washington Post\"\naliases = [\"WaPo\", \"the Post\"]\n",
    );
    let repo = repo().file("claims/outlets.toml", outlets);
    let check = repo.run(&["check", "--offline", "--format", "json"]);
    assert!(!check.stdout.contains("unknown-field"), "{}", check.stdout);
    for query in ["WaPo", "wapo", "the post", "The Post"] {
        let run = repo.run(&["list", "--source", query]);
        assert_eq!(run.code, 0, "{query}: {}", run.stderr);
        assert_eq!(ids(&run.stdout), ["a/sourced"], "{query}");
    }
    // An alias is a whole name, not a part of one.
    let run = repo.run(&["list", "--source", "Post"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
}

#[test]
fn list_source_unknown_lists_the_known_outlets() {
    let run = repo().run(&["list", "--source", "bbc"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("no outlet matches `bbc`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "reuters (Reuters), washington-post (The Washington Post), herald (The Herald)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn list_filters_combine() {
    let repo = repo();
    let run = repo.run(&["list", "--status", "supported"]);
    assert_eq!(ids(&run.stdout), ["a/sourced", "a/sourced-from-reuters"]);
    let run = repo.run(&["list", "--topic", "economy"]);
    assert_eq!(ids(&run.stdout), ["a/credited"]);
    let run = repo.run(&["list", "--article", "b"]);
    assert_eq!(ids(&run.stdout), ["b/other"]);
    let run = repo.run(&["list", "--source", "reuters", "--status", "supported"]);
    assert_eq!(ids(&run.stdout), ["a/sourced-from-reuters"]);
    let run = repo.run(&["list", "--article", "zzz"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no article `zzz`") && run.stderr.contains("a, b"),
        "{}",
        run.stderr
    );
}

#[test]
fn list_lines_show_id_status_outlet_credit_and_claim() {
    let run = repo().run(&["list"]);
    assert_eq!(
        run.stdout,
        "\
a/credited              unverified  reuters  unlocated  Credited to Reuters, not found.
a/plain                 unverified  -        -          Nobody's.
a/sourced               supported   -        -          Sourced from the Post.
a/sourced-from-reuters  supported   -        -          Sourced from a Reuters subdomain.
b/other                 refuted     -        -          In another article.
"
    );
}

#[test]
fn list_json_holds_whole_claims_under_its_format_version() {
    let run = repo().run(&["list", "--format", "json", "--source", "reuters"]);
    assert_eq!(run.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        crate::support::schema_errors("list-output", &doc),
        Vec::<String>::new()
    );
    assert_eq!(doc["tool"], "claimtrack");
    assert_eq!(doc["format_version"], 1);
    let v = &doc["claims"];
    let expected = serde_json::json!([
        {
            "id": "credited", "article": "a", "file": "claims/a/credited.toml",
            "claim": "Credited to Reuters, not found.", "quote": null,
            "attributed_to": "reuters", "attribution": null, "status": "unverified",
            "credit": "unlocated", "note": null, "topics": ["Economy"], "sources": []
        },
        {
            "id": "sourced-from-reuters", "article": "a", "file": "claims/a/sourced-from-reuters.toml",
            "claim": "Sourced from a Reuters subdomain.", "quote": null,
            "attributed_to": null, "attribution": null, "status": "supported",
            "credit": null, "note": null, "topics": [],
            "sources": [{
                "url": "http://in.reuters.com/article/x", "outlet": "reuters", "outlet_inferred": true,
                "title": null, "published": null, "accessed": null, "archive": null,
                "credited": false
            }]
        }
    ]);
    assert_eq!(v, &expected);
}

#[test]
fn list_warns_when_claims_have_errors() {
    let run = repo().claim("broken", "claim = 3\n").run(&["list"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("claims/ has 2 errors"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("broken"));
}

#[test]
fn show_prints_a_claim_with_its_article_and_sources() {
    let repo = repo();
    let run = repo.run(&["show", "sourced-from-reuters"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\
a/sourced-from-reuters
  file:          claims/a/sourced-from-reuters.toml
  status:        supported
  claim:         Sourced from a Reuters subdomain.

article: An article
  outlet:        The Herald (herald)

sources (1):
  1. http://in.reuters.com/article/x
     outlet:        Reuters (reuters), from the URL's host
"
    );
    let by_full_id = repo.run(&["show", "a/sourced-from-reuters"]);
    assert_eq!(by_full_id.stdout, run.stdout);
    let json = repo.run(&["show", "credited", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["attributed_to"], "reuters");
}

#[test]
fn show_unknown_or_ambiguous_id_is_exit_2() {
    let repo = repo().file(
        "claims/b/plain.toml",
        "claim = \"Again.\"\nstatus = \"unverified\"\n",
    );
    let run = repo.run(&["show", "sourced-from-reuter"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `sourced-from-reuters`?"),
        "{}",
        run.stderr
    );
    let run = repo.run(&["show", "plain"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("a/plain, b/plain"), "{}", run.stderr);
}

#[test]
fn the_seed_article_answers_questions() {
    let root = project_root();
    let run = run_in(root, &["list", "--source", "reuters"]);
    assert_eq!(
        ids(&run.stdout),
        ["kremlin-north-korea-ties/debt-write-off-2014"]
    );
    let run = run_in(root, &["list", "--source", "The Washington Post"]);
    assert_eq!(
        ids(&run.stdout),
        ["kremlin-north-korea-ties/thaad-seen-as-threat"]
    );
    let run = run_in(root, &["list", "--credit", "unlocated"]);
    assert_eq!(
        ids(&run.stdout),
        [
            "kremlin-north-korea-ties/russia-mediating-role",
            "kremlin-north-korea-ties/thaad-seen-as-threat"
        ]
    );
    let run = run_in(root, &["show", "debt-write-off-2014"]);
    assert!(
        run.stdout
            .contains("http://in.reuters.com/article/russia-northkorea-debt-idINL6N0NB04L20140419")
    );
}

/// Claims with each verdict on their credit, and one crediting no outlet.
fn credits() -> Repo {
    let claim = |id: &str, credit: &str, more: &str| {
        let credit = match credit {
            "" => String::new(),
            c => format!("credit = \"{c}\"\n"),
        };
        (
            id.to_string(),
            format!(
                "claim = \"{id}\"\nattributed_to = \"reuters\"\nstatus = \"supported\"\n{credit}note = \"n\"\n{more}"
            ),
        )
    };
    let confirmed = "\n[[sources]]\nurl = \"https://www.washingtonpost.com/b\"\n\n\
        [[sources]]\nurl = \"https://www.reuters.com/a\"\ncredited = true\nexcerpt = \"The words.\"\n";
    let mut repo = Repo::new().claim(
        "own",
        "claim = \"Nobody credited.\"\nstatus = \"unverified\"\n",
    );
    for (id, text) in [
        claim("confirmed", "confirmed", confirmed),
        claim("misattributed", "misattributed", ""),
        claim("unchecked", "", ""),
        claim("unlocated", "unlocated", ""),
    ] {
        repo = repo.claim(&id, text);
    }
    repo
}

#[test]
fn list_credit_filters_by_the_verdict_on_the_credit() {
    let repo = credits();
    for credit in ["unchecked", "confirmed", "unlocated", "misattributed"] {
        let run = repo.run(&["list", "--credit", credit]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(ids(&run.stdout), [format!("a/{credit}")], "{credit}");
    }
    let run = repo.run(&["list", "--credit", "unlocated", "--status", "unverified"]);
    assert_eq!(run.stdout, "", "filters combine");
    let run = repo.run(&["list", "--credit", "unknown"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("misattributed"), "{}", run.stderr);
    let run = repo.run(&["list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let credits: Vec<(&str, &serde_json::Value)> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), &c["credit"]))
        .collect();
    assert_eq!(
        credits,
        [
            ("confirmed", &serde_json::json!("confirmed")),
            ("misattributed", &serde_json::json!("misattributed")),
            ("own", &serde_json::Value::Null),
            ("unchecked", &serde_json::json!("unchecked")),
            ("unlocated", &serde_json::json!("unlocated")),
        ]
    );
}

#[test]
fn show_gives_the_credit_and_marks_the_credited_source() {
    let repo = credits();
    let run = repo.run(&["show", "confirmed"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("  attributed to: Reuters (reuters)\n  credit:        confirmed\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "  2. https://www.reuters.com/a\n     outlet:        Reuters (reuters), from the URL's host\n     credited:      yes\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("credited:").count(), 1, "{}", run.stdout);
    let run = repo.run(&["show", "unchecked"]);
    assert!(
        run.stdout.contains("  credit:        unchecked\n"),
        "{}",
        run.stdout
    );
    let run = repo.run(&["show", "own"]);
    assert!(!run.stdout.contains("credit:"), "{}", run.stdout);
    let run = repo.run(&["show", "confirmed", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["credit"], "confirmed");
    let credited: Vec<bool> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["credited"].as_bool().unwrap())
        .collect();
    assert_eq!(credited, [false, true]);
}

/// A claim with `HOSTILE_TOML` in every text field: its article's title,
/// its outlet's name, and the claim's file name too (a name `check` flags,
/// but `list` and `show` still print).
fn hostile_repo() -> Repo {
    use crate::reports::HOSTILE_TOML as H;
    let outlets = format!(
        "{}\n[hostile]\nname = \"{H}\"\ndomains = [\"hostile.example\"]\n",
        crate::support::OUTLETS
    );
    Repo::new()
        .file("claims/outlets.toml", outlets)
        .file(
            "claims/a/article.toml",
            format!("title = \"{H}\"\noutlet = \"hostile\"\nsection = \"{H}\"\nbyline = \"{H}\"\n"),
        )
        .claim(
            "evil",
            format!(
                "claim = \"{H}\"\nquote = \"{H}\"\nstatus = \"mixed\"\nattributed_to = \"hostile\"\n\
                 attribution = \"{H}\"\nnote = \"{H}\"\ntopics = [\"{H}\"]\n\n\
                 [[sources]]\nurl = \"https://hostile.example/a\"\ntitle = \"{H}\"\nexcerpt = \"{H}\"\n"
            ),
        )
        .claim("x\u{1b}]0;t\u{7}", crate::support::CLAIM)
}

#[test]
fn list_and_show_are_inert_in_terminals_and_logs() {
    use crate::reports::assert_inert;
    let repo = hostile_repo();
    let run = repo.run(&["list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_inert(&run.stdout, "list");
    assert_eq!(
        run.stdout.lines().count(),
        2,
        "one line per claim: {}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("clear \\u{1b}[2J title \\u{1b}]0;pwned\\u{7}"),
        "shown, escaped: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains("a/x\\u{1b}]0;t\\u{7} "),
        "{}",
        run.stdout
    );
    let run = repo.run(&["show", "evil"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_inert(&run.stdout, "show");
    assert!(
        run.stdout.contains("\\u{9b}2J bidi \\u{202e}evil"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\\::add-mask::x"), "{}", run.stdout);
    assert!(run.stdout.contains("##\\[add-mask]y"), "{}", run.stdout);
    let run = repo.run(&["show", "a/x\u{1b}]0;t\u{7}"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_inert(&run.stdout, "show by a hostile id");
    // JSON stays exact: it is data, and escapes control characters itself.
    let run = repo.run(&["show", "evil", "--format", "json"]);
    let claim: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        claim["claim"]
            .as_str()
            .unwrap()
            .starts_with("clear \u{1b}[2J")
    );
}
