//! The page reader held to the HTML standard: the html5lib tokenizer tests
//! (tests/data/html5lib/, MIT; see the README.md there) read as "what does
//! a browser show of this input", and a few pages of our own.
//!
//! A case's expected visible text is the data of its expected `Character`
//! tokens, concatenated; DOCTYPE, Comment, StartTag and EndTag tokens add
//! nothing. It is compared with `visible_text(input)` with all whitespace
//! and U+0000 removed from both sides (the reader puts spaces where block
//! elements break the text; a browser drops NUL in the data state), so the
//! comparison is of characters, not spacing. `errors` are ignored.
//!
//! A case runs once for each of its `initialStates` (as html5lib's README
//! asks), and each such run is either made or skipped, counted by reason:
//!
//! - Data state (`initialStates` absent or listing it): runs as given.
//! - PLAINTEXT state: runs as `<plaintext>` + input, all of it visible
//!   (PLAINTEXT never ends, so `lastStartTag` does not matter).
//! - RCDATA, RAWTEXT and Script data states: runs as the element that puts
//!   a browser's tokenizer in that state with that `lastStartTag`, + input:
//!   `<textarea>` or `<xmp>`, whose content is visible text; `<title>`,
//!   `<style>`, `<iframe>`, `<noembed>`, `<noframes>`, `<noscript>` or
//!   `<script>`, whose content is hidden, so that the expected text is only
//!   what comes after the expected EndTag of that element.
//! - Without `lastStartTag` no end tag is appropriate, and textarea (RCDATA),
//!   xmp (RAWTEXT) or script (Script data) put in front differs from that
//!   only where the input holds its own end tag (`</textarea`...,
//!   ASCII case-insensitively): those runs are skipped, the others are exact.
//! - Skipped, as they cannot be run exactly: a `lastStartTag` that no element
//!   pairs with the state (xmp in RCDATA or Script data state); the CDATA
//!   section state (only in foreign content, `<svg>` or `<math>`); any run
//!   whose expected output holds a StartTag of an element in `STATEFUL`,
//!   whose content the reader hides or which switches a browser's tokenizer
//!   out of the data state (a tokenizer test goes on in the data state after
//!   `<script>`, a browser does not).
//! - `doubleEscaped` cases have `\uXXXX` in input and output unescaped once
//!   more; a case that then holds a lone surrogate cannot be a Rust string
//!   and is skipped. serde_json rejects lone surrogate escapes in a file
//!   itself: those are masked before parsing and their cases skipped (the
//!   vendored files have none today).
//! - xmlViolation.test is not vendored: its expected output is coerced to
//!   an XML infoset, which is not what a browser shows.

use std::collections::BTreeMap;
use std::panic::catch_unwind;

use claimtrack::text::html::visible_text;
use serde_json::Value;

use crate::support::project_root;

/// The vendored html5lib tokenizer test files, under tests/data/html5lib/.
const FILES: &[&str] = &[
    "contentModelFlags.test",
    "domjs.test",
    "entities.test",
    "escapeFlag.test",
    "namedEntities.test",
    "numericEntities.test",
    "pendingSpecChanges.test",
    "test1.test",
    "test2.test",
    "test3.test",
    "test4.test",
    "unicodeChars.test",
    "unicodeCharsProblematic.test",
];

/// Elements whose content the reader hides, or whose start tag puts a
/// browser's tokenizer in another state than the tokenizer test's.
const STATEFUL: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "template",
    "noscript",
    "svg",
    "math",
    "iframe",
    "noembed",
    "noframes",
    "xmp",
    "plaintext",
];

/// The elements that put a browser's tokenizer in a state, whether their
/// content is hidden, and (first for each state) the one run in front of
/// a case without `lastStartTag`.
const ELEMENTS: &[(&str, &str, bool)] = &[
    ("RCDATA state", "textarea", false),
    ("RCDATA state", "title", true),
    ("RAWTEXT state", "xmp", false),
    ("RAWTEXT state", "style", true),
    ("RAWTEXT state", "iframe", true),
    ("RAWTEXT state", "noembed", true),
    ("RAWTEXT state", "noframes", true),
    ("RAWTEXT state", "noscript", true),
    ("Script data state", "script", true),
    ("PLAINTEXT state", "plaintext", false),
];

