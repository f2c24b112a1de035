//! How the probe holds its connections: each reused until its host's last
//! requests, then closed; never more than the process may open.

use std::net::IpAddr;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::server::{Reply, Server};
use crate::support::{Repo, Run, TODAY, check_json};

fn repo(urls: &[String]) -> Repo {
    crate::probe::repo(urls)
}

fn slow() -> Reply {
    Reply::After(Duration::from_millis(30), Box::new(Reply::Status(200)))
}

#[test]
fn a_hosts_connections_are_closed_after_its_last_requests() {
    let server = Server::start(|_| slow());
    let urls: Vec<String> = (0..10).map(|i| server.url(&format!("/p{i}"))).collect();
    let run = check_json(&repo(&urls), &["--per-host", "2"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let requests = server.requests();
    assert_eq!(requests.len(), 10);
    let closing = requests
        .iter()
        .filter(|r| r.header("connection") == Some("close"))
        .count();
    // The server ends a connection after a request that says so: had an
    // earlier request said it, a third connection would have been opened.
    assert_eq!(
        closing, 2,
        "the last request on each of the two connections"
    );
    assert_eq!(
        server.connections(),
        2,
        "each reused until its last request"
    );
}

/// `check --format json` as `check_json` runs it, under the limit of open
/// files that `ulimit` sets with `limit` (`-S -n 40`: a soft limit).
fn check_with_file_limit(repo: &Repo, limit: &str, extra: &[&str]) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit {limit} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_claimtrack"))
        .args(["check", "--allow-loopback", "--no-cache", "--retries", "0"])
        .args(["--format", "json"])
        .args(extra)
        .current_dir(repo.root())
        .env("CLAIMTRACK_TODAY", TODAY)
        .output()
        .expect("sh runs");
    Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Two URLs on each of `hosts` loopback hosts (127.0.1.1 on), checked
/// under `limit` with `--concurrency`; returns the count of URLs that
/// answered, every one of them having to.
fn ok_two_per_host(hosts: u32, limit: &str, concurrency: &str) -> u64 {
    two_per_host(hosts, limit, concurrency).0
}

/// As [`ok_two_per_host`], with what the run said on standard error.
fn two_per_host(hosts: u32, limit: &str, concurrency: &str) -> (u64, String) {
    let ips = (0..hosts).map(|i| IpAddr::from([127, 0, 1 + (i / 200) as u8, (i % 200) as u8 + 1]));
    let servers = Server::start_many(ips, 2, |_| slow());
    let urls: Vec<String> = servers
        .iter()
        .flat_map(|s| [s.url("/a"), s.url("/b")])
        .collect();
    let run = check_with_file_limit(&repo(&urls), limit, &["--concurrency", concurrency]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    (doc["summary"]["urls"]["ok"].as_u64().unwrap(), run.stderr)
}

#[test]
fn a_low_limit_of_open_files_is_raised_not_taken_for_dead_sites() {
    // Each host's first connection waits idle for its second request while
    // the others are probed, so the run holds more connections than a
    // soft limit of 40 allows.
    assert_eq!(ok_two_per_host(60, "-S -n 40", "32"), 120);
}

#[test]
fn the_hosts_worked_on_at_once_are_bounded_by_the_runners_not_the_hosts_cited() {
    // A hard limit of 100 open files, which cannot be raised: a connection
    // kept for every host cited would run out. Concurrency 16 makes 64
    // runners, so at most 64 hosts are worked on at once.
    assert_eq!(ok_two_per_host(300, "-n 100", "16"), 600);
}

#[test]
fn the_runners_are_fewer_than_the_files_the_process_may_open() {
    // Concurrency 200 would make 800 runners, each host they work on
    // keeping a connection: under a hard limit of 100 they are 50, and
    // the run says so.
    let (ok, stderr) = two_per_host(300, "-n 100", "200");
    assert_eq!(ok, 600);
    assert!(
        stderr.contains(
            "warning: this process may open only 100 files: probing 50 URLs at a time, not 200; \
             raise the limit (`ulimit -n`) to probe faster"
        ),
        "{stderr}"
    );
    // Where the limit allows the concurrency, even just (50 runners for
    // concurrency 50), nothing is said.
    let (ok, stderr) = two_per_host(30, "-n 100", "50");
    assert_eq!(ok, 60);
    assert!(!stderr.contains("may open only"), "{stderr}");
}
