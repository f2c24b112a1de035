//! Finding an excerpt in a page's text. Both sides are normalised and case
//! folded; `[…]`, `[...]`, `…` and `...` in an excerpt match any text
//! between its parts, in order. When the excerpt is missing, the closest
//! passage is found by word overlap in one sliding window over the page,
//! then scored by edit distance (by shared words when the texts are too
//! long for an edit distance: it is quadratic).

use std::collections::HashMap;

use super::normalize::{fold, normalize_both};

#[derive(Debug, PartialEq)]
pub enum Match {
    Found,
    Missing {
        /// The page's passage most like the excerpt (normalised, with its
        /// case).
        closest: Option<String>,
        /// 0 to 1: how alike the passage and the excerpt are.
        similarity: f64,
    },
}

/// The excerpt's parts between gaps, normalised.
fn parts(excerpt: &str) -> Vec<String> {
    let n = fold(excerpt);
    n.replace("[...]", "\u{0}")
        .replace("...", "\u{0}")
        .split('\u{0}')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A page's text, normalised once for every excerpt looked for in it.
pub struct Prepared {
    /// The page as decoded (HTML or text): passages are shown from its
    /// visible text, extracted again only when an excerpt is missing.
    source: String,
    is_html: bool,
    /// The visible text, normalised and case folded: what is searched.
    pub folded: String,
}

impl Prepared {
    /// From plain text.
    pub fn new(text: String) -> Prepared {
        let folded = fold(&text);
        Prepared {
            source: text,
            is_html: false,
            folded,
        }
    }

    /// From an HTML page: its visible text, folded.
    pub fn from_html(html: String) -> Prepared {
        // Extracting, then folding in one run over the text, is faster
        // than folding piece by piece as the page is walked.
        let folded = fold(&super::html::visible_text(&html));
        Prepared {
            source: html,
            is_html: true,
            folded,
        }
    }

    /// The visible text, not normalised.
    pub fn text(&self) -> String {
        if self.is_html {
            super::html::visible_text(&self.source)
        } else {
            self.source.clone()
        }
    }
}

/// Looks for `excerpt` in a prepared page.
pub fn find_in(page: &Prepared, excerpt: &str) -> Match {
    let folded = &page.folded;
    let parts = parts(excerpt);
    let mut from = 0;
    let mut all = !parts.is_empty();
    for part in &parts {
        match memchr::memmem::find(&folded.as_bytes()[from..], part.as_bytes()) {
            Some(i) => from += i + part.len(),
            None => {
                all = false;
                break;
            }
        }
    }
    if all {
        return Match::Found;
    }
    // Same length in both forms: a passage can be shown with its case.
    let wanted = parts.join(" ");
    // Of the windows sharing the most words, the one closest in edit
    // distance (a bounded number of candidates).
    let best = closest(folded, &wanted)
        .into_iter()
        .map(|range| (similarity(&folded[range.clone()], &wanted), range))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((similarity, range)) => {
            // Shown with its case where both forms line up byte for byte.
            let (cased, again) = normalize_both(&page.text());
            let shown = if again.len() == cased.len() && again == *folded {
                &cased
            } else {
                folded
            };
            Match::Missing {
                similarity,
                closest: Some(shown[range].to_string()),
            }
        }
        None => Match::Missing {
            closest: None,
            similarity: 0.0,
        },
    }
}

/// Candidates scored further by edit distance.
const CANDIDATES: usize = 32;

/// The most cells (bytes of one text times bytes of the other) an edit
/// distance may take: a few sentences against a passage as long. Times
/// [`CANDIDATES`], a few tens of milliseconds per excerpt at most.
const MAX_EDIT_CELLS: usize = 250_000;

/// 0 to 1: how alike a passage and the wanted text are. By edit distance,
/// which is quadratic; past [`MAX_EDIT_CELLS`] (excerpts of thousands of
/// words, or pages with huge words) by the words they share, which is
/// linear (the Sørensen–Dice coefficient of their word multisets).
fn similarity(passage: &str, wanted: &str) -> f64 {
    if passage.len().saturating_mul(wanted.len()) <= MAX_EDIT_CELLS {
        return strsim::normalized_levenshtein(passage, wanted);
    }
    let mut need: HashMap<&str, usize> = HashMap::new();
    for w in wanted.split(' ') {
        *need.entry(w).or_default() += 1;
    }
    let (mut shared, mut count) = (0, 0);
    for w in passage.split(' ') {
        count += 1;
        if let Some(n) = need.get_mut(w).filter(|n| **n > 0) {
            *n -= 1;
            shared += 1;
        }
    }
    let total = count + wanted.split(' ').count();
    2.0 * shared as f64 / total as f64
}

