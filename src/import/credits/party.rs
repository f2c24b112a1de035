//! The party a crediting phrase names: found before or after the phrase's
//! key words, and told apart as a registry outlet, a new outlet or another
//! party.

use super::tokens::{Kind, Token, span};
use super::words::{
    AFTER_PARTY, BODY_WORDS, DESCRIPTORS, DETERMINERS, KNOWN_OUTLETS, MEDIA_WORDS, NAME_JOINERS,
    NEEDS_THE, NOT_OUTLETS, PLACE_WORDS, PRONOUNS, REPORT_NOUNS, SAY_VERBS, WEAK_MEDIA_WORDS,
};
use super::{Party, Registry};

/// What the patterns look at: a sentence's tokens and the registry.
pub(super) struct Cx<'a> {
    pub(super) text: &'a str,
    pub(super) toks: Vec<Token<'a>>,
    pub(super) reg: &'a Registry,
}

/// A party found in the sentence: who, and the tokens its text spans.
#[derive(Debug)]
pub(super) struct Found {
    pub(super) party: Party,
    pub(super) first: usize,
    pub(super) last: usize,
}

/// Capitalised words that may open a sentence before a name: "On Monday
/// Reuters reported".
const LEADING_CAPS: &[&str] = &[
    "On",
    "In",
    "At",
    "But",
    "And",
    "Meanwhile",
    "Separately",
    "Also",
    "However",
    "Earlier",
    "Later",
    "Last",
    "This",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Yesterday",
    "Today",
    "Then",
    "So",
    "Now",
];

impl<'a> Cx<'a> {
    pub(super) fn tok(&self, i: usize) -> Option<&Token<'a>> {
        self.toks.get(i)
    }

    pub(super) fn is(&self, i: usize, word: &str) -> bool {
        self.tok(i).is_some_and(|t| t.is(word))
    }

    pub(super) fn is_any(&self, i: usize, words: &[&str]) -> bool {
        self.tok(i).is_some_and(|t| t.is_any(words))
    }

    pub(super) fn is_cap(&self, i: usize) -> bool {
        self.tok(i)
            .is_some_and(|t| t.is_cap() && !is_the(t) && !t.is_any(&["A", "An"]))
    }

    /// Whether token `i` is a lower-case word that a name before it would
    /// modify ("the Post office", "a Reuters photographer"), rather than a
    /// verb or a small word that goes on the sentence.
    pub(super) fn modifies(&self, i: usize) -> bool {
        let verb = self.tok(i).is_some_and(|t| t.text.ends_with("ed"));
        self.is_lower(i) && !verb && !self.is_any(i, AFTER_PARTY) && !self.is_any(i, SAY_VERBS)
    }

    fn is_lower(&self, i: usize) -> bool {
        self.tok(i).is_some_and(Token::is_lower)
    }

    fn is_poss(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Poss)
    }

    fn str(&self, a: usize, b: usize) -> String {
        self.text
            .get(span(&self.toks, a, b))
            .unwrap_or("")
            .to_string()
    }

    fn other(&self, first: usize, last: usize) -> Found {
        Found {
            party: Party::Other(self.str(first, last)),
            first,
            last,
        }
    }
}

fn is_the(t: &Token<'_>) -> bool {
    t.is("the") || t.is("The")
}

/// A name's tokens: `start` is its "the", if any, `name` its first word,
/// `end` one past its last word.
#[derive(Clone, Copy, Debug)]
pub(super) struct Run {
    pub(super) start: usize,
    pub(super) name: usize,
    pub(super) end: usize,
}

/// Whether the name goes on at `i` after `prev`: a capitalised word, or a
/// joiner or possessive mark before one.
fn name_goes_on(cx: &Cx<'_>, i: usize) -> usize {
    if cx.is_cap(i) {
        1
    } else if (cx.is_any(i, NAME_JOINERS) || cx.is_poss(i)) && cx.is_cap(i + 1) {
        2
    } else {
        0
    }
}

/// The name that starts at `i` (or at `i + 1` after a "the").
pub(super) fn run_starting_at(cx: &Cx<'_>, i: usize) -> Option<Run> {
    let with_the = cx.tok(i).is_some_and(is_the);
    let name = if with_the { i + 1 } else { i };
    if !cx.is_cap(name) {
        return None;
    }
    let mut end = name + 1;
    loop {
        match name_goes_on(cx, end) {
            0 => break,
            n => end += n,
        }
    }
    Some(Run {
        start: i,
        name,
        end,
    })
}

/// The name whose last word is `j`.
fn run_ending_at(cx: &Cx<'_>, j: usize) -> Option<Run> {
    if !cx.is_cap(j) {
        return None;
    }
    let mut name = j;
    loop {
        if name >= 1 && cx.is_cap(name - 1) {
            name -= 1;
        } else if name >= 2
            && (cx.is_any(name - 1, NAME_JOINERS) || cx.is_poss(name - 1))
            && cx.is_cap(name - 2)
        {
            name -= 2;
        } else {
            break;
        }
    }
    let with_the = name >= 1 && cx.tok(name - 1).is_some_and(is_the);
    let start = if with_the { name - 1 } else { name };
    Some(Run {
        start,
        name,
        end: j + 1,
    })
}

