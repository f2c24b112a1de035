//! Excerpts: does the page still say what the claim says it says? Every
//! page is served by a loopback server the test starts.

use crate::server::{Reply, Server};
use crate::support::{Repo, Run};

/// A claim whose one source is `path` on `server`, with `excerpt`.
pub(crate) fn repo(server: &Server, path: &str, excerpt: &str) -> Repo {
    Repo::new().claim(
        "x",
        format!(
            "claim = \"x\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{}\"\noutlet = \"herald\"\nexcerpt = {}\n",
            server.url(path),
            toml_string(excerpt)
        ),
    )
}

pub(crate) fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap() // a JSON string is a valid TOML basic string
}

pub(crate) fn check(repo: &Repo, extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        "--allow-loopback",
        "--color",
        "never",
        "--retries",
        "0",
    ];
    args.extend_from_slice(extra);
    repo.run(&args)
}

pub(crate) fn html(body: &str) -> Reply {
    Reply::Full(
        200,
        vec![("Content-Type", "text/html; charset=utf-8".into())],
        body.as_bytes().to_vec(),
    )
}

pub(crate) fn page(content_type: &str, bytes: Vec<u8>) -> Reply {
    Reply::Full(200, vec![("Content-Type", content_type.to_string())], bytes)
}

const ARTICLE: &str = "<html><head><title>Russia writes off debt</title><script>var x = \"<p>noise</p>\";</script></head>\
<body><nav>Home | World</nav><article><h1>Russia writes off 90% of North Korea&rsquo;s debt</h1>\
<p>MOSCOW, April 19 (Reuters) - Russia&#39;s parliament on Friday ratified an agreement to write off\n\
90 percent of <a href=\"/nk\">North&nbsp;Korea</a>&#x2019;s $10.96 billion Soviet&#8211;era debt,\n\
with the remaining $1.09 billion to be repaid over 20 years.</p></article></body></html>";

fn found(run: &Run) {
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("1 excerpt: 1 found"), "{}", run.stderr);
}

#[test]
fn found_across_markup_entities_and_line_breaks() {
    let server = Server::start(|_| html(ARTICLE));
    found(&check(
        &repo(
            &server,
            "/a",
            "ratified an agreement to write off 90 percent of North Korea's $10.96 billion Soviet-era debt",
        ),
        &[],
    ));
    // A page is fetched with GET, once.
    let methods: Vec<String> = server.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["GET"]);
}

#[test]
fn curly_quotes_dashes_case_and_gaps() {
    let server = Server::start(|_| html(ARTICLE));
    found(&check(
        &repo(
            &server,
            "/a",
            "NORTH KOREA\u{2019}S $10.96 BILLION SOVIET\u{2014}ERA DEBT",
        ),
        &[],
    ));
    found(&check(
        &repo(
            &server,
            "/a",
            "Russia\u{2019}s parliament […] remaining $1.09 billion to be repaid over 20 years.",
        ),
        &[],
    ));
    found(&check(
        &repo(
            &server,
            "/a",
            "parliament on Friday ... repaid over 20 years",
        ),
        &[],
    ));
}

#[test]
fn russian_pages_in_windows_1251_and_koi8_r() {
    let text = "Госдума ратифицировала соглашение о списании 90% долга КНДР";
    let server = Server::start(move |r| {
        let (label, encoding) = if r.path == "/cp1251" {
            ("windows-1251", encoding_rs::WINDOWS_1251)
        } else {
            ("koi8-r", encoding_rs::KOI8_R)
        };
        let body = encoding
            .encode(&format!("<html><body><p>{text}.</p></body></html>"))
            .0
            .into_owned();
        page(&format!("text/html; charset={label}"), body)
    });
    found(&check(
        &repo(
            &server,
            "/cp1251",
            "ратифицировала соглашение о списании 90% долга",
        ),
        &[],
    ));
    found(&check(
        &repo(&server, "/koi8", "Госдума ратифицировала соглашение"),
        &[],
    ));
}

