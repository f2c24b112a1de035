//! The hand-written tag scanner claimtrack used before html5gum (commit
//! 4d07e29), kept here only as the baseline of the comparison.

//! The visible text of an HTML page: no markup, no scripts, styles,
//! templates or `<noscript>` fallbacks, entities decoded, and a space where
//! a block element breaks the text. One linear pass; not a full HTML5
//! parser, but what a reader sees on a news page comes out.

/// Elements whose content is not page text (names lowercase).
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"template" | b"noscript" | b"svg" | b"head"
    )
}

/// Elements that break a line of text (names lowercase).
fn block(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"br"
            | b"div"
            | b"li"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"td"
            | b"th"
            | b"tr"
            | b"dd"
            | b"dt"
            | b"dl"
            | b"ol"
            | b"ul"
            | b"hr"
            | b"pre"
            | b"nav"
            | b"main"
            | b"body"
            | b"table"
            | b"title"
            | b"aside"
            | b"figure"
            | b"footer"
            | b"header"
            | b"section"
            | b"article"
            | b"address"
            | b"blockquote"
            | b"figcaption"
    )
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
        // Tag names are short: a lowercase copy is matched against the lists.
        let mut lower = [0u8; 12];
        let short = name.len() <= lower.len();
        if short {
            lower[..name.len()].copy_from_slice(name);
            lower.make_ascii_lowercase();
        }
        let name = &lower[..name.len().min(lower.len())];

        i = end;
        if !closing && short && skipped(name) && !html[..end].ends_with("/>") {
            // Skip to the matching close tag, case-insensitively.
            let mut close = b"</".to_vec();
            close.extend(name.iter().map(u8::to_ascii_lowercase));
            i = find_ci(&bytes[end..], &close).map_or(bytes.len(), |e| tag_end(bytes, end + e));
        }
        if short && block(name) {
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

/// Emits `raw` with its character references decoded. Numeric references
/// and the named ones news pages use most are decoded here, piece by piece
/// with no allocation (htmlize's general decoder costs about as much as
/// the rest of the page's processing); any other name goes to htmlize.
fn push_text(out: &mut impl FnMut(&str), raw: &str) {
    let bytes = raw.as_bytes();
    let mut from = 0;
    while let Some(amp) = memchr::memchr(b'&', &bytes[from..]) {
        let amp = from + amp;
        let end = bytes[amp + 1..]
            .iter()
            .take(32)
            .position(|&b| b == b';')
            .map(|e| amp + 1 + e);
        let Some(end) = end else {
            // No `;` near: not a reference this decoder knows.
            let next = memchr::memchr(b'&', &bytes[amp + 1..]).map_or(bytes.len(), |n| amp + 1 + n);
            out(&htmlize::unescape(&raw[from..next]));
            from = next;
            continue;
        };
        if amp > from {
            out(&raw[from..amp]);
        }
        let name = &raw[amp + 1..end];
        let mut buf = [0u8; 4];
        match reference(name) {
            Some(c) => out(c.encode_utf8(&mut buf)),
            None => out(&htmlize::unescape(&raw[amp..=end])),
        }
        from = end + 1;
    }
    if from < bytes.len() {
        out(&raw[from..]);
    }
}

/// The character a reference names (`amp`, `#8217`, `#x2019`), for the
/// numeric ones and the common names; `None` for the rest.
fn reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return Some(
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{fffd}'),
        );
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "shy" => '\u{ad}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "sbquo" => '\u{201a}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "bdquo" => '\u{201e}',
        "laquo" => '\u{ab}',
        "raquo" => '\u{bb}',
        "hellip" => '\u{2026}',
        "copy" => '\u{a9}',
        "eacute" => '\u{e9}',
        _ => return None,
    })
}
