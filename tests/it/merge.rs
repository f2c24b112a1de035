//! `claimtrack merge`: the JSON reports of a check split over shards
//! (`--partition K/N`) made into the report of one run over everything.

use serde_json::Value;

use crate::server::{Reply, Server};
use crate::support::{Repo, Run};

/// Twelve claims citing pages of which every third is gone, and one claim
/// with a structure error.
fn repo(server: &Server) -> Repo {
    let mut repo = Repo::new();
    for i in 0..12 {
        let url = server.url(&format!("/page-{i}"));
        repo = repo.claim(
            &format!("c{i}"),
            format!(
                "claim = \"Claim {i}.\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{url}\"\noutlet = \"herald\"\n"
            ),
        );
    }
    repo.claim("broken", "claim = \"No status.\"\n")
}

fn check(repo: &Repo, partition: Option<&str>) -> Value {
    let run = match partition {
        Some(p) => crate::support::check_json(repo, &["--partition", p]),
        None => crate::support::check_json(repo, &[]),
    };
    assert!(run.code <= 1, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn merge(repo: &Repo, files: &[&str]) -> Run {
    let mut args = vec!["merge"];
    args.extend(files);
    repo.run(&args)
}

/// A finding without its timing, which no two runs share.
fn untimed(findings: &Value) -> Vec<Value> {
    let mut out = findings.as_array().unwrap().clone();
    for f in &mut out {
        f.as_object_mut().unwrap().remove("duration_ms");
    }
    out
}

fn server() -> Server {
    Server::start(|r| {
        let n: u32 = r.path.trim_start_matches("/page-").parse().unwrap_or(0);
        Reply::Status(if n.is_multiple_of(3) { 404 } else { 200 })
    })
}

#[test]
fn the_merged_shards_say_what_one_whole_run_says() {
    let server = server();
    let repo = repo(&server);
    let whole = check(&repo, None);
    for k in 1..=3 {
        let doc = check(&repo, Some(&format!("{k}/3")));
        std::fs::write(repo.path(&format!("shard-{k}.json")), doc.to_string()).unwrap();
    }
    let run = merge(&repo, &["shard-2.json", "shard-1.json", "shard-3.json"]);
    assert_eq!(run.code, 1, "errors found: {}", run.stderr);
    let merged: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(untimed(&merged["findings"]), untimed(&whole["findings"]));
    assert_eq!(merged["failures"], whole["failures"]);
    let mut summary = merged["summary"].clone();
    let mut expected = whole["summary"].clone();
    for field in ["duration_ms", "load_ms"] {
        summary[field] = 0.into();
        expected[field] = 0.into();
    }
    assert_eq!(summary, expected);
    assert_eq!(merged["summary"]["urls"]["dead"], 4);
    assert_eq!(merged["settings"]["partition"], Value::Null);
    assert_eq!(merged["format_version"], 1);
    // A finding in two reports is one finding (a report merged twice).
    std::fs::write(repo.path("whole.json"), whole.to_string()).unwrap();
    let twice = merge(&repo, &["whole.json", "whole.json"]);
    let twice: Value = serde_json::from_str(&twice.stdout).unwrap();
    assert_eq!(untimed(&twice["findings"]), untimed(&whole["findings"]));
    // The merged document is still a check report: merging it again with
    // nothing else changes nothing.
    std::fs::write(repo.path("merged.json"), &run.stdout).unwrap();
    let again = merge(&repo, &["merged.json"]);
    let again: Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(again, merged);
}

#[test]
fn a_missing_shard_is_a_failure_and_exit_2() {
    let server = server();
    let repo = repo(&server);
    for k in [1, 3] {
        let doc = check(&repo, Some(&format!("{k}/3")));
        std::fs::write(repo.path(&format!("shard-{k}.json")), doc.to_string()).unwrap();
    }
    let run = merge(
        &repo,
        &["shard-1.json", "shard-3.json", "--output", "all.json"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path("all.json")).unwrap()).unwrap();
    let failures = merged["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0]["kind"], "missing-shard");
    assert!(
        failures[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("shard 2/3 has no report"),
        "{failures:?}"
    );
}

#[test]
fn what_cannot_be_merged_is_refused_with_exit_2() {
    let server = server();
    let repo = repo(&server)
        .file("notes.json", "{\"tool\": \"other\"}")
        .file("text.txt", "not json");
    let one = check(&repo, Some("1/3"));
    std::fs::write(repo.path("one.json"), one.to_string()).unwrap();
    let two = check(&repo, Some("1/2"));
    std::fs::write(repo.path("two.json"), two.to_string()).unwrap();
    let cases: [(&[&str], &str); 5] = [
        (&["notes.json"], "notes.json is not a claimtrack report"),
        (&["text.txt"], "text.txt is not JSON"),
        (
            &["one.json", "one.json"],
            "is shard 1/3, as an earlier report is",
        ),
        (&["one.json", "two.json"], "another report is of 3 shards"),
        (&["absent.json"], "cannot read absent.json"),
    ];
    for (files, said) in cases {
        let run = merge(&repo, files);
        assert_eq!(run.code, 2, "{files:?}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{files:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{files:?}");
    }
    // A claimtrack document that lacks any one of the four parts.
    for part in ["settings", "findings", "failures", "summary"] {
        let mut cut = one.clone();
        cut.as_object_mut().unwrap().remove(part);
        std::fs::write(repo.path("cut.json"), cut.to_string()).unwrap();
        let run = merge(&repo, &["cut.json"]);
        assert_eq!(run.code, 2, "{part}: {}", run.stderr);
        assert!(
            run.stderr.contains("lacks settings, findings"),
            "{part}: {}",
            run.stderr
        );
    }
    let run = repo.run(&["merge"]);
    assert_eq!(run.code, 2, "a report is required: {}", run.stderr);
}

#[test]
fn a_shard_that_could_not_start_brings_its_failure() {
    let server = server();
    let repo = repo(&server);
    let doc = check(&repo, Some("1/2"));
    std::fs::write(repo.path("one.json"), doc.to_string()).unwrap();
    let bad = Repo::new().file("claimtrack.toml", "[check]\nconcurrency = \"lots\"\n");
    let failed = bad.run(&["check", "--format", "json", "--partition", "2/2"]);
    assert_eq!(failed.code, 2);
    std::fs::write(repo.path("two.json"), &failed.stdout).unwrap();
    let run = merge(&repo, &["one.json", "two.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let merged: Value = serde_json::from_str(&run.stdout).unwrap();
    let kinds: Vec<&str> = merged["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    // The failed shard's own failure, and its URLs unchecked.
    assert_eq!(kinds, ["config", "missing-shard"], "{merged}");
}

#[test]
fn clean_shards_merge_to_exit_0() {
    let server = Server::start(|_| Reply::Status(200));
    let mut repo = Repo::new();
    for i in 0..4 {
        let url = server.url(&format!("/page-{i}"));
        repo = repo.claim(
            &format!("c{i}"),
            format!("claim = \"Claim {i}.\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{url}\"\noutlet = \"herald\"\n"),
        );
    }
    for k in 1..=2 {
        let doc = check(&repo, Some(&format!("{k}/2")));
        std::fs::write(repo.path(&format!("s{k}.json")), doc.to_string()).unwrap();
    }
    let run = merge(&repo, &["s1.json", "s2.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let merged: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(merged["summary"]["errors"], 0);
    assert_eq!(merged["summary"]["urls"]["ok"], 4);
}
