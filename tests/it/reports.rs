//! `check --format …` and `--output`, on a fixture with a known mix of
//! findings: structure errors and warnings, a finding without a position,
//! and probe findings (dead, blocked, redirected) from a loopback server.

use crate::server::{Reply, Server};
use crate::support::{Repo, Run};

/// The fixture and its server. Ports vary between runs: `normalize`
/// replaces them.
/// A claim citing a dead, a blocked, a moved and a fine page, one with an
/// odd name, and a stray file.
pub(crate) fn fixture() -> (Repo, Server) {
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

/// The output with the server's port and the run's day (the health
/// figures' date, and year of first sight) as words.
fn normalize(text: &str, server: &Server) -> String {
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let year = today.year();
    text.replace(&server.addr.to_string(), "127.0.0.1:PORT")
        .replace(&server.addr.port().to_string(), "PORT")
        .replace(&today.to_string(), "TODAY")
        .replace(&format!("\"year\": {year}"), "\"year\": THIS_YEAR")
        .replace(&format!("| {year} |"), "| THIS_YEAR |")
}

/// `check --format FORMAT` probing loopback, without a store or retries.
pub fn check(repo: &Repo, format: &str) -> Run {
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
    assert_eq!(v["format_version"], 1);
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
        "excerpt",
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
    let (load, all) = (&v["summary"]["load_ms"], &v["summary"]["duration_ms"]);
    assert!(
        load.as_u64().unwrap() <= all.as_u64().unwrap(),
        "{load} of {all}"
    );
    v["summary"]["duration_ms"] = 0.into();
    v["summary"]["load_ms"] = 0.into();
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

/// Runs claimtrack in `repo` and fails if it has not finished within
/// `limit`: a generous bound, so that a quadratic renderer fails the test
/// instead of stalling the suite.
fn run_within(repo: &Repo, args: &[&str], limit: std::time::Duration) -> Run {
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .args(args)
        .current_dir(repo.root())
        .env("CLAIMTRACK_TODAY", crate::support::TODAY)
        .env_remove("CI")
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("claimtrack {args:?} took more than {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    Run {
        code: status.code().unwrap(),
        stdout: std::fs::read_to_string(out.path()).unwrap(),
        stderr: std::fs::read_to_string(err.path()).unwrap(),
    }
}

const GENEROUS: std::time::Duration = std::time::Duration::from_secs(120);

#[test]
fn human_output_of_20000_findings_in_one_file_is_capped_and_linear() {
    let mut many = String::from(crate::support::CLAIM);
    for i in 0..20_000 {
        many.push_str(&format!("unknown{i} = 1\n"));
    }
    let repo = Repo::new()
        .claim("many", many)
        .claim("other", format!("{}topcs = []\n", crate::support::CLAIM));
    let run = run_within(&repo, &["check", "--offline", "--color", "never"], GENEROUS);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let shown = run.stdout.matches("error[unknown-field]").count();
    assert_eq!(shown, 50 + 1, "50 of many.toml, and other.toml's");
    assert!(
        run.stdout.contains(
            "… and 19950 more findings in claims/a/many.toml; use --format json for all\n"
        ),
        "{}",
        &run.stdout[run.stdout.len() - 500..]
    );
    assert!(run.stdout.contains("unknown field `unknown49`"));
    assert!(!run.stdout.contains("unknown field `unknown50`"));
    assert!(
        run.stdout.contains("unknown field `topcs`"),
        "other files are shown"
    );
    assert!(
        run.stderr.contains("20001 errors"),
        "the summary counts all: {}",
        run.stderr
    );
    let json = run_within(&repo, &["check", "--offline", "--format", "json"], GENEROUS);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        doc["findings"].as_array().unwrap().len(),
        20_001,
        "JSON has every finding"
    );
}

/// An old-Mac file: lines end with CR alone, so to TOML (and to `line_col`)
/// it is one long line with a syntax error at every CR.
#[test]
fn a_file_with_cr_only_line_endings_renders() {
    let mut text = String::from("claim = \"x\"\rstatus = \"unverified\"\r");
    let mut i = 0;
    while text.len() < 91_000 {
        text.push_str(&format!(
            "[[sources]]\rurl = \"https://example.com/{i}\"\rtitle = \"source {i}\"\r"
        ));
        i += 1;
    }
    let repo = Repo::new().claim("mac", text);
    let json = run_within(&repo, &["check", "--offline", "--format", "json"], GENEROUS);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert!(findings.len() > 1000, "{}", findings.len());
    let first = &findings[0];
    let run = run_within(&repo, &["check", "--offline", "--color", "never"], GENEROUS);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The place agrees with the JSON report's (one line, columns in it).
    let place = format!(
        "--> claims/a/mac.toml:{}:{}\n",
        first["line"], first["column"]
    );
    assert_eq!(first["line"], 1);
    assert!(
        run.stdout.contains(&place),
        "{place}\n{}",
        &run.stdout[..2000]
    );
    // The text around it is quoted, the CRs shown as `\r`, never raw.
    assert!(
        run.stdout.contains("claim = \"x\"\\r ▶ status"),
        "{}",
        &run.stdout[..2000]
    );
    assert!(!run.stdout.contains('\r'));
    assert!(
        run.stdout.contains(&format!(
            "… and {} more findings in claims/a/mac.toml; use --format json for all",
            findings.len() - 50
        )),
        "{}",
        &run.stdout[run.stdout.len() - 300..]
    );
}

/// What claim text may hold to take over a terminal or a CI log, as a
/// TOML basic string's content (escapes decoded by the loader).
pub const HOSTILE_TOML: &str = "clear \\u001B[2J title \\u001B]0;pwned\\u0007 link \\u001B]8;;https://evil.example/\\u001B\\\\click\\u001B]8;;\\u001B\\\\ csi \\u009B2J bidi \\u202Eevil\\n::add-mask::x\\n  ::error::pwned ##[add-mask]y ![x](https://tracker.example/p.gif) [approve](https://evil.example/)";

/// Output with none of `HOSTILE_TOML`'s weapons raw: no control
/// character but line feed, no bidi override, no line a runner reads as a
/// workflow command.
pub fn assert_inert(out: &str, what: &str) {
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r'] {
        assert!(!out.contains(c), "{what}: raw {c:?} in:\n{out}");
    }
    for line in out.lines() {
        assert!(
            !line.trim_start().starts_with("::"),
            "{what}: a workflow command line: {line:?}"
        );
    }
    assert!(
        !out.contains("##["),
        "{what}: a legacy workflow command:\n{out}"
    );
}

