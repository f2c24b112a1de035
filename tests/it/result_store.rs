//! The result store's file: SQLite, one row per URL and a history of
//! what each run saw; converted from the JSON store of earlier versions;
//! never written when it is someone else's; nothing written by a run that
//! learnt nothing new.

use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};

use serde_json::{Value, json};

use crate::server::{Reply, Server};
use crate::support::{Repo, Run, store_entries};

fn repo(urls: &[&str]) -> Repo {
    let urls: Vec<String> = urls.iter().map(|u| u.to_string()).collect();
    crate::probe::repo(&urls)
}

fn check(repo: &Repo, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--allow-loopback", "--retries", "0"];
    args.extend(extra);
    repo.run(&args)
}

fn entries(repo: &Repo) -> Value {
    store_entries(repo.root(), &repo.path(".claimtrack/cache"))["entries"].clone()
}

fn states(history: &Value) -> Vec<&str> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["state"].as_str().unwrap())
        .collect()
}

/// A server whose status is set by the test between runs.
fn switchable() -> (Server, Arc<AtomicU16>) {
    let status = Arc::new(AtomicU16::new(200));
    let s = status.clone();
    let server = Server::start(move |_| Reply::Status(s.load(Ordering::SeqCst)));
    (server, status)
}

#[test]
fn the_history_keeps_each_change_of_state_and_every_failure() {
    let (server, status) = switchable();
    let url = server.url("/page");
    let repo = repo(&[&url]);
    for code in [200, 200, 404, 404, 200] {
        status.store(code, Ordering::SeqCst);
        let run = check(&repo, &["--cache-ttl", "0s"]);
        assert!(run.code <= 1, "{}", run.stderr);
    }
    let e = &entries(&repo)[&url];
    assert_eq!(e["state"], "ok");
    assert_eq!(e["failures"], json!([]), "an answer clears the failures");
    // The second `ok` changed nothing; both `dead` runs are failures.
    assert_eq!(states(&e["history"]), ["ok", "dead", "dead", "ok"]);
    let statuses: Vec<&Value> = e["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &h["status"])
        .collect();
    assert_eq!(
        statuses,
        [&json!(200), &json!(404), &json!(404), &json!(200)]
    );
}

#[test]
fn a_run_that_reuses_every_result_writes_nothing() {
    let server = Server::start(|_| Reply::Status(200));
    let url = server.url("/a");
    let repo = repo(&[&url]);
    assert_eq!(check(&repo, &[]).code, 0);
    let before = std::fs::read(repo.path(".claimtrack/cache")).unwrap();
    let modified = std::fs::metadata(repo.path(".claimtrack/cache"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = check(&repo, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["summary"]["urls"]["from_store"], 1, "{doc}");
    assert_eq!(server.requests().len(), 1, "nothing sent");
    let path = repo.path(".claimtrack/cache");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn a_json_store_is_converted_with_its_results_and_failures() {
    let dead = "https://a.example/dead";
    let fine = "https://b.example/fine";
    let store = json!({
        "format": "claimtrack-results", "version": 1,
        "entries": {
            dead: {"checked": "2026-11-03T00:00:00Z", "state": "dead", "status": 404,
                   "detail": "404 Not Found", "new_url": null, "last_ok": "2026-10-01T00:00:00Z",
                   "failures": ["2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"]},
            fine: {"checked": "2026-11-03T00:00:00Z", "state": "ok", "status": 200,
                   "detail": "200 OK", "new_url": null, "last_ok": "2026-11-03T00:00:00Z",
                   "failures": [], "text_fingerprint": 12345678901234567890u64,
                   "text_seen": "2026-11-03T00:00:00Z",
                   "found": {"00000000000000aa": "2026-11-02T00:00:00Z"}}
        }
    });
    let repo = repo(&[dead, fine]).file(".claimtrack/cache", store.to_string());
    let run = repo.run(&["store", "show", "--entries", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("converted from JSON to SQLite (2 URLs)"),
        "{}",
        run.stderr
    );
    let bytes = std::fs::read(repo.path(".claimtrack/cache")).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    let e = &entries(&repo);
    for field in [
        "checked", "state", "status", "detail", "last_ok", "failures",
    ] {
        assert_eq!(e[dead][field], store["entries"][dead][field], "{field}");
    }
    for field in ["text_fingerprint", "text_seen", "found"] {
        assert_eq!(e[fine][field], store["entries"][fine][field], "{field}");
    }
    assert_eq!(states(&e[dead]["history"]), ["dead", "dead", "dead"]);
    assert_eq!(states(&e[fine]["history"]), ["ok"]);
    // Said once: the file is now the new store.
    let run = repo.run(&["store", "show"]);
    assert!(!run.stderr.contains("converted"), "{}", run.stderr);
}

#[test]
fn another_programs_database_is_never_written() {
    let server = Server::start(|_| Reply::Status(200));
    let repo = repo(&[&server.url("/a")]).dir(".claimtrack");
    let path = repo.path(".claimtrack/cache");
    {
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute_batch("CREATE TABLE results (url TEXT); INSERT INTO results VALUES ('x');")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let run = check(&repo, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is not a claimtrack result store"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let run = repo.run(&["store", "prune", "--older-than", "0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// Makes the store, then edits its file with SQL.
fn tampered(sql: &str) -> (Server, Repo) {
    let server = Server::start(|_| Reply::Status(200));
    let repo = repo(&[&server.url("/a")]);
    assert_eq!(check(&repo, &[]).code, 0);
    let db = rusqlite::Connection::open(repo.path(".claimtrack/cache")).unwrap();
    db.execute_batch(sql).unwrap();
    (server, repo)
}

#[test]
fn an_unreadable_store_of_ours_is_rebuilt_with_a_warning() {
    let cases = [
        ("PRAGMA user_version = 7;", "has schema version 7, not 1"),
        ("UPDATE results SET state = 'splendid';", "unknown state"),
        (
            "UPDATE results SET checked = 'yesterday';",
            "cannot be read",
        ),
        ("DROP TABLE results;", "no such table"),
    ];
    for (sql, why) in cases {
        let (server, repo) = tampered(sql);
        let run = check(&repo, &[]);
        assert_eq!(run.code, 0, "{sql}: {}", run.stderr);
        assert!(
            run.stderr.contains("warning: result store"),
            "{sql}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(why), "{sql}: {}", run.stderr);
        assert_eq!(server.requests().len(), 2, "{sql}: asked again");
        let e = entries(&repo);
        assert_eq!(e[server.url("/a")]["state"], "ok", "{sql}: rebuilt");
    }
}

#[test]
fn a_trigger_planted_in_the_store_never_runs() {
    let (server, repo) = tampered(
        "CREATE TABLE planted (n INTEGER); \
         CREATE TRIGGER t AFTER UPDATE ON results BEGIN INSERT INTO planted VALUES (1); END;",
    );
    let run = check(&repo, &["--cache-ttl", "0s"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(server.requests().len(), 2);
    let db = rusqlite::Connection::open(repo.path(".claimtrack/cache")).unwrap();
    let fired: i64 = db
        .query_row("SELECT count(*) FROM planted", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fired, 0);
}

#[test]
fn merging_joins_the_shards_histories() {
    let (server, status) = switchable();
    let url = server.url("/page");
    let one = repo(&[&url]);
    let two = repo(&[&url]);
    assert_eq!(check(&one, &[]).code, 0);
    std::thread::sleep(std::time::Duration::from_millis(5));
    status.store(404, Ordering::SeqCst);
    assert_eq!(check(&two, &[]).code, 1);
    let shard = two.path(".claimtrack/cache");
    let run = one.run(&["store", "merge", shard.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let e = &entries(&one)[&url];
    assert_eq!(e["state"], "dead", "the later result wins");
    assert_eq!(states(&e["history"]), ["ok", "dead"]);
    assert_eq!(e["failures"].as_array().unwrap().len(), 1);
}

#[test]
fn a_store_path_that_cannot_be_looked_at_is_said_and_the_run_goes_on() {
    let server = Server::start(|_| Reply::Status(200));
    // A path through a regular file: not missing, not readable.
    let repo = repo(&[&server.url("/a")]).file("plain", "a file, not a folder\n");
    let run = check(&repo, &["--cache", "plain/cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("cannot be read"), "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot write the result store"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests().len(), 1, "probed all the same");
    assert_eq!(
        std::fs::read_to_string(repo.path("plain")).unwrap(),
        "a file, not a folder\n"
    );
}

#[test]
fn a_result_that_changes_nothing_but_its_time_is_still_saved_and_blocked_is_no_failure() {
    let (server, status) = switchable();
    let url = server.url("/page");
    let repo = repo(&[&url]);
    assert_eq!(check(&repo, &[]).code, 0);
    let first = entries(&repo)[&url]["checked"].clone();
    std::thread::sleep(std::time::Duration::from_millis(5));
    // Asked again (no reuse), the same answer: no history row, a new time.
    assert_eq!(check(&repo, &["--cache-ttl", "0s"]).code, 0);
    let e = &entries(&repo)[&url];
    assert_ne!(e["checked"], first, "the second run's time is kept");
    assert_eq!(states(&e["history"]), ["ok"]);
    // A site that refuses robots has not failed.
    status.store(403, Ordering::SeqCst);
    let run = check(&repo, &["--cache-ttl", "0s"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let e = &entries(&repo)[&url];
    assert_eq!(e["state"], "blocked");
    assert_eq!(e["failures"], json!([]), "blocked is not a failure");
    assert_eq!(states(&e["history"]), ["ok", "blocked"]);
}
