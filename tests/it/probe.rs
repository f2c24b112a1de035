//! `check` probing URLs: each against a real HTTP server this test starts
//! on 127.0.0.1 with a random port (see `server.rs`). No test touches the
//! internet.

use std::time::Duration;

use crate::server::{Reply, Server};
use crate::support::{Repo, Run};

/// A repository with one claim citing `urls` (outlet `herald`, whose
/// domains are unknown, so the hosts raise no structure finding).
/// A repository with one claim citing `urls`.
pub(crate) fn repo(urls: &[String]) -> Repo {
    let mut claim = String::from("claim = \"Something happened.\"\nstatus = \"unverified\"\n");
    for url in urls {
        claim.push_str(&format!(
            "\n[[sources]]\nurl = \"{url}\"\noutlet = \"herald\"\n"
        ));
    }
    Repo::new().claim("x", claim)
}

/// `check` with loopback allowed, no result store, short timeouts.
fn check(repo: &Repo, extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        "--color",
        "never",
        "--allow-loopback",
        "--no-cache",
    ];
    for (flag, default) in [("--timeout", "2"), ("--retries", "0")] {
        if !extra.contains(&flag) {
            args.extend([flag, default]);
        }
    }
    args.extend_from_slice(extra);
    repo.run(&args)
}

fn probe_one(
    reply: impl Fn(&crate::server::Request) -> Reply + Send + Sync + 'static,
    extra: &[&str],
) -> (Server, Run) {
    let server = Server::start(reply);
    let run = check(&repo(&[server.url("/page")]), extra);
    (server, run)
}

fn assert_finding(run: &Run, line: &str) {
    assert!(
        run.stdout.contains(line),
        "expected `{line}` in\n{}\n{}",
        run.stdout,
        run.stderr
    );
}

fn assert_summary(run: &Run, summary: &str) {
    assert!(
        run.stderr.contains(summary),
        "expected `{summary}` in\n{}",
        run.stderr
    );
}

