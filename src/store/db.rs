//! The result store's file: one SQLite database, one row per URL in
//! `results` and a bounded `history` of what each run saw.
//!
//! Concurrent runs are serialised by SQLite's own locking (a write waits
//! for another up to a minute); a write is one transaction, so a crash
//! leaves the last committed store. The file is untrusted (it sits in a
//! checkout): it is opened without following a symlink at its own name,
//! with triggers and views off and the schema untrusted, and a sidecar
//! (`-journal`, `-wal`, `-shm`) that is not a regular file stops the run
//! from writing. A file that is not ours (another SQLite database, any
//! other file) is never written; ours but unreadable is rebuilt; a JSON
//! store of an earlier claimtrack is converted in place.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};

use super::legacy::{self, Json};
use super::{Entry, Event, EventRef, MAX_FAILURES};
use crate::probe::State;

/// `PRAGMA application_id` of a claimtrack result store: "ctrk".
const APPLICATION_ID: i32 = 0x6374_726b;
/// `PRAGMA user_version`: the version of the schema below.
const SCHEMA_VERSION: i32 = 1;
/// History rows kept per URL, the most recent.
const MAX_HISTORY: i64 = 100;
/// The most of a JSON store that is read: 1 GiB.
const MAX_JSON_BYTES: u64 = 1 << 30;
/// How long a run waits for another run's write.
const BUSY: Duration = Duration::from_secs(60);

const SCHEMA: &str = "
CREATE TABLE results (
    url TEXT PRIMARY KEY NOT NULL,
    checked INTEGER NOT NULL,
    state TEXT NOT NULL,
    status INTEGER,
    detail TEXT NOT NULL,
    new_url TEXT,
    last_ok INTEGER,
    text_fingerprint INTEGER,
    text_seen INTEGER,
    found TEXT
);
CREATE TABLE history (
    url TEXT NOT NULL,
    checked INTEGER NOT NULL,
    state TEXT NOT NULL,
    status INTEGER,
    PRIMARY KEY (url, checked)
) WITHOUT ROWID;
";

/// Why a store file cannot be used.
pub(super) enum Unusable {
    /// Not a store, or a store that must not be written (the path to
    /// blame): never replaced.
    Foreign(PathBuf),
    /// A store that cannot be read: rebuilt. Why.
    Corrupt(String),
}

/// What a store file holds.
#[derive(Default)]
pub(super) struct Contents {
    pub entries: HashMap<String, Entry>,
    /// Set when a JSON store was converted: how many URLs it held.
    pub converted: Option<usize>,
}

/// What is at a store's path.
enum Found {
    Missing,
    /// A SQLite database, at this (symlink-resolved) path.
    Sqlite(PathBuf),
    /// A JSON store of an earlier claimtrack: its entries.
    Json(BTreeMap<String, Entry>),
}

