//! The claim set's health in figures, computed once from the claims and
//! the result store: link rot by year (and by outlet), claims by verdict,
//! dead and blocked sources over time, and the sources without an
//! archive. `site::charts` draws them, `report::markdown` tabulates them,
//! `report::json` carries them as data: one home for the counting.
//!
//! A source here is a distinct http(s) URL the claims cite: cited by two
//! claims, it counts once, archived if any of its entries has an
//! archive, and published at the earliest date any of them gives.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use schemars::JsonSchema;
use serde::Serialize;

use crate::model::ClaimSet;
use crate::probe::State;
use crate::store::Store;

/// How many outlets, articles and credited outlets the figures show by
/// name: those with the most sources or claims.
pub(crate) const TOP: usize = 10;

mod counts;
pub use counts::{CreditCounts, Kind, Rot, StatusCounts};

/// Everything the report's charts show.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Health {
    /// Whether the result store holds a result for any source: without
    /// one, the figures of probe states are "not checked yet".
    pub checked: bool,
    /// Sources by the year they were published (`published`, else the
    /// year the store first saw them), oldest first; sources with
    /// neither last, with `year` null.
    pub by_year: Vec<YearRow>,
    /// The same for each of the ten outlets with most sources.
    pub by_outlet: Vec<OutletRot>,
    /// Claims by status (and credited claims by the verdict on their
    /// credit) for each of the ten articles with most claims.
    pub by_article: Vec<Verdicts>,
    /// Articles beyond those ten.
    pub more_articles: usize,
    /// Claims by status and by credit verdict for each of the ten
    /// outlets most credited.
    pub by_credited_outlet: Vec<Verdicts>,
    /// Credited outlets beyond those ten.
    pub more_credited_outlets: usize,
    /// Dead and blocked sources at each date the store recorded a change
    /// (and at the latest check), from its history, oldest first.
    pub over_time: Vec<Point>,
    /// The sources no entry gives an archived copy of, by URL.
    pub unarchived: Vec<Unarchived>,
}

/// One year's sources by state.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct YearRow {
    /// The year; null for sources with no date.
    pub year: Option<i16>,
    /// Sources in that year.
    pub sources: usize,
    #[serde(flatten)]
    pub rot: Rot,
}

/// One outlet's sources by year and state.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OutletRot {
    /// The outlet's id in outlets.toml.
    pub outlet: String,
    /// Its name.
    pub name: String,
    /// Its sources.
    pub sources: usize,
    /// Its sources by year, as `by_year` of the whole set.
    pub by_year: Vec<YearRow>,
}

/// The claims of one article or credited outlet by verdict.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Verdicts {
    /// The article's folder name, or the outlet's id.
    pub id: String,
    /// The article's title, or the outlet's name.
    pub name: String,
    /// Its claims.
    pub claims: usize,
    /// Its claims by status.
    pub status: StatusCounts,
    /// Its claims that credit an outlet, by the verdict on the credit;
    /// absent when none does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit: Option<CreditCounts>,
}

/// The sources dead and blocked at one date.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Point {
    /// A day (UTC) on which the store recorded a change, or the latest
    /// check.
    #[schemars(with = "String")]
    pub date: Date,
    /// Sources with a result by then.
    pub checked: usize,
    /// Sources dead that day.
    pub dead: usize,
    /// Sources blocked that day.
    pub blocked: usize,
}

/// A source without an archived copy.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Unarchived {
    /// The source's URL.
    pub url: String,
    /// The claims citing it (`article/id`).
    pub claims: Vec<String>,
}

/// A distinct source URL and what its entries say.
struct Cited<'a> {
    url: &'a str,
    published: Option<Date>,
    archived: bool,
    outlet: Option<&'a str>,
}

/// The http(s) URL of each source of `set`, with its claim's index.
fn source_urls(set: &ClaimSet) -> impl Iterator<Item = (usize, &crate::model::Source, &str)> {
    set.claims.iter().enumerate().flat_map(|(n, c)| {
        c.sources.iter().filter_map(move |s| {
            let url = s.url.as_ref()?.url.as_ref()?;
            matches!(url.scheme(), "http" | "https").then_some((n, s, url.as_str()))
        })
    })
}

/// Where each URL is in [`cited`]'s list.
type Index<'a> = HashMap<&'a str, usize>;

/// The distinct http(s) sources of `set`, in the order first cited. Sized
/// up front: at 100,000 claims they are hundreds of thousands.
fn cited(set: &ClaimSet) -> (Vec<Cited<'_>>, Index<'_>) {
    let n = source_urls(set).count();
    let mut at: Index<'_> = HashMap::with_capacity(n);
    let mut out: Vec<Cited<'_>> = Vec::with_capacity(n);
    for (_, s, url) in source_urls(set) {
        let i = *at.entry(url).or_insert_with(|| {
            out.push(Cited {
                url,
                published: None,
                archived: false,
                outlet: set.source_outlet(s),
            });
            out.len() - 1
        });
        let e = &mut out[i];
        if let Some(d) = &s.published {
            e.published = Some(e.published.map_or(d.value, |p| p.min(d.value)));
        }
        e.archived |= s.archive.is_some();
    }
    (out, at)
}

