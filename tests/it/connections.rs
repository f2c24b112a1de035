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

/// `check --format json` as `check_json` runs it, under a soft limit of
/// `files` open files (the hard limit left as it is).
fn check_with_file_limit(repo: &Repo, files: u32, extra: &[&str]) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -S -n {files} && exec \"$0\" \"$@\""))
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

#[test]
fn a_low_limit_of_open_files_is_raised_not_taken_for_dead_sites() {
    // 60 hosts of two URLs each: each host's first connection waits idle
    // for its second request while the others are probed, so the run
    // holds more connections than a soft limit of 40 allows.
    let ips = (1..=60).map(|i| IpAddr::from([127, 0, 1, i]));
    let servers = Server::start_many(ips, 2, |_| slow());
    let urls: Vec<String> = servers
        .iter()
        .flat_map(|s| [s.url("/a"), s.url("/b")])
        .collect();
    let run = check_with_file_limit(&repo(&urls), 40, &["--concurrency", "32"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["summary"]["urls"]["ok"], 120, "{}", run.stdout);
}
