//! The HTML page reader: charset decoding (`text::decode`), visible text
//! (`text::html::visible_text`, `decode_references`), walls
//! (`text::wall::detect`) and the whole path from fetched bytes to a
//! prepared page (`text::prepare`).
//!
//! The first byte picks the Content-Type the page comes with; the rest is
//! the body.

#![no_main]

use claimtrack::text::{self, decode, html, normalize};
use libfuzzer_sys::fuzz_target;

const TYPES: &[Option<&str>] = &[
    None,
    Some("text/html"),
    Some("text/html; charset=utf-8"),
    Some("text/html; charset=\"windows-1252\""),
    Some("text/html; charset=shift_jis"),
    Some("text/html; charset=utf-16le"),
    Some("text/html; charset=euc-kr"),
    Some("text/html; charset=bogus"),
    Some("application/xhtml+xml; charset=iso-8859-5"),
    Some("text/plain"),
    Some("text/plain; charset=gb18030"),
    Some("application/pdf"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let content_type = TYPES[pick as usize % TYPES.len()];

    let decoded = decode::decode(body.to_vec(), content_type, true);
    let visible = html::visible_text(&decoded);
    let _ = html::decode_references(&decoded);
    let _ = text::wall::detect(&decoded, &normalize::fold(&visible));
    let _ = html::looks_like_html(body);

    if let Ok(page) = text::prepare(body.to_vec(), content_type) {
        let visible = page.text().to_string();
        // Its own visible text is found in it (unless it is all gaps).
        let parts = normalize::fold(&visible)
            .replace("[...]", "\0")
            .replace("...", "\0");
        if !parts.chars().all(|c| c == '\0' || c.is_whitespace()) {
            assert_eq!(
                text::search::find_in(&page, &visible),
                text::search::Match::Found,
                "the page's text is not found in it: {visible:?}"
            );
        }
    }
});