/// Why a run was skipped: the key its count is kept under.
type Skip = &'static str;

const LONE_IN_FILE: Skip = "lone surrogate escape in the file";
const LONE_DOUBLE: Skip = "lone surrogate after doubleEscaped unescaping";
const STATEFUL_TAG: Skip = "StartTag of a hidden or state-switching element";
const CDATA: Skip = "CDATA section state (needs foreign content)";
const NO_ELEMENT: Skip = "lastStartTag no element pairs with the state";
const OWN_END_TAG: Skip = "no lastStartTag, input holds the end tag";

/// What a lone surrogate escape in a file reads as after masking.
const LONE: &str = "\u{1}lone surrogate\u{1}";

/// An expected token, as far as visible text goes.
enum Token {
    Text(String),
    Start(String),
    End(String),
    Other,
}

/// One case of a file.
struct Case {
    label: String,
    states: Vec<String>,
    last_start_tag: Option<String>,
    /// The input and expected tokens, or why they cannot be had.
    read: Result<(String, Vec<Token>), Skip>,
}

/// One run of a case: what `visible_text` is given and must show.
struct Run {
    label: String,
    input: String,
    expected: String,
}

/// The four hex digits at the start of `s`, as a UTF-16 code unit.
fn hex4(s: &str) -> Option<u16> {
    let h = s
        .get(..4)
        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))?;
    u16::from_str_radix(h, 16).ok()
}

/// `s` with each `\uXXXX` turned into its code unit; `None` if that leaves
/// a lone surrogate.
fn unescape(s: &str) -> Option<String> {
    let mut units = Vec::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("\\u") {
        units.extend(rest[..at].encode_utf16());
        match hex4(&rest[at + 2..]) {
            Some(unit) => {
                units.push(unit);
                rest = &rest[at + 6..];
            }
            None => {
                units.extend("\\u".encode_utf16());
                rest = &rest[at + 2..];
            }
        }
    }
    units.extend(rest.encode_utf16());
    String::from_utf16(&units).ok()
}

/// The JSON text `json` with each lone surrogate escape (which serde_json
/// rejects) replaced by the escape of [`LONE`].
fn mask_lone_surrogates(json: &str) -> String {
    let surrogate = |u: u16, from: u16| (from..from + 0x400).contains(&u);
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let unit = escape.strip_prefix("\\u").and_then(hex4);
        let low = || escape[6..].strip_prefix("\\u").and_then(hex4);
        let len = match unit {
            Some(u) if surrogate(u, 0xD800) && low().is_some_and(|l| surrogate(l, 0xDC00)) => 12,
            Some(u) if surrogate(u, 0xD800) || surrogate(u, 0xDC00) => {
                out.push_str("\\u0001lone surrogate\\u0001");
                rest = &escape[6..];
                continue;
            }
            Some(_) => 6,
            None => 1 + escape[1..].chars().next().map_or(0, char::len_utf8),
        };
        out.push_str(&escape[..len]);
        rest = &escape[len..];
    }
    out.push_str(rest);
    out
}

/// A string of the file as the case means it: unescaped once more if the
/// case is `doubleEscaped`.
fn text(s: &str, double: bool) -> Result<String, Skip> {
    if s.contains(LONE) {
        Err(LONE_IN_FILE)
    } else if double {
        unescape(s).ok_or(LONE_DOUBLE)
    } else {
        Ok(s.to_owned())
    }
}

fn token(t: &Value, double: bool) -> Result<Token, Skip> {
    let field = |i: usize| t[i].as_str().unwrap_or_default();
    Ok(match field(0) {
        "Character" => Token::Text(text(field(1), double)?),
        "StartTag" => Token::Start(text(field(1), double)?),
        "EndTag" => Token::End(text(field(1), double)?),
        "DOCTYPE" | "Comment" => Token::Other,
        other => panic!("unknown token kind {other:?} in {t}"),
    })
}

