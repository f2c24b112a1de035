//! Findings as text for people: rustc-style, with the source line and a
//! caret under the offending key or value. Each output format is a function
//! that returns a String.
//!
//! Rendering is linear in the findings: annotate-snippets maps every line
//! of the source it is given on each call, so it is given only the lines
//! around each label (with their line number), never the whole file; a
//! line too long to show (a file with CR-only line endings is one line) is
//! quoted around the label instead. At most `SHOWN_PER_FILE` findings
//! of one file are shown, then a count of the rest. Messages, labels and
//! paths are escaped for the terminal (`escape::terminal`), source lines
//! as `shown_window` says, and the output is neutralised for CI logs
//! (`escape::workflow_lines`).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Element, Group, Level, Origin, Renderer, Snippet};

use crate::diag::{Finding, Label, Severity};
use crate::escape::{terminal, terminal_line, workflow_lines};
use crate::files::{FileId, Files, SourceFile};

/// The findings of one file shown; the rest are counted.
const SHOWN_PER_FILE: usize = 50;

/// A line longer than this (in bytes) is quoted around the label rather
/// than shown whole.
const LONG_LINE: usize = 1024;

/// Labels of one file this close (in bytes of source between them) are
/// shown in one snippet; farther ones each in their own.
const NEAR: usize = 4096;

/// Characters quoted on each side of a label on a long line.
const QUOTE: usize = 40;

/// Renders findings in the order given, each followed by a blank line, at
/// most `SHOWN_PER_FILE` per file.
pub fn human(findings: &[Finding], files: &Files, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut totals: HashMap<&Path, usize> = HashMap::new();
    for f in findings {
        *totals.entry(f.path.as_path()).or_default() += 1;
    }
    let mut shown: HashMap<&Path, usize> = HashMap::new();
    let mut out = String::new();
    for f in findings {
        let n = shown.entry(f.path.as_path()).or_default();
        *n += 1;
        if *n > SHOWN_PER_FILE {
            continue;
        }
        let text = Text::of(f);
        out.push_str(&renderer.render(&[group(f, &text, files)]));
        out.push_str("\n\n");
        let total = totals[f.path.as_path()];
        if *n == SHOWN_PER_FILE && total > SHOWN_PER_FILE {
            let rest = total - SHOWN_PER_FILE;
            let _ = writeln!(
                out,
                "… and {rest} more finding{} in {}; use --format json for all\n",
                if rest == 1 { "" } else { "s" },
                terminal_line(&f.path.to_string_lossy())
            );
        }
    }
    workflow_lines(&out).into_owned()
}

/// A finding's words, escaped for a terminal.
struct Text {
    message: String,
    path: String,
    primary: String,
    secondary: Vec<String>,
    note: Option<String>,
    help: Option<String>,
}

impl Text {
    fn of(f: &Finding) -> Text {
        let esc = |s: &str| terminal(s).into_owned();
        Text {
            message: esc(&f.message),
            path: terminal_line(&f.path.to_string_lossy()).into_owned(),
            primary: f.primary.as_ref().map(|l| esc(&l.text)).unwrap_or_default(),
            secondary: f.secondary.iter().map(|l| esc(&l.text)).collect(),
            note: f.note.as_deref().map(esc),
            help: f.help.as_deref().map(esc),
        }
    }
}

fn group<'a>(f: &'a Finding, text: &'a Text, files: &'a Files) -> Group<'a> {
    let level = match f.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(text.message.as_str())
        .id(f.code.as_str());
    let mut group = Group::with_title(title);
    match &f.primary {
        Some(primary) => {
            let mut labels = vec![(primary, AnnotationKind::Primary, text.primary.as_str())];
            for (s, t) in f.secondary.iter().zip(&text.secondary) {
                labels.push((s, AnnotationKind::Context, t.as_str()));
            }
            for element in snippets(&labels, files) {
                group = group.element(element);
            }
        }
        None => {
            group = group.element(Origin::path(text.path.as_str()));
        }
    }
    if let Some(note) = &text.note {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(help) = &text.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    group
}

type Labelled<'l> = (&'l Label, AnnotationKind, &'l str);

