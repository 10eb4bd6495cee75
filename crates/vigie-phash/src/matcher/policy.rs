//! Matching policy: per-list distance and quality floor, negative lists, flood quarantine.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Whether a list names content to act on, or known benign content that vetoes matches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// Listed content: a match calls for action.
    #[default]
    Positive,
    /// Known benign content (a "negative bank"): a match suppresses every positive match of the
    /// same upload.
    Negative,
}

/// Settings of one list; unset values take the matcher's defaults.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ListPolicy {
    /// Positive or negative.
    pub kind: ListKind,
    /// Largest Hamming distance that counts as a match (default 31, PDQ's advice).
    pub max_distance: Option<u32>,
    /// Entries whose known quality is under this are not matched (default 50: PDQ's advice to
    /// discard quality ≤ 49).
    pub min_quality: Option<u8>,
}

/// When a listed hash starts matching far more uploads than usual, hold it for review.
///
/// Time is cut into fixed windows of `window_seconds` (aligned on the Unix epoch: clock hours by
/// default). An entry is quarantined by the upload that makes its count in the current window
/// reach `min_matches` **and** exceed `ratio` times its mean count per window over the previous
/// `history_windows` windows. Defaults: the 20th match within one clock hour quarantines an entry
/// that averaged under 2 matches per hour over the previous 24 hours; an entry averaging 5 per
/// hour is quarantined at its 51st match in an hour. Quarantine lasts until a reviewer confirms or
/// deconfirms the entry (or releases it). Confirmed entries are exempt.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FloodPolicy {
    /// Turns flood quarantine on (default) or off.
    pub enabled: bool,
    /// Length of a window in seconds (default 3,600).
    pub window_seconds: i64,
    /// Matches within one window below which an entry is never quarantined (default 20).
    pub min_matches: u32,
    /// How many times the usual rate counts as a flood (default 10).
    pub ratio: f64,
    /// Windows of history that define the usual rate (default 24).
    pub history_windows: u32,
}

impl Default for FloodPolicy {
    fn default() -> Self {
        FloodPolicy {
            enabled: true,
            window_seconds: 3600,
            min_matches: 20,
            ratio: 10.0,
            history_windows: 24,
        }
    }
}

/// Everything the matcher needs besides the lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MatcherConfig {
    /// Match distance for lists without their own (default 31).
    pub max_distance: u32,
    /// Quality floor for entries of lists without their own (default 50).
    pub min_quality: u8,
    /// Queries (uploads) whose quality is under this are not matched (default 50).
    pub min_query_quality: u8,
    /// Per-list settings, by list name.
    pub lists: BTreeMap<String, ListPolicy>,
    /// Flood quarantine.
    pub flood: FloodPolicy,
}

impl Default for MatcherConfig {
    fn default() -> Self {
        MatcherConfig {
            max_distance: 31,
            min_quality: 50,
            min_query_quality: 50,
            lists: BTreeMap::new(),
            flood: FloodPolicy::default(),
        }
    }
}

/// Largest accepted match distance (half the bits: beyond, hashes are anti-correlated).
pub const MAX_MATCH_DISTANCE: u32 = 128;

impl MatcherConfig {
    /// Every problem with the configuration, for one error listing them all.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut distance = |what: &str, d: u32| {
            if d > MAX_MATCH_DISTANCE {
                problems.push(format!("{what}: max_distance {d} is over {MAX_MATCH_DISTANCE}"));
            }
        };
        distance("default", self.max_distance);
        for (name, p) in &self.lists {
            if let Some(d) = p.max_distance {
                distance(&format!("list `{name}`"), d);
            }
        }
        let quality = |problems: &mut Vec<String>, what: String, q: u8| {
            if q > 100 {
                problems.push(format!("{what} {q} is over 100"));
            }
        };
        quality(&mut problems, "default min_quality".into(), self.min_quality);
        quality(&mut problems, "min_query_quality".into(), self.min_query_quality);
        for (name, p) in &self.lists {
            if let Some(q) = p.min_quality {
                quality(&mut problems, format!("list `{name}`: min_quality"), q);
            }
            if let Err(e) = crate::list::check_list_name(name) {
                problems.push(format!("list policy: {e}"));
            }
        }
        let f = &self.flood;
        if f.window_seconds <= 0 {
            problems.push("flood: window_seconds must be positive".into());
        }
        if f.min_matches == 0 {
            problems.push("flood: min_matches must be at least 1".into());
        }
        if !(f.ratio.is_finite() && f.ratio >= 1.0) {
            problems.push("flood: ratio must be a number of at least 1".into());
        }
        if f.history_windows == 0 || f.history_windows > 10_000 {
            problems.push("flood: history_windows must be between 1 and 10000".into());
        }
        problems
    }

    /// The settings that apply to `list`.
    pub(crate) fn resolve(&self, list: &str) -> (ListKind, u32, u8) {
        let p = self.lists.get(list).copied().unwrap_or_default();
        (
            p.kind,
            p.max_distance.unwrap_or(self.max_distance),
            p.min_quality.unwrap_or(self.min_quality),
        )
    }
}
