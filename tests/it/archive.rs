//! `claimtrack archive` against a local stand-in for the Wayback Machine's
//! availability API and Save Page Now.

use crate::server::{Reply, Server};
use crate::support::{Repo, Run};

const CLAIM: &str = "# A comment that must survive.\n\
claim = \"Russia wrote off the debt.\"   # trailing comment\n\
status = \"supported\"\n\
\n\
[[sources]]\n\
url = \"https://www.reuters.com/article/debt\"\n\
accessed = 2026-01-15   # when it was read\n\
\n\
[[sources]]\n\
# already archived\n\
url = \"https://www.washingtonpost.com/b\"\n\
archive = \"https://web.archive.org/web/2020/https://www.washingtonpost.com/b\"\n";

fn api(answer: &'static str) -> Server {
    Server::start(move |r| {
        if r.path.starts_with("/wayback/available") {
            Reply::Full(
                200,
                vec![("Content-Type", "application/json".into())],
                answer.as_bytes().to_vec(),
            )
        } else {
            Reply::Status(404)
        }
    })
}

const SNAPSHOT: &str = r#"{"url": "https://www.reuters.com/article/debt", "archived_snapshots": {"closest": {"status": "200", "available": true, "url": "http://web.archive.org/web/20260114093000/https://www.reuters.com/article/debt", "timestamp": "20260114093000"}}}"#;

fn archive(repo: &Repo, server: &Server, extra: &[&str]) -> Run {
    let base = server.url("/");
    let mut args = vec![
        "archive",
        "--wayback-url",
        base.as_str(),
        "--save-url",
        base.as_str(),
    ];
    args.extend_from_slice(extra);
    repo.run(&args)
}

fn read(repo: &Repo) -> String {
    std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap()
}

