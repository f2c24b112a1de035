//! Finding an excerpt in a page's text. Both sides are normalised and case
//! folded; `[…]`, `[...]`, `…` and `...` in an excerpt match any text
//! between its parts, in order; character references pasted into an
//! excerpt (`&rsquo;`) read as the characters they name. When the excerpt
//! is missing, the closest passage is found by shared units (words, or
//! single characters of scripts written without spaces: Chinese, Japanese,
//! Thai…) in one sliding window over the page, then scored by edit
//! distance (by shared units when the texts are too long for an edit
//! distance: it is quadratic). A page is prepared once, however many
//! excerpts are looked for in it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use super::normalize::{fold, normalize};
use super::wall::Interstitial;

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
    /// The visible text as read: passages are shown from it.
    text: String,
    /// The visible text, normalised and case folded: what is searched.
    pub folded: String,
    /// The page's HTML, to tell a wall by, once an excerpt is missing.
    html: Option<String>,
    wall: OnceLock<Option<Interstitial>>,
}

impl Prepared {
    /// From plain text.
    pub fn new(text: String) -> Prepared {
        Prepared {
            folded: fold(&text),
            text,
            html: None,
            wall: OnceLock::new(),
        }
    }

    /// From an HTML page: its visible text.
    pub fn from_html(html: String) -> Prepared {
        let text = super::html::visible_text(&html);
        Prepared {
            html: Some(html),
            ..Prepared::new(text)
        }
    }

    /// The wall (consent, challenge, paywall) the page is, if it is one.
    pub fn wall(&self) -> Option<&Interstitial> {
        self.wall
            .get_or_init(|| {
                let html = self.html.as_deref()?;
                super::wall::detect(html, &self.folded)
            })
            .as_ref()
    }

    /// The visible text, as read (not normalised).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The passage at `range` of the folded text, with its case where the
    /// two forms line up there (they do but for a few letters whose
    /// lowercase is longer or shorter).
    fn passage(&self, range: Range<usize>) -> String {
        let folded = &self.folded[range.clone()];
        // Normalised with its case: the text around where the passage
        // must be, else all of it.
        self.cased(self.near(&range), folded)
            .or_else(|| self.cased(0..self.text.len(), folded))
            .unwrap_or_else(|| folded.to_string())
    }

    /// The span of the text around where the passage at `range` of the
    /// folded text must be: folding shrinks the text about evenly.
    fn near(&self, range: &Range<usize>) -> Range<usize> {
        let guess = range.start as f64 * self.text.len() as f64 / self.folded.len() as f64;
        let guess = guess as usize;
        guess.saturating_sub(REACH)..guess + range.len() + REACH
    }

    /// `folded` with its case, if it is in `span` of the text.
    fn cased(&self, span: Range<usize>, folded: &str) -> Option<String> {
        let text = &self.text;
        let (mut start, mut end) = (span.start.min(text.len()), span.end.min(text.len()));
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let near = &text[start..end];
        let (cased, lower) = (normalize(near), fold(near));
        let at = memchr::memmem::find(lower.as_bytes(), folded.as_bytes())?;
        let shown = cased.get(at..at + folded.len())?;
        (cased.len() == lower.len() && fold(shown) == folded).then(|| shown.to_string())
    }
}

/// How far either side of its likely place a passage is looked for in
/// the text, to show it with its case.
const REACH: usize = 4096;

/// Whether the parts of an excerpt are in the page, in order.
fn all_in(folded: &str, parts: &[String]) -> bool {
    let mut from = 0;
    for part in parts {
        match memchr::memmem::find(&folded.as_bytes()[from..], part.as_bytes()) {
            Some(i) => from += i + part.len(),
            None => return false,
        }
    }
    !parts.is_empty()
}