#[test]
fn a_korean_page_in_euc_kr_with_the_charset_only_in_a_meta_tag() {
    let server = Server::start(|_| {
        let mut body = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=euc-kr\"></head><body><p>".to_vec();
        body.extend_from_slice(
            &encoding_rs::EUC_KR
                .encode("러시아는 북한의 부채 90%를 탕감했다")
                .0,
        );
        body.extend_from_slice(b"</p></body></html>");
        page("text/html", body)
    });
    found(&check(&repo(&server, "/k", "북한의 부채 90%를 탕감"), &[]));
}

#[test]
fn a_gzip_compressed_page() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(ARTICLE.as_bytes()).unwrap();
    let body = gz.finish().unwrap();
    let server = Server::start(move |_| {
        Reply::Full(
            200,
            vec![
                ("Content-Type", "text/html".into()),
                ("Content-Encoding", "gzip".into()),
            ],
            body.clone(),
        )
    });
    found(&check(
        &repo(&server, "/gz", "remaining $1.09 billion"),
        &[],
    ));
}

#[test]
fn a_changed_page_is_missing_with_the_closest_passage() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let edited = std::sync::Arc::new(AtomicBool::new(false));
    let serving = edited.clone();
    let server = Server::start(move |_| {
        if serving.load(Ordering::SeqCst) {
            html(&ARTICLE.replace("90 percent", "80 percent"))
        } else {
            html(ARTICLE)
        }
    });
    let repo = repo(
        &server,
        "/a",
        "write off 90 percent of North Korea's $10.96 billion Soviet-era debt",
    );
    // Never seen there: the page "does not contain" it; the result store
    // is not asked (--no-cache), so the first run below is the first seen.
    edited.store(true, Ordering::SeqCst);
    let run = check(&repo, &["--no-cache"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("error[excerpt-missing]: the page does not contain the excerpt"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("help: compare the excerpt with the page"),
        "{}",
        run.stdout
    );
    // Found once, then edited away: "no longer", with the day it was seen.
    edited.store(false, Ordering::SeqCst);
    found(&check(&repo, &[]));
    edited.store(true, Ordering::SeqCst);
    let run = check(&repo, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    assert!(
        run.stdout.contains(&format!(
            "error[excerpt-missing]: the page no longer contains the excerpt: {} (it did on {today})",
            server.url("/a")
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("help: the page was edited"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("= note: closest passage (97% alike): “write off 80 percent of North Korea's $10.96 billion Soviet-era debt,”"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_200_page_not_found_is_missing() {
    let server = Server::start(|_| {
        html(
            "<html><body><h1>Page not found</h1><p>Sorry, we could not find that page.</p></body></html>",
        )
    });
    let run = check(
        &repo(&server, "/a", "Russia wrote off 90 percent of the debt"),
        &[],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error[excerpt-missing]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("no passage of the page shares its words")
            || run.stdout.contains("closest passage"),
        "{}",
        run.stdout
    );
}

#[test]
fn unverifiable_pages_are_warnings() {
    let server = Server::start(|r| match r.path.as_str() {
        "/pdf" => page("application/pdf", b"%PDF-1.7 binary".to_vec()),
        "/app" => html(
            "<!doctype html><html><head><script src=/app.js></script></head><body><div id=root></div><noscript>Enable JavaScript.</noscript></body></html>",
        ),
        _ => Reply::Status(403),
    });
    for (path, why) in [
        ("/pdf", "the page is application/pdf, not text"),
        ("/app", "the page has no text without running its scripts"),
        ("/blocked", "the site refused the request (403 Forbidden)"),
    ] {
        let run = check(&repo(&server, path, "some words"), &[]);
        assert_eq!(run.code, 0, "{path}: {}", run.stdout);
        assert!(
            run.stdout.contains("warning[excerpt-unverifiable]"),
            "{path}: {}",
            run.stdout
        );
        assert!(run.stdout.contains(why), "{path}: {}", run.stdout);
    }
}

#[test]
fn a_body_over_the_cap_is_unverifiable_and_the_cap_can_be_raised() {
    let server = Server::start(|_| {
        html(&format!(
            "<html><body><p>{}</p><p>the words at the end</p></body></html>",
            "filler ".repeat(3000)
        ))
    });
    let repo = repo(&server, "/long", "the words at the end");
    let run = check(&repo, &["--max-body", "8KiB"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("warning[excerpt-unverifiable]: the excerpt was not found in what was read"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("only its first 8192 bytes were read"),
        "{}",
        run.stdout
    );
    found(&check(&repo, &["--max-body", "64KiB"]));
}

#[test]
fn a_gzip_bomb_is_read_no_further_than_the_cap() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(b"<html><body><p>").unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..256 {
        gz.write_all(&zeros).unwrap(); // 256 MiB of spaces
    }
    let bomb = gz.finish().unwrap();
    let server = Server::start(move |_| {
        Reply::Full(
            200,
            vec![
                ("Content-Type", "text/html".into()),
                ("Content-Encoding", "gzip".into()),
            ],
            bomb.clone(),
        )
    });
    let run = check(&repo(&server, "/bomb", "anything"), &["--max-body", "1MiB"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // No text in the part read: that says nothing of the rest.
    assert!(
        run.stdout.contains(&format!(
            "could not be looked for on {}: the page is over the cap: only its first 1 MiB were read",
            server.url("/bomb")
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_quote_is_checked_on_its_articles_page() {
    let server = Server::start(|_| html(ARTICLE));
    let article = format!(
        "title = \"Russia writes off debt\"\noutlet = \"herald\"\nurl = \"{}\"\n",
        server.url("/article")
    );
    let repo = Repo::new()
        .file("claims/a/article.toml", article)
        .claim("good", "claim = \"x\"\nstatus = \"unverified\"\nquote = \"Russia's parliament on Friday ratified an agreement\"\n")
        .claim("bad", "claim = \"y\"\nstatus = \"unverified\"\nquote = \"Russia's parliament on Monday rejected an agreement\"\n");
    let run = check(&repo, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("error[excerpt-missing]: the article's page does not contain the quote"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("claims/a/bad.toml"), "{}", run.stdout);
    assert!(!run.stdout.contains("claims/a/good.toml"), "{}", run.stdout);
    assert_eq!(
        server.requests().len(),
        1,
        "the article's page is fetched once"
    );
}

#[test]
fn a_rewritten_page_is_noticed_even_when_the_excerpt_is_still_there() {
    let rewritten = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = rewritten.clone();
    let server = Server::start(move |_| {
        if flag.load(std::sync::atomic::Ordering::SeqCst) {
            html(&format!(
                "<html><body><p>{}</p><p>write off 90 percent</p></body></html>",
                "An entirely different story about other things. ".repeat(40)
            ))
        } else {
            html(ARTICLE)
        }
    });
    let repo = repo(&server, "/a", "write off 90 percent");
    found(&check(&repo, &[]));
    found(&check(&repo, &[]));
    rewritten.store(true, std::sync::atomic::Ordering::SeqCst);
    let run = check(&repo, &[]);
    assert_eq!(run.code, 0, "a warning: {}", run.stdout);
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    assert!(
        run.stdout.contains(&format!(
            "warning[text-changed]: the text of {} has changed substantially since {today}",
            server.url("/a")
        )),
        "{}",
        run.stdout
    );
    // Once seen, the new text is the reference.
    found(&check(&repo, &[]));
}

#[test]
fn a_dead_source_with_a_live_archive_is_a_warning() {
    let server = Server::start(|r| {
        if r.path.starts_with("/web/") {
            html("<p>archived copy</p>")
        } else {
            Reply::Status(404)
        }
    });
    let port = server.addr.port();
    let url = server.url("/gone");
    let archive = format!("http://web.archive.org:{port}/web/20140419000000/{url}");
    let claim = format!(
        "claim = \"x\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{url}\"\noutlet = \"herald\"\narchive = \"{archive}\"\n"
    );
    let repo = Repo::new().claim("x", claim);
    let run = check(
        &repo,
        &["--no-cache", "--resolve", "web.archive.org=127.0.0.1"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains(&format!("warning[dead-archived]: {url} is dead, archived: 404 Not Found; the citation stands on {archive}")), "{}", run.stdout);
    // Without an archive the same URL is an error.
    let repo = Repo::new().claim("x", format!("claim = \"x\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{url}\"\noutlet = \"herald\"\n"));
    let run = check(&repo, &["--no-cache"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[dead]"), "{}", run.stdout);
}
