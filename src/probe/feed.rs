//! A probe that is fed while it runs: requests come in batches from any
//! thread ([`Feed::push`]), the first while the caller is still reading
//! its files, and each is handed to a runner as soon as its host has room.
//! The probe ends when the feed is closed and every request pushed is
//! done.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

use super::schedule::{Schedule, Slots, Turn, raise_open_files_limit, runners};
use super::{Digest, Done, Outcome, Prober, Request, Settings, Unusable};

/// What a feed tells the probe.
enum Fed {
    /// Requests, each with its number.
    Requests(Vec<(usize, Request)>),
    /// No more requests will come.
    Closed,
}

/// Where requests are handed to a running probe. Clones feed the same
/// probe; each request is numbered in the order it was pushed, and the
/// probe's outcomes come back in that order.
#[derive(Clone)]
pub(crate) struct Feed {
    tx: mpsc::UnboundedSender<Fed>,
    next: Arc<AtomicUsize>,
}

/// The probe's end of a [`Feed`].
pub(crate) struct Intake(mpsc::UnboundedReceiver<Fed>);

impl Feed {
    pub(crate) fn new() -> (Feed, Intake) {
        let (tx, rx) = mpsc::unbounded_channel();
        let next = Arc::new(AtomicUsize::new(0));
        (Feed { tx, next }, Intake(rx))
    }

    /// Hands `requests` to the probe; returns their numbers. A probe that
    /// has stopped (its client could not be built) drops them: it fails
    /// as a whole.
    pub(crate) fn push(&self, requests: Vec<Request>) -> Range<usize> {
        let first = self.next.fetch_add(requests.len(), Ordering::Relaxed);
        let numbered = (first..).zip(requests).collect::<Vec<_>>();
        let range = first..first + numbered.len();
        let _ = self.tx.send(Fed::Requests(numbered));
        range
    }

    /// How many requests were pushed so far.
    pub(crate) fn pushed(&self) -> usize {
        self.next.load(Ordering::Relaxed)
    }

    /// No more requests will come: the probe ends when those pushed are
    /// done. Every push must have returned before.
    pub(crate) fn close(&self) {
        let _ = self.tx.send(Fed::Closed);
    }
}

/// The schedule, and how many runners are working it: one lock, so that
/// a runner that finds nothing to do and stops, and a batch that comes
/// meanwhile, never miss each other.
struct Shared {
    schedule: Schedule,
    running: usize,
}

/// The outcomes by request number, filled in as they come.
type Outcomes = Arc<Mutex<Vec<Option<Outcome>>>>;

/// Probes every request fed to `intake` (each once, in any order the
/// limits allow), runs `digest` on each outcome, and calls `done` as each
/// finishes. Returns the outcomes in the order of the requests' numbers,
/// once the feed is closed and every one is done. Best spawned on a worker
/// of the runtime: the runners it starts and joins then stay on the
/// workers.
pub(crate) async fn probe_all(
    intake: Intake,
    settings: Settings,
    digest: Digest,
    done: Done,
) -> Result<Vec<Outcome>, Unusable> {
    let Intake(mut rx) = intake;
    let prober = Arc::new(Prober::new(settings)?);
    // Runners, each started with a URL whose host has room. The limits
    // hold the caps; the schedule keeps the runners off hosts that are
    // full, and works on as many hosts at once as there are runners.
    let window = runners(prober.settings.concurrency, raise_open_files_limit());
    let slots: Slots = {
        let prober = prober.clone();
        Box::new(move |host| prober.limits.slots(host))
    };
    let shared = Arc::new(Mutex::new(Shared {
        schedule: Schedule::new(slots, window),
        running: 0,
    }));
    let out: Outcomes = Arc::default();
    let mut runners = tokio::task::JoinSet::new();
    while let Some(fed) = rx.recv().await {
        let mut s = shared.lock().expect("schedule lock");
        match fed {
            Fed::Requests(batch) => batch.into_iter().for_each(|(i, r)| s.schedule.push(i, r)),
            Fed::Closed => {
                s.schedule.close();
                break;
            }
        }
        while s.running < window {
            let Some(turn) = s.schedule.next(None) else {
                break;
            };
            s.running += 1;
            runners.spawn(run(
                turn,
                prober.clone(),
                shared.clone(),
                (digest.clone(), done.clone()),
                out.clone(),
            ));
        }
    }
    while let Some(joined) = runners.join_next().await {
        joined.expect("a runner does not panic");
    }
    if let Some(why) = prober.roots.failure() {
        return Err(Unusable::Roots(why));
    }
    let out = std::mem::take(&mut *out.lock().expect("outcomes lock"));
    Ok(out
        .into_iter()
        .map(|o| o.expect("every request handed out and probed"))
        .collect())
}

/// One runner: probes `turn`, then whatever else the schedule hands it,
/// one URL after another, until it has nothing more for it.
async fn run(
    mut turn: Turn,
    prober: Arc<Prober>,
    shared: Arc<Mutex<Shared>>,
    (digest, done): (Digest, Done),
    out: Outcomes,
) {
    loop {
        let index = turn.index;
        let mut outcome = prober.probe(turn.request, turn.last).await;
        digest(index, &mut outcome);
        done(&outcome);
        {
            let mut out = out.lock().expect("outcomes lock");
            if out.len() <= index {
                out.resize_with(index + 1, || None);
            }
            out[index] = Some(outcome);
        }
        let mut s = shared.lock().expect("schedule lock");
        match s.schedule.next(Some(turn.host)) {
            Some(next) => turn = next,
            None => {
                s.running -= 1;
                return;
            }
        }
    }
}
