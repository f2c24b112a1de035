//! The figures on claim sets and stores built by hand, with results
//! recorded on days of the tests' choosing.

use std::path::Path;

use jiff::Timestamp;

use super::*;
use crate::model::{Credit, Status};
use crate::probe::Outcome;

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A claim set in `root`: outlets, one article `a`, and `claims` (id,
/// text of the file).
fn set(root: &Path, claims: &[(&str, &str)]) -> ClaimSet {
    write(
        root,
        "claims/outlets.toml",
        "[herald]\nname = \"The Herald\"\ndomains = [\"herald.example\"]\n\n[post]\nname = \"The Post\"\ndomains = [\"post.example\"]\n",
    );
    write(
        root,
        "claims/a/article.toml",
        "title = \"A\"\noutlet = \"herald\"\n",
    );
    for (id, text) in claims {
        write(root, &format!("claims/a/{id}.toml"), text);
    }
    let loaded = crate::load::load(root).unwrap();
    assert!(loaded.failures.is_empty());
    loaded.set
}

fn claim(sources: &[&str]) -> String {
    let mut s = String::from("claim = \"C.\"\nstatus = \"unverified\"\n");
    for src in sources {
        s.push_str(&format!("\n[[sources]]\n{src}\n"));
    }
    s
}

/// Noon of `day`, or the time it gives (`2026-01-03T13:00:00`).
fn at(day: &str) -> Timestamp {
    if day.len() > 10 {
        return format!("{day}Z").parse().unwrap();
    }
    format!("{day}T12:00:00Z").parse().unwrap()
}

/// A store at `root` with `results` (URL, state, day) recorded in turn,
/// saved and opened again, as a report opens it.
fn store(root: &Path, results: &[(&str, State, &str)]) -> Store {
    let path = root.join("cache");
    let mut s = Store::open(&path);
    for (url, state, day) in results {
        s.record(&Outcome::bare(url, *state), at(day));
    }
    s.save().unwrap();
    Store::open(&path)
}

const H1: &str = "https://herald.example/1";
const H2: &str = "https://herald.example/2";
const P1: &str = "https://post.example/1";
const P2: &str = "https://post.example/2";

#[test]
fn kinds_of_states() {
    assert_eq!(Kind::of(None, true), Kind::NotChecked);
    assert_eq!(Kind::of(Some(State::Ok), false), Kind::Ok);
    assert_eq!(Kind::of(Some(State::Redirected), false), Kind::Redirected);
    assert_eq!(Kind::of(Some(State::Blocked), false), Kind::Blocked);
    assert_eq!(Kind::of(Some(State::Dead), false), Kind::Dead);
    assert_eq!(Kind::of(Some(State::Dead), true), Kind::DeadArchived);
    for s in [
        State::ServerError,
        State::Timeout,
        State::Unreachable,
        State::Refused,
    ] {
        assert_eq!(Kind::of(Some(s), false), Kind::Failing);
    }
    let mut rot = Rot::default();
    for k in Kind::ALL {
        rot.add(k);
        assert_eq!(rot.get(k), 1, "{k:?}");
    }
    assert_eq!(rot.total(), 7);
    let labels = Kind::ALL.map(Kind::label);
    assert_eq!(
        labels,
        [
            "ok",
            "redirected",
            "blocked",
            "failing",
            "dead, archived",
            "dead",
            "not checked"
        ]
    );
}

#[test]
fn counts_by_status_and_credit() {
    let mut status = StatusCounts::default();
    for (i, s) in Status::ALL.into_iter().enumerate() {
        for _ in 0..=i {
            status.add(s);
        }
    }
    let got: Vec<usize> = Status::ALL.iter().map(|s| status.get(*s)).collect();
    assert_eq!(got, [1, 2, 3, 4, 5]);
    assert_eq!(status.total(), 15);
    let mut credit = CreditCounts::default();
    for (i, c) in Credit::ALL.into_iter().enumerate() {
        for _ in 0..=i {
            credit.add(c);
        }
    }
    let got: Vec<usize> = Credit::ALL.iter().map(|c| credit.get(*c)).collect();
    assert_eq!(got, [1, 2, 3, 4]);
    assert_eq!(credit.total(), 10);
}

/// Sources of two outlets: published, undated but seen, unchecked, not
/// http(s), cited twice with two dates and one archive.
fn cited_twice(root: &Path) -> (ClaimSet, Store) {
    let set = set(
        root,
        &[
            (
                "one",
                &claim(&[
                    &format!("url = \"{H1}\"\npublished = 2015-03-01"),
                    &format!("url = \"{P1}\"\npublished = 2014-05-01"),
                    &format!("url = \"{P2}\""),
                    "url = \"https://herald.example/unchecked\"",
                    "url = \"ftp://herald.example/not-a-page\"",
                ]),
            ),
            // H1 again: the earliest date and any archive count.
            (
                "two",
                &claim(&[&format!(
                    "url = \"{H1}\"\npublished = 2014-01-01\narchive = \"https://web.archive.org/web/2020/{H1}\""
                )]),
            ),
        ],
    );
    let store = store(
        root,
        &[
            (H1, State::Dead, "2026-11-02"),
            (P1, State::Ok, "2026-11-02"),
            (P2, State::Blocked, "2025-06-01"),
            (P2, State::Blocked, "2026-11-02"),
        ],
    );
    (set, store)
}

#[test]
fn sources_by_year_from_published_else_first_sight() {
    let dir = tempfile::tempdir().unwrap();
    let (set, store) = cited_twice(dir.path());
    let h = Health::of(&set, Some(&store));
    assert!(h.checked);
    assert_eq!(h.sources(), 4, "distinct http(s) URLs");
    let years: Vec<(Option<i16>, usize, Rot)> = h
        .by_year
        .iter()
        .map(|r| (r.year, r.sources, r.rot))
        .collect();
    assert_eq!(
        years,
        [
            (
                Some(2014),
                2,
                Rot {
                    ok: 1,
                    dead_archived: 1,
                    ..Rot::default()
                }
            ),
            (
                Some(2025),
                1,
                Rot {
                    blocked: 1,
                    ..Rot::default()
                }
            ),
            (
                None,
                1,
                Rot {
                    not_checked: 1,
                    ..Rot::default()
                }
            ),
        ]
    );
}

#[test]
fn sources_by_outlet_and_those_without_an_archive() {
    let dir = tempfile::tempdir().unwrap();
    let (set, store) = cited_twice(dir.path());
    let h = Health::of(&set, Some(&store));
    // By outlet: the Herald has 2 sources, the Post 2; ties by id.
    let outlets: Vec<(&str, usize)> = h
        .by_outlet
        .iter()
        .map(|o| (o.outlet.as_str(), o.sources))
        .collect();
    assert_eq!(outlets, [("herald", 2), ("post", 2)]);
    assert_eq!(h.by_outlet[0].name, "The Herald");
    assert_eq!(h.by_outlet[0].by_year.len(), 2);
    // H1 is archived by claim two; the rest are not.
    let unarchived: Vec<(&str, usize)> = h
        .unarchived
        .iter()
        .map(|u| (u.url.as_str(), u.claims.len()))
        .collect();
    assert_eq!(
        unarchived,
        [(P1, 1), (P2, 1), ("https://herald.example/unchecked", 1)]
    );
}

#[test]
fn dead_and_blocked_over_time_take_each_days_last_state() {
    let dir = tempfile::tempdir().unwrap();
    let sources: Vec<String> = [H1, H2, P1]
        .iter()
        .map(|u| format!("url = \"{u}\""))
        .collect();
    let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
    let set = set(dir.path(), &[("one", &claim(&refs))]);
    let store = store(
        dir.path(),
        &[
            (H1, State::Ok, "2026-01-01"),
            (H2, State::Blocked, "2026-01-02"),
            // Failing, then dead, on one day: it ends the day dead.
            (H1, State::Timeout, "2026-01-03"),
            (H1, State::Dead, "2026-01-03T13:00:00"),
            (P1, State::Dead, "2026-01-03"),
            (H2, State::Ok, "2026-01-04"),
            (H1, State::Ok, "2026-01-05"),
            (H1, State::Dead, "2026-01-05T13:00:00"),
            // Not cited: not counted.
            ("https://elsewhere.example/", State::Dead, "2026-01-02"),
        ],
    );
    let h = Health::of(&set, Some(&store));
    let points: Vec<(String, usize, usize, usize)> = h
        .over_time
        .iter()
        .map(|p| (p.date.to_string(), p.checked, p.dead, p.blocked))
        .collect();
    assert_eq!(
        points,
        [
            ("2026-01-01".into(), 1, 0, 0),
            ("2026-01-02".into(), 2, 0, 1),
            ("2026-01-03".into(), 3, 2, 1),
            ("2026-01-04".into(), 3, 2, 0),
            ("2026-01-05".into(), 3, 2, 0),
        ]
    );
}

#[test]
fn without_a_result_nothing_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let set = set(
        dir.path(),
        &[("one", &claim(&[&format!("url = \"{H1}\"")]))],
    );
    for store in [
        None,
        Some(store(dir.path(), &[(P1, State::Ok, "2026-01-01")])),
    ] {
        let h = Health::of(&set, store.as_ref());
        assert!(!h.checked);
        assert_eq!(h.by_year[0].rot.not_checked, 1);
        assert!(h.over_time.is_empty(), "{:?}", h.over_time);
    }
}