/// Reads this run's store: its entries, each with its failures since it
/// last answered. A JSON store is converted in place first.
pub(super) fn read(path: &Path) -> Result<Contents, Unusable> {
    match identify(path)? {
        Found::Missing => Ok(Contents::default()),
        Found::Sqlite(real) => {
            let conn = ours(&real, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
            let entries = entries(&conn).map_err(corrupt)?;
            Ok(Contents {
                entries,
                converted: None,
            })
        }
        Found::Json(entries) => {
            convert(path, &entries).map_err(|e| {
                Unusable::Corrupt(format!("could not be converted from JSON ({e})"))
            })?;
            Ok(Contents {
                converted: Some(entries.len()),
                entries: entries.into_iter().collect(),
            })
        }
    }
}

/// Reads another store (a shard's, to merge): its entries and its whole
/// history, changing nothing. A missing file is an error here.
pub(super) fn read_other(path: &Path) -> Result<(HashMap<String, Entry>, Vec<Event>), Unusable> {
    match identify(path)? {
        Found::Missing => Err(Unusable::Corrupt("does not exist".into())),
        Found::Json(entries) => {
            let events = legacy::history(&entries);
            Ok((entries.into_iter().collect(), events))
        }
        Found::Sqlite(real) => {
            let conn = ours(&real, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let entries = entries(&conn).map_err(corrupt)?;
            let events = history(&conn).map_err(corrupt)?;
            Ok((entries, events))
        }
    }
}

/// Calls `f` with each event of the store's history, in the file's
/// order, without holding them all.
pub(super) fn each_event(path: &Path, f: &mut dyn FnMut(EventRef<'_>)) -> Result<(), Unusable> {
    match identify(path)? {
        Found::Missing => Ok(()),
        Found::Json(entries) => {
            legacy::history(&entries)
                .iter()
                .for_each(|e| f(EventRef::of(e)));
            Ok(())
        }
        Found::Sqlite(real) => {
            let conn = ours(&real, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let mut select = conn
                .prepare("SELECT url, checked, state, status FROM history")
                .map_err(corrupt)?;
            let mut rows = select.query([]).map_err(corrupt)?;
            while let Some(r) = rows.next().map_err(corrupt)? {
                let row = || -> rusqlite::Result<EventRef<'_>> {
                    Ok(EventRef {
                        url: r.get_ref(0)?.as_str()?,
                        checked: time(r.get(1)?)?,
                        state: state(r.get_ref(2)?.as_str()?)?,
                        status: r.get(3)?,
                    })
                };
                f(row().map_err(corrupt)?);
            }
            Ok(())
        }
    }
}

/// Which of two results for a URL is kept when writing.
#[derive(Clone, Copy)]
pub(super) enum Keep {
    /// The one written unless the stored one was checked later (a run's
    /// own results).
    Written,
    /// The one checked later; the stored one on a tie (a merge).
    Later,
}

/// Writes entries and history rows into the store at `path`, in one
/// transaction under SQLite's write lock, creating, converting or
/// rebuilding the file first where needed (`rebuild`: it was found
/// unreadable). Returns how many entries were taken.
pub(super) fn write<'a>(
    path: &Path,
    entries: impl Iterator<Item = (&'a str, &'a Entry)>,
    events: &[Event],
    keep: Keep,
    rebuild: bool,
) -> std::io::Result<usize> {
    if rebuild && matches!(identify(path), Ok(Found::Sqlite(_))) {
        self::rebuild(path)?;
    }
    let mut conn = writable(path)?;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(io)?;
    let mut taken = 0;
    {
        let mut upsert = tx.prepare(&upsert_sql(keep)).map_err(io)?;
        for (url, e) in entries {
            taken += upsert.execute(row(url, e)?.as_params()).map_err(io)?;
        }
        add_history(&tx, events).map_err(io)?;
    }
    tx.commit().map_err(io)?;
    Ok(taken)
}

/// Deletes the entries of `urls`, and their history, in one transaction.
pub(super) fn delete(path: &Path, urls: &[String]) -> std::io::Result<()> {
    let mut conn = writable(path)?;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(io)?;
    {
        let mut results = tx
            .prepare("DELETE FROM results WHERE url = ?1")
            .map_err(io)?;
        let mut history = tx
            .prepare("DELETE FROM history WHERE url = ?1")
            .map_err(io)?;
        for url in urls {
            results.execute([url]).map_err(io)?;
            history.execute([url]).map_err(io)?;
        }
    }
    tx.commit().map_err(io)
}

/// A write connection to our store at `path`, made first if there is
/// none, converted from JSON or rebuilt if unreadable.
fn writable(path: &Path) -> std::io::Result<Connection> {
    let refuse = |blame: PathBuf| {
        let what = if blame == path {
            "is not a claimtrack result store; it was not overwritten"
        } else {
            "is not a regular file; the result store was not written"
        };
        std::io::Error::other(format!("{} {what}", blame.display()))
    };
    let real = match identify(path) {
        Err(Unusable::Foreign(blame)) => return Err(refuse(blame)),
        Err(Unusable::Corrupt(_)) => rebuild(path)?,
        Ok(Found::Missing) => {
            create(path, &BTreeMap::new(), &[], Replace::No)?;
            path.to_path_buf()
        }
        Ok(Found::Json(entries)) => {
            convert(path, &entries)?;
            path.to_path_buf()
        }
        Ok(Found::Sqlite(real)) => real,
    };
    match ours(&real, OpenFlags::SQLITE_OPEN_READ_WRITE) {
        Ok(conn) => Ok(conn),
        Err(Unusable::Foreign(blame)) => Err(refuse(blame)),
        Err(Unusable::Corrupt(_)) => {
            let real = rebuild(path)?;
            ours(&real, OpenFlags::SQLITE_OPEN_READ_WRITE)
                .map_err(|_| std::io::Error::other("the rebuilt result store cannot be opened"))
        }
    }
}

/// Replaces a JSON store by a SQLite one with its entries and history.
fn convert(path: &Path, entries: &BTreeMap<String, Entry>) -> std::io::Result<()> {
    create(path, entries, &legacy::history(entries), Replace::Yes)
}

/// Replaces an unreadable store of ours by an empty one.
fn rebuild(path: &Path) -> std::io::Result<PathBuf> {
    create(path, &BTreeMap::new(), &[], Replace::Yes)?;
    Ok(path.to_path_buf())
}

/// What is at `path`, read only if it is a regular file (a folder, a fifo,
/// a device or a dangling symlink is foreign).
fn identify(path: &Path) -> Result<Found, Unusable> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(Unusable::Corrupt(format!("cannot be read ({e})"))),
    };
    let real = if link.file_type().is_symlink() {
        std::fs::canonicalize(path).map_err(|_| Unusable::Foreign(path.to_path_buf()))?
    } else {
        path.to_path_buf()
    };
    if !std::fs::metadata(&real).is_ok_and(|m| m.is_file()) {
        return Err(Unusable::Foreign(path.to_path_buf()));
    }
    let unreadable = |e: std::io::Error| Unusable::Corrupt(format!("cannot be read ({e})"));
    let mut file = std::fs::File::open(&real).map_err(unreadable)?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(16)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes == b"SQLite format 3\0" {
        return Ok(Found::Sqlite(real));
    }
    file.take(MAX_JSON_BYTES)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    match legacy::parse(&bytes) {
        Json::Store(entries) => Ok(Found::Json(entries)),
        Json::Corrupt(why) => Err(Unusable::Corrupt(why)),
        Json::Foreign => Err(Unusable::Foreign(path.to_path_buf())),
    }
}

