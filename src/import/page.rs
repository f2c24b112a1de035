//! Stand-in until the `reader` branch lands.
#![allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Html,
    Markdown,
    Text,
}
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum Unreadable {
    #[error("it is empty")]
    Empty,
    #[error("it is not text (binary data)")]
    Binary,
    #[error("no article text was found in it")]
    NoText,
}
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Document {
    pub headline: Option<String>,
    pub byline: Option<String>,
    pub published: Option<jiff::civil::Date>,
    pub canonical: Option<String>,
    pub site_name: Option<String>,
    pub section: Option<String>,
    pub paragraphs: Vec<String>,
}
pub(crate) fn sniff(
    bytes: &[u8],
    _name: Option<&str>,
    _content_type: Option<&str>,
) -> Result<Kind, Unreadable> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Unreadable::Empty);
    }
    if bytes.contains(&0) {
        return Err(Unreadable::Binary);
    }
    Ok(Kind::Text)
}
pub(crate) fn read(
    bytes: &[u8],
    _kind: Kind,
    _content_type: Option<&str>,
    _url: Option<&url::Url>,
) -> Result<Document, Unreadable> {
    let text = String::from_utf8_lossy(bytes);
    let mut blocks = text.split("\n\n").map(|b| b.trim().replace('\n', " "));
    let headline = blocks.next();
    let paragraphs: Vec<String> = blocks.filter(|b| !b.is_empty()).collect();
    if paragraphs.is_empty() {
        return Err(Unreadable::NoText);
    }
    Ok(Document {
        headline,
        paragraphs,
        ..Document::default()
    })
}
