//! A seeded generator of disguised identifiers, and the extractor measured against it (issue 22).
//!
//! From a true value (a French mobile number, a handle with its platform, an e-mail, a URL, a
//! price with its unit, an age, a commune or arrondissement), [`generate`] writes the text forms
//! people use to hide it by composing independent transformations ("families"): each family
//! belongs to a slot (one way of writing the digits, one separator…) and a case of depth `d`
//! applies `d` families of different slots. Each [`Case`] carries its true value and the byte
//! span of the identifier in the text. [`negative`] writes texts that hold no identifier at all
//! (dates, grades, durations, follower counts, scores, club and brand names that contain a
//! commune's name, ordinary words that are communes). [`measure`] runs the extractor over both
//! and returns a [`Report`]: recall per kind, depth and family, and the false identifiers found in
//! the negatives.
//!
//! Pure and deterministic: the same seed gives the same texts on every machine (a small
//! SplitMix64, written here because the engine crates take no random-number dependency). Which
//! families come from observation and which from invention: `docs/identifiers.md`.
//!
//! ```
//! use vigie_extract::disguise;
//! use vigie_model::IdentifierKind;
//!
//! let case = disguise::generate(IdentifierKind::Phone, 7, 2);
//! assert_eq!(case.families.len(), 2);
//! assert!(case.value.starts_with("+33"));
//! ```

// `*rng.pick(…)` copies the `&str` out of a `&&str`: without the deref, inference picks `&[str]`.
#![allow(clippy::explicit_auto_deref)]

mod age;
mod handle;
mod negative;
mod number;
mod phone;
mod place;
mod price;
mod report;
mod web;

use vigie_model::{Identifier, IdentifierKind};

use crate::{Context, extract_kinds};

pub use negative::{NEGATIVE_FAMILIES, Negative, negative};
pub use number::french_words;
pub use report::{KindTable, NegativeTable, Recall, Report, measure};

/// A generated text with the identifier it hides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The kind of identifier hidden.
    pub kind: IdentifierKind,
    /// The text.
    pub text: String,
    /// The true value, as the extractor writes it (`+33612345678`, `snapchat:lea_75`,
    /// `150 EUR/night`, `15`, `69383`…).
    pub value: String,
    /// Byte range of the identifier in `text`.
    pub span: (usize, usize),
    /// The transformations applied (empty: the plain form).
    pub families: Vec<&'static str>,
}

/// SplitMix64: a few lines, good enough to draw test cases, the same everywhere.
#[derive(Debug, Clone)]
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True one time in `n`.
    pub(crate) fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// What a kind's generator needs: its families (name, slot), which combinations make sense, and
