//! Per-list counts for `vigie lists stats` and monitoring.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::list::entry::{EntryStatus, ListEntry};
use crate::time::Timestamp;

/// Counts for one list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListStats {
    /// List name.
    pub list: String,
    /// Entries.
    pub entries: usize,
    /// Distinct hashes.
    pub distinct_hashes: usize,
    /// Entries per status code.
    pub by_status: BTreeMap<&'static str, usize>,
    /// Entries without a quality score.
    pub quality_unknown: usize,
    /// Entries with quality under 50 (PDQ advises against matching them).
    pub quality_below_50: usize,
    /// Entries with quality 50 to 79.
    pub quality_50_to_79: usize,
    /// Entries with quality 80 to 100.
    pub quality_80_to_100: usize,
    /// Earliest `added_at`.
    pub first_added: Option<Timestamp>,
    /// Latest `added_at`.
    pub last_added: Option<Timestamp>,
}

/// Statistics per list, sorted by list name.
pub fn list_stats<'a>(entries: impl IntoIterator<Item = &'a ListEntry>) -> Vec<ListStats> {
    let mut lists: BTreeMap<&str, (ListStats, std::collections::BTreeSet<crate::Hash256>)> =
        BTreeMap::new();
    for e in entries {
        let (s, hashes) = lists.entry(&e.list).or_insert_with(|| {
            let mut s = ListStats { list: e.list.clone(), ..ListStats::default() };
            for status in EntryStatus::ALL {
                s.by_status.insert(status.code(), 0);
            }
            (s, std::collections::BTreeSet::new())
        });
        s.entries += 1;
        hashes.insert(e.hash);
        *s.by_status.entry(e.status.code()).or_default() += 1;
        match e.quality {
            None => s.quality_unknown += 1,
            Some(q) if q < 50 => s.quality_below_50 += 1,
            Some(q) if q < 80 => s.quality_50_to_79 += 1,
            Some(_) => s.quality_80_to_100 += 1,
        }
        if let Some(t) = e.added_at {
            s.first_added = Some(s.first_added.map_or(t, |f| f.min(t)));
            s.last_added = Some(s.last_added.map_or(t, |l| l.max(t)));
        }
    }
    lists
        .into_values()
        .map(|(mut s, hashes)| {
            s.distinct_hashes = hashes.len();
            s
        })
        .collect()
}
