//! Flood quarantine state: per listed entry, match counts per time window.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::hash::Hash256;
use crate::matcher::policy::FloodPolicy;
use crate::time::Timestamp;

/// Counts of one entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct EntryState {
    /// (window index, matches in it), oldest first, at most `history_windows + 1` windows.
    windows: Vec<(i64, u32)>,
    /// Set once the entry is quarantined.
    quarantined_at: Option<Timestamp>,
}

/// The result of counting one match.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FloodCheck {
    /// Matches of this entry in the current window, this one included.
    pub count: u32,
    /// The count above which the entry is quarantined in this window.
    pub threshold: f64,
    /// Whether the entry is (now or already) quarantined.
    pub quarantined: bool,
    /// When it was quarantined.
    pub since: Option<Timestamp>,
}

/// Flood-watch state, kept by the caller between uploads (serialisable to JSON so a command-line
/// run can resume it). The rule is documented on [`FloodPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FloodGuard {
    entries: BTreeMap<String, BTreeMap<Hash256, EntryState>>,
}

/// A quarantined entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quarantined {
    /// List name.
    pub list: String,
    /// Listed hash.
    pub hash: Hash256,
    /// When it was quarantined.
    pub since: Timestamp,
}

impl FloodGuard {
    /// An empty state.
    pub fn new() -> FloodGuard {
        FloodGuard::default()
    }

    /// Counts one match of (`list`, `hash`) at `now` and says whether the entry is quarantined.
    pub fn observe(
        &mut self,
        policy: &FloodPolicy,
        list: &str,
        hash: &Hash256,
        now: Timestamp,
    ) -> FloodCheck {
        let state = self.entries.entry(list.to_string()).or_default().entry(*hash).or_default();
        let window = now.unix_seconds().div_euclid(policy.window_seconds.max(1));
        let history = i64::from(policy.history_windows);
        state.windows.retain(|(w, _)| *w >= window - history && *w <= window);
        let count = if let Some((_, c)) = state.windows.iter_mut().find(|(w, _)| *w == window) {
            *c = c.saturating_add(1);
            *c
        } else {
            state.windows.push((window, 1));
            state.windows.sort_unstable();
            1
        };
        let past: u64 =
            state.windows.iter().filter(|(w, _)| *w < window).map(|(_, c)| u64::from(*c)).sum();
        let usual = past as f64 / f64::from(policy.history_windows.max(1));
        let threshold = (policy.ratio * usual).max(f64::from(policy.min_matches) - 1.0);
        if state.quarantined_at.is_none() && f64::from(count) > threshold {
            state.quarantined_at = Some(now);
        }
        FloodCheck {
            count,
            threshold,
            quarantined: state.quarantined_at.is_some(),
            since: state.quarantined_at,
        }
    }

    /// Whether (`list`, `hash`) is quarantined.
    pub fn is_quarantined(&self, list: &str, hash: &Hash256) -> bool {
        self.entries.get(list).and_then(|m| m.get(hash)).is_some_and(|s| s.quarantined_at.is_some())
    }

    /// Lifts the quarantine of an entry and forgets its counts (after a review); returns whether
    /// it was quarantined.
    pub fn release(&mut self, list: &str, hash: &Hash256) -> bool {
        let removed = self.entries.get_mut(list).and_then(|m| m.remove(hash));
        if self.entries.get(list).is_some_and(BTreeMap::is_empty) {
            self.entries.remove(list);
        }
        removed.is_some_and(|s| s.quarantined_at.is_some())
    }

    /// Every quarantined entry, by list then hash.
    pub fn quarantined(&self) -> Vec<Quarantined> {
        self.entries
            .iter()
            .flat_map(|(list, m)| {
                m.iter().filter_map(move |(hash, s)| {
                    s.quarantined_at.map(|since| Quarantined {
                        list: list.clone(),
                        hash: *hash,
                        since,
                    })
                })
            })
            .collect()
    }
}