/// the writer.
pub(crate) struct Spec {
    kind: IdentifierKind,
    families: &'static [(&'static str, u8)],
    /// Whether a set of families (one per slot) can be written together.
    compatible: fn(&[&'static str]) -> bool,
    /// Writes a case with exactly these families.
    write: fn(&mut Rng, &[&'static str]) -> Case,
}

/// Every family can go with every other of another slot.
pub(crate) fn always(_: &[&'static str]) -> bool {
    true
}

const SPECS: [&Spec; 7] =
    [&phone::SPEC, &handle::SPEC, &web::EMAIL, &web::URL, &price::SPEC, &age::SPEC, &place::SPEC];

/// The kinds the generator writes, in table order.
pub const KINDS: [IdentifierKind; 7] = [
    IdentifierKind::Phone,
    IdentifierKind::Handle,
    IdentifierKind::Email,
    IdentifierKind::Url,
    IdentifierKind::Price,
    IdentifierKind::Age,
    IdentifierKind::Place,
];

fn spec(kind: IdentifierKind) -> &'static Spec {
    SPECS.iter().find(|s| s.kind == kind).copied().unwrap_or(&phone::SPEC)
}

/// The families of `kind`, in table order.
pub fn families(kind: IdentifierKind) -> Vec<&'static str> {
    spec(kind).families.iter().map(|&(name, _)| name).collect()
}

/// The greatest depth of `kind`: its number of slots.
pub fn max_depth(kind: IdentifierKind) -> usize {
    let mut slots: Vec<u8> = spec(kind).families.iter().map(|&(_, s)| s).collect();
    slots.sort_unstable();
    slots.dedup();
    slots.len()
}

/// A disguised identifier of `kind` with `depth` transformations (capped at [`max_depth`]),
/// drawn from `seed`.
pub fn generate(kind: IdentifierKind, seed: u64, depth: usize) -> Case {
    let spec = spec(kind);
    let mut rng = Rng(seed);
    let depth = depth.min(max_depth(kind));
    let mut chosen: Vec<&'static str> = Vec::new();
    // Draw until the set is compatible; every kind has compatible sets of each depth, so this
    // ends quickly (bounded anyway).
    for _ in 0..10_000 {
        chosen.clear();
        let mut slots: Vec<u8> = Vec::new();
        while chosen.len() < depth {
            let &(name, slot) = rng.pick(spec.families);
            if !slots.contains(&slot) {
                slots.push(slot);
                chosen.push(name);
            }
        }
        if (spec.compatible)(&chosen) {
            break;
        }
    }
    sort_families(spec, &mut chosen);
    (spec.write)(&mut rng, &chosen)
}

/// A disguised identifier of `kind` with exactly `families` (names of [`families`], at most one
/// per slot), or `None` when a name is unknown, two share a slot or they cannot go together.
pub fn generate_with(kind: IdentifierKind, seed: u64, families: &[&str]) -> Option<Case> {
    let spec = spec(kind);
    let mut chosen = Vec::new();
    let mut slots = Vec::new();
    for f in families {
        let &(name, slot) = spec.families.iter().find(|(n, _)| n == f)?;
        if slots.contains(&slot) {
            return None;
        }
        slots.push(slot);
        chosen.push(name);
    }
    if !(spec.compatible)(&chosen) {
        return None;
    }
    sort_families(spec, &mut chosen);
    Some((spec.write)(&mut Rng(seed), &chosen))
}

fn sort_families(spec: &Spec, chosen: &mut [&'static str]) {
    chosen.sort_by_key(|f| spec.families.iter().position(|(n, _)| n == f));
}

/// The identifiers of `case.kind` the extractor finds in `case.text`.
pub fn extracted(case: &Case) -> Vec<Identifier> {
    let norm = vigie_text::normalize(&case.text);
    extract_kinds(&[case.kind], &case.text, &norm, &Context::default())
}

/// Whether the extractor finds `case`'s identifier: the right value, over the right span. Phone
/// numbers must cover exactly the true span; the other kinds must overlap it (a handle's span
/// runs from its platform marker, an age's may or may not take in `j'ai`).
pub fn found(case: &Case) -> bool {
    extracted(case).iter().any(|i| {
        let span = (i.span.start, i.span.end);
        i.value == case.value
            && if case.kind == IdentifierKind::Phone {
                span == case.span
            } else {
                span.0 < case.span.1 && case.span.0 < span.1
            }
    })
}

/// Builds a case from the pieces around the identifier.
pub(crate) fn case(
    kind: IdentifierKind,
    before: &str,
    ident: &str,
    after: &str,
    value: String,
    families: &[&'static str],
) -> Case {
    Case {
        kind,
        text: format!("{before}{ident}{after}"),
        value,
        span: (before.len(), before.len() + ident.len()),
        families: families.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_are_deterministic_and_hold_their_identifier() {
        for kind in KINDS {
            for seed in 0..300 {
                for depth in 0..4 {
                    let a = generate(kind, seed, depth);
                    assert_eq!(a, generate(kind, seed, depth));
                    assert_eq!(a.families.len(), depth.min(max_depth(kind)), "{a:?}");
                    assert!(a.span.0 < a.span.1, "{a:?}");
                    assert!(
                        a.text.is_char_boundary(a.span.0) && a.text.is_char_boundary(a.span.1),
                        "{a:?}"
                    );
                    assert!(!a.value.is_empty());
                }
            }
        }
    }

    #[test]
    fn every_family_can_be_written_alone() {
        for kind in KINDS {
            assert!(max_depth(kind) >= 3, "{kind:?}");
            for f in families(kind) {
                let c = generate_with(kind, 1, &[f]).expect("a family alone is compatible");
                assert_eq!(c.families, vec![f]);
            }
        }
        assert!(generate_with(IdentifierKind::Phone, 1, &["nope"]).is_none());
        assert!(generate_with(IdentifierKind::Phone, 1, &["words", "keycap"]).is_none());
    }
}