/// The byte ranges of the windows of `page` (as many words as `wanted`
/// has) that share the most words with it, at most [`CANDIDATES`]. Linear
/// in the page's length.
fn closest(page: &str, wanted: &str) -> Vec<std::ops::Range<usize>> {
    let mut need: HashMap<&str, i32> = HashMap::new();
    for w in wanted.split(' ') {
        *need.entry(w).or_default() += 1;
    }
    let size = wanted.split(' ').count();
    let words: Vec<(usize, &str)> = page
        .split(' ')
        .scan(0, |pos, w| {
            let start = *pos;
            *pos += w.len() + 1;
            Some((start, w))
        })
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut have: HashMap<&str, i32> = HashMap::new();
    let mut overlap = 0;
    let mut best = 0;
    let mut ends: Vec<usize> = Vec::new();
    for (i, &(_, w)) in words.iter().enumerate() {
        let h = have.entry(w).or_default();
        *h += 1;
        if *h <= need.get(w).copied().unwrap_or(0) {
            overlap += 1;
        }
        if i >= size {
            let out = words[i - size].1;
            let h = have.get_mut(out).expect("counted on the way in");
            if *h <= need.get(out).copied().unwrap_or(0) {
                overlap -= 1;
            }
            *h -= 1;
        }
        if overlap > best {
            best = overlap;
            ends.clear();
        }
        if overlap == best && overlap > 0 && ends.len() < CANDIDATES {
            ends.push(i);
        }
    }
    ends.into_iter()
        .map(|last| {
            let first = last.saturating_sub(size - 1);
            words[first].0..words[last].0 + words[last].1.len()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Looks for `excerpt` in `page` (the page's extracted text, raw).
    fn find(page: &str, excerpt: &str) -> Match {
        find_in(&Prepared::new(page.to_string()), excerpt)
    }

    #[test]
    fn found_across_case_quotes_and_gaps() {
        let page = "The State Duma on Friday ratified an agreement writing off 90\u{a0}percent of North Korea\u{2019}s $10.96 billion debt.";
        assert_eq!(
            find(page, "writing off 90 percent of North Korea's"),
            Match::Found
        );
        assert_eq!(
            find(page, "THE STATE DUMA […] north korea's $10.96 billion debt"),
            Match::Found
        );
        assert_eq!(
            find(page, "State Duma ... ratified ... debt."),
            Match::Found
        );
        // Parts must come in order.
        assert!(matches!(
            find(page, "debt ... State Duma"),
            Match::Missing { .. }
        ));
    }

    #[test]
    fn missing_shows_the_closest_passage() {
        let page = "Intro text. The Duma ratified a deal writing off 80 percent of the debt on Friday. Other news.";
        let Match::Missing {
            closest,
            similarity,
        } = find(page, "writing off 90 percent of the debt")
        else {
            panic!("must be missing");
        };
        assert_eq!(
            closest.as_deref(),
            Some("writing off 80 percent of the debt")
        );
        assert!(similarity > 0.9 && similarity < 1.0, "{similarity}");
        let Match::Missing { closest, .. } = find("nothing alike here", "writing off debt") else {
            panic!()
        };
        assert_eq!(closest, None);
    }

    #[test]
    fn a_long_excerpt_is_scored_in_linear_time() {
        // 4,000 words (about 24 KB), missing from a page that repeats them
        // with every tenth word changed: 32 windows share every word, and
        // an edit distance over each took minutes.
        let words: Vec<String> = (0..4000).map(|i| format!("w{i}")).collect();
        let excerpt = words.join(" ");
        let edited: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i % 10 == 0 {
                    format!("x{i}")
                } else {
                    w.clone()
                }
            })
            .collect();
        let page = [edited.join(" "), edited.join(" "), edited.join(" ")].join(" ");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(find(&page, &excerpt)));
        let found = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("scored in less than 10 s");
        let Match::Missing {
            closest,
            similarity,
        } = found
        else {
            panic!("must be missing");
        };
        assert!(closest.is_some());
        assert!(similarity > 0.8 && similarity < 1.0, "{similarity}");
    }
}