#[test]
fn ok_is_silent_and_exit_0() {
    let (server, run) = probe_one(|_| Reply::Status(200), &[]);
    assert_eq!(run.stdout, "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_summary(&run, "1 url: 1 ok in");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "HEAD");
    let ua = requests[0].header("user-agent").unwrap();
    assert!(
        ua.starts_with(&format!("claimtrack/{} (", env!("CARGO_PKG_VERSION"))),
        "{ua}"
    );
    assert!(ua.contains("+https://"), "{ua}");
}

#[test]
fn dead_404_and_410_are_errors() {
    for status in [404, 410, 400] {
        let (server, run) = probe_one(move |_| Reply::Status(status), &[]);
        assert_eq!(run.code, 1, "{status}");
        let url = server.url("/page");
        assert_finding(&run, &format!("error[dead]: {url} is dead: {status}"));
        assert_finding(&run, &format!("dead ({status})"));
        assert_summary(&run, "1 url: 0 ok, 1 dead");
    }
}

#[test]
fn blocked_is_a_warning_never_an_error() {
    for status in [401, 403, 451, 999] {
        let (_server, run) = probe_one(move |_| Reply::Status(status), &[]);
        assert_eq!(run.code, 0, "{status}: {}", run.stdout);
        assert_finding(&run, "warning[blocked]: ");
        assert_finding(&run, &format!("blocked ({status})"));
    }
}

#[test]
fn head_405_then_get() {
    let (server, run) = probe_one(
        |r| Reply::Status(if r.method == "HEAD" { 405 } else { 200 }),
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let methods: Vec<String> = server.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["HEAD", "GET"]);
}

#[test]
fn head_404_but_get_200_is_ok() {
    let (_server, run) = probe_one(
        |r| Reply::Status(if r.method == "HEAD" { 404 } else { 200 }),
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_summary(&run, "1 url: 1 ok");
}

#[test]
fn retry_after_429_is_honoured_then_ok() {
    let (server, run) = probe_one(
        |r| {
            if r.method == "HEAD" {
                Reply::Full(429, vec![("Retry-After", "1".into())], Vec::new())
            } else {
                Reply::Status(200)
            }
        },
        &["--retries", "2"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let gap = requests[1].at - requests[0].at;
    assert!(
        gap >= Duration::from_millis(950),
        "the GET came {gap:?} after the 429"
    );
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let (server, run) = probe_one(
        |r| {
            if r.method == "HEAD" {
                // Two seconds from now, to the second: waits at least one.
                let at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(2);
                let date = jiff::fmt::rfc2822::DateTimePrinter::new()
                    .timestamp_to_rfc9110_string(&at)
                    .unwrap();
                Reply::Full(503, vec![("Retry-After", date)], Vec::new())
            } else {
                Reply::Status(200)
            }
        },
        &["--retries", "2"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let requests = server.requests();
    let gap = requests[1].at - requests[0].at;
    assert!(
        gap >= Duration::from_millis(950),
        "the GET came {gap:?} after the 503"
    );
}

#[test]
fn a_429_that_persists_is_blocked() {
    let (server, run) = probe_one(
        |_| Reply::Full(429, vec![("Retry-After", "0".into())], Vec::new()),
        &["--retries", "1"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_finding(&run, "blocked (429)");
    // HEAD and GET, twice: one try and one retry.
    assert_eq!(server.requests().len(), 4);
}

#[test]
fn a_503_then_200_is_ok() {
    let (server, run) = probe_one(
        move |_| {
            // The first request fails, every later one succeeds.
            static SEEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            if SEEN.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                Reply::Status(503)
            } else {
                Reply::Status(200)
            }
        },
        &["--retries", "2"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_summary(&run, "1 url: 1 ok");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_lasting_5xx_is_a_warning_then_strict_makes_it_an_error() {
    let (_server, run) = probe_one(|_| Reply::Status(500), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_finding(&run, "warning[server-error]: ");
    assert_finding(&run, "answered 500");
    let (_server, run) = probe_one(|_| Reply::Status(500), &["--strict"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(&run, "error[server-error]: ");
}

#[test]
fn a_redirect_chain_through_a_permanent_redirect_names_the_new_url() {
    let server = Server::start(|r| match r.path.as_str() {
        "/old" => Reply::redirect(301, "/moved"),
        "/moved" => Reply::redirect(302, "/session?id=1"),
        _ => Reply::Status(200),
    });
    let run = check(&repo(&[server.url("/old")]), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let (old, moved) = (server.url("/old"), server.url("/moved"));
    assert_finding(
        &run,
        &format!("warning[redirected]: {old} has moved permanently to {moved}"),
    );
    assert_finding(&run, &format!("= help: update the URL to {moved}"));
    assert_finding(
        &run,
        &format!(
            "= note: redirects: {old} (301) → {moved} (302) → {}",
            server.url("/session?id=1")
        ),
    );
}

#[test]
fn temporary_redirects_are_followed_silently() {
    let server = Server::start(|r| match r.path.as_str() {
        "/a" => Reply::redirect(302, "/b"),
        "/b" => Reply::redirect(307, "/c"),
        _ => Reply::Status(200),
    });
    let run = check(&repo(&[server.url("/a")]), &[]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn a_redirect_loop_is_reported_as_such() {
    let server = Server::start(|r| match r.path.as_str() {
        "/x" => Reply::redirect(302, "/y"),
        _ => Reply::redirect(302, "/x"),
    });
    let run = check(&repo(&[server.url("/x")]), &[]);
    assert_eq!(run.code, 1);
    assert_finding(&run, "is dead: redirect loop");
}

#[test]
fn too_many_redirects() {
    let server = Server::start(|r| {
        let n: u32 = r.path.trim_start_matches("/r").parse().unwrap_or(0);
        Reply::redirect(302, &format!("/r{}", n + 1))
    });
    let run = check(&repo(&[server.url("/r0")]), &[]);
    assert_eq!(run.code, 1);
    assert_finding(&run, "is dead: more than 10 redirects");
    assert_eq!(server.requests().len(), 11);
}

#[test]
fn a_redirect_to_the_home_page_is_a_soft_404() {
    let server = Server::start(|r| match r.path.as_str() {
        "/2014/04/story" => Reply::redirect(301, "/"),
        _ => Reply::Status(200),
    });
    let run = check(&repo(&[server.url("/2014/04/story")]), &[]);
    assert_eq!(run.code, 1);
    assert_finding(&run, "is dead: redirects to the home page");
}

#[test]
fn a_server_that_never_answers_times_out() {
    let (_server, run) = probe_one(|_| Reply::Hang, &["--timeout", "1"]);
    assert_eq!(run.code, 0, "a first timeout is a warning: {}", run.stdout);
    assert_finding(&run, "warning[timeout]: ");
    assert_summary(&run, "1 url: 0 ok, 1 timeout");
}

#[test]
fn a_trickling_body_does_not_hold_the_probe() {
    // HEAD is refused, so the probe must GET; the body then trickles a byte
    // a second for ever. The answer is in the headers.
    let (_server, run) = probe_one(
        |r| {
            if r.method == "HEAD" {
                Reply::Status(405)
            } else {
                Reply::Trickle(Duration::from_secs(1))
            }
        },
        &["--timeout", "1"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_summary(&run, "1 url: 1 ok");
}

#[test]
fn an_endless_body_is_not_read() {
    let (_server, run) = probe_one(
        |r| {
            if r.method == "HEAD" {
                Reply::Status(501)
            } else {
                Reply::Endless
            }
        },
        &["--timeout", "2"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_summary(&run, "1 url: 1 ok");
}

#[test]
fn a_gzip_bomb_is_not_inflated() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..512 {
        gz.write_all(&zeros).unwrap(); // 512 MiB of zeros
    }
    let bomb = std::sync::Arc::new(gz.finish().unwrap());
    assert!(bomb.len() < 1 << 20, "the bomb is small on the wire");
    let (_server, run) = probe_one(
        move |r| {
            if r.method == "HEAD" {
                Reply::Status(405)
            } else {
                let headers = vec![
                    ("Content-Encoding", "gzip".to_string()),
                    ("Content-Type", "text/html".to_string()),
                ];
                Reply::Full(200, headers, bomb.to_vec())
            }
        },
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_summary(&run, "1 url: 1 ok");
}

#[test]
fn a_reset_is_retried_and_reported_as_unreachable() {
    let (server, run) = probe_one(|_| Reply::Reset, &["--retries", "1"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_finding(&run, "warning[unreachable]: ");
    assert_finding(&run, "connection reset");
    // HEAD, then HEAD again after the retry.
    assert_eq!(server.requests().len(), 2, "{:?}", server.requests());
}

#[test]
fn garbage_instead_of_http_is_unreachable() {
    let (_server, run) = probe_one(|_| Reply::Garbage, &[]);
    assert_finding(&run, "warning[unreachable]: ");
    assert_finding(&run, "not a valid HTTP answer");
}

#[test]
fn a_closed_port_is_unreachable() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let run = check(&repo(&[format!("http://127.0.0.1:{port}/x")]), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_finding(&run, "is unreachable: connection refused");
}

#[test]
fn when_no_host_can_be_reached_it_says_the_network_is_down_once() {
    let ports: Vec<u16> = (0..2)
        .map(|_| {
            std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port()
        })
        .collect();
    let urls = vec![
        format!("http://127.0.0.1:{}/a", ports[0]),
        format!("http://127.0.0.2:{}/b", ports[1]),
        format!("http://127.0.0.3:{}/c", ports[0]),
    ];
    let run = check(&repo(&urls), &[]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "", "no per-URL findings");
    assert_eq!(
        run.stderr.matches("the network looks unavailable").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--offline"), "{}", run.stderr);
}

#[test]
fn a_public_looking_name_resolving_to_loopback_is_refused() {
    let server = Server::start(|_| Reply::Status(200));
    let url = format!("http://news.example.com:{}/story", server.addr.port());
    let repo = repo(std::slice::from_ref(&url));
    let args = [
        "check",
        "--color",
        "never",
        "--no-cache",
        "--resolve",
        "news.example.com=127.0.0.1",
    ];
    let run = repo.run(&args);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(
        &run,
        &format!(
            "error[refused]: {url} was not probed: news.example.com resolves to 127.0.0.1, a loopback address"
        ),
    );
    assert!(
        server.requests().is_empty(),
        "no request may reach the server"
    );
    // The same name with loopback allowed reaches the server: the refusal
    // above came from the resolved address.
    let run = repo.run(&[&args[..], &["--allow-loopback"]].concat());
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_redirect_to_the_metadata_address_is_refused_even_with_loopback_allowed() {
    let server =
        Server::start(|_| Reply::redirect(302, "http://169.254.169.254/latest/meta-data/"));
    let run = check(&repo(&[server.url("/innocent")]), &["--allow-private"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(
        &run,
        "was not probed: 169.254.169.254 is a link-local address",
    );
    assert_finding(&run, "= note: redirects: ");
}

#[test]
fn private_addresses_are_refused_without_a_request() {
    for url in [
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://[::1]:9/",
        "http://[fd00::1]/",
        "http://0.0.0.0:80/",
    ] {
        let run = repo(&[url.to_string()]).run(&["check", "--color", "never", "--no-cache"]);
        assert_eq!(run.code, 1, "{url}");
        assert_finding(&run, "error[refused]: ");
    }
}

#[test]
fn special_purpose_addresses_are_refused_without_a_request() {
    // Benchmarking, documentation, and NAT64 wrapped around loopback: none
    // is globally reachable, and none is opened by --allow-private.
    let cases = [
        ("http://198.18.0.1/", "198.18.0.1 is a benchmarking address"),
        (
            "http://203.0.113.5/page",
            "203.0.113.5 is a documentation address",
        ),
        (
            "http://[64:ff9b::7f00:1]/",
            "64:ff9b::7f00:1 is a NAT64 address of 127.0.0.1, a loopback address",
        ),
    ];
    let urls: Vec<String> = cases.iter().map(|(url, _)| url.to_string()).collect();
    let run = repo(&urls).run(&[
        "check",
        "--color",
        "never",
        "--no-cache",
        "--allow-private",
        "--timeout",
        "2",
        "--retries",
        "0",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for (url, why) in cases {
        assert_finding(
            &run,
            &format!("error[refused]: {url} was not probed: {why}, which is not probed"),
        );
    }
    assert_summary(&run, "3 urls: 0 ok, 3 refused in");
}

#[test]
fn the_per_host_limit_holds() {
    let server =
        Server::start(|_| Reply::After(Duration::from_millis(150), Box::new(Reply::Status(200))));
    let urls: Vec<String> = (0..24).map(|i| server.url(&format!("/p{i}"))).collect();
    let run = check(&repo(&urls), &["--per-host", "3"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_summary(&run, "24 urls: 24 ok");
    assert_eq!(
        server.max_in_flight(),
        3,
        "never more than 3 at once, and the limit is used"
    );
}

#[test]
fn each_distinct_url_is_probed_once() {
    let server = Server::start(|_| Reply::Status(200));
    let url = server.url("/same");
    let repo = repo(std::slice::from_ref(&url)).claim(
        "y",
        format!("claim = \"Another.\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{url}\"\noutlet = \"herald\"\n"),
    );
    let run = check(&repo, &[]);
    assert_eq!(run.code, 0);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn the_result_store_spares_ok_urls_on_the_next_run() {
    let server = Server::start(|r| Reply::Status(if r.path == "/gone" { 404 } else { 200 }));
    let repo = repo(&[server.url("/ok"), server.url("/gone")]);
    let args = [
        "check",
        "--color",
        "never",
        "--allow-loopback",
        "--retries",
        "0",
    ];
    let first = repo.run(&args);
    assert_eq!(first.code, 1);
    let after_first = server.requests().len();
    assert_eq!(after_first, 3, "HEAD /ok, HEAD and GET /gone");
    let second = repo.run(&args);
    assert_eq!(second.code, 1, "the dead URL is probed again");
    let paths: Vec<String> = server.requests()[after_first..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(paths, ["/gone", "/gone"], "no request for the ok URL");
    assert!(
        second.stderr.contains("(1 ok from the result store)"),
        "{}",
        second.stderr
    );
    // --no-cache asks again.
    repo.run(&[&args[..], &["--no-cache"]].concat());
    assert!(server.requests().iter().filter(|r| r.path == "/ok").count() == 2);
}

#[test]
fn a_corrupt_result_store_is_survived_and_rebuilt() {
    let server = Server::start(|_| Reply::Status(200));
    let repo = repo(&[server.url("/ok")]).file(
        ".claimtrack/cache",
        b"{\"format\":\"claimtrack-results\",\"version\":1,\"entr".as_slice(),
    );
    let run = repo.run(&["check", "--color", "never", "--allow-loopback"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: result store"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("is corrupt"), "{}", run.stderr);
    let v = crate::support::store_entries(repo.root(), &repo.path(".claimtrack/cache"));
    assert_eq!(v["entries"][server.url("/ok")]["state"], "ok");
    // And the rebuilt store serves the next run.
    let run = repo.run(&["check", "--color", "never", "--allow-loopback"]);
    assert!(
        !run.stderr.contains("warning: result store"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_failure_on_three_different_days_is_an_error() {
    let server = Server::start(|_| Reply::Status(503));
    let url = server.url("/flaky");
    let now = jiff::Timestamp::now();
    let day = |n: i64| (now - jiff::SignedDuration::from_hours(24 * n)).to_string();
    let store = serde_json::json!({
        "format": "claimtrack-results",
        "version": 1,
        "entries": { url.clone(): {
            "checked": day(1), "state": "server-error", "status": 503, "detail": "503 Service Unavailable",
            "new_url": null, "last_ok": null, "failures": [day(2), day(1)]
        }}
    });
    let repo = repo(std::slice::from_ref(&url)).file(".claimtrack/cache", store.to_string());
    let run = repo.run(&[
        "check",
        "--color",
        "never",
        "--allow-loopback",
        "--retries",
        "0",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_finding(&run, "error[server-error]: ");
    assert_finding(&run, "it has failed on 3 different days");

    // Two failures on the same day as today's do not make three days.
    let store = store
        .to_string()
        .replace(&day(2), &day(0))
        .replace(&day(1), &day(0));
    let repo2 = self::repo(std::slice::from_ref(&url)).file(".claimtrack/cache", store);
    let run = repo2.run(&[
        "check",
        "--color",
        "never",
        "--allow-loopback",
        "--retries",
        "0",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_finding(&run, "warning[server-error]: ");
}

#[test]
fn claimtrack_toml_sets_defaults_and_flags_win() {
    let server =
        Server::start(|_| Reply::After(Duration::from_millis(100), Box::new(Reply::Status(200))));
    let urls: Vec<String> = (0..12).map(|i| server.url(&format!("/p{i}"))).collect();
    let repo = repo(&urls).file(
        "claimtrack.toml",
        "[check]\nper-host = 2\nno-cache = true\ntimeout = 5\n",
    );
    let run = repo.run(&["check", "--color", "never", "--allow-loopback"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(server.max_in_flight(), 2);
    let run = repo.run(&[
        "check",
        "--color",
        "never",
        "--allow-loopback",
        "--per-host",
        "4",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(server.max_in_flight(), 4);
}

#[test]
fn a_bad_claimtrack_toml_is_exit_2() {
    let repo = repo(&[]).file("claimtrack.toml", "[check]\nper_host = 2\n");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("claimtrack.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("per_host"), "{}", run.stderr);
    let repo = repo.file("claimtrack.toml", "[check]\ntimeout = 0\n");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("[check] timeout: `0` is not a number of seconds above 0"),
        "{}",
        run.stderr
    );
}

#[test]
fn offline_sends_no_request() {
    let server = Server::start(|_| Reply::Status(404));
    let run = repo(&[server.url("/x")]).run(&["check", "--offline", "--allow-loopback"]);
    assert_eq!(run.code, 0);
    assert!(server.requests().is_empty());
}

#[test]
fn two_runs_at_once_share_the_result_store() {
    let server =
        Server::start(|_| Reply::After(Duration::from_millis(300), Box::new(Reply::Status(200))));
    let store = tempfile::tempdir().unwrap();
    let cache = store.path().join("cache");
    let cache = cache.to_str().unwrap();
    let repos = [repo(&[server.url("/one")]), repo(&[server.url("/two")])];
    let children: Vec<std::process::Child> = repos
        .iter()
        .map(|r| {
            std::process::Command::new(env!("CARGO_BIN_EXE_claimtrack"))
                .args(["check", "--allow-loopback", "--cache", cache])
                .current_dir(r.root())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let v = crate::support::store_entries(repos[0].root(), &store.path().join("cache"));
    assert_eq!(v["entries"][server.url("/one")]["state"], "ok", "{v}");
    assert_eq!(v["entries"][server.url("/two")]["state"], "ok", "{v}");
}

#[test]
fn many_more_urls_than_tasks_in_flight_are_each_probed_once_hosts_taking_turns() {
    // Tasks are spawned a window at a time (4 × concurrency, at least
    // 64): 300 URLs on two hosts, one request at a time, go through it
    // in turns, each URL asked once.
    let a = Server::start_on([127, 0, 0, 1].into(), |_| Reply::Status(200));
    let b = Server::start_on([127, 0, 0, 2].into(), |_| Reply::Status(200));
    let mut urls: Vec<String> = (0..200).map(|i| a.url(&format!("/a{i}"))).collect();
    urls.extend((0..100).map(|i| b.url(&format!("/b{i}"))));
    let run = check(&repo(&urls), &["--concurrency", "1", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["summary"]["urls"]["ok"], 300);
    for (server, n) in [(&a, 200), (&b, 100)] {
        let mut paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(paths.len(), n);
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), n, "each once");
    }
    // The hosts take turns while both have URLs left (in order of the
    // files, all of a's would come first).
    let mut seen: Vec<(std::time::Instant, char)> = a
        .requests()
        .into_iter()
        .map(|r| (r.at, 'a'))
        .chain(b.requests().into_iter().map(|r| (r.at, 'b')))
        .collect();
    seen.sort();
    let order: String = seen.iter().take(100).map(|(_, h)| *h).collect();
    let turns = order.matches('b').count();
    assert!((40..=60).contains(&turns), "{order}");
}