/// The sources no entry archives, each with the claims citing it.
fn unarchived(set: &ClaimSet, cited: &[Cited<'_>], at: &Index<'_>) -> Vec<Unarchived> {
    // Each cited source's place in the list, if it is in it.
    let mut place = vec![usize::MAX; cited.len()];
    let mut out = Vec::new();
    for (i, c) in cited.iter().enumerate().filter(|(_, c)| !c.archived) {
        place[i] = out.len();
        out.push(Unarchived {
            url: c.url.to_string(),
            claims: Vec::new(),
        });
    }
    for (n, _, url) in source_urls(set) {
        if let Some(u) = out.get_mut(place[at[url]]) {
            let id = set.claims[n].full_id();
            if u.claims.last() != Some(&id) {
                u.claims.push(id);
            }
        }
    }
    out
}

impl Health {
    /// The figures of `set` with the results and history of `store`.
    pub(crate) fn of(set: &ClaimSet, store: Option<&Store>) -> Health {
        let (cited, at) = cited(set);
        // Each source's latest result, looked up once.
        let latest: Vec<Option<(Day, State)>> = cited
            .iter()
            .map(|c| {
                let e = store?.get(c.url)?;
                Some((day(e.checked), e.state))
            })
            .collect();
        let past = store
            .map(|s| History::of(&at, &latest, s))
            .unwrap_or_default();
        let checked = latest.iter().any(Option::is_some);
        let year = |i: usize, c: &Cited<'_>| {
            c.published
                .or_else(|| {
                    let seen = past.first_seen.get(i).copied().flatten();
                    seen.or(latest[i].map(|(d, _)| d)).map(date)
                })
                .map(|d| d.year())
        };
        let kind = |i: usize, c: &Cited<'_>| Kind::of(latest[i].map(|(_, s)| s), c.archived);
        let rows: Vec<Dated> = cited
            .iter()
            .enumerate()
            .map(|(i, c)| (year(i, c), kind(i, c)))
            .collect();
        let (by_article, more_articles) = by_article(set);
        let (by_credited_outlet, more_credited_outlets) = by_credited_outlet(set);
        Health {
            checked,
            by_year: years(rows.iter().copied()),
            by_outlet: by_outlet(
                set,
                cited.iter().map(|c| c.outlet).zip(rows.iter().copied()),
            ),
            by_article,
            more_articles,
            by_credited_outlet,
            more_credited_outlets,
            over_time: past.points(),
            unarchived: unarchived(set, &cited, &at),
        }
    }

    /// The sources (distinct URLs) the figures count.
    pub(crate) fn sources(&self) -> usize {
        self.by_year.iter().map(|r| r.sources).sum()
    }
}

/// A day (UTC), as the days since 1970-01-01: cheap to compute for
/// hundreds of thousands of events, and turned into a [`Date`] only for
/// the few that are shown.
type Day = i64;

fn day(t: jiff::Timestamp) -> Day {
    t.as_second().div_euclid(86_400)
}

fn date(day: Day) -> Date {
    jiff::Timestamp::from_second(day * 86_400)
        .map_or(Date::MIN, |t| t.to_zoned_datetime(TimeZone::UTC).date())
}

/// A source's year (none: no date) and what became of it.
type Dated = (Option<i16>, Kind);

/// Rows by year, oldest first, "no date" last.
fn years(items: impl Iterator<Item = Dated>) -> Vec<YearRow> {
    let mut by: BTreeMap<(bool, i16), Rot> = BTreeMap::new();
    for (year, kind) in items {
        by.entry((year.is_none(), year.unwrap_or(0)))
            .or_default()
            .add(kind);
    }
    by.into_iter()
        .map(|((none, y), rot)| YearRow {
            year: (!none).then_some(y),
            sources: rot.total(),
            rot,
        })
        .collect()
}

/// The ten outlets with most sources, each by year.
fn by_outlet<'a>(
    set: &ClaimSet,
    rows: impl Iterator<Item = (Option<&'a str>, Dated)>,
) -> Vec<OutletRot> {
    let mut per: HashMap<&str, Vec<Dated>> = HashMap::new();
    for (outlet, dated) in rows {
        if let Some(o) = outlet {
            per.entry(o).or_default().push(dated);
        }
    }
    let mut outlets: Vec<(&str, Vec<Dated>)> = per.into_iter().collect();
    outlets.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    outlets
        .into_iter()
        .take(TOP)
        .map(|(id, items)| OutletRot {
            outlet: id.to_string(),
            name: outlet_name(set, id),
            sources: items.len(),
            by_year: years(items.into_iter()),
        })
        .collect()
}

fn outlet_name(set: &ClaimSet, id: &str) -> String {
    set.outlet(id)
        .map_or_else(|| id.to_string(), |o| o.name.value.clone())
}

