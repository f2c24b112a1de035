//! Benchmark of `claimtrack check --offline` on a generated claim set.
//!
//!     cargo build --release && cargo run --release --example bench_check
//!
//! Writes ARTICLES × CLAIMS_PER_ARTICLE valid claim files (default 500 × 20
//! = 10,000) to a temporary folder, runs the release binary on them RUNS
//! times (default 10), and prints the wall time of each run, their median
//! and the peak memory (max RSS) of the child processes; then the same
//! for `report --html` of those claims. Arguments:
//! `[ARTICLES] [CLAIMS_PER_ARTICLE] [RUNS]`.

#[path = "support/measure.rs"]
#[allow(dead_code)] // each benchmark uses part of it
mod measure;

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

const OUTLETS: &[(&str, &str, &str)] = &[
    ("reuters", "Reuters", "reuters.com"),
    ("al-jazeera", "Al Jazeera", "aljazeera.com"),
    (
        "washington-post",
        "The Washington Post",
        "washingtonpost.com",
    ),
    ("wikipedia", "Wikipedia", "wikipedia.org"),
    ("peoples-daily", "People's Daily Online", "people.cn"),
    ("moscow-times", "The Moscow Times", "themoscowtimes.com"),
];

fn generate(root: &Path, articles: usize, per_article: usize) -> std::io::Result<()> {
    let claims = root.join("claims");
    std::fs::create_dir_all(&claims)?;
    let mut outlets = String::new();
    for (id, name, domain) in OUTLETS {
        writeln!(
            outlets,
            "[{id}]\nname = \"{name}\"\ndomains = [\"{domain}\"]\n"
        )
        .unwrap();
    }
    std::fs::write(claims.join("outlets.toml"), outlets)?;
    let mut urls = Vec::new();
    for a in 0..articles {
        let dir = claims.join(format!("article-{a:04}"));
        std::fs::create_dir_all(&dir)?;
        let (outlet, _, domain) = OUTLETS[a % OUTLETS.len()];
        std::fs::write(
            dir.join("article.toml"),
            format!(
                "title = \"Generated article {a}\"\noutlet = \"{outlet}\"\nurl = \"https://www.{domain}/{a}\"\npublished = 2020-01-01\nsection = \"World\"\n"
            ),
        )?;
        for c in 0..per_article {
            let (credited, _, credited_domain) = OUTLETS[(a + c) % OUTLETS.len()];
            let mut text = format!(
                "# Generated claim {c} of article {a}.\n\
                 claim = \"Generated claim number {c} of article {a}, one sentence of our own.\"\n\
                 quote = \"The article's own words for claim {c}, quoted verbatim, according to {credited}.\"\n\
                 attributed_to = \"{credited}\"\n\
                 attribution = \"according to {credited}\"\n\
                 status = \"supported\"\n\
                 note = \"A note a reviewer should read: nuance, and what was not found.\"\n\
                 topics = [\"economy\", \"diplomacy\"]\n"
            );
            for s in 0..(1 + c % 3) {
                let (_, _, domain) = if s == 0 {
                    ("", "", credited_domain)
                } else {
                    OUTLETS[(a + c + s) % OUTLETS.len()]
                };
                let url = format!("https://www.{domain}/article/{a}/{c}/{s}");
                let year = 2010 + (a + c + s) % 16;
                write!(
                    text,
                    "\n[[sources]]\nurl = \"{url}\"\ntitle = \"Source {s}\"\npublished = {year}-12-31\naccessed = 2026-01-15\n"
                )
                .unwrap();
                // One claim in seven has sources without an archive.
                if (a + c) % 7 != 0 {
                    writeln!(
                        text,
                        "archive = \"https://web.archive.org/web/20260115000000/{url}\""
                    )
                    .unwrap();
                }
                urls.push(url);
            }
            std::fs::write(dir.join(format!("claim-{c:03}.toml")), text)?;
        }
    }
    store(root, &urls)
}

