//! A fingerprint of a page's text, to notice when the text changes
//! substantially between runs (drift), even where an excerpt is still
//! found.

/// A 64-bit SimHash of the word 3-shingles of a normalised, case-folded
/// text ([`super::search::Prepared::folded`]): texts that differ a little
/// differ in a few bits; a rewrite flips about half. On long texts one
/// shingle in sixteen (chosen by its hash, so the same ones each run) votes,
/// which keeps it cheap and as telling.
pub fn fingerprint(folded: &str) -> u64 {
    // Each word hashed once; a shingle's hash mixes its three words'.
    let mut words: Vec<u64> = Vec::with_capacity(folded.len() / 6);
    let mut h: u64 = FNV_START;
    for &b in folded.as_bytes() {
        if b == b' ' {
            words.push(h);
            h = FNV_START;
        } else {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    words.push(h);
    let sample: u64 = if words.len() > 2000 { 15 } else { 0 };
    let mut votes = [0i32; 64];
    for shingle in words.windows(3.min(words.len()).max(1)) {
        let mut hash = shingle.iter().fold(0u64, |h, w| {
            (h.rotate_left(21) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        });
        // Spread the bits (a MurmurHash3 finaliser).
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
        hash ^= hash >> 33;
        if hash & sample != 0 {
            continue;
        }
        for (bit, vote) in votes.iter_mut().enumerate() {
            *vote += ((hash >> bit & 1) as i32) * 2 - 1;
        }
    }
    votes
        .iter()
        .enumerate()
        .fold(0, |fp, (bit, &v)| if v > 0 { fp | 1 << bit } else { fp })
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Fingerprints further apart than this many bits: a substantial change.
pub(crate) const CHANGED_BITS: u32 = 12;

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
        let fp = |s: &str| fingerprint(&crate::text::normalize::fold(s));
        let d = |a: &str, b: &str| (fp(a) ^ fp(b)).count_ones();
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
