//! Markdown and plain text. Markdown is parsed (`pulldown-cmark`) and each
//! block's text kept without its markup; the first `# ` heading is the
//! headline. Plain text: paragraphs are blocks between blank lines, and
//! the headline is the opening line when it looks like one, or the last
//! headline-looking line of the site furniture before the first prose.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::{Document, collapse};

/// A Markdown article.
pub(super) fn markdown(text: &str) -> Document {
    let mut document = Document::default();
    let mut current = String::new();
    // Inside an image (its alt text is not article text) or a code block.
    let mut hidden = 0usize;
    let mut in_h1 = false;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Image { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock) => hidden += 1,
            Event::End(TagEnd::Image | TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                hidden = hidden.saturating_sub(1);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut document.paragraphs);
                in_h1 = level == HeadingLevel::H1 && document.headline.is_none();
            }
            Event::End(TagEnd::Heading(_)) if in_h1 => {
                in_h1 = false;
                let headline = collapse(&std::mem::take(&mut current));
                document.headline = (!headline.is_empty()).then_some(headline);
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::BlockQuote(_) | Tag::TableCell)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableCell
                | TagEnd::Heading(_)
                | TagEnd::List(_),
            ) => flush(&mut current, &mut document.paragraphs),
            Event::Text(t) | Event::Code(t) if hidden == 0 => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            _ => {}
        }
    }
    flush(&mut current, &mut document.paragraphs);
    document
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let paragraph = collapse(current);
    current.clear();
    if !paragraph.is_empty() {
        out.push(paragraph);
    }
}

/// A plain-text article.
pub(super) fn text(text: &str) -> Document {
    let lines: Vec<&str> = text.lines().collect();
    let headline_at = headline_line(&lines);
    let body = headline_at.map_or(&lines[..], |i| &lines[i + 1..]);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in body {
        if line.trim().is_empty() {
            flush(&mut current, &mut paragraphs);
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    flush(&mut current, &mut paragraphs);
    Document {
        headline: headline_at.map(|i| collapse(lines[i])),
        paragraphs,
        ..Document::default()
    }
}

/// The headline's line: the first line if it looks like a headline, else
/// the last headline-looking line among the short non-prose lines that
/// open the text.
fn headline_line(lines: &[&str]) -> Option<usize> {
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    if looks_like_headline(lines[first]) {
        return Some(first);
    }
    let prose = lines.iter().position(|l| is_prose(l))?;
    (first..prose)
        .rev()
        .find(|&i| looks_like_headline(lines[i]))
}

/// Short, no full stop at the end, starts with a capital or a digit, at
/// least two words.
fn looks_like_headline(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() < 200
        && !line.ends_with('.')
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && line.split_whitespace().count() >= 2
}

/// A line of running text: a sentence or more.
fn is_prose(line: &str) -> bool {
    let line = line.trim();
    line.split_whitespace().count() >= 15
        && line
            .trim_end_matches(['"', '\'', '”', '’', ')'])
            .ends_with(['.', '!', '?', '…'])
}
