//! Reading an article: bytes (an HTML page, a Markdown file or plain text)
//! into a [`Document`]: its main text paragraph by paragraph, and only the
//! metadata the page itself gives. The charset is read by
//! [`crate::text::decode`]; the main text of HTML is found by the
//! `dom_smoothie` extractor (docs/import.md says why that one).

mod depth;
mod html;
mod meta;
mod plain;
#[cfg(test)]
mod tests;

use crate::text::decode::decode;

/// What kind of text an article is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Html,
    Markdown,
    Text,
}

/// Why bytes are not an article.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum Unreadable {
    #[error("it is empty")]
    Empty,
    #[error("it is not text (binary data)")]
    Binary,
    #[error("no article text was found in it")]
    NoText,
    #[error(
        "its elements nest more than {} deep, as no article does",
        depth::MAX_NESTING
    )]
    TooDeep,
}

/// An article as read: only what the page gives, never invented.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Document {
    pub headline: Option<String>,
    pub byline: Option<String>,
    pub published: Option<jiff::civil::Date>,
    /// Absolute URL (resolved against the page's own URL when relative).
    pub canonical: Option<String>,
    pub site_name: Option<String>,
    pub section: Option<String>,
    /// The article's main text, paragraph by paragraph, in order, none
    /// empty, whitespace inside a paragraph collapsed to single spaces
    /// (the caller joins them with "\n\n" and quotes sentences from it
    /// verbatim, so this IS the text as read). Not the headline.
    pub paragraphs: Vec<String>,
}

/// How much of the start of the bytes [`sniff`] looks at.
const SNIFF_LEN: usize = 16 * 1024;

/// The kind, from the content (first) and the file name's extension or a
/// content type (hints). Binary content (NUL bytes, or mostly
/// non-text after decoding) is refused.
pub(crate) fn sniff(
    bytes: &[u8],
    name: Option<&str>,
    content_type: Option<&str>,
) -> Result<Kind, Unreadable> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let text = decode(head.to_vec(), content_type, true);
    refuse(head, &text)?;
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let lower: String = start.chars().take(64).collect::<String>().to_lowercase();
    if ["<!doctype html", "<html", "<?xml", "<head", "<body"]
        .iter()
        .any(|m| lower.starts_with(m))
    {
        return Ok(Kind::Html);
    }
    if start.starts_with("# ") {
        return Ok(Kind::Markdown);
    }
    if let Some(kind) = name
        .and_then(by_extension)
        .or_else(|| content_type.and_then(by_type))
    {
        return Ok(kind);
    }
    // No hint: a page that opens with a tag is HTML.
    Ok(
        if start.starts_with('<') && crate::text::html::looks_like_html(head) {
            Kind::Html
        } else {
            Kind::Text
        },
    )
}

fn by_extension(name: &str) -> Option<Kind> {
    let (_, ext) = name.rsplit_once('.')?;
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" | "xhtml" | "shtml" => Some(Kind::Html),
        "md" | "markdown" | "mdown" | "mkd" => Some(Kind::Markdown),
        "txt" | "text" => Some(Kind::Text),
        _ => None,
    }
}

fn by_type(content_type: &str) -> Option<Kind> {
    let mime = content_type.split(';').next()?.trim().to_ascii_lowercase();
    match mime.as_str() {
        "text/html" | "application/xhtml+xml" => Some(Kind::Html),
        "text/markdown" | "text/x-markdown" => Some(Kind::Markdown),
        "text/plain" => Some(Kind::Text),
        _ => None,
    }
}

/// `Empty` for no bytes or only whitespace, `Binary` for a NUL byte
/// (outside UTF-16 text) or text that is mostly not characters.
fn refuse(bytes: &[u8], text: &str) -> Result<(), Unreadable> {
    if text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(Unreadable::Empty);
    }
    let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    if !utf16 && bytes.contains(&0) {
        return Err(Unreadable::Binary);
    }
    let (mut all, mut bad) = (0usize, 0usize);
    for c in text.chars() {
        all += 1;
        if c == '\u{fffd}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) {
            bad += 1;
        }
    }
    if bad * 10 > all {
        return Err(Unreadable::Binary);
    }
    Ok(())
}

/// Reads an article. `url`: the page's own address, to resolve a relative
/// canonical link. `content_type` for the charset of HTML and text.
pub(crate) fn read(
    bytes: &[u8],
    kind: Kind,
    content_type: Option<&str>,
    url: Option<&url::Url>,
) -> Result<Document, Unreadable> {
    if bytes.is_empty() {
        return Err(Unreadable::Empty);
    }
    let text = decode(bytes.to_vec(), content_type, kind == Kind::Html);
    refuse(&bytes[..bytes.len().min(SNIFF_LEN)], &text)?;
    if kind == Kind::Html && depth::nesting(&text) > depth::MAX_NESTING {
        return Err(Unreadable::TooDeep);
    }
    let document = match kind {
        Kind::Html => html::read(&text, url),
        Kind::Markdown => plain::markdown(&text),
        Kind::Text => plain::text(&text),
    };
    if document.paragraphs.is_empty() {
        return Err(Unreadable::NoText);
    }
    Ok(document)
}

/// `text` with every run of whitespace made one space, trimmed.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
