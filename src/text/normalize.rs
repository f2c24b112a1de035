//! Text in a form where trivial differences vanish: Unicode NFKC, curly
//! and straight quotes alike (the modifier-letter apostrophe too), every
//! dash a hyphen and a run of them one (`--` is a dash), no space either
//! side of a dash (`a — b`, `a—b` and `a -- b` are one text), soft hyphens
//! and zero-width characters gone, any run of whitespace (non-breaking
//! spaces and line breaks included) one space. [`fold`] gives the
//! case-folded form matching is done in (fast); [`normalize_both`] also the
//! form with its case, for showing a passage. docs/checking.md lists every
//! equivalence.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The normalised text, case folded: what matching is done in.
pub fn fold(s: &str) -> String {
    fast::<true>(s).unwrap_or_else(|| normalize_both(s).1)
}

/// The normalised text with its case: what a passage is shown from.
pub fn normalize(s: &str) -> String {
    fast::<false>(s).unwrap_or_else(|| normalize_both(s).0)
}

/// Normalisation (case folded if `LOWER`) in one tight loop over the
/// bytes, for text that needs no NFKC change (`None` otherwise): the hot
/// path of excerpt checking, on every page.
fn fast<const LOWER: bool>(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    // ASCII never grows when folded; other characters make room as needed.
    let mut buf = vec![0u8; bytes.len() + 16];
    let mut w = 0;
    let mut space = true; // no leading space
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            let table = if LOWER { &ASCII_FOLD } else { &ASCII_KEEP };
            match table[b as usize] {
                b'-' => {
                    w = dash(&mut buf, w);
                    space = true;
                }
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
        let mapped = match map_char(c) {
            None => continue,
            Some(' ') => {
                if !space {
                    buf[w] = b' ';
                    w += 1;
                    space = true;
                }
                continue;
            }
            Some(c)
                if !surely_nfkc(c) && is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes =>
            {
                return None;
            }
            Some('-') => {
                w = dash(&mut buf, w);
                space = true;
                continue;
            }
            Some(c) => c,
        };
        space = false;
        let mut put = |c: char| {
            if w + 4 > buf.len() {
                buf.resize(w + 16 + bytes.len() - i, 0);
            }
            w += c.encode_utf8(&mut buf[w..]).len();
        };
        if LOWER {
            mapped.to_lowercase().for_each(put);
        } else {
            put(mapped);
        }
    }
    if w > 0 && buf[w - 1] == b' ' {
        w -= 1;
    }
    buf.truncate(w);
    Some(String::from_utf8(buf).expect("built from whole characters"))
}

/// Writes a hyphen at `w` in `buf`, over a space before it and not after
/// another hyphen; the new end.
fn dash(buf: &mut [u8], mut w: usize) -> usize {
    if w > 0 && buf[w - 1] == b' ' {
        w -= 1;
    }
    if w > 0 && buf[w - 1] == b'-' {
        return w;
    }
    buf[w] = b'-';
    w + 1
}

/// ASCII folded: lowercase, the backtick an apostrophe, whitespace 0.
const ASCII_FOLD: [u8; 128] = ascii_table(true);

/// ASCII normalised: as [`ASCII_FOLD`], case kept.
const ASCII_KEEP: [u8; 128] = ascii_table(false);

const fn ascii_table(lower: bool) -> [u8; 128] {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0 => 0,
            b'`' => b'\'',
            c if lower => c.to_ascii_lowercase(),
            c => c,
        };
        b += 1;
    }
    t
}

/// A non-ASCII character's normalised form: `None` to drop it (soft
/// hyphens, zero-width characters), `' '` for any whitespace, quotes and
/// dashes made ASCII, anything else itself.
fn map_char(c: char) -> Option<char> {
    Some(match c {
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => return None,
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{b4}' | '\u{2bc}' => {
            '\''
        }
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{2043}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    })
}

/// Blocks whose characters are all their own NFKC form: Latin-1 letters,
/// Cyrillic, CJK ideographs, Hangul syllables. Checked without the costly
/// general test.
fn surely_nfkc(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{ff}' | '\u{400}'..='\u{4ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}')
}

