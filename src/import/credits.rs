//! Who a sentence credits: "according to Reuters", "Al Jazeera wrote",
//! "sources told the BBC", "a report by the Guardian". A sentence is cut
//! into tokens ([`tokens`]); each crediting form's key words are looked
//! for ([`forms`]), and the party they name is found before or after them
//! and told apart as an outlet of the registry, a new outlet (a name that
//! reads like one) or another party ([`party`]).

mod forms;
mod party;
mod tokens;
mod words;

use std::ops::Range;

/// The outlets a sentence may credit: each with its id, name and aliases.
pub(crate) struct Registry {
    /// Each outlet's names as words, without a leading "the", the longest
    /// first: (words, id).
    names: Vec<(Vec<String>, String)>,
    /// The ids, which a capitalised name matches whatever its case and
    /// with spaces for hyphens ("Al-Jazeera", "Al Jazeera" for
    /// "al-jazeera").
    ids: Vec<String>,
}

/// One outlet as the registry takes it.
pub(crate) struct OutletNames<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub aliases: &'a [String],
}

impl Registry {
    pub(crate) fn new<'a>(outlets: impl IntoIterator<Item = OutletNames<'a>>) -> Registry {
        let mut names = Vec::new();
        let mut ids = Vec::new();
        for o in outlets {
            ids.push(o.id.to_lowercase());
            let all = std::iter::once(o.name).chain(o.aliases.iter().map(String::as_str));
            for name in all {
                let words: Vec<String> = tokens::tokens(name)
                    .iter()
                    .map(|t| t.text.to_string())
                    .skip_while(|w| w == "the" || w == "The")
                    .collect();
                if !words.is_empty() {
                    names.push((words, o.id.to_string()));
                }
            }
        }
        names.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
        Registry { names, ids }
    }

    /// The id of the outlet named `words` (without a leading "the"): one of
    /// its names exactly, or a name followed by media words only ("Xinhua
    /// News Agency"), or its id.
    fn lookup(&self, words: &[&str]) -> Option<&str> {
        let edition = |w: &&str| words::MEDIA_WORDS.contains(w) || words::EDITION_WORDS.contains(w);
        let named = self.names.iter().find(|(name, _)| {
            name.iter().zip(words).all(|(n, w)| n == w)
                && words
                    .get(name.len()..)
                    .is_some_and(|rest| rest.iter().all(edition))
        });
        let named = named.map(|(_, id)| id.as_str());
        named.or_else(|| self.by_id(words))
    }

    /// The id that capitalised `words` spell: "Al-Jazeera" or "AL JAZEERA"
    /// for "al-jazeera".
    fn by_id(&self, words: &[&str]) -> Option<&str> {
        let capital = words
            .first()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase);
        let spelled = words.join("-").to_lowercase();
        let id = self.ids.iter().find(|id| **id == spelled)?;
        capital.then_some(id.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Credit {
    /// The crediting phrase as printed, a byte range into the sentence:
    /// "according to Reuters", "Al Jazeera wrote", "according to what was
    /// published in the Washington Post", "sources told Reuters".
    pub phrase: Range<usize>,
    pub party: Party,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Party {
    /// An outlet of the registry, by id.
    Outlet(String),
    /// A name that reads like a news outlet but is not in the registry
    /// ("the Financial Times", "Kyodo News", "Yonhap"): its name as printed,
    /// without a leading "the".
    NewOutlet(String),
    /// A credited party that is not an outlet (a person, an official, a
    /// ministry, "experts", "a report"): the party's text as printed.
    Other(String),
}

/// Every crediting phrase in `sentence`, in order of position. A sentence
/// that names an outlet without crediting it ("Reuters was founded in
/// 1851", "a Reuters photographer", "the Post office") gives none for that
/// outlet.
pub(crate) fn credits(sentence: &str, registry: &Registry) -> Vec<Credit> {
    let cx = party::Cx {
        text: sentence,
        toks: tokens::tokens(sentence),
        reg: registry,
    };
    let found = forms::all(&cx);
    let mut credits: Vec<Credit> = found
        .into_iter()
        .map(|(first, last, party)| Credit {
            phrase: tokens::span(&cx.toks, first, last),
            party,
        })
        .collect();
    credits.sort_by_key(|c| (c.phrase.start, std::cmp::Reverse(c.phrase.end)));
    let mut kept: Vec<Credit> = Vec::new();
    for c in credits.iter() {
        let overlaps = |k: &Credit| overlap(&k.phrase, &c.phrase);
        let shadowed = credits
            .iter()
            .any(|k| overlaps(k) && party::is_outlet(&k.party) && !party::is_outlet(&c.party));
        let repeated = kept.iter().any(|k| overlaps(k) && k.party == c.party);
        if !shadowed && !repeated {
            kept.push(c.clone());
        }
    }
    kept
}

/// Whether two phrases share a byte: "according to Reuters" and "Reuters"
/// do, "He said" and "according to Reuters" after it do not.
fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether the sentence states a checkable fact: a number, a year or date,
/// a percentage or amount, a named event (used by `import --all`): a
/// capitalised word before an event's word, "the Cold War", "the Paris
/// Agreement".
pub(crate) fn checkable(sentence: &str) -> bool {
    let toks = tokens::tokens(sentence);
    let named_event = |w: &[tokens::Token<'_>]| w[0].is_cap() && w[1].is_any(words::EVENT_WORDS);
    let fact = |t: &tokens::Token<'_>| {
        t.text.chars().any(|c| c.is_ascii_digit())
            || t.is_any(words::NUMBER_WORDS)
            || t.is_any(words::DATE_WORDS)
            || t.is_punct(&['%', '$', '€', '£', '¥'])
    };
    toks.iter().any(fact) || toks.windows(2).any(named_event)
}

#[cfg(test)]
mod eval;
#[cfg(test)]
mod tests;
