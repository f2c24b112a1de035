//! Failures (not findings): each with its message, its help line on
//! standard error, and the same, apart, in `--format json`.

use crate::support::{CLAIM, Repo, run_in};

#[test]
fn an_unreadable_file_is_a_failure_in_the_json_report_with_its_help() {
    let repo = Repo::new()
        .claim("ok", CLAIM)
        .symlink("gone.toml", "claims/a/x.toml");
    let run = repo.run(&["check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let failures = doc["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{doc:#}");
    assert_eq!(failures[0]["kind"], "read-file");
    let message = failures[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("cannot read claims/a/x.toml"),
        "{message}"
    );
    let help = failures[0]["help"].as_str().unwrap();
    assert!(help.contains("dangling symlink"), "{help}");
    // The same words on standard error, the help on its own line.
    assert!(
        run.stderr
            .contains(&format!("error: {message}\n  help: {help}\n")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_run_that_cannot_start_says_why_in_json_too() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 2);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["error"]["kind"], "no-claims-dir", "{doc:#}");
    assert!(doc["error"]["help"].as_str().unwrap().contains("--root"));
    assert!(
        run.stderr.starts_with("error: no claims/ folder in "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("\n  help: run claimtrack inside a claims repository")
    );
}

#[test]
fn a_clean_run_has_no_failures() {
    let run = Repo::new()
        .claim("x", CLAIM)
        .run(&["check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["failures"], serde_json::json!([]));
}
