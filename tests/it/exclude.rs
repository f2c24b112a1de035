//! URLs left out of a check: `--exclude`, `--include`, `[check] exclude`
//! and `.claimtrackignore`. An excluded URL is never asked and is counted.
//! And `--config`, which names the file `[check]` is read from.

use serde_json::Value;

use crate::server::{Reply, Server};
use crate::support::{Repo, Run};

/// Four pages on one server, one claim citing them all.
fn repo(server: &Server) -> Repo {
    let mut claim = String::from("claim = \"Something happened.\"\nstatus = \"unverified\"\n");
    for path in ["/news/a", "/news/b", "/blog/c", "/paywall/d"] {
        claim.push_str(&format!(
            "\n[[sources]]\nurl = \"{}\"\noutlet = \"herald\"\n",
            server.url(path)
        ));
    }
    Repo::new().claim("x", claim)
}

fn check(repo: &Repo, extra: &[&str]) -> Run {
    crate::support::check_json(repo, extra)
}

/// The paths asked, sorted, and the summary's excluded count.
fn asked(server: &Server, run: &Run) -> (Vec<String>, Value) {
    assert!(run.code <= 1, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    paths.sort();
    paths.dedup();
    (paths, doc["summary"]["urls"]["excluded"].clone())
}

#[test]
fn every_source_of_patterns_leaves_urls_out_and_counts_them() {
    type Case<'a> = (
        &'a [&'a str],
        Option<&'a str>,
        Option<&'a str>,
        &'a [&'a str],
    );
    let cases: [Case; 6] = [
        (
            &[],
            None,
            None,
            &["/blog/c", "/news/a", "/news/b", "/paywall/d"],
        ),
        (
            &["--exclude", "/news/"],
            None,
            None,
            &["/blog/c", "/paywall/d"],
        ),
        (
            &[],
            Some("[check]\nexclude = [\"/blog/\", \"paywall\"]\n"),
            None,
            &["/news/a", "/news/b"],
        ),
        (
            &[],
            None,
            Some("# comments and blank lines are skipped\n\n/news/\n  /blog/  \n"),
            &["/paywall/d"],
        ),
        // An include wins over every exclude…
        (
            &["--exclude", "/news/", "--include", "/news/b$"],
            None,
            Some("paywall\n"),
            &["/blog/c", "/news/b"],
        ),
        // …and alone it selects.
        (
            &["--include", "/news/"],
            None,
            None,
            &["/news/a", "/news/b"],
        ),
    ];
    for (flags, config, ignore, expect) in cases {
        let server = Server::start(|_| Reply::Status(200));
        let mut repo = repo(&server);
        if let Some(c) = config {
            repo = repo.file("claimtrack.toml", c);
        }
        if let Some(i) = ignore {
            repo = repo.file(".claimtrackignore", i);
        }
        let run = check(&repo, flags);
        let (paths, excluded) = asked(&server, &run);
        assert_eq!(paths, expect, "{flags:?} {config:?} {ignore:?}");
        assert_eq!(
            excluded,
            4 - expect.len(),
            "{flags:?} {config:?} {ignore:?}"
        );
        if expect.len() < 4 {
            let mut args = vec!["check", "--allow-loopback", "--no-cache"];
            args.extend(flags);
            let line = repo.run(&args).stderr;
            let said = format!("{} excluded", 4 - expect.len());
            assert!(line.contains(&said), "{line}");
        }
    }
}

#[test]
fn a_pattern_that_is_no_regular_expression_is_exit_2_where_it_is_written() {
    let server = Server::start(|_| Reply::Status(200));
    let ignore = repo(&server).file(".claimtrackignore", "# fine\n/news/\n(unclosed\n");
    let run = check(&ignore, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(".claimtrackignore") && run.stderr.contains("line 3"),
        "{}",
        run.stderr
    );
    let config = repo(&server).file("claimtrack.toml", "[check]\nexclude = [\"(\"]\n");
    let run = check(&config, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("[check] exclude:"), "{}", run.stderr);
    // A .claimtrackignore that cannot be read is said, not skipped.
    let unreadable = repo(&server).dir(".claimtrackignore");
    let run = check(&unreadable, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot read .claimtrackignore"),
        "{}",
        run.stderr
    );
    let run = check(&repo(&server), &["--exclude", "[z-a]"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not a regular expression"),
        "{}",
        run.stderr
    );
    assert!(server.requests().is_empty(), "nothing was asked");
}

#[test]
fn config_names_the_settings_file_instead_of_claimtrack_toml() {
    let server = Server::start(|_| Reply::Status(200));
    let repo = repo(&server)
        .file("claimtrack.toml", "[check]\nexclude = [\"/news/\"]\n")
        .file(
            "ci/strict.toml",
            "[check]\nexclude = [\"/blog/\", \"paywall\"]\n",
        )
        .file("ci/broken.toml", "[check]\nconcurrency = 0\n");
    let run = check(&repo, &["--config", "ci/strict.toml"]);
    let (paths, excluded) = asked(&server, &run);
    assert_eq!(paths, ["/news/a", "/news/b"], "claimtrack.toml not read");
    assert_eq!(excluded, 2);
    let run = check(&repo, &["--config", "ci/broken.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("ci/broken.toml"), "{}", run.stderr);
    let run = check(&repo, &["--config", "ci/absent.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot read ci/absent.toml"),
        "{}",
        run.stderr
    );
}
