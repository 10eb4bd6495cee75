//! PDQ at scale: the multi-index hashing index against a brute-force scan in the same run (answers
//! asserted inside the loop), build and load time, memory; and images hashed per second beside the
//! time spent decoding them.
//!
//! `cargo bench -p vigie-bench --bench phash` runs 1M hashes (and the image benches when
//! `../shared/data/pdq-vectors` is present); `VIGIE_BENCH_10M=1` adds 10M hashes (about 4 GB of RAM
//! and several minutes). Results are recorded in `docs/bench/`.
//!
//! Corpus: seeded (SplitMix64), 90 % independent random hashes and 10 % clusters of near-duplicates
//! (2 to 20 copies, 1 to 24 bits from their centre), the shape of real lists where one image is
//! listed many times. Queries: half are listed hashes moved by 0 to 24 bits, half random (misses).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use vigie_bench::SplitMix64;
use vigie_phash::{
    DecodeOptions, FlatIndex, Hash256, MihIndex, SearchScratch, decode_image, hash_image,
    hash_luma, hash_luma_dihedral,
};

const QUERIES: usize = 200;

fn random_hash(rng: &mut SplitMix64) -> Hash256 {
    Hash256::from_words([rng.next_u64(), rng.next_u64(), rng.next_u64(), rng.next_u64()])
}

/// `base` with `bits` distinct bits flipped.
fn near(rng: &mut SplitMix64, base: &Hash256, bits: u32) -> Hash256 {
    let mut words = base.words();
    let mut flipped = 0;
    while flipped < bits {
        let bit = rng.below(256);
        let (w, mask) = (bit / 64, 1u64 << (bit % 64));
        if words[w] & mask == base.words()[w] & mask {
            words[w] ^= mask;
            flipped += 1;
        }
    }
    Hash256::from_words(words)
}

fn corpus(seed: u64, n: usize) -> Vec<Hash256> {
    let mut rng = SplitMix64::new(seed);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let centre = random_hash(&mut rng);
        out.push(centre);
        if rng.below(100) < 2 {
            for _ in 0..2 + rng.below(19) {
                let bits = 1 + rng.below(24) as u32;
                out.push(near(&mut rng, &centre, bits));
            }
        }
    }
    out.truncate(n);
    out
}

fn queries(seed: u64, corpus: &[Hash256]) -> Vec<Hash256> {
    let mut rng = SplitMix64::new(seed);
    (0..QUERIES)
        .map(|i| {
            if i % 2 == 0 {
                let base = corpus[rng.below(corpus.len())];
                let bits = rng.below(25) as u32;
                near(&mut rng, &base, bits)
            } else {
                random_hash(&mut rng)
            }
        })
        .collect()
}

/// (hits, sum of ids, sum of distances): enough to catch a wrong answer.
type Answer = (usize, u64, u64);

fn answer(hits: impl IntoIterator<Item = (u32, u32)>) -> Answer {
    hits.into_iter()
        .fold((0, 0, 0), |(n, ids, ds), (id, d)| (n + 1, ids + u64::from(id), ds + u64::from(d)))
}

