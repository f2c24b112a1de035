//! Escaping for every medium claimtrack writes hostile text to: HTML pages,
//! terminals, CI logs (GitHub Actions reads workflow commands from them)
//! and markdown. Claim text, file names and what servers answer all come
//! from strangers (a pull request); every output passes them through the
//! function for its medium, and only these functions decide what is safe.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Text for HTML: in an element, or in a quoted attribute value. U+2028
/// and U+2029 are written as references too, so that the text stays safe
/// if it is ever moved into a script.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{2028}' => out.push_str("&#x2028;"),
            '\u{2029}' => out.push_str("&#x2029;"),
            c => out.push(c),
        }
    }
    out
}

/// One segment of a URL path: every byte but `A-Z a-z 0-9 - . _ ~`
/// percent-encoded, so that no name can add a segment, a query, a
/// fragment, a scheme or a quote to a link built from it.
pub(crate) fn url_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Whether `c` must not reach a terminal as itself: C0 controls but line
/// feed and tab (ESC starts every escape sequence: clear screen, window
/// title, OSC 8 links), DEL, C1 controls (U+009B is a one-character CSI),
/// and the bidirectional overrides and isolates that reorder what is shown
/// (U+202A–U+202E, U+2066–U+2069).
pub fn is_terminal_unsafe(c: char) -> bool {
    matches!(c,
        '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Appends `c`, or its visible escape (`\u{1b}`, `\r`) when it is unsafe.
fn push_terminal(out: &mut String, c: char) {
    match c {
        '\r' => out.push_str("\\r"),
        c if is_terminal_unsafe(c) => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// Text for a terminal or a log: unsafe characters (see
/// [`is_terminal_unsafe`]) shown as escapes; line feeds and tabs kept.
pub(crate) fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_terminal_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_terminal(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like `terminal`, for a value shown on one line: a line feed is
/// shown as `\n` too.
pub fn terminal_line(s: &str) -> Cow<'_, str> {
    if !s.contains('\n') {
        return terminal(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            c => push_terminal(&mut out, c),
        }
    }
    Cow::Owned(out)
}

/// Output for a CI log, neutralised so that the GitHub Actions runner
/// reads no workflow command from it. The runner takes a line (split at
/// CR or LF) as a command when it starts with `::` after leading
/// whitespace, or when it contains the legacy `##[` form anywhere (Azure
/// Pipelines: `##vso[`). Such a line gets a backslash before its first
/// `:`, and `##[`/`##vso[` become `##\[`/`##\vso[`: shown as text, and
/// rendered as the original characters in markdown.
pub fn workflow_lines(s: &str) -> Cow<'_, str> {
    let command_line = |line: &str| line.trim_start().starts_with("::");
    if !s.contains("##") && !s.split(['\n', '\r']).any(command_line) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).map_or(rest.len(), |i| i + 1);
        let (line, next) = rest.split_at(end);
        if command_line(line) {
            let colon = line.find(':').expect("the line starts with `::`");
            out.push_str(&line[..colon]);
            out.push('\\');
            out.push_str(&line[colon..]);
        } else {
            out.push_str(line);
        }
        rest = next;
    }
    Cow::Owned(legacy_commands(&out).into_owned())
}

/// `##[` and `##vso[` made `##\[` and `##\vso[`: the legacy command forms,
/// which the runner reads anywhere in a line (see `workflow_lines`).
pub(crate) fn legacy_commands(s: &str) -> Cow<'_, str> {
    if !s.contains("##") {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("##[", "##\\[").replace("##vso[", "##\\vso["))
}

