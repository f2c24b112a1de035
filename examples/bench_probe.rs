//! Benchmark of `claimtrack check` probing URLs.
//!
//!     cargo build --release && cargo run --release --example bench_probe
//!
//! Starts 20 HTTP servers on 127.0.0.1–127.0.0.20 (random ports), each
//! answering every request after 100 ms; writes claims citing 2,000
//! distinct URLs spread evenly over them; runs the release binary with
//! `--per-host 10 --concurrency 200 --allow-loopback --no-cache` RUNS times
//! (default 5). The floor is 2000 / (20 × 10) × 0.1 s = 1.0 s. Prints each
//! run's wall time, the median, the median CPU time and the peak memory
//! of the claimtrack process. With `LYCHEE=PATH` it then runs that lychee
//! binary the same way on the same URLs (`--max-concurrency 200
//! --host-concurrency 10 --max-retries 0`). Arguments: `[URLS] [RUNS]`.

#[path = "support/measure.rs"]
#[allow(dead_code)] // each benchmark uses part of it
mod measure;
#[path = "../tests/it/server.rs"]
#[allow(dead_code)]
mod server;

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use server::{Reply, Server};

const HOSTS: u8 = 20;
const PER_HOST: usize = 10;
const DELAY: Duration = Duration::from_millis(100);

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("arguments are numbers"))
        .collect();
    let urls = args.first().copied().unwrap_or(2000);
    let runs = args.get(1).copied().unwrap_or(5);

    let bin = measure::claimtrack_binary();

    let servers: Vec<Server> = (1..=HOSTS)
        .map(|i| {
            Server::start_on(IpAddr::V4(Ipv4Addr::new(127, 0, 0, i)), |_| {
                Reply::After(DELAY, Box::new(Reply::Status(200)))
            })
        })
        .collect();

    let dir = tempfile::tempdir().expect("temp dir");
    let claims = dir.path().join("claims");
    std::fs::create_dir_all(claims.join("bench")).unwrap();
    std::fs::write(claims.join("outlets.toml"), "[local]\nname = \"Local\"\n").unwrap();
    std::fs::write(
        claims.join("bench/article.toml"),
        "title = \"Bench\"\noutlet = \"local\"\n",
    )
    .unwrap();
    let per_claim = 10;
    for c in 0..urls.div_ceil(per_claim) {
        let mut text = format!("claim = \"Claim {c}.\"\nstatus = \"unverified\"\n");
        for s in 0..per_claim {
            let n = c * per_claim + s;
            if n >= urls {
                break;
            }
            let server = &servers[n % servers.len()];
            writeln!(
                text,
                "\n[[sources]]\nurl = \"{}\"\noutlet = \"local\"",
                server.url(&format!("/page/{n}"))
            )
            .unwrap();
        }
        std::fs::write(claims.join(format!("bench/claim-{c:04}.toml")), text).unwrap();
    }
    let floor = urls as f64 / (f64::from(HOSTS) * PER_HOST as f64) * DELAY.as_secs_f64();
    println!(
        "{urls} urls over {HOSTS} loopback hosts, {} ms each, per-host {PER_HOST}: floor {floor:.2} s ({runs} runs)",
        DELAY.as_millis()
    );

    let args: Vec<&OsStr> = [
        "check",
        "--allow-loopback",
        "--no-cache",
        "--per-host",
        "10",
        "--concurrency",
        "200",
        "--root",
    ]
    .iter()
    .map(OsStr::new)
    .chain([dir.path().as_os_str()])
    .collect();
    let median = measure::report(&bin, &args, runs);
    let requests: usize = servers.iter().map(|s| s.requests().len()).sum();
    let max_in_flight = servers.iter().map(Server::max_in_flight).max().unwrap_or(0);
    println!(
        "{:+.0}% over the floor; {requests} requests, at most {max_in_flight} in flight on one host",
        (median / floor - 1.0) * 100.0
    );

    // The peer tool on the same servers and URLs, with the same limits.
    if let Some(lychee) = std::env::var_os("LYCHEE") {
        let list = dir.path().join("urls.txt");
        let all: Vec<String> = (0..urls)
            .map(|n| servers[n % servers.len()].url(&format!("/page/{n}")))
            .collect();
        std::fs::write(&list, all.join("\n")).unwrap();
        let args: Vec<&OsStr> = [
            "--no-progress",
            "--max-concurrency",
            "200",
            "--host-concurrency",
            "10",
            "--max-retries",
            "0",
        ]
        .iter()
        .map(OsStr::new)
        .chain([list.as_os_str()])
        .collect();
        println!(
            "lychee ({}), the same URLs and servers:",
            lychee.to_string_lossy()
        );
        let median = measure::report(std::path::Path::new(&lychee), &args, runs);
        let after: usize = servers.iter().map(|s| s.requests().len()).sum();
        println!(
            "{:+.0}% over the floor; {} requests",
            (median / floor - 1.0) * 100.0,
            after - requests
        );
    }
}
