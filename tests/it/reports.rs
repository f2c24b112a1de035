//! `check --format …` and `--output`, on a fixture with a known mix of
//! findings: structure errors and warnings, a finding without a position,
//! and probe findings (dead, blocked, redirected) from a loopback server.

use crate::server::{Reply, Server};
use crate::support::{Repo, Run};

/// The fixture and its server. Ports vary between runs: `normalize`
/// replaces them.
fn fixture() -> (Repo, Server) {
    let server = Server::start(|r| match r.path.as_str() {
        "/gone%20away" => Reply::Status(404),
        "/members-only" => Reply::Status(403),
        "/old" => Reply::redirect(301, "/new"),
        _ => Reply::Status(200),
    });
    let claim = format!(
        "claim = \"A claim with <script>alert(1)</script> and a | pipe.\"\nstatus = \"supported\"\ntopcs = [\"x\"]\n\n\
         [[sources]]\nurl = \"{}\"\noutlet = \"herald\"\n\n\
         [[sources]]\nurl = \"{}\"\noutlet = \"herald\"\n\n\
         [[sources]]\nurl = \"{}\"\noutlet = \"herald\"\n\n\
         [[sources]]\nurl = \"{}\"\noutlet = \"herald\"\n",
        server.url("/gone%20away"),
        server.url("/members-only"),
        server.url("/old"),
        server.url("/fine"),
    );
    let repo = Repo::new()
        .claim("mixed", claim)
        .claim(
            "x,y",
            "claim = \"Comma: in the name, 100% odd.\"\nstatus = \"unverified\"\n",
        )
        .file("claims/notes.txt", "to do");
    (repo, server)
}

fn normalize(text: &str, server: &Server) -> String {
    text.replace(&server.addr.to_string(), "127.0.0.1:PORT")
        .replace(&server.addr.port().to_string(), "PORT")
}

fn check(repo: &Repo, format: &str) -> Run {
    repo.run(&[
        "check",
        "--allow-loopback",
        "--no-cache",
        "--retries",
        "0",
        "--color",
        "never",
        "--format",
        format,
    ])
}

#[test]
fn human() {
    let (repo, server) = fixture();
    let run = check(&repo, "human");
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(normalize(&run.stdout, &server));
}

