//! Bytes to text by the declared or sniffed charset: a byte-order mark,
//! then the Content-Type header, then (for HTML) a `<meta>` charset in the
//! first 1024 bytes, then UTF-8 if the bytes are valid UTF-8, else
//! windows-1252 (what browsers read "Latin-1" as).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

pub fn decode(bytes: Vec<u8>, content_type: Option<&str>, is_html: bool) -> String {
    let declared = Encoding::for_bom(&bytes)
        .map(|(e, _)| e)
        .or_else(|| {
            content_type
                .and_then(charset_param)
                .and_then(|l| Encoding::for_label(l.as_bytes()))
        })
        .or_else(|| is_html.then(|| meta_charset(&bytes)).flatten());
    let encoding = match declared {
        Some(e) => e,
        // Undeclared: UTF-8 if it is (then the bytes are the text, with no
        // copy), else windows-1252.
        None => {
            return match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => WINDOWS_1252.decode(e.as_bytes()).0.into_owned(),
            };
        }
    };
    if encoding == UTF_8 && !bytes.starts_with(b"\xef\xbb\xbf") {
        return match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
    }
    // `decode` strips a BOM that matches and replaces malformed bytes.
    encoding.decode(&bytes).0.into_owned()
}

/// `text/html; charset="KOI8-R"` → `KOI8-R`.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
    })
}

/// A `<meta charset=…>` or `<meta http-equiv=Content-Type content="…;
/// charset=…">` in the first 1024 bytes (the HTML standard's prescan, in
/// short).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = rest
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .copied()
                .collect::<Vec<u8>>();
            if let Some(value) = rest.strip_prefix(b"=") {
                let value: Vec<u8> = value
                    .iter()
                    .skip_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
                    .take_while(|b| {
                        !(b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b';' | b'/' | b'>'))
                    })
                    .copied()
                    .collect();
                if let Some(e) = Encoding::for_label(&value) {
                    // A page that says UTF-16 in ASCII bytes is not UTF-16:
                    // the output encoding is UTF-8 then.
                    return Some(e.output_encoding());
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_meta_and_fallbacks() {
        let koi8 = encoding_rs::KOI8_R.encode("Россия").0.into_owned();
        assert_eq!(
            decode(koi8, Some("text/html; charset=\"koi8-r\""), true),
            "Россия"
        );
        let mut page = b"<html><head><meta charset='windows-1251'></head><body>".to_vec();
        page.extend_from_slice(&encoding_rs::WINDOWS_1251.encode("долг").0);
        assert!(decode(page, Some("text/html"), true).ends_with("долг"));
        let http_equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-KR\">";
        let mut page = http_equiv.to_vec();
        page.extend_from_slice(&encoding_rs::EUC_KR.encode("북한").0);
        assert!(decode(page, None, true).ends_with("북한"));
        assert_eq!(decode("café".into(), None, false), "café");
        assert_eq!(decode(b"caf\xe9".to_vec(), None, false), "café");
        let bom = b"\xef\xbb\xbfbom".to_vec();
        assert_eq!(
            decode(bom.clone(), Some("text/plain; charset=latin1"), false),
            "bom"
        );
        assert_eq!(decode(bom, Some("text/plain; charset=utf-8"), false), "bom");
    }
}
