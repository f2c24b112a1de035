//! The site of `report --html` in headless Chromium through ChromeDriver
//! (fantoccini): filters, search, a claim link, hostile text shown as
//! text. Compiled only with `--features browser-tests` (.ci/run turns it
//! on after installing Debian's chromium and chromium-driver), so that
//! `cargo test` passes on a machine with only Rust; with the feature and
//! without ChromeDriver it fails with the install line.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::site::{build, repo};

/// ChromeDriver on a free loopback port, stopped when dropped.
struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromedriver() -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver: install Debian's chromium and chromium-driver (.ci/run does)");
    let driver = Driver(child, port);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

async fn visible_claims(c: &fantoccini::Client) -> usize {
    let n = c
        .execute(
            "return document.querySelectorAll('li.claim:not([hidden])').length",
            vec![],
        )
        .await
        .unwrap();
    n.as_u64().unwrap() as usize
}

#[test]
fn the_site_in_headless_chromium() {
    use fantoccini::Locator;
    let repo = repo();
    let site = build(&repo);
    let driver = chromedriver();
    runtime().block_on(async {
        let profile = tempfile::tempdir().unwrap();
        let c = session(&driver, profile.path(), "1100,1300").await;
        let index = url::Url::from_file_path(site.join("index.html")).unwrap();
        c.goto(index.as_str()).await.unwrap();
        // The script ran: the filters are shown and count the claims.
        let count = c.find(Locator::Id("f-count")).await.unwrap();
        assert_eq!(count.text().await.unwrap(), "3 of 3 claims shown");
        // Every chart of the page is drawn (two small multiples, two
        // charts each of articles and credited outlets): the health
        // section is shown.
        let charts = std::fs::read_to_string(site.join("index.html")).unwrap().matches("<svg").count();
        assert_eq!(charts, 8);
        assert_eq!(drawn_charts(&c).await, 8);
        assert_eq!(axe_violations(&c).await, Vec::<String>::new());
        screenshot(&c, "report-index.png").await;

        c.find(Locator::Id("f-status")).await.unwrap().select_by_value("supported").await.unwrap();
        assert_eq!(visible_claims(&c).await, 1);
        c.find(Locator::Id("f-status")).await.unwrap().select_by_value("").await.unwrap();
        c.find(Locator::Id("f-outlet")).await.unwrap().select_by_value("washington-post").await.unwrap();
        assert_eq!(visible_claims(&c).await, 1);
        c.find(Locator::Id("f-outlet")).await.unwrap().select_by_value("").await.unwrap();
        c.find(Locator::Id("f-topic")).await.unwrap().select_by_value("economy").await.unwrap();
        assert_eq!(visible_claims(&c).await, 1);
        c.find(Locator::Id("f-topic")).await.unwrap().select_by_value("").await.unwrap();
        c.find(Locator::Id("f-credit")).await.unwrap().select_by_value("unlocated").await.unwrap();
        assert_eq!(visible_claims(&c).await, 1);
        c.find(Locator::Id("f-credit")).await.unwrap().select_by_value("").await.unwrap();
        c.find(Locator::Id("f-search")).await.unwrap().send_keys("THAAD").await.unwrap();
        assert_eq!(visible_claims(&c).await, 1);
        assert_eq!(c.find(Locator::Id("f-count")).await.unwrap().text().await.unwrap(), "1 of 3 claims shown");
        c.find(Locator::Id("f-search")).await.unwrap().send_keys(" nothing like it").await.unwrap();
        assert_eq!(visible_claims(&c).await, 0);
        assert!(c.find(Locator::Id("none")).await.unwrap().is_displayed().await.unwrap());

        // Follow a claim's link.
        c.goto(index.as_str()).await.unwrap();
        c.find(Locator::LinkText("Russia wrote off most of the debt.")).await.unwrap().click().await.unwrap();
        assert!(c.current_url().await.unwrap().as_str().ends_with("/claims/a/debt.html"));
        let h1 = c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
        assert_eq!(h1, "Russia wrote off most of the debt.");
        let sources = c.find(Locator::Css("ol")).await.unwrap().text().await.unwrap();
        assert!(sources.contains("Reuters story ok (200), checked 2026-11-20"), "{sources}");
        // The hostile claim shows its markup as text, and ran no script.
        c.goto(url::Url::from_file_path(site.join("claims/a/hostile.html")).unwrap().as_str()).await.unwrap();
        let h1 = c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
        assert_eq!(h1, "<script>alert('owned')</script> & friends");
        assert_eq!(axe_violations(&c).await, Vec::<String>::new());
        c.goto(url::Url::from_file_path(site.join("claims/a/debt.html")).unwrap().as_str()).await.unwrap();
        assert_eq!(axe_violations(&c).await, Vec::<String>::new());
        c.goto(url::Url::from_file_path(site.join("sources-without-archive.html")).unwrap().as_str()).await.unwrap();
        assert_eq!(axe_violations(&c).await, Vec::<String>::new());
        // axe does find what is wrong: an image without a text.
        c.execute("var i = document.createElement('img'); i.src = 'data:,'; document.querySelector('main').appendChild(i); return true;", vec![]).await.unwrap();
        let found = axe_violations(&c).await;
        assert!(found.len() == 1 && found[0].starts_with("image-alt: "), "{found:?}");
        c.close().await.unwrap();
    });
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A headless Chromium session with a fresh profile in `profile` and a
/// window of `size` ("W,H").
async fn session(driver: &Driver, profile: &Path, size: &str) -> fantoccini::Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", format!("--window-size={size}"),
                     format!("--user-data-dir={}", profile.display())]
        }),
    );
    fantoccini::ClientBuilder::rustls()
        .unwrap()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .expect("a Chromium session")
}

