//! Names made from an article's words: the folder's slug, the claim ids,
//! a proposed outlet's id. Kebab-case, unique among those `taken`.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use crate::ids::{MAX_ID_LEN, to_kebab_case};

/// Words that say little about what a sentence claims, in byte order
/// (looked up by binary search).
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "according",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "during",
    "each",
    "either",
    "even",
    "for",
    "from",
    "furthermore",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "instance",
    "into",
    "is",
    "it",
    "its",
    "just",
    "meanwhile",
    "more",
    "moreover",
    "most",
    "much",
    "my",
    "nearly",
    "neither",
    "no",
    "nor",
    "not",
    "of",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "s",
    "said",
    "same",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
];

/// `text` as lower-case ASCII words joined by `-`: accents dropped
/// (`Café` → `cafe`), anything else that is not a letter or digit a
/// separator.
fn words(text: &str) -> String {
    // Accents go (NFKD, then the marks dropped); plain ASCII, most text,
    // has none to drop.
    let folded: std::borrow::Cow<str> = if text.is_ascii() {
        text.into()
    } else {
        text.nfkd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .collect::<String>()
            .into()
    };
    // Possessives and contractions stay one word: Korea's → koreas.
    to_kebab_case(&folded.replace(['\'', '’'], ""))
}

/// The words of `words`'s kebab-case text.
fn split(kebab: &str) -> impl Iterator<Item = &str> {
    kebab.split('-').filter(|w| !w.is_empty())
}

/// At most `max_words` words, cut to [`MAX_ID_LEN`] at a word boundary.
fn join<'a>(words: impl IntoIterator<Item = &'a str>, max_words: usize) -> String {
    let mut out = String::new();
    for w in words.into_iter().take(max_words) {
        if out.len() + w.len() + 1 > MAX_ID_LEN.min(60) && !out.is_empty() {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out.truncate(MAX_ID_LEN);
    out
}

/// Names taken in one namespace (folders, a folder's claim ids, outlet
/// ids), handing out new ones: `base`, or `base-2`, `base-3`… whichever
/// is free. Where numbering of each base resumes is remembered, so a
/// base asked for n times costs n lookups, not n²/2.
#[derive(Debug, Default)]
pub(crate) struct Names {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Names {
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `base` or the first free `base-N` (N from 2), taken from now on.
    pub(crate) fn unique(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        if self.taken.contains(&name) {
            let n = self.next.entry(name.clone()).or_insert(2);
            loop {
                name = format!("{base}-{n}");
                *n += 1;
                if !self.taken.contains(&name) {
                    break;
                }
            }
        }
        self.taken.insert(name.clone());
        name
    }
}

impl FromIterator<String> for Names {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        Names {
            taken: iter.into_iter().collect(),
            next: HashMap::new(),
        }
    }
}

impl Extend<String> for Names {
    fn extend<I: IntoIterator<Item = String>>(&mut self, iter: I) {
        self.taken.extend(iter);
    }
}

/// An article folder's name from its headline: its first eight words.
pub(crate) fn slug(headline: &str) -> Option<String> {
    let s = join(split(&words(headline)), 8);
    (!s.is_empty()).then_some(s)
}

/// A claim id from a sentence's main words: at most six, leaving out
/// common words and those of `leave_out` (the crediting phrase).
pub(crate) fn claim_id(sentence: &str, leave_out: &str) -> String {
    let skip = words(leave_out);
    let skip: Vec<&str> = split(&skip).collect();
    let sentence = words(sentence);
    let main =
        split(&sentence).filter(|w| STOPWORDS.binary_search(w).is_err() && !skip.contains(w));
    let id = join(main, 6);
    if id.is_empty() {
        "claim".to_string()
    } else {
        id
    }
}

/// A proposed outlet's id from its name (`The Financial Times` →
/// `financial-times`).
pub(crate) fn outlet_id(name: &str) -> String {
    let name = name
        .strip_prefix("The ")
        .or_else(|| name.strip_prefix("the "))
        .unwrap_or(name);
    let id = join(split(&words(name)), 6);
    if id.is_empty() {
        "outlet".to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {

    use super::{Names, STOPWORDS, claim_id, outlet_id, slug};

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.is_sorted());
        assert_eq!(claim_id("Moreover the yield rose", ""), "yield-rose");
    }

    #[test]
    fn slugs_are_the_headlines_first_words_without_accents() {
        for (headline, expect) in [
            (
                "Putin’s Strategic Ally: Unraveling the Kremlin’s Deepening Ties with North Korea",
                Some("putins-strategic-ally-unraveling-the-kremlins-deepening-ties"),
            ),
            ("Café au lait à Montréal", Some("cafe-au-lait-a-montreal")),
            ("  2014: a year  ", Some("2014-a-year")),
            ("北朝鮮", None),
            ("", None),
        ] {
            assert_eq!(slug(headline).as_deref(), expect, "{headline}");
        }
    }

    #[test]
    fn claim_ids_keep_six_main_words_and_leave_out_the_credit() {
        for (sentence, phrase, expect) in [
            (
                "For instance, in 2014, Russia wrote off nearly 90% of North Korea’s Soviet-era debt, paving the way for increased economic collaboration, according to Reuters.",
                "according to Reuters",
                "2014-russia-wrote-off-90-north",
            ),
            (
                "In this context, Al Jazeera wrote, Russia has played a mediating role.",
                "Al Jazeera wrote",
                "context-russia-played-mediating-role",
            ),
            ("The the of.", "", "claim"),
        ] {
            assert_eq!(claim_id(sentence, phrase), expect, "{sentence}");
        }
    }

    #[test]
    fn ids_are_cut_at_a_word_within_sixty_characters() {
        let long = "Supercalifragilisticexpialidocious ".repeat(5);
        let id = claim_id(&long, "");
        assert_eq!(id, "supercalifragilisticexpialidocious");
        assert!(slug(&"word ".repeat(40)).unwrap().len() <= 60);
    }

    #[test]
    fn a_word_that_would_pass_sixty_characters_with_its_hyphen_is_left_out() {
        let (a, b) = ("a".repeat(30), "b".repeat(30));
        assert_eq!(claim_id(&format!("{a} {b}"), ""), a);
        let c = "c".repeat(29);
        assert_eq!(claim_id(&format!("{a} {c}"), ""), format!("{a}-{c}"));
    }

    #[test]
    fn outlet_ids_drop_a_leading_the() {
        assert_eq!(outlet_id("The Financial Times"), "financial-times");
        assert_eq!(outlet_id("the Korea Herald"), "korea-herald");
        assert_eq!(outlet_id("Yonhap"), "yonhap");
        assert_eq!(outlet_id("新华社"), "outlet");
    }

    #[test]
    fn unique_names_are_numbered_from_two() {
        let mut taken: Names = ["a".to_string(), "a-3".to_string()].into_iter().collect();
        assert_eq!(taken.unique("a"), "a-2");
        assert_eq!(taken.unique("a"), "a-4");
        assert_eq!(taken.unique("a"), "a-5");
        assert_eq!(taken.unique("b"), "b");
        assert!(taken.contains("a-5") && taken.contains("b") && !taken.contains("a-6"));
        taken.extend(["a-6".to_string()]);
        assert_eq!(taken.unique("a"), "a-7");
    }
}
