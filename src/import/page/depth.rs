//! How deep a page nests its elements, estimated in one pass over the
//! bytes before the page is parsed: the HTML tree builder takes time that
//! grows with the square of the depth of unclosed elements, so a hostile
//! page of 5 MB of `<div>` would take hours. Real articles nest a few
//! dozen deep.

/// Pages estimated to nest deeper than this are not parsed.
pub(super) const MAX_NESTING: usize = 1_000;

/// Elements that never hold others, or that the next of their kind
/// closes: they do not deepen the tree however often they are opened.
const FLAT: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"option",
    b"optgroup",
    b"rt",
    b"rp",
    b"thead",
    b"tbody",
    b"tfoot",
    b"colgroup",
    b"!doctype",
];

/// The deepest nesting of start tags over end tags, counting only the
/// elements that can nest. An estimate: markup inside scripts and
/// comments is counted too, and an end tag closes one level whatever its
/// name (so stray end tags can only lower it).
pub(super) fn nesting(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[at + 1..];
        match rest.first() {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let len = rest
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
                    .unwrap_or(rest.len());
                let name = rest[..len].to_ascii_lowercase();
                let closes_itself = rest[len..]
                    .iter()
                    .position(|&b| b == b'>')
                    .is_some_and(|gt| gt > 0 && rest[len + gt - 1] == b'/');
                if !closes_itself && !FLAT.contains(&name.as_slice()) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::nesting;

    #[test]
    fn nesting_counts_what_can_nest() {
        for (html, expect) in [
            ("", 0),
            ("<html><body><div><p>a<p>b</div></body></html>", 3),
            ("<div><br><img src=x><hr/><span/></div>", 1),
            ("<li>a<li>b<li>c", 0),
            ("</div></div><div>", 1),
            ("a < b and <3", 0),
            ("<DIV><Div><div>", 3),
        ] {
            assert_eq!(nesting(html), expect, "{html}");
        }
        assert_eq!(nesting(&"<div>".repeat(5000)), 5000);
        assert_eq!(nesting(&"<div></div>".repeat(5000)), 1);
    }
}
