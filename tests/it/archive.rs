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
