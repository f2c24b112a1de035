//! Text in a form where trivial differences vanish: Unicode NFKC, curly
//! and straight quotes alike, every dash a hyphen, soft hyphens and
//! zero-width characters gone, any run of whitespace (non-breaking spaces
//! and line breaks included) one space. [`normalize`] keeps the case;
//! [`normalize_both`] also gives the case-folded form matching is done in.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

pub fn normalize(s: &str) -> String {
    normalize_both(s).0
}

/// [`normalize`], case folded.
pub fn fold(s: &str) -> String {
    fold_fast(s).unwrap_or_else(|| run(s, false).1)
}

/// Case-folded normalisation in one tight loop over the bytes, for text
/// that needs no NFKC change (`None` otherwise): the hot path of excerpt
/// checking, on every page.
fn fold_fast(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    // ASCII never grows when folded; other characters make room as needed.
    let mut buf = vec![0u8; bytes.len() + 16];
    let mut w = 0;
    let mut space = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            match ASCII_FOLD[b as usize] {
                0 => {
                    if !space {
                        buf[w] = b' ';
                        w += 1;
                        space = true;
                    }
                }
                c => {
                    buf[w] = c;
                    w += 1;
                    space = false;
                }
            }
            continue;
        }
        let c = s[i..].chars().next().expect("a char starts here");
        i += c.len_utf8();
        let mapped = match c {
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => continue,
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{b4}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}'
            | '\u{bb}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' | '\u{2043}' => '-',
            c if c.is_whitespace() => {
                if !space {
                    buf[w] = b' ';
                    w += 1;
                    space = true;
                }
                continue;
            }
            c if !surely_nfkc(c) && is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes => {
                return None;
            }
            c => c,
        };
        space = false;
        for lower in mapped.to_lowercase() {
            if w + 4 > buf.len() {
                buf.resize(w + 16 + bytes.len() - i, 0);
            }
            w += lower.encode_utf8(&mut buf[w..]).len();
        }
    }
    if w > 0 && buf[w - 1] == b' ' {
        w -= 1;
    }
    buf.truncate(w);
    Some(String::from_utf8(buf).expect("built from whole characters"))
}

/// ASCII folded: lowercase, the backtick an apostrophe, whitespace 0.
const ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0 => 0,
            b'`' => b'\'',
            c => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    t
};

/// Blocks whose characters are all their own NFKC form: Latin-1 letters,
/// Cyrillic, CJK ideographs, Hangul syllables. Checked without the costly
/// general test.
fn surely_nfkc(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{ff}' | '\u{400}'..='\u{4ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}')
}

/// The normalised text with its case, and case folded, in one pass.
pub fn normalize_both(s: &str) -> (String, String) {
    run(s, true)
}

fn run(s: &str, keep_case: bool) -> (String, String) {
    // Most text is already in NFKC (ASCII always is): the mapping pass
    // checks each non-ASCII character on the way and only when one may
    // change is the whole text put through NFKC first.
    map(s, keep_case).unwrap_or_else(|| {
        map(&s.nfkc().collect::<String>(), keep_case).expect("NFKC text is NFKC")
    })
}

/// The character-level mapping, with a fast path for ASCII bytes; `None`
/// when a character is not certainly NFKC already.
fn map(s: &str, keep_case: bool) -> Option<(String, String)> {
    let mut cased = String::with_capacity(if keep_case { s.len() } else { 0 });
    let mut folded = String::with_capacity(s.len());
    let mut space = true; // drop leading whitespace
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // A run of plain ASCII (no backtick, no whitespace but single
            // spaces between words) is copied whole.
            // Single spaces between words stay in the run.
            let mut end = i;
            while end < bytes.len() {
                let b = bytes[end];
                if !b.is_ascii() || b == b'`' || b == 0x0b {
                    break;
                }
                if b.is_ascii_whitespace() {
                    let single = b == b' '
                        && end > i
                        && !bytes[end - 1].is_ascii_whitespace()
                        && bytes.get(end + 1).is_some_and(|n| !n.is_ascii_whitespace());
                    if !single {
                        break;
                    }
                }
                end += 1;
            }
            let run = end - i;
            if run > 0 {
                let plain = &s[i..i + run];
                if keep_case {
                    cased.push_str(plain);
                }
                let from = folded.len();
                folded.push_str(plain);
                folded[from..].make_ascii_lowercase();
                space = false;
                i += run;
                continue;
            }
            i += 1;
            let c = match b {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => ' ',
                b'`' => '\'',
                _ => b as char,
            };
            push(&mut cased, &mut folded, &mut space, c, keep_case);
            continue;
        }
        let c = s[i..].chars().next().expect("a char starts here");
        i += c.len_utf8();
        if !surely_nfkc(c) && is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes {
            return None;
        }
        let c = match c {
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => continue,
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{b4}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}'
            | '\u{bb}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' | '\u{2043}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        push(&mut cased, &mut folded, &mut space, c, keep_case);
    }
    if folded.ends_with(' ') {
        cased.pop();
        folded.pop();
    }
    Some((cased, folded))
}

fn push(cased: &mut String, folded: &mut String, space: &mut bool, c: char, keep_case: bool) {
    if c == ' ' {
        if !*space {
            if keep_case {
                cased.push(' ');
            }
            folded.push(' ');
        }
        *space = true;
        return;
    }
    *space = false;
    if keep_case {
        cased.push(c);
    }
    if c.is_ascii() {
        folded.push(c.to_ascii_lowercase());
    } else {
        folded.extend(c.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_vanish() {
        assert_eq!(
            fold("North\u{a0}Korea\u{2019}s  \u{201c}Soviet\u{2013}era\u{201d}\n debt\u{ad}s"),
            fold("north korea's \"soviet-era\" debts")
        );
        assert_eq!(normalize("  a\t\r\n b  "), "a b");
        assert_eq!(normalize("ﬁ …"), "fi ...");
        assert_eq!(
            normalize_both("Ünïcode ÄÖ"),
            ("Ünïcode ÄÖ".to_string(), "ünïcode äö".to_string())
        );
        // Both ways agree, whatever mix of ASCII, spaces and other text.
        for s in [
            " a  B\u{2019}c\n\nd ",
            "x\u{a0} y",
            "\u{201c}Q\u{201d}",
            "ab`cd",
            "Ωмега  ДОЛГ",
            "ﬁne",
            "\t",
            "",
        ] {
            assert_eq!(fold(s), normalize_both(s).1, "{s:?}");
        }
    }
}
