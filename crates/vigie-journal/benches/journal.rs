//! Journal speed: appends (canonical encoding + leaf hash + frontier push) and the offline
//! verification of a million stored entries, in memory. Every iteration checks its answer (the
//! root) so a fast wrong path cannot win. Run: `cargo bench -p vigie-journal --bench journal`.
//!
//! Baseline beside ours: hashing the same canonical bytes with plain SHA-256 and no tree, the
//! floor any design that hashes each entry pays.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sha2::{Digest, Sha256};
use vigie_journal::{
    Checkpoint, Entry, Frontier, Hash, StoredEntry, Verifier, canonical_json, commit,
};

/// Deterministic entries shaped like real ones (pseudonymous actor, action, object, committed
/// body), generated from `seq` alone so the corpus is the same on every machine.
fn entry(seq: u64) -> Entry {
    let body = canonical_json(&serde_json::json!({ "verdict": "confirmé", "n": seq }));
    let salt = (seq as u128).to_be_bytes();
    Entry {
        seq,
        ts: 1_764_000_000 + (seq / 10).cast_signed(),
        actor: format!("r:{:08x}", seq.wrapping_mul(0x9e37_79b9) % 97),
        action: ["case.read", "verdict.set", "case.member.add"][(seq % 3) as usize].to_owned(),
        object_kind: "case".to_owned(),
        object_id: format!("c-{}", seq % 1_000),
        body_hash: commit(&salt, &body),
    }
}

fn stored(n: u64) -> (Vec<StoredEntry>, Hash) {
    let mut f = Frontier::new();
    let rows = (0..n)
        .map(|seq| {
            let entry = entry(seq);
            let leaf_hash = entry.leaf_hash();
            f.push(leaf_hash);
            StoredEntry { entry, leaf_hash, body: None }
        })
        .collect();
    (rows, f.root())
}

fn appends(c: &mut Criterion) {
    const N: u64 = 10_000;
    let entries: Vec<Entry> = (0..N).map(entry).collect();
    let (_, want) = stored(N);
    let mut g = c.benchmark_group("append");
    g.throughput(Throughput::Elements(N));
    g.bench_function("leaf_hash+frontier", |b| {
        b.iter(|| {
            let mut f = Frontier::new();
            for e in &entries {
                f.push(e.leaf_hash());
            }
            assert_eq!(f.root(), want);
            f.size()
        });
    });
    g.bench_function("baseline_sha256_only", |b| {
        b.iter(|| {
            let mut acc = 0u8;
            for e in &entries {
                let d: [u8; 32] = Sha256::digest(e.canonical()).into();
                acc ^= d[0];
            }
            black_box(acc)
        });
    });
    g.finish();
}

fn verify_1m(c: &mut Criterion) {
    const N: u64 = 1_000_000;
    let (rows, root) = stored(N);
    let checkpoints: Vec<Checkpoint> =
        vec![Checkpoint { origin: "vigie.bench/journal".into(), size: N, root }];
    let mut g = c.benchmark_group("verify");
    g.sample_size(10);
    g.throughput(Throughput::Elements(N));
    g.bench_function("1M_entries", |b| {
        b.iter(|| {
            let mut v = Verifier::new(&checkpoints).expect("one checkpoint");
            for r in &rows {
                v.push(r).expect("intact journal");
            }
            let s = v.finish().expect("intact journal");
            assert_eq!(s.root, root);
            s.size
        });
    });
    g.finish();
}

criterion_group!(benches, appends, verify_1m);
criterion_main!(benches);
