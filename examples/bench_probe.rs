//! Benchmark of `claimtrack check` probing URLs.
//!
//!     cargo build --release && cargo run --release --example bench_probe
//!
//! Starts HOSTS HTTP servers on 127.0.0.1, 127.0.0.2… 127.0.0.254,
//! 127.0.1.1… (random ports; default 20; they share one two-thread
//! runtime), each answering every request after DELAY_MS (default 100);
//! writes claims citing URLS distinct URLs (default 2,000) spread evenly
//! over them; runs the release binary with `--per-host PER_HOST` (default
//! 10) `--concurrency 200` (or `CONCURRENCY`) `--allow-loopback
//! --no-cache` RUNS times (default 5). The floor is the number of waves
//! of requests (as many at once as per-host and concurrency allow) times
//! the delay: 2000 / 200 × 0.1 s = 1.0 s by default. Prints each run's
//! wall time, the median, the median CPU time and the peak memory of the
//! claimtrack process. With `LYCHEE=PATH` it then runs that lychee binary
//! the same way on the same URLs (`--max-concurrency` as claimtrack's,
//! `--host-concurrency PER_HOST --max-retries 0
//! --host-request-interval 0ms`).
//! Arguments: `[URLS] [RUNS] [HOSTS] [DELAY_MS] [PER_HOST]`; issue 15's
//! rows are `2000 5 20 100 10`, `10000 5 50 20 4` and
//! `100000 3 1000 10 4`.
//!
//! With `WARM=1` the runs use a result store instead of `--no-cache`: one
//! run fills it (timed and printed on its own), then the RUNS runs find
//! every result fresh there and send nothing: the warm run of CI. lychee
//! then runs with `--cache --max-cache-age 1d` the same way.
//!
//! With `REFERENCE=1` a minimal client in this process first runs on the
//! same servers and URLs (RUNS times): the floor the servers themselves
//! allow. With `TIMELINE=N` N more runs of claimtrack (1 if N is not a
//! number) are each taken apart from the servers' logs: when its first
//! request came, when its last, how long it took to exit after that, and
//! each slot's turnaround. With
//! `BENCH_KEEP=1` the claims (and the store) are kept, and their folder
//! printed.

#[path = "support/measure.rs"]
#[allow(dead_code)] // each benchmark uses part of it
mod measure;
#[path = "../tests/it/server.rs"]
#[allow(dead_code)]
mod server;

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use server::{Reply, Server};

