//! Search requests and pages.

use serde::Serialize;
use vigie_model::Level;

/// An identifier to look for: kind and normalised value (E.164 phone, `platform:handle`, e-mail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentifierQuery {
    /// `phone`, `email`, `handle`, `url`…
    pub kind: String,
    /// The normalised value.
    pub value: String,
}

/// A search over stored documents. Every filter is optional; results are newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchQuery {
    /// French full text (words, all required).
    pub text: Option<String>,
    /// Documents mentioning this identifier.
    pub identifier: Option<IdentifierQuery>,
    /// Latest assessment has this category.
    pub category: Option<String>,
    /// Latest assessment at or above this level.
    pub min_level: Option<Level>,
    /// Subject kind (`message` or `ad`).
    pub kind: Option<String>,
    /// Place (as given, case-insensitive).
    pub place: Option<String>,
    /// Timestamp at or after (Unix seconds).
    pub from: Option<i64>,
    /// Timestamp before (Unix seconds).
    pub to: Option<i64>,
    /// Continue after this cursor (from a previous page).
    pub cursor: Option<i64>,
    /// Page size (1–1,000).
    pub limit: i64,
    /// Also count the matching documents per level, category, place and month.
    pub facets: bool,
}

/// One search result (no text: read the document for that).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    /// Document key.
    pub id: String,
    /// Subject kind.
    pub kind: String,
    /// Timestamp, if given.
    pub timestamp: Option<String>,
    /// Place, if given.
    pub place: Option<String>,
    /// Latest level.
    pub level: Option<String>,
    /// Latest score.
    pub score: f64,
    /// Categories of the latest assessment.
    pub categories: Vec<String>,
}

/// A facet value and how many matching documents have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Facet {
    /// The value (level, category name, place or `YYYY-MM` month).
    pub value: String,
    /// Matching documents.
    pub count: i64,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchPage {
    /// Results, newest first.
    pub hits: Vec<SearchHit>,
    /// Cursor of the next page, absent on the last one.
    pub next_cursor: Option<String>,
    /// Counts per level (when asked).
    pub levels: Vec<Facet>,
    /// Counts per category (when asked).
    pub categories: Vec<Facet>,
    /// Counts per place, the 50 most frequent (when asked).
    pub places: Vec<Facet>,
    /// Counts per month, `YYYY-MM` in UTC, oldest first (when asked).
    pub months: Vec<Facet>,
}

/// An FTS5 query that matches every word of `text` (each word quoted: no operator injection).
pub(crate) fn fts5_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(32)
        .map(|w| format!("\"{w}\""))
        .collect();
    if words.is_empty() { None } else { Some(words.join(" ")) }
}
