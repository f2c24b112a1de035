//! Progress of a long run on standard error: in CI (the `CI` variable), a
//! line when probing starts and one when it ends; nothing when standard
//! error is not a terminal and the run is not in CI. (The bar on a
//! terminal is indicatif's drawing and is not tested here.) And what
//! `-q`, `-v` and `--no-progress` change.

use crate::server::{Reply, Server};
use crate::support::Repo;

fn run_check(env: &[(&str, &str)]) -> crate::support::Run {
    run_with(env, &[])
}

/// `check` over three pages (`/c` is gone) with `flags` added.
fn run_with(env: &[(&str, &str)], flags: &[&str]) -> crate::support::Run {
    let server = Server::start(|r| Reply::Status(if r.path == "/c" { 404 } else { 200 }));
    let mut claim = String::from("claim = \"Something happened.\"\nstatus = \"unverified\"\n");
    for page in ["/a", "/b", "/c"] {
        let url = server.url(page);
        claim.push_str(&format!(
            "\n[[sources]]\nurl = \"{url}\"\noutlet = \"herald\"\n"
        ));
    }
    let repo = Repo::new().claim("x", claim);
    let mut args = vec!["check", "--allow-loopback", "--no-cache", "--timeout", "2"];
    args.extend(flags);
    let run = repo.run_env(&args, env);
    assert!(run.code <= 1, "{}", run.stderr);
    run
}

#[test]
fn in_ci_probing_is_reported_at_its_start_and_end_and_elsewhere_not_at_all() {
    let ci = run_check(&[("CI", "true")]);
    let lines: Vec<&str> = ci
        .stderr
        .lines()
        .filter(|l| l.starts_with("probing "))
        .collect();
    assert_eq!(lines.len(), 2, "{}", ci.stderr);
    assert_eq!(lines[0], "probing 0/3 urls", "{}", ci.stderr);
    assert!(
        lines[1].starts_with("probing 3/3 urls in ") && lines[1].ends_with(" s"),
        "{}",
        ci.stderr
    );
    for env in [&[][..], &[("CI", "false")], &[("CI", "")]] {
        let quiet = run_check(env);
        assert!(
            !quiet.stderr.contains("probing"),
            "{env:?}: {}",
            quiet.stderr
        );
    }
}

#[test]
fn quiet_verbose_and_no_progress_say_less_or_more() {
    // -q: the findings, not the progress or the summary lines.
    let quiet = run_with(&[("CI", "true")], &["-q"]);
    assert_eq!(quiet.code, 1);
    assert!(quiet.stdout.contains("dead"), "{}", quiet.stdout);
    assert_eq!(quiet.stderr, "", "nothing else");
    // --no-progress: the summary, no progress lines.
    let plain = run_with(&[("CI", "true")], &["--no-progress"]);
    assert!(!plain.stderr.contains("probing "), "{}", plain.stderr);
    assert!(
        plain.stderr.contains("3 urls: 2 ok, 1 dead"),
        "{}",
        plain.stderr
    );
    // -v: each URL's result as it arrives, then the summary.
    let verbose = run_with(&[], &["-v"]);
    let results: Vec<&str> = verbose
        .stderr
        .lines()
        .filter(|l| l.contains("  http://"))
        .collect();
    assert_eq!(results.len(), 3, "{}", verbose.stderr);
    assert_eq!(
        results
            .iter()
            .filter(|l| l.starts_with("ok 200 OK  "))
            .count(),
        2,
        "{}",
        verbose.stderr
    );
    assert!(
        results
            .iter()
            .any(|l| l.starts_with("dead 404 Not Found  ") && l.ends_with("/c")),
        "{}",
        verbose.stderr
    );
    assert!(verbose.stderr.contains("3 urls:"), "{}", verbose.stderr);
    let both = Repo::new().run(&["check", "-q", "-v"]);
    assert_eq!(both.code, 2, "{}", both.stderr);
}