/// Who the name `run` is, and the token where the part that says so
/// starts: the whole name, else the part after a possessive ("Russia's
/// TASS"), after leading words ("On Monday Reuters") or before a possessive
/// ("CNN’s Jake Tapper"); else another party, the whole name.
pub(super) fn classify(cx: &Cx<'_>, run: Run) -> (Party, usize) {
    let mut parts = vec![(run.start, run.name, run.end)];
    for k in run.name..run.end {
        if cx.is_poss(k) {
            parts.push((k + 1, k + 1, run.end));
        }
    }
    let mut lead = run.name;
    while lead + 1 < run.end && cx.is_any(lead, LEADING_CAPS) {
        lead += 1;
        parts.push((lead, lead, run.end));
    }
    if let Some(p) = (run.name..run.end).find(|&k| cx.is_poss(k)) {
        parts.push((run.start, run.name, p));
    }
    for (start, name, end) in parts {
        if let Some(party) = outlet(cx, start, name, end) {
            return (party, start);
        }
    }
    let last = run.end.saturating_sub(1);
    (Party::Other(cx.str(run.start, last)), run.start)
}

/// The outlet named by tokens `name..end` (with a "the" before when
/// `start < name`), if they name one.
fn outlet(cx: &Cx<'_>, start: usize, name: usize, end: usize) -> Option<Party> {
    let words: Vec<&str> = cx.toks.get(name..end)?.iter().map(|t| t.text).collect();
    if let Some(id) = cx.reg.lookup(&words) {
        return Some(Party::Outlet(id.to_string()));
    }
    let printed = cx.str(name, end.checked_sub(1)?);
    let known = KNOWN_OUTLETS.contains(&printed.as_str())
        && (start < name || !NEEDS_THE.contains(&printed.as_str()));
    (known || reads_like_outlet(&words, &printed)).then_some(Party::NewOutlet(printed))
}

/// Whether a name that is neither in the registry nor known reads like a
/// news outlet's: two words or more, one a media word, none a public
/// body's.
fn reads_like_outlet(words: &[&str], printed: &str) -> bool {
    if words.len() < 2 || NOT_OUTLETS.contains(&printed) {
        return false;
    }
    let strong = |w: &&str| MEDIA_WORDS.contains(w) && !WEAK_MEDIA_WORDS.contains(w);
    // A street or square before a media word names the paper ("the Wall
    // Street Journal"); after one, a place ("Times Square").
    let last_media = words.iter().rposition(|w| MEDIA_WORDS.contains(w));
    let disqualifies = |(k, w): (usize, &&str)| {
        BODY_WORDS.contains(w) && !(PLACE_WORDS.contains(w) && last_media.is_some_and(|m| k < m))
    };
    if words.iter().enumerate().any(disqualifies) {
        return false;
    }
    words.iter().any(strong) || words.last().is_some_and(|w| WEAK_MEDIA_WORDS.contains(w))
}

/// Whether the party is a news outlet, in the registry or not.
pub(super) fn is_outlet(party: &Party) -> bool {
    matches!(party, Party::Outlet(_) | Party::NewOutlet(_))
}

/// The parties named from token `i` on: "Reuters", "the BBC and AFP", "a
/// Reuters tally", "the BBC's reporting", "what was published in the Post",
/// "the plan".
pub(super) fn party_after(cx: &Cx<'_>, i: usize) -> Vec<Found> {
    let i = skip_what(cx, i);
    if let Some(k) = report_by(cx, i) {
        return party_after(cx, k);
    }
    let article = cx.is_any(i, &["a", "an", "A", "An"]);
    let at = if article { i + 1 } else { i };
    match run_starting_at(cx, at) {
        Some(run) => after_run(cx, run, article),
        None => lower_after(cx, i).into_iter().collect(),
    }
}

/// Past "what was published in" / "what was reported by": where the party
/// starts, or `i`.
fn skip_what(cx: &Cx<'_>, i: usize) -> usize {
    let verbs = [
        "published",
        "reported",
        "written",
        "said",
        "stated",
        "revealed",
    ];
    let said = cx.is(i, "what")
        && cx.is_any(i + 1, &["was", "is", "has", "had"])
        && (cx.is_any(i + 2, &verbs) || cx.is(i + 2, "been") && cx.is_any(i + 3, &verbs));
    if !said {
        return i;
    }
    let v = if cx.is(i + 2, "been") { i + 3 } else { i + 2 };
    if cx.is_any(v + 1, &["in", "by", "on"]) {
        v + 2
    } else {
        i
    }
}

