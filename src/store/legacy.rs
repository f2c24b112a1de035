//! The result store's first format, one JSON document (claimtrack before
//! the SQLite store). It is only read: a store found in it is converted
//! in place (`db`), and a shard's store in it can still be merged.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Entry, Event, is_failure};

const FORMAT: &str = "claimtrack-results";
const VERSION: u32 = 1;

/// How every JSON store claimtrack wrote begins (serde kept the field
/// order).
const MAGIC: &[u8] = b"{\"format\":\"claimtrack-results\"";

#[derive(Deserialize)]
struct StoreFile {
    format: String,
    version: u32,
    entries: BTreeMap<String, Entry>,
}

/// What a JSON document is, as a result store.
pub(super) enum Json {
    /// Ours, with its entries.
    Store(BTreeMap<String, Entry>),
    /// Ours, but unusable: why.
    Corrupt(String),
    /// Not ours.
    Foreign,
}

/// Reads a JSON store: ours when its `format` is ours, in any key order,
/// or when it begins as our writer began (a store cut short).
pub(super) fn parse(bytes: &[u8]) -> Json {
    let file = match serde_json::from_slice::<StoreFile>(bytes) {
        Ok(file) if file.format == FORMAT => file,
        Ok(_) => return Json::Foreign,
        Err(e) if bytes.starts_with(MAGIC) => return Json::Corrupt(format!("is corrupt ({e})")),
        Err(_) => return Json::Foreign,
    };
    if file.version != VERSION {
        return Json::Corrupt(format!("has version {}, not {VERSION}", file.version));
    }
    Json::Store(file.entries)
}

/// The history a JSON store implies: its failures (under the state it
/// last had, when that is a failure; a failure before a `blocked` answer
/// kept no state and is left out) and its last check.
pub(super) fn history(entries: &BTreeMap<String, Entry>) -> Vec<Event> {
    let mut events = Vec::new();
    for (url, e) in entries {
        if is_failure(e.state) {
            events.extend(e.failures.iter().map(|&checked| Event {
                url: url.clone(),
                checked,
                state: e.state,
                status: None,
            }));
        }
        events.push(Event {
            url: url.clone(),
            checked: e.checked,
            state: e.state,
            status: e.status,
        });
    }
    events
}
