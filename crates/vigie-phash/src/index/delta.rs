//! Entries added since the last compaction: the same probes, on small hash-map postings.

use std::collections::HashMap;

use crate::hash::Hash256;
use crate::index::plan::{Plan, masks_within};

/// For each of the 16 chunks, chunk value → ids.
#[derive(Clone, Debug, Default)]
pub(crate) struct Delta {
    postings: Vec<HashMap<u16, Vec<u32>>>,
    ids: Vec<u32>,
}

impl Delta {
    pub fn insert(&mut self, id: u32, hash: &Hash256) {
        if self.postings.is_empty() {
            self.postings = vec![HashMap::new(); 16];
        }
        for (c, postings) in self.postings.iter_mut().enumerate() {
            postings.entry(hash.chunk16(c)).or_default().push(id);
        }
        self.ids.push(id);
    }

    /// Ids in insertion order.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn clear(&mut self) {
        *self = Delta::default();
    }

    /// Approximate heap bytes: ids, posting vectors and hash-map slots.
    pub fn memory_bytes(&self) -> usize {
        let maps: usize = self
            .postings
            .iter()
            .map(|m| {
                m.capacity() * (2 + std::mem::size_of::<Vec<u32>>() + 1)
                    + m.values().map(|v| v.capacity() * 4).sum::<usize>()
            })
            .sum();
        maps + self.ids.capacity() * 4
    }

    /// Calls `found(probe, id)` for every id the plan's probes reach and whose slot passes the
    /// probe's filter (the caller verifies the full distance and the reporting probe).
    pub fn candidates(
        &self,
        plan: &Plan,
        hashes: &[Hash256],
        q: &Hash256,
        mut found: impl FnMut(usize, u32),
    ) {
        if self.ids.is_empty() {
            return;
        }
        for (p, probe) in plan.probes.iter().enumerate() {
            let c = probe.chunk();
            let postings = &self.postings[c];
            let key = q.chunk16(c);
            for &mask in masks_within(probe.chunk_radius) {
                if let Some(ids) = postings.get(&(key ^ mask)) {
                    for &id in ids {
                        if probe.finds(&hashes[id as usize], q) {
                            found(p, id);
                        }
                    }
                }
            }
        }
    }
}