fn index_at(c: &mut Criterion, n: usize, label: &str) {
    let hashes = corpus(42, n);
    let qs = queries(7, &hashes);

    let started = Instant::now();
    let mih = MihIndex::from_hashes(hashes.clone());
    let build = started.elapsed();
    let flat = FlatIndex::new(hashes.clone());
    let stats = mih.stats();
    let bytes = mih.to_bytes();
    let started = Instant::now();
    let loaded = MihIndex::from_bytes(&bytes).expect("own bytes load");
    let load = started.elapsed();
    assert_eq!(loaded.len(), n);
    drop(loaded);
    eprintln!(
        "{label}: built in {build:.2?}; memory {} bytes ({:.1} bytes/hash, own accounting); binary form {} bytes, loaded in {load:.2?}",
        stats.memory_bytes,
        stats.memory_bytes as f64 / n as f64,
        bytes.len()
    );

    for d in [16u32, 31] {
        let started = Instant::now();
        let expected: Vec<Answer> = qs
            .iter()
            .map(|q| answer(flat.search_vec(q, d).into_iter().map(|(id, dist)| (id.0, dist))))
            .collect();
        let hits: usize = expected.iter().map(|a| a.0).sum();
        eprintln!(
            "{label} d={d}: {hits} hits over {QUERIES} queries (expected answers by brute force in {:.2?})",
            started.elapsed()
        );
        let mut group = c.benchmark_group(format!("pdq-index-{label}"));
        group.throughput(Throughput::Elements(1));
        group.sample_size(10);
        let mut scratch = SearchScratch::default();
        let mut i = 0;
        group.bench_function(format!("mih_d{d}"), |b| {
            b.iter(|| {
                let q = &qs[i % QUERIES];
                let mut hits = Vec::new();
                mih.search_with(&mut scratch, black_box(q), d, |id, dist| hits.push((id.0, dist)));
                assert_eq!(answer(hits), expected[i % QUERIES]);
                i += 1;
            });
        });
        let mut i = 0;
        group.bench_function(format!("brute_force_d{d}"), |b| {
            b.iter(|| {
                let q = &qs[i % QUERIES];
                let mut hits = Vec::new();
                flat.search(black_box(q), d, |id, dist| hits.push((id.0, dist)));
                assert_eq!(answer(hits), expected[i % QUERIES]);
                i += 1;
            });
        });
        group.finish();
    }

    let mut group = c.benchmark_group(format!("pdq-build-{label}"));
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("build", |b| {
        b.iter_batched(
            || hashes.clone(),
            |h| assert_eq!(MihIndex::from_hashes(h).len(), n),
            BatchSize::LargeInput,
        );
    });
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("load_binary", |b| {
        b.iter(|| assert_eq!(MihIndex::from_bytes(black_box(&bytes)).expect("loads").len(), n));
    });
    group.finish();
}

fn index_1m(c: &mut Criterion) {
    index_at(c, 1_000_000, "1M");
}

fn index_10m(c: &mut Criterion) {
    if std::env::var_os("VIGIE_BENCH_10M").is_some_and(|v| v == "1") {
        index_at(c, 10_000_000, "10M");
    } else {
        eprintln!("pdq-index-10M: skipped (set VIGIE_BENCH_10M=1)");
    }
}

fn images(c: &mut Criterion) {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pdq-vectors/images");
    if !dir.is_dir() {
        eprintln!("skipped: ../shared/data/pdq-vectors not found");
        return;
    }
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let images: Vec<Vec<u8>> =
        files.iter().map(|p| std::fs::read(p).expect("readable image")).collect();
    let options = DecodeOptions::default();
    let decoded: Vec<_> =
        images.iter().map(|b| decode_image(b, &options).expect("decodes")).collect();
    let expected: Vec<Hash256> = decoded.iter().map(|d| hash_luma(&d.luma).hash).collect();
    let megapixels: f64 =
        decoded.iter().map(|d| f64::from(d.width) * f64::from(d.height) / 1e6).sum();
    eprintln!("images: {} files, {megapixels:.1} megapixels in all", images.len());

    let mut group = c.benchmark_group("pdq-images");
    group.sample_size(10);
    group.throughput(Throughput::Elements(images.len() as u64));
    group.bench_function("decode_and_resize", |b| {
        b.iter(|| {
            for bytes in &images {
                black_box(decode_image(black_box(bytes), &options).expect("decodes"));
            }
        });
    });
    group.bench_function("pdq_hash", |b| {
        b.iter(|| {
            for (d, want) in decoded.iter().zip(&expected) {
                assert_eq!(hash_luma(black_box(&d.luma)).hash, *want);
            }
        });
    });
    group.bench_function("pdq_hash_dihedral", |b| {
        b.iter(|| {
            for (d, want) in decoded.iter().zip(&expected) {
                assert_eq!(hash_luma_dihedral(black_box(&d.luma)).hashes[0], *want);
            }
        });
    });
    group.bench_function("end_to_end", |b| {
        b.iter(|| {
            for (bytes, want) in images.iter().zip(&expected) {
                assert_eq!(hash_image(black_box(bytes), &options).expect("hashes").pdq.hash, *want);
            }
        });
    });
    group.finish();
}

criterion_group!(benches, images, index_1m, index_10m);
criterion_main!(benches);
