//! Shell integration: completion scripts, completion of outlet and claim
//! ids, the man page, and an example in every command's help.

use std::process::Command;

use crate::support::{Repo, run_in};

#[test]
fn completion_scripts_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = run_in(dir.path(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(
            run.stdout.contains("COMPLETE") && run.stdout.contains("claimtrack"),
            "{shell}: {}",
            run.stdout
        );
    }
    assert_eq!(run_in(dir.path(), &["completions", "tcsh"]).code, 2);
}

/// What the bash completion script would get for `words`, the last one
/// being completed.
fn complete(repo: &Repo, words: &[&str]) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .arg("--")
        .args(words)
        .current_dir(repo.root())
        .env("COMPLETE", "bash")
        .env("_CLAP_IFS", "\n")
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn outlet_and_claim_ids_are_completed_from_the_claims_where_you_type() {
    let repo = Repo::new()
        .claim("debt-2014", crate::support::CLAIM)
        .claim("debt-2015", crate::support::CLAIM)
        .claim("other", crate::support::CLAIM);
    assert_eq!(
        complete(&repo, &["claimtrack", "list", "--source", "re"]),
        ["reuters"]
    );
    assert_eq!(
        complete(
            &repo,
            &["claimtrack", "new", "claim", "a/x", "--attributed-to", "w"]
        ),
        ["washington-post"]
    );
    assert_eq!(
        complete(&repo, &["claimtrack", "show", "a/debt"]),
        ["a/debt-2014", "a/debt-2015"]
    );
    assert!(complete(&repo, &["claimtrack", "ch"]).contains(&"check".to_string()));
    // Outside a claims repository: commands still complete, ids are empty.
    let elsewhere = Repo::new();
    std::fs::remove_dir_all(elsewhere.path("claims")).unwrap();
    assert!(complete(&elsewhere, &["claimtrack", "list", "--source", "re"]).is_empty());
}

#[test]
fn the_man_page() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["man"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(".TH claimtrack 1"), "{}", run.stdout);
    for command in [
        "check",
        "review",
        "archive",
        "new",
        "fmt",
        "list",
        "show",
        "schema",
        "completions",
    ] {
        assert!(run.stdout.contains(command), "{command} in the man page");
    }
    let run = run_in(dir.path(), &["man", "--dir", "man1"]);
    assert_eq!(run.code, 0);
    assert!(
        std::fs::read_to_string(dir.path().join("man1/claimtrack.1"))
            .unwrap()
            .starts_with(".ie")
    );
}

#[test]
fn every_command_has_an_example_in_its_help() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        &["check"][..],
        &["review"],
        &["archive"],
        &["new"],
        &["new", "article"],
        &["new", "claim"],
        &["new", "outlet"],
        &["fmt"],
        &["list"],
        &["show"],
        &["schema"],
        &["completions"],
        &["man"],
    ] {
        let args: Vec<&str> = command.iter().copied().chain(["--help"]).collect();
        let run = run_in(dir.path(), &args);
        assert_eq!(run.code, 0, "{command:?}");
        assert!(
            run.stdout.contains("Example"),
            "no example in `claimtrack {}` --help",
            command.join(" ")
        );
    }
}

/// The values a flag takes are explained in its help, in the library's
/// own words (one place: `description()`), for every value.
#[test]
fn every_value_of_a_format_or_verdict_flag_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let help = |cmd: &[&str]| {
        let mut args = cmd.to_vec();
        args.push("--help");
        run_in(dir.path(), &args).stdout
    };
    // (command, [(value, words its help has)])
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
    let cases: &[Case] = &[
        (
            &["export"],
            &[
                ("claimreview", "schema.org ClaimReview, JSON-LD"),
                ("csv", "One row per (claim, source), RFC 4180"),
                ("csl-json", "The sources as CSL-JSON items"),
            ],
        ),
        (
            &["check"],
            &[
                ("human", "rustc-style text with the source line and a caret"),
                ("sarif", "SARIF 2.1.0, for GitHub code scanning"),
            ],
        ),
        (
            &["review"],
            &[
                ("markdown", "For the reviewer of a pull request"),
                ("json", "For a program"),
            ],
        ),
        (
            &["list"],
            &[
                ("refuted", "The sources contradict it"),
                (
                    "misattributed",
                    "The credited outlet's piece was found and does not say it",
                ),
            ],
        ),
    ];
    for (cmd, values) in cases {
        let text = help(cmd);
        for (value, words) in *values {
            let line = text
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("- {value}:")))
                .unwrap_or_else(|| panic!("{cmd:?}: no `{value}` in\n{text}"));
            assert!(line.contains(words), "{cmd:?} {value}: {line}");
        }
    }
}
