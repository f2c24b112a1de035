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
    // Short ids too, where only one article has the id.
    let repo = repo
        .file("claims/b/article.toml", crate::support::ARTICLE)
        .file("claims/b/debt-2014.toml", crate::support::CLAIM);
    assert_eq!(
        complete(&repo, &["claimtrack", "show", "debt"]),
        ["debt-2015"],
        "debt-2014 is in two articles"
    );
    assert_eq!(
        complete(&repo, &["claimtrack", "show", "b/"]),
        ["b/debt-2014"]
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
    let main = std::fs::read_to_string(dir.path().join("man1/claimtrack.1")).unwrap();
    assert!(main.starts_with(".ie"));
    // A page for every command the main page refers to, and for the
    // commands of a command.
    for page in [
        "check",
        "review",
        "archive",
        "new",
        "new-claim",
        "import",
        "fmt",
        "list",
        "show",
        "schema",
        "store",
        "store-prune",
        "merge",
        "report",
        "export",
        "completions",
        "man",
    ] {
        let text = std::fs::read_to_string(dir.path().join(format!("man1/claimtrack-{page}.1")))
            .unwrap_or_else(|e| panic!("claimtrack-{page}.1: {e}"));
        let name = format!("claimtrack\\-{}", page.replace('-', "\\-"));
        assert!(
            text.contains(&format!(".SH NAME\n{name} ")),
            "{page}: {text}"
        );
        if !page.contains('-') {
            assert!(
                main.contains(&format!("{name}(1)")),
                "the main page names {page}"
            );
        }
    }
}

/// The completion install lines of docs/commands.md work when pasted
/// into a shell on a fresh account: they make the folders they write to.
#[test]
fn the_completion_install_lines_work_when_pasted() {
    let docs =
        std::fs::read_to_string(crate::support::project_root().join("docs/commands.md")).unwrap();
    let lines: Vec<&str> = docs
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("mkdir -p ") && l.contains("claimtrack completions"))
        .collect();
    assert_eq!(lines.len(), 3, "bash, zsh and fish");
    let home = tempfile::tempdir().unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_claimtrack"))
        .parent()
        .unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    for line in &lines {
        let out = std::process::Command::new("sh")
            .args(["-c", line])
            .env("HOME", home.path())
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for file in [
        ".local/share/bash-completion/completions/claimtrack",
        ".zfunc/_claimtrack",
        ".config/fish/completions/claimtrack.fish",
    ] {
        let text = std::fs::read_to_string(home.path().join(file)).unwrap();
        assert!(text.contains("claimtrack"), "{file}");
    }
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
