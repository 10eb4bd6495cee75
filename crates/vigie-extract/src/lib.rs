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

use vigie_model::Identifier;
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
    let mut out = Vec::new();
    phone::find(text, norm, ctx, &mut out);
    handle::find(text, norm, ctx, &mut out);
    web::find(text, norm, ctx, &mut out);
    price::find(text, norm, ctx, &mut out);
    age::find(text, norm, ctx, &mut out);
    place::find(text, norm, ctx, &mut out);
    out.sort_by(|a, b| (a.span, a.kind, &a.value).cmp(&(b.span, b.kind, &b.value)));
    out
}