/// The snippets of a finding's labels: the primary's first, then its
/// file's labels near it in the same snippet, then the others, each over
/// the lines around it only.
fn snippets<'a>(labels: &[Labelled<'a>], files: &'a Files) -> Vec<Element<'a>> {
    let spans: Vec<Range<usize>> = labels
        .iter()
        .map(|(l, _, _)| shown_span(&files.get(l.file).text, &l.span))
        .collect();
    // Windows: (file, lines around the labels, the labels in it).
    let mut windows: Vec<(FileId, Range<usize>, Vec<usize>)> = Vec::new();
    for (i, (label, _, _)) in labels.iter().enumerate() {
        let file = files.get(label.file);
        let lines = lines_around(&file.text, spans[i].clone());
        let near = windows.iter_mut().find(|(f, w, _)| {
            *f == label.file && lines.start < w.end + NEAR && w.start < lines.end + NEAR
        });
        match near {
            Some((_, w, members)) => {
                *w = w.start.min(lines.start)..w.end.max(lines.end);
                members.push(i);
            }
            None => windows.push((label.file, lines, vec![i])),
        }
    }
    let mut out = Vec::new();
    for (id, window, members) in windows {
        let file = files.get(id);
        let path = terminal_line(&file.path.to_string_lossy()).into_owned();
        if longest_line(&file.text[window.clone()]) > LONG_LINE {
            for &i in &members {
                out.extend(quoted(file, path.clone(), labels[i]));
            }
            continue;
        }
        let mut spans: Vec<Range<usize>> = members.iter().map(|&i| spans[i].clone()).collect();
        let source = shown_window(&file.text, window.clone(), &mut spans);
        let mut snippet = Snippet::source(source)
            .path(path)
            .line_start(file.line_col(window.start).0)
            .fold(true);
        for (&i, span) in members.iter().zip(spans) {
            let (_, kind, label) = labels[i];
            snippet = snippet.annotation(kind.span(span).label(label));
        }
        out.push(snippet.into());
    }
    out
}

/// A label on a line too long to show: where it is, and the text around it.
fn quoted<'a>(file: &SourceFile, path: String, (label, _, text): Labelled<'a>) -> [Element<'a>; 2] {
    let span = clamp(&file.text, &label.span);
    let (line, col) = file.line_col(span.start);
    let before = file.text[..span.start]
        .char_indices()
        .rev()
        .nth(QUOTE - 1)
        .map_or(0, |(i, _)| i);
    let after = file.text[span.start..]
        .char_indices()
        .nth(QUOTE)
        .map_or(file.text.len(), |(i, _)| span.start + i);
    let mut excerpt = String::new();
    if before > 0 {
        excerpt.push('…');
    }
    excerpt.push_str(&terminal_line(&file.text[before..span.start]));
    excerpt.push_str(" ▶ ");
    excerpt.push_str(&terminal_line(&file.text[span.start..after]));
    if after < file.text.len() {
        excerpt.push('…');
    }
    let origin = Origin::path(path).line(line).char_column(col);
    let note = format!(
        "{text}; line {line} is too long to show, here is its text around column {col} (▶): {excerpt}"
    );
    [origin.into(), Level::NOTE.message(note).into()]
}

/// The part of a label's span that is shown: within the text, and only
/// its first line when its lines are more than `NEAR` bytes (a span over a
/// whole long table is shown where it starts).
fn shown_span(text: &str, span: &Range<usize>) -> Range<usize> {
    let span = clamp(text, span);
    if lines_around(text, span.clone()).len() <= NEAR {
        return span;
    }
    let first_line_end =
        memchr::memchr(b'\n', &text.as_bytes()[span.start..]).map_or(span.end, |i| span.start + i);
    span.start..first_line_end.min(span.end)
}

/// `span` within `text` and on character boundaries.
fn clamp(text: &str, span: &Range<usize>) -> Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start);
    start..floor(span.end.max(start))
}

/// The whole lines that `span` touches, without the line end (LF or
/// CRLF) of the last.
fn lines_around(text: &str, span: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let start = memchr::memrchr(b'\n', &bytes[..span.start]).map_or(0, |i| i + 1);
    let mut end = memchr::memchr(b'\n', &bytes[span.end..]).map_or(text.len(), |i| span.end + i);
    if end < text.len() && end > start.max(span.end) && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    start..end
}