/// Past "a report by" / "an article in": where the party starts.
pub(super) fn report_by(cx: &Cx<'_>, i: usize) -> Option<usize> {
    let noun = if cx.is_any(i, DETERMINERS) {
        i + 1
    } else {
        return None;
    };
    let noun = if cx.is_any(noun, &["new", "recent", "latest", "separate"]) {
        noun + 1
    } else {
        noun
    };
    (cx.is_any(noun, REPORT_NOUNS) && cx.is_any(noun + 1, &["by", "from", "in"]))
        .then_some(noun + 2)
}

/// The parties of a name found after a crediting phrase's key words, with
/// what follows it: a descriptor, a report, a possessive, a noun it
/// modifies (then the party is that noun's phrase), "and" another party.
fn after_run(cx: &Cx<'_>, run: Run, article: bool) -> Vec<Found> {
    let (party, first) = classify(cx, run);
    let first = if article {
        run.start.saturating_sub(1)
    } else {
        first
    };
    let mut k = run.end;
    if cx.is_poss(k) && cx.is_any(k + 1, REPORT_NOUNS) || cx.is_any(k, REPORT_NOUNS) {
        let last = if cx.is_poss(k) { k + 1 } else { k };
        if is_outlet(&party) && !cx.modifies(last + 1) {
            return vec![Found { party, first, last }];
        }
        return vec![cx.other(first, last)];
    }
    if cx.is_poss(k) && cx.is_lower(k + 1) {
        return vec![cx.other(first, k + 1)];
    }
    while cx.is_any(k, DESCRIPTORS) && cx.is_lower(k) {
        k += 1;
    }
    let modifies = cx.modifies(k);
    if modifies || article {
        return vec![cx.other(first, k.min(cx.toks.len().saturating_sub(1)))];
    }
    let mut out = vec![Found {
        party,
        first,
        last: k - 1,
    }];
    if cx.is(k, "and") && (cx.is_cap(k + 1) || cx.is_any(k + 1, &["the"]) && cx.is_cap(k + 2)) {
        out.extend(party_after(cx, k + 1));
    }
    out
}

/// A lower-case party after the key words: "the plan", "official data",
/// "experts at the university": up to the first punctuation, at most six
/// words.
fn lower_after(cx: &Cx<'_>, i: usize) -> Option<Found> {
    let mut last = None;
    for k in i..(i + 6).min(cx.toks.len()) {
        let word = cx.tok(k).is_some_and(|t| t.kind == Kind::Word);
        if !word || k > i && cx.is_any(k, AFTER_PARTY) && !cx.is_any(k, DETERMINERS) {
            break;
        }
        last = Some(k);
    }
    last.map(|last| cx.other(i, last))
}

/// The parties named by the tokens that end at `j`, before a verb:
/// "Reuters", "Russia's TASS news agency", "CNN and Al Jazeera", "the
/// ministry", "he"; past an inserted clause ("Interfax, citing a source,").
pub(super) fn party_before(cx: &Cx<'_>, j: usize) -> Vec<Found> {
    if cx.tok(j).is_some_and(|t| t.is_punct(&[','])) {
        return past_inserted_clause(cx, j);
    }
    let mut name = j;
    while name > 0 && cx.is_lower(name) && cx.is_any(name, DESCRIPTORS) {
        name -= 1;
    }
    let Some(run) = run_ending_at(cx, name) else {
        return lower_before(cx, j).into_iter().collect();
    };
    let (party, first) = classify(cx, run);
    let mut out = vec![Found {
        party,
        first,
        last: j,
    }];
    if run.start >= 2 && cx.is(run.start - 1, "and") && cx.is_cap(run.start - 2) {
        out.extend(
            party_before(cx, run.start - 2)
                .into_iter()
                .filter(|f| is_outlet(&f.party)),
        );
    }
    out
}

/// The party before an inserted clause ending in a comma at `j`: ",
/// citing…," / ", a senior analyst…,".
fn past_inserted_clause(cx: &Cx<'_>, j: usize) -> Vec<Found> {
    let from = j.saturating_sub(16);
    let Some(c) = (from..j)
        .rev()
        .find(|&k| cx.tok(k).is_some_and(|t| t.is_punct(&[','])))
    else {
        return Vec::new();
    };
    let opens = [
        "citing",
        "quoting",
        "according",
        "a",
        "an",
        "the",
        "who",
        "which",
    ];
    if c == 0 || !cx.is_any(c + 1, &opens) {
        return Vec::new();
    }
    party_before(cx, c - 1)
}

/// A lower-case party before a verb: "the ministry", "a company
/// spokesman", "he": back to its determiner, at most five words.
fn lower_before(cx: &Cx<'_>, j: usize) -> Option<Found> {
    if cx.is_any(j, PRONOUNS) {
        return Some(cx.other(j, j));
    }
    if !cx.is_lower(j) {
        return None;
    }
    let mut first = j;
    for k in (j.saturating_sub(5)..j).rev() {
        let word = cx.tok(k).is_some_and(|t| t.kind != Kind::Punct);
        if !word || cx.is_any(k, SAY_VERBS) {
            break;
        }
        first = k;
        if cx.is_any(k, DETERMINERS) {
            break;
        }
    }
    Some(cx.other(first, j))
}
