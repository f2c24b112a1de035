//! Which URL a free runner probes next. The hosts being worked on take
//! turns, and no host is given more runners than its slots. A new host is
//! started while fewer than `most` are being worked on, and past that only
//! when every one of them is full: a runner never waits for a host while
//! another has work and room, and the hosts worked on at once (each
//! keeping a connection between its turns) stay in proportion to the
//! runners, not to the hosts cited. A host's last requests say so, and
//! its connections are closed as it is finished. How many runners there
//! are depends on the files the process may open, which it raises first.

use std::collections::{HashMap, VecDeque};

use super::Request;

/// The requests not yet handed out, by host, and how many runners each
/// host has.
pub(super) struct Schedule {
    /// In the order of their first request.
    hosts: Vec<Host>,
    /// The hosts being worked on with requests left, in turn.
    turn: VecDeque<usize>,
    /// The hosts not started yet.
    waiting: std::ops::Range<usize>,
    /// Hosts worked on at once, unless every one of them is full.
    most: usize,
}

struct Host {
    /// (index in the caller's list, request), in the caller's order.
    queued: VecDeque<(usize, Request)>,
    /// Runners probing one of its URLs now.
    busy: usize,
    slots: usize,
}

/// A request handed out: where it was in the list, and its host, to give
/// back to [`Schedule::next`] when it is done.
pub(super) struct Turn {
    pub index: usize,
    pub host: usize,
    pub request: Request,
    /// Fewer of the host's requests are left than runners on it: the
    /// connection this one uses will not be wanted again.
    pub last: bool,
}

impl Schedule {
    /// `slots` says how many requests a host may have in flight; `most`
    /// how many hosts are worked on at once while they have room.
    pub(super) fn new(
        requests: Vec<Request>,
        slots: impl Fn(&str) -> usize,
        most: usize,
    ) -> Schedule {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut hosts: Vec<Host> = Vec::new();
        for (index, request) in requests.into_iter().enumerate() {
            let name = request.url.host_str().unwrap_or_default();
            let id = match ids.get(name) {
                Some(&id) => id,
                None => {
                    ids.insert(name.to_string(), hosts.len());
                    hosts.push(Host {
                        queued: VecDeque::new(),
                        busy: 0,
                        slots: slots(name).max(1),
                    });
                    hosts.len() - 1
                }
            };
            hosts[id].queued.push_back((index, request));
        }
        Schedule {
            turn: VecDeque::new(),
            waiting: 0..hosts.len(),
            hosts,
            most,
        }
    }

    /// The next request for a runner, which has just finished one for
    /// host `done` (none: it has just started). `None`: every host with
    /// requests left has all the runners it may have, and they will see
    /// to them; the runner can stop.
    pub(super) fn next(&mut self, done: Option<usize>) -> Option<Turn> {
        if let Some(h) = done {
            self.hosts[h].busy -= 1;
        }
        if self.turn.len() < self.most
            && let Some(h) = self.waiting.next()
        {
            return Some(self.hand_out(h));
        }
        // Hosts that are full go to the back of the turn; there are
        // never more of them than runners.
        for _ in 0..self.turn.len() {
            let h = self.turn.pop_front()?;
            let host = &self.hosts[h];
            if host.busy < host.slots {
                return Some(self.hand_out(h));
            }
            self.turn.push_back(h);
        }
        // Every host being worked on is full: the next one starts.
        let h = self.waiting.next()?;
        Some(self.hand_out(h))
    }

    /// Hands out `h`'s next request, `h` being out of the turn: it goes to
    /// the back of it if it has more.
    fn hand_out(&mut self, h: usize) -> Turn {
        let host = &mut self.hosts[h];
        let (index, request) = host
            .queued
            .pop_front()
            .expect("a host in turn has requests");
        host.busy += 1;
        let last = host.queued.len() < host.busy;
        if !host.queued.is_empty() {
            self.turn.push_back(h);
        }
        Turn {
            index,
            host: h,
            request,
            last,
        }
    }
}

/// Raises the process's soft limit of open files to its hard limit, and
/// returns it: a probe holds about a connection per runner, and the soft
/// limit is 256 on macOS and often 1,024 on Linux, where the connections
/// past it would fail as if the sites were unreachable. A limit that
/// cannot be raised is left as it is; one that cannot be read counts as
/// none.
pub(super) fn raise_open_files_limit() -> u64 {
    rlimit::increase_nofile_limit(u64::MAX).unwrap_or(u64::MAX)
}

/// What to say when the files the process may open, even raised to the
/// hard limit, leave fewer runners than `concurrency`.
pub(crate) fn open_files_warning(concurrency: usize) -> Option<String> {
    let files = raise_open_files_limit();
    let runners = runners(concurrency, files);
    (runners < concurrency).then(|| {
        format!(
            "this process may open only {files} files: probing {runners} URLs at a time, \
             not {concurrency}; raise the limit (`ulimit -n`) to probe faster"
        )
    })
}