fn longest_line(text: &str) -> usize {
    text.split('\n').map(str::len).max().unwrap_or(0)
}

/// `text[window]` as given to annotate-snippets, with `spans` (offsets
/// into `text`) moved to offsets into the result. annotate-snippets shows
/// C0 controls, DEL and the bidi overrides of source lines as one visible
/// character each (`␛`, `�`), so the columns it prints stay those of the
/// file; C1 controls, which it leaves alone, become `�` here.
fn shown_window(text: &str, window: Range<usize>, spans: &mut [Range<usize>]) -> String {
    let slice = &text[window.clone()];
    let mut out = String::with_capacity(slice.len());
    let mut moved: Vec<(Option<usize>, Option<usize>)> = vec![(None, None); spans.len()];
    for (i, c) in slice.char_indices() {
        let at = window.start + i;
        for (span, (start, end)) in spans.iter().zip(moved.iter_mut()) {
            if start.is_none() && at >= span.start {
                *start = Some(out.len());
            }
            if end.is_none() && at >= span.end {
                *end = Some(out.len());
            }
        }
        out.push(if ('\u{80}'..='\u{9f}').contains(&c) {
            '\u{fffd}'
        } else {
            c
        });
    }
    for (span, (start, end)) in spans.iter_mut().zip(moved) {
        let start = start.unwrap_or(out.len());
        *span = start..end.unwrap_or(out.len()).max(start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::is_terminal_unsafe;

    #[test]
    fn a_window_keeps_its_columns_and_its_spans_follow() {
        let text = "a = 1\nb = \"\u{1b}[2J\u{9b}x\"\r\nc = 3\n";
        let x = text.find('x').unwrap();
        let window = lines_around(text, x..x + 1);
        assert_eq!(&text[window.clone()], "b = \"\u{1b}[2J\u{9b}x\"");
        let mut spans = [x..x + 1, 6..7];
        let out = shown_window(text, window, &mut spans);
        assert_eq!(out, "b = \"\u{1b}[2J\u{fffd}x\"");
        assert_eq!(&out[spans[0].clone()], "x");
        assert_eq!(&out[spans[1].clone()], "b");
        let mut spans = [0..100, 2..3];
        let out = shown_window(text, 0..5, &mut spans);
        assert_eq!(&out[spans[0].clone()], "a = 1", "cut to the window");
        assert_eq!(&out[spans[1].clone()], "=");
    }

    /// annotate-snippets does the rest of the escaping of source lines:
    /// held here, for every character that must not reach a terminal.
    #[test]
    fn no_unsafe_character_of_a_source_line_is_rendered_raw() {
        let unsafe_chars: String = (0..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_terminal_unsafe(c) && c != '\r')
            .collect();
        let text = format!("key = \"{unsafe_chars}\"\r\nnext = \"\r\"\n");
        let mut spans = [0..3, text.len() - 3..text.len() - 2];
        let window = 0..text.len() - 1;
        let source = shown_window(&text, window, &mut spans);
        let snippet = Snippet::source(source)
            .path("a.toml")
            .annotation(AnnotationKind::Primary.span(spans[0].clone()).label("here"))
            .annotation(
                AnnotationKind::Context
                    .span(spans[1].clone())
                    .label("lone CR"),
            );
        let group = Group::with_title(Level::ERROR.primary_title("t")).element(snippet);
        let out = Renderer::plain().render(&[group]);
        assert!(!out.chars().any(is_terminal_unsafe), "{out:?}");
        assert!(out.contains("next = \"␍\""), "{out}");
    }

    #[test]
    fn a_long_multi_line_span_is_shown_where_it_starts() {
        let text = format!("a = [\n{}]\n", "  1,\n".repeat(2000));
        assert_eq!(shown_span(&text, &(4..text.len() - 1)), 4..5);
        assert_eq!(shown_span(&text, &(4..20)), 4..20);
    }

    #[test]
    fn spans_are_clamped_to_the_text_and_its_characters() {
        assert_eq!(clamp("aé", &(2..9)), 1..3);
        let (start, end) = (5, 1);
        assert_eq!(clamp("ab", &(start..end)), 2..2);
        assert_eq!(lines_around("ab\ncd\n", 6..6), 6..6);
        assert_eq!(lines_around("ab\ncd\nef", 4..7), 3..8);
    }
}
