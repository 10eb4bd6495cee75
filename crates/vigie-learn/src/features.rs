//! Hashed n-gram features of a normalised text.
//!
//! Three kinds of features, each hashed ([`crate::hash`]) into one of `2^buckets_log2` buckets:
//!
//! * **word n-grams**, `1..=word_max` consecutive tokens of the normalised text (which are
//!   separated by exactly one space, so an n-gram is a slice of it);
//! * **char n-grams**, `char_min..=char_max` consecutive chars of each token padded as
//!   `<token>` (fastText style: never across tokens, so a message boundary cannot create one);
//! * **extra features** supplied by the caller, e.g. the codes of the rules that fired
//!   (`rule:OFFER-LODGING-01`).
//!
//! Values: n-gram bucket counts are made sublinear (`1 + ln count`) and the n-gram part is
//! L2-normalised, so long and short conversations are on the same scale; an extra feature is
//! binary (`1`) and not normalised, so a rule keeps its full weight in a long conversation.

use crate::hash::{Fnv, bucket};

/// What is computed from a text; stored in every model file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureSpec {
    /// Number of buckets as a power of two (`2^buckets_log2`), 10..=24.
    pub buckets_log2: u8,
    /// Longest word n-gram (1..=3); 0 for none.
    pub word_max: u8,
    /// Shortest char n-gram (counted on the padded token); 0 for none.
    pub char_min: u8,
    /// Longest char n-gram (`char_min..=8`).
    pub char_max: u8,
}

impl FeatureSpec {
    /// The features of the shipped grooming model: 2^18 buckets, word 1–3-grams, char 3–5-grams.
    pub const DEFAULT: FeatureSpec =
        FeatureSpec { buckets_log2: 18, word_max: 3, char_min: 3, char_max: 5 };

    /// The bucket mask.
    pub fn mask(self) -> u32 {
        (1u32 << self.buckets_log2) - 1
    }

    /// Number of buckets.
    pub fn buckets(self) -> usize {
        1usize << self.buckets_log2
    }

    /// True if the values are in range.
    pub fn is_valid(self) -> bool {
        (10..=24).contains(&self.buckets_log2)
            && self.word_max <= 3
            && (self.char_min == 0 || (1..=self.char_max).contains(&self.char_min))
            && self.char_max <= 8
            && (self.word_max > 0 || self.char_min > 0)
    }
}

/// The kind of a feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeatureKind {
    /// Consecutive words of the normalised text.
    Word,
    /// Consecutive chars inside one normalised token (`<` and `>` mark its ends).
    Char,
    /// A feature supplied by the caller (a rule code).
    Extra,
}

impl FeatureKind {
    pub(crate) fn namespace(self) -> u8 {
        match self {
            FeatureKind::Word => b'w',
            FeatureKind::Char => b'c',
            FeatureKind::Extra => b'x',
        }
    }
}

/// One n-gram occurrence: its bucket and its byte range in the normalised text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub bucket: u32,
    pub kind: FeatureKind,
    /// Byte range in the normalised text (for a char n-gram, without the `<` `>` markers).
    pub start: u32,
    pub end: u32,
    /// Whether the char n-gram starts with `<` / ends with `>`.
    pub open: bool,
    pub close: bool,
}

/// Calls `f` for every word and char n-gram of the normalised text `norm`, in text order
/// (word n-grams of a token before its char n-grams).
pub(crate) fn for_each_ngram(norm: &str, spec: FeatureSpec, mut f: impl FnMut(Occurrence)) {
    let mask = spec.mask();
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, b) in norm.bytes().enumerate() {
        if b == b' ' {
            if i > start {
                tokens.push((start, i));
            }
            start = i + 1;
        }
    }
    if norm.len() > start {
        tokens.push((start, norm.len()));
    }
    let mut bounds: Vec<usize> = Vec::new();
    for (t, &(ts, te)) in tokens.iter().enumerate() {
        for n in 1..=spec.word_max as usize {
            if t + n > tokens.len() {
                break;
            }
            let end = tokens[t + n - 1].1;
            f(Occurrence {
                bucket: bucket(b'w', &norm[ts..end], mask),
                kind: FeatureKind::Word,
                start: ts as u32,
                end: end as u32,
                open: false,
                close: false,
            });
        }
        if spec.char_min == 0 {
            continue;
        }
        // Char positions of the padded token `<token>`: 0 is `<`, last is `>`.
        bounds.clear();
        bounds.extend(norm[ts..te].char_indices().map(|(i, _)| ts + i));
        bounds.push(te);
        let chars = bounds.len() - 1;
        let padded = chars + 2;
        let (min, max) = (spec.char_min as usize, spec.char_max as usize);
        for s in 0..padded {
            let mut h = Fnv::with_namespace(b'c');
            for e in s + 1..=padded.min(s + max) {
                // Padded char e-1 is appended.
                let c = e - 1;
                h = if c == 0 {
                    h.bytes(b"<")
                } else if c == padded - 1 {
                    h.bytes(b">")
                } else {
                    h.bytes(&norm.as_bytes()[bounds[c - 1]..bounds[c]])
                };
                if e - s >= min {
                    let lo = s.max(1) - 1; // first real char index
                    let hi = (e - 1).min(chars); // one past the last real char
                    f(Occurrence {
                        bucket: h.bucket(mask),
                        kind: FeatureKind::Char,
                        start: bounds[lo.min(chars)] as u32,
                        end: bounds[hi.max(lo.min(chars))] as u32,
                        open: s == 0,
                        close: e == padded,
                    });
                }
            }
        }
    }
}

