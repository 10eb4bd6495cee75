//! Identifiers that link documents: phone numbers, handles, e-mails, URLs, prices, ages and French
//! places — found through the obfuscations pimps use on purpose ("zéro6 39 . 98", "s.n.a.p ➡️
//! ex.emple_75", "0️⃣6️⃣", "Paris 16", "le 93").
//!
//! Every identifier carries a byte span of the ORIGINAL text (via the `vigie-text` offset map),
//! its normalised value and whether it was disguised. The crate is pure: no I/O, no clock — a
//! document's timestamp is passed in through [`Context`] (ages from a birth year are relative to
//! it, never to the clock).
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod age;
mod handle;
mod phone;
mod place;
mod price;
mod web;

use vigie_model::{Identifier, IdentifierKind};
use vigie_text::Normalized;

/// What the extractors need besides the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// Default region for national phone numbers (ISO 3166 alpha-2, e.g. `FR`, `US`).
    pub region: String,
    /// The document's timestamp (RFC 3339), for ages given as a birth year.
    pub timestamp: Option<String>,
}

impl Default for Context {
    fn default() -> Context {
        Context { region: "FR".to_owned(), timestamp: None }
    }
}

/// Finds every identifier in `text`, whose normalised form is `norm`, sorted by span.
pub fn extract(text: &str, norm: &Normalized, ctx: &Context) -> Vec<Identifier> {
    extract_kinds(ALL_KINDS, text, norm, ctx)
}

/// The kinds [`extract`] looks for.
pub const ALL_KINDS: &[IdentifierKind] = &[
    IdentifierKind::Phone,
    IdentifierKind::Handle,
    IdentifierKind::Email,
    IdentifierKind::Url,
    IdentifierKind::Price,
    IdentifierKind::Age,
    IdentifierKind::Place,
];

/// Finds the identifiers of the given kinds only (one extractor at a time, for fuzzing and
/// benchmarks), sorted by span.
pub fn extract_kinds(
    kinds: &[IdentifierKind],
    text: &str,
    norm: &Normalized,
    ctx: &Context,
) -> Vec<Identifier> {
    let mut out = Vec::new();
    let wants = |k: IdentifierKind| kinds.contains(&k);
    if wants(IdentifierKind::Phone) {
        phone::find(text, norm, ctx, &mut out);
    }
    if wants(IdentifierKind::Handle) {
        handle::find(text, norm, ctx, &mut out);
    }
    if wants(IdentifierKind::Email) || wants(IdentifierKind::Url) {
        web::find(text, norm, ctx, &mut out);
        out.retain(|i| {
            !matches!(i.kind, IdentifierKind::Email | IdentifierKind::Url) || wants(i.kind)
        });
    }
    if wants(IdentifierKind::Price) {
        price::find(text, norm, ctx, &mut out);
    }
    if wants(IdentifierKind::Age) {
        age::find(text, norm, ctx, &mut out);
    }
    if wants(IdentifierKind::Place) {
        place::find(text, norm, ctx, &mut out);
    }
    out.sort_by(|a, b| (a.span, a.kind, &a.value).cmp(&(b.span, b.kind, &b.value)));
    out
}