fn main() {
    measure::helper();
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("arguments are numbers"))
        .collect();
    let urls = args.first().copied().unwrap_or(2000);
    let runs = args.get(1).copied().unwrap_or(5);
    let hosts = args.get(2).copied().unwrap_or(20);
    assert!((1..=254 * 256).contains(&hosts), "1 to 65,024 hosts");
    let delay = Duration::from_millis(args.get(3).copied().unwrap_or(100) as u64);
    let per_host = args.get(4).copied().unwrap_or(10);
    let per_host_arg = per_host.to_string();
    // `CONCURRENCY` (default 200) caps the requests in flight for both
    // tools.
    let concurrency: usize = std::env::var("CONCURRENCY")
        .ok()
        .map_or(200, |c| c.parse().expect("CONCURRENCY is a number"));
    let concurrency_arg = concurrency.to_string();

    let bin = measure::claimtrack_binary();

    let ip = |i: usize| IpAddr::V4(Ipv4Addr::new(127, 0, (i / 254) as u8, (i % 254) as u8 + 1));
    let servers = Server::start_many((0..hosts).map(ip), 2, move |_| {
        Reply::After(delay, Box::new(Reply::Status(200)))
    });

    let dir = tempfile::tempdir().expect("temp dir");
    // BENCH_KEEP=1 keeps the claims (and with WARM=1 the store) for other
    // tools: a warm run sends nothing, so it needs no servers.
    if std::env::var_os("BENCH_KEEP").is_some() {
        println!("kept: {}", dir.path().display());
    }
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
    // Waves of requests: as many at once as both caps allow.
    let at_once = (hosts * per_host).min(concurrency);
    let floor = urls.div_ceil(at_once) as f64 * delay.as_secs_f64();
    println!(
        "{urls} urls over {hosts} loopback hosts, {} ms each, per-host {per_host}: floor {floor:.2} s ({runs} runs)",
        delay.as_millis()
    );

    let warm = std::env::var_os("WARM").is_some();
    let store = dir.path().join("store");
    let cache: Vec<&OsStr> = if warm {
        vec![OsStr::new("--cache"), store.as_os_str()]
    } else {
        vec![OsStr::new("--no-cache")]
    };
    let flags = [
        "check",
        "--allow-loopback",
        "--per-host",
        per_host_arg.as_str(),
        "--concurrency",
        concurrency_arg.as_str(),
        "--root",
    ];
    let args: Vec<&OsStr> = flags
        .iter()
        .map(OsStr::new)
        .chain([dir.path().as_os_str()])
        .chain(cache)
        .collect();
    if warm {
        println!("filling the result store:");
        measure::report(&bin, &args, 1);
        let sent: usize = servers.iter().map(|s| s.requests().len()).sum();
        println!("warm runs, every result fresh in the store ({sent} requests so far):");
    }
    let timed = std::env::var_os("TIMELINE").is_some();
    if std::env::var_os("REFERENCE").is_some() {
        let mut walls = Vec::new();
        for _ in 0..runs.max(1) {
            let before = logged(&servers);
            let start = Instant::now();
            reference(&servers, urls, per_host, concurrency);
            let end = Instant::now();
            walls.push((end - start).as_secs_f64());
            if timed {
                println!("reference client: {:.3} s", walls[walls.len() - 1]);
                timeline(&servers, &before, (start, end), per_host, delay);
            }
        }
        walls.sort_by(f64::total_cmp);
        println!(
            "reference client: median {:.3} s, min {:.3} s",
            walls[walls.len() / 2],
            walls[0]
        );
    }
    let timed_runs: usize = std::env::var("TIMELINE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    for _ in 0..if timed { timed_runs } else { 0 } {
        let before = logged(&servers);
        let start = Instant::now();
        let m = measure::run_once(&bin, &args);
        let end = start + Duration::from_secs_f64(m.wall);
        println!("claimtrack: {:.3} s, CPU {:.3} s", m.wall, m.cpu);
        timeline(&servers, &before, (start, end), per_host, delay);
    }
    let before: usize = logged(&servers).iter().sum();
    let median = measure::report(&bin, &args, runs);
    let requests: usize = logged(&servers).iter().sum::<usize>() - before;
    let max_in_flight = servers.iter().map(Server::max_in_flight).max().unwrap_or(0);
    // Over the floor; with instant answers (no floor), the request rate,
    // which is a lower bound on the servers' own ceiling.
    let pace = |median: f64| {
        if warm {
            "warm".to_string()
        } else if floor > 0.0 {
            format!("{:+.0}% over the floor", (median / floor - 1.0) * 100.0)
        } else {
            format!("{:.0} requests/s", urls as f64 / median)
        }
    };
    println!(
        "{}; {requests} requests, at most {max_in_flight} in flight on one host",
        pace(median)
    );

    // The peer tool on the same servers and URLs, with the same limits.
    if let Some(lychee) = std::env::var_os("LYCHEE") {
        let list = dir.path().join("urls.txt");
        let all: Vec<String> = (0..urls)
            .map(|n| servers[n % servers.len()].url(&format!("/page/{n}")))
            .collect();
        std::fs::write(&list, all.join("\n")).unwrap();
        let flags = [
            "--no-progress",
            "--max-concurrency",
            concurrency_arg.as_str(),
            "--host-concurrency",
            per_host_arg.as_str(),
            "--max-retries",
            "0",
            // lychee waits 50 ms between requests to a host by default
            // (5 s here); the comparison is of the clients, not the
            // waits.
            "--host-request-interval",
            "0ms",
        ];
        // Warm: lychee's own cache (.lycheecache in the working folder,
        // the temporary one), filled by a first run.
        let cache = if warm {
            vec!["--cache", "--max-cache-age", "1d"]
        } else {
            vec![]
        };
        std::env::set_current_dir(dir.path()).unwrap();
        let args: Vec<&OsStr> = flags
            .iter()
            .chain(&cache)
            .map(OsStr::new)
            .chain([list.as_os_str()])
            .collect();
        let lychee = std::path::PathBuf::from(lychee);
        if warm {
            println!("lychee filling its cache:");
            measure::report(&lychee, &args, 1);
        }
        println!("lychee ({}), the same URLs and servers:", lychee.display());
        let median = measure::report(&lychee, &args, runs);
        let after: usize = logged(&servers).iter().sum();
        println!("{}; {} requests", pace(median), after - before - requests);
    }
    if std::env::var_os("BENCH_KEEP").is_some() {
        let _ = dir.keep();
    }
}

