//! From a fetched page to comparable text: decode the bytes by their
//! charset, extract the visible text of HTML, normalise it, and look for an
//! excerpt in it. Everything here is linear in the page's size.

pub mod decode;
pub mod fingerprint;
pub mod html;
pub mod normalize;
pub mod search;
pub mod wall;

/// The text of a page, ready to look for excerpts in (perhaps none), or
/// why it is not text.
pub fn prepare(bytes: Vec<u8>, content_type: Option<&str>) -> Result<search::Prepared, String> {
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    let is_html = match mime.as_deref() {
        Some("text/html" | "application/xhtml+xml") => true,
        Some("text/plain") => false,
        None => html::looks_like_html(&bytes),
        Some(other) => return Err(format!("the page is {other}, not text")),
    };
    let decoded = decode::decode(bytes, content_type, is_html);
    Ok(if is_html {
        search::Prepared::from_html(decoded)
    } else {
        search::Prepared::new(decoded)
    })
}
