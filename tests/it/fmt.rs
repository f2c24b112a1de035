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
    let outlets = "# Outlets.\n\n[zeta]\ndomains=[\"zeta.example\"] # z\nname='Zeta'\n[alpha]\n\n\n# the first letter\nname = \"Alpha\"\n";
    let repo = Repo::new().file("claims/outlets.toml", outlets);
    repo.run(&["fmt"]);
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/outlets.toml")).unwrap(),
        "# Outlets.\n\n[zeta]\nname = \"Zeta\"\ndomains = [\"zeta.example\"] # z\n\n[alpha]\n# the first letter\nname = \"Alpha\"\n"
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
    let files = claimtrack::format::files(project_root(), &[]).unwrap();
    assert!(files.len() > 10);
    for (path, kind) in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let once = claimtrack::format::format(&text, kind).unwrap();
        assert_eq!(
            claimtrack::format::format(&once, kind).unwrap(),
            once,
            "{}",
            path.display()
        );
    }
}
