//! The frozen part of the index: per slot, two compressed-sparse-row posting tables.
//!
//! For each 32-bit slot:
//! * by **top** chunk: a 65,537-entry directory, then for each entry its low chunk (the partner,
//!   `u16`) and its id (`u32`), sorted by (top, low);
//! * by **low** chunk: a directory and only the top chunk (the partner), sorted by (low, top). No id:
//!   a survivor `(top, low)` is resolved by binary search in the top table's bucket `top`.
//!
//! That is 8 bytes per entry and slot, 64 bytes per entry in all, plus the 32-byte hash.

use crate::hash::Hash256;
use crate::index::plan::{Plan, masks_within};
use crate::index::scan::scan_partners;

pub(crate) const BUCKETS: usize = 1 << 16;

/// Posting tables of one slot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SlotTables {
    pub top_dir: Vec<u32>,
    pub top_low: Vec<u16>,
    pub top_ids: Vec<u32>,
    pub low_dir: Vec<u32>,
    pub low_top: Vec<u16>,
}

/// Eight slots of posting tables over a fixed set of ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Segment {
    pub slots: Vec<SlotTables>,
}

/// A candidate found by scanning, verified later (so that memory loads overlap).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Candidate {
    /// A top-table entry: probe index and id.
    Id { probe: u8, id: u32 },
    /// A low-table entry: probe index, slot, and the slot value `(top << 16) | low`.
    Value { probe: u8, slot: u8, value: u32 },
}

/// A bucket range to scan.
#[derive(Clone, Copy, Debug)]
struct Range {
    probe: u8,
    top: bool,
    slot: u8,
    key: u16,
    start: u32,
    end: u32,
    partner: u16,
    limit: u8,
}

/// Reusable buffers for searches.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    ranges: Vec<Range>,
    pub candidates: Vec<Candidate>,
}

/// Stable counting sort of `order` by the 16-bit key `key(value)`.
fn counting_sort(order: &[u32], values: &[u32], key: impl Fn(u32) -> u16) -> (Vec<u32>, Vec<u32>) {
    let mut dir = vec![0u32; BUCKETS + 1];
    for &i in order {
        dir[usize::from(key(values[i as usize])) + 1] += 1;
    }
    for b in 0..BUCKETS {
        dir[b + 1] += dir[b];
    }
    let mut next = dir.clone();
    let mut sorted = vec![0u32; order.len()];
    for &i in order {
        let k = usize::from(key(values[i as usize]));
        sorted[next[k] as usize] = i;
        next[k] += 1;
    }
    (sorted, dir)
}

/// The two posting tables of slot `s` over `ids`.
fn build_slot(hashes: &[Hash256], ids: &[u32], s: usize) -> SlotTables {
    let values: Vec<u32> = ids.iter().map(|&id| hashes[id as usize].slot32(s)).collect();
    let positions: Vec<u32> = (0..ids.len() as u32).collect();
    // Radix sort: by low chunk, then stably by top (→ top-major order), then stably by low.
    let (by_low, _) = counting_sort(&positions, &values, low);
    drop(positions);
    let (by_top_low, top_dir) = counting_sort(&by_low, &values, top);
    drop(by_low);
    let (by_low_top, low_dir) = counting_sort(&by_top_low, &values, low);
    SlotTables {
        top_dir,
        top_low: by_top_low.iter().map(|&p| low(values[p as usize])).collect(),
        top_ids: by_top_low.iter().map(|&p| ids[p as usize]).collect(),
        low_dir,
        low_top: by_low_top.iter().map(|&p| top(values[p as usize])).collect(),
    }
}

fn top(v: u32) -> u16 {
    (v >> 16) as u16
}

fn low(v: u32) -> u16 {
    v as u16
}

