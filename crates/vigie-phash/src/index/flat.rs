//! The brute-force baseline: compare the query with every hash.

use crate::hash::Hash256;
use crate::index::EntryId;

/// A list of hashes searched by a linear scan. Exact and simple; the reference every other search
/// is tested against, and the fallback for radii past 63.
#[derive(Clone, Debug, Default)]
pub struct FlatIndex {
    hashes: Vec<Hash256>,
}

impl FlatIndex {
    /// An index over `hashes`; entry `i` has id `i`.
    pub fn new(hashes: Vec<Hash256>) -> FlatIndex {
        FlatIndex { hashes }
    }

    /// Number of hashes.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Calls `sink(id, distance)` for every hash within `max_distance` of `query`, in id order.
    pub fn search(&self, query: &Hash256, max_distance: u32, mut sink: impl FnMut(EntryId, u32)) {
        for (i, h) in self.hashes.iter().enumerate() {
            let d = h.distance(query);
            if d <= max_distance {
                sink(EntryId(i as u32), d);
            }
        }
    }

    /// The hits, sorted by id.
    pub fn search_vec(&self, query: &Hash256, max_distance: u32) -> Vec<(EntryId, u32)> {
        let mut out = Vec::new();
        self.search(query, max_distance, |id, d| out.push((id, d)));
        out
    }
}
