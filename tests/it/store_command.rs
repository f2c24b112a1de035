//! `claimtrack store show` and `store prune`: the result store's contents,
//! and entries removed by use and by age.

use serde_json::{Value, json};

use crate::support::{Repo, Run};

fn entry(checked: &str, state: &str) -> Value {
    json!({"checked": checked, "state": state, "status": 200, "detail": "200 OK",
           "new_url": null, "last_ok": checked, "failures": []})
}

/// A claim citing a.example (and its archive); a store that also knows
/// three URLs no claim cites: one checked long ago, one ten days ago.
fn repo() -> Repo {
    let ten_days_ago = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(240);
    let store = json!({
        "format": "claimtrack-results", "version": 1,
        "entries": {
            "https://a.example/x": entry("2099-01-01T00:00:00Z", "ok"),
            "https://web.archive.org/web/2020/https://a.example/x": entry("2099-01-01T00:00:00Z", "ok"),
            "https://b.example/gone": entry("2020-01-01T00:00:00Z", "dead"),
            "https://c.example/recent": entry("2099-01-01T00:00:00Z", "blocked"),
            "https://d.example/ten-days": entry(&ten_days_ago.to_string(), "ok")
        }
    });
    Repo::new()
        .claim(
            "x",
            "claim = \"C.\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"https://a.example/x\"\noutlet = \"herald\"\narchive = \"https://web.archive.org/web/2020/https://a.example/x\"\n",
        )
        .file(".claimtrack/cache", store.to_string())
}