/// How many runners probe at once: four times the concurrency (at least
/// 64), so that a runner waiting out a host's Retry-After or its own
/// backoff, which holds no global slot, leaves others to keep the slots
/// busy; but never more than half the files the process may open, each
/// runner's host keeping a connection, and at least one. In flight at once
/// is never more than the runners.
pub(super) fn runners(concurrency: usize, open_files: u64) -> usize {
    let by_files = usize::try_from(open_files / 2).unwrap_or(usize::MAX);
    concurrency.saturating_mul(4).max(64).min(by_files).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request for each host named, in order: `of("a a b")`.
    fn of(hosts: &str) -> Vec<Request> {
        hosts
            .split_whitespace()
            .enumerate()
            .map(|(i, h)| Request {
                url: url::Url::parse(&format!("http://{h}/{i}")).unwrap(),
                page: false,
            })
            .collect()
    }

    /// Hands out turns to `runners` new runners; returns the indices.
    fn start(s: &mut Schedule, runners: usize) -> Vec<Turn> {
        (0..runners).map_while(|_| s.next(None)).collect()
    }

    #[test]
    fn new_hosts_start_first_while_fewer_than_most_are_worked_on() {
        let requests = of("a a a b c c");
        let mut s = Schedule::new(requests, |_| 2, 10);
        let first: Vec<usize> = start(&mut s, 10).iter().map(|t| t.index).collect();
        // a, b and c, then their second slots; a's third waits for room.
        assert_eq!(first, [0, 3, 4, 1, 5]);
        assert!(s.next(None).is_none(), "a and c are full, b is done");
        // The runner that finishes with a gets a's last request.
        let t = s.next(Some(0)).expect("a has a slot again");
        assert_eq!((t.index, t.host), (2, 0));
        // Everything handed out: each runner stops as it finishes.
        assert!(s.next(Some(1)).is_none());
        assert!(s.next(Some(2)).is_none());
    }

    #[test]
    fn past_most_a_host_starts_only_when_every_host_worked_on_is_full() {
        let requests = of("a a a b b c");
        let mut s = Schedule::new(requests, |_| 1, 1);
        let first: Vec<(usize, usize)> =
            start(&mut s, 2).iter().map(|t| (t.index, t.host)).collect();
        // a is the one host worked on; full, so b starts.
        assert_eq!(first, [(0, 0), (3, 1)]);
        // a's runner is done: a has room again and comes before c.
        let t = s.next(Some(0)).expect("a's next");
        assert_eq!((t.index, t.host), (1, 0));
        // b's runner: b has room, and its last request.
        let t = s.next(Some(1)).expect("b's last");
        assert_eq!((t.index, t.host), (4, 1));
        // b has nothing left; a is full: c starts.
        let t = s.next(Some(1)).expect("c");
        assert_eq!((t.index, t.host), (5, 2));
        assert_eq!(s.next(Some(0)).map(|t| t.index), Some(2));
        assert!(s.next(Some(2)).is_none());
        assert!(s.next(Some(0)).is_none());
    }

    #[test]
    fn per_host_slots_come_from_the_caller_and_are_at_least_one() {
        let requests = of("a a a b b");
        let mut s = Schedule::new(requests, |h| if h == "a" { 3 } else { 0 }, 1);
        let first: Vec<usize> = start(&mut s, 10).iter().map(|t| t.index).collect();
        assert_eq!(first, [0, 1, 2, 3]);
    }

    /// The `last` of each turn, as `runners` runners ask for them, each
    /// coming back as soon as it is handed one.
    fn lasts(hosts: &str, slots: usize) -> Vec<bool> {
        let mut s = Schedule::new(of(hosts), move |_| slots, 1);
        let mut out = Vec::new();
        let mut hosts: VecDeque<usize> = VecDeque::new();
        for t in start(&mut s, slots) {
            out.push(t.last);
            hosts.push_back(t.host);
        }
        while let Some(h) = hosts.pop_front() {
            if let Some(t) = s.next(Some(h)) {
                out.push(t.last);
                hosts.push_back(t.host);
            }
        }
        out
    }

    #[test]
    fn a_hosts_last_requests_say_that_their_connections_can_close() {
        // Two runners: the last two handed out, one per connection.
        assert_eq!(lasts("a a a a a", 2), [false, false, false, true, true]);
        // More slots than requests: all but the first, whose runner is
        // the only one when it is handed out.
        assert_eq!(lasts("a a a", 4), [false, true, true]);
        assert_eq!(lasts("a", 4), [true]);
    }

    #[test]
    fn runners_are_four_times_the_concurrency_within_half_the_open_files() {
        assert_eq!(runners(200, 1_048_576), 800);
        assert_eq!(runners(8, 1_048_576), 64, "at least 64");
        assert_eq!(runners(200, 1024), 512);
        assert_eq!(runners(200, 100), 50);
        assert_eq!(runners(64, 1), 1, "at least one");
        assert_eq!(runners(usize::MAX, 1000), 500, "no overflow");
    }

    #[test]
    fn an_empty_list_has_nothing_to_hand_out() {
        let mut s = Schedule::new(Vec::new(), |_| 4, 4);
        assert!(s.next(None).is_none());
    }
}
