//! Shared by the benchmarks: find the release binary, run it, and read its
//! wall time and peak memory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// `target/<profile>/claimtrack`, beside this example's folder, or the
/// program `CLAIMTRACK_BIN` names (a profiling build, or a script that
/// runs one under valgrind).
pub fn claimtrack_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("CLAIMTRACK_BIN") {
        return PathBuf::from(bin);
    }
    let exe = std::env::current_exe().expect("current exe");
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/examples")
        .join("claimtrack");
    assert!(
        bin.exists(),
        "{} not found: run `cargo build --release` first",
        bin.display()
    );
    bin
}

/// One run of claimtrack.
#[derive(Clone, Copy, Debug)]
pub struct Measure {
    /// Wall time, seconds.
    pub wall: f64,
    /// CPU time (user + system), seconds.
    pub cpu: f64,
    /// Peak memory (max RSS), KiB.
    pub max_rss_kib: i64,
}

/// Set in the environment of this program started again as the helper.
const HELPER: &str = "CLAIMTRACK_BENCH_HELPER";

/// Runs `bin args` once, which must succeed, and measures it with wait4,
/// so that no other process counts. It is started by a helper, this same
/// program run again (see [`helper`]): Linux carries the peak memory of
/// the process that spawns a program into the program's own (the
/// spawner's memory is its memory until `exec`), and a benchmark with
/// servers and their logs in it can be larger than what it measures.
pub fn run_once(bin: &Path, args: &[&std::ffi::OsStr]) -> Measure {
    let out = Command::new(std::env::current_exe().expect("current exe"))
        .env(HELPER, "1")
        .arg(bin)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .expect("run the measuring helper");
    let line = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<f64> = line
        .split_whitespace()
        .map(|f| f.parse().expect("the helper prints numbers"))
        .collect();
    let [wall, cpu, max_rss_kib, ok] = fields[..] else {
        panic!("the helper printed `{line}`");
    };
    if ok != 1.0 {
        let out = Command::new(bin)
            .args(args)
            .output()
            .expect("run claimtrack");
        panic!(
            "claimtrack failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Measure {
        wall,
        cpu,
        max_rss_kib: max_rss_kib as i64,
    }
}

/// Call first in a benchmark's `main`. When this program runs as the
/// measuring helper (small: nothing of the benchmark is loaded yet), it
/// runs the program its arguments name, waits for it with wait4, prints
/// its wall time, CPU time (s), peak memory (KiB) and whether it exited
/// with 0 or 1, and exits.
#[allow(clippy::zombie_processes)] // reaped by wait4, not Child::wait
pub fn helper() {
    if std::env::var_os(HELPER).is_none() {
        return;
    }
    let mut args = std::env::args_os().skip(1);
    let bin = args.next().expect("the program to measure");
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .env_remove(HELPER)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run claimtrack");
    let mut status = 0;
    // SAFETY: wait4 writes into the status and rusage we pass, nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        let pid = libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage);
        assert_eq!(pid, child.id() as libc::pid_t, "wait4 failed");
        usage
    };
    let wall = start.elapsed().as_secs_f64();
    let ok = libc::WIFEXITED(status) && matches!(libc::WEXITSTATUS(status), 0 | 1);
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    println!(
        "{wall} {} {} {}",
        secs(usage.ru_utime) + secs(usage.ru_stime),
        usage.ru_maxrss,
        u8::from(ok)
    );
    std::process::exit(0);
}

/// Runs `runs` times; prints each time, then the median, min, max, the
/// median CPU time and the peak memory. Returns the median wall time.
pub fn report(bin: &Path, args: &[&std::ffi::OsStr], runs: usize) -> f64 {
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let m = run_once(bin, args);
        times.push(m.wall);
        cpu.push(m.cpu);
        peak = peak.max(m.max_rss_kib);
        print!("{:.3} s  ", m.wall);
    }
    println!();
    times.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "median {median:.3} s, min {:.3} s, max {:.3} s; CPU (median) {:.3} s; peak memory {:.1} MB",
        times[0],
        times[times.len() - 1],
        cpu[cpu.len() / 2],
        peak as f64 / 1024.0
    );
    median
}
