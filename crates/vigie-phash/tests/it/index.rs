//! The multi-index hashing index returns exactly what brute force returns.

use proptest::prelude::*;
use vigie_phash::{EntryId, FlatIndex, Hash256, MihIndex};

use crate::common::vectors_dir;

/// splitmix64: a seeded generator for reproducible hash sets.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn hash(&mut self) -> Hash256 {
        Hash256::from_words([self.next(), self.next(), self.next(), self.next()])
    }

    /// `base` with `bits` distinct random bits flipped.
    pub fn near(&mut self, base: &Hash256, bits: u32) -> Hash256 {
        let mut h = *base;
        let mut flipped = 0;
        while flipped < bits {
            let bit = (self.next() % 256) as usize;
            if h.bit(bit) == base.bit(bit) {
                let mut w = h.words();
                w[bit / 64] ^= 1 << (bit % 64);
                h = Hash256::from_words(w);
                flipped += 1;
            }
        }
        h
    }
}

/// Random hashes plus clusters of near-duplicates (the shape of real hash lists).
pub fn clustered(seed: u64, n: usize) -> Vec<Hash256> {
    let mut rng = SplitMix(seed);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let base = rng.hash();
        out.push(base);
        if rng.next().is_multiple_of(4) {
            for _ in 0..(rng.next() % 12) {
                let bits = (rng.next() % 40) as u32;
                out.push(rng.near(&base, bits));
            }
        }
    }
    out.truncate(n);
    out
}

fn assert_same(
    mih: &MihIndex,
    flat: &FlatIndex,
    query: &Hash256,
    d: u32,
    live: impl Fn(EntryId) -> bool,
) {
    let got = mih.search_vec(query, d);
    let want: Vec<(EntryId, u32)> =
        flat.search_vec(query, d).into_iter().filter(|(id, _)| live(*id)).collect();
    assert_eq!(got, want, "query {query} at distance {d}");
}

const RADII: [u32; 12] = [0, 1, 7, 8, 15, 16, 24, 31, 32, 48, 63, 64];

fn read_hashes(path: &std::path::Path) -> Vec<Hash256> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.parse().unwrap())
        .collect()
}

#[test]
fn reference_haystack_and_needles() {
    let Some(dir) = vectors_dir() else { return };
    let haystack = read_hashes(&dir.join("hash256/haystack.txt"));
    let needles = read_hashes(&dir.join("hash256/needles.txt"));
    assert_eq!((haystack.len(), needles.len()), (1350, 100));
    let mih = MihIndex::from_hashes(haystack.clone());
    let flat = FlatIndex::new(haystack);
    let mut found = 0;
    for needle in &needles {
        for d in RADII {
            assert_same(&mih, &flat, needle, d, |_| true);
        }
        found += mih.search_vec(needle, 31).len();
    }
    println!("needles: {found} haystack hashes within 31 bits");
    assert!(found > 0, "the reference needles are meant to find something");
}

#[test]
fn reference_short_and_long_lists() {
    let Some(dir) = vectors_dir() else { return };
    for file in ["long256.dat", "short256.dat", "order256.dat"] {
        let hashes = read_hashes(&dir.join("hash256").join(file));
        let mih = MihIndex::from_hashes(hashes.clone());
        let flat = FlatIndex::new(hashes.clone());
        for q in &hashes {
            for d in RADII {
                assert_same(&mih, &flat, q, d, |_| true);
            }
        }
    }
}

#[test]
fn random_and_clustered_lists_at_every_radius() {
    let hashes = clustered(1, 20_000);
    let mih = MihIndex::from_hashes(hashes.clone());
    let flat = FlatIndex::new(hashes.clone());
    let mut rng = SplitMix(2);
    for i in 0..150 {
        let q = if i % 3 == 0 {
            rng.hash()
        } else {
            let (pick, bits) = (rng.next() % 20_000, (rng.next() % 40) as u32);
            rng.near(&hashes[pick as usize], bits)
        };
        for d in (0..=70).step_by(3).chain([31, 63, 64]) {
            assert_same(&mih, &flat, &q, d, |_| true);
        }
    }
}

#[test]
fn duplicates_are_each_reported_once() {
    let mut rng = SplitMix(3);
    let base = rng.hash();
    let mut hashes = vec![base; 5];
    hashes.extend((0..5).map(|_| rng.near(&base, 2)));
    hashes.extend((0..1000).map(|_| rng.hash()));
    let mih = MihIndex::from_hashes(hashes.clone());
    let got = mih.search_vec(&base, 31);
    assert_eq!(got.len(), 10);
    assert_same(&mih, &FlatIndex::new(hashes), &base, 31, |_| true);
}

