//! Splitting an article's text into sentences: Wikimedia's `sentencex`
//! (its English rules: abbreviations, initials, decimals, quotations) does
//! the splitting, and two fix-ups on top mend what it gets wrong in news
//! prose: it splits after an ellipsis that runs on in lower case ("He
//! waited... and waited."), and it does not split after a quotation that
//! ends a sentence ("“We lost.” She nodded.").

use std::ops::Range;

use sentencex::languages::{English, Language};

/// The sentences of `text`, as byte ranges into it, in order, trimmed of
/// surrounding whitespace; a blank line (paragraph break) always ends a
/// sentence. Never splits after abbreviations ("U.S.", "Dr.", "Jan.",
/// "Gen.", "Mr.", "No. 5"), initials ("J. R. R. Tolkien"), decimal numbers
/// ("3.5%"), ellipses inside a sentence, or inside a quotation with its own
/// full stop ("He said, "It is over." and left." stays one), with straight
/// and curly quotes.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for piece in pieces(text) {
        let Some(piece) = trim(text, piece) else {
            continue;
        };
        match out.last_mut() {
            Some(last) if runs_on(text, last, &piece) => last.end = piece.end,
            _ => out.push(piece),
        }
    }
    out.into_iter()
        .flat_map(|s| split_inside(text, s))
        .collect()
}

/// The pieces `sentencex` finds, as ranges into `text`: it hands back
/// slices of the text, whose place is found from their addresses (its own
/// byte offsets drift after a paragraph break of more than two newlines).
fn pieces(text: &str) -> Vec<Range<usize>> {
    let base = text.as_ptr() as usize;
    English {}
        .get_sentence_boundaries(text)
        .into_iter()
        .filter(|b| !b.is_paragraph_break)
        .filter_map(|b| {
            let start = (b.text.as_ptr() as usize).checked_sub(base)?;
            let end = start.checked_add(b.text.len())?;
            let inside = end <= text.len() && text.is_char_boundary(start);
            (inside && text.is_char_boundary(end)).then_some(start..end)
        })
        .collect()
}

/// `range` without its leading and trailing whitespace; `None` if nothing
/// is left.
fn trim(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = text.get(range.clone())?;
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    (start < end).then_some(start..end)
}

/// Whether `next` continues `last`: `last` ends in an ellipsis, `next`
/// starts in lower case or with a digit, and no blank line parts them.
fn runs_on(text: &str, last: &Range<usize>, next: &Range<usize>) -> bool {
    let (Some(head), Some(gap), Some(tail)) = (
        text.get(last.clone()),
        text.get(last.end..next.start),
        text.get(next.clone()),
    ) else {
        return false;
    };
    let ellipsis = head.ends_with("...") || head.ends_with('…');
    let lower = tail
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    ellipsis && lower && !is_paragraph_break(gap)
}

/// Whether whitespace `gap` holds a blank line.
fn is_paragraph_break(gap: &str) -> bool {
    gap.matches('\n').count() >= 2
}

/// Words of `sentencex`'s abbreviation list that are more often plain
/// words ending a sentence ("in May.", "said no."): a full stop after one
/// of them, then a capital letter, ends the sentence.
const WORDS_NOT_ABBREVIATIONS: &[&str] = &[
    "may", "man", "mass", "miss", "me", "ill", "id", "ok", "con", "art", "fig", "min", "mo", "del",
    "det", "exp", "pa", "ore", "sec", "ken", "wash", "ind", "cal", "col", "no", "ver", "op", "med",
    "res", "rep", "ref", "rev",
];

/// `range` split where `sentencex` missed an end: after a closing quotation
/// mark that follows a full stop, question or exclamation mark, and after a
/// full stop that follows a word of [`WORDS_NOT_ABBREVIATIONS`]; each when
/// space and a capital letter or an opening quote come next.
fn split_inside(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(s) = text.get(range.clone()) else {
        return vec![range];
    };
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in s.char_indices() {
        let end = at + c.len_utf8();
        if !(ends_quotation(s, at, c) || ends_after_word(s, at, c)) {
            continue;
        }
        let rest = &s[end..];
        let next = rest.trim_start();
        let spaced = next.len() < rest.len();
        let starts = next
            .chars()
            .next()
            .is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '“' | '‘'));
        if spaced && starts && start < end {
            out.push(range.start + start..range.start + end);
            start = s.len() - next.len();
        }
    }
    out.push(range.start + start..range.end);
    out
}

/// Whether `c` at `at` in `s` is a closing quote after a sentence's end.
fn ends_quotation(s: &str, at: usize, c: char) -> bool {
    let stop = s[..at].chars().next_back();
    matches!(c, '"' | '”' | '’') && matches!(stop, Some('.' | '!' | '?'))
}

/// Whether `c` at `at` in `s` is a full stop after a word of
/// [`WORDS_NOT_ABBREVIATIONS`].
fn ends_after_word(s: &str, at: usize, c: char) -> bool {
    if c != '.' {
        return false;
    }
    let head = &s[..at];
    let word_start = head
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &head[word_start..];
    let before = head[..word_start].chars().next_back();
    let lone = before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '"' | '“'));
    lone && WORDS_NOT_ABBREVIATIONS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests;
