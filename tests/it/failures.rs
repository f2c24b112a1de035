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
    assert_eq!(doc["format_version"], 1);
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
fn a_broken_claimtrack_toml_stops_an_offline_check_too() {
    let run = Repo::new()
        .claim("x", CLAIM)
        .file("claimtrack.toml", "[check\n")
        .run(&["check", "--offline"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .starts_with("error: claimtrack.toml: TOML parse error at line 1"),
        "{}",
        run.stderr
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

/// `claimtrack schema claim | head -c0`: a reader that went away is how a
/// pipe ends, not a failure (exit 0, nothing on standard error).
#[test]
fn a_closed_standard_output_is_not_a_failure() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .args(["schema", "claim"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// A standard output that cannot be written for another reason (a full
/// disk) is a failure: exit 2, said on standard error.
#[test]
fn an_unwritable_standard_output_is_a_failure() {
    use std::process::{Command, Stdio};
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .args(["schema", "claim"])
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: cannot write output: "),
        "{stderr}"
    );
}