/// The report of the repository's own claims: every chart that needs no
/// result store drawn, the others saying "not checked yet" (no network
/// here to check them), nothing axe-core objects to. Its screenshot is
/// docs/report.png, written with `UPDATE_DOCS=1`.
#[test]
fn the_report_of_the_repositorys_own_claims() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = crate::support::run_in(
        crate::support::project_root(),
        &[
            "report",
            "--html",
            site.to_str().unwrap(),
            "--cache",
            out.path().join("none").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let driver = chromedriver();
    runtime().block_on(async {
        let profile = tempfile::tempdir().unwrap();
        let c = session(&driver, profile.path(), "1100,2200").await;
        let index = url::Url::from_file_path(site.join("index.html")).unwrap();
        c.goto(index.as_str()).await.unwrap();
        assert_eq!(
            drawn_charts(&c).await,
            4,
            "claims by article and by credited outlet, each by status and by credit"
        );
        let text = c
            .find(fantoccini::Locator::Id("rot-by-year"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(text.contains("Not checked yet"), "{text}");
        assert_eq!(axe_violations(&c).await, Vec::<String>::new());
        screenshot(&c, "report.png").await;
        if std::env::var_os("UPDATE_DOCS").is_some() {
            let png = c.screenshot().await.unwrap();
            std::fs::write(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.png"),
                png,
            )
            .unwrap();
        }
        c.close().await.unwrap();
    });
}

/// How many charts (`svg` in the health section) the browser drew with
/// a size: none is hidden, none collapsed.
async fn drawn_charts(c: &fantoccini::Client) -> u64 {
    c.execute(
        "return Array.from(document.querySelectorAll('section.health svg')).filter(function (s) { var r = s.getBoundingClientRect(); return r.width > 100 && r.height > 40; }).length",
        vec![],
    )
    .await
    .unwrap()
    .as_u64()
    .unwrap()
}

/// What axe-core (npm, installed by .ci/run and named in `AXE_CORE`)
/// finds wrong with the page the browser is on: a line per violation.
async fn axe_violations(c: &fantoccini::Client) -> Vec<String> {
    let path = std::env::var_os("AXE_CORE").expect("AXE_CORE names axe.min.js (see .ci/run)");
    let axe = std::fs::read_to_string(path).unwrap();
    c.execute(&format!("{axe}\nreturn true;"), vec![])
        .await
        .unwrap();
    let found = c
        .execute_async(
            "var done = arguments[arguments.length - 1];
             axe.run(document).then(function (r) {
               done(r.violations.map(function (v) {
                 return v.id + ': ' + v.help + ' at ' + v.nodes.map(function (n) { return n.target.join(' '); }).join(', ');
               }));
             }, function (e) { done(['axe failed: ' + e]); });",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// A screenshot for people, in target/.
async fn screenshot(c: &fantoccini::Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join(name), png).unwrap();
}