/// Opens the SQLite database at `real` and makes sure it is ours.
fn ours(real: &Path, mode: OpenFlags) -> Result<Connection, Unusable> {
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut side = real.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if std::fs::symlink_metadata(&side).is_ok_and(|m| !m.is_file()) {
            return Err(Unusable::Foreign(side));
        }
    }
    let conn = connect(real, mode).map_err(corrupt)?;
    let id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(corrupt)?;
    if id != APPLICATION_ID {
        return Err(Unusable::Foreign(real.to_path_buf()));
    }
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(corrupt)?;
    if version != SCHEMA_VERSION {
        return Err(Unusable::Corrupt(format!(
            "has schema version {version}, not {SCHEMA_VERSION}"
        )));
    }
    Ok(conn)
}

fn connect(path: &Path, mode: OpenFlags) -> rusqlite::Result<Connection> {
    let flags = mode | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_NOFOLLOW;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    Ok(conn)
}

#[derive(Clone, Copy, PartialEq)]
enum Replace {
    Yes,
    /// Another run may have made the store meanwhile: theirs is kept.
    No,
}

/// Makes a store with `entries` and `events` beside `path` and renames it
/// into place: a reader sees the old file or the whole new one.
fn create(
    path: &Path,
    entries: &BTreeMap<String, Entry>,
    events: &[Event],
    replace: Replace,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempfile_in(dir)?;
    {
        let mut conn = connect(
            temp.path(),
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .map_err(io)?;
        conn.execute_batch(SCHEMA).map_err(io)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(io)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(io)?;
        let tx = conn.transaction().map_err(io)?;
        {
            let mut insert = tx.prepare(&upsert_sql(Keep::Written)).map_err(io)?;
            for (url, e) in entries {
                insert.execute(row(url, e)?.as_params()).map_err(io)?;
            }
            add_history(&tx, events).map_err(io)?;
        }
        tx.commit().map_err(io)?;
    }
    let kept = match replace {
        Replace::Yes => temp.persist(path).map(drop),
        Replace::No => temp.persist_noclobber(path).map(drop),
    };
    match kept {
        Err(e) if replace == Replace::No && e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(())
        }
        other => other.map_err(|e| e.error),
    }
}

