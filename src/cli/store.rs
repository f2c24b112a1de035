//! `claimtrack store`: what the result store holds (`show`), taking out
//! what is no longer wanted (`prune`: URLs no claim cites any more, or
//! results older than a number of days), and gathering the stores of a CI
//! matrix's shards into one (`merge`).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::output::print;
use super::settings::{Context, Settings};
use super::value_enums::Format;
use crate::error::{EXIT_OK, Error, ProbeError, WriteError};
use crate::store::{Entry, Event, Store};

/// Show, prune or merge result stores: what `check` learnt about each URL.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack store show\n  claimtrack store prune --unused --dry-run\n  claimtrack store prune --older-than 90\n  claimtrack store merge shard-1/cache shard-2/cache shard-3/cache"
)]
pub(super) struct StoreArgs {
    #[command(subcommand)]
    action: Action,
    /// The result store [default: claimtrack.toml's `[check] cache`, else
    /// .claimtrack/cache in the repository root].
    #[arg(long, value_name = "PATH", global = true)]
    cache: Option<PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// How many URLs the store holds, by state, and since when.
    Show {
        /// The output: text for people, json for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also every URL's result and its history (what each run saw
        /// when the state changed, and every failure).
        #[arg(long)]
        entries: bool,
    },
    /// Remove entries: those of URLs no claim cites, those older than a
    /// number of days, or both.
    #[command(group = clap::ArgGroup::new("what").required(true).multiple(true))]
    Prune {
        /// Entries of URLs that no claim, source or archive cites.
        #[arg(long, group = "what")]
        unused: bool,
        /// Entries last checked more than DAYS days ago.
        #[arg(long, value_name = "DAYS", group = "what")]
        older_than: Option<u32>,
        /// List what would be removed; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Merge other result stores into this one (the shards of a CI
    /// matrix): each URL keeps its most recently checked result.
    Merge {
        /// The stores to merge in.
        #[arg(required = true, value_name = "STORE")]
        stores: Vec<PathBuf>,
    },
}

pub(super) fn run(args: &StoreArgs, cx: &Context) -> Result<i32, Error> {
    let root = cx.root()?;
    let path = Settings::load(&root)?.store(args.cache.as_deref())?;
    let store = Store::open(&path);
    if let Some(blame) = store.foreign.clone() {
        return Err(ProbeError::NotAStore { path: blame }.into());
    }
    if let Some(w) = &store.warning {
        super::output::say("warning", w);
    }
    match &args.action {
        Action::Show { format, entries } => {
            let history = if *entries {
                let history = store.history().map_err(|source| WriteError::File {
                    path: path.clone(),
                    source,
                })?;
                Some(history)
            } else {
                None
            };
            let cited = cited(&root)?;
            print(&show(&store, &path, &cited, history.as_deref(), *format))
        }
        Action::Prune {
            unused,
            older_than,
            dry_run,
        } => {
            let cited = if *unused { Some(cited(&root)?) } else { None };
            let cutoff = older_than.map(|days| {
                jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * i64::from(days))
            });
            let drop = |url: &str, e: &Entry| {
                cited.as_ref().is_some_and(|c| !c.contains(url))
                    || cutoff.is_some_and(|t| e.checked < t)
            };
            let removed =
                crate::store::prune(&path, drop, *dry_run).map_err(|source| WriteError::File {
                    path: path.clone(),
                    source,
                })?;
            let verb = if *dry_run { "would remove" } else { "removed" };
            let mut out = String::new();
            for url in &removed {
                out.push_str(&crate::escape::terminal_line(url));
                out.push('\n');
            }
            print(&out)?;
            let shown = crate::escape::terminal_line(&path.to_string_lossy()).into_owned();
            eprintln!("{verb} {} from {shown}", plural(removed.len()));
            Ok(())
        }
        Action::Merge { stores } => {
            let taken = crate::store::merge(&path, stores).map_err(|source| WriteError::File {
                path: path.clone(),
                source,
            })?;
            let shown = crate::escape::terminal_line(&path.to_string_lossy()).into_owned();
            eprintln!(
                "took {} from {} store{} into {shown}",
                plural(taken),
                stores.len(),
                if stores.len() == 1 { "" } else { "s" }
            );
            Ok(())
        }
    }?;
    Ok(EXIT_OK)
}

