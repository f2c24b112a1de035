//! The stages that need no network, on values built by hand.

use std::time::Duration;

use super::*;

fn url(path: &str) -> url::Url {
    url::Url::parse(&format!("https://example.com/{path}")).unwrap()
}

fn selected(path: &str, words: &[&str]) -> Selected {
    Selected {
        target: Target {
            url: url(path),
            citations: Vec::new(),
        },
        sites: words
            .iter()
            .map(|w| Site {
                file: FileId(0),
                span: 0..1,
                url: url(path),
                words: w.to_string(),
                key: "excerpt",
            })
            .collect(),
    }
}

fn outcome(path: &str, state: State) -> Outcome {
    Outcome::bare(url(path).as_str(), state)
}

#[test]
fn plan_reuses_a_fresh_ok_only_when_its_page_is_not_needed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cache"));
    let now = Timestamp::now();
    for path in ["fresh", "wanted"] {
        store.record(&outcome(path, State::Ok), now);
    }
    store.record(&outcome("dead", State::Dead), now);
    let selection = Selection {
        total: 5,
        excluded: 0,
        targets: vec![
            selected("fresh", &[]),
            selected("wanted", &["words"]),
            selected("dead", &[]),
            selected("unknown", &[]),
        ],
    };
    let plan = plan(selection, Some(&store), Duration::from_secs(3600), now);
    assert_eq!(plan.total, 5);
    assert_eq!(plan.reused, [url("fresh").to_string()]);
    let probed: Vec<&str> = plan.probe.iter().map(|s| s.target.url.path()).collect();
    assert_eq!(probed, ["/wanted", "/dead", "/unknown"]);
    let stale = Selection {
        total: 1,
        excluded: 0,
        targets: vec![selected("fresh", &[])],
    };
    let later = now + jiff::SignedDuration::from_hours(2);
    let plan = super::plan(stale, Some(&store), Duration::from_secs(3600), later);
    assert!(plan.reused.is_empty(), "an hour's ttl is over");
}

#[test]
fn judge_pairs_each_site_with_the_verdict_on_its_words() {
    let reading = Reading {
        verdicts: HashMap::from([
            ("same".to_string(), Verdict::Found),
            (
                "other".to_string(),
                Verdict::Missing {
                    closest: None,
                    similarity: 0.0,
                },
            ),
        ]),
        fingerprint: Some(7),
    };
    let probed = Probed {
        total: 4,
        excluded: 0,
        reused: vec![url("reused").to_string()],
        urls: vec![
            ProbedUrl {
                selected: selected("read", &["same", "other", "same"]),
                outcome: outcome("read", State::Ok),
                reading: Some(reading),
            },
            ProbedUrl {
                selected: selected("dead", &["unread"]),
                outcome: outcome("dead", State::Dead),
                reading: None,
            },
        ],
        network_down: false,
    };
    let judged = judge(probed);
    let c = &judged.counts;
    assert_eq!((c.total, c.probed, c.from_store), (4, 2, 1));
    assert_eq!((c.ok, c.dead), (2, 1), "the reused one is ok");
    assert_eq!((c.excerpts_found, c.excerpts_missing), (2, 1));
    assert_eq!(c.excerpts_unverifiable, 0);
    let verdicts: Vec<(&str, Option<&str>)> = judged
        .urls
        .iter()
        .flat_map(|j| &j.excerpts)
        .map(|e| {
            let v = e.verdict.as_ref().map(|v| match v {
                Verdict::Found => "found",
                Verdict::Missing { .. } => "missing",
                _ => "other",
            });
            (e.site.words.as_str(), v)
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("same", Some("found")),
            ("other", Some("missing")),
            ("same", Some("found")),
            ("unread", None)
        ]
    );
    assert_eq!(judged.urls[0].fingerprint, Some(7));
    let mut answering: Vec<&str> = judged.answering().into_iter().collect();
    answering.sort();
    assert_eq!(
        answering,
        ["https://example.com/read", "https://example.com/reused"]
    );
}

#[test]
fn the_store_keeps_the_most_recently_found_words_of_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("results.json"));
    let page = outcome("a", State::Ok);
    let start = Timestamp::from_second(1_700_000_000).unwrap();
    store.record(&page, start);
    // Found on separate runs, a second apart: the oldest are let go.
    for i in 0..70 {
        let t = start + jiff::SignedDuration::from_secs(i);
        store.words_found(&page.url, &format!("words number {i}"), t);
    }
    assert_eq!(store.words_seen(&page.url, "words number 5"), None);
    assert_eq!(
        store.words_seen(&page.url, "words number 6"),
        Some(start + jiff::SignedDuration::from_secs(6))
    );
    // Looked up by their normalised form, and kept over the next record.
    store.record(&page, start);
    assert_eq!(
        store.words_seen(&page.url, "WORDS  number\u{a0}69"),
        Some(start + jiff::SignedDuration::from_secs(69))
    );
    // Nothing is remembered for a page the store has no entry for.
    store.words_found("https://example.com/b", "x", start);
    assert_eq!(store.words_seen("https://example.com/b", "x"), None);
}