/// The ten articles with most claims by status (and, for those that
/// credit an outlet, the credited claims by verdict), and how many are
/// left.
fn by_article(set: &ClaimSet) -> (Vec<Verdicts>, usize) {
    let mut rows: Vec<Verdicts> = set
        .articles
        .iter()
        .map(|a| {
            let claims = set.claims_of(&a.slug);
            let mut status = StatusCounts::default();
            let mut credit: Option<CreditCounts> = None;
            for c in claims {
                status.add(c.status.value);
                if c.attributed_to.is_some() {
                    credit.get_or_insert_default().add(c.credit());
                }
            }
            Verdicts {
                id: a.slug.clone(),
                name: a.title.value.clone(),
                claims: claims.len(),
                status,
                credit,
            }
        })
        .filter(|v| v.claims > 0)
        .collect();
    top(&mut rows)
}

/// The ten outlets most credited, their claims by status and credit.
fn by_credited_outlet(set: &ClaimSet) -> (Vec<Verdicts>, usize) {
    let mut per: BTreeMap<&str, (StatusCounts, CreditCounts)> = BTreeMap::new();
    for c in &set.claims {
        if let Some(to) = &c.attributed_to {
            let (status, credit) = per.entry(to.value.as_str()).or_default();
            status.add(c.status.value);
            credit.add(c.credit());
        }
    }
    let mut rows: Vec<Verdicts> = per
        .into_iter()
        .map(|(id, (status, credit))| Verdicts {
            id: id.to_string(),
            name: outlet_name(set, id),
            claims: status.total(),
            status,
            credit: Some(credit),
        })
        .collect();
    top(&mut rows)
}

/// Keeps the `TOP` rows with most claims (ties by id); returns them and
/// how many were left out.
fn top(rows: &mut Vec<Verdicts>) -> (Vec<Verdicts>, usize) {
    rows.sort_by(|a, b| b.claims.cmp(&a.claims).then(a.id.cmp(&b.id)));
    let more = rows.len().saturating_sub(TOP);
    rows.truncate(TOP);
    (std::mem::take(rows), more)
}

/// What the store's history says of the cited sources, read as a stream
/// (a URL's events together, oldest first): the day each was first seen,
/// and per day the change in the sources checked, dead and blocked, each
/// source in the last state recorded on or before that day.
#[derive(Default)]
struct History {
    /// By index in the cited sources.
    first_seen: Vec<Option<Day>>,
    delta: BTreeMap<Day, [i64; 3]>,
}

impl History {
    /// `latest`: each cited source's latest result (its day and state).
    fn of(at: &Index<'_>, latest: &[Option<(Day, State)>], store: &Store) -> History {
        let mut h = History {
            first_seen: vec![None; latest.len()],
            delta: BTreeMap::new(),
        };
        // The cited sources' events, by source then time: sorted here,
        // which at 100,000 claims is far cheaper than SQLite's sorter.
        let mut events: Vec<(u32, i64, State)> = Vec::new();
        let read = store.each_event(|e| {
            if let Some(&i) = at.get(e.url) {
                events.push((i as u32, e.checked.as_microsecond(), e.state));
            }
        });
        if read.is_err() {
            // An unreadable history: the results alone.
            events.clear();
        }
        events.sort_by_key(|&(i, t, _)| (i, t));
        let mut group: Vec<(Day, State)> = Vec::new();
        let mut rest = &events[..];
        for (i, latest) in latest.iter().enumerate() {
            let n = rest.iter().take_while(|e| e.0 as usize == i).count();
            group.clear();
            group.extend(
                rest[..n]
                    .iter()
                    .map(|&(_, t, s)| (t.div_euclid(86_400_000_000), s)),
            );
            rest = &rest[n..];
            h.sweep(i, &group, *latest);
        }
        h
    }

    /// Source `i`: its `events`, then its `latest` result.
    fn sweep(&mut self, i: usize, events: &[(Day, State)], latest: Option<(Day, State)>) {
        self.first_seen[i] = events.first().map(|(d, _)| *d);
        let Some(latest) = latest else {
            return;
        };
        let mut timeline = events.iter().copied().chain([latest]).peekable();
        let mut prev: Option<State> = None;
        while let Some((d, state)) = timeline.next() {
            // The last state of each day.
            if timeline.peek().is_some_and(|(next, _)| *next == d) {
                continue;
            }
            let slot = self.delta.entry(d).or_default();
            if prev.is_none() {
                slot[0] += 1;
            }
            for (k, s) in [(1, State::Dead), (2, State::Blocked)] {
                slot[k] += i64::from(state == s) - i64::from(prev == Some(s));
            }
            prev = Some(state);
        }
    }

    /// The sources checked, dead and blocked at each day.
    fn points(&self) -> Vec<Point> {
        let mut now = [0i64; 3];
        self.delta
            .iter()
            .map(|(day, d)| {
                for k in 0..3 {
                    now[k] += d[k];
                }
                Point {
                    date: date(*day),
                    checked: now[0] as usize,
                    dead: now[1] as usize,
                    blocked: now[2] as usize,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
