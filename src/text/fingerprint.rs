//! A fingerprint of a page's text, to notice when the text changes
//! substantially between runs (drift), even where an excerpt is still
//! found.

use super::normalize::fold;

/// A 64-bit SimHash of the text's word 3-shingles: texts that differ a
/// little differ in a few bits; a rewrite flips about half.
pub fn fingerprint(text: &str) -> u64 {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').collect();
    let mut votes = [0i64; 64];
    for shingle in words.windows(3.min(words.len()).max(1)) {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for w in shingle {
            for b in w.bytes().chain([b' ']) {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        // Spread FNV's low-entropy high bits.
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
        hash ^= hash >> 33;
        for (bit, vote) in votes.iter_mut().enumerate() {
            *vote += if hash >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    votes
        .iter()
        .enumerate()
        .fold(0, |fp, (bit, &v)| if v > 0 { fp | 1 << bit } else { fp })
}

/// Fingerprints further apart than this many bits: a substantial change.
pub const CHANGED_BITS: u32 = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_an_edit_from_a_rewrite() {
        let base: String = (0..400)
            .map(|i| format!("word{} ", i % 97 * 7 + i))
            .collect();
        let edited = base.replacen("word7 ", "changed ", 1);
        let rewritten: String = (0..400).map(|i| format!("other{} ", i * 13)).collect();
        let d = |a: &str, b: &str| (fingerprint(a) ^ fingerprint(b)).count_ones();
        assert_eq!(
            d(&base, &base.replace(' ', "  ")),
            0,
            "whitespace is not a change"
        );
        assert!(d(&base, &edited) <= CHANGED_BITS, "{}", d(&base, &edited));
        assert!(
            d(&base, &rewritten) > CHANGED_BITS,
            "{}",
            d(&base, &rewritten)
        );
    }
}