#[test]
fn the_articles_and_outlets_with_most_claims_and_how_many_more() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "claims/outlets.toml",
        "[herald]\nname = \"The Herald\"\ndomains = []\n\n[post]\nname = \"The Post\"\ndomains = []\n",
    );
    // An article without claims is no bar.
    write(
        root,
        "claims/empty/article.toml",
        "title = \"T\"\noutlet = \"herald\"\n",
    );
    for i in 0..12 {
        write(
            root,
            &format!("claims/a{i:02}/article.toml"),
            "title = \"T\"\noutlet = \"herald\"\n",
        );
        for j in 0..=i {
            let (status, credit) = if j % 2 == 0 {
                ("supported", "confirmed")
            } else {
                ("refuted", "misattributed")
            };
            let to = if i < 6 { "herald" } else { "post" };
            write(
                root,
                &format!("claims/a{i:02}/c{j}.toml"),
                &format!(
                    "claim = \"C.\"\nstatus = \"{status}\"\nattributed_to = \"{to}\"\ncredit = \"{credit}\"\nnote = \"n\"\n"
                ),
            );
        }
    }
    let set = crate::load::load(root).unwrap().set;
    let h = Health::of(&set, None);
    let articles: Vec<(&str, usize)> = h
        .by_article
        .iter()
        .map(|v| (v.id.as_str(), v.claims))
        .collect();
    assert_eq!(articles.len(), TOP);
    assert_eq!(articles[0], ("a11", 12));
    assert_eq!(articles[9], ("a02", 3));
    assert_eq!(h.more_articles, 2);
    assert_eq!(h.by_article[0].status.supported, 6);
    assert_eq!(h.by_article[0].status.refuted, 6);
    let credit = h.by_article[0].credit.unwrap();
    assert_eq!((credit.confirmed, credit.misattributed), (6, 6));
    // The Post is credited by a06..a11: 7 + 8 + … + 12 = 57 claims.
    let outlets: Vec<(&str, usize)> = h
        .by_credited_outlet
        .iter()
        .map(|v| (v.name.as_str(), v.claims))
        .collect();
    assert_eq!(outlets, [("The Post", 57), ("The Herald", 21)]);
    let post = h.by_credited_outlet[0].credit.unwrap();
    assert_eq!((post.confirmed, post.misattributed), (30, 27));
    assert_eq!(h.more_credited_outlets, 0);
}

#[test]
fn days_are_utc_days_also_before_1970() {
    for t in [
        "1969-12-31T23:59:59Z",
        "1970-01-01T00:00:00Z",
        "2026-01-03T23:59:59Z",
        "2026-01-04T00:00:00Z",
    ] {
        let t: Timestamp = t.parse().unwrap();
        let expected = t.to_zoned_datetime(TimeZone::UTC).date();
        assert_eq!(date(day(t)), expected, "{t}");
    }
    assert_eq!(
        day("2026-01-04T00:00:00Z".parse().unwrap()) - day("2026-01-03T23:59:59Z".parse().unwrap()),
        1
    );
}