fn no_temp_files(repo: &Repo) {
    let leftovers: Vec<String> = std::fs::read_dir(repo.path("claims/a"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_snapshot_is_written_and_every_other_byte_kept() {
    let server = api(SNAPSHOT);
    let repo = Repo::new().claim("x", CLAIM);
    let run = archive(&repo, &server, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = CLAIM.replace(
        "accessed = 2026-01-15   # when it was read\n",
        "accessed = 2026-01-15   # when it was read\narchive = \"https://web.archive.org/web/20260114093000/https://www.reuters.com/article/debt\"\n",
    );
    assert_eq!(read(&repo), expected);
    assert!(
        run.stderr.contains("1 source archived in 1 file"),
        "{}",
        run.stderr
    );
    // Asked once, for the source without an archive, at its accessed date.
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert!(
        requests[0].path.contains("timestamp=20260115"),
        "{}",
        requests[0].path
    );
    assert!(
        requests[0]
            .path
            .contains("url=https%3A%2F%2Fwww.reuters.com%2Farticle%2Fdebt"),
        "{}",
        requests[0].path
    );
    // The result passes the structure check (the archive is of the same URL).
    assert_eq!(repo.run(&["check", "--offline"]).code, 0);
    no_temp_files(&repo);
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing() {
    let server = api(SNAPSHOT);
    let repo = Repo::new().claim("x", CLAIM);
    let run = archive(&repo, &server, &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(&repo), CLAIM);
    assert!(
        run.stdout
            .contains("--- claims/a/x.toml\n+++ claims/a/x.toml\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("+archive = \"https://web.archive.org/web/20260114093000/https://www.reuters.com/article/debt\"\n"), "{}", run.stdout);
    assert!(
        run.stderr.contains("1 source would be archived"),
        "{}",
        run.stderr
    );
}

#[test]
fn no_snapshot_leaves_the_file_alone() {
    let server = api(r#"{"url": "x", "archived_snapshots": {}}"#);
    let repo = Repo::new().claim("x", CLAIM);
    let run = archive(&repo, &server, &[]);
    assert_eq!(run.code, 0);
    assert_eq!(read(&repo), CLAIM);
    assert!(
        run.stderr.contains(
            "note: no snapshot of https://www.reuters.com/article/debt (--save asks for one)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn api_errors_and_malformed_answers_are_exit_2() {
    for (reply, why) in [
        (Reply::Status(503), "the availability API answered 503"),
        (
            Reply::Full(200, vec![], b"<html>maintenance</html>".to_vec()),
            "the availability API's answer is not what it documents",
        ),
    ] {
        let reply = std::sync::Mutex::new(Some(reply));
        let server =
            Server::start(move |_| reply.lock().unwrap().take().unwrap_or(Reply::Status(500)));
        let repo = Repo::new().claim("x", CLAIM);
        let run = archive(&repo, &server, &[]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains(why), "{}", run.stderr);
        assert_eq!(read(&repo), CLAIM);
        no_temp_files(&repo);
    }
}

#[test]
fn save_page_now_captures_what_has_no_snapshot() {
    let server = Server::start(|r| {
        if r.path.starts_with("/wayback/available") {
            Reply::Full(200, vec![], br#"{"archived_snapshots": {}}"#.to_vec())
        } else if let Some(url) = r.path.strip_prefix("/save/") {
            Reply::redirect(302, &format!("/web/20261128120000/{url}"))
        } else {
            Reply::Status(404)
        }
    });
    let repo = Repo::new().claim("x", CLAIM);
    let run = archive(&repo, &server, &["--save"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        read(&repo).contains("archive = \"https://web.archive.org/web/20261128120000/https://www.reuters.com/article/debt\"\n"),
        "{}",
        read(&repo)
    );
}

#[test]
fn a_file_changed_meanwhile_is_not_overwritten() {
    let repo = Repo::new().claim("x", CLAIM);
    let path = repo.path("claims/a/x.toml");
    // The "API" edits the claim file while claimtrack waits for its answer.
    let server = Server::start(move |_| {
        std::fs::write(&path, format!("{CLAIM}# edited by someone else\n")).unwrap();
        Reply::Full(200, vec![], SNAPSHOT.as_bytes().to_vec())
    });
    let run = archive(&repo, &server, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("claims/a/x.toml changed on disk while claimtrack ran"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&repo), format!("{CLAIM}# edited by someone else\n"));
    no_temp_files(&repo);
}

#[test]
fn only_the_named_claims_are_archived() {
    let server = api(SNAPSHOT);
    let repo = Repo::new().claim("x", CLAIM).claim("y", CLAIM);
    let run = archive(&repo, &server, &["y"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(&repo), CLAIM);
    assert!(
        std::fs::read_to_string(repo.path("claims/a/y.toml"))
            .unwrap()
            .contains("archive = \"https://web.archive.org/web/20260114093000/")
    );
    let run = archive(&repo, &server, &["nope"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no claim `nope`"), "{}", run.stderr);
}

// --- Answers that are not to be trusted (issue 10, point 6) ---

/// `archive` with at most 256 MiB of data memory (`RLIMIT_DATA`): an
/// unbounded read aborts instead of swallowing the machine. Also returns
/// how long the run took.
fn archive_bounded(repo: &Repo, server: &Server) -> (Run, std::time::Duration) {
    use std::os::unix::process::CommandExt;
    let base = server.url("/");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_claimtrack"));
    command
        .args(["archive", "--wayback-url", &base, "--save-url", &base])
        .current_dir(repo.root())
        .env("CLAIMTRACK_TODAY", crate::support::TODAY);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = 256 << 20;
            let rl = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_DATA, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = std::time::Instant::now();
    let out = command.output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    (run, start.elapsed())
}

/// Exit 2, the claim file byte for byte as it was, no temp file, and
/// `why` in the error about the source.
fn refused(repo: &Repo, run: &Run, why: &str) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: cannot look up https://www.reuters.com/article/debt: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(why),
        "expected `{why}` in\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("; nothing was written: check that --"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains('\x1b'), "{}", run.stderr);
    assert_eq!(read(repo), CLAIM);
    no_temp_files(repo);
}

/// An availability answer whose closest snapshot is `url`.
fn answer_with(url: &str) -> Vec<u8> {
    serde_json::json!({
        "url": "https://www.reuters.com/article/debt",
        "archived_snapshots": {"closest": {
            "status": "200", "available": true, "url": url, "timestamp": "20260114093000"
        }}
    })
    .to_string()
    .into_bytes()
}

#[test]
fn an_endless_answer_stops_at_the_cap() {
    let server = Server::start(|_| Reply::Endless);
    let repo = Repo::new().claim("x", CLAIM);
    let (run, took) = archive_bounded(&repo, &server);
    refused(
        &repo,
        &run,
        "the availability API's answer is over 1 MiB (after decompression)",
    );
    assert!(took.as_secs() < 10, "took {took:?}");
}

#[test]
fn a_compression_bomb_stops_at_the_cap() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..512 {
        gz.write_all(&zeros).unwrap(); // 512 MiB of spaces
    }
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 4 << 20, "the bomb is small on the wire");
    let server = Server::start(move |_| {
        let headers = vec![
            ("Content-Encoding", "gzip".to_string()),
            ("Content-Type", "application/json".to_string()),
        ];
        Reply::Full(200, headers, bomb.clone())
    });
    let repo = Repo::new().claim("x", CLAIM);
    let (run, took) = archive_bounded(&repo, &server);
    refused(
        &repo,
        &run,
        "the availability API's answer is over 1 MiB (after decompression)",
    );
    assert!(took.as_secs() < 10, "took {took:?}");
}

#[test]
fn a_snapshot_address_that_is_not_one_of_the_source_is_refused() {
    for (url, why) in [
        (
            "javascript:alert(document.domain)",
            "gave \"javascript:alert(document.domain)\" as the snapshot, which is not an http(s) address",
        ),
        (
            "http://127.0.0.1:8080/admin",
            "gave \"http://127.0.0.1:8080/admin\" as the snapshot, which is not on the archive's host (web.archive.org or 127.0.0.1:",
        ),
        (
            "http://web.archive.org/web/20260114093000/https://www.reuters.com/article/other",
            "which is a snapshot of another page, not of https://www.reuters.com/article/debt",
        ),
        (
            "http://web.archive.org/web/20260114093000/https://www.reuters.com/article/debt/../other",
            "which is a snapshot of another page",
        ),
        (
            "http://web.archive.org/admin",
            "which is not a snapshot address (/web/<14-digit timestamp>/<the source URL>)",
        ),
        (
            "http://web.archive.org/web/2026/https://www.reuters.com/article/debt",
            "which is not a snapshot address",
        ),
        (
            "ftp://web.archive.org/web/20260114093000/https://www.reuters.com/article/debt",
            "which is not an http(s) address",
        ),
        (
            "http://web.archive.org.example.com/web/20260114093000/https://www.reuters.com/article/debt",
            "which is not on the archive's host",
        ),
        (
            "http://evil@web.archive.org/web/20260114093000/https://www.reuters.com/article/debt",
            "which carries a user name or password",
        ),
        (
            "http://web.archive.org:8443/web/20260114093000/https://www.reuters.com/article/debt",
            "which is not on the archive's host",
        ),
        (
            "\u{1b}]0;owned\u{7}https://x",
            "gave \"\\u{1b}]0;owned\\u{7}https://x\" as the snapshot, which is not a URL",
        ),
    ] {
        let body = answer_with(url);
        let server = Server::start(move |_| Reply::Full(200, vec![], body.clone()));
        let repo = Repo::new().claim("x", CLAIM);
        let run = archive(&repo, &server, &[]);
        refused(&repo, &run, why);
        assert!(
            run.stderr
                .contains("--wayback-url is the Wayback Machine's"),
            "{}",
            run.stderr
        );
        let run = archive(&repo, &server, &["--dry-run"]);
        refused(&repo, &run, why);
        assert_eq!(run.stdout, "", "no diff of a bad answer");
    }
}

#[test]
fn a_snapshot_on_the_apis_own_host_or_normalised_is_accepted() {
    // The API base's own host and port (a stand-in, or a mirror).
    let own = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let own2 = own.clone();
    let server = Server::start(move |_| Reply::Full(200, vec![], answer_with(own2.get().unwrap())));
    let snapshot = server.url("/web/20260114093000/https://www.reuters.com/article/debt");
    own.set(snapshot.clone()).unwrap();
    let repo = Repo::new().claim("x", CLAIM);
    let run = archive(&repo, &server, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        read(&repo).contains(&format!("archive = \"{snapshot}\"\n")),
        "{}",
        read(&repo)
    );
    // Scheme, `www.` and a trailing slash as the Wayback Machine writes
    // them; a flag after the timestamp.
    let server = api(
        r#"{"archived_snapshots": {"closest": {"status": "200", "available": true, "url": "http://web.archive.org/web/20260114093000id_/http://reuters.com/article/debt/"}}}"#,
    );
    let repo = Repo::new().claim("x", CLAIM);
    let run = archive(&repo, &server, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        read(&repo).contains("archive = \"https://web.archive.org/web/20260114093000id_/http://reuters.com/article/debt/\"\n"),
        "{}",
        read(&repo)
    );
    assert_eq!(repo.run(&["check", "--offline"]).code, 0);
}

#[test]
fn one_bad_answer_and_nothing_is_written() {
    let other = CLAIM.replace("article/debt", "article/other");
    let server = Server::start(|r| {
        let body = if r.path.contains("article%2Fdebt") {
            SNAPSHOT.as_bytes().to_vec()
        } else {
            answer_with("http://127.0.0.1:8080/admin")
        };
        Reply::Full(200, vec![], body)
    });
    let repo = Repo::new().claim("x", CLAIM).claim("y", &other);
    let run = archive(&repo, &server, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: cannot look up https://www.reuters.com/article/other: the availability API gave \"http://127.0.0.1:8080/admin\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("0 sources archived"), "{}", run.stderr);
    assert_eq!(read(&repo), CLAIM, "the good answer is not written either");
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/a/y.toml")).unwrap(),
        other
    );
    assert_eq!(server.requests().len(), 2, "both sources were looked up");
    no_temp_files(&repo);
}

#[test]
fn save_page_now_must_point_at_a_snapshot_of_the_source() {
    for (location, why) in [
        ("javascript:alert(1)", "which is not an http(s) address"),
        (
            "http://127.0.0.1:8080/admin",
            "which is not on the archive's host",
        ),
        (
            "/web/20261128120000/https://www.reuters.com/article/other",
            "which is a snapshot of another page",
        ),
        ("/admin", "which is not a snapshot address"),
    ] {
        let server = Server::start(move |r| {
            if r.path.starts_with("/wayback/available") {
                Reply::Full(200, vec![], br#"{"archived_snapshots": {}}"#.to_vec())
            } else {
                Reply::redirect(302, location)
            }
        });
        let repo = Repo::new().claim("x", CLAIM);
        let run = archive(&repo, &server, &["--save"]);
        refused(&repo, &run, why);
        assert!(
            run.stderr
                .contains(&format!("Save Page Now gave \"{location}\"")),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("--save-url is Save Page Now's"),
            "{}",
            run.stderr
        );
    }
}

/// `archive` builds its own HTTP client, outside the probe's guarded
/// resolver: it talks only to the archive endpoints the operator chose
/// (flags or environment, never the checkout). A source's URL is sent to
/// them as data and never requested by claimtrack, so a claim pointing into
/// this machine cannot make `archive` reach it.
#[test]
fn a_sources_own_url_is_never_requested() {
    let internal = Server::start(|_| Reply::Status(200));
    let api = api(r#"{"archived_snapshots": {}}"#);
    let target = internal.url("/admin");
    let claim =
        format!("claim = \"C.\"\nstatus = \"supported\"\n\n[[sources]]\nurl = \"{target}\"\n");
    let repo = Repo::new().claim("x", &claim);
    let run = archive(&repo, &api, &["--save"]);
    assert!(internal.requests().is_empty(), "{}", run.stderr);
    let asked: Vec<String> = api.requests().into_iter().map(|r| r.path).collect();
    assert!(
        asked.iter().any(
            |p| p.starts_with("/wayback/available") && p.contains("url=http%3A%2F%2F127.0.0.1")
        ),
        "{asked:?}"
    );
    assert_eq!(
        std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap(),
        claim
    );
}

#[test]
fn an_archive_out_of_reach_is_one_failure_and_exit_2() {
    // A port nothing listens on: every request would fail to connect.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let second = CLAIM.replace("article/debt", "article/other");
    let repo = Repo::new().claim("x", CLAIM).claim("y", second.as_str());
    let run = repo.run(&["archive", "--wayback-url", &base, "--save-url", &base]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .count(),
        1,
        "one message, not one per URL: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("cannot reach the availability API"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("check the network"), "{}", run.stderr);
    assert_eq!(read(&repo), CLAIM);
    no_temp_files(&repo);
}
