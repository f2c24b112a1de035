//! Politeness: a global cap on requests in flight, a per-host cap that holds
//! at every moment, and a per-host "not before" time set by 429/503 answers
//! (their `Retry-After`), which every later request to the host waits for.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

pub(super) struct Limits {
    global: Arc<Semaphore>,
    per_host: usize,
    rules: super::rules::Rules,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

struct Host {
    slots: Arc<Semaphore>,
    not_before: Mutex<Option<Instant>>,
}

/// Held while a request is in flight.
pub(super) struct Permit {
    _host: OwnedSemaphorePermit,
    _global: OwnedSemaphorePermit,
}

impl Limits {
    pub(super) fn new(global: usize, per_host: usize, rules: &super::rules::Rules) -> Limits {
        Limits {
            global: Arc::new(Semaphore::new(global.max(1))),
            per_host: per_host.max(1),
            rules: rules.clone(),
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// How many requests `host` may have in flight: its rule's, or the
    /// default; at least one.
    pub(super) fn slots(&self, host: &str) -> usize {
        self.rules
            .host(host)
            .and_then(|r| r.per_host)
            .unwrap_or(self.per_host)
            .max(1)
    }

    fn host(&self, name: &str) -> Arc<Host> {
        let mut hosts = self.hosts.lock().expect("hosts lock");
        hosts
            .entry(name.to_ascii_lowercase())
            .or_insert_with(|| {
                Arc::new(Host {
                    slots: Arc::new(Semaphore::new(self.slots(name))),
                    not_before: Mutex::new(None),
                })
            })
            .clone()
    }

    /// Waits until a request to `host` may be sent: the host's wait is
    /// over, and a host slot and a global slot are free.
    pub(super) async fn acquire(&self, host: &str) -> Permit {
        let h = self.host(host);
        loop {
            let wait_until = *h.not_before.lock().expect("host lock");
            if let Some(t) = wait_until
                && t > Instant::now()
            {
                tokio::time::sleep_until(t).await;
                continue;
            }
            let host_permit = h.slots.clone().acquire_owned().await.expect("never closed");
            let global = self
                .global
                .clone()
                .acquire_owned()
                .await
                .expect("never closed");
            // A 429 may have arrived while this task waited for a slot.
            let wait_until = *h.not_before.lock().expect("host lock");
            if wait_until.is_some_and(|t| t > Instant::now()) {
                continue;
            }
            return Permit {
                _host: host_permit,
                _global: global,
            };
        }
    }

    /// No request to `host` before `wait` from now (extends, never shortens).
    pub(super) fn slow_down(&self, host: &str, wait: Duration) {
        let h = self.host(host);
        let until = Instant::now() + wait;
        let mut nb = h.not_before.lock().expect("host lock");
        if nb.is_none_or(|t| t < until) {
            *nb = Some(until);
        }
    }
}
