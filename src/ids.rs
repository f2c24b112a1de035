//! Identifier rules (kebab-case) and "did you mean" suggestions.

/// `a-z`, `0-9` and single hyphens between them: `reuters`, `debt-write-off-2014`.
pub(crate) fn is_kebab_case(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The longest article or claim id, in characters: ids are file names
/// (with `.toml`, `.html` and a temp file's decoration around them), and
/// file systems stop at 255 bytes.
pub(crate) const MAX_ID_LEN: usize = 100;

/// The kebab-case form of a name: `Debt_WriteOff 2014` → `debt-writeoff-2014`.
pub(crate) fn to_kebab_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word_l, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case() {
        for ok in ["reuters", "al-jazeera", "debt-2014", "a1"] {
            assert!(is_kebab_case(ok), "{ok}");
        }
        for bad in ["", "Reuters", "al_jazeera", "-a", "a-", "a--b", "a b", "é"] {
            assert!(!is_kebab_case(bad), "{bad}");
        }
        assert_eq!(to_kebab_case("Debt_WriteOff 2014"), "debt-writeoff-2014");
        assert_eq!(to_kebab_case("--Al  Jazeera--"), "al-jazeera");
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("clam", ["claim", "quote", "status"]), Some("claim"));
        assert_eq!(
            suggest("atributed_to", ["attributed_to", "attribution"]),
            Some("attributed_to")
        );
        assert_eq!(suggest("zzz", ["claim", "quote"]), None);
    }
}