fn case(file: &str, v: &Value) -> Case {
    let double = v["doubleEscaped"].as_bool() == Some(true);
    let read = || -> Result<(String, Vec<Token>), Skip> {
        let input = text(v["input"].as_str().expect("input"), double)?;
        let output = v["output"].as_array().expect("output");
        let output: Result<Vec<Token>, Skip> = output.iter().map(|t| token(t, double)).collect();
        Ok((input, output?))
    };
    let states = match v["initialStates"].as_array() {
        Some(states) => states
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect(),
        None => vec!["Data state".to_owned()],
    };
    Case {
        label: format!("{file}: {}", v["description"].as_str().unwrap_or("?")),
        states,
        last_start_tag: v["lastStartTag"].as_str().map(str::to_owned),
        read: read(),
    }
}

/// The cases of one vendored file.
fn load(file: &str) -> Vec<Case> {
    let path = project_root().join("tests/data/html5lib").join(file);
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let v: Value = serde_json::from_str(&mask_lone_surrogates(&json))
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    let tests = v["tests"]
        .as_array()
        .unwrap_or_else(|| panic!("{file}: no tests"));
    tests.iter().map(|t| case(file, t)).collect()
}

/// The element put in front of a case's input to start a browser's
/// tokenizer in `state`, and whether its content is hidden.
fn element(state: &str, last: Option<&str>, input: &str) -> Result<(&'static str, bool), Skip> {
    if state == "CDATA section state" {
        return Err(CDATA);
    }
    let mut known = ELEMENTS.iter().filter(|(s, ..)| *s == state).peekable();
    assert!(known.peek().is_some(), "unknown initial state {state:?}");
    if state == "PLAINTEXT state" {
        return Ok(("plaintext", false));
    }
    match last {
        Some(last) => known
            .find(|(_, e, _)| *e == last)
            .map(|&(_, e, hidden)| (e, hidden))
            .ok_or(NO_ELEMENT),
        None => {
            let &(_, e, hidden) = known.next().unwrap();
            let own_end_tag = format!("</{e}");
            if input.to_ascii_lowercase().contains(&own_end_tag) {
                Err(OWN_END_TAG)
            } else {
                Ok((e, hidden))
            }
        }
    }
}

