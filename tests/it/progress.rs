//! Progress of a long run on standard error: in CI (the `CI` variable), a
//! line when probing starts and one when it ends; nothing when standard
//! error is not a terminal and the run is not in CI. (The bar on a
//! terminal is indicatif's drawing and is not tested here.)

use crate::server::{Reply, Server};
use crate::support::Repo;

fn run_check(env: &[(&str, &str)]) -> crate::support::Run {
    let server = Server::start(|_| Reply::Status(200));
    let mut claim = String::from("claim = \"Something happened.\"\nstatus = \"unverified\"\n");
    for page in ["/a", "/b", "/c"] {
        let url = server.url(page);
        claim.push_str(&format!(
            "\n[[sources]]\nurl = \"{url}\"\noutlet = \"herald\"\n"
        ));
    }
    let repo = Repo::new().claim("x", claim);
    let args = ["check", "--allow-loopback", "--no-cache", "--timeout", "2"];
    let run = repo.run_env(&args, env);
    assert_eq!(run.code, 0, "{}", run.stderr);
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