fn upsert_sql(keep: Keep) -> String {
    let wins = match keep {
        Keep::Written => ">=",
        Keep::Later => ">",
    };
    format!(
        "INSERT INTO results VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         ON CONFLICT(url) DO UPDATE SET checked = excluded.checked, state = excluded.state, \
         status = excluded.status, detail = excluded.detail, new_url = excluded.new_url, \
         last_ok = excluded.last_ok, text_fingerprint = excluded.text_fingerprint, \
         text_seen = excluded.text_seen, found = excluded.found \
         WHERE excluded.checked {wins} results.checked"
    )
}

/// Adds history rows (a row already there is kept) and trims the history
/// of each URL written to its most recent [`MAX_HISTORY`] rows.
fn add_history(conn: &Connection, events: &[Event]) -> rusqlite::Result<()> {
    let mut insert = conn.prepare(
        "INSERT OR IGNORE INTO history (url, checked, state, status) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut trim = conn.prepare(
        "DELETE FROM history WHERE url = ?1 AND checked < (SELECT checked FROM history \
         WHERE url = ?1 ORDER BY checked DESC LIMIT 1 OFFSET ?2)",
    )?;
    for e in events {
        insert.execute(params![
            e.url,
            e.checked.as_microsecond(),
            e.state.as_str(),
            e.status
        ])?;
    }
    let mut urls: Vec<&str> = events.iter().map(|e| e.url.as_str()).collect();
    urls.sort_unstable();
    urls.dedup();
    for url in urls {
        trim.execute(params![url, MAX_HISTORY - 1])?;
    }
    Ok(())
}

/// One `results` row's values.
struct Row<'a> {
    url: &'a str,
    checked: i64,
    state: &'static str,
    status: Option<u16>,
    detail: &'a str,
    new_url: Option<&'a str>,
    last_ok: Option<i64>,
    text_fingerprint: Option<i64>,
    text_seen: Option<i64>,
    found: Option<String>,
}

impl Row<'_> {
    fn as_params(&self) -> [&dyn rusqlite::ToSql; 10] {
        [
            &self.url,
            &self.checked,
            &self.state,
            &self.status,
            &self.detail,
            &self.new_url,
            &self.last_ok,
            &self.text_fingerprint,
            &self.text_seen,
            &self.found,
        ]
    }
}

fn row<'a>(url: &'a str, e: &'a Entry) -> std::io::Result<Row<'a>> {
    let found = if e.found.is_empty() {
        None
    } else {
        Some(serde_json::to_string(&e.found).map_err(std::io::Error::other)?)
    };
    Ok(Row {
        url,
        checked: e.checked.as_microsecond(),
        state: e.state.as_str(),
        status: e.status,
        detail: &e.detail,
        new_url: e.new_url.as_deref(),
        last_ok: e.last_ok.map(Timestamp::as_microsecond),
        // The fingerprint's bits, as SQLite's signed integer.
        text_fingerprint: e.text_fingerprint.map(|f| f as i64),
        text_seen: e.text_seen.map(Timestamp::as_microsecond),
        found,
    })
}

