//! Exact Hamming-radius search over millions of PDQ hashes: multi-index hashing with
//! partner filtering, incremental adds and removes, and a checksummed binary form.

mod delta;
mod flat;
mod persist;
mod plan;
mod scan;
mod segment;

use serde::{Deserialize, Serialize};

pub use flat::FlatIndex;
pub use plan::MIH_MAX_DISTANCE;

use crate::hash::Hash256;
use delta::Delta;
use plan::Plan;
use segment::{Candidate, Scratch, Segment};

/// Identifier of an entry of a [`MihIndex`]: its insertion rank, stable for the index's lifetime
/// (removal and compaction never renumber).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntryId(pub u32);

impl EntryId {
    /// As a `usize` index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Sizes of an index, for monitoring and benchmarks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    /// Entries that can be found (added and not removed).
    pub live: usize,
    /// Entries in the compact tables.
    pub compacted: usize,
    /// Entries added since the last compaction.
    pub pending: usize,
    /// Removed entries whose hash still takes space until the next compaction (ids are kept).
    pub removed: usize,
    /// Heap bytes, from the index's own accounting of its buffers.
    pub memory_bytes: usize,
}

/// An exact Hamming-radius index over 256-bit hashes (multi-index hashing, Norouzi et al. 2014).
///
/// * [`search`](MihIndex::search) returns exactly what a linear scan returns (each id once), at
///   any radius: up to 63 through the index, beyond by a scan.
/// * [`add`](MihIndex::add) and [`remove`](MihIndex::remove) are incremental: new entries go to
///   small hash-map postings, removed ones are masked. [`compact`](MihIndex::compact) folds both
///   into the compact tables (about 96 bytes per entry) when convenient; searches are exact either way.
/// * [`to_bytes`](MihIndex::to_bytes) / [`from_bytes`](MihIndex::from_bytes): a checksummed binary
///   form that loads without rebuilding.
///
/// ```
/// use vigie_phash::{Hash256, MihIndex};
/// let a: Hash256 = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22".parse()?;
/// let mut index = MihIndex::from_hashes(vec![a]);
/// let mut near = a;
/// near.set_bit(3);
/// let b = index.add(near);
/// assert_eq!(index.search_vec(&a, 31), vec![(vigie_phash::EntryId(0), 0), (b, 1)]);
/// index.remove(b);
/// assert_eq!(index.search_vec(&a, 31).len(), 1);
/// # Ok::<(), vigie_phash::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct MihIndex {
    hashes: Vec<Hash256>,
    removed: Vec<u64>,
    removed_count: usize,
    segment: Segment,
    delta: Delta,
}

impl MihIndex {
    /// An empty index.
    pub fn new() -> MihIndex {
        MihIndex::default()
    }

    /// Builds the compact tables over `hashes` at once; entry `i` gets id `i`.
    pub fn from_hashes(hashes: Vec<Hash256>) -> MihIndex {
        assert!(u32::try_from(hashes.len()).is_ok(), "at most 2^32 - 1 entries");
        let ids: Vec<u32> = (0..hashes.len() as u32).collect();
        let segment = Segment::build(&hashes, &ids);
        let removed = vec![0; hashes.len().div_ceil(64)];
        MihIndex { hashes, removed, removed_count: 0, segment, delta: Delta::default() }
    }

    /// Adds a hash and returns its id.
    pub fn add(&mut self, hash: Hash256) -> EntryId {
        let id = u32::try_from(self.hashes.len()).expect("at most 2^32 - 1 entries");
        self.hashes.push(hash);
        if self.removed.len() * 64 < self.hashes.len() {
            self.removed.push(0);
        }
        self.delta.insert(id, &hash);
        EntryId(id)
    }

    /// Removes an entry; returns whether it was live.
    pub fn remove(&mut self, id: EntryId) -> bool {
        if !self.is_live(id) {
            return false;
        }
        self.removed[id.index() / 64] |= 1 << (id.index() % 64);
        self.removed_count += 1;
        true
    }

