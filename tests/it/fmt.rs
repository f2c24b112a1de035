//! `claimtrack fmt`: canonical form, comments kept, idempotent.

use crate::support::{Repo, project_root, run_in};

const MESSY: &str = "\
# A claim with comments everywhere.


status   =   'supported'      # aligned comment
# the claim itself
claim=\"Russia \\\"wrote off\\\" the debt.\"
topics = [ \"economy\",\"debt\" ]   
quote = '''
The article's words.'''


[[sources]]
# first source
  url = \"https://www.reuters.com/a\"
published = \"2014-04-19\"
accessed = 2026-01-15 # read then
[[sources]]
url = \"https://www.washingtonpost.com/b\"

# comment at the end
";

#[test]
fn a_messy_claim_is_put_in_canonical_form_with_every_comment() {
    let repo = Repo::new().claim("x", MESSY);
    let run = repo.run(&["fmt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "formatted claims/a/x.toml\n");
    let formatted = std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap();
    insta::assert_snapshot!(formatted);
    for comment in MESSY
        .lines()
        .filter_map(|l| l.find('#').map(|i| l[i..].trim()))
    {
        assert!(
            formatted.contains(comment),
            "lost `{comment}`:\n{formatted}"
        );
    }
    // The same claim still, and a second run changes no byte.
    assert_eq!(
        toml::from_str::<toml::Value>(&formatted).unwrap()["claim"].as_str(),
        Some("Russia \"wrote off\" the debt.")
    );
    assert_eq!(repo.run(&["check", "--offline"]).code, 0);
    let again = repo.run(&["fmt"]);
    assert_eq!(again.stdout, "");
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap(),
        formatted
    );
}

#[test]
fn check_lists_what_would_change_and_exits_1() {
    let repo = Repo::new()
        .claim("x", MESSY)
        .claim("y", "claim = \"Tidy.\"\nstatus = \"unverified\"\n");
    let run = repo.run(&["fmt", "--check"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "claims/a/x.toml\n");
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap(),
        MESSY,
        "--check writes nothing"
    );
    repo.run(&["fmt"]);
    let run = repo.run(&["fmt", "--check"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn paths_narrow_what_is_formatted() {
    let repo = Repo::new().claim("x", MESSY).file(
        "claims/b/article.toml",
        "title='T'\noutlet =   \"herald\"\n",
    );
    let run = repo.run(&["fmt", "claims/b"]);
    assert_eq!(
        run.stdout, "formatted claims/b/article.toml\n",
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/b/article.toml")).unwrap(),
        "title = \"T\"\noutlet = \"herald\"\n"
    );
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap(),
        MESSY
    );
}

#[test]
fn outlets_keep_their_order_and_comments() {
    let outlets = "# Outlets.\n\n[zeta]\ndomains=[\"zeta.example\"] # z\naliases = [\"Z\"]\nname='Zeta'\n[alpha]\n\n\n# the first letter\nname = \"Alpha\"\n";
    let repo = Repo::new().file("claims/outlets.toml", outlets);
    repo.run(&["fmt"]);
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/outlets.toml")).unwrap(),
        "# Outlets.\n\n[zeta]\nname = \"Zeta\"\naliases = [\"Z\"]\ndomains = [\"zeta.example\"] # z\n\n[alpha]\n# the first letter\nname = \"Alpha\"\n"
    );
}

#[test]
fn a_file_with_a_syntax_error_is_left_alone_with_exit_2() {
    let repo = Repo::new().claim("x", "claim = \n");
    let run = repo.run(&["fmt"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot format claims/a/x.toml"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap(),
        "claim = \n"
    );
}

#[test]
fn every_file_in_claims_is_formatted_and_stays_so() {
    let run = run_in(project_root(), &["fmt", "--check"]);
    assert_eq!(run.code, 0, "run `cargo run -- fmt`: {}", run.stdout);
    let found = claimtrack::format::files(project_root(), &[]).unwrap();
    assert!(found.files.len() > 10);
    assert!(found.skipped.is_empty(), "{:?}", found.skipped);
    for file in found.files {
        let text = std::fs::read_to_string(&file.path).unwrap();
        let once = claimtrack::format::format(&text, file.kind).unwrap();
        assert_eq!(
            claimtrack::format::format(&once, file.kind).unwrap(),
            once,
            "{}",
            file.path.display()
        );
    }
}

/// A claim with a comment in every place TOML allows one around arrays:
/// after `[`, on their own lines, after elements, between an element and
/// its comma, before `]`, after `]`, in an array of inline tables and
/// inside an inline table.
const ARRAY_COMMENTS: &str = "\
# The file's heading.

# before the claim
claim = \"Every comment stays.\" # after a value
status = \"supported\"
topics = [ # after [
  # own line after [
  \"economy\" # between an element and its comma
  , # after a comma
  # own line between elements

  \"debt\", # after the last element
  # own line before ]
] # after ]
sources = [ # after [ of inline tables
  # before the first inline table
  { url = \"https://www.reuters.com/a\", published = 2014-04-19 }, # after an inline table
  # between inline tables
  { url = \"https://www.washingtonpost.com/b\", # inside an inline table
    title = \"B\" } # before a comma
  , # after its comma
  # before ] of inline tables
]
# at the end of the file
";

const ARRAY_COMMENTS_FORMATTED: &str = "\
# The file's heading.

# before the claim
claim = \"Every comment stays.\" # after a value
status = \"supported\"
topics = [ # after [
    # own line after [
    \"economy\", # between an element and its comma
    # after a comma
    # own line between elements
    \"debt\", # after the last element
    # own line before ]
] # after ]
sources = [ # after [ of inline tables
    # before the first inline table
    { url = \"https://www.reuters.com/a\", published = 2014-04-19 }, # after an inline table
    # between inline tables
    { url = \"https://www.washingtonpost.com/b\", # inside an inline table
    title = \"B\" }, # before a comma
    # after its comma
    # before ] of inline tables
]
# at the end of the file
";

/// Sources as tables, and an array without a trailing comma.
const TABLE_COMMENTS: &str = "\
claim = \"Sources as tables.\" # after the claim
# before status
status = \"unverified\"
topics = [\"a\", # after the first element, on the line of [
    \"b\" # after the last element, no comma
]

# before the first source
[[sources]] # after a table header
url = \"https://www.reuters.com/a\" # after a source's value
# before a key in a source
published = 2014-04-19
# after the last key of a source
[[sources]]
url = \"https://www.washingtonpost.com/b\"
topics_of_source = [ # an unknown key's array
] # after an empty array
# at the end of the file
";

const TABLE_COMMENTS_FORMATTED: &str = "\
claim = \"Sources as tables.\" # after the claim
# before status
status = \"unverified\"
topics = [
    \"a\", # after the first element, on the line of [
    \"b\", # after the last element, no comma
]

# before the first source
[[sources]] # after a table header
url = \"https://www.reuters.com/a\" # after a source's value
# before a key in a source
published = 2014-04-19

# after the last key of a source
[[sources]]
url = \"https://www.washingtonpost.com/b\"
topics_of_source = [ # an unknown key's array
] # after an empty array
# at the end of the file
";

const OUTLETS_COMMENTS: &str = "\
# Outlets.
[reuters]
name = \"Reuters\"
domains = [
    \"reuters.com\" , # the main domain
    # a regional edition
    \"reuters.co.uk\" # between a domain and its comma
    ,
]
[herald]
name = \"The Herald\"
domains = [ # none yet
]
";

const OUTLETS_COMMENTS_FORMATTED: &str = "\
# Outlets.
[reuters]
name = \"Reuters\"
domains = [
    \"reuters.com\", # the main domain
    # a regional edition
    \"reuters.co.uk\", # between a domain and its comma
]

[herald]
name = \"The Herald\"
domains = [ # none yet
]
";

/// The comments of a TOML text, in order (none of these texts has a `#`
/// in a string).
fn comments_of(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.find('#').map(|i| l[i..].trim()))
        .collect()
}

#[test]
fn comments_in_arrays_stay_in_place() {
    let repo = Repo::new()
        .file("claims/outlets.toml", OUTLETS_COMMENTS)
        .claim("x", ARRAY_COMMENTS)
        .claim("y", TABLE_COMMENTS);
    let files = [
        ("claims/a/x.toml", ARRAY_COMMENTS, ARRAY_COMMENTS_FORMATTED),
        ("claims/a/y.toml", TABLE_COMMENTS, TABLE_COMMENTS_FORMATTED),
        (
            "claims/outlets.toml",
            OUTLETS_COMMENTS,
            OUTLETS_COMMENTS_FORMATTED,
        ),
    ];
    let run = repo.run(&["fmt", "--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "claims/a/x.toml\nclaims/a/y.toml\nclaims/outlets.toml\n"
    );
    let run = repo.run(&["fmt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, before, want) in files {
        let after = std::fs::read_to_string(repo.path(path)).unwrap();
        assert_eq!(after, want, "{path}");
        assert_eq!(comments_of(&after), comments_of(before), "{path}");
        assert_eq!(
            toml::from_str::<toml::Table>(&after).unwrap(),
            toml::from_str::<toml::Table>(before).unwrap(),
            "{path}: the same data"
        );
    }
    let run = repo.run(&["fmt", "--check"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    let run = repo.run(&["fmt"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn check_lists_exactly_what_fmt_changes() {
    let repo = Repo::new()
        .claim("x", MESSY)
        .claim("y", ARRAY_COMMENTS_FORMATTED)
        .claim("z", TABLE_COMMENTS)
        .claim("w", "claim = \"Tidy.\"\nstatus = \"unverified\"\n");
    let before = |p: &str| std::fs::read(repo.path(p)).unwrap();
    let names = [
        "claims/a/w.toml",
        "claims/a/x.toml",
        "claims/a/y.toml",
        "claims/a/z.toml",
    ];
    let old: Vec<Vec<u8>> = names.iter().map(|p| before(p)).collect();
    let check = repo.run(&["fmt", "--check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let fmt = repo.run(&["fmt"]);
    assert_eq!(fmt.code, 0, "{}", fmt.stderr);
    let changed: Vec<&str> = names
        .iter()
        .zip(&old)
        .filter(|(p, old)| before(p) != **old)
        .map(|(p, _)| *p)
        .collect();
    assert_eq!(changed, ["claims/a/x.toml", "claims/a/z.toml"]);
    let listed: Vec<&str> = check.stdout.lines().collect();
    assert_eq!(listed, changed, "--check lists what fmt changes");
    let formatted: Vec<String> = fmt
        .stdout
        .lines()
        .map(|l| l.trim_start_matches("formatted ").to_string())
        .collect();
    assert_eq!(formatted, changed);
}

#[test]
fn a_symlink_out_of_the_repository_is_skipped_never_read_or_written() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.toml"), MESSY).unwrap();
    std::fs::create_dir(outside.path().join("b")).unwrap();
    std::fs::write(outside.path().join("b/y.toml"), MESSY).unwrap();
    let target = outside.path().join("x.toml");
    let folder = outside.path().join("b");
    let repo = Repo::new()
        .symlink(target.to_str().unwrap(), "claims/a/x.toml")
        .symlink(folder.to_str().unwrap(), "claims/b");
    let warning = "warning: skipped claims/a/x.toml: a symlink to a file outside claims/\n";
    let folder_warning = "warning: skipped claims/b: a symlink to a folder outside claims/\n";
    for args in [
        &["fmt"][..],
        &["fmt", "--check"],
        &["fmt", "claims/a/x.toml"],
        &["fmt", "--check", "claims/a"],
    ] {
        let run = repo.run(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(run.stderr.contains(warning), "{args:?}: {}", run.stderr);
        if args.len() == 1 || args == ["fmt", "--check"] {
            assert!(run.stderr.contains(folder_warning), "{}", run.stderr);
        }
        assert!(run.stderr.contains("skipped"), "{}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), MESSY);
    assert_eq!(
        std::fs::read_to_string(folder.join("y.toml")).unwrap(),
        MESSY
    );
    let meta = std::fs::symlink_metadata(repo.path("claims/a/x.toml")).unwrap();
    assert!(meta.file_type().is_symlink());
}

#[test]
fn a_symlink_within_claims_is_formatted_through_and_stays_a_symlink() {
    let repo = Repo::new()
        .file("claims/a/real.toml", MESSY)
        .symlink("real.toml", "claims/a/x.toml")
        .file(
            "claims/c/article.toml",
            "title='T'\noutlet =   \"herald\"\n",
        )
        .symlink("c", "claims/b")
        // Inside the repository but outside claims/: not a claim file.
        .file("shared/y.toml", MESSY)
        .symlink("../../shared/y.toml", "claims/a/y.toml");
    let run = repo.run(&["fmt", "--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("claims/a/x.toml\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("claims/b/article.toml\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("warning: skipped claims/a/y.toml"),
        "{}",
        run.stderr
    );
    let run = repo.run(&["fmt"]);
    assert_eq!(run.code, 1, "the skipped link: {}", run.stderr);
    let link = repo.path("claims/a/x.toml");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "still a symlink"
    );
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        std::path::Path::new("real.toml")
    );
    let formatted = std::fs::read_to_string(repo.path("claims/a/real.toml")).unwrap();
    assert_ne!(formatted, MESSY);
    assert_eq!(std::fs::read_to_string(&link).unwrap(), formatted);
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/c/article.toml")).unwrap(),
        "title = \"T\"\noutlet = \"herald\"\n"
    );
    assert_eq!(
        std::fs::read_to_string(repo.path("shared/y.toml")).unwrap(),
        MESSY
    );
    let run = repo.run(&["fmt", "--check"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{}", run.stderr);
}

#[test]
fn a_symlink_loop_or_a_dangling_symlink_does_not_hang_or_pass() {
    let repo = Repo::new()
        .claim("ok", "claim = \"Tidy.\"\nstatus = \"unverified\"\n")
        .symlink("..", "claims/a/loop")
        .symlink("nowhere.toml", "claims/a/gone.toml");
    for args in [&["fmt"][..], &["fmt", "--check"]] {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("claims/a/gone.toml"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "", "{args:?}");
    }
}

/// A claim in the old form, with a comment in every place around its
/// status.
const LEGACY: &str = "\
# An old claim.

claim = \"Credited to Reuters, not found.\"
attributed_to = \"reuters\"
# before status
status = \"unlocated\" # after status
# before the note
note = \"Searched Reuters for it.\"
";

const MIGRATED: &str = "\
# An old claim.

claim = \"Credited to Reuters, not found.\"
attributed_to = \"reuters\"
# before status
status = \"unverified\" # after status
credit = \"unlocated\"
# before the note
note = \"Searched Reuters for it.\"
";

#[test]
fn migrate_rewrites_an_old_status_keeping_every_comment_and_byte() {
    let repo = Repo::new().claim("x", LEGACY);
    let check = repo.run(&["check", "--offline"]);
    assert!(
        check.stdout.contains("status-unlocated"),
        "{}",
        check.stdout
    );
    let run = repo.run(&["fmt", "--migrate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "migrated claims/a/x.toml: `status = \"unlocated\"` → `status = \"unverified\"` with `credit = \"unlocated\"`\n"
    );
    assert!(
        run.stderr.contains("1 reformatted (1 migrated)"),
        "{}",
        run.stderr
    );
    let after = std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap();
    assert_eq!(after, MIGRATED);
    assert_eq!(comments_of(&after), comments_of(LEGACY));
    let check = repo.run(&["check", "--offline"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        !check.stdout.contains("status-unlocated"),
        "{}",
        check.stdout
    );
    // Idempotent: a second run changes no byte, with or without --migrate.
    for args in [&["fmt", "--migrate"][..], &["fmt"]] {
        let again = repo.run(args);
        assert_eq!((again.code, again.stdout.as_str()), (0, ""), "{args:?}");
        let now = std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap();
        assert_eq!(now, MIGRATED, "{args:?}");
    }
}

#[test]
fn without_migrate_fmt_changes_no_value_and_says_what_would() {
    let repo = Repo::new().claim("x", LEGACY);
    for args in [&["fmt"][..], &["fmt", "--check"]] {
        let run = repo.run(args);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (0, ""),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(
                "note: claims/a/x.toml has `status = \"unlocated\"`, the old form of `status = \"unverified\"` with `credit = \"unlocated\"`"
            ),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("`claimtrack fmt --migrate` rewrites it")
        );
        assert!(run.stderr.contains("1 with old values"), "{}", run.stderr);
        let now = std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap();
        assert_eq!(now, LEGACY, "{args:?}");
    }
}

#[test]
fn check_migrate_lists_what_would_be_migrated_and_exits_1() {
    let repo = Repo::new()
        .claim("x", LEGACY)
        .claim("y", MIGRATED)
        .claim("z", "claim = \"Tidy.\"\nstatus = \"unverified\"\n");
    let run = repo.run(&["fmt", "--check", "--migrate"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "claims/a/x.toml\n");
    assert!(
        run.stderr
            .contains("1 would be reformatted (1 would be migrated)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap(),
        LEGACY,
        "--check writes nothing"
    );
    assert_eq!(repo.run(&["fmt", "--migrate"]).code, 0);
    let run = repo.run(&["fmt", "--check", "--migrate"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn migrate_keeps_a_credit_already_written() {
    let old = "claim = \"Someone else's words.\"\nattributed_to = \"reuters\"\nstatus = \"unlocated\"\ncredit = \"misattributed\" # the Post's words\nnote = \"Reuters quoted the Post.\"\n";
    let repo = Repo::new().claim("x", old);
    let run = repo.run(&["fmt", "--migrate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("→ `status = \"unverified\"` (the `credit` written stays)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap(),
        old.replace("\"unlocated\"", "\"unverified\"")
    );
    let list = repo.run(&["list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(
        (
            v["claims"][0]["status"].as_str(),
            v["claims"][0]["credit"].as_str()
        ),
        (Some("unverified"), Some("misattributed"))
    );
}