#[test]
fn adds_removes_and_compaction_stay_exact() {
    let hashes = clustered(4, 6000);
    let mut mih = MihIndex::from_hashes(hashes[..3000].to_vec());
    for h in &hashes[3000..] {
        mih.add(*h);
    }
    let mut removed = std::collections::BTreeSet::new();
    let mut rng = SplitMix(5);
    for _ in 0..800 {
        let id = EntryId((rng.next() % 6000) as u32);
        assert_eq!(mih.remove(id), removed.insert(id));
    }
    let flat = FlatIndex::new(hashes.clone());
    let live = |id: EntryId| !removed.contains(&id);
    let queries: Vec<Hash256> =
        (0..60).map(|i| rng.near(&hashes[i * 97], (i % 35) as u32)).collect();
    let check = |mih: &MihIndex| {
        for q in &queries {
            for d in [0, 10, 31, 40, 63, 90] {
                assert_same(mih, &flat, q, d, live);
            }
        }
    };
    let stats = mih.stats();
    assert_eq!(
        (stats.live, stats.compacted, stats.removed),
        (6000 - removed.len(), 3000, removed.len())
    );
    check(&mih);
    mih.compact();
    assert_eq!(mih.stats().pending, 0);
    assert_eq!(mih.stats().compacted, 6000 - removed.len());
    check(&mih);
    assert!(!mih.remove(*removed.iter().next().unwrap()), "removing twice");
    assert!(!mih.remove(EntryId(1_000_000)), "unknown id");
}

#[test]
fn binary_form_round_trips_and_refuses_damage() {
    let hashes = clustered(6, 3000);
    let mut mih = MihIndex::from_hashes(hashes[..2000].to_vec());
    for h in &hashes[2000..] {
        mih.add(*h);
    }
    mih.remove(EntryId(17));
    mih.remove(EntryId(2500));
    let bytes = mih.to_bytes();
    let loaded = MihIndex::from_bytes(&bytes).unwrap();
    let counts = |m: &MihIndex| {
        let s = m.stats();
        (s.live, s.compacted, s.pending, s.removed)
    };
    assert_eq!(counts(&loaded), counts(&mih));
    let mut rng = SplitMix(7);
    for i in 0..50 {
        let q = rng.near(&hashes[i * 59], 12);
        assert_eq!(loaded.search_vec(&q, 31), mih.search_vec(&q, 31));
    }
    // Every kind of damage is an error, never a panic.
    let err = |b: &[u8]| MihIndex::from_bytes(b).unwrap_err().to_string();
    assert_eq!(err(&bytes[..bytes.len() - 1]), "corrupt index: truncated");
    assert_eq!(err(&bytes[..100]), "corrupt index: truncated");
    assert_eq!(err(b"PNG...."), "corrupt index: truncated");
    assert_eq!(err(b"NOTANIDXxxxxxxxxxxxxxxxxxx"), "corrupt index: not a vigie pdq index");
    let mut flipped = bytes.clone();
    flipped[5000] ^= 0x40;
    assert_eq!(err(&flipped), "corrupt index: checksum mismatch");
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(err(&longer), "corrupt index: trailing bytes");
    let mut version = bytes.clone();
    version[8] = 9;
    assert_eq!(err(&version), "corrupt index: version 9 is not supported (expected 1)");
    // An empty index round-trips too.
    let empty = MihIndex::new();
    assert_eq!(MihIndex::from_bytes(&empty.to_bytes()).unwrap().len(), 0);
}

#[test]
fn structurally_invalid_tables_are_refused_even_with_a_valid_checksum() {
    let hashes = clustered(8, 100);
    let mut bytes = MihIndex::from_hashes(hashes).to_bytes();
    // First id of slot 0's top table: header 48 + hashes 3200 + bitset 16 + top_dir 65537*4 + top_low 200.
    let at = 48 + 3200 + 16 + 65_537 * 4 + 200;
    bytes[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let body = bytes.len() - 4;
    let crc = crc32(&bytes[..body]);
    bytes[body..].copy_from_slice(&crc.to_le_bytes());
    assert_eq!(
        MihIndex::from_bytes(&bytes).unwrap_err().to_string(),
        "corrupt index: slot 0: an id is out of range"
    );
}

fn crc32(bytes: &[u8]) -> u32 {
    // Bitwise CRC-32 (IEEE), independent of the crate's implementation.
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn mih_equals_brute_force(seed in any::<u64>(), n in 1usize..400, d in 0u32..80, flips in 0u32..45) {
        let hashes = clustered(seed, n);
        let mih = MihIndex::from_hashes(hashes.clone());
        let flat = FlatIndex::new(hashes.clone());
        let mut rng = SplitMix(seed ^ 0xABCD);
        let pick = (rng.next() % n as u64) as usize;
        let q = rng.near(&hashes[pick], flips);
        prop_assert_eq!(mih.search_vec(&q, d), flat.search_vec(&q, d));
    }
}

#[test]
fn large_builds_split_across_threads_stay_exact() {
    // Past 100,000 entries the slots are built on several threads.
    let hashes = clustered(9, 150_000);
    let mih = MihIndex::from_hashes(hashes.clone());
    let flat = FlatIndex::new(hashes.clone());
    let mut rng = SplitMix(10);
    for i in 0..20 {
        let q = rng.near(&hashes[i * 7_001], (i % 30) as u32);
        assert_same(&mih, &flat, &q, 31, |_| true);
    }
    let loaded = MihIndex::from_bytes(&mih.to_bytes()).unwrap();
    assert_eq!(loaded.search_vec(&hashes[5], 31), mih.search_vec(&hashes[5], 31));
}