/// Looks for `excerpt` in a prepared page.
pub fn find_in(page: &Prepared, excerpt: &str) -> Match {
    let mut wanted = parts(excerpt);
    if all_in(&page.folded, &wanted) {
        return Match::Found;
    }
    if excerpt.contains('&') {
        // References pasted from a page's source: as the characters they
        // name (and the closest passage is looked for in that form).
        wanted = parts(&super::html::decode_references(excerpt));
        if all_in(&page.folded, &wanted) {
            return Match::Found;
        }
    }
    let wanted = wanted.join(" ");
    // Of the windows sharing the most units, the one closest in edit
    // distance (a bounded number of candidates).
    let best = closest(&page.folded, &wanted)
        .into_iter()
        .map(|range| (similarity(&page.folded[range.clone()], &wanted), range))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((similarity, range)) => Match::Missing {
            similarity,
            closest: Some(page.passage(range)),
        },
        None => Match::Missing {
            closest: None,
            similarity: 0.0,
        },
    }
}

/// Candidates scored further by edit distance.
const CANDIDATES: usize = 8;

/// The most cells (bytes of one text times bytes of the other) an edit
/// distance may take: a few sentences against a passage as long. Times
/// [`CANDIDATES`], a few milliseconds per excerpt at most.
const MAX_EDIT_CELLS: usize = 250_000;

/// 0 to 1: how alike a passage and the wanted text are. By edit distance
/// over characters, which is quadratic; past [`MAX_EDIT_CELLS`] (excerpts
/// of thousands of words, or pages with huge words) by the units they
/// share, which is linear (the Sørensen–Dice coefficient of their unit
/// multisets).
fn similarity(passage: &str, wanted: &str) -> f64 {
    if passage.len().saturating_mul(wanted.len()) <= MAX_EDIT_CELLS {
        return strsim::normalized_levenshtein(passage, wanted);
    }
    let mut need: Counts = Counts::default();
    let wanted_units = units(wanted);
    for u in &wanted_units {
        *need.entry(u.hash).or_default() += 1;
    }
    let passage_units = units(passage);
    let shared = passage_units
        .iter()
        .filter(|u| {
            need.get_mut(&u.hash)
                .filter(|n| **n > 0)
                .map(|n| *n -= 1)
                .is_some()
        })
        .count();
    2.0 * shared as f64 / (passage_units.len() + wanted_units.len()) as f64
}

/// A unit of text: a word, or one character of a script written without
/// spaces. Its place in the text, and a hash of its bytes.
#[derive(Clone, Copy, Debug)]
struct Unit {
    start: usize,
    end: usize,
    hash: u64,
}

/// Scripts written without spaces between words: each character is a
/// unit.
fn spaceless(c: char) -> bool {
    matches!(c,
        '\u{0e00}'..='\u{0eff}' // Thai, Lao
        | '\u{0f00}'..='\u{0fff}' // Tibetan
        | '\u{1000}'..='\u{109f}' // Myanmar
        | '\u{1780}'..='\u{17ff}' // Khmer
        | '\u{2e80}'..='\u{9fff}' // CJK radicals, punctuation, kana, ideographs
        | '\u{f900}'..='\u{faff}' // CJK compatibility ideographs
        | '\u{ff00}'..='\u{ffef}' // half- and full-width forms
        | '\u{20000}'..='\u{3134f}' // CJK extensions
    )
}

/// The units of a normalised text (single spaces between words).
fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    each_unit(text, |range| {
        out.push(Unit {
            hash: hash(&text.as_bytes()[range.clone()]),
            start: range.start,
            end: range.end,
        })
    });
    out
}

/// Hands the place of each unit of a normalised text to `f`, in order,
/// without keeping them: a page's are looked at once per missing excerpt.
fn each_unit(text: &str, mut f: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let ends = memchr::memchr_iter(b' ', bytes).chain(std::iter::once(bytes.len()));
    for end in ends {
        if bytes[start..end].is_ascii() {
            unit(&mut f, start..end);
        } else {
            // Each character of a script written without spaces is a unit,
            // the runs between them others.
            let mut run = start;
            for (i, c) in text[start..end].char_indices() {
                if spaceless(c) {
                    let at = start + i;
                    unit(&mut f, run..at);
                    run = at + c.len_utf8();
                    unit(&mut f, at..run);
                }
            }
            unit(&mut f, run..end);
        }
        start = end + 1;
    }
}

