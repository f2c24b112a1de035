//! Benchmark of excerpt checking: the CPU it adds to a `check` run.
//!
//!     cargo build --release && cargo run --release --example bench_excerpts
//!
//! A loopback server serves PAGES (default 500) HTML pages of about 200 KB
//! each. Three claim sets cite them: one with an `excerpt` per source
//! (found near the end of each page, so every page is fetched whole,
//! decoded, stripped of markup, normalised and searched), one with an
//! excerpt that is not on the page (one word changed: the closest passage
//! is looked for and shown), one without (the pages are only probed). Each
//! is checked RUNS times (default 5) with `--no-cache`; the differences of
//! the median CPU times (user + system of the claimtrack process) are what
//! excerpt checking costs, and what excerpts that are not found cost on top
//! of found ones. Arguments: `[PAGES] [RUNS]`.

#[path = "support/measure.rs"]
#[allow(dead_code)] // each benchmark uses part of it
mod measure;
#[path = "../tests/it/server.rs"]
#[allow(dead_code)]
mod server;

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use server::{Reply, Server};

fn page(n: usize) -> Vec<u8> {
    let mut html = String::from(
        "<!doctype html><html><head><title>Story</title><style>p{margin:0}</style>\
        <script>window.analytics = {\"a\": [1, 2, 3]};</script></head><body><nav><a href=\"/\">Home</a></nav><article>",
    );
    let mut i = 0;
    while html.len() < 200 * 1024 {
        writeln!(
            html,
            "<p>Paragraph {i} of story {n}: officials in Moscow said on Friday that the agreement &ndash; \
             signed in <em>September</em> &amp; ratified in April &ndash; would &ldquo;open new doors&rdquo; \
             for trade, energy and infrastructure.</p>"
        )
        .unwrap();
        i += 1;
    }
    write!(
        html,
        "<p>The closing line of story {n} carries the excerpt.</p></article></body></html>"
    )
    .unwrap();
    html.into_bytes()
}

/// Whether each source has an excerpt, and whether it is on the page.
#[derive(Clone, Copy, PartialEq)]
enum Excerpts {
    Found,
    Missing,
    None,
}

fn claims(root: &Path, server: std::net::SocketAddr, pages: usize, excerpts: Excerpts) {
    let dir = root.join("claims/bench");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        root.join("claims/outlets.toml"),
        "[local]\nname = \"Local\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("article.toml"),
        "title = \"Bench\"\noutlet = \"local\"\n",
    )
    .unwrap();
    for n in 0..pages {
        let mut text = format!(
            "claim = \"Claim {n}.\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"http://{server}/story/{n}\"\noutlet = \"local\"\n"
        );
        let word = match excerpts {
            Excerpts::Found => "carries",
            Excerpts::Missing => "holds",
            Excerpts::None => "",
        };
        if excerpts != Excerpts::None {
            writeln!(
                text,
                "excerpt = \"The closing line of story {n} {word} the excerpt.\""
            )
            .unwrap();
        }
        std::fs::write(dir.join(format!("claim-{n:04}.toml")), text).unwrap();
    }
}

/// The server, in a process of its own: the pages it holds must not count
/// in the measured process's memory (a child starts with its parent's).
fn serve(pages: usize) {
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new((0..pages).map(page).collect());
    let size = bodies.iter().map(Vec::len).sum::<usize>() / pages;
    let server = Server::start(move |r| {
        let n: usize = r
            .path
            .rsplit('/')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let body = if r.method == "HEAD" {
            Vec::new()
        } else {
            bodies[n % bodies.len()].clone()
        };
        Reply::Full(
            200,
            vec![("Content-Type", "text/html; charset=utf-8".into())],
            body,
        )
    });
    println!("{} {size}", server.addr);
    // Serve until the parent closes standard input.
    let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
}

fn main() {
    measure::helper();
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.first().map(String::as_str) == Some("--serve") {
        serve(raw[1].parse().expect("a number"));
        return;
    }
    let args: Vec<usize> = raw
        .iter()
        .map(|a| a.parse().expect("arguments are numbers"))
        .collect();
    let pages = args.first().copied().unwrap_or(500);
    let runs = args.get(1).copied().unwrap_or(5);
    let bin = measure::claimtrack_binary();

    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--serve", &pages.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the server");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let mut parts = line.split_whitespace();
    let addr: std::net::SocketAddr = parts.next().unwrap().parse().unwrap();
    let size: usize = parts.next().unwrap().parse().unwrap();
    let with = tempfile::tempdir().unwrap();
    let missing = tempfile::tempdir().unwrap();
    let without = tempfile::tempdir().unwrap();
    claims(with.path(), addr, pages, Excerpts::Found);
    claims(missing.path(), addr, pages, Excerpts::Missing);
    claims(without.path(), addr, pages, Excerpts::None);
    println!(
        "{pages} pages of {} KB on a loopback server ({runs} runs each)",
        size / 1024
    );

    let sets = [
        ("found", &with),
        ("not found", &missing),
        ("no excerpts", &without),
    ];
    // Runs of the three sets take turns, so that the machine's drift
    // (shared, noisy) falls on each alike.
    let mut measures: Vec<Vec<measure::Measure>> = vec![Vec::new(); sets.len()];
    for _ in 0..runs {
        for (i, (_, dir)) in sets.iter().enumerate() {
            let args: Vec<&OsStr> = [
                "check",
                "--allow-loopback",
                "--no-cache",
                "--per-host",
                "64",
                "--root",
            ]
            .iter()
            .map(OsStr::new)
            .chain([dir.path().as_os_str()])
            .collect();
            measures[i].push(measure::run_once(&bin, &args));
        }
    }
    let mut median_cpu = Vec::new();
    for ((name, _), runs) in sets.iter().zip(&measures) {
        let median = |f: fn(&measure::Measure) -> f64| {
            let mut v: Vec<f64> = runs.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let peak = runs.iter().map(|m| m.max_rss_kib).max().unwrap_or(0);
        println!(
            "{name:>11}: median CPU {:.3} s, median wall {:.3} s, peak memory {:.1} MB",
            median(|m| m.cpu),
            median(|m| m.wall),
            peak as f64 / 1024.0
        );
        median_cpu.push(median(|m| m.cpu));
    }
    println!(
        "excerpt checking adds {:.3} s of CPU; {pages} excerpts not found add {:.3} s over found ones ({:.3} s over none)",
        median_cpu[0] - median_cpu[2],
        median_cpu[1] - median_cpu[0],
        median_cpu[1] - median_cpu[2]
    );
    drop(child.stdin.take());
    let _ = child.wait();
}
