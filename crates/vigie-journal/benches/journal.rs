//! Journal speed: appends (canonical encoding + leaf hash + frontier push) and the offline
//! verification of a million stored entries, in memory, with checkpoints every 1,000 entries as
//! the server signs them. Every iteration checks its answer (the root) so a fast wrong path
//! cannot win. Run: `cargo bench -p vigie-journal --bench journal`.
//!
//! Baseline beside ours: hashing the same canonical bytes with plain SHA-256 and no tree, the
//! floor any design that hashes each entry pays.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sha2::{Digest, Sha256};
use vigie_journal::{
    Checkpoint, Entry, Frontier, Hash, StoredBody, StoredEntry, Verifier, canonical_json, commit,
};

/// The body committed to by `entry(seq)`, with its salt.
fn body(seq: u64) -> StoredBody {
    StoredBody {
        salt: u128::from(seq).to_be_bytes(),
        json: canonical_json(&serde_json::json!({ "verdict": "confirmé", "n": seq })),
    }
}

/// Deterministic entries shaped like real ones (pseudonymous actor, action, object, committed
/// body), generated from `seq` alone so the corpus is the same on every machine.
fn entry(seq: u64) -> Entry {
    let b = body(seq);
    Entry {
        seq,
        ts: 1_764_000_000 + (seq / 10).cast_signed(),
        actor: format!("r:{:012x}", seq.wrapping_mul(0x9e37_79b9) % 97),
        action: ["case.read", "verdict", "case.member"][(seq % 3) as usize].to_owned(),
        object_kind: "case".to_owned(),
        object_id: format!("c-{}", seq % 1_000),
        body_hash: commit(&b.salt, &b.json),
    }
}

fn stored(n: u64, with_bodies: bool) -> (Vec<StoredEntry>, Hash) {
    let mut f = Frontier::new();
    let rows = (0..n)
        .map(|seq| {
            let entry = entry(seq);
            let leaf_hash = entry.leaf_hash();
            f.push(leaf_hash);
            StoredEntry { entry, leaf_hash, body: with_bodies.then(|| body(seq)) }
        })
        .collect();
    (rows, f.root())
}

fn appends(c: &mut Criterion) {
    const N: u64 = 10_000;
    let entries: Vec<Entry> = (0..N).map(entry).collect();
    let (_, want) = stored(N, false);
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
    let mut g = c.benchmark_group("verify");
    g.sample_size(10);
    g.throughput(Throughput::Elements(N));
    for with_bodies in [false, true] {
        let (rows, root) = stored(N, with_bodies);
        let mut frontier = Frontier::new();
        let mut checkpoints = Vec::new();
        for r in &rows {
            frontier.push(r.leaf_hash);
            if frontier.size().is_multiple_of(1_000) {
                checkpoints.push(Checkpoint {
                    origin: "vigie.bench/journal".into(),
                    size: frontier.size(),
                    root: frontier.root(),
                });
            }
        }
        let name = if with_bodies { "1M_entries_with_bodies" } else { "1M_entries" };
        g.bench_function(name, |bencher| {
            bencher.iter(|| {
                let mut verifier = Verifier::new(&checkpoints).expect("valid checkpoints");
                for r in &rows {
                    verifier.push(r).expect("intact journal");
                }
                let summary = verifier.finish().expect("intact journal");
                assert_eq!((summary.root, summary.checkpoints), (root, 1_000));
                summary.size
            });
        });
    }
    g.finish();
}

criterion_group!(benches, appends, verify_1m);
criterion_main!(benches);
