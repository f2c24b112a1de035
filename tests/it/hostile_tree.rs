//! A pull request controls the names and links in claims/: symlinks out of
//! the tree are not read, odd ids are refused, and writes keep what they
//! replace (its mode, its symlink).

use std::os::unix::fs::PermissionsExt;

use crate::support::{CLAIM, Repo};

const SECRET: &str = "AUTHORIZATION: basic c2VjcmV0LXRva2Vu";

fn codes(stdout: &str) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_str(stdout).expect("JSON");
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_symlink_out_of_the_tree_is_a_finding_and_never_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("environ");
    std::fs::write(&secret, format!("claim = \"x\"\n{SECRET}\n")).unwrap();
    let repo = Repo::new()
        .claim("ok", CLAIM)
        .symlink(secret.to_str().unwrap(), "claims/a/x.toml")
        .file(".git/config", format!("[http]\n{SECRET}\n"))
        .symlink("../../.git/config", "claims/a/y.toml")
        .symlink(outside.path().to_str().unwrap(), "claims/b");
    for format in ["human", "json", "github", "markdown", "sarif"] {
        let run = repo.run(&["check", "--offline", "--format", format, "--color", "never"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(!run.stdout.contains("c2VjcmV0"), "{format}: {}", run.stdout);
        assert!(!run.stderr.contains("c2VjcmV0"), "{format}: {}", run.stderr);
    }
    let run = repo.run(&["check", "--offline", "--format", "json"]);
    assert_eq!(
        codes(&run.stdout),
        ["symlink-outside", "symlink-outside", "symlink-outside"],
        "{}",
        run.stdout
    );
    // fmt agrees: it neither reads nor writes them.
    for args in [&["fmt"][..], &["fmt", "--check"]] {
        let run = repo.run(args);
        assert_eq!(run.code, 1, "{args:?}: {}{}", run.stdout, run.stderr);
        assert_eq!(
            run.stderr.matches("warning: skipped").count(),
            3,
            "{}",
            run.stderr
        );
    }
    assert_eq!(
        std::fs::read_to_string(repo.path(".git/config")).unwrap(),
        format!("[http]\n{SECRET}\n")
    );
    // The claims beside them are still loaded.
    let run = repo.run(&["list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"ok\""), "{}", run.stdout);
    assert!(!run.stdout.contains("c2VjcmV0"), "{}", run.stdout);
}

#[test]
fn a_claims_folder_that_is_a_symlink_out_of_the_repository_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("a")).unwrap();
    std::fs::write(outside.path().join("outlets.toml"), SECRET).unwrap();
    let repo = Repo::new();
    std::fs::remove_dir_all(repo.path("claims")).unwrap();
    let repo = repo.symlink(outside.path().to_str().unwrap(), "claims");
    let run = repo.run(&["check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(codes(&run.stdout), ["symlink-outside"], "{}", run.stdout);
    assert!(!run.stdout.contains("c2VjcmV0"), "{}", run.stdout);
}

#[test]
fn a_symlink_inside_claims_is_read_and_written_through() {
    let messy = "status   =   \"unverified\"\nclaim = \"Something happened.\"\n";
    let repo = Repo::new()
        .claim("real", messy)
        .symlink("real.toml", "claims/a/alias.toml");
    let run = repo.run(&["check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = repo.run(&["list", "--format", "json"]);
    assert!(run.stdout.contains("\"alias\""), "{}", run.stdout);
    let run = repo.run(&["fmt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let link = std::fs::symlink_metadata(repo.path("claims/a/alias.toml")).unwrap();
    assert!(link.file_type().is_symlink(), "fmt kept the symlink");
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/a/real.toml")).unwrap(),
        CLAIM
    );
    let run = repo.run(&["fmt", "--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn fmt_keeps_a_files_mode() {
    let repo = Repo::new().claim(
        "x",
        "status = \"unverified\"\nclaim = \"Something happened.\"\n",
    );
    let path = repo.path("claims/a/x.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = repo.run(&["fmt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), CLAIM);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn new_refuses_a_claim_without_an_id_or_with_a_long_one() {
    let repo = Repo::new();
    let long = format!("a/{}", "b".repeat(101));
    for id in ["a/", "/x", "a/b/c", long.as_str()] {
        let run = repo.run(&["new", "claim", id, "--claim", "Something happened."]);
        assert_eq!(run.code, 2, "{id}: {}", run.stderr);
        assert!(run.stderr.contains("help: "), "{}", run.stderr);
        let names: Vec<String> = std::fs::read_dir(repo.path("claims/a"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["article.toml"], "{id}: nothing written");
    }
    let exactly = format!("a/{}", "b".repeat(100));
    let run = repo.run(&["new", "claim", &exactly, "--claim", "Something happened."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = repo.run(&["check", "--offline"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn file_names_reach_stderr_and_fmt_output_inert() {
    let name = "x\u{1b}]0;pwned\u{7}\n::add-mask::y";
    let repo = Repo::new()
        .claim(
            name,
            "status = \"unverified\"\nclaim = \"Something happened.\"\n",
        )
        .symlink("nowhere", &format!("claims/a/{name}2.toml"));
    for args in [
        &["fmt"][..],
        &["fmt", "--check"],
        &["check", "--offline", "--color", "never"],
        &["report", "--html", "site"],
    ] {
        let run = repo.run(args);
        for out in [&run.stdout, &run.stderr] {
            assert!(!out.contains('\u{1b}'), "{args:?}: {out}");
            assert!(!out.contains('\u{7}'), "{args:?}: {out}");
            assert!(
                !out.lines().any(|l| l.trim_start().starts_with("::")),
                "{args:?}: {out}"
            );
        }
    }
}