/// The text of an n-gram occurrence, as shown in explanations (`<` `>` mark token ends).
pub(crate) fn occurrence_text(norm: &str, o: &Occurrence) -> String {
    let mut s = String::new();
    if o.open {
        s.push('<');
    }
    s.push_str(&norm[o.start as usize..o.end as usize]);
    if o.close {
        s.push('>');
    }
    s
}

/// A sparse feature vector: `(bucket, value)` sorted by bucket, buckets unique.
pub type SparseVec = Vec<(u32, f32)>;

/// Sorted `(bucket, count)` pairs from a list of buckets.
pub(crate) fn counts(buckets: &mut [u32]) -> Vec<(u32, u32)> {
    buckets.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &b in buckets.iter() {
        match out.last_mut() {
            Some((last, c)) if *last == b => *c += 1,
            _ => out.push((b, 1)),
        }
    }
    out
}

/// Sublinear, L2-normalised n-gram values plus binary extras, from bucket counts.
pub(crate) fn vectorize(ngrams: &[(u32, u32)], extras: &[u32]) -> SparseVec {
    let norm = ngrams.iter().map(|&(_, c)| tf(c).powi(2)).sum::<f64>().sqrt();
    let mut v: SparseVec = ngrams
        .iter()
        .map(|&(b, c)| (b, if norm > 0.0 { (tf(c) / norm) as f32 } else { 0.0 }))
        .collect();
    let mut extras = extras.to_vec();
    extras.sort_unstable();
    extras.dedup();
    if !extras.is_empty() {
        for b in extras {
            v.push((b, 1.0));
        }
        v.sort_by_key(|&(b, _)| b);
        let mut merged: SparseVec = Vec::with_capacity(v.len());
        for (b, x) in v {
            match merged.last_mut() {
                Some((last, y)) if *last == b => *y += x,
                _ => merged.push((b, x)),
            }
        }
        v = merged;
    }
    v
}

/// Sublinear term frequency.
pub(crate) fn tf(count: u32) -> f64 {
    1.0 + f64::from(count).ln()
}

/// The feature vector of an original text and its extra features.
pub fn featurize(text: &str, extras: &[&str], spec: FeatureSpec) -> SparseVec {
    let n = vigie_text::normalize(text);
    featurize_normalized(n.as_str(), extras, spec)
}

/// The feature vector of an already normalised text (see [`vigie_text::normalize`]).
pub fn featurize_normalized(norm: &str, extras: &[&str], spec: FeatureSpec) -> SparseVec {
    let mut buckets = Vec::with_capacity(norm.len() * 4);
    for_each_ngram(norm, spec, |o| buckets.push(o.bucket));
    let extras: Vec<u32> =
        extras.iter().map(|e| bucket(FeatureKind::Extra.namespace(), e, spec.mask())).collect();
    vectorize(&counts(&mut buckets), &extras)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(norm: &str, spec: FeatureSpec) -> Vec<(FeatureKind, String)> {
        let mut out = Vec::new();
        for_each_ngram(norm, spec, |o| out.push((o.kind, occurrence_text(norm, &o))));
        out
    }

    #[test]
    fn word_and_char_ngrams_are_the_expected_ones() {
        let spec = FeatureSpec { buckets_log2: 12, word_max: 2, char_min: 3, char_max: 4 };
        let got = texts("ab cde", spec);
        let want: Vec<(FeatureKind, String)> = [
            (FeatureKind::Word, "ab"),
            (FeatureKind::Word, "ab cde"),
            (FeatureKind::Char, "<ab"),
            (FeatureKind::Char, "<ab>"),
            (FeatureKind::Char, "ab>"),
            (FeatureKind::Word, "cde"),
            (FeatureKind::Char, "<cd"),
            (FeatureKind::Char, "<cde"),
            (FeatureKind::Char, "cde"),
            (FeatureKind::Char, "cde>"),
            (FeatureKind::Char, "de>"),
        ]
        .into_iter()
        .map(|(k, s)| (k, s.to_owned()))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn multibyte_chars_count_as_one() {
        let spec = FeatureSpec { buckets_log2: 12, word_max: 0, char_min: 3, char_max: 3 };
        let got: Vec<String> = texts("été", spec).into_iter().map(|(_, s)| s).collect();
        assert_eq!(got, ["<ét", "été", "té>"]);
    }

    #[test]
    fn vectors_are_unit_length_plus_binary_extras() {
        let spec = FeatureSpec::DEFAULT;
        let v = featurize("hello hello world", &[], spec);
        let norm: f64 = v.iter().map(|&(_, x)| f64::from(x).powi(2)).sum();
        assert!((norm - 1.0).abs() < 1e-5, "{norm}");
        assert!(v.windows(2).all(|w| w[0].0 < w[1].0));
        let with = featurize("hello hello world", &["rule:X-01"], spec);
        let total: f64 = with.iter().map(|&(_, x)| f64::from(x).powi(2)).sum();
        assert!((total - 2.0).abs() < 1e-4, "{total}");
        assert!(featurize("", &[], spec).is_empty());
    }
}