/// A result store for `urls`, as months of checks would leave it: most
/// ok, some dead (failing on three days), blocked, redirected or timing
/// out. Written in the JSON format of earlier versions, which claimtrack
/// converts when it first opens it.
fn store(root: &Path, urls: &[String]) -> std::io::Result<()> {
    let mut entries = serde_json::Map::new();
    for (i, url) in urls.iter().enumerate() {
        let day = format!("2026-{:02}-{:02}T06:00:00Z", 9 + i % 3, 1 + i % 28);
        let (state, status, failures) = match i % 20 {
            0 | 1 => (
                "dead",
                404,
                vec![
                    "2026-10-01T06:00:00Z",
                    "2026-10-15T06:00:00Z",
                    "2026-11-01T06:00:00Z",
                ],
            ),
            2 => ("blocked", 403, vec![]),
            3 => ("redirected", 301, vec![]),
            4 => ("timeout", 0, vec!["2026-11-01T06:00:00Z"]),
            _ => ("ok", 200, vec![]),
        };
        let checked = failures.last().map_or(day.clone(), |d| d.to_string());
        entries.insert(
            url.clone(),
            serde_json::json!({
                "checked": checked, "state": state, "status": (status > 0).then_some(status),
                "detail": state, "new_url": null, "last_ok": null, "failures": failures,
            }),
        );
    }
    let doc = serde_json::json!({"format": "claimtrack-results", "version": 1, "entries": entries});
    std::fs::create_dir_all(root.join(".claimtrack"))?;
    std::fs::write(root.join(".claimtrack/cache"), doc.to_string())
}

fn main() {
    measure::helper();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--generate") {
        // The child that writes the files: kept out of the measuring
        // process, whose memory a spawned child would otherwise inherit
        // in its peak-memory figure.
        let n = |i: usize| args[i].parse::<usize>().expect("a number");
        generate(Path::new(&args[1]), n(2), n(3)).expect("generate claims");
        return;
    }
    let keep = std::env::var_os("BENCH_KEEP");
    args.truncate(3);
    let args: Vec<usize> = args
        .iter()
        .map(|a| a.parse().expect("arguments are numbers"))
        .collect();
    let articles = args.first().copied().unwrap_or(500);
    let per_article = args.get(1).copied().unwrap_or(20);
    let runs = args.get(2).copied().unwrap_or(10);

    let exe = std::env::current_exe().expect("current exe");
    let bin = measure::claimtrack_binary();
    let tmp = tempfile::tempdir().expect("temp dir");
    // BENCH_KEEP=DIR writes the claims there and keeps them, for other
    // tools (hyperfine, /usr/bin/time).
    let root = keep.map_or_else(|| tmp.path().to_path_buf(), std::path::PathBuf::from);
    let status = Command::new(&exe)
        .arg("--generate")
        .arg(&root)
        .args([articles.to_string(), per_article.to_string()])
        .status()
        .expect("generate claims");
    assert!(status.success(), "generating the claims failed");
    println!(
        "{} claim files in {articles} articles, {} ({runs} runs)",
        articles * per_article,
        bin.display()
    );

    let args: Vec<&OsStr> = ["check", "--offline", "--root"]
        .iter()
        .map(OsStr::new)
        .chain([root.as_os_str()])
        .collect();
    measure::report(&bin, &args, runs);

    // The site of the same claims, written over the previous run's (as a
    // site is republished on every merge), with the result store's states
    // and charts; the store converted from JSON first, untimed.
    let converted = Command::new(&bin)
        .args(["store", "show", "--root"])
        .arg(&root)
        .output()
        .expect("store show");
    assert!(converted.status.success(), "store show failed");
    let site = root.join("site");
    let args: Vec<&OsStr> = [OsStr::new("report"), OsStr::new("--root")]
        .into_iter()
        .chain([root.as_os_str(), OsStr::new("--html"), site.as_os_str()])
        .collect();
    println!("report --html of the same claims:");
    measure::report(&bin, &args, runs);
}