/// Markdown in which no link or image of the claim's renders: none
/// outside code spans (whose text is shown as it is).
pub fn assert_no_markdown_link(out: &str, what: &str) {
    let rendered = outside_code_spans(out);
    for raw in ["![x](", "[approve](", "<img", "<a "] {
        assert!(!rendered.contains(raw), "{what}: {raw} in:\n{rendered}");
    }
}

/// Markdown without its code spans, as CommonMark finds them: a run of
/// backticks not escaped by a backslash, to the next run of the same
/// length.
fn outside_code_spans(md: &str) -> String {
    let c: Vec<char> = md.chars().collect();
    let run = |i: usize| c[i..].iter().take_while(|&&x| x == '`').count();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '\\' && i + 1 < c.len() {
            out.extend(&c[i..i + 2]);
            i += 2;
        } else if c[i] == '`' {
            let n = run(i);
            let mut j = i + n;
            while j < c.len() && !(c[j] == '`' && run(j) == n) {
                j += if c[j] == '`' { run(j) } else { 1 };
            }
            if j < c.len() {
                out.push_str("CODE");
                i = j + n;
            } else {
                out.extend(&c[i..i + n]);
                i += n;
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn code_spans_are_found_as_commonmark_finds_them() {
    assert_eq!(outside_code_spans("a `b` c"), "a CODE c");
    assert_eq!(outside_code_spans("a ``b`c`` d"), "a CODE d");
    assert_eq!(outside_code_spans("a \\`b` c"), "a \\`b` c");
    assert_eq!(outside_code_spans("a ` b"), "a ` b");
}

#[test]
fn check_output_is_inert_in_terminals_and_logs() {
    // Raw control bytes are a syntax error whose line is shown; a quoted
    // key reaches the message.
    let raw = "claim = \"x\"\nstatus = \"unverified\"\nnote = \"\u{1b}[2J \u{1b}]0;pwned\u{7} \u{9b}2J \u{202e}evil\r\"\n";
    let key = format!("{}\"{HOSTILE_TOML}\" = 1\n", crate::support::CLAIM);
    let repo = Repo::new().claim("raw", raw).claim("key", key);
    for format in ["human", "markdown", "github"] {
        let run = repo.run(&["check", "--offline", "--color", "never", "--format", format]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(
            run.stdout.contains("unknown field"),
            "{format}: {}",
            run.stdout
        );
        if format == "github" {
            // Its own commands, one a line, and nothing else.
            for line in run.stdout.lines() {
                assert!(line.starts_with("::error file=claims/a/"), "{line}");
            }
            let data: String = run
                .stdout
                .lines()
                .map(|l| l.replacen("::error", "", 1))
                .collect();
            assert_inert(&data, format);
        } else {
            assert_inert(&run.stdout, format);
        }
        if format == "markdown" {
            assert_no_markdown_link(&run.stdout, format);
        }
    }
    // Human output shows what was there, visibly.
    let run = repo.run(&["check", "--offline", "--color", "never"]);
    assert!(run.stdout.contains("\\u{1b}[2J"), "{}", run.stdout);
    assert!(run.stdout.contains("\\u{9b}2J"), "{}", run.stdout);
    assert!(run.stdout.contains("\\u{202e}evil"), "{}", run.stdout);
}

#[test]
fn sarif_names_the_tool_and_its_rules_for_code_scanning() {
    let (repo, _server) = fixture();
    let run = check(&repo, "sarif");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let run0 = &doc["runs"][0];
    let driver = &run0["tool"]["driver"];
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(driver["semanticVersion"], version);
    assert_eq!(driver["fullName"], format!("claimtrack {version}"));
    assert_eq!(run0["automationDetails"]["id"], "claimtrack/check/");
    for rule in driver["rules"].as_array().unwrap() {
        let (id, name) = (rule["id"].as_str().unwrap(), rule["name"].as_str().unwrap());
        assert!(
            !name.eq_ignore_ascii_case(id),
            "{id}: a name apart from the id"
        );
        assert!(name.chars().next().unwrap().is_ascii_uppercase(), "{name}");
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
    }
    for result in run0["results"].as_array().unwrap() {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(
            region["startLine"].as_u64().is_some(),
            "every result has a region"
        );
    }
}