fn unit(f: &mut impl FnMut(Range<usize>), range: Range<usize>) {
    if !range.is_empty() {
        f(range);
    }
}

/// A hash of a unit's bytes, eight at a time (as rustc's FxHash), spread
/// by a final mix: units are keyed by it, and the result store the words
/// it found.
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K);
    // A MurmurHash3 finaliser: every bit of the key moves the low ones.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// A map keyed by a unit's hash, which is already spread: hashed no
/// further.
type Counts = HashMap<u64, i32, BuildHasherDefault<Prehashed>>;

#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash(bytes);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The byte ranges of the windows of the page (as many units as `wanted`
/// has) that share the most units with it, at most [`CANDIDATES`]. One
/// pass over the page's units, keeping only the window's.
fn closest(page: &str, excerpt: &str) -> Vec<Range<usize>> {
    let wanted = units(excerpt);
    // Each distinct unit of the excerpt: how many it has.
    let mut slot_of: HashMap<u64, usize, BuildHasherDefault<Prehashed>> = HashMap::default();
    let mut need: Vec<i32> = Vec::new();
    for u in &wanted {
        let slot = *slot_of.entry(u.hash).or_insert_with(|| {
            need.push(0);
            need.len() - 1
        });
        need[slot] += 1;
    }
    let size = wanted.len();
    let mut have = vec![0i32; need.len()];
    // A sketch of the excerpt's units by length and last byte: a page's
    // unit outside it (most are) is not hashed at all.
    let sketch = |bytes: &[u8]| (bytes.len() & 15) << 4 | (bytes[bytes.len() - 1] & 15) as usize;
    let mut sketched = [0u64; 4];
    for u in &wanted {
        let k = sketch(&excerpt.as_bytes()[u.start..u.end]);
        sketched[k >> 6] |= 1 << (k & 63);
    }
    if size == 0 {
        return Vec::new();
    }
    // The window, a ring of its units' starts and slots (`NONE`: a unit
    // that is not the excerpt's); `at` is where the next unit goes, over
    // the one that leaves.
    const NONE: usize = usize::MAX;
    let mut ring: Vec<(usize, usize)> = vec![(0, NONE); size];
    let (mut at, mut seen) = (0, 0);
    let (mut overlap, mut best) = (0, 0);
    let mut found: Vec<Range<usize>> = Vec::new();
    each_unit(page, |u| {
        let bytes = &page.as_bytes()[u.clone()];
        let k = sketch(bytes);
        let slot = if sketched[k >> 6] >> (k & 63) & 1 == 1 {
            slot_of.get(&hash(bytes)).copied()
        } else {
            None
        };
        if let Some(s) = slot {
            have[s] += 1;
            if have[s] <= need[s] {
                overlap += 1;
            }
        }
        let (_, leaving) = ring[at];
        if seen >= size && leaving != NONE {
            if have[leaving] <= need[leaving] {
                overlap -= 1;
            }
            have[leaving] -= 1;
        }
        ring[at] = (u.start, slot.unwrap_or(NONE));
        at = if at + 1 == size { 0 } else { at + 1 };
        seen += 1;
        if overlap > best {
            best = overlap;
            found.clear();
        }
        // Of a run of windows that share as much, shifted by one unit,
        // those that start or end on a shared unit.
        let first = if seen >= size { ring[at] } else { ring[0] };
        let aligned = slot.is_some() || (seen >= size && first.1 != NONE);
        if overlap == best && overlap > 0 && aligned && found.len() < CANDIDATES {
            found.push(first.0..u.end);
        }
    });
    found
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
    fn text_without_spaces_is_compared_by_characters() {
        let page = "新闻。俄罗斯于2014年免除了朝鲜约90%的苏联时期债务。其他新闻。";
        let Match::Missing {
            closest,
            similarity,
        } = find(page, "俄罗斯于2014年免除了朝鲜约80%的苏联时期债务")
        else {
            panic!("must be missing");
        };
        assert_eq!(
            closest.as_deref(),
            Some("俄罗斯于2014年免除了朝鲜约90%的苏联时期债务")
        );
        assert!(similarity > 0.9 && similarity < 1.0, "{similarity}");
        let thai = "ข่าว รัสเซียยกหนี้ให้เกาหลีเหนือ ข่าวอื่น";
        let Match::Missing { closest, .. } = find(thai, "รัสเซียยกหนี้ให้เกาหลีใต้")
        else {
            panic!("must be missing");
        };
        assert!(closest.unwrap().starts_with("รัสเซียยกหนี้ให้เกาหลี"));
    }

    #[test]
    fn references_pasted_into_an_excerpt() {
        let page = "North Korea\u{2019}s debt & \u{201c}more\u{201d}, said AT&amp;T";
        assert_eq!(
            find(page, "North Korea&rsquo;s debt &amp; &#147;more&#148;"),
            Match::Found
        );
        // Text that only looks like a reference is looked for as written.
        assert_eq!(find(page, "said AT&amp;T"), Match::Found);
        let Match::Missing { closest, .. } = find(page, "North Korea&rsquo;s loan") else {
            panic!("must be missing");
        };
        assert_eq!(closest.as_deref(), Some("North Korea's debt"));
    }

    /// The candidate passages `closest` gives, as text.
    fn candidates(page: &str, wanted: &str) -> Vec<String> {
        closest(page, wanted)
            .into_iter()
            .map(|r| page[r].to_string())
            .collect()
    }

    #[test]
    fn the_window_counts_each_unit_as_often_as_the_excerpt_has_it() {
        // Six `the` share only two units with the excerpt; the sentence
        // shares all six.
        let page = "x the the the the the the x y z the cat sat on the mat x";
        assert_eq!(
            candidates(page, "the cat sat on the mat"),
            ["the cat sat on the mat"]
        );
        // Windows that share as much are all candidates, in order, up to
        // the limit.
        assert_eq!(
            candidates("a cat sat b cat sat c", "cat sat"),
            ["cat sat", "cat sat"]
        );
        let many = "cat sat x ".repeat(CANDIDATES + 2);
        assert_eq!(candidates(&many, "cat sat").len(), CANDIDATES);
    }

    #[test]
    fn long_texts_are_compared_by_shared_units_counted_once() {
        // Past the edit-distance budget: one `a` of the passage's thousand
        // matches the wanted text's one `a`.
        let passage = "a ".repeat(1000);
        let wanted = format!("a {}", "b ".repeat(200));
        assert!(passage.len() * wanted.len() > MAX_EDIT_CELLS);
        let s = similarity(passage.trim(), wanted.trim());
        assert!((s - 2.0 / 1201.0).abs() < 1e-9, "{s}");
    }

    #[test]
    fn a_passage_is_shown_from_the_text_around_it() {
        // Whitespace that folding collapses: the text is three times as
        // long as its folded form.
        let text: String = (0..3000).map(|i| format!("Word{i}  \n\n  ")).collect();
        let page = Prepared::new(text);
        for word in ["Word5", "Word1500", "Word2999"] {
            let at = page.folded.find(&word.to_lowercase()).unwrap();
            let range = at..at + word.len();
            let near = page.near(&range);
            assert!(near.len() <= range.len() + 2 * REACH, "{near:?}");
            assert_eq!(page.cased(near, &page.folded[range]).as_deref(), Some(word));
        }
        assert!(page.text().starts_with("Word0  \n\n  Word1"));
    }

    #[test]
    fn passages_are_shown_with_their_case_where_it_lines_up() {
        let Match::Missing { closest, .. } =
            find("Intro. The DUMA voted for it.", "the duma voted against it")
        else {
            panic!("must be missing");
        };
        assert_eq!(closest.as_deref(), Some("The DUMA voted for it."));
        // `İ` lowercases to two characters: the folded form is shown.
        let Match::Missing { closest, .. } =
            find("İzmir DUMA voted for it", "izmir duma voted against")
        else {
            panic!("must be missing");
        };
        assert_eq!(closest.as_deref(), Some("i\u{307}zmir duma voted"));
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
