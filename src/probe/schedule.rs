//! Which URL a free runner probes next. Hosts take turns, and no host is
//! given more runners than its slots: a runner never waits for a host
//! while another host has work and room, and a runner that has just
//! finished with a host finds it again when every other host is full
//! (its connection is warm, and no other task need be woken).

use std::collections::{HashMap, VecDeque};

use super::Request;

/// The requests not yet handed out, by host, and how many runners each
/// host has.
pub(super) struct Schedule {
    hosts: Vec<Host>,
    /// The hosts with requests left, in turn.
    turn: VecDeque<usize>,
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
}

impl Schedule {
    /// `slots` says how many requests a host may have in flight.
    pub(super) fn new(requests: Vec<Request>, slots: impl Fn(&str) -> usize) -> Schedule {
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
            turn: (0..hosts.len()).collect(),
            hosts,
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
        // Hosts that are full go to the back of the turn; there are
        // never more of them than runners over slots.
        for _ in 0..self.turn.len() {
            let h = self.turn.pop_front()?;
            let host = &mut self.hosts[h];
            if host.busy >= host.slots {
                self.turn.push_back(h);
                continue;
            }
            let Some((index, request)) = host.queued.pop_front() else {
                continue;
            };
            host.busy += 1;
            if !host.queued.is_empty() {
                self.turn.push_back(h);
            }
            return Some(Turn {
                index,
                host: h,
                request,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requests(urls: &[&str]) -> Vec<Request> {
        urls.iter()
            .map(|u| Request {
                url: url::Url::parse(u).unwrap(),
                page: false,
            })
            .collect()
    }

    /// Hands out turns to `runners` new runners; returns the indices.
    fn start(s: &mut Schedule, runners: usize) -> Vec<Turn> {
        (0..runners).map_while(|_| s.next(None)).collect()
    }

    #[test]
    fn hosts_take_turns_within_their_slots() {
        let urls = [
            "http://a/1",
            "http://a/2",
            "http://a/3",
            "http://b/1",
            "http://c/1",
            "http://c/2",
        ];
        let mut s = Schedule::new(requests(&urls), |_| 2);
        let first: Vec<usize> = start(&mut s, 10).iter().map(|t| t.index).collect();
        // a, b, c, then a and c again; a's third waits for a free slot.
        assert_eq!(first, [0, 3, 4, 1, 5]);
        assert!(s.next(None).is_none(), "a is full, b and c are empty");
        // The runner that finishes with a gets a's last request.
        let t = s.next(Some(0)).expect("a has a slot again");
        assert_eq!((t.index, t.host), (2, 0));
        // Everything handed out: each runner stops as it finishes.
        assert!(s.next(Some(1)).is_none());
        assert!(s.next(Some(2)).is_none());
    }

    #[test]
    fn a_runner_done_with_a_full_host_moves_to_one_with_room() {
        let urls = ["http://a/1", "http://a/2", "http://a/3", "http://b/1"];
        let mut s = Schedule::new(requests(&urls), |_| 1);
        let first: Vec<(usize, usize)> =
            start(&mut s, 5).iter().map(|t| (t.index, t.host)).collect();
        assert_eq!(first, [(0, 0), (3, 1)]);
        // b is done and has nothing left; a is full: nothing for this runner.
        assert!(s.next(Some(1)).is_none());
        let t = s.next(Some(0)).expect("a's next");
        assert_eq!(t.index, 1);
        let t = s.next(Some(0)).expect("a's last");
        assert_eq!(t.index, 2);
        assert!(s.next(Some(0)).is_none());
    }

    #[test]
    fn per_host_slots_come_from_the_caller_and_are_at_least_one() {
        let urls = [
            "http://a/1",
            "http://a/2",
            "http://a/3",
            "http://b/1",
            "http://b/2",
        ];
        let mut s = Schedule::new(requests(&urls), |h| if h == "a" { 3 } else { 0 });
        let first: Vec<usize> = start(&mut s, 10).iter().map(|t| t.index).collect();
        assert_eq!(first, [0, 3, 1, 2]);
    }

    #[test]
    fn an_empty_list_has_nothing_to_hand_out() {
        let mut s = Schedule::new(Vec::new(), |_| 4);
        assert!(s.next(None).is_none());
    }
}
