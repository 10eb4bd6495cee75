//! The linking stage of `vigie link` (clusters, hubs, networks, circuits, report) on 20,000
//! synthetic ads whose identifiers were extracted beforehand, beside a naive baseline that only
//! groups ads by exact shared phone (no texts, no hubs, no circuits); and text fingerprinting
//! (MinHash) on its own.
//!
//! `cargo bench -p vigie-bench --bench link`; results are recorded in `docs/bench/`.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vigie_bench::ads::Plan;
use vigie_detect::Detector;
use vigie_link::{DocInput, LinkConfig, Linker, fingerprint};
use vigie_model::NodeKind;

const ADS: usize = 20_000;

fn find(p: &mut [usize], mut x: usize) -> usize {
    while p[x] != x {
        p[x] = p[p[x]];
        x = p[x];
    }
    x
}

/// Networks found by grouping on exact shared phones only.
fn phone_groups(inputs: &[DocInput]) -> usize {
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    let mut parent: Vec<usize> = (0..inputs.len()).collect();
    for (i, d) in inputs.iter().enumerate() {
        for k in d.keys.iter().filter(|k| k.kind == NodeKind::Phone) {
            let f = *first.entry(k.value.as_str()).or_insert(i);
            let (a, b) = (find(&mut parent, f), find(&mut parent, i));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for i in 0..inputs.len() {
        *sizes.entry(find(&mut parent, i)).or_default() += 1;
    }
    sizes.values().filter(|&&s| s >= 2).count()
}

fn link(c: &mut Criterion) {
    let plan = Plan::new(ADS, 42);
    let detector = Detector::builder().build().expect("shipped rules are valid");
    let mut scanner = detector.scanner();
    let docs: Vec<_> = (0..ADS).map(|i| plan.document(i)).collect();
    let inputs: Vec<DocInput> = docs
        .iter()
        .map(|d| {
            let a = scanner.assess(d);
            DocInput::from_parts(d, &a.identifiers, a.score, false)
        })
        .collect();
    let run = |inputs: &[DocInput]| {
        let mut linker = Linker::new(LinkConfig::default());
        for d in inputs {
            linker.push(d.clone());
        }
        linker.finish().report()
    };
    let expected = run(&inputs).stats;
    let expected_baseline = phone_groups(&inputs);
    eprintln!(
        "{ADS} ads: {} networks, {} hubs, {} clusters, {} circuits; phone-only baseline: {expected_baseline} groups",
        expected.networks, expected.hubs, expected.clusters, expected.circuits
    );
    let mut group = c.benchmark_group("link");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ADS as u64));
    group.bench_function("vigie_link_20k", |b| {
        b.iter(|| {
            let report = run(black_box(&inputs));
            assert_eq!(report.stats, expected);
        });
    });
    group.bench_function("baseline_phone_groups_20k", |b| {
        b.iter(|| assert_eq!(phone_groups(black_box(&inputs)), expected_baseline));
    });
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("fingerprint_20k", |b| {
        b.iter(|| {
            docs.iter().filter(|d| fingerprint(black_box(&d.text)).signature.is_some()).count()
        });
    });
    group.finish();
}

criterion_group!(benches, link);
criterion_main!(benches);
