//! What the user says about answers and hosts: `--accept`, `--header`,
//! `--user-agent`, `[check] accept` and `[[check.hosts]]`.

use std::time::Duration;

use serde_json::Value;

use crate::server::{Reply, Server};
use crate::support::{Repo, Run};

fn repo(urls: &[String]) -> Repo {
    crate::probe::repo(urls)
}

fn check(repo: &Repo, extra: &[&str]) -> Run {
    crate::support::check_json(repo, extra)
}

/// (state, code) of every URL's finding, and the ok count.
fn states(run: &Run) -> (Vec<(String, String)>, Value) {
    assert!(run.code <= 1, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let state = f["state"].as_str().unwrap_or_default().to_string();
            (state, f["code"].as_str().unwrap().to_string())
        })
        .collect();
    (findings, doc["summary"]["urls"]["ok"].clone())
}

fn header<'a>(r: &'a crate::server::Request, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn accepted_codes_are_answers_and_a_2xx_outside_them_is_not() {
    let forbidden = Server::start(|_| Reply::Status(403));
    let fine = Server::start_on([127, 0, 0, 2].into(), |_| Reply::Status(200));
    let urls = [forbidden.url("/walled"), fine.url("/page")];
    let r = repo(&urls);
    let (findings, ok) = states(&check(&r, &[]));
    assert_eq!(findings, [("blocked".to_string(), "blocked".to_string())]);
    assert_eq!(ok, 1);
    let (findings, ok) = states(&check(&r, &["--accept", "200..=299,403"]));
    assert_eq!(findings, []);
    assert_eq!(ok, 2);
    // Only 403: the 200 is not an answer.
    let run = check(&r, &["--accept", "403"]);
    let (findings, _) = states(&run);
    assert_eq!(findings, [("dead".to_string(), "dead".to_string())]);
    assert!(
        run.stdout.contains("not among the accepted codes"),
        "{}",
        run.stdout
    );
    // From claimtrack.toml, and the flag wins over it.
    let r = r.file("claimtrack.toml", "[check]\naccept = \"200..=299,403\"\n");
    assert_eq!(states(&check(&r, &[])).1, 2);
    assert_eq!(states(&check(&r, &["--accept", "200"])).1, 1);
}

#[test]
fn a_host_rule_has_its_own_codes_headers_agent_and_limit() {
    let slow = || Reply::After(Duration::from_millis(50), Box::new(Reply::Status(401)));
    let ruled = Server::start_on([127, 0, 0, 2].into(), move |_| slow());
    let other = Server::start(move |_| slow());
    let mut urls: Vec<String> = (0..6).map(|i| ruled.url(&format!("/r{i}"))).collect();
    urls.extend((0..6).map(|i| other.url(&format!("/o{i}"))));
    let config = "[check]\nper-host = 4\n\n[[check.hosts]]\nhost = \"127.0.0.2\"\naccept = \"200..=299,401\"\nper-host = 1\nuser-agent = \"Ruled/1.0\"\nheaders = { X-Key = \"for-ruled-only\" }\n";
    let r = repo(&urls).file("claimtrack.toml", config);
    let run = check(
        &r,
        &["--header", "X-Every: one", "--user-agent", "Every/2.0"],
    );
    let (findings, ok) = states(&run);
    assert_eq!(ok, 6, "the rule's 401s are answers");
    assert_eq!(findings.len(), 6, "the other host's 401s are not");
    assert_eq!(ruled.max_in_flight(), 1, "the rule's limit");
    assert!(other.max_in_flight() > 1, "the default limit elsewhere");
    for r in ruled.requests() {
        assert_eq!(header(&r, "x-key"), Some("for-ruled-only"));
        assert_eq!(header(&r, "x-every"), Some("one"));
        assert_eq!(header(&r, "user-agent"), Some("Ruled/1.0"));
    }
    for r in other.requests() {
        assert_eq!(header(&r, "x-key"), None, "a host's header goes to it only");
        assert_eq!(header(&r, "x-every"), Some("one"));
        assert_eq!(header(&r, "user-agent"), Some("Every/2.0"));
    }
}