/// The run of `case` in `state`, or why it cannot be made.
fn plan(case: &Case, state: &str) -> Result<Run, Skip> {
    let (input, output) = case.read.as_ref().map_err(|why| *why)?;
    let stateful = |t: &Token| matches!(t, Token::Start(n) if STATEFUL.contains(&n.as_str()));
    if output.iter().any(stateful) {
        return Err(STATEFUL_TAG);
    }
    let (prefix, from) = if state == "Data state" {
        (String::new(), 0)
    } else {
        let (e, hidden) = element(state, case.last_start_tag.as_deref(), input)?;
        let end = output
            .iter()
            .position(|t| matches!(t, Token::End(n) if n == e));
        let from = match (hidden, end) {
            (false, _) => 0,
            (true, Some(end)) => end + 1,
            (true, None) => output.len(),
        };
        (format!("<{e}>"), from)
    };
    let expected = output[from..]
        .iter()
        .filter_map(|t| match t {
            Token::Text(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    Ok(Run {
        label: format!("{} [{state}]", case.label),
        input: prefix + input,
        expected,
    })
}

/// The characters of `s`, without whitespace or NUL.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\0')
        .collect()
}

/// The failure of `run`, if `visible_text` does not show what it expects.
fn failure(run: &Run) -> Option<String> {
    let expected = squeeze(&run.expected);
    let got = catch_unwind(|| squeeze(&visible_text(&run.input)))
        .unwrap_or_else(|_| "(panicked)".to_owned());
    if got == expected {
        return None;
    }
    Some(format!(
        "- {}\n  input:    {:?}\n  expected: {expected:?}\n  got:      {got:?}",
        run.label, run.input
    ))
}

/// Of the runs in the data state, the share (in percent) that must be made.
const DATA_FLOOR_PERCENT: usize = 99;
/// The fewest runs in other states that must be made.
const OTHER_FLOOR: usize = 250;

#[test]
fn the_reader_shows_what_the_html5lib_tokenizer_tests_expect() {
    let (mut cases, mut data_runs, mut data_made, mut other_made) = (0, 0, 0, 0);
    let mut skipped: BTreeMap<Skip, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for file in FILES {
        for case in load(file) {
            cases += 1;
            for state in &case.states {
                let data = state == "Data state";
                data_runs += usize::from(data);
                match plan(&case, state) {
                    Err(why) => *skipped.entry(why).or_default() += 1,
                    Ok(run) => {
                        data_made += usize::from(data);
                        other_made += usize::from(!data);
                        failures.extend(failure(&run));
                    }
                }
            }
        }
    }
    let counts = format!(
        "{cases} cases in {} files; ran {} runs: {data_made} of {data_runs} in the data \
         state, {other_made} in others; skipped {:?}; {} failed",
        FILES.len(),
        data_made + other_made,
        skipped,
        failures.len()
    );
    assert!(
        data_made * 100 >= data_runs * DATA_FLOOR_PERCENT && other_made >= OTHER_FLOOR,
        "too few runs made: {counts}"
    );
    assert!(failures.is_empty(), "{counts}:\n{}", failures.join("\n"));
}

#[test]
fn lone_surrogate_escapes_are_masked_and_double_escapes_read() {
    // serde_json rejects a lone surrogate escape; a pair, and an escaped
    // backslash before `u`, are left as they are.
    let json = r#"["\uD800", "a\uDFFFb", "\uD83D\uDE00", "\\uD800"]"#;
    let v: Value = serde_json::from_str(&mask_lone_surrogates(json)).unwrap();
    let masked = serde_json::json!([LONE, format!("a{LONE}b"), "\u{1F600}", "\\uD800"]);
    assert_eq!(v, masked);
    assert_eq!(
        unescape(r"\uD83D\uDE00 \u0041 \uZZZZ").as_deref(),
        Some("\u{1F600} A \\uZZZZ")
    );
    assert_eq!(unescape(r"a\uDFFF"), None);
}

/// Runs of whitespace as one space, none at the ends.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Markup from real news pages, and what a browser shows of it.
#[test]
fn the_reader_shows_what_a_browser_shows_of_news_pages() {
    let mut failures = Vec::new();
    let mut check = |input: &str, expected: &str| {
        let got = collapse(&visible_text(input));
        if got != expected {
            failures.push(format!(
                "- input:    {input:?}\n  expected: {expected:?}\n  got:      {got:?}"
            ));
        }
    };
    check(
        r#"<p>before</p><input type="text="" placeholder=x><p>after</p>"#,
        "before after",
    );
    check(r#"<div class="a" "="">after</div>"#, "after");
    check("<a title=it's>after</a>", "after");
    check(
        "<html><head><title>T</title><meta charset=utf-8><body>\
         <p>Text of a page with no head end tag</p>",
        "Text of a page with no head end tag",
    );
    check(
        "<p>&#146;q&#147;x&#148; a&#151;b &#128;</p>",
        "\u{2019}q\u{201C}x\u{201D} a\u{2014}b \u{20AC}",
    );
    check("<p>AT&T &notit; &amp</p>", "AT&T \u{AC}it; &");
    check(
        r#"<script>var s = "</p><p>hidden"</script><p>shown</p>"#,
        "shown",
    );
    check("<style>p{}</style>", "");
    check("<noscript>x</noscript>", "");
    check("<template><p>x</p></template>", "");
    check("<svg><title>x</title></svg>", "");
    check(
        "<textarea>visible &amp; typed</textarea>",
        "visible & typed",
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