/// The serialized document with every character a terminal or a CI log
/// would act on written as a JSON escape (`\u009b`, `\u202e`, `#\u0023[`),
/// which a JSON parser reads back as the same text. They can only be in
/// strings: the document's own syntax is ASCII without `#`.
pub(crate) fn json_inert(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_terminal_unsafe(c) || matches!(c, '\u{2028}' | '\u{2029}') {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.replace("##[", "#\\u0023[")
        .replace("##vso[", "#\\u0023vso[")
}

/// Text for markdown (GitHub flavoured), in prose or a table cell, that
/// renders as itself: no link, image, emphasis, code, math, strikethrough,
/// heading, list or HTML can come of it, and no line break ends the line
/// or the table row. Terminal-unsafe characters are escaped too (the
/// markdown is often printed).
pub fn markdown(s: &str) -> String {
    let s = terminal(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '$' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    // What makes a block when it starts a line: a list item (`-`, `+`,
    // `1.`, `1)`) or a setext underline (`=`).
    let lead = out.len() - out.trim_start().len();
    let first = out[lead..].chars().next();
    if matches!(first, Some('-' | '+' | '=')) {
        out.insert(lead, '\\');
    } else if let Some(n) = out[lead..].find(|c: char| !c.is_ascii_digit())
        && n > 0
        && matches!(out[lead + n..].chars().next(), Some('.' | ')'))
    {
        out.insert(lead + n, '\\');
    }
    out
}

/// Text as a markdown code span: shown exactly (as [`terminal`] shows
/// it, on one line), whatever backticks it holds.
pub(crate) fn code_span(s: &str) -> String {
    let s = terminal(s).replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with(['`', ' ']) || s.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A markdown table cell of claimtrack's own words, which quote values
/// in backticks (``unknown field `topcs` ``): each backtick pair a code
/// span (`code_span`), the rest text (`markdown`), pipes escaped
/// everywhere. Whatever backticks a quoted value holds, every part is
/// safe; at worst a hostile value changes which parts look like code.
pub(crate) fn markdown_cell(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(&markdown(part));
        } else if i + 1 == parts.len() {
            // An odd backtick out: text.
            out.push_str("\\`");
            out.push_str(&markdown(part));
        } else if part.is_empty() {
            out.push_str("\\`\\`");
        } else {
            out.push_str(&code_span(part).replace('|', "\\|"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_quotes_and_line_separators() {
        assert_eq!(
            html("<script>alert('x') & \"y\"</script>\u{2028}"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;&#x2028;"
        );
        assert_eq!(
            url_segment("x\"><img src=x>/../é%"),
            "x%22%3E%3Cimg%20src%3Dx%3E%2F..%2F%C3%A9%25"
        );
        assert_eq!(url_segment("debt-2014"), "debt-2014");
    }

    #[test]
    fn terminal_shows_controls_and_bidi_overrides() {
        assert_eq!(terminal("plain\ttext\n"), "plain\ttext\n");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(
            terminal("\u{1b}[2J\u{1b}]0;title\u{7}\r\u{7f}\u{9b}\u{202e}\u{2066}"),
            "\\u{1b}[2J\\u{1b}]0;title\\u{7}\\r\\u{7f}\\u{9b}\\u{202e}\\u{2066}"
        );
        assert_eq!(terminal_line("a\nb\u{1b}"), "a\\nb\\u{1b}");
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let shown = terminal_line(&c.to_string()).into_owned();
            assert!(!shown.chars().any(is_terminal_unsafe), "{c:?}");
            assert!(!shown.contains('\n'), "{c:?}");
        }
    }

    #[test]
    fn workflow_commands_are_neutralised() {
        assert_eq!(workflow_lines("fine: a::b\n"), "fine: a::b\n");
        assert_eq!(
            workflow_lines("x\n::add-mask::x\n  \t::error::pwned\r::warning::y"),
            "x\n\\::add-mask::x\n  \t\\::error::pwned\r\\::warning::y"
        );
        assert_eq!(
            workflow_lines("a ##[add-mask]x ##vso[task.setvariable]y"),
            "a ##\\[add-mask]x ##\\vso[task.setvariable]y"
        );
        // U+00A0 and U+2003 are whitespace to the runner's TrimStart too.
        assert_eq!(
            workflow_lines("\u{a0}\u{2003}::error::x"),
            "\u{a0}\u{2003}\\::error::x"
        );
        for s in ["::", "\n::", "::\n::", " ##[##[", "#"] {
            let out = workflow_lines(s);
            assert!(
                !out.split(['\n', '\r'])
                    .any(|l| l.trim_start().starts_with("::") || l.contains("##[")),
                "{s:?} → {out:?}"
            );
        }
    }

    #[test]
    fn markdown_renders_as_its_text() {
        assert_eq!(
            markdown("![x](https://tracker/p.gif) [approve](https://evil/) <b>&"),
            "\\!\\[x\\](https://tracker/p.gif) \\[approve\\](https://evil/) &lt;b&gt;&amp;"
        );
        assert_eq!(
            markdown("*a* _b_ `c` ~~d~~ $e$ a|b \\"),
            "\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~ \\$e\\$ a\\|b \\\\"
        );
        assert_eq!(markdown("# h\n- x"), "\\# h - x");
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown(" 12. item"), " 12\\. item");
        assert_eq!(markdown("2026 was."), "2026 was.");
        assert_eq!(markdown("\u{1b}[2J"), "\\\\u{1b}\\[2J");
    }

    #[test]
    fn cells_keep_quoted_values_as_code() {
        assert_eq!(
            markdown_cell("unknown field `topcs` in a_b: try `a|b`"),
            "unknown field `topcs` in a\\_b: try `a\\|b`"
        );
        assert_eq!(
            markdown_cell("field `x` ![i](http://t) `` here"),
            "field `x` \\!\\[i\\](http://t) \\`\\` here"
        );
        assert_eq!(markdown_cell("odd ` one"), "odd \\` one");
        assert_eq!(markdown_cell("a\nb|c"), "a b\\|c");
    }

    #[test]
    fn json_made_inert_reads_back_as_written() {
        let text = "a\u{1b}[2J b\u{202e}c ##[error]x ##vso[task] \u{2028}";
        let json = serde_json::to_string(&text).unwrap();
        let inert = json_inert(&json);
        assert!(inert.chars().all(|c| !is_terminal_unsafe(c)), "{inert}");
        assert!(
            !inert.contains("##[") && !inert.contains("##vso["),
            "{inert}"
        );
        assert_eq!(serde_json::from_str::<String>(&inert).unwrap(), text);
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code_span("a/b"), "`a/b`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x``"), "``` `x`` ```");
        assert_eq!(code_span("a\nb"), "`a b`");
    }
}