#[test]
fn a_header_is_never_printed() {
    let server = Server::start(|_| Reply::Status(404));
    let r = repo(&[server.url("/gone")]);
    let secret = "Authorization: Bearer s3cret-token";
    for format in ["json", "human", "sarif", "markdown", "github"] {
        let run = r.run(&[
            "check",
            "--allow-loopback",
            "--no-cache",
            "--retries",
            "0",
            "--header",
            secret,
            "--format",
            format,
        ]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(!run.stdout.contains("s3cret"), "{format}");
        assert!(!run.stderr.contains("s3cret"), "{format}");
    }
    assert_eq!(
        header(&server.requests()[0], "authorization"),
        Some("Bearer s3cret-token")
    );
    let run = check(&r, &["--header", "Bearer s3cret-token"]);
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("s3cret"), "{}", run.stderr);
}

#[test]
fn a_bad_rule_is_exit_2_and_says_which() {
    let server = Server::start(|_| Reply::Status(200));
    let cases = [
        (
            "[check]\naccept = \"2xx\"\n",
            "accept: `2xx` is not a status code",
        ),
        (
            "[[check.hosts]]\nhost = \"https://reuters.com/\"\n",
            "is not a host name",
        ),
        (
            "[[check.hosts]]\nhost = \"a.example\"\naccept = \"999..=100\"\n",
            "hosts.a.example.accept",
        ),
        (
            "[[check.hosts]]\nhost = \"a.example\"\nheaders = { Host = \"b.example\" }\n",
            "host is set by claimtrack",
        ),
        (
            "[[check.hosts]]\nhost = \"a.example\"\nper-host = 0\n",
            "hosts.a.example.per-host",
        ),
        (
            "[[check.hosts]]\nhost = \"a.example\"\ncolour = \"red\"\n",
            "unknown field",
        ),
    ];
    for (config, said) in cases {
        let r = repo(&[server.url("/x")]).file("claimtrack.toml", config);
        let run = check(&r, &[]);
        assert_eq!(run.code, 2, "{config}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{config}: {}", run.stderr);
    }
    assert!(server.requests().is_empty());
}

#[test]
fn github_token_goes_to_github_only_and_is_never_printed() {
    let target = Server::start_on([127, 0, 0, 2].into(), |_| Reply::Status(404));
    let elsewhere = target.url("/moved");
    let github = Server::start(move |r| match r.path.as_str() {
        "/away" => Reply::redirect(302, &elsewhere),
        _ => Reply::Status(200),
    });
    let port = github.addr.port();
    let urls = [
        format!("http://github.com:{port}/owner/repo"),
        format!("http://github.com:{port}/away"),
        target.url("/direct"),
    ];
    let r = repo(&urls);
    let run = r.run_env(
        &[
            "check",
            "--allow-loopback",
            "--no-cache",
            "--retries",
            "0",
            "--resolve",
            "github.com=127.0.0.1",
            "--header",
            "Authorization: Bearer not-for-github",
            "-v",
        ],
        &[("GITHUB_TOKEN", "ghs_s3cret")],
    );
    assert_eq!(run.code, 1, "the redirect ends on a 404: {}", run.stderr);
    for r in github.requests() {
        assert_eq!(
            header(&r, "authorization"),
            Some("Bearer ghs_s3cret"),
            "{}",
            r.path
        );
    }
    for r in target.requests() {
        assert_eq!(
            header(&r, "authorization"),
            Some("Bearer not-for-github"),
            "not the token, also after a redirect from GitHub: {}",
            r.path
        );
    }
    assert_eq!(
        target.requests().len(),
        4,
        "HEAD and GET, direct and redirected"
    );
    assert!(!run.stdout.contains("s3cret") && !run.stderr.contains("s3cret"));
}