#[test]
fn github_annotations_are_escaped() {
    let (repo, server) = fixture();
    let run = check(&repo, "github");
    assert_eq!(run.code, 1);
    let out = normalize(&run.stdout, &server);
    // One command per finding, each on one line.
    assert!(
        out.lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
        "{out}"
    );
    // `,` in a property is %2C; `%` in the message is %25; the help's line
    // break is %0A.
    assert!(out.contains("::error file=claims/a/x%2Cy.toml,title=not-kebab-case::claim id `x,y` is not kebab-case%0Ahelp: "), "{out}");
    assert!(
        out.contains("/gone%2520away is dead: 404 Not Found%0A"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn markdown_summary() {
    let (repo, server) = fixture();
    let run = check(&repo, "markdown");
    let out = normalize(&run.stdout, &server);
    assert!(!out.contains("<script>"), "claim text is escaped");
    insta::assert_snapshot!(out);
}

#[test]
fn markdown_folds_long_sections() {
    let mut repo = Repo::new();
    for i in 0..30 {
        repo = repo.claim(&format!("c{i}"), "claim = \"x\"\nstatus = \"supported\"\n");
    }
    let run = repo.run(&["check", "--offline", "--format", "markdown"]);
    assert!(
        run.stdout
            .contains("<details open><summary><strong>Errors (30)</strong></summary>"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("</details>"));
    assert_eq!(run.stdout.matches("| `a/c").count(), 30);
}

#[test]
fn json_document_shape() {
    let (repo, server) = fixture();
    let run = check(&repo, "json");
    assert_eq!(run.code, 1);
    let mut v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["tool"], "claimtrack");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    for key in [
        "offline",
        "concurrency",
        "per_host",
        "timeout_secs",
        "retries",
        "max_retry_wait_secs",
        "strict",
        "cache",
        "cache_ttl_secs",
        "allow_loopback",
        "allow_private",
        "changed_since",
        "partition",
    ] {
        assert!(v["settings"].get(key).is_some(), "settings.{key}");
    }
    let summary = &v["summary"];
    assert_eq!(summary["errors"], 3);
    assert_eq!(summary["warnings"], 3);
    assert_eq!(summary["urls"]["total"], 4);
    assert_eq!(summary["urls"]["dead"], 1);
    let dead = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "dead")
        .unwrap();
    for key in [
        "severity",
        "code",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "claim",
        "help",
        "url",
        "state",
        "status",
        "detail",
        "redirects",
        "final_url",
        "new_url",
        "duration_ms",
    ] {
        assert!(dead.get(key).is_some(), "finding.{key}");
    }
    assert_eq!(dead["claim"], "a/mixed");
    assert_eq!(dead["status"], 404);
    assert_eq!(dead["line"], 6);
    // Durations vary: zero them for the snapshot.
    for f in v["findings"].as_array_mut().unwrap() {
        if f["duration_ms"].is_number() {
            f["duration_ms"] = 0.into();
        }
    }
    v["summary"]["duration_ms"] = 0.into();
    insta::assert_snapshot!(normalize(
        &serde_json::to_string_pretty(&v).unwrap(),
        &server
    ));
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    // The official OASIS schema (tests/fixtures/README.md says where it
    // comes from). Its `language` pattern has a stray `]` that ECMAScript
    // reads as a literal and Rust's regex refuses: escape it here, in
    // memory only.
    let text = include_str!("../fixtures/sarif-schema-2.1.0.json")
        .replace(r#"-[a-zA-Z]{2}]?$""#, r#"-[a-zA-Z]{2}\\]?$""#);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
    let (repo, server) = fixture();
    let run = check(&repo, "sarif");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    insta::assert_snapshot!(normalize(
        &serde_json::to_string_pretty(&results).unwrap(),
        &server
    ));
    // A schema that cannot fail would prove nothing.
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(!validator.is_valid(&broken));
}

#[test]
fn output_writes_the_report_and_the_summary_stays_on_stderr() {
    let (repo, _server) = fixture();
    let out = repo.path("report.json");
    let run = repo.run(&[
        "check",
        "--offline",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("checked 4 files"), "{}", run.stderr);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["settings"]["offline"], true);
}

#[test]
fn an_unwritable_output_is_exit_2_and_nothing_is_half_written() {
    let (repo, _server) = fixture();
    let missing = repo.path("no/such/folder/report.md");
    let run = repo.run(&[
        "check",
        "--offline",
        "--format",
        "markdown",
        "--output",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert!(!missing.exists());
    // A folder in the way: the rename fails, the folder is untouched, and
    // no temp file is left behind.
    let dir = repo.path("taken");
    std::fs::create_dir_all(dir.join("inside")).unwrap();
    let run = repo.run(&["check", "--offline", "--output", dir.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(dir.join("inside").is_dir());
    let leftovers: Vec<_> = std::fs::read_dir(repo.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn partitions_probe_every_url_exactly_once_and_shard_1_reports_structure() {
    let server = Server::start(|_| Reply::Status(200));
    let mut claim = String::from("claim = \"x\"\nstatus = \"unverified\"\nqoute = \"typo\"\n");
    for i in 0..40 {
        claim.push_str(&format!(
            "\n[[sources]]\nurl = \"{}\"\noutlet = \"herald\"\n",
            server.url(&format!("/p{i}"))
        ));
    }
    let repo = Repo::new().claim("many", claim);
    let mut per_shard = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let run = repo.run(&[
            "check",
            "--allow-loopback",
            "--no-cache",
            "--partition",
            &shard,
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let structure = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "unknown-field")
            .count();
        assert_eq!(structure, usize::from(k == 1), "shard {k}");
        assert_eq!(v["settings"]["partition"], shard);
        per_shard.push(v["summary"]["urls"]["probed"].as_u64().unwrap());
    }
    let mut paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths.len(), 40, "each URL once over the three shards");
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 40);
    assert_eq!(per_shard.iter().sum::<u64>(), 40);
    assert!(per_shard.iter().all(|&n| n > 0), "{per_shard:?}");
}

#[test]
fn a_bad_partition_is_exit_2() {
    let repo = Repo::new();
    for bad in ["0/3", "4/3", "1/0", "one/two"] {
        let run = repo.run(&["check", "--partition", bad]);
        assert_eq!(run.code, 2, "{bad}");
        assert!(run.stderr.contains("--partition"), "{}", run.stderr);
    }
}
