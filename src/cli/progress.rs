//! Progress of a long run, on standard error: on a terminal a bar (done
//! and total, the rate, the time left); in CI (the `CI` variable set, as
//! GitHub Actions, GitLab CI and most others do), where a bar would only
//! fill the log, a line when the run starts, one every five seconds and
//! one at the end; nothing otherwise, so that output stays clean.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::check::Progress;

/// How often a line is printed in CI.
const EVERY: Duration = Duration::from_secs(5);

pub(super) struct ProgressBar {
    bar: indicatif::ProgressBar,
    talk: super::settings::Talk,
    doing: String,
    what: String,
    /// Set in CI when the run starts.
    lines: Mutex<Option<Lines>>,
}

struct Lines {
    started: Instant,
    last: Instant,
    done: usize,
    total: usize,
}

impl ProgressBar {
    /// Probing URLs.
    pub(super) fn new(talk: super::settings::Talk) -> ProgressBar {
        ProgressBar::counting("probing", "urls", talk)
    }

    /// Doing something to `what` (plural).
    pub(super) fn counting(doing: &str, what: &str, talk: super::settings::Talk) -> ProgressBar {
        ProgressBar {
            bar: indicatif::ProgressBar::hidden(),
            talk,
            doing: doing.to_string(),
            what: what.to_string(),
            lines: Mutex::new(None),
        }
    }

    /// "probing 1200/2000 urls, 240/s, about 3 s left", or when
    /// `finished`, "probing 2000/2000 urls in 8.3 s".
    fn line(&self, l: &Lines, now: Instant, finished: bool) -> String {
        let secs = now.duration_since(l.started).as_secs_f64();
        let rate = if secs > 0.0 {
            l.done as f64 / secs
        } else {
            0.0
        };
        let mut line = format!("{} {}/{} {}", self.doing, l.done, l.total, self.what);
        if finished {
            line.push_str(&format!(" in {secs:.1} s"));
        } else if rate > 0.0 {
            let left = (l.total - l.done) as f64 / rate;
            line.push_str(&format!(", {rate:.0}/s, about {left:.0} s left"));
        }
        line
    }
}

/// Whether the run is in CI: `CI` set to anything but empty, `0` or
/// `false`.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

impl Progress for ProgressBar {
    fn start(&self, total: usize) {
        if !self.talk.progress {
            return;
        }
        if std::io::stderr().is_terminal() {
            let template = format!(
                "{{spinner}} {} {{pos}}/{{len}} {} ({{per_sec}}, {{eta}} left) {{wide_msg}}",
                self.doing, self.what
            );
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.bar.set_length(total as u64);
            self.bar.set_style(
                indicatif::ProgressStyle::with_template(&template).expect("a valid template"),
            );
            self.bar.enable_steady_tick(Duration::from_millis(120));
        } else if in_ci() && total > 0 {
            let now = Instant::now();
            let l = Lines {
                started: now,
                last: now,
                done: 0,
                total,
            };
            eprintln!("{}", self.line(&l, now, false));
            *self.lines.lock().expect("not poisoned") = Some(l);
        }
    }

    fn done(&self, item: &str, how: &str) {
        if self.talk.verbose {
            let line = crate::escape::terminal_line(&format!("{how}  {item}")).into_owned();
            // Above the bar on a terminal; the bar is hidden otherwise.
            self.bar.suspend(|| eprintln!("{line}"));
        }
        self.bar
            .set_message(crate::escape::terminal_line(item).into_owned());
        self.bar.inc(1);
        if let Some(l) = self.lines.lock().expect("not poisoned").as_mut() {
            l.done += 1;
            let now = Instant::now();
            if now.duration_since(l.last) >= EVERY && l.done < l.total {
                l.last = now;
                eprintln!("{}", self.line(l, now, false));
            }
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
        if let Some(l) = self.lines.lock().expect("not poisoned").take() {
            eprintln!("{}", self.line(&l, Instant::now(), true));
        }
    }
}