/// Every URL the claims cite, as the probe keys it: sources (of claims
/// with an error too), their archives, the articles.
fn cited(root: &Path) -> Result<HashSet<String>, Error> {
    let set = crate::load::load(root)?.set;
    let key = |l: &crate::model::Link| {
        l.url
            .as_ref()
            .map_or(l.raw().to_string(), |u| u.to_string())
    };
    let mut urls = HashSet::new();
    let sources = set.claims.iter().flat_map(|c| &c.sources);
    let partial = set.partial_claims.iter().flat_map(|c| &c.sources);
    for s in sources.chain(partial) {
        urls.extend(s.url.iter().chain(&s.archive).map(|l| key(l)));
    }
    urls.extend(
        set.articles
            .iter()
            .filter_map(|a| a.url.as_ref())
            .map(|l| key(l)),
    );
    Ok(urls)
}

fn plural(n: usize) -> String {
    format!("{n} {}", if n == 1 { "entry" } else { "entries" })
}

/// The version of `store show --format json`'s document.
const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Summary<'a> {
    format_version: u32,
    path: String,
    urls: usize,
    by_state: BTreeMap<&'static str, usize>,
    oldest: Option<String>,
    newest: Option<String>,
    /// Entries of URLs no claim cites (`prune --unused` removes them).
    unused: usize,
    /// With `--entries`: every URL's result and history.
    #[serde(skip_serializing_if = "Option::is_none")]
    entries: Option<BTreeMap<&'a str, Listed<'a>>>,
}

/// One URL in `store show --entries`.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    result: &'a Entry,
    history: Vec<&'a Event>,
}

fn show<'a>(
    store: &'a Store,
    path: &Path,
    cited: &HashSet<String>,
    history: Option<&'a [Event]>,
    format: Format,
) -> String {
    let entries = history.map(|h| listed(store, h));
    let mut s = Summary {
        format_version: FORMAT_VERSION,
        path: path.display().to_string(),
        urls: 0,
        by_state: BTreeMap::new(),
        oldest: None,
        newest: None,
        unused: 0,
        entries,
    };
    let (mut oldest, mut newest) = (None, None);
    for (url, e) in store.entries() {
        s.urls += 1;
        *s.by_state.entry(e.state.as_str()).or_default() += 1;
        s.unused += usize::from(!cited.contains(url));
        oldest = Some(oldest.map_or(e.checked, |o: jiff::Timestamp| o.min(e.checked)));
        newest = Some(newest.map_or(e.checked, |n: jiff::Timestamp| n.max(e.checked)));
    }
    s.oldest = oldest.map(|t| t.to_string());
    s.newest = newest.map(|t| t.to_string());
    if matches!(format, Format::Json) {
        return serde_json::to_string_pretty(&s).expect("serializable") + "\n";
    }
    if s.urls == 0 {
        return format!(
            "result store {}: empty (run `claimtrack check` to fill it)\n",
            crate::escape::terminal_line(&s.path)
        );
    }
    let mut out = summary_text(&s);
    for (url, l) in s.entries.iter().flatten() {
        let status = l.result.status.map_or("-".to_string(), |c| c.to_string());
        out.push_str(&format!(
            "{} {status} {} {}\n",
            l.result.state.as_str(),
            l.result.checked,
            crate::escape::terminal_line(url)
        ));
    }
    out
}

/// Every entry with its history.
fn listed<'a>(store: &'a Store, history: &'a [Event]) -> BTreeMap<&'a str, Listed<'a>> {
    let mut listed: BTreeMap<&str, Listed> = store
        .entries()
        .map(|(url, result)| {
            let history = Vec::new();
            (url, Listed { result, history })
        })
        .collect();
    for e in history {
        if let Some(l) = listed.get_mut(e.url.as_str()) {
            l.history.push(e);
        }
    }
    listed
}

fn summary_text(s: &Summary) -> String {
    let states: Vec<String> = s.by_state.iter().map(|(k, n)| format!("{k} {n}")).collect();
    format!(
        "result store {}: {} URLs\n  {}\n  checked from {} to {}\n  not cited by any claim: {}{}\n",
        crate::escape::terminal_line(&s.path),
        s.urls,
        states.join(" · "),
        s.oldest.as_deref().unwrap_or_default(),
        s.newest.as_deref().unwrap_or_default(),
        s.unused,
        if s.unused > 0 {
            " (`claimtrack store prune --unused` removes them)"
        } else {
            ""
        }
    )
}
