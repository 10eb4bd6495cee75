//! Which 16-bit chunks to probe, how far, and how to filter: the multi-index hashing plan.
//!
//! The 256 bits are cut into eight 32-bit *slots*, each into a top and a low 16-bit *chunk*.
//! Pigeonhole (Norouzi et al. 2014, with their refinement): if two hashes are within distance
//! `d = 8R + a` (`0 ≤ a < 8`), then one of slots `0..=a` is within `R` bits, or one of the others
//! within `R − 1`. Inside a slot of radius `Rs = 2r + b`, either the top chunk is within `r` bits, or
//! the low chunk within `r` (when `b = 1`) or `r − 1` (when `b = 0`).
//!
//! So for each chunk we visit the buckets of every value within its radius, and keep an entry only
//! if its whole slot is within `Rs` — checked on the other chunk of the slot, stored beside it (the
//! *partner*), without touching the full hash. For the usual `d ≤ 31` this is radius 1 per chunk
//! (17 buckets) and radius 3 per slot, which leaves about one candidate in 500 to verify.

use std::sync::OnceLock;

use crate::hash::Hash256;

/// Largest radius searched through the index; larger radii are searched by a linear scan (at
/// radius 64 each chunk would need 2,517 buckets).
pub const MIH_MAX_DISTANCE: u32 = 63;

/// One chunk to probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Probe {
    /// Slot 0..8.
    pub slot: usize,
    /// Whether this is the slot's top chunk (else the low chunk).
    pub top: bool,
    /// Visit bucket values within this many bits of the query's chunk.
    pub chunk_radius: u32,
    /// Keep entries whose whole slot is within this many bits.
    pub slot_radius: u32,
}

impl Probe {
    /// The chunk index 0..16 in [`Hash256::chunk16`] numbering.
    pub fn chunk(&self) -> usize {
        2 * self.slot + usize::from(self.top)
    }

    /// Whether this probe finds `entry` for query `q`.
    #[inline]
    pub fn finds(&self, entry: &Hash256, q: &Hash256) -> bool {
        let c = self.chunk();
        u32::from(entry.chunk16(c) ^ q.chunk16(c)).count_ones() <= self.chunk_radius
            && (entry.slot32(self.slot) ^ q.slot32(self.slot)).count_ones() <= self.slot_radius
    }
}

/// The probes for one search radius, in the fixed order that decides which probe reports an entry.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub probes: Vec<Probe>,
}

impl Plan {
    /// The plan for radius `d`, or `None` past [`MIH_MAX_DISTANCE`].
    pub fn new(d: u32) -> Option<Plan> {
        if d > MIH_MAX_DISTANCE {
            return None;
        }
        let (big, extra) = (d / 8, d % 8);
        let mut probes = Vec::with_capacity(16);
        for slot in 0..8 {
            let Some(slot_radius) =
                (if slot as u32 <= extra { Some(big) } else { big.checked_sub(1) })
            else {
                continue;
            };
            let (half, odd) = (slot_radius / 2, slot_radius % 2);
            probes.push(Probe { slot, top: true, chunk_radius: half, slot_radius });
            let low = if odd == 1 { Some(half) } else { half.checked_sub(1) };
            if let Some(chunk_radius) = low {
                probes.push(Probe { slot, top: false, chunk_radius, slot_radius });
            }
        }
        Some(Plan { probes })
    }

    /// Index of the first probe that finds `entry`: the one that reports it.
    #[inline]
    pub fn first_finder(&self, entry: &Hash256, q: &Hash256) -> Option<usize> {
        self.probes.iter().position(|p| p.finds(entry, q))
    }
}

/// Every 16-bit mask of at most 3 bits, by increasing weight, with the offsets where each weight
/// starts: masks of weight `t` are `MASKS[START[t]..START[t + 1]]`.
pub(crate) fn masks_within(radius: u32) -> &'static [u16] {
    static MASKS: OnceLock<(Vec<u16>, [usize; 5])> = OnceLock::new();
    let (masks, start) = MASKS.get_or_init(|| {
        let mut masks = Vec::with_capacity(697);
        let mut start = [0usize; 5];
        for weight in 0..=3u32 {
            start[weight as usize] = masks.len();
            masks.extend((0..=u16::MAX).filter(|m| m.count_ones() == weight));
        }
        start[4] = masks.len();
        (masks, start)
    });
    &masks[..start[(radius.min(3) + 1) as usize]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d31_probes_every_chunk_at_radius_one() {
        let plan = Plan::new(31).unwrap();
        assert_eq!(plan.probes.len(), 16);
        assert!(plan.probes.iter().all(|p| p.chunk_radius == 1 && p.slot_radius == 3));
        assert_eq!(masks_within(1).len(), 17);
        assert_eq!(masks_within(3).len(), 697);
        assert_eq!(masks_within(0), &[0]);
    }

    #[test]
    fn small_radii_skip_chunks() {
        // d = 0: only slot 0 at radius 0, top chunk only (an exact match has an equal top chunk).
        let plan = Plan::new(0).unwrap();
        assert_eq!(
            plan.probes,
            vec![Probe { slot: 0, top: true, chunk_radius: 0, slot_radius: 0 }]
        );
        // d = 10: slots 0..=2 at radius 1 (both chunks at 0), slots 3..8 at radius 0 (top only).
        let plan = Plan::new(10).unwrap();
        assert_eq!(plan.probes.len(), 3 * 2 + 5);
        assert!(Plan::new(63).is_some() && Plan::new(64).is_none());
    }

    /// The pigeonhole argument, checked by brute force: any pair within `d` is found by some probe.
    #[test]
    fn every_pair_within_d_is_found() {
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 11
        };
        for d in 0..=MIH_MAX_DISTANCE {
            let plan = Plan::new(d).unwrap();
            for _ in 0..300 {
                let q = Hash256::from_words([next(), next(), next(), next()]);
                let mut e = q;
                // Flip exactly d distinct bits, packed into few slots to stress the bound.
                let mut flipped = 0;
                while flipped < d {
                    let bit = (next() % if next() % 2 == 0 { 64 } else { 256 }) as usize;
                    if e.bit(bit) == q.bit(bit) {
                        let mut w = e.words();
                        w[bit / 64] ^= 1 << (bit % 64);
                        e = Hash256::from_words(w);
                        flipped += 1;
                    }
                }
                assert!(plan.first_finder(&e, &q).is_some(), "d = {d}");
            }
        }
    }
}
