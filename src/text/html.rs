//! The visible text of an HTML page: no markup, no scripts, styles,
//! templates or `<noscript>` fallbacks, entities decoded, and a space where
//! a block element breaks the text. One linear pass; not a full HTML5
//! parser, but what a reader sees on a news page comes out.

/// Elements whose content is not page text.
const SKIPPED: &[&str] = &["script", "style", "template", "noscript", "svg", "head"];

/// Elements that break a line of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "title",
    "body",
];

pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    lower.contains("<html")
        || lower.contains("<!doctype html")
        || lower.contains("<body")
        || lower.contains("<p>")
}

/// The visible text, as one string.
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    walk(html, |s| out.push_str(s));
    out
}

/// Walks the page once, handing each piece of visible text (entities
/// decoded) to `emit`, and a `" "` where a block element breaks the text.
pub fn walk(html: &str, mut emit: impl FnMut(&str)) {
    let out = &mut emit;
    let bytes = html.as_bytes();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        i += lt;
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
            i += 1;
            continue;
        }
        push_text(out, &html[text_start..i]);
        if bytes[i..].starts_with(b"<!--") {
            i = memchr::memmem::find(&bytes[i + 4..], b"-->")
                .map_or(bytes.len(), |e| i + 4 + e + 3);
            text_start = i;
            continue;
        }
        let end = tag_end(bytes, i);
        let closing = next == b'/';
        let name_start = if closing { i + 2 } else { i + 1 };
        let name_len = bytes[name_start..end]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(end - name_start);
        let name = &bytes[name_start..name_start + name_len];
        let is = |list: &[&str]| list.iter().any(|t| t.as_bytes().eq_ignore_ascii_case(name));
        i = end;
        if !closing && is(SKIPPED) && !html[..end].ends_with("/>") {
            // Skip to the matching close tag, case-insensitively.
            let mut close = b"</".to_vec();
            close.extend(name.iter().map(u8::to_ascii_lowercase));
            i = find_ci(&bytes[end..], &close).map_or(bytes.len(), |e| tag_end(bytes, end + e));
        }
        if is(BLOCKS) {
            out(" ");
        }
        text_start = i;
    }
    push_text(out, &html[text_start..]);
}

/// The index after the `>` that ends the tag starting at `start`, quotes in
/// attribute values respected.
fn tag_end(bytes: &[u8], start: usize) -> usize {
    let mut quote = None;
    for (j, &b) in bytes.iter().enumerate().skip(start + 1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return j + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// `needle` (lowercase ASCII) in `haystack`, ignoring ASCII case.
fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    // Every match starts with `<`: jump between them.
    while let Some(i) = memchr::memchr(b'<', &haystack[from..]) {
        let at = from + i;
        if haystack.len() - at >= needle.len()
            && haystack[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn push_text(out: &mut impl FnMut(&str), raw: &str) {
    if raw.is_empty() {
        return;
    }
    if memchr::memchr(b'&', raw.as_bytes()).is_some() {
        out(&htmlize::unescape(raw));
    } else {
        out(raw);
    }
}

#[cfg(test)]
mod tests {
    use super::visible_text;

    fn words(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn markup_scripts_and_entities() {
        let html = "<html><head><title>T</title><style>p{x:1}</style></head><body>\
            <script>var a = '<p>not text</p>';</script><p>Russia wrote <em>off</em> &ldquo;90%&rdquo; of the&nbsp;debt</p>\
            <!-- a comment <p>hidden</p> --><div data-x=\"a>b\">Next</div><SCRIPT>x()</SCRIPT>end &amp; more &#x41;&#66;</body></html>";
        assert_eq!(
            words(&visible_text(html)),
            "Russia wrote off \u{201c}90%\u{201d} of the debt Next end & more AB"
        );
    }

    #[test]
    fn inline_tags_do_not_split_words_and_blocks_do() {
        assert_eq!(
            words(&visible_text("un<b>believ</b>able<p>next</p>para<br>graph")),
            "unbelievable next para graph"
        );
    }

    #[test]
    fn a_script_only_page_has_no_text() {
        let html = "<!doctype html><html><head><script src=app.js></script></head><body><div id=root></div>\
            <noscript>You need to enable JavaScript to run this app.</noscript></body></html>";
        assert_eq!(visible_text(html).trim(), "");
    }

    #[test]
    fn unclosed_and_stray_brackets() {
        assert_eq!(
            words(&visible_text("a < b and 3<4 <p>ok")),
            "a < b and 3<4 ok"
        );
        assert_eq!(words(&visible_text("<script>never closed")), "");
        assert_eq!(words(&visible_text("text <a href='x")), "text");
    }
}