impl Segment {
    /// Builds the tables for `ids` (indices into `hashes`), one slot per available core at a time.
    pub fn build(hashes: &[Hash256], ids: &[u32]) -> Segment {
        let threads = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8);
        let mut slots: Vec<Option<SlotTables>> = vec![None; 8];
        if threads == 1 || ids.len() < 100_000 {
            for (s, slot) in slots.iter_mut().enumerate() {
                *slot = Some(build_slot(hashes, ids, s));
            }
        } else {
            std::thread::scope(|scope| {
                let workers: Vec<_> = (0..threads)
                    .map(|t| {
                        scope.spawn(move || {
                            (t..8)
                                .step_by(threads)
                                .map(|s| (s, build_slot(hashes, ids, s)))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                for worker in workers {
                    for (s, tables) in worker.join().expect("slot builder panicked") {
                        slots[s] = Some(tables);
                    }
                }
            });
        }
        Segment { slots: slots.into_iter().map(|s| s.expect("every slot built")).collect() }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.slots.first().map_or(0, |s| s.top_ids.len())
    }

    /// Heap bytes used.
    pub fn memory_bytes(&self) -> usize {
        self.slots
            .iter()
            .map(|s| {
                4 * (s.top_dir.capacity() + s.low_dir.capacity() + s.top_ids.capacity())
                    + 2 * (s.top_low.capacity() + s.low_top.capacity())
            })
            .sum()
    }

    /// Pushes the candidates of `q` under `plan` into `scratch.candidates`.
    ///
    /// Three passes: collect bucket ranges and touch their memory (loads in flight together), scan
    /// partners, then touch the ids of survivors; the caller verifies.
    pub fn candidates(&self, plan: &Plan, q: &Hash256, scratch: &mut Scratch) {
        scratch.ranges.clear();
        let mut touched = 0u16;
        for (p, probe) in plan.probes.iter().enumerate() {
            let tables = &self.slots[probe.slot];
            let (dir, partners) = if probe.top {
                (&tables.top_dir, &tables.top_low)
            } else {
                (&tables.low_dir, &tables.low_top)
            };
            let value = q.slot32(probe.slot);
            let (key, partner) =
                if probe.top { (top(value), low(value)) } else { (low(value), top(value)) };
            for &mask in masks_within(probe.chunk_radius) {
                let bucket = usize::from(key ^ mask);
                let (start, end) = (dir[bucket], dir[bucket + 1]);
                if start == end {
                    continue;
                }
                let mut i = start as usize;
                while i < end as usize {
                    touched ^= partners[i];
                    i += 32;
                }
                scratch.ranges.push(Range {
                    probe: p as u8,
                    top: probe.top,
                    slot: probe.slot as u8,
                    key: key ^ mask,
                    start,
                    end,
                    partner,
                    limit: (probe.slot_radius - mask.count_ones()) as u8,
                });
            }
        }
        std::hint::black_box(touched);
        let first = scratch.candidates.len();
        for range in &scratch.ranges {
            let tables = &self.slots[usize::from(range.slot)];
            let span = range.start as usize..range.end as usize;
            if range.top {
                let ids = &tables.top_ids[span.clone()];
                let candidates = &mut scratch.candidates;
                scan_partners(&tables.top_low[span], range.partner, u32::from(range.limit), |j| {
                    candidates.push(Candidate::Id { probe: range.probe, id: ids[j] });
                });
            } else {
                let partners = &tables.low_top[span];
                let candidates = &mut scratch.candidates;
                let mut last: Option<u16> = None;
                scan_partners(partners, range.partner, u32::from(range.limit), |j| {
                    // Equal partners are adjacent (sorted): resolve each slot value once.
                    if last != Some(partners[j]) {
                        last = Some(partners[j]);
                        let value = (u32::from(partners[j]) << 16) | u32::from(range.key);
                        candidates.push(Candidate::Value {
                            probe: range.probe,
                            slot: range.slot,
                            value,
                        });
                    }
                });
            }
        }
        let mut touched = 0u32;
        for c in &scratch.candidates[first..] {
            touched ^= match *c {
                Candidate::Id { id, .. } => id,
                Candidate::Value { slot, value, .. } => {
                    self.slots[usize::from(slot)].top_dir[usize::from(top(value))]
                }
            };
        }
        std::hint::black_box(touched);
    }

    /// Ids whose slot `slot` equals `value` (top-table bucket, binary search on the partner).
    pub fn ids_with_slot_value(&self, slot: usize, value: u32) -> &[u32] {
        let tables = &self.slots[slot];
        let bucket = usize::from(top(value));
        let (start, end) = (tables.top_dir[bucket] as usize, tables.top_dir[bucket + 1] as usize);
        let lows = &tables.top_low[start..end];
        let from = lows.partition_point(|&l| l < low(value));
        let to = from + lows[from..].partition_point(|&l| l == low(value));
        &tables.top_ids[start + from..start + to]
    }

    /// Checks the invariants a search relies on (for tables read from bytes): directories are
    /// monotone and end at the table length, ids are below `hash_count`. Returns what is wrong.
    pub fn validate(&self, hash_count: usize) -> Result<(), String> {
        if self.slots.len() != 8 {
            return Err(format!("{} slots instead of 8", self.slots.len()));
        }
        let n = self.len();
        for (s, t) in self.slots.iter().enumerate() {
            for (name, dir) in [("top", &t.top_dir), ("low", &t.low_dir)] {
                if dir.len() != BUCKETS + 1 || dir[0] != 0 || dir[BUCKETS] as usize != n {
                    return Err(format!("slot {s}: {name} directory has the wrong shape"));
                }
                if dir.windows(2).any(|w| w[0] > w[1]) {
                    return Err(format!("slot {s}: {name} directory is not sorted"));
                }
            }
            if t.top_low.len() != n || t.top_ids.len() != n || t.low_top.len() != n {
                return Err(format!("slot {s}: tables of different lengths"));
            }
            if t.top_ids.iter().any(|&id| id as usize >= hash_count) {
                return Err(format!("slot {s}: an id is out of range"));
            }
        }
        Ok(())
    }
}