fn urls_in_store(repo: &Repo) -> Vec<String> {
    let doc = crate::support::store_entries(repo.root(), &repo.path(".claimtrack/cache"));
    doc["entries"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

fn ok(run: Run) -> Run {
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run
}

#[test]
fn show_counts_the_urls_by_state_and_those_no_claim_cites() {
    let repo = repo();
    let run = ok(repo.run(&["store", "show", "--format", "json"]));
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["urls"], 5);
    assert_eq!(doc["by_state"], json!({"ok": 3, "dead": 1, "blocked": 1}));
    assert_eq!(doc["unused"], 3);
    assert_eq!(doc["oldest"], "2020-01-01T00:00:00Z");
    assert_eq!(doc["newest"], "2099-01-01T00:00:00Z");
    let text = ok(repo.run(&["store", "show"])).stdout;
    assert!(
        text.contains(": 5 URLs") && text.contains("blocked 1 · dead 1 · ok 3"),
        "{text}"
    );
    assert!(
        text.contains("not cited by any claim: 3 (`claimtrack store prune --unused`"),
        "{text}"
    );
}

#[test]
fn prune_removes_unused_or_old_entries_and_a_dry_run_nothing() {
    let repo = repo();
    let before = urls_in_store(&repo);
    let dry = ok(repo.run(&["store", "prune", "--unused", "--dry-run"]));
    assert_eq!(
        dry.stdout,
        "https://b.example/gone\nhttps://c.example/recent\nhttps://d.example/ten-days\n"
    );
    assert!(
        dry.stderr.contains("would remove 3 entries"),
        "{}",
        dry.stderr
    );
    let week = ok(repo.run(&["store", "prune", "--older-than", "7", "--dry-run"]));
    assert_eq!(
        week.stdout,
        "https://b.example/gone\nhttps://d.example/ten-days\n"
    );
    assert_eq!(urls_in_store(&repo), before, "a dry run changes nothing");

    let old = ok(repo.run(&["store", "prune", "--older-than", "30"]));
    assert_eq!(old.stdout, "https://b.example/gone\n");
    assert!(old.stderr.contains("removed 1 entry"), "{}", old.stderr);
    let unused = ok(repo.run(&["store", "prune", "--unused"]));
    assert_eq!(
        unused.stdout,
        "https://c.example/recent\nhttps://d.example/ten-days\n"
    );
    assert_eq!(
        urls_in_store(&repo),
        [
            "https://a.example/x",
            "https://web.archive.org/web/2020/https://a.example/x"
        ]
    );
}

#[test]
fn prune_needs_a_criterion_and_a_foreign_file_is_never_touched() {
    let repo = repo();
    let run = repo.run(&["store", "prune"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--unused"), "{}", run.stderr);
    let foreign = Repo::new().file(".claimtrack/cache", "{\"mine\": true}\n");
    for args in [&["store", "show"][..], &["store", "prune", "--unused"]] {
        let run = foreign.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("is not a claimtrack result store"),
            "{}",
            run.stderr
        );
    }
    let text = std::fs::read_to_string(foreign.path(".claimtrack/cache")).unwrap();
    assert_eq!(text, "{\"mine\": true}\n");
}

/// A claim with an error (here no `status`) still cites its sources: their
/// results are not "unused".
#[test]
fn urls_of_a_claim_with_an_error_are_still_cited() {
    let store = json!({"format": "claimtrack-results", "version": 1,
        "entries": {"https://e.example/p": entry("2099-01-01T00:00:00Z", "ok")}});
    let repo = Repo::new()
        .claim(
            "p",
            "claim = \"C.\"\n\n[[sources]]\nurl = \"https://e.example/p\"\n",
        )
        .file(".claimtrack/cache", store.to_string());
    let run = ok(repo.run(&["store", "prune", "--unused", "--dry-run"]));
    assert_eq!(run.stdout, "", "{}", run.stderr);
    assert!(
        run.stderr.contains("would remove 0 entries"),
        "{}",
        run.stderr
    );
}

/// The shards of a CI matrix each write a store; `merge` gathers them:
/// every URL keeps its most recently checked result, and a file that is
/// not a store stops the merge before anything is written.
#[test]
fn merge_gathers_the_shards_stores_and_the_newest_result_wins() {
    let shard = |entries: Value| {
        json!({"format": "claimtrack-results", "version": 1, "entries": entries}).to_string()
    };
    let repo = Repo::new()
        .file(
            ".claimtrack/cache",
            shard(json!({"https://a.example/1": entry("2026-11-01T00:00:00Z", "dead")})),
        )
        .file(
            "s1/cache",
            shard(
                json!({"https://a.example/1": entry("2026-11-20T00:00:00Z", "ok"),
                         "https://b.example/2": entry("2026-11-20T00:00:00Z", "ok")}),
            ),
        )
        .file(
            "s2/cache",
            shard(
                json!({"https://a.example/1": entry("2026-10-01T00:00:00Z", "blocked"),
                         "https://c.example/3": entry("2026-11-21T00:00:00Z", "dead")}),
            ),
        )
        .file("mine.json", "{\"mine\": true}\n");
    let store = repo.path(".claimtrack/cache");
    let before = crate::support::store_entries(repo.root(), &store);
    for bad in ["mine.json", "missing/cache"] {
        let run = repo.run(&["store", "merge", "s1/cache", bad]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        let after = crate::support::store_entries(repo.root(), &store);
        assert_eq!(after, before, "{bad}: nothing is written");
    }
    let run = ok(repo.run(&["store", "merge", "s1/cache", "s2/cache"]));
    assert!(
        run.stderr.contains("took 3 entries from 2 stores"),
        "{}",
        run.stderr
    );
    let doc = crate::support::store_entries(repo.root(), &repo.path(".claimtrack/cache"));
    let states: Vec<(&str, &str)> = doc["entries"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(url, e)| (url.as_str(), e["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        states,
        [
            ("https://a.example/1", "ok"),
            ("https://b.example/2", "ok"),
            ("https://c.example/3", "dead")
        ]
    );
    // A result no newer than the one there is not taken.
    let again = ok(repo.run(&["store", "merge", "s1/cache"]));
    assert!(
        again.stderr.contains("took 0 entries from 1 store into"),
        "{}",
        again.stderr
    );
    let run = repo.run(&["store", "merge"]);
    assert_eq!(run.code, 2, "a store to merge is required: {}", run.stderr);
}