    /// Whether `id` exists and was not removed.
    pub fn is_live(&self, id: EntryId) -> bool {
        id.index() < self.hashes.len()
            && self.removed[id.index() / 64] & (1 << (id.index() % 64)) == 0
    }

    /// The hash of an entry (also of a removed one), or `None` for an unknown id.
    pub fn get(&self, id: EntryId) -> Option<Hash256> {
        self.hashes.get(id.index()).copied()
    }

    /// Number of live entries.
    pub fn len(&self) -> usize {
        self.hashes.len() - self.removed_count
    }

    /// Whether there are no live entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rebuilds the compact tables over every live entry: pending adds move in, removed entries
    /// leave the tables (their ids stay reserved). Costs a full build; searches are exact before
    /// and after.
    pub fn compact(&mut self) {
        let live: Vec<u32> =
            (0..self.hashes.len() as u32).filter(|&i| self.is_live(EntryId(i))).collect();
        self.segment = Segment::build(&self.hashes, &live);
        self.delta.clear();
    }

    /// Sizes and memory.
    pub fn stats(&self) -> IndexStats {
        let pending_removed =
            self.delta.ids().iter().filter(|&&i| !self.is_live(EntryId(i))).count();
        IndexStats {
            live: self.len(),
            compacted: self.segment.len(),
            pending: self.delta.len() - pending_removed,
            removed: self.removed_count,
            memory_bytes: self.hashes.capacity() * 32
                + self.removed.capacity() * 8
                + self.segment.memory_bytes()
                + self.delta.memory_bytes(),
        }
    }

    /// Calls `sink(id, distance)` once for every live entry within `max_distance` of `query`.
    /// The order is unspecified; see [`search_vec`](MihIndex::search_vec) for a sorted result.
    pub fn search(&self, query: &Hash256, max_distance: u32, sink: impl FnMut(EntryId, u32)) {
        let mut scratch = SearchScratch::default();
        self.search_with(&mut scratch, query, max_distance, sink);
    }

    /// [`search`](MihIndex::search) reusing buffers across calls (for hot loops).
    pub fn search_with(
        &self,
        scratch: &mut SearchScratch,
        query: &Hash256,
        max_distance: u32,
        mut sink: impl FnMut(EntryId, u32),
    ) {
        let Some(plan) = Plan::new(max_distance) else {
            for (i, h) in self.hashes.iter().enumerate() {
                let d = h.distance(query);
                if d <= max_distance && self.is_live(EntryId(i as u32)) {
                    sink(EntryId(i as u32), d);
                }
            }
            return;
        };
        let report = |probe: usize, id: u32, sink: &mut dyn FnMut(EntryId, u32)| {
            let hash = &self.hashes[id as usize];
            let d = hash.distance(query);
            if d <= max_distance
                && plan.first_finder(hash, query) == Some(probe)
                && self.is_live(EntryId(id))
            {
                sink(EntryId(id), d);
            }
        };
        if self.segment.len() > 0 {
            scratch.inner.candidates.clear();
            self.segment.candidates(&plan, query, &mut scratch.inner);
            for candidate in &scratch.inner.candidates {
                match *candidate {
                    Candidate::Id { probe, id } => report(usize::from(probe), id, &mut sink),
                    Candidate::Value { probe, slot, value } => {
                        for &id in self.segment.ids_with_slot_value(usize::from(slot), value) {
                            report(usize::from(probe), id, &mut sink);
                        }
                    }
                }
            }
        }
        self.delta.candidates(&plan, &self.hashes, query, |probe, id| report(probe, id, &mut sink));
    }

    /// The hits sorted by id.
    pub fn search_vec(&self, query: &Hash256, max_distance: u32) -> Vec<(EntryId, u32)> {
        let mut out = Vec::new();
        self.search(query, max_distance, |id, d| out.push((id, d)));
        out.sort_unstable();
        out
    }
}

/// Buffers reused by [`MihIndex::search_with`].
#[derive(Debug, Default)]
pub struct SearchScratch {
    inner: Scratch,
}
