//! The crediting forms: where each one's key words are, and which way its
//! party lies.

use super::Party;
use super::party::{
    Cx, Found, classify, is_outlet, party_after, party_before, report_by, run_starting_at,
};
use std::collections::HashSet;
use std::sync::LazyLock;

use super::words::{BETWEEN_PARTY_AND_VERB, DETERMINERS, REPORT_NOUNS, SAY_VERBS, TELLERS};

/// A credit found: the phrase's first and last token, and the party.
pub(super) type Hit = (usize, usize, Party);

/// Verbs of a passive credit: "reported by X", "seen by X".
const PASSIVE_VERBS: &[&str] = &[
    "reported",
    "published",
    "compiled",
    "written",
    "obtained",
    "broadcast",
    "aired",
    "seen",
    "reviewed",
    "verified",
    "carried",
    "confirmed",
    "cited",
    "quoted",
];

/// Words before a party: "told X", "citing X".
const ONE_KEY_WORD: &[&str] = &["citing", "Citing", "quoting", "Quoting", "told", "per"];

/// Pairs of words before a party: "speaking to X".
const TWO_KEY_WORDS: &[(&str, &str)] = &[
    ("speaking", "to"),
    ("Speaking", "to"),
    ("statement", "to"),
    ("comments", "to"),
    ("remarks", "to"),
    ("confirmed", "to"),
    ("speaking", "on"),
    ("Speaking", "on"),
    ("appearing", "on"),
    ("Appearing", "on"),
];

/// Whether token `i` may open or close a crediting phrase: one of the key
/// words above, a verb of saying, "according", "interview". Looked up in
/// a set, so that the forms are tried only where they may match.
fn is_key_word(cx: &Cx<'_>, i: usize) -> bool {
    static KEYS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        let pairs = TWO_KEY_WORDS.iter().map(|(a, _)| *a);
        let more = ["according", "According", "interview", "interviews"];
        PASSIVE_VERBS
            .iter()
            .chain(ONE_KEY_WORD)
            .chain(SAY_VERBS)
            .copied()
            .chain(pairs)
            .chain(more)
            .collect()
    });
    cx.tok(i).is_some_and(|t| KEYS.contains(t.text))
}

/// Every credit of every form, in no particular order, overlaps included.
pub(super) fn all(cx: &Cx<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for i in 0..cx.toks.len() {
        if cx.is_cap(i) || cx.is_any(i, DETERMINERS) {
            report_of(cx, i, &mut hits);
        }
        if !is_key_word(cx, i) {
            continue;
        }
        according_to(cx, i, &mut hits);
        by_passive(cx, i, &mut hits);
        key_word_before(cx, i, &mut hits);
        interview(cx, i, &mut hits);
        if !inverted(cx, i, &mut hits) {
            subject(cx, i, &mut hits);
        }
    }
    hits
}

/// Each party found after the key words, with the phrase from `first`.
fn push_after(cx: &Cx<'_>, first: usize, at: usize, hits: &mut Vec<Hit>) {
    for f in party_after(cx, at) {
        hits.push((first, f.last, f.party));
    }
}

/// "according to X", "according to what was published in X".
fn according_to(cx: &Cx<'_>, i: usize, hits: &mut Vec<Hit>) {
    if cx.is_any(i, &["according", "According"]) && cx.is(i + 1, "to") {
        push_after(cx, i, i + 2, hits);
    }
}

/// "as reported by X", "first reported by X", "published in X",
/// "compiled by X".
fn by_passive(cx: &Cx<'_>, i: usize, hits: &mut Vec<Hit>) {
    let by = cx.is(i + 1, "by") || cx.is(i, "published") && cx.is(i + 1, "in");
    if !(cx.is_any(i, PASSIVE_VERBS) && by) {
        return;
    }
    let mut first = i;
    if first > 0
        && cx.is_any(first - 1, BETWEEN_PARTY_AND_VERB)
        && !cx.is_any(
            first - 1,
            &["was", "is", "has", "had", "were", "are", "have"],
        )
    {
        first -= 1;
    }
    if first > 0 && cx.is_any(first - 1, &["as", "As"]) {
        first -= 1;
    }
    push_after(cx, first, i + 2, hits);
}