/// Where one run's time went, from the servers' logs (the requests they
/// got after `before`, counted per server): how long the client took to
/// send its first request, how far apart the first wave's requests came,
/// when the last one came and how long after it the run ended, and the
/// turnaround of each slot (the time between two requests on one host
/// `per_host` apart, less the servers' delay). For claimtrack, `run`
/// starts before the measuring helper does, about a millisecond early,
/// and ends that much early too (its wall is the helper's reading).
fn timeline(
    servers: &[Server],
    before: &[usize],
    run: (Instant, Instant),
    per_host: usize,
    delay: Duration,
) {
    let (start, end) = run;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut all: Vec<Instant> = Vec::new();
    let mut turns: Vec<f64> = Vec::new();
    for (s, &skip) in servers.iter().zip(before) {
        let mut at: Vec<Instant> = s.requests()[skip..].iter().map(|r| r.at).collect();
        at.sort();
        for w in at.windows(per_host + 1) {
            turns.push(ms(w[per_host] - w[0]) - ms(delay));
        }
        all.extend(at);
    }
    all.sort();
    turns.sort_by(f64::total_cmp);
    let (first, last) = (all[0], all[all.len() - 1]);
    let wave = all[(servers.len() * per_host).min(all.len()) - 1];
    let q = |p: f64| turns[((turns.len() - 1) as f64 * p) as usize];
    println!(
        "  first request at {:.1} ms, the first wave's last {:.1} ms after it; last request at {:.1} ms, the end {:.1} ms after it",
        ms(first - start),
        ms(wave - first),
        ms(last - start),
        ms(end - last)
    );
    println!(
        "  turnaround per slot (ms): p10 {:.2}, p50 {:.2}, p90 {:.2}, p99 {:.2}, max {:.2}",
        q(0.1),
        q(0.5),
        q(0.9),
        q(0.99),
        q(1.0)
    );
}

/// The requests each server has logged so far.
fn logged(servers: &[Server]) -> Vec<usize> {
    servers.iter().map(|s| s.requests().len()).collect()
}

/// The floor the servers themselves allow: a minimal client in this
/// process (its own two-thread runtime) with `per_host` keep-alive
/// connections to each server, each sending HEAD requests one after
/// another, at most `concurrency` in flight in all, and reading each
/// answer only to the end of its head. No parsing, no politeness, no
/// results: what it takes over the arithmetic floor is the servers' own
/// time and the loopback's.
fn reference(servers: &[Server], urls: usize, per_host: usize, concurrency: usize) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("reference runtime");
    runtime.block_on(async {
        let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency));
        let mut tasks = tokio::task::JoinSet::new();
        for (h, server) in servers.iter().enumerate() {
            let addr = server.url("").trim_start_matches("http://").to_string();
            // This host's URLs, dealt to its connections in turn.
            let mine: Vec<usize> = (h..urls).step_by(servers.len()).collect();
            for c in 0..per_host {
                let paths: Vec<usize> = mine.iter().copied().skip(c).step_by(per_host).collect();
                let addr = addr.clone();
                let slots = slots.clone();
                tasks.spawn(async move {
                    let mut stream = tokio::net::TcpStream::connect(&addr)
                        .await
                        .expect("connect");
                    stream.set_nodelay(true).expect("nodelay");
                    let mut buf = Vec::with_capacity(1024);
                    for n in paths {
                        let _slot = slots.acquire().await.expect("never closed");
                        let head = format!("HEAD /page/{n} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
                        stream.write_all(head.as_bytes()).await.expect("write");
                        buf.clear();
                        while !buf.ends_with(b"\r\n\r\n") {
                            let mut chunk = [0u8; 512];
                            let k = stream.read(&mut chunk).await.expect("read");
                            assert!(k > 0, "the server closed the connection");
                            buf.extend_from_slice(&chunk[..k]);
                        }
                    }
                });
            }
        }
        while let Some(t) = tasks.join_next().await {
            t.expect("a reference connection");
        }
    });
}
