//! Property tests of `format`: for generated claim files with comments in
//! every place TOML allows one, formatting keeps every comment (same text,
//! same order), keeps the data, and is idempotent.
//!
//! The data comes from proptest strategies; where comments and whitespace
//! go is decided by `dice` (a list of small numbers, read in turn), which
//! shrinks toward no comments at all.

use proptest::prelude::*;

use super::format;
use crate::layout::FileKind;
use crate::model::Status;

#[derive(Clone, Debug)]
enum Val {
    Str(String),
    Date(u16, u8, u8),
    Array(Vec<Val>),
    Inline(Vec<(&'static str, Val)>),
}

#[derive(Clone, Debug)]
struct Plan {
    /// The claim's keys and values, in the documented order.
    keys: Vec<(&'static str, Val)>,
    /// `[[sources]]` tables (when `sources` is not an inline array).
    tables: Vec<Vec<(&'static str, Val)>>,
    dice: Vec<u8>,
    texts: Vec<String>,
}

/// Text with quotes, backslashes, `#`, brackets, tabs, newlines and
/// non-ASCII; never `~`, which marks comments.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 #'\"\\\\\\[\\]{}=,.\t\né€😀-]{0,12}"
}

fn string() -> impl Strategy<Value = Val> {
    text().prop_map(Val::Str)
}

fn date() -> impl Strategy<Value = Val> {
    (1900u16..2100, 1u8..13, 1u8..29).prop_map(|(y, m, d)| Val::Date(y, m, d))
}

fn strings(max: usize) -> impl Strategy<Value = Val> {
    prop::collection::vec(string(), 0..max).prop_map(Val::Array)
}

/// A source's keys, in the documented order, each there or not.
fn source() -> impl Strategy<Value = Vec<(&'static str, Val)>> {
    let opt = |s: BoxedStrategy<Val>| prop::option::of(s);
    (
        opt(string().boxed()),
        opt(string().boxed()),
        opt(string().boxed()),
        opt(date().boxed()),
        opt(date().boxed()),
        opt(string().boxed()),
        opt(string().boxed()),
    )
        .prop_map(
            |(url, outlet, title, published, accessed, archive, excerpt)| {
                let keys = ["url", "outlet", "title", "published", "accessed"];
                let more = ["archive", "excerpt"];
                keys.into_iter()
                    .zip([url, outlet, title, published, accessed])
                    .chain(more.into_iter().zip([archive, excerpt]))
                    .filter_map(|(k, v)| v.map(|v| (k, v)))
                    .collect()
            },
        )
}

fn plan() -> impl Strategy<Value = Plan> {
    let sources = prop::collection::vec(source(), 0..4);
    (
        (
            string(),
            prop::option::of(string()),
            prop::option::of(string()),
            prop::option::of(string()),
            prop::sample::select(Status::NAMES),
            prop::option::of(string()),
            prop::option::of(strings(5)),
        ),
        (any::<bool>(), sources),
        prop::option::of(prop::collection::vec(strings(3), 0..3)),
        prop::collection::vec(0u8..12, 0..64),
        prop::collection::vec(text(), 1..8),
    )
        .prop_map(|(head, (inline, sources), extra, dice, texts)| {
            let (claim, quote, attributed_to, attribution, status, note, topics) = head;
            let mut keys: Vec<(&'static str, Val)> = vec![("claim", claim)];
            let optional = [
                ("quote", quote),
                ("attributed_to", attributed_to),
                ("attribution", attribution),
            ];
            keys.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
            keys.push(("status", Val::Str(status.to_string())));
            keys.extend(note.map(|v| ("note", v)));
            keys.extend(topics.map(|v| ("topics", v)));
            let mut tables = Vec::new();
            if inline {
                let inline = sources.into_iter().map(Val::Inline).collect();
                keys.push(("sources", Val::Array(inline)));
            } else {
                tables = sources;
            }
            // A key the model does not know, with arrays in an array.
            keys.extend(extra.map(|v| ("zz_extra", Val::Array(v))));
            Plan {
                keys,
                tables,
                dice,
                texts,
            }
        })
}

/// Renders a plan as messy TOML, recording each comment written.
struct Writer<'p> {
    plan: &'p Plan,
    out: String,
    roll: usize,
    comments: Vec<String>,
}

impl Writer<'_> {
    fn roll(&mut self, sides: u8) -> u8 {
        let dice = &self.plan.dice;
        let n = dice
            .get(self.roll % dice.len().max(1))
            .copied()
            .unwrap_or(0);
        self.roll += 1;
        n % sides
    }

    fn comment(&mut self) {
        let n = self.comments.len();
        let text = &self.plan.texts[n % self.plan.texts.len()];
        let comment = format!("#~{n}~{text}").replace('\n', " ");
        self.out.push_str(&comment);
        self.comments.push(comment);
    }

    fn ws(&mut self) {
        let ws = ["", " ", "  \t"][usize::from(self.roll(3))];
        self.out.push_str(ws);
    }

    /// At the start of a line: comment lines, blank lines, or nothing.
    fn own_lines(&mut self) {
        for _ in 0..self.roll(4).saturating_sub(1) {
            self.ws();
            if self.roll(4) == 0 {
                self.out.push('\n');
            } else {
                self.comment();
                self.out.push('\n');
            }
        }
    }

    /// The end of a line: maybe a comment, then the newline.
    fn end_line(&mut self) {
        self.ws();
        if self.roll(2) == 1 {
            self.comment();
        }
        self.out.push('\n');
    }

    /// Between two tokens of an array or inline table: whitespace, or a
    /// comment on the line and comments on lines of their own.
    fn gap(&mut self) {
        self.ws();
        if self.roll(2) == 1 {
            self.end_line();
            self.own_lines();
            self.ws();
        }
    }

    fn key_value(&mut self, key: &str, value: &Val) {
        self.own_lines();
        self.ws();
        self.out.push_str(key);
        self.ws();
        self.out.push('=');
        self.ws();
        self.value(value);
        self.end_line();
    }

    fn value(&mut self, value: &Val) {
        match value {
            Val::Str(s) => {
                let encoded = encode(s, self.roll(3));
                self.out.push_str(&encoded);
            }
            Val::Date(y, m, d) => self.out.push_str(&format!("{y:04}-{m:02}-{d:02}")),
            Val::Array(items) => self.seq('[', ']', items.iter().map(|v| (None, v))),
            Val::Inline(keys) => self.seq('{', '}', keys.iter().map(|(k, v)| (Some(*k), v))),
        }
    }

    /// An array (keys `None`) or an inline table, with gaps everywhere.
    fn seq<'v>(
        &mut self,
        open: char,
        close: char,
        items: impl ExactSizeIterator<Item = (Option<&'static str>, &'v Val)>,
    ) {
        let n = items.len();
        self.out.push(open);
        for (i, (key, value)) in items.enumerate() {
            self.gap();
            if let Some(key) = key {
                self.out.push_str(key);
                self.ws();
                self.out.push('=');
                self.ws();
            }
            self.value(value);
            // Between a value and its comma.
            self.gap();
            if i + 1 < n || self.roll(2) == 1 {
                self.out.push(',');
            }
        }
        self.gap();
        self.out.push(close);
    }

    fn render(mut self) -> (String, Vec<String>) {
        let plan = self.plan;
        for (key, value) in &plan.keys {
            self.key_value(key, value);
        }
        for table in &plan.tables {
            self.own_lines();
            self.out.push_str("[[sources]]");
            self.end_line();
            for (key, value) in table {
                self.key_value(key, value);
            }
        }
        self.own_lines();
        (self.out, self.comments)
    }
}

/// A TOML string for `s`: basic (0), literal when it can be (1), or
/// multi-line basic (2).
fn encode(s: &str, form: u8) -> String {
    let literal_ok = !s.contains(['\'', '\n']) && !s.chars().any(|c| c.is_control() && c != '\t');
    if form == 1 && literal_ok {
        return format!("'{s}'");
    }
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if form == 2 => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    if form == 2 {
        // A newline right after `"""` is not part of the string.
        format!("\"\"\"\n{out}\"\"\"")
    } else {
        format!("\"{out}\"")
    }
}

fn data(text: &str) -> toml::Table {
    text.parse().expect("valid TOML")
}

/// Formats `plan`'s file and checks that the output has every comment
/// (in the same order if `ordered`), the same data, and is a fixed point.
fn holds(plan: &Plan, ordered: bool) -> Result<(), TestCaseError> {
    let writer = Writer {
        plan,
        out: String::new(),
        roll: 0,
        comments: vec![],
    };
    let (input, comments) = writer.render();
    let fail = |e: String| TestCaseError::fail(format!("{e}\n--- input\n{input}"));
    let once = format(&input, FileKind::Claim).map_err(fail)?;
    let context = format!("--- input\n{input}--- output\n{once}");
    // (a) every comment, in the same order when the keys were in order.
    let mut at = 0;
    for comment in &comments {
        let comment = comment.trim_end();
        let found = once[at..].find(comment);
        prop_assert!(found.is_some(), "lost or moved `{}`\n{}", comment, context);
        if ordered {
            at += found.unwrap_or(0) + comment.len();
        }
    }
    // (b) the same data.
    prop_assert_eq!(data(&once), data(&input), "{}", context);
    // (c) idempotent.
    let twice = format(&once, FileKind::Claim).map_err(fail)?;
    prop_assert_eq!(&twice, &once, "{}", context);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn format_keeps_comments_in_order_and_data_and_is_idempotent(plan in plan()) {
        holds(&plan, true)?;
    }

    /// Keys out of order: each comment moves with its key, none is lost.
    #[test]
    fn format_keeps_comments_of_keys_it_reorders(
        (plan, keys) in plan().prop_flat_map(|p| {
            let keys = Just(p.keys.clone()).prop_shuffle();
            (Just(p), keys)
        })
    ) {
        holds(&Plan { keys, ..plan }, false)?;
    }
}
