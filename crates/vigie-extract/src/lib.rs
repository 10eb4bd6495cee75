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
pub mod disguise;
mod handle;
mod phone;
mod place;
mod price;
mod toks;
mod web;

use vigie_model::{Identifier, IdentifierKind};
use vigie_text::Normalized;

pub use age::Age;
pub use toks::Tokens;

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

/// Finds the ages of `text` only, each with whether it is stated as one (the input of the
/// detector's stated-age rule, which runs even when the other extractors are off), in text order.
pub fn ages(text: &str, norm: &Normalized, ctx: &Context) -> Vec<Age> {
    ages_with(text, norm, &Tokens::new(norm), ctx)
}

/// [`ages`] with the tokens of `norm` split already.
pub fn ages_with(text: &str, norm: &Normalized, tokens: &Tokens, ctx: &Context) -> Vec<Age> {
    if !tokens.fit(norm) {
        return ages(text, norm, ctx);
    }
    let mut out = Vec::new();
    age::find_ages(&toks::Doc::new(text, norm, tokens), ctx, &mut out);
    out
}

/// Like [`extract`], with the tokens of `norm` split already and the ages found by
/// [`ages_with`] (they are not looked for again).
pub fn extract_with(
    text: &str,
    norm: &Normalized,
    tokens: &Tokens,
    ctx: &Context,
    ages: impl IntoIterator<Item = Identifier>,
) -> Vec<Identifier> {
    if !tokens.fit(norm) {
        return extract_with(text, norm, &Tokens::new(norm), ctx, ages);
    }
    let doc = toks::Doc::new(text, norm, tokens);
    let mut out = run(&ALL_KINDS[..ALL_KINDS.len() - 1], &doc, ctx);
    out.extend(ages);
    sort(&mut out);
    out
}

/// The order of every list of identifiers: by span, then kind, then value.
fn sort(ids: &mut [Identifier]) {
    ids.sort_by(|a, b| (a.span, a.kind, &a.value).cmp(&(b.span, b.kind, &b.value)));
}

/// The kinds [`extract`] looks for.
pub const ALL_KINDS: &[IdentifierKind] = &[
    IdentifierKind::Phone,
    IdentifierKind::Handle,
    IdentifierKind::Email,
    IdentifierKind::Url,
    IdentifierKind::Price,
    IdentifierKind::Place,
    // Last: `extract_with` takes every kind but this one (the ages come found already).
    IdentifierKind::Age,
];

/// Finds the identifiers of the given kinds only (one extractor at a time, for fuzzing and
/// benchmarks), sorted by span.
pub fn extract_kinds(
    kinds: &[IdentifierKind],
    text: &str,
    norm: &Normalized,
    ctx: &Context,
) -> Vec<Identifier> {
    let tokens = Tokens::new(norm);
    let mut out = run(kinds, &toks::Doc::new(text, norm, &tokens), ctx);
    sort(&mut out);
    out
}

/// Runs the extractors of `kinds` over `doc`, unsorted.
fn run(kinds: &[IdentifierKind], doc: &toks::Doc, ctx: &Context) -> Vec<Identifier> {
    let text = doc.text;
    let mut out = Vec::new();
    let wants = |k: IdentifierKind| kinds.contains(&k);
    if wants(IdentifierKind::Phone) {
        phone::find(doc, ctx, &mut out);
    }
    if wants(IdentifierKind::Handle) {
        handle::find(doc, ctx, &mut out);
    }
    if wants(IdentifierKind::Email) || wants(IdentifierKind::Url) {
        web::find(text, ctx, &mut out);
        out.retain(|i| {
            !matches!(i.kind, IdentifierKind::Email | IdentifierKind::Url) || wants(i.kind)
        });
    }
    if wants(IdentifierKind::Price) {
        price::find(doc, ctx, &mut out);
    }
    if wants(IdentifierKind::Age) {
        age::find(doc, ctx, &mut out);
    }
    if wants(IdentifierKind::Place) {
        place::find(doc, ctx, &mut out);
    }
    out
}
