//! Text in a form where trivial differences vanish: Unicode NFKC, curly
//! and straight quotes alike, every dash a hyphen, soft hyphens and
//! zero-width characters gone, any run of whitespace (non-breaking spaces
//! and line breaks included) one space. Case is kept here; matching folds
//! it.

use unicode_normalization::UnicodeNormalization;

pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true; // drop leading whitespace
    for c in s.nfkc() {
        let c = match c {
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => continue,
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{b4}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}'
            | '\u{bb}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' | '\u{2043}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// [`normalize`], case folded: the form matching is done in.
pub fn fold(s: &str) -> String {
    normalize(s).to_lowercase()
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
    }
}