/// The normalised text with its case, and case folded, in one pass (the
/// slow path: for showing a passage, and for text that needs NFKC).
pub fn normalize_both(s: &str) -> (String, String) {
    let nfkc: String;
    let s = if s.is_ascii()
        || s.chars()
            .all(|c| surely_nfkc(c) || is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes)
    {
        s
    } else {
        // Quotes, dashes and spaces mapped first, as the fast path does:
        // NFKC would decompose some of them (″ into two primes).
        nfkc = s.chars().filter_map(map_char).nfkc().collect();
        &nfkc
    };
    let mut cased = String::with_capacity(s.len());
    let mut folded = String::with_capacity(s.len());
    let mut space = true; // no leading space
    for c in s.chars() {
        let c = match c {
            '`' => '\'',
            // NUL too, as on the fast path (and never a gap marker).
            c if c.is_ascii_whitespace() || c == '\u{b}' || c == '\0' => ' ',
            c if c.is_ascii() => c,
            c => match map_char(c) {
                Some(c) => c,
                None => continue,
            },
        };
        if c == ' ' {
            if !space {
                cased.push(' ');
                folded.push(' ');
            }
            space = true;
            continue;
        }
        if c == '-' {
            if cased.ends_with(' ') {
                cased.pop();
                folded.pop();
            }
            if !cased.ends_with('-') {
                cased.push('-');
                folded.push('-');
            }
            space = true;
            continue;
        }
        space = false;
        cased.push(c);
        folded.extend(c.to_lowercase());
    }
    if cased.ends_with(' ') {
        cased.pop();
        folded.pop();
    }
    (cased, folded)
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
        assert_eq!(normalize_both("  a\t\r\n b  ").0, "a b");
        assert_eq!(normalize_both("ﬁ …").0, "fi ...");
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
            "a\0b",
            "\u{2033}",
            "\u{b4}",
            "\u{b4}\u{fb01}",
            "a -- b",
            " - a",
            "a\u{2014} \u{2013}b -",
            "\u{fb01} a --- b-",
            "x \u{2bc}y",
        ] {
            assert_eq!(fold(s), normalize_both(s).1, "{s:?}");
        }
    }

    proptest::proptest! {
        /// The fast path and the slow one agree, and normalising is
        /// idempotent, whatever mix of the characters they treat apart.
        #[test]
        fn fast_and_slow_paths_agree(
            s in "[ a-zA-Z.`\\-\t\n\u{0}\u{a0}\u{ad}\u{b4}\u{2bc}\u{2013}\u{2014}\u{2019}\u{201c}\u{2033}\u{fb01}\u{130}\u{2126}\u{4e00}\u{200b}]{0,24}"
        ) {
            let (cased, folded) = normalize_both(&s);
            proptest::prop_assert_eq!(&fold(&s), &folded);
            proptest::prop_assert_eq!(&normalize(&s), &cased);
            proptest::prop_assert_eq!(fold(&cased), folded);
        }
    }

    #[test]
    fn dashes_and_apostrophes_as_people_type_them() {
        let page = fold("Pyongyang \u{2014} and Moscow\u{2019}s debt");
        for typed in [
            "Pyongyang -- and Moscow's debt",
            "Pyongyang--and Moscow\u{2bc}s debt",
            "Pyongyang \u{2013} and Moscow`s debt",
            "pyongyang - and moscow's debt",
        ] {
            assert_eq!(fold(typed), page, "{typed:?}");
        }
        assert_eq!(fold("well-known  -  a"), "well-known-a");
        assert_ne!(fold("a - b"), fold("a b"));
    }

    #[test]
    fn a_character_folds_alike_whatever_the_text_around_it() {
        // ″ and ´ were quotes on the fast path, but NFKC-decomposed first
        // (into '' and a combining accent) when another character of the
        // text sent it down the slow path.
        assert_eq!(fold("6\u{2033} \u{fb01}ne"), fold("6\" fine"));
        assert_eq!(fold("it\u{b4}s \u{fb01}ne"), fold("it's fine"));
    }
}