/// "per X", "citing X", "quoting X", "told X", "speaking to X",
/// "in a statement to X".
fn key_word_before(cx: &Cx<'_>, i: usize, hits: &mut Vec<Hit>) {
    let outlets_only = cx.is(i, "per");
    let at = if cx.is_any(i, ONE_KEY_WORD) {
        i + 1
    } else if TWO_KEY_WORDS
        .iter()
        .any(|(a, b)| cx.is(i, a) && cx.is(i + 1, b))
    {
        i + 2
    } else {
        return;
    };
    let mut first = i;
    if cx.is(i, "told") && i > 0 && cx.is_any(i - 1, TELLERS) {
        first = i - 1;
    }
    if cx.is(i, "statement")
        && i >= 2
        && cx.is_any(i - 1, &["a"])
        && cx.is_any(i - 2, &["in", "In"])
    {
        first = i - 2;
    }
    for f in party_after(cx, at) {
        if !outlets_only || is_outlet(&f.party) {
            hits.push((first, f.last, f.party));
        }
    }
}

/// "in an interview with X".
fn interview(cx: &Cx<'_>, i: usize, hits: &mut Vec<Hit>) {
    if !(cx.is_any(i, &["interview", "interviews"]) && cx.is(i + 1, "with")) {
        return;
    }
    let mut first = i;
    if first > 0 && cx.is_any(first - 1, &["an", "a", "An", "A"]) {
        first -= 1;
        if first > 0 && cx.is_any(first - 1, &["in", "In"]) {
            first -= 1;
        }
    }
    push_after(cx, first, i + 2, hits);
}

/// "a report by X", and an outlet's report: "a Reuters tally", "the BBC's
/// reporting", "Reuters’ report".
fn report_of(cx: &Cx<'_>, i: usize, hits: &mut Vec<Hit>) {
    let starts_name = i == 0 || !cx.is_cap(i - 1);
    if let Some(at) = report_by(cx, i) {
        if i == 0 || !cx.is(i - 1, "to") {
            push_after(cx, i, at, hits);
        }
        return;
    }
    if !starts_name {
        return;
    }
    let Some(run) = run_starting_at(cx, i) else {
        return;
    };
    let poss = cx
        .tok(run.end)
        .is_some_and(|t| t.kind == super::tokens::Kind::Poss);
    let noun = if poss { run.end + 1 } else { run.end };
    if cx.is_any(noun, REPORT_NOUNS) && !cx.modifies(noun + 1) {
        let (party, first) = classify(cx, run);
        if is_outlet(&party) {
            hits.push((first, noun, party));
        }
    }
}

/// "…, reported Reuters", "“…,” said the BBC": a verb after a comma or a
/// closing quote, then a name. Whether it found one.
fn inverted(cx: &Cx<'_>, i: usize, hits: &mut Vec<Hit>) -> bool {
    if !cx.is_any(i, SAY_VERBS) || i == 0 {
        return false;
    }
    let after_break = cx
        .tok(i - 1)
        .is_some_and(|t| t.is_punct(&[',', '”', '"', '’']));
    let names = run_starting_at(cx, i + 1).is_some();
    if !(after_break && names) {
        return false;
    }
    let before = hits.len();
    push_after(cx, i, i + 1, hits);
    hits.len() > before
}

/// "Reuters reported", "the BBC has reported", "Reuters first reported",
/// "…, the Guardian reported, …": a party, then a verb.
fn subject(cx: &Cx<'_>, i: usize, hits: &mut Vec<Hit>) {
    if !cx.is_any(i, SAY_VERBS) || i == 0 {
        return;
    }
    let mut j = i - 1;
    for _ in 0..3 {
        if j > 0 && cx.is_any(j, BETWEEN_PARTY_AND_VERB) {
            j -= 1;
        }
    }
    if cx.is_any(j, BETWEEN_PARTY_AND_VERB) {
        return;
    }
    let reports = reports_something(cx, i);
    for Found { party, first, .. } in party_before(cx, j) {
        // "Both nations have found common ground": a verb that also takes
        // a plain object credits someone who is not an outlet only when
        // what follows is what they said.
        if reports || is_outlet(&party) {
            hits.push((first, i, party));
        }
    }
}

/// Whether the verb at `i` is a verb of saying that cannot be anything
/// else ("said", "reported", "wrote"), or what follows it is what was
/// said: "that", a colon, a comma, a quotation, the sentence's end.
fn reports_something(cx: &Cx<'_>, i: usize) -> bool {
    const ONLY_SAYING: &[&str] = &[
        "said", "says", "say", "reported", "reports", "report", "wrote", "writes", "write",
        "stated", "states",
    ];
    cx.is_any(i, ONLY_SAYING)
        || cx.is(i + 1, "that")
        || cx
            .tok(i + 1)
            .is_none_or(|t| t.is_punct(&[',', ':', '.', ';', '“', '"', '!', '?']))
}
