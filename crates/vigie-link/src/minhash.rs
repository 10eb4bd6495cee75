//! Text fingerprints: a light normalisation, word-bigram shingles and a seeded MinHash signature.
//!
//! The normalisation is deliberately light (lower case, whitespace collapsed) and keeps digits,
//! accents and emojis: templates differ by a phone number, a city or an emoji, and those
//! differences are what the slots show. It is NOT `vigie-text`'s accent-folding normaliser.
//!
//! Hashes are written here rather than taken from a crate because signatures may be stored and
//! compared across releases: FNV-1a 64 over the bytes of each token, then a multiply–xorshift
//! finaliser, then 64 multiply–shift hash functions whose constants derive from a fixed seed
//! through SplitMix64. [`SIGNATURE_VERSION`] changes whenever any of this changes.

/// Version of the fingerprint scheme (shingles, hashes, seeds).
pub const SIGNATURE_VERSION: u32 = 1;

/// Number of MinHash values per signature.
pub const SIGNATURE_LEN: usize = 64;

/// Rows per LSH band (the signature has `SIGNATURE_LEN / BAND_ROWS` bands).
pub const BAND_ROWS: usize = 4;

const SEED: u64 = 0x5649_4749_452d_4c4b; // "VIGIE-LK"

/// A MinHash signature.
pub type Signature = [u32; SIGNATURE_LEN];

/// What linking keeps of a text: a hash of its whole normalised body, its token count and,
/// when it has at least one token, its MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPrint {
    /// Hash of the normalised body (equal bodies, equal hashes).
    pub body: u64,
    /// Number of tokens of the normalised body.
    pub tokens: u32,
    /// MinHash signature of the word-bigram shingles (`None` for an empty text).
    pub signature: Option<Box<Signature>>,
}

/// The light normalisation: lower case, runs of white space made one space, trimmed.
pub fn light_normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            for c in word.chars() {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// FNV-1a, 64 bits.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// SplitMix64's finaliser: spreads every input bit over the output.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The constants of the hash functions: odd multipliers and offsets from SplitMix64(SEED).
fn hash_params() -> &'static [(u64, u64); SIGNATURE_LEN] {
    static PARAMS: std::sync::OnceLock<[(u64, u64); SIGNATURE_LEN]> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| {
        let mut state = SEED;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            mix64(state)
        };
        let mut p = [(0, 0); SIGNATURE_LEN];
        for slot in &mut p {
            *slot = (next() | 1, next());
        }
        p
    })
}

/// The shingle hashes of a normalised text: word bigrams, or the single word of a one-word text.
pub fn shingles(normalized: &str) -> Vec<u64> {
    let words: Vec<u64> =
        normalized.split(' ').filter(|w| !w.is_empty()).map(|w| fnv1a(w.as_bytes())).collect();
    match words.len() {
        0 => Vec::new(),
        1 => vec![mix64(words[0])],
        _ => words.windows(2).map(|w| mix64(w[0].rotate_left(17) ^ w[1])).collect(),
    }
}

/// The MinHash signature of a set of shingle hashes (`None` when empty).
pub fn signature(shingles: &[u64]) -> Option<Box<Signature>> {
    if shingles.is_empty() {
        return None;
    }
    let params = hash_params();
    let mut sig = Box::new([u32::MAX; SIGNATURE_LEN]);
    for &s in shingles {
        for (slot, &(a, b)) in sig.iter_mut().zip(params.iter()) {
            *slot = (*slot).min((a.wrapping_mul(s).wrapping_add(b) >> 32) as u32);
        }
    }
    Some(sig)
}

/// The fingerprint of a text.
///
/// ```
/// use vigie_link::{fingerprint, estimated_jaccard};
/// let a = fingerprint("Nouvelle sur Lyon, dispo 7j/7 😘 appelle-moi");
/// let b = fingerprint("nouvelle   sur LYON, dispo 7j/7 😘 appelle-moi");
/// assert_eq!(a.body, b.body);
/// assert_eq!(estimated_jaccard(a.signature.as_deref().unwrap(), b.signature.as_deref().unwrap()), 1.0);
/// ```
pub fn fingerprint(text: &str) -> TextPrint {
    let norm = light_normalize(text);
    let sh = shingles(&norm);
    let tokens = norm.split(' ').filter(|w| !w.is_empty()).count() as u32;
    TextPrint {
        body: mix64(fnv1a(norm.as_bytes()) ^ norm.len() as u64),
        tokens,
        signature: signature(&sh),
    }
}

/// The Jaccard similarity of two shingle sets as estimated by their signatures.
pub fn estimated_jaccard(a: &Signature, b: &Signature) -> f64 {
    let same = a.iter().zip(b.iter()).filter(|(x, y)| x == y).count();
    same as f64 / SIGNATURE_LEN as f64
}

/// The hash of band `band` of a signature (for LSH buckets).
pub(crate) fn band_key(sig: &Signature, band: usize) -> u64 {
    let mut h = mix64(band as u64 ^ SEED);
    for &v in &sig[band * BAND_ROWS..(band + 1) * BAND_ROWS] {
        h = mix64(h ^ u64::from(v));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn true_jaccard(a: &str, b: &str) -> f64 {
        let sa: BTreeSet<u64> = shingles(&light_normalize(a)).into_iter().collect();
        let sb: BTreeSet<u64> = shingles(&light_normalize(b)).into_iter().collect();
        let inter = sa.intersection(&sb).count();
        inter as f64 / (sa.len() + sb.len() - inter) as f64
    }

    #[test]
    fn light_normalisation_keeps_digits_accents_and_emojis() {
        assert_eq!(light_normalize("  Nouvelle  à LYON\n06 12 😘 "), "nouvelle à lyon 06 12 😘");
    }

    #[test]
    fn signature_is_stable_across_releases() {
        // A change here changes stored signatures: bump SIGNATURE_VERSION.
        let p = fingerprint("dispo 7j/7 sur Lyon");
        assert_eq!(p.tokens, 4);
        let sig = p.signature.unwrap();
        let again = fingerprint("DISPO 7j/7 sur lyon").signature.unwrap();
        assert_eq!(sig, again);
        assert_ne!(sig, fingerprint("dispo 7j/7 sur Lille").signature.unwrap());
    }

    proptest! {
        #[test]
        fn estimate_is_close_to_true_jaccard(
            common in proptest::collection::vec("[a-e]{1,3}", 5..30),
            left in proptest::collection::vec("[f-m]{1,3}", 0..15),
            right in proptest::collection::vec("[n-z]{1,3}", 0..15),
        ) {
            let a = format!("{} {}", common.join(" "), left.join(" "));
            let b = format!("{} {}", common.join(" "), right.join(" "));
            let truth = true_jaccard(&a, &b);
            let est = estimated_jaccard(&fingerprint(&a).signature.unwrap(), &fingerprint(&b).signature.unwrap());
            // 64 slots: standard error at most 0.0625; allow four of them.
            prop_assert!((truth - est).abs() <= 0.25, "true {truth} estimated {est}");
        }
    }
}
