//! A probe on a runtime of its own, which the caller feeds while it goes
//! on with its work (reading the claims), then waits for.

use std::time::Duration;

use super::Progress;
use crate::error::{Error, ProbeError};
use crate::probe;

/// How often the progress is told of the URLs probed since.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// A probe running on its own runtime's workers, fed through
/// [`Probing::feed`].
pub(crate) struct Probing {
    runtime: tokio::runtime::Runtime,
    feed: probe::Feed,
    probing: tokio::task::JoinHandle<Result<Vec<probe::Outcome>, probe::Unusable>>,
    /// Each finished URL and how it ended, for the progress (in a lock
    /// only so that the claims' readers may share the feed).
    finished: std::sync::Mutex<std::sync::mpsc::Receiver<(String, String)>>,
}

impl Probing {
    /// Starts a probe with nothing to do yet.
    pub(crate) fn start(
        settings: &probe::Settings,
        digest: probe::Digest,
    ) -> Result<Probing, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(ProbeError::Runtime)?;
        // The probe runs on the runtime's workers, where the tasks it
        // spawns and joins stay: driven from this thread instead, each
        // outcome woke it and each next task woke a worker (a fifth more
        // CPU). The finished ones reach `progress` through this thread, a
        // batch at a time.
        let (tx, finished) = std::sync::mpsc::channel();
        let done: probe::Done = std::sync::Arc::new(move |o: &probe::Outcome| {
            let how = format!("{} {}", o.state.as_str(), o.detail);
            let _ = tx.send((o.url.clone(), how));
        });
        let (feed, intake) = probe::Feed::new();
        let probing = runtime.spawn(probe::probe_all(intake, settings.clone(), digest, done));
        Ok(Probing {
            runtime,
            feed,
            probing,
            finished: std::sync::Mutex::new(finished),
        })
    }

    /// Where requests go: they are probed as they come.
    pub(crate) fn feed(&self) -> &probe::Feed {
        &self.feed
    }

    /// Closes the feed and waits for every outcome, in the order of the
    /// requests' numbers; `progress` hears of them meanwhile.
    pub(crate) fn finish(self, progress: &dyn Progress) -> Result<Vec<probe::Outcome>, Error> {
        let Probing {
            runtime,
            feed,
            mut probing,
            finished,
        } = self;
        feed.close();
        let finished = finished.into_inner().expect("progress lock");
        // Nothing sent, nothing to show.
        let shown = feed.pushed() > 0;
        if shown {
            progress.start(feed.pushed());
        }
        let tell = || {
            finished
                .try_iter()
                .for_each(|(url, how)| progress.done(&url, &how))
        };
        let joined = runtime.block_on(async {
            let mut tick = tokio::time::interval(PROGRESS_EVERY);
            loop {
                tokio::select! {
                    joined = &mut probing => break joined,
                    _ = tick.tick() => tell(),
                }
            }
        });
        tell();
        let outcomes = match joined {
            Ok(outcomes) => outcomes.map_err(|e| {
                Error::from(match e {
                    probe::Unusable::Client(why) => ProbeError::Client(why),
                    probe::Unusable::Roots(why) => ProbeError::NoRootCertificates(why),
                })
            }),
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
        // The idle connections are closed in the background, or by the
        // process's exit: waiting for them cost a run milliseconds.
        runtime.shutdown_background();
        if shown {
            progress.finish();
        }
        outcomes
    }
}

/// Probes `urls` on a runtime of its own; the outcomes in their order.
pub(crate) fn probe_urls(
    urls: Vec<probe::Request>,
    settings: &probe::Settings,
    digest: probe::Digest,
    progress: &dyn Progress,
) -> Result<Vec<probe::Outcome>, Error> {
    if urls.is_empty() {
        return Ok(Vec::new());
    }
    let probing = Probing::start(settings, digest)?;
    probing.feed().push(urls);
    probing.finish(progress)
}
