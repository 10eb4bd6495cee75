//! Screening uploads against hash lists, with the four defences against false positives that
//! HMA's users asked for: negative lists, flood quarantine, confirm/deconfirm, and explanations.

mod explain;
mod flood;
mod policy;
mod verdict;

use std::collections::BTreeMap;

use serde::Serialize;

pub use explain::{Explanation, Lang};
pub use flood::{FloodCheck, FloodGuard, Quarantined};
pub use policy::{FloodPolicy, ListKind, ListPolicy, MAX_MATCH_DISTANCE, MatcherConfig};
pub use verdict::{Decision, Hit, Outcome, Verdict};

use crate::decode::ImageHashes;
use crate::error::Error;
use crate::hash::Hash256;
use crate::index::{EntryId, MihIndex, SearchScratch};
use crate::list::{EntryStatus, ListEntry};
use crate::pdq::{Dihedral, PdqHash};
use crate::time::Timestamp;

/// What to look up: one hash (from a hash list or another tool) or the eight variants of an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    variants: Vec<(Dihedral, Hash256)>,
    quality: Option<u8>,
}

impl Query {
    /// A single hash, as given; `quality` if known.
    pub fn hash(hash: Hash256, quality: Option<u8>) -> Query {
        Query { variants: vec![(Dihedral::Original, hash)], quality }
    }

    /// A hashed image, matched through its eight rotations and flips (so rotated or mirrored
    /// copies match, whichever way the list's hash was made).
    pub fn image(image: &ImageHashes) -> Query {
        Query { variants: image.dihedral.iter().collect(), quality: Some(image.pdq.quality) }
    }

    /// A hashed image, matched as stored only.
    pub fn image_as_stored(hash: PdqHash) -> Query {
        Query { variants: vec![(Dihedral::Original, hash.hash)], quality: Some(hash.quality) }
    }
}

/// Counts of what the matcher holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MatcherStats {
    /// Entries given.
    pub entries: usize,
    /// Entries not indexed because their quality is under their list's floor.
    pub below_quality_floor: usize,
    /// Distinct hashes in the index.
    pub distinct_hashes: usize,
    /// Entries per list.
    pub per_list: BTreeMap<String, usize>,
}

#[derive(Clone, Copy, Debug)]
struct Resolved {
    kind: ListKind,
    max_distance: u32,
}

/// Hash lists indexed for screening. Built once, then shared; flood state lives in a separate
/// [`FloodGuard`] owned by the caller.
#[derive(Debug)]
pub struct Matcher {
    config: MatcherConfig,
    entries: Vec<ListEntry>,
    lists: BTreeMap<String, Resolved>,
    index: MihIndex,
    /// For each index id, the entries (positions in `entries`) with that hash.
    owners: Vec<Vec<u32>>,
    radius: u32,
    stats: MatcherStats,
}

impl Matcher {
    /// Validates the configuration (reporting every problem at once) and indexes the entries.
    pub fn new(config: MatcherConfig, entries: Vec<ListEntry>) -> Result<Matcher, Error> {
        let mut problems = config.problems();
        let names: std::collections::BTreeSet<&str> =
            entries.iter().map(|e| e.list.as_str()).collect();
        for name in config.lists.keys() {
            if !names.contains(name.as_str()) {
                problems.push(format!("a policy names list `{name}`, which has no entries"));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Config(problems));
        }
        let mut lists = BTreeMap::new();
        let mut stats = MatcherStats { entries: entries.len(), ..MatcherStats::default() };
        let mut ids: BTreeMap<Hash256, u32> = BTreeMap::new();
        let mut hashes = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        for (position, e) in entries.iter().enumerate() {
            let (kind, max_distance, min_quality) = config.resolve(&e.list);
            lists.entry(e.list.clone()).or_insert(Resolved { kind, max_distance });
            *stats.per_list.entry(e.list.clone()).or_default() += 1;
            if e.quality.is_some_and(|q| q < min_quality) {
                stats.below_quality_floor += 1;
                continue;
            }
            let id = *ids.entry(e.hash).or_insert_with(|| {
                hashes.push(e.hash);
                owners.push(Vec::new());
                (hashes.len() - 1) as u32
            });
            owners[id as usize].push(position as u32);
        }
        stats.distinct_hashes = hashes.len();
        let radius = lists.values().map(|r| r.max_distance).max().unwrap_or(0);
        Ok(Matcher {
            config,
            entries,
            lists,
            index: MihIndex::from_hashes(hashes),
            owners,
            radius,
            stats,
        })
    }

    /// Counts of what was indexed.
    pub fn stats(&self) -> &MatcherStats {
        &self.stats
    }

    /// The configuration in force.
    pub fn config(&self) -> &MatcherConfig {
        &self.config
    }

    /// Screens one upload at time `now` (the caller's clock), updating the flood state.
    pub fn screen(&self, query: &Query, guard: &mut FloodGuard, now: Timestamp) -> Verdict {
        let min_q = self.config.min_query_quality;
        if query.quality.is_some_and(|q| q < min_q) {
            return Verdict::new(query.quality, min_q, Vec::new());
        }
        // Closest variant per index id.
        let mut best: BTreeMap<EntryId, (u32, Dihedral)> = BTreeMap::new();
        let mut scratch = SearchScratch::default();
        for &(variant, hash) in &query.variants {
            self.index.search_with(&mut scratch, &hash, self.radius, |id, distance| {
                let slot = best.entry(id).or_insert((distance, variant));
                if distance < slot.0 {
                    *slot = (distance, variant);
                }
            });
        }
        let mut hits = Vec::new();
        for (id, (distance, variant)) in best {
            for &position in &self.owners[id.index()] {
                let e = &self.entries[position as usize];
                let list = self.lists[&e.list];
                if distance > list.max_distance {
                    continue;
                }
                let decision = match (list.kind, e.status) {
                    (_, EntryStatus::Deconfirmed) => Decision::Deconfirmed,
                    (ListKind::Negative, _) => Decision::Negative,
                    (ListKind::Positive, EntryStatus::Quarantined) => Decision::HeldByStatus,
                    // Active entries may still be vetoed or held below.
                    (ListKind::Positive, EntryStatus::Confirmed | EntryStatus::Active) => {
                        Decision::Act
                    }
                };
                hits.push(Hit {
                    list: e.list.clone(),
                    kind: list.kind,
                    hash: e.hash,
                    distance,
                    max_distance: list.max_distance,
                    variant,
                    entry_quality: e.quality,
                    status: e.status,
                    provenance: e.provenance.clone(),
                    added_at: e.added_at,
                    decision,
                });
            }
        }
        let vetoed = hits.iter().any(|h| h.decision == Decision::Negative);
        for h in &mut hits {
            if vetoed && matches!(h.decision, Decision::Act | Decision::HeldByStatus) {
                h.decision = Decision::Suppressed;
            } else if h.decision == Decision::Act
                && h.status == EntryStatus::Active
                && self.config.flood.enabled
            {
                let check = guard.observe(&self.config.flood, &h.list, &h.hash, now);
                if check.quarantined {
                    h.decision = Decision::HeldByFlood {
                        count: check.count,
                        threshold: check.threshold,
                        since: check.since,
                    };
                }
            }
        }
        Verdict::new(query.quality, min_q, hits)
    }
}
