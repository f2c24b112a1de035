//! `fmt` and `check` agree on what a claims file is: the layout of
//! claims/ (outlets.toml, <article>/article.toml, <article>/<id>.toml),
//! nothing deeper, nothing beside; stray files are named by both and
//! never written.

use std::collections::BTreeSet;

use crate::support::Repo;

/// Every file of the tree below is messy (`fmt --check` lists it if it
/// looks at it) and has an unknown key (`check` reports it if it loads it).
const MESSY_CLAIM: &str = "status='unverified'\nclaim =  'Something happened.'\nzz=1\n";

fn tree() -> Repo {
    Repo::empty()
        .file(
            "claims/outlets.toml",
            "[herald]\nname='The Herald'\ndomains=[]\nzz=1\n",
        )
        .file(
            "claims/a/article.toml",
            "title='T'\noutlet='herald'\nzz=1\n",
        )
        .file("claims/a/c.toml", MESSY_CLAIM)
        .file(
            "claims/b/article.toml",
            "title='U'\noutlet='herald'\nzz=1\n",
        )
        .file("claims/b/d.toml", MESSY_CLAIM)
        // A folder named like a file is an article folder all the same.
        .file("claims/odd.toml/e.toml", MESSY_CLAIM)
        // Stray: beside outlets.toml, deeper than an article folder, not
        // .toml.
        .file("claims/x.toml", MESSY_CLAIM)
        .file("claims/notes.txt", "notes")
        .file("claims/a/deep/y.toml", MESSY_CLAIM)
        .file("claims/a/deep/article.toml", "title='V'\noutlet='herald'\n")
        .file("claims/a/notes.txt", "notes")
        .file("claims/b/README.md", "# b")
        // Hidden: neither reads nor names them.
        .file("claims/.draft.toml", MESSY_CLAIM)
        .file("claims/a/.draft.toml", MESSY_CLAIM)
}

/// The files of `check --offline --format json`'s findings with `code`.
fn check_files(repo: &Repo, code: &str) -> BTreeSet<String> {
    let run = repo.run(&["check", "--offline", "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect()
}

fn sorted(set: &BTreeSet<String>) -> Vec<&str> {
    set.iter().map(String::as_str).collect()
}

/// Every file under claims/, with its bytes.
fn snapshot(repo: &Repo) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![repo.path("claims")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let shown = path.strip_prefix(repo.root()).unwrap();
                let shown = shown.to_string_lossy().into_owned();
                out.push((shown, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fmt_looks_at_exactly_the_files_check_loads() {
    let repo = tree();
    let fmt = repo.run(&["fmt", "--check"]);
    assert_eq!(fmt.code, 1, "{}", fmt.stderr);
    let looked_at: BTreeSet<String> = fmt.stdout.lines().map(str::to_string).collect();
    let loaded = check_files(&repo, "unknown-field");
    assert_eq!(looked_at, loaded, "{}", fmt.stderr);
    assert_eq!(
        sorted(&looked_at),
        [
            "claims/a/article.toml",
            "claims/a/c.toml",
            "claims/b/article.toml",
            "claims/b/d.toml",
            "claims/odd.toml/e.toml",
            "claims/outlets.toml",
        ]
    );
    // What check calls stray, fmt names as left alone.
    let stray = check_files(&repo, "stray-file");
    let left: BTreeSet<String> = fmt
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("note: left "))
        .map(|l| l.split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(left, stray, "{}", fmt.stderr);
    assert_eq!(
        sorted(&stray),
        [
            "claims/a/deep",
            "claims/a/notes.txt",
            "claims/b/README.md",
            "claims/notes.txt",
            "claims/x.toml",
        ]
    );
    assert!(
        fmt.stderr.contains("5 left as they are (not claims files)"),
        "{}",
        fmt.stderr
    );
}

#[test]
fn fmt_writes_what_check_loads_and_leaves_the_rest_byte_for_byte() {
    let repo = tree();
    let before = snapshot(&repo);
    let run = repo.run(&["fmt"]);
    assert_eq!(run.code, 0, "stray files are not failures: {}", run.stderr);
    let loaded = check_files(&repo, "unknown-field");
    let after = snapshot(&repo);
    let changed: BTreeSet<String> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| {
            assert_eq!(a.0, b.0, "no file is added or removed");
            a.1 != b.1
        })
        .map(|(b, _)| b.0.clone())
        .collect();
    assert_eq!(changed, loaded, "{}", run.stderr);
    let formatted: BTreeSet<String> = run
        .stdout
        .lines()
        .map(|l| l.trim_start_matches("formatted ").to_string())
        .collect();
    assert_eq!(formatted, loaded);
}

#[test]
fn a_stray_file_named_to_fmt_is_left_alone_with_a_warning() {
    let repo = tree();
    let before = snapshot(&repo);
    for (path, left) in [
        ("claims/x.toml", "claims/x.toml"),
        ("claims/a/deep/y.toml", "claims/a/deep/y.toml"),
        ("claims/a/deep", "claims/a/deep"),
        ("claims/a/.draft.toml", "claims/a/.draft.toml"),
        ("claims/../claims/x.toml", "claims/../claims/x.toml"),
    ] {
        for args in [&["fmt", path][..], &["fmt", "--check", path]] {
            let run = repo.run(args);
            assert_eq!(
                (run.code, run.stdout.as_str()),
                (0, ""),
                "{args:?}: {}",
                run.stderr
            );
            let warning = format!("warning: left {left} as it is: not a claims file");
            assert!(run.stderr.contains(&warning), "{args:?}: {}", run.stderr);
            assert!(
                run.stderr
                    .contains("help: claims files are claims/outlets.toml"),
                "{}",
                run.stderr
            );
        }
    }
    // Outside claims/, in the repository or not.
    let repo = repo.file("notes/z.toml", MESSY_CLAIM);
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("w.toml");
    std::fs::write(&outside, MESSY_CLAIM).unwrap();
    for path in ["notes/z.toml", outside.to_str().unwrap()] {
        let run = repo.run(&["fmt", path]);
        assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
        assert!(run.stderr.contains("warning: left "), "{}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), MESSY_CLAIM);
    assert_eq!(
        std::fs::read_to_string(repo.path("notes/z.toml")).unwrap(),
        MESSY_CLAIM
    );
    assert_eq!(snapshot(&repo), before);
    // A folder named to fmt: its claims files formatted, its strays noted.
    let run = repo.run(&["fmt", "claims/a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "formatted claims/a/article.toml\nformatted claims/a/c.toml\n"
    );
    assert!(
        run.stderr.contains("note: left claims/a/deep as it is"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_at_a_claim_files_place_is_skipped_by_both() {
    let repo = Repo::new()
        .claim("c", MESSY_CLAIM)
        .file("claims/a/dir.toml/z.toml", MESSY_CLAIM);
    let check = repo.run(&["check", "--offline", "--format", "json"]);
    assert!(check.stdout.contains("\"not-a-file\""), "{}", check.stdout);
    assert!(!check.stdout.contains("z.toml"), "{}", check.stdout);
    let run = repo.run(&["fmt"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "formatted claims/a/c.toml\n");
    assert!(
        run.stderr
            .contains("warning: skipped claims/a/dir.toml: not a regular file"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/a/dir.toml/z.toml")).unwrap(),
        MESSY_CLAIM
    );
}