/// Every entry, with its failures since it last answered (from the
/// history).
/// Sized once: a map that grew to 100,000 entries held two tables at once.
fn entries(conn: &Connection) -> rusqlite::Result<HashMap<String, Entry>> {
    let count: i64 = conn.query_row("SELECT count(*) FROM results", [], |r| r.get(0))?;
    let mut select = conn.prepare(
        "SELECT url, checked, state, status, detail, new_url, last_ok, text_fingerprint, \
         text_seen, found FROM results",
    )?;
    let mut entries = HashMap::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut rows = select.query([])?;
    while let Some(r) = rows.next()? {
        let found: Option<String> = r.get(9)?;
        let found = match found {
            Some(json) => serde_json::from_str(&json).map_err(|e| bad(9, e))?,
            None => BTreeMap::new(),
        };
        let entry = Entry {
            checked: time(r.get(1)?)?,
            state: state(&r.get::<_, String>(2)?)?,
            status: r.get(3)?,
            detail: r.get(4)?,
            new_url: r.get(5)?,
            last_ok: r.get::<_, Option<i64>>(6)?.map(time).transpose()?,
            failures: Vec::new(),
            text_fingerprint: r.get::<_, Option<i64>>(7)?.map(|f| f as u64),
            text_seen: r.get::<_, Option<i64>>(8)?.map(time).transpose()?,
            found,
        };
        entries.insert(r.get(0)?, entry);
    }
    for e in failures(conn)? {
        if let Some(entry) = entries.get_mut(&e.url) {
            entry.failures.push(e.checked);
        }
    }
    for entry in entries.values_mut() {
        let excess = entry.failures.len().saturating_sub(MAX_FAILURES);
        entry.failures.drain(..excess);
    }
    Ok(entries)
}

/// The failing history rows since each URL last answered, oldest first.
fn failures(conn: &Connection) -> rusqlite::Result<Vec<Event>> {
    let mut select = conn.prepare(
        "SELECT h.url, h.checked, h.state, h.status FROM history h JOIN results r ON r.url = h.url \
         WHERE h.state NOT IN ('ok', 'redirected', 'blocked', 'refused') \
         AND (r.last_ok IS NULL OR h.checked > r.last_ok) ORDER BY h.url, h.checked",
    )?;
    events(&mut select)
}

/// The whole history.
fn history(conn: &Connection) -> rusqlite::Result<Vec<Event>> {
    let mut select = conn.prepare("SELECT url, checked, state, status FROM history")?;
    events(&mut select)
}

fn events(select: &mut rusqlite::Statement) -> rusqlite::Result<Vec<Event>> {
    let mut out = Vec::new();
    let mut rows = select.query([])?;
    while let Some(r) = rows.next()? {
        out.push(Event {
            url: r.get(0)?,
            checked: time(r.get(1)?)?,
            state: state(&r.get::<_, String>(2)?)?,
            status: r.get(3)?,
        });
    }
    Ok(out)
}

fn time(micros: i64) -> rusqlite::Result<Timestamp> {
    Timestamp::from_microsecond(micros).map_err(|e| bad(1, e))
}

fn state(text: &str) -> rusqlite::Result<State> {
    State::ALL
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| bad(2, format!("unknown state {text:?}")))
}

fn bad(column: usize, e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        e.to_string().into(),
    )
}

fn corrupt(e: rusqlite::Error) -> Unusable {
    Unusable::Corrupt(format!("cannot be read ({e})"))
}

fn io(e: rusqlite::Error) -> std::io::Error {
    std::io::Error::other(e)
}

#[cfg(test)]
#[path = "db_tests.rs"]
mod tests;
