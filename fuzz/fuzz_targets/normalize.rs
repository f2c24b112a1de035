//! The excerpt normaliser and matcher: `normalize::fold` and
//! `normalize_both` (the fast and the slow path must agree), `Prepared`
//! and `find_in` on an input split at its first NUL byte into a page and
//! an excerpt, and the fingerprint.

#![no_main]

use claimtrack::text::search::{Match, Prepared, find_in};
use claimtrack::text::fingerprint::fingerprint;
use claimtrack::text::normalize::{fold, normalize_both};
use libfuzzer_sys::fuzz_target;

/// Whether an excerpt has no text to look for: nothing but gaps and
/// spaces once folded.
fn no_parts(excerpt: &str) -> bool {
    fold(excerpt)
        .replace("[...]", "\0")
        .replace("...", "\0")
        .chars()
        .all(|c| c == '\0' || c.is_whitespace())
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let (page, excerpt) = input.split_once('\0').unwrap_or((&input, ""));

    // The fast path and the slow one agree, on both sides.
    for s in [page, excerpt] {
        assert_eq!(
            fold(s),
            normalize_both(s).1,
            "fold and normalize_both disagree on {s:?}"
        );
    }

    let prepared = Prepared::new(page.to_string());
    match find_in(&prepared, excerpt) {
        Match::Found => {}
        Match::Missing {
            closest,
            similarity,
        } => {
            assert!((0.0..=1.0).contains(&similarity), "similarity {similarity}");
            let _ = closest;
        }
    }
    // A page contains itself, as an excerpt.
    if !no_parts(page) {
        assert_eq!(
            find_in(&prepared, page),
            Match::Found,
            "the page is not found in itself: {page:?}"
        );
    }
    let html = Prepared::from_html(page.to_string());
    let _ = find_in(&html, excerpt);
    let _ = fingerprint(&prepared.folded);
});
