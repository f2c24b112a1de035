//! `--format sarif` held to Microsoft's SARIF Multitool, as GitHub code
//! scanning's ingestion is: its default rules and its GitHub rules report
//! nothing. The Multitool is an npm package that `.ci/run` installs
//! (pinned) and names in `SARIF_MULTITOOL`; the test runs with
//! `--features sarif-multitool`.

use std::process::Command;

use serde_json::Value;

use crate::support::Repo;

/// What the Multitool says about `sarif` with the rules of `kind`.
fn complaints(sarif: &str, kind: &str) -> Vec<String> {
    let tool = std::env::var_os("SARIF_MULTITOOL")
        .expect("SARIF_MULTITOOL names the Multitool (see .ci/run)");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("claimtrack.sarif");
    let output = dir.path().join("validation.sarif");
    std::fs::write(&input, sarif).unwrap();
    let run = Command::new(tool)
        .arg("validate")
        .arg(&input)
        .args(["--rule-kind", kind, "-o"])
        .arg(&output)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    log["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| format!("{}: {}", r["ruleId"], r["message"]))
        .collect()
}

fn sarif(repo: &Repo, extra: &[&str]) -> String {
    let mut args = vec!["check", "--format", "sarif", "--no-cache", "--retries", "0"];
    args.extend(extra);
    let run = repo.run(&args);
    assert!(run.code <= 1, "{}", run.stderr);
    run.stdout
}

#[test]
fn the_sarif_multitool_finds_nothing_wrong() {
    let (urls, _server) = crate::reports::fixture();
    let structure = Repo::new()
        .claim("x", "claim = \"No status.\"\nsurprise = 1\n")
        .file("claims/a/notes.txt", "to do\n")
        .file("claims/b/c/stray.toml", "x = 1\n")
        .file("claims/a/Bad Name.toml", "claim = \"x\"\n");
    let documents = [
        sarif(&urls, &["--allow-loopback"]),
        sarif(&structure, &["--offline"]),
        sarif(&Repo::new(), &["--offline"]),
    ];
    for doc in &documents {
        let results: Value = serde_json::from_str(doc).unwrap();
        assert!(results["runs"][0]["results"].is_array());
        for kind in ["Sarif", "Gh"] {
            assert_eq!(complaints(doc, kind), Vec::<String>::new(), "{kind}: {doc}");
        }
    }
}
