//! A sentence cut into words, possessive marks and punctuation, each with
//! its byte range, for the crediting patterns to walk.

use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Letters and digits, with inner hyphens, dots and apostrophes
    /// ("France-Presse", "U.S", "O'Brien").
    Word,
    /// A possessive mark after a word: "'s", "’s", or a lone "’" / "'"
    /// after an "s" ("Reuters’ report").
    Poss,
    /// Any other character that is not white space.
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token<'a> {
    pub(super) text: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
}

impl Token<'_> {
    pub(super) fn is(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.text == word
    }

    pub(super) fn is_any(&self, words: &[&str]) -> bool {
        self.kind == Kind::Word && words.contains(&self.text)
    }

    /// A word starting in upper case: a name's word ("Reuters", "BBC"),
    /// unless it is a hyphenated word ending in lower case ("Qatar-based").
    pub(super) fn is_cap(&self) -> bool {
        let upper = self.text.chars().next().is_some_and(char::is_uppercase);
        let tail_lower = self
            .text
            .rsplit('-')
            .next()
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_lowercase);
        self.kind == Kind::Word && upper && !tail_lower
    }

    /// A word starting in lower case.
    pub(super) fn is_lower(&self) -> bool {
        self.kind == Kind::Word && self.text.chars().next().is_some_and(char::is_lowercase)
    }

    pub(super) fn is_punct(&self, chars: &[char]) -> bool {
        self.kind == Kind::Punct && self.text.chars().next().is_some_and(|c| chars.contains(&c))
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | '&') || is_apostrophe(c)
}

/// The tokens of `text`, in order.
pub(super) fn tokens(text: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&(start, c)) = chars.get(i) {
        let (len, kind) = if c.is_alphanumeric() {
            (word_len(&chars, i), Kind::Word)
        } else if is_apostrophe(c) && after_word(&out, start) {
            possessive_len(&chars, i)
        } else {
            (1, Kind::Punct)
        };
        let len = len.max(1);
        let end = chars.get(i + len).map_or(text.len(), |&(at, _)| at);
        if !c.is_whitespace() {
            out.push(Token {
                text: &text[start..end],
                start,
                end,
                kind,
            });
        }
        i += len;
    }
    out
}

/// Whether the last token is a word ending right at `at`.
fn after_word(out: &[Token<'_>], at: usize) -> bool {
    out.last()
        .is_some_and(|t| t.kind == Kind::Word && t.end == at)
}

/// The length in chars of the word starting at `i`.
fn word_len(chars: &[(usize, char)], i: usize) -> usize {
    let mut j = i + 1;
    loop {
        match (chars.get(j), chars.get(j + 1)) {
            (Some(&(_, c)), _) if c.is_alphanumeric() => j += 1,
            (Some(&(_, c)), Some(&(_, n))) if is_joiner(c) && n.is_alphanumeric() => {
                let possessive = is_apostrophe(c)
                    && matches!(n, 's' | 'S')
                    && !chars.get(j + 2).is_some_and(|&(_, a)| a.is_alphanumeric());
                if possessive {
                    return j - i;
                }
                j += 2;
            }
            _ => return j - i,
        }
    }
}

/// The possessive mark at `i` (an apostrophe after a word), or a lone
/// punctuation mark if it is a closing quote rather than a possessive.
fn possessive_len(chars: &[(usize, char)], i: usize) -> (usize, Kind) {
    let next = chars.get(i + 1).map(|&(_, c)| c);
    let after = chars.get(i + 2).map(|&(_, c)| c);
    let before = i.checked_sub(1).and_then(|b| chars.get(b)).map(|&(_, c)| c);
    if matches!(next, Some('s' | 'S')) && !after.is_some_and(char::is_alphanumeric) {
        (2, Kind::Poss)
    } else if matches!(before, Some('s')) && !next.is_some_and(char::is_alphanumeric) {
        (1, Kind::Poss)
    } else {
        (1, Kind::Punct)
    }
}

/// The byte range from the start of token `a` to the end of token `b`.
pub(super) fn span(toks: &[Token<'_>], a: usize, b: usize) -> Range<usize> {
    let start = toks.get(a).map_or(0, |t| t.start);
    let end = toks.get(b).map_or(start, |t| t.end);
    start..end.max(start)
}
